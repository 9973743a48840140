import { awsErrorCode, awsErrorMessage } from "../aws/error-codes.js";
import type { PlanStep, ScalingPlan } from "./types.js";

export type StepStatus = "done" | "already";

export interface StepOutcome {
  step: PlanStep;
  status: StepStatus;
  response?: unknown;
}

export interface ExecutionResult {
  outcomes: StepOutcome[];
  /** The step that failed, and why; the plan stopped there. */
  failure?: { step: PlanStep; error: unknown };
  /** True when an interrupt (Ctrl-C) came while the plan ran. */
  interrupted: boolean;
  /**
   * What was put back after a failure or an interrupt. Absent when nothing was rolled back because the plan
   * was past the point of no return (see PlanStep.irreversible), or because it completed without either.
   */
  rollback?: RollbackResult;
}

export interface RollbackResult {
  undone: PlanStep[];
  /** An undo step that failed: the state is then as described by `undone` plus this failure. */
  failure?: { step: PlanStep; error: unknown };
}

export interface ExecutorEvents {
  stepStart?(step: PlanStep, index: number, total: number): void | Promise<void>;
  stepEnd?(outcome: StepOutcome): void;
  stepFailed?(step: PlanStep, error: unknown): void;
  retrying?(step: PlanStep, error: unknown, attempt: number, delayMs: number): void;
  undoStart?(undo: PlanStep, of: PlanStep): void;
  undoEnd?(undo: PlanStep, error?: unknown): void;
}

export interface ExecutorDeps {
  send(step: PlanStep): Promise<unknown>;
  sleep(ms: number): Promise<void>;
  retry: RetryPolicy;
  events?: ExecutorEvents;
  /**
   * Polled between steps and before a retry: true once the user pressed Ctrl-C. The step in flight always
   * finishes (its call is not cut off), but it is not retried any more.
   */
  interrupted?(): boolean;
}

export interface RetryPolicy {
  /** Total tries per step for the errors that are worth retrying. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 8000 };

/**
 * Errors that mean the step's goal already holds, so the step counts as done: this makes `init` and `teardown`
 * idempotent. moto answers a missing target or policy with ValidationException "No … found"; AWS with
 * ObjectNotFoundException.
 */
export function isAlreadyDone(step: PlanStep, error: unknown): boolean {
  const code = awsErrorCode(error);
  const message = awsErrorMessage(error);
  switch (step.operation) {
    case "CreateServiceLinkedRole":
      return (
        code === "EntityAlreadyExists" ||
        (code === "InvalidInput" && /has been taken|already exists/i.test(message))
      );
    case "DeleteScalingPolicy":
    case "DeleteScheduledAction":
    case "DeregisterScalableTarget":
      return (
        code === "ObjectNotFound" ||
        (code === "Validation" &&
          /no (scalable target|scaling policy|scheduled action)s? (found|registered)/i.test(message))
      );
    case "DeleteAlarms":
      return code === "ResourceNotFound";
    default:
      return false;
  }
}

/** Errors that pass with time (facts doc §5, §9, §11); the SDK itself already retries throttling. */
export function isRetryable(step: PlanStep, error: unknown): boolean {
  const code = awsErrorCode(error);
  if (step.service === "application-autoscaling" && code === "ConcurrentUpdate") return true;
  if (step.operation === "PutScalingPolicy") {
    // ObjectNotFound: the target registered a moment ago is not visible yet (eventual consistency).
    // FailedResourceAccess: CloudWatch throttled the alarm calls, or new IAM permissions are still propagating.
    return code === "ObjectNotFound" || code === "FailedResourceAccess";
  }
  // The same eventual consistency (§9 lists ObjectNotFound for it): teardown's rollback puts scheduled actions
  // back right after registering their target again.
  if (step.operation === "PutScheduledAction") return code === "ObjectNotFound";
  return false;
}

export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // "Equal jitter": at least half the ceiling, so retries never bunch up at zero.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

async function runStep(step: PlanStep, deps: ExecutorDeps): Promise<StepOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await deps.send(step);
      return { step, status: "done", response };
    } catch (error) {
      if (isAlreadyDone(step, error)) return { step, status: "already" };
      if (attempt >= deps.retry.attempts || !isRetryable(step, error) || deps.interrupted?.()) throw error;
      const delay = backoffDelay(deps.retry, attempt);
      deps.events?.retrying?.(step, error, attempt, delay);
      await deps.sleep(delay);
    }
  }
}

/**
 * Runs the plan's steps in order. On a failure, or on an interrupt (seen between steps, or once the last step
 * finished), it undoes what this run changed, newest first, using each step's `undo` (computed from the state
 * read before the plan was built), so that nothing is left half-configured: Ctrl-C means "not this change".
 *
 * The one exception is a plan past its point of no return (a step marked `irreversible` has run): undoing the
 * rest could not restore the state before, so an interrupt lets the plan finish, and a failure leaves what is
 * done for a second run to complete.
 */
export async function executePlan(plan: ScalingPlan, deps: ExecutorDeps): Promise<ExecutionResult> {
  const outcomes: StepOutcome[] = [];
  const total = plan.steps.length;
  const pastNoReturn = () => outcomes.some((o) => o.status === "done" && o.step.irreversible);
  const interrupted = () => deps.interrupted?.() ?? false;
  const undoUnlessPastNoReturn = async () =>
    pastNoReturn() ? {} : { rollback: await rollback(outcomes, deps) };

  for (const [index, step] of plan.steps.entries()) {
    if (interrupted() && !pastNoReturn()) {
      return { outcomes, interrupted: true, rollback: await rollback(outcomes, deps) };
    }
    await deps.events?.stepStart?.(step, index, total);
    try {
      const outcome = await runStep(step, deps);
      outcomes.push(outcome);
      deps.events?.stepEnd?.(outcome);
    } catch (error) {
      deps.events?.stepFailed?.(step, error);
      return {
        outcomes,
        failure: { step, error },
        interrupted: interrupted(),
        ...(await undoUnlessPastNoReturn()),
      };
    }
  }
  if (interrupted()) {
    // The interrupt came while the last step ran.
    return { outcomes, interrupted: true, ...(await undoUnlessPastNoReturn()) };
  }
  return { outcomes, interrupted: false };
}

async function rollback(outcomes: StepOutcome[], deps: ExecutorDeps): Promise<RollbackResult> {
  // An interrupt asked for this rollback, so it must not cut the rollback's retries short: an undo right after
  // a target is registered again meets the same eventual consistency as any other step (facts doc §5).
  const undoDeps: ExecutorDeps = { ...deps, interrupted: () => false };
  const undone: PlanStep[] = [];
  for (const outcome of [...outcomes].reverse()) {
    const undo = outcome.status === "done" ? outcome.step.undo : undefined;
    if (!undo) continue;
    deps.events?.undoStart?.(undo, outcome.step);
    try {
      await runStep(undo, undoDeps);
      deps.events?.undoEnd?.(undo);
      undone.push(outcome.step);
    } catch (error) {
      deps.events?.undoEnd?.(undo, error);
      return { undone, failure: { step: undo, error } };
    }
  }
  return { undone };
}
