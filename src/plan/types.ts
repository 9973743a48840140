import type {
  DeleteScalingPolicyRequest,
  DeleteScheduledActionRequest,
  DeregisterScalableTargetRequest,
  PutScalingPolicyRequest,
  PutScheduledActionRequest,
  RegisterScalableTargetRequest,
} from "@aws-sdk/client-application-auto-scaling";
import type { DeleteAlarmsInput, PutMetricAlarmInput } from "@aws-sdk/client-cloudwatch";
import type { CreateServiceLinkedRoleRequest } from "@aws-sdk/client-iam";

/**
 * A plan is what a command will change, computed before anything is sent: an ordered list of steps, each one AWS
 * API operation with its exact input. The SDK executor, the AWS CLI renderer (and later the IaC exporters) all
 * read the same plan, so the printed commands are equivalent to what runs by construction.
 */
export interface ScalingPlan {
  /** What the plan does, in one line. */
  title: string;
  steps: PlanStep[];
}

interface StepOf<S extends string, O extends string, I> {
  service: S;
  operation: O;
  input: I;
  /** One line in the user's words: what this step changes. */
  summary: string;
  /**
   * The step that puts back what this one changed, computed when the plan was built from the state read before.
   * Absent when the step changes nothing that needs undoing (e.g. the service-linked role).
   */
  undo?: PlanStep;
  /**
   * The step removes something that cannot be put back faithfully (our own alarms). Once it has run, the plan is
   * past the point of no return: it is not rolled back any more, but finished (on Ctrl-C) or left for a second
   * run to complete (on a failure). Plans put such steps last.
   */
  irreversible?: true;
  /**
   * Undo steps that run after `undo` and use its output: a step policy put back gets a new ARN, so the alarms that
   * trigger it are put again pointing at that ARN.
   */
  undoAlso?: PlanStep[];
  /**
   * An output of this step that later steps take as input ({@link outputRef}), under a name: the executor keeps
   * it; the AWS CLI renderer captures it into a shell variable of that name
   * (`NAME=$(aws … --query PolicyARN --output text)`).
   */
  output?: { member: "PolicyARN"; as: string };
  /**
   * The step as planned, on a step the executor filled with earlier steps' outputs ({@link outputRef}): the AWS
   * CLI renderer prints it, so the printed commands stay a script (`"$NAME"` after `NAME=$(aws …)`).
   */
  planned?: PlanStep;
  /**
   * The step only makes sure of something AWS also does by itself (the service-linked role, which
   * RegisterScalableTarget creates or finds): when the caller may not make the call, the plan notes it and goes
   * on, and a later step fails clearly if it really mattered.
   */
  optional?: true;
}

export type PlanStep =
  | StepOf<"iam", "CreateServiceLinkedRole", CreateServiceLinkedRoleRequest>
  | StepOf<"application-autoscaling", "RegisterScalableTarget", RegisterScalableTargetRequest>
  | StepOf<"application-autoscaling", "PutScalingPolicy", PutScalingPolicyRequest>
  | StepOf<"application-autoscaling", "DeleteScalingPolicy", DeleteScalingPolicyRequest>
  | StepOf<"application-autoscaling", "DeleteScheduledAction", DeleteScheduledActionRequest>
  | StepOf<"application-autoscaling", "PutScheduledAction", PutScheduledActionRequest>
  | StepOf<"application-autoscaling", "DeregisterScalableTarget", DeregisterScalableTargetRequest>
  | StepOf<"cloudwatch", "DeleteAlarms", DeleteAlarmsInput>
  | StepOf<"cloudwatch", "PutMetricAlarm", PutMetricAlarmInput>;

/** The input members that may hold {@link outputRef}s: an alarm's actions, which name policies by ARN. */
export const OUTPUT_REF_MEMBERS = ["AlarmActions", "OKActions", "InsufficientDataActions"] as const;

const OUTPUT_REF = /^<output of an earlier step: ([A-Z][A-Z0-9_]*)(?:, else (.*))?>$/s;

/**
 * An entry of an alarm's actions ({@link OUTPUT_REF_MEMBERS}) that an earlier step's output fills in (PlanStep
 * `output` names it): the executor puts the value there; the AWS CLI renderer writes `"$NAME"`. With a
 * `fallback`, a run where that step has not happened keeps the fallback instead (a rollback re-pointing an alarm
 * at the policies put back so far, the others still at their ARN as read); without one, a missing output is an
 * error in the plan.
 */
export function outputRef(name: string, fallback?: string): string {
  return fallback === undefined
    ? `<output of an earlier step: ${name}>`
    : `<output of an earlier step: ${name}, else ${fallback}>`;
}

/** The output an entry refers to, if it is an {@link outputRef}. */
export function parseOutputRef(value: unknown): { name: string; fallback?: string } | undefined {
  const match = typeof value === "string" ? OUTPUT_REF.exec(value) : null;
  if (!match) return undefined;
  return match[2] === undefined ? { name: match[1]! } : { name: match[1]!, fallback: match[2] };
}

export type Operation = PlanStep["operation"];

/** Where the rendered commands act. */
export interface Target {
  region: string;
  profile?: string | undefined;
}
