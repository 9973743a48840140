import { awsErrorCode, awsErrorMessage, isAccessDenied, isUnknownOutcome } from "../aws/error-codes.js";
import { effectOf, type ResourceRef, type ResourceState, stateMatches } from "./effects.js";
import { OUTPUT_REF_MEMBERS, type PlanStep, parseOutputRef, type ScalingPlan } from "./types.js";

/**
 * done: the step made its change (or, its reply lost, a read showed the change in place). already: its goal held
 * before it ran (the object to delete was gone, the role existed). skipped: an `optional` step was denied.
 */
export type StepStatus = "done" | "already" | "skipped";

export interface StepOutcome {
  step: PlanStep;
  status: StepStatus;
  response?: unknown;
  /** The call ended without a clear answer (e.g. its reply was lost), and a read showed the change in place. */
  confirmedByRead?: true;
  /**
   * "already", but only after the SDK had retried the call: the attempt whose reply was lost may have made the
   * change itself, so a rollback treats it as this run's.
   */
  maybeThisRun?: true;
  /** Why a step was skipped. */
  error?: unknown;
}

/**
 * A step that failed. `applied` says what is known of its own effect: "no" when AWS answered with an error (or a
 * read showed nothing changed), "unknown" when the call ended without an answer and the state could not be read
 * back (`checkError`); a rollback then checks the resource again before deciding anything.
 */
export interface StepFailure {
  step: PlanStep;
  error: unknown;
  applied: "no" | "unknown";
  checkError?: unknown;
}

export interface ExecutionResult {
  outcomes: StepOutcome[];
  /** The step that failed, and why; the plan stopped there. */
  failure?: StepFailure;
  /** True when an interrupt (Ctrl-C, SIGTERM, SIGHUP) came while the plan ran. */
  interrupted: boolean;
  /**
   * What was put back after a failure or an interrupt. Absent when nothing was rolled back because the plan
   * was past the point of no return (see PlanStep.irreversible), or because it completed without either.
   */
  rollback?: RollbackResult;
}

/** A change of this run that the rollback left as it found it, and why. */
export interface LeftChange {
  step: PlanStep;
  /** What the resource is now, when it was read: another writer changed it since this run did. */
  now?: ResourceState;
  /** The resource could not be read, so nothing was decided about it. */
  readError?: unknown;
}

