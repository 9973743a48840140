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
   * An output of this step that later steps take as input, under a name: the executor keeps it; the AWS CLI
   * renderer captures it into a shell variable of that name (`NAME=$(aws … --query PolicyARN --output text)`).
   */
  output?: { member: "PolicyARN"; as: string };
  /**
   * Input members filled from an earlier step's output, by its name: until then the input holds
   * {@link PENDING_OUTPUT} in their place. The renderer writes `"$NAME"` there.
   */
  inputsFrom?: { AlarmActions?: string; OKActions?: string; InsufficientDataActions?: string };
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

/** What an input member holds until the executor fills it from an earlier step's output (see inputsFrom). */
export const PENDING_OUTPUT = "<output of an earlier step>";

export type Operation = PlanStep["operation"];

/** Where the rendered commands act. */
export interface Target {
  region: string;
  profile?: string | undefined;
}
