import type {
  CustomizedMetricSpecification,
  PredefinedMetricSpecification,
  ScalableTarget,
  ScalingPolicy,
  ScheduledAction,
  StepAdjustment,
  SuspendedState,
} from "@aws-sdk/client-application-auto-scaling";
import type { MetricAlarm, MetricDataQuery, PutMetricAlarmInput } from "@aws-sdk/client-cloudwatch";
import { DEFAULT_COOLDOWN_SECONDS, SERVICE_NAMESPACE } from "../domain/constants.js";
import { type PlanStep, parseOutputRef, type ScalingPlan } from "../plan/types.js";
import { printableLine } from "../ui/printable.js";

/**
 * What an exporter writes, in one description whatever its source: the plan `init` builds (the fourth consumer of
 * the plan, style.md) or the live autoscaling read back. Each format (cloudformation.ts, cdk.ts, terraform.ts,
 * ack.ts) turns it into files; none of them reads AWS or the plan. The members keep the Application Auto Scaling
 * and CloudWatch API names, which CloudFormation uses as they are and the other formats map field by field
 * (facts doc §12). Values AWS fills in when they are left out are written out (effective), since some tools send
 * their own defaults instead: the AWS provider for Terraform sends 0 for a cooldown left out.
 */
export interface ExportModel {
  /** Where the description comes from, one line for the files' header ("the live autoscaling of …"). */
  origin: string;
  /**
   * Every resource of it exists already (the live state read back): code that declares them is to adopt them, not
   * create them. A plan's resources may exist in part, or not at all.
   */
  live?: true;
  /** Sorted by resource id and dimension: the same state exports to the same text. */
  targets: ExportTarget[];
  /** The CloudWatch alarms that trigger the step policies, sorted by name. */
  alarms: ExportAlarm[];
  /**
   * What the source holds that no format writes, one line each (a denied read, a policy type, a deletion `init`
   * would make): said on stderr and in the files' header, never dropped in silence.
   */
  omitted: string[];
}

export interface TargetKey {
  resourceId: string;
  dimension: string;
}

export interface ExportTarget {
  key: TargetKey;
  minCapacity: number;
  maxCapacity: number;
  /** Only when something is suspended: registering without it leaves nothing suspended. */
  suspended?: SuspendedState | undefined;
  /** Sorted by name. */
  policies: ExportPolicy[];
  /** Sorted by name. */
  scheduledActions: ExportScheduledAction[];
  /** When AWS created it (live state): of two names that spell the same, the older keeps it (names.ts). */
  created?: Date | undefined;
}

export type ExportPolicy = TargetTrackingPolicy | StepPolicy;

export interface TargetTrackingPolicy {
  type: "TargetTrackingScaling";
  name: string;
  targetValue: number;
  predefined?: PredefinedMetricSpecification | undefined;
  customized?: CustomizedMetricSpecification | undefined;
  scaleInCooldown: number;
  scaleOutCooldown: number;
  disableScaleIn: boolean;
  /** The source left a cooldown out: AAS's default is written in its place. */
  defaultedCooldowns?: true;
  /** When AWS created it (live state). */
  created?: Date | undefined;
}

export interface StepPolicy {
  type: "StepScaling";
  name: string;
  adjustmentType?: string | undefined;
  cooldown: number;
  /** The source left the cooldown out: AAS's default is written in its place. */
  defaultedCooldowns?: true;
  metricAggregationType?: string | undefined;
  minAdjustmentMagnitude?: number | undefined;
  adjustments: StepAdjustment[];
  /** When AWS created it (live state). */
  created?: Date | undefined;
}

export interface ExportScheduledAction {
  name: string;
  schedule: string;
  timezone?: string | undefined;
  startTime?: Date | undefined;
  endTime?: Date | undefined;
  minCapacity?: number | undefined;
  maxCapacity?: number | undefined;
  /** When AWS created it (live state). */
  created?: Date | undefined;
}

/** An alarm action: one of the exported policies (written as a reference to it), or any other ARN as it is. */
export type AlarmAction = PolicyAction | { arn: string };
export type PolicyAction = { policy: { target: TargetKey; name: string } };