export interface RollbackResult {
  /** This run's changes that were undone, newest first. */
  undone: PlanStep[];
  /** Changes found already as they were before the run (e.g. a write whose lost reply had not applied). */
  asBefore: PlanStep[];
  /** Changes left as found: not this run's any more, or not readable. */
  left: LeftChange[];
  /** An undo step that failed (`of` the step it undoes); the rollback stopped there. */
  failure?: { step: PlanStep; of: PlanStep; error: unknown };
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
   * Polled between steps and before a retry: true once the user pressed Ctrl-C (or the process got SIGTERM or
   * SIGHUP). The step in flight always finishes (its call is not cut off), but it is not retried any more.
   */
  interrupted?(): boolean;
  /**
   * Reads a resource as it is now (aws/probe.ts). With it, the executor knows instead of assuming: a write that
   * ended without an answer is read back, and an undo runs only while the resource still holds what this run
   * wrote. Without it (unit tests of the flow), results are taken at their word.
   */
  probe?(ref: ResourceRef): Promise<ResourceState>;
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

/** A step failed; carries what is known of its own effect to the plan loop. */
class StepFailed extends Error {
  constructor(readonly failure: Omit<StepFailure, "step">) {
    super("step failed");
  }
}

/** Outputs of the steps run so far (see PlanStep.output), by name. */
type Outputs = Map<string, string>;

/** The step with the entries it takes from earlier steps' outputs ({@link outputRef}) filled in. */
export function withOutputs(step: PlanStep, outputs: Outputs): PlanStep {
  const input = step.input as unknown as Record<string, unknown>;
  let filled: Record<string, unknown> | undefined;
  for (const member of OUTPUT_REF_MEMBERS) {
    const list = input[member];
    if (!Array.isArray(list) || !list.some((entry) => parseOutputRef(entry))) continue;
    // The referring entries take the values; the alarm's other actions stay (it may also notify a topic).
    filled ??= { ...input };
    filled[member] = list.map((entry) => {
      const ref = parseOutputRef(entry);
      if (!ref) return entry;
      const value = outputs.get(ref.name) ?? ref.fallback;
      if (value === undefined) {
        throw new Error(`plan error: "${step.summary}" needs ${ref.name}, which no earlier step produced`);
      }
      return value;
    });
  }
  return filled ? ({ ...step, input: filled, planned: step } as unknown as PlanStep) : step;
}

/** Keeps the output a step names (its PolicyARN), from its response or from the read that confirmed it. */
function keepOutput(outcome: StepOutcome, outputs: Outputs): void {
  const wanted = outcome.step.output;
  if (!wanted) return;
  const value = (outcome.response as Record<string, unknown> | undefined)?.[wanted.member];
  if (typeof value === "string") outputs.set(wanted.as, value);
}

async function runStep(step: PlanStep, deps: ExecutorDeps, outputs: Outputs): Promise<StepOutcome> {
  const outcome = await tryStep(step, deps);
  keepOutput(outcome, outputs);
  return outcome;
}

async function tryStep(step: PlanStep, deps: ExecutorDeps): Promise<StepOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await deps.send(step);
      return { step, status: "done", response };
    } catch (error) {
      if (isAlreadyDone(step, error)) {
        // The SDK retries a call whose reply was lost; "not found" on a retry may be the first try's own doing.
        const sdkAttempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
        return { step, status: "already", ...(sdkAttempts > 1 ? { maybeThisRun: true as const } : {}) };
      }
      if (step.optional && isAccessDenied(error)) return { step, status: "skipped", error };
      if (isUnknownOutcome(error)) return await readBack(step, error, deps);
      if (attempt >= deps.retry.attempts || !isRetryable(step, error) || deps.interrupted?.()) {
        throw new StepFailed({ error, applied: "no" });
      }
      const delay = backoffDelay(deps.retry, attempt);
      deps.events?.retrying?.(step, error, attempt, delay);
      await deps.sleep(delay);
    }
  }
}

/**
 * The call ended without an answer (connection reset, time-out, a 5xx after the SDK's retries): the change may or
 * may not have been made. Read the resource: if it holds what the step writes, the step is done; if not, it
 * failed without effect; if it cannot be read, nobody knows, and the failure says so.
 */
async function readBack(step: PlanStep, error: unknown, deps: ExecutorDeps): Promise<StepOutcome> {
  const effect = effectOf(step);
  if (!deps.probe || !effect) throw new StepFailed({ error, applied: "unknown" });
  let now: ResourceState;
  try {
    now = await deps.probe(effect.resource);
  } catch (checkError) {
    throw new StepFailed({ error, applied: "unknown", checkError });
  }
  if (stateMatches(effect.after, now)) {
    // A step whose output later steps need gets it from the read (the ARN of the policy found in place).
    const response = step.output && now.exists && now.arn ? { [step.output.member]: now.arn } : undefined;
    return { step, status: "done", confirmedByRead: true, ...(response ? { response } : {}) };
  }
  // Not there yet is not proof of not done: a write that timed out may still land, and AAS is eventually
  // consistent ([BOTO] RegisterScalableTarget). The rollback reads it once more before deciding anything.
  throw new StepFailed({ error, applied: "unknown" });
}

/**
 * Runs the plan's steps in order. On a failure, or on an interrupt (seen between steps, or once the last step
 * finished), it undoes what this run changed, newest first, using each step's `undo` (computed from the state
 * read before the plan was built), so that nothing is left half-configured: Ctrl-C means "not this change".
 * With `deps.probe`, each undo first checks that the resource still holds what this run wrote (see rollback).
 *
 * The one exception is a plan past its point of no return (a step marked `irreversible` has run): undoing the
 * rest could not restore the state before, so an interrupt lets the plan finish, and a failure leaves what is
 * done for a second run to complete.
 */