export interface ExportAlarm {
  name: string;
  description?: string | undefined;
  actionsEnabled?: boolean | undefined;
  metricName?: string | undefined;
  namespace?: string | undefined;
  dimensions: { name: string; value: string }[];
  statistic?: string | undefined;
  extendedStatistic?: string | undefined;
  period?: number | undefined;
  unit?: string | undefined;
  /** Metric math instead of one metric. */
  metrics?: MetricDataQuery[] | undefined;
  threshold?: number | undefined;
  thresholdMetricId?: string | undefined;
  comparisonOperator: string;
  evaluationPeriods: number;
  datapointsToAlarm?: number | undefined;
  treatMissingData?: string | undefined;
  evaluateLowSampleCountPercentile?: string | undefined;
  alarmActions: AlarmAction[];
  okActions: AlarmAction[];
  insufficientDataActions: AlarmAction[];
}

/** The policy an alarm triggers first, if it triggers one of ours. */
export function triggeredPolicy(alarm: ExportAlarm): { target: TargetKey; name: string } | undefined {
  for (const action of alarm.alarmActions) if ("policy" in action) return action.policy;
  return undefined;
}

export const sameKey = (a: TargetKey, b: TargetKey) =>
  a.resourceId === b.resourceId && a.dimension === b.dimension;

const keyText = (k: TargetKey) => `${k.resourceId}|${k.dimension}`;
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A name from AWS as it may appear in a one-line message or a comment. */
export const shown = (name: string) => printableLine(name);

// ------------------------------------------------------------------------------------------------- the plan

/**
 * The configuration a plan of `init` writes: the target it registers, the policies it puts, the scheduled actions,
 * and the alarms, whose actions name the step policy whose ARN they take as input (an outputRef, plan/types.ts).
 * Deletions have no place in code that declares what exists: each is named in `omitted`. Build the plan against
 * no existing state to describe the whole configuration rather than what differs from today.
 */
export function exportModelFromPlan(plan: ScalingPlan, origin: string): ExportModel {
  const targets = new Map<string, ExportTarget>();
  const outputs = new Map<string, { target: TargetKey; name: string }>();
  const alarms: ExportAlarm[] = [];
  const omitted: string[] = [];
  const targetOf = (step: { input: { ResourceId?: string; ScalableDimension?: string } }, what: string) => {
    const key = { resourceId: step.input.ResourceId ?? "", dimension: step.input.ScalableDimension ?? "" };
    const target = targets.get(keyText(key));
    if (!target) throw new Error(`the plan ${what} before it registers ${key.resourceId}`);
    return target;
  };
  for (const step of plan.steps) {
    switch (step.operation) {
      case "CreateServiceLinkedRole":
        // RegisterScalableTarget creates the role when it is missing (§10): nothing to declare.
        break;
      case "RegisterScalableTarget": {
        const key = {
          resourceId: step.input.ResourceId ?? "",
          dimension: step.input.ScalableDimension ?? "",
        };
        targets.set(keyText(key), {
          key,
          minCapacity: step.input.MinCapacity ?? 0,
          maxCapacity: step.input.MaxCapacity ?? 0,
          suspended: suspendedOf(step.input.SuspendedState),
          policies: [],
          scheduledActions: [],
        });
        break;
      }
      case "PutScalingPolicy": {
        const target = targetOf(step, `puts the policy ${step.input.PolicyName}`);
        const policy = policyOf(step.input);
        if (typeof policy === "string") omitted.push(policy);
        else {
          target.policies.push(policy);
          if (step.output) outputs.set(step.output.as, { target: target.key, name: policy.name });
        }
        break;
      }
      case "PutScheduledAction": {
        const target = targetOf(step, `puts the scheduled action ${step.input.ScheduledActionName}`);
        target.scheduledActions.push(scheduledActionOf(step.input));
        break;
      }
      case "PutMetricAlarm": {
        // An action that takes the ARN a PutScalingPolicy of the plan returns is that policy.
        alarms.push(
          alarmOf(step.input, (arn) => {
            const ref = parseOutputRef(arn);
            if (ref === undefined) return { arn };
            const policy = outputs.get(ref.name);
            if (policy === undefined)
              throw new Error(`the plan's alarm needs ${ref.name}, which no policy of it returns`);
            return { policy };
          }),
        );
        break;
      }
      default:
        omitted.push(deletionNote(step));
    }
  }
  return sortedModel({ origin, targets: [...targets.values()], alarms, omitted });
}

function deletionNote(step: PlanStep): string {
  switch (step.operation) {
    case "DeleteScalingPolicy":
      return `init would also delete the policy "${shown(step.input.PolicyName ?? "")}" of ${shown(step.input.ResourceId ?? "")}: code declares what exists, so delete it yourself once the code is applied.`;
    default:
      return `init would also ${shown(step.summary.charAt(0).toLowerCase() + step.summary.slice(1))}: not expressed as code.`;
  }
}

// ----------------------------------------------------------------------------------------------- live state

/** The live autoscaling of one scalable target, as read (aws/export-read.ts). */
export interface LiveTarget {
  target: Partial<ScalableTarget>;
  policies: Partial<ScalingPolicy>[];
  scheduledActions: Partial<ScheduledAction>[];
}

export interface LiveState {
  targets: LiveTarget[];
  /** The metric alarms the step policies name (ScalingPolicy.Alarms), whole; null when they could not be read. */
  alarms: MetricAlarm[] | null;
  /** Why the alarms could not be read, for the note. */
  alarmsUnread?: string | undefined;
}

/**
 * The live autoscaling as a description: every target, every policy (target tracking and step), the scheduled
 * actions, and the alarms the step policies name. The target-tracking alarms belong to Application Auto Scaling,
 * which creates and deletes them with their policy (§5): they are not exported.
 */
export function exportModelFromLive(state: LiveState, origin: string): ExportModel {
  const omitted: string[] = [];
  const policyByArn = new Map<string, { target: TargetKey; name: string }>();
  const targets: ExportTarget[] = state.targets.map(({ target, policies, scheduledActions }) => {
    const key = { resourceId: target.ResourceId ?? "", dimension: target.ScalableDimension ?? "" };
    const exported: ExportPolicy[] = [];
    for (const p of policies) {
      const policy = policyOf(p);
      if (typeof policy === "string") {
        omitted.push(policy);
        continue;
      }
      exported.push(p.CreationTime ? { ...policy, created: p.CreationTime } : policy);
      if (p.PolicyARN) policyByArn.set(p.PolicyARN, { target: key, name: policy.name });
    }
    return {
      key,
      minCapacity: target.MinCapacity ?? 0,
      maxCapacity: target.MaxCapacity ?? 0,
      suspended: suspendedOf(target.SuspendedState),
      policies: exported,
      scheduledActions: liveScheduledActions(key, scheduledActions, omitted),
      ...(target.CreationTime ? { created: target.CreationTime } : {}),
    };
  });

  const alarms: ExportAlarm[] = [];
  const stepAlarmNames = state.targets.flatMap((t) =>
    t.policies
      .filter((p) => p.PolicyType === "StepScaling")
      .flatMap((p) =>
        (p.Alarms ?? []).map((a) => ({ policy: p.PolicyName ?? "", alarm: a.AlarmName ?? "" })),
      ),
  );
  if (state.alarms === null) {
    if (stepAlarmNames.length > 0) {
      omitted.push(
        `The alarms of the step policies (${[...new Set(stepAlarmNames.map((n) => shown(n.alarm)))].join(", ")}) could not be read${state.alarmsUnread ? ` (${state.alarmsUnread})` : ""}: without them the step policies never run.`,
      );
    }
  } else {
    const found = new Set(state.alarms.map((a) => a.AlarmName));
    for (const { policy, alarm } of stepAlarmNames) {
      if (!found.has(alarm)) {
        omitted.push(
          `The step policy "${shown(policy)}" names the alarm "${shown(alarm)}", which is not a metric alarm that exists: not exported.`,
        );
      }
    }
    for (const alarm of state.alarms) {
      alarms.push(alarmOf(alarm as PutMetricAlarmInput, (arn) => policyRef(arn, policyByArn)));
    }
  }
  return sortedModel({ origin, live: true, targets, alarms, omitted });
}

/**
 * The live scheduled actions of a target as exported; one that sets no capacity is named in `omitted` instead.
 */
function liveScheduledActions(
  key: TargetKey,
  actions: Partial<ScheduledAction>[],
  omitted: string[],
): ExportScheduledAction[] {
  return actions.flatMap((a) => {
    const action = scheduledActionOf(a);
    if (action.minCapacity !== undefined || action.maxCapacity !== undefined) return [action];
    // PutScheduledAction takes one with no capacity [BOTO], but it changes nothing, and neither Terraform
    // (at least one of min_capacity, max_capacity) nor CDK (scaleOnSchedule) can declare it.
    omitted.push(
      `The scheduled action "${shown(action.name)}" of ${shown(key.resourceId)} sets neither a minimum nor a maximum capacity, so it changes nothing: not exported.`,
    );
    return [];
  });
}