export async function executePlan(plan: ScalingPlan, deps: ExecutorDeps): Promise<ExecutionResult> {
  const outcomes: StepOutcome[] = [];
  const outputs: Outputs = new Map();
  const total = plan.steps.length;
  // A step that cannot be undone has run: done, or "already" after retries that may have been its own doing.
  const pastNoReturn = () =>
    outcomes.some(
      (o) => o.step.irreversible && (o.status === "done" || (o.status === "already" && o.maybeThisRun)),
    );
  const interrupted = () => deps.interrupted?.() ?? false;

  for (const [index, planned] of plan.steps.entries()) {
    if (interrupted() && !pastNoReturn()) {
      return { outcomes, interrupted: true, rollback: await rollback(outcomes, undefined, deps, outputs) };
    }
    // From here on the step is concrete: the ARN an earlier step returned is in its input.
    const step = withOutputs(planned, outputs);
    await deps.events?.stepStart?.(step, index, total);
    try {
      const outcome = await runStep(step, deps, outputs);
      outcomes.push(outcome);
      deps.events?.stepEnd?.(outcome);
    } catch (error) {
      if (!(error instanceof StepFailed)) throw error;
      const failure: StepFailure = { step, ...error.failure };
      deps.events?.stepFailed?.(step, failure.error);
      return {
        outcomes,
        failure,
        interrupted: interrupted(),
        ...(pastNoReturn() ? {} : { rollback: await rollback(outcomes, failure, deps, outputs) }),
      };
    }
  }
  if (interrupted() && !pastNoReturn()) {
    // The interrupt came while the last step ran.
    return { outcomes, interrupted: true, rollback: await rollback(outcomes, undefined, deps, outputs) };
  }
  return { outcomes, interrupted: interrupted() };
}

/** The steps whose change a rollback must consider, newest first. */
function changesOfThisRun(outcomes: StepOutcome[], failure: StepFailure | undefined): PlanStep[] {
  const mine = outcomes
    .filter((o) => o.status === "done" || (o.status === "already" && o.maybeThisRun))
    .map((o) => o.step);
  // A failed step whose effect is unknown may have made its change: it is checked like the others.
  if (failure?.applied === "unknown") mine.push(failure.step);
  return mine.filter((step) => step.undo).reverse();
}

/**
 * Undoes this run's changes, newest first. With a probe, each resource is read first, and its undo runs only
 * while it still holds what this run wrote: one found as it was before needs nothing; one that another writer
 * has changed since (another `init`, a `teardown`, the console) is left as it is, and so is a target that now
 * holds policies or scheduled actions this run did not write (deregistering it would delete them too). The
 * result says which was which, so that what the run finally states is true.
 */
async function rollback(
  outcomes: StepOutcome[],
  failure: StepFailure | undefined,
  deps: ExecutorDeps,
  outputs: Outputs,
): Promise<RollbackResult> {
  // An interrupt asked for this rollback, so it must not cut the rollback's retries short: an undo right after
  // a target is registered again meets the same eventual consistency as any other step (facts doc §5).
  const undoDeps: ExecutorDeps = { ...deps, interrupted: () => false };
  const result: RollbackResult = { undone: [], asBefore: [], left: [] };
  for (const step of changesOfThisRun(outcomes, failure)) {
    const undo = step.undo!;
    const effect = effectOf(step);
    if (deps.probe && effect?.before) {
      let now: ResourceState;
      try {
        now = await deps.probe(effect.resource);
      } catch (readError) {
        result.left.push({ step, readError });
        continue;
      }
      if (stateMatches(effect.before, now)) {
        result.asBefore.push(step);
        continue;
      }
      const dependents = now.exists ? (now.dependents ?? []) : [];
      if (
        !stateMatches(effect.after, now) ||
        (undo.operation === "DeregisterScalableTarget" && dependents.length > 0)
      ) {
        result.left.push({ step, now });
        continue;
      }
    }
    // The undo, then what must follow it (alarms pointed at the policy it put back, which has a new ARN).
    for (const planned of [undo, ...(step.undoAlso ?? [])]) {
      let concrete = planned;
      deps.events?.undoStart?.(planned, step);
      try {
        concrete = withOutputs(planned, outputs);
        await runStep(concrete, undoDeps, outputs);
        deps.events?.undoEnd?.(concrete);
      } catch (error) {
        const cause = error instanceof StepFailed ? error.failure.error : error;
        deps.events?.undoEnd?.(concrete, cause);
        result.failure = { step: concrete, of: step, error: cause };
        return result;
      }
    }
    result.undone.push(step);
  }
  return result;
}