/**
 * The model of a plan with the scheduled actions that live on one of its targets added: init neither writes nor
 * deletes scheduled actions, so after it they are still there, and code that declares the target declares them
 * too: the code then recreates the whole target, not init's part of it.
 */
export function withLiveScheduledActions(
  model: ExportModel,
  key: TargetKey,
  actions: Partial<ScheduledAction>[],
): ExportModel {
  const target = model.targets.find((t) => sameKey(t.key, key));
  if (!target) throw new Error(`the model has no target ${key.resourceId} for its scheduled actions`);
  const omitted = [...model.omitted];
  const have = new Set(target.scheduledActions.map((a) => a.name));
  const added = liveScheduledActions(
    key,
    actions.filter((a) => !have.has(a.ScheduledActionName ?? "")),
    omitted,
  );
  return sortedModel({
    ...model,
    targets: model.targets.map((t) =>
      t === target ? { ...t, scheduledActions: [...t.scheduledActions, ...added] } : t,
    ),
    omitted,
  });
}

function policyRef(arn: string, policies: Map<string, { target: TargetKey; name: string }>): AlarmAction {
  const policy = policies.get(arn);
  return policy ? { policy } : { arn };
}

// ------------------------------------------------------------------------------------------------- members

function suspendedOf(state: SuspendedState | undefined): SuspendedState | undefined {
  if (
    !state ||
    !(state.DynamicScalingInSuspended || state.DynamicScalingOutSuspended || state.ScheduledScalingSuspended)
  ) {
    return undefined;
  }
  return {
    DynamicScalingInSuspended: state.DynamicScalingInSuspended ?? false,
    DynamicScalingOutSuspended: state.DynamicScalingOutSuspended ?? false,
    ScheduledScalingSuspended: state.ScheduledScalingSuspended ?? false,
  };
}

/** A policy as exported, or the one line that says why it is not. */
function policyOf(p: {
  PolicyName?: string | undefined;
  PolicyType?: string | undefined;
  ResourceId?: string | undefined;
  TargetTrackingScalingPolicyConfiguration?: ScalingPolicy["TargetTrackingScalingPolicyConfiguration"];
  StepScalingPolicyConfiguration?: ScalingPolicy["StepScalingPolicyConfiguration"];
}): ExportPolicy | string {
  const name = p.PolicyName ?? "";
  const tt = p.TargetTrackingScalingPolicyConfiguration;
  const step = p.StepScalingPolicyConfiguration;
  if (p.PolicyType === "TargetTrackingScaling" && tt) {
    return {
      type: "TargetTrackingScaling",
      name,
      targetValue: tt.TargetValue ?? 0,
      predefined: tt.PredefinedMetricSpecification,
      customized: tt.CustomizedMetricSpecification && customizedSorted(tt.CustomizedMetricSpecification),
      // AAS's defaults for SageMaker (§4), written out: tools that send their own when left out send 0.
      scaleInCooldown: tt.ScaleInCooldown ?? DEFAULT_COOLDOWN_SECONDS,
      scaleOutCooldown: tt.ScaleOutCooldown ?? DEFAULT_COOLDOWN_SECONDS,
      disableScaleIn: tt.DisableScaleIn ?? false,
      ...(tt.ScaleInCooldown === undefined || tt.ScaleOutCooldown === undefined
        ? { defaultedCooldowns: true as const }
        : {}),
    };
  }
  if (p.PolicyType === "StepScaling" && step) {
    return {
      type: "StepScaling",
      name,
      adjustmentType: step.AdjustmentType,
      // StepScalingPolicyConfiguration.Cooldown defaults to 300 [BOTO] (§4).
      cooldown: step.Cooldown ?? DEFAULT_COOLDOWN_SECONDS,
      ...(step.Cooldown === undefined ? { defaultedCooldowns: true as const } : {}),
      metricAggregationType: step.MetricAggregationType,
      minAdjustmentMagnitude: step.MinAdjustmentMagnitude,
      adjustments: step.StepAdjustments ?? [],
    };
  }
  return `The policy "${shown(name)}" of ${shown(p.ResourceId ?? "")} is of type ${shown(p.PolicyType ?? "unknown")}, which sm-autoscale does not export.`;
}

function scheduledActionOf(a: {
  ScheduledActionName?: string | undefined;
  Schedule?: string | undefined;
  Timezone?: string | undefined;
  StartTime?: Date | undefined;
  EndTime?: Date | undefined;
  ScalableTargetAction?: { MinCapacity?: number | undefined; MaxCapacity?: number | undefined } | undefined;
  CreationTime?: Date | undefined;
}): ExportScheduledAction {
  return {
    name: a.ScheduledActionName ?? "",
    schedule: a.Schedule ?? "",
    timezone: a.Timezone,
    startTime: a.StartTime,
    endTime: a.EndTime,
    minCapacity: a.ScalableTargetAction?.MinCapacity,
    maxCapacity: a.ScalableTargetAction?.MaxCapacity,
    ...(a.CreationTime ? { created: a.CreationTime } : {}),
  };
}

function alarmOf(input: PutMetricAlarmInput, action: (arn: string) => AlarmAction): ExportAlarm {
  const actions = (arns: string[] | undefined) => (arns ?? []).map(action);
  return {
    name: input.AlarmName ?? "",
    description: input.AlarmDescription,
    // Actions are enabled unless said otherwise [BOTO cloudwatch PutMetricAlarm]: DescribeAlarms always says.
    actionsEnabled: input.ActionsEnabled === false ? false : undefined,
    metricName: input.MetricName,
    namespace: input.Namespace,
    dimensions: byName(input.Dimensions ?? []).map((d) => ({ name: d.Name ?? "", value: d.Value ?? "" })),
    statistic: input.Statistic,
    extendedStatistic: input.ExtendedStatistic,
    period: input.Period,
    unit: input.Unit,
    metrics: input.Metrics && input.Metrics.length > 0 ? input.Metrics.map(querySorted) : undefined,
    threshold: input.Threshold,
    thresholdMetricId: input.ThresholdMetricId,
    comparisonOperator: input.ComparisonOperator ?? "",
    evaluationPeriods: input.EvaluationPeriods ?? 1,
    datapointsToAlarm: input.DatapointsToAlarm,
    treatMissingData: input.TreatMissingData,
    evaluateLowSampleCountPercentile: input.EvaluateLowSampleCountPercentile || undefined,
    alarmActions: actions(input.AlarmActions),
    okActions: actions(input.OKActions),
    insufficientDataActions: actions(input.InsufficientDataActions),
  };
}

/**
 * Dimensions sorted by name: CloudWatch takes a metric's dimensions as a set, and lists them in no set order, so the
 * same metric read twice may come back in two orders; sorted, the same state always exports to the same text.
 */
function byName<T extends { Name?: string | undefined }>(dimensions: T[]): T[] {
  return [...dimensions].sort((a, b) => byText(a.Name ?? "", b.Name ?? ""));
}

/** A metric query (metric math) with the dimensions of its metric sorted; nothing else changed. */
function querySorted<
  Q extends {
    MetricStat?:
      | { Metric?: { Dimensions?: { Name?: string | undefined }[] | undefined } | undefined }
      | undefined;
  },
>(query: Q): Q {
  const metric = query.MetricStat?.Metric;
  if (!metric?.Dimensions) return query;
  return {
    ...query,
    MetricStat: { ...query.MetricStat, Metric: { ...metric, Dimensions: byName(metric.Dimensions) } },
  };
}

function customizedSorted(c: CustomizedMetricSpecification): CustomizedMetricSpecification {
  return {
    ...c,
    ...(c.Dimensions ? { Dimensions: byName(c.Dimensions) } : {}),
    ...(c.Metrics ? { Metrics: c.Metrics.map(querySorted) } : {}),
  };
}

function sortedModel(model: ExportModel): ExportModel {
  for (const t of model.targets) {
    t.policies.sort((a, b) => byText(a.name, b.name));
    t.scheduledActions.sort((a, b) => byText(a.name, b.name));
  }
  return {
    ...model,
    targets: [...model.targets].sort((a, b) => byText(keyText(a.key), keyText(b.key))),
    alarms: [...model.alarms].sort((a, b) => byText(a.name, b.name)),
  };
}

/** The namespace every exported target is in. */
export const NAMESPACE: typeof SERVICE_NAMESPACE = SERVICE_NAMESPACE;
