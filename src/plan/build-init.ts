import type {
  ScalableDimension,
  ScalableTarget,
  ScalingPolicy,
} from "@aws-sdk/client-application-auto-scaling";
import type { MetricAlarm, PutMetricAlarmInput } from "@aws-sdk/client-cloudwatch";
import { BUILT_IN_POLICY_NAME, SERVICE_NAMESPACE, SLR_SERVICE_NAME } from "../domain/constants.js";
import { liveSettingsOf, type WantedSettings } from "../domain/init-changes.js";
import { REAL_TIME, type ScalingKind, type ScalingSubject } from "../domain/scaling-kinds.js";
import type { StepWithAlarm } from "../domain/step-scaling.js";
import { alarmFields, policyFields, stateMatches } from "./effects.js";
import { outputRef, type PlanStep, type ScalingPlan } from "./types.js";

/** What `init` writes (domain/init-changes.ts), and where. */
export interface InitSettings extends WantedSettings {
  endpointName: string;
  variantName: string;
  /** What is configured; default: a real-time variant, `endpointName/variantName`. */
  kind?: ScalingKind | undefined;
  subject?: ScalingSubject | undefined;
  /** With a minimum of 0 on a kind that can rest there: also put the step policy and alarm that wake it. */
  fromZero?: boolean | undefined;
  /**
   * Step scaling (--policy-type step) instead of target tracking: these step policies and their alarms; the
   * target-tracking settings (target, disable scale-in) are then not written.
   */
  steps?: StepWithAlarm[] | undefined;
}

export interface ExistingScaling {
  target?: ScalableTarget | undefined;
  policies: ScalingPolicy[];
  /** The alarms of ours (OWN_ALARM_PREFIX) on this resource, as read: a re-run compares and restores them. */
  alarms?: MetricAlarm[] | undefined;
}

/**
 * Target-tracking policies on the resource under a name init does not write (facts doc §3): not the chosen
 * signal's, nor another of the kind's signals (those are sm-autoscale's own, and kept beside it).
 */
export function customTargetTrackingPolicies(
  policies: ScalingPolicy[],
  ownNames: string | readonly string[] = BUILT_IN_POLICY_NAME,
): ScalingPolicy[] {
  const own = new Set(typeof ownNames === "string" ? [ownNames] : ownNames);
  return policies.filter((p) => p.PolicyType === "TargetTrackingScaling" && !own.has(p.PolicyName ?? ""));
}

/** The kind and subject of the settings: a real-time variant unless they say otherwise. */
export function kindOf(settings: InitSettings): { kind: ScalingKind; subject: ScalingSubject } {
  return {
    kind: settings.kind ?? REAL_TIME,
    subject: settings.subject ?? { endpointName: settings.endpointName, variantName: settings.variantName },
  };
}

/**
 * What `init` changes, as data. Pure: the state it needs was read before. Every step that changes something
 * carries its undo, so a failure part-way puts the resource back as it was.
 *
 * Order: the role, then the target, then the kind's target-tracking policy, then (at a minimum of 0) the step
 * policy and its alarm that take it out of zero, and only then the removal of the custom policies the user chose
 * to replace, so that the resource is never left without a policy. The alarm triggers the step policy by its
 * ARN, which only the PutScalingPolicy call returns: the alarm step takes it as an input from that step.
 *
 * Only what differs is written: a target that already has this range is not registered again (registering moves
 * the capacity, §14), a policy or alarm that already has these settings is not put again, and the role is made
 * sure of only for a new target (an existing one proves it exists). A re-run that changes nothing has no steps.
 */
export function buildInitPlan(
  settings: InitSettings,
  existing: ExistingScaling,
  replace: ScalingPolicy[] = [],
): ScalingPlan {
  const { kind, subject } = kindOf(settings);
  const key = {
    ServiceNamespace: SERVICE_NAMESPACE,
    ResourceId: kind.resourceId(subject),
    ScalableDimension: kind.dimension,
  } as const;
  const where = kind.where(subject);
  const units = kind.unit.many;
  const policyName = kind.policy.name;
  const metric = kind.policy.metric(subject);

  const current = existing.policies.find((p) => p.PolicyName === policyName);
  const live = liveSettingsOf(existing.target, current, metric);
  const registerNeeded =
    !existing.target ||
    live.minCapacity !== settings.minCapacity ||
    live.maxCapacity !== settings.maxCapacity;
  const putNeeded =
    !current ||
    live.targetValue !== settings.targetValue ||
    live.scaleInCooldown !== settings.scaleInCooldown ||
    live.scaleOutCooldown !== settings.scaleOutCooldown ||
    live.disableScaleIn !== settings.disableScaleIn;

  const steps: PlanStep[] = [];
  if (registerNeeded && !existing.target) {
    steps.push({
      service: "iam",
      operation: "CreateServiceLinkedRole",
      input: { AWSServiceName: SLR_SERVICE_NAME },
      summary: "Make sure the service-linked role for SageMaker autoscaling exists",
      optional: true,
    });
  }
  if (registerNeeded) {
    steps.push({
      service: "application-autoscaling",
      operation: "RegisterScalableTarget",
      input: { ...key, MinCapacity: settings.minCapacity, MaxCapacity: settings.maxCapacity },
      summary: `Register ${where} as a scalable target: ${settings.minCapacity} to ${settings.maxCapacity} ${units}`,
      undo: existing.target
        ? {
            service: "application-autoscaling",
            operation: "RegisterScalableTarget",
            input: {
              ...key,
              MinCapacity: existing.target.MinCapacity,
              MaxCapacity: existing.target.MaxCapacity,
            },
            summary: `Restore ${where} to ${existing.target.MinCapacity} to ${existing.target.MaxCapacity} ${units}`,
          }
        : {
            service: "application-autoscaling",
            operation: "DeregisterScalableTarget",
            input: { ...key },
            summary: `Deregister the scalable target ${where} this run registered`,
          },
    });
  }

  if (putNeeded && !settings.steps) {
    const builtIn = policyName === BUILT_IN_POLICY_NAME ? "the built-in policy" : "the policy";
    const tracked =
      metric.PredefinedMetricSpecification?.PredefinedMetricType ??
      metric.CustomizedMetricSpecification?.MetricName ??
      "its metric";
    steps.push({
      service: "application-autoscaling",
      operation: "PutScalingPolicy",
      input: {
        ...key,
        PolicyName: policyName,
        PolicyType: "TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: settings.targetValue,
          ...metric,
          ScaleInCooldown: settings.scaleInCooldown,
          ScaleOutCooldown: settings.scaleOutCooldown,
          DisableScaleIn: settings.disableScaleIn,
        },
      },
      summary:
        `Put ${builtIn} ${policyName}: keep ${tracked} at ${settings.targetValue} ${kind.policy.targetUnit} ` +
        `(cooldowns in ${settings.scaleInCooldown} s, out ${settings.scaleOutCooldown} s` +
        `${settings.disableScaleIn ? ", scale-in disabled" : ""})`,
      undo: current
        ? restorePolicyStep(current, `Restore the previous settings of ${policyName}`)
        : {
            service: "application-autoscaling",
            operation: "DeleteScalingPolicy",
            input: { ...key, PolicyName: policyName },
            summary: `Delete the policy ${policyName} this run created`,
          },
    });
  }

  for (const step of settings.steps ?? []) steps.push(...stepWithAlarmSteps(step, key, where, existing));

  if (settings.fromZero && settings.minCapacity === 0 && kind.fromZero) {
    const wake = kind.fromZero(subject);
    steps.push(
      ...stepWithAlarmSteps(
        {
          ...wake,
          arnName: WAKE_POLICY_ARN,
          does: `add ${wake.step.StepAdjustments?.[0]?.ScalingAdjustment ?? 1} when its alarm fires, to leave zero`,
        },
        key,
        where,
        existing,
      ),
    );
  }

  for (const policy of replace) {
    const what = replacedPolicy(policy, settings.steps !== undefined);
    const by = settings.steps
      ? "the step policies"
      : policyName === BUILT_IN_POLICY_NAME
        ? "the built-in one"
        : policyName;
    steps.push({
      service: "application-autoscaling",
      operation: "DeleteScalingPolicy",
      input: { ...key, PolicyName: policy.PolicyName! },
      summary: `Delete ${what}, replaced by ${by}`,
      undo: restorePolicyStep(policy, `Recreate ${what}`),
    });
  }

  const how = settings.steps ? "with step scaling on" : "on";
  return { title: `Autoscale ${where} ${how} ${kind.policy.short}`, steps };
}

/**
 * A target-tracking policy being replaced, in words: with target tracking, one under a name init does not write
 * (custom); with step scaling, any target-tracking policy, the built-in one included.
 */
function replacedPolicy(policy: ScalingPolicy, byStepPolicies: boolean): string {
  const name = `"${policy.PolicyName}"`;
  if (policy.PolicyName === BUILT_IN_POLICY_NAME) return `the built-in target-tracking policy ${name}`;
  return byStepPolicies ? `the target-tracking policy ${name}` : `the custom policy ${name}`;
}

/** The shell variable (and executor output name) that carries the wake-up step policy's ARN to its alarm. */
export const WAKE_POLICY_ARN = "WAKE_POLICY_ARN";

/**
 * A step policy and the CloudWatch alarm that triggers it, each written only where it differs from what is
 * there: the pieces of the scale-from-zero recipes (§14) and of step scaling chosen with --policy-type step. The
 * alarm's action is the policy's ARN: taken from the PutScalingPolicy step (its output, under `arnName`) when the
 * policy is put, else the ARN of the policy in place.
 */
function stepWithAlarmSteps(
  wake: StepWithAlarm,
  key: { ServiceNamespace: "sagemaker"; ResourceId: string; ScalableDimension: ScalableDimension },
  where: string,
  existing: ExistingScaling,
): PlanStep[] {
  const steps: PlanStep[] = [];
  const policy = existing.policies.find((p) => p.PolicyName === wake.policyName);
  const stepNeeded =
    !policy ||
    !stateMatches(
      {
        exists: true,
        fields: policyFields({ PolicyType: "StepScaling", StepScalingPolicyConfiguration: wake.step }),
      },
      { exists: true, fields: policyFields(policy) },
    );
  if (stepNeeded) {
    steps.push({
      service: "application-autoscaling",
      operation: "PutScalingPolicy",
      input: {
        ...key,
        PolicyName: wake.policyName,
        PolicyType: "StepScaling",
        StepScalingPolicyConfiguration: wake.step,
      },
      summary: `Put the step policy ${wake.policyName}: ${wake.does}`,
      output: { member: "PolicyARN", as: wake.arnName },
      undo: policy
        ? restorePolicyStep(policy, `Restore the previous settings of ${wake.policyName}`)
        : {
            service: "application-autoscaling",
            operation: "DeleteScalingPolicy",
            input: { ...key, PolicyName: wake.policyName },
            summary: `Delete the step policy ${wake.policyName} this run created`,
          },
    });
  }
  // The policy put just before returns its ARN; one left as it is has it already.
  const arn = stepNeeded ? outputRef(wake.arnName) : (policy?.PolicyARN ?? outputRef(wake.arnName));
  const alarm: PutMetricAlarmInput = { ...wake.alarm, AlarmActions: [arn] };
  const before = existing.alarms?.find((a) => a.AlarmName === wake.alarm.AlarmName);
  const alarmNeeded =
    stepNeeded ||
    !before ||
    !stateMatches(
      { exists: true, fields: alarmFields(alarm) },
      { exists: true, fields: alarmFields(before) },
    );
  if (alarmNeeded) {
    steps.push({
      service: "cloudwatch",
      operation: "PutMetricAlarm",
      input: alarm,
      summary: `Put the CloudWatch alarm ${wake.alarm.AlarmName} on ${wake.alarm.MetricName}, which triggers ${wake.policyName} for ${where}`,
      undo: before
        ? {
            service: "cloudwatch",
            operation: "PutMetricAlarm",
            input: restoredAlarm(before),
            summary: `Restore the previous settings of the alarm ${wake.alarm.AlarmName}`,
          }
        : {
            service: "cloudwatch",
            operation: "DeleteAlarms",
            input: { AlarmNames: [wake.alarm.AlarmName!] },
            summary: `Delete the alarm ${wake.alarm.AlarmName} this run created`,
          },
    });
  }
  return steps;
}

/** A PutMetricAlarm that puts a metric alarm back as it was read (the members PutMetricAlarm takes). */
export function restoredAlarm(alarm: MetricAlarm): PutMetricAlarmInput {
  const members: PutMetricAlarmInput = {
    AlarmName: alarm.AlarmName,
    AlarmDescription: alarm.AlarmDescription,
    ActionsEnabled: alarm.ActionsEnabled,
    AlarmActions: alarm.AlarmActions,
    OKActions: alarm.OKActions,
    InsufficientDataActions: alarm.InsufficientDataActions,
    MetricName: alarm.MetricName,
    Namespace: alarm.Namespace,
    Statistic: alarm.Statistic,
    ExtendedStatistic: alarm.ExtendedStatistic,
    Dimensions: alarm.Dimensions,
    Period: alarm.Period,
    Unit: alarm.Unit,
    EvaluationPeriods: alarm.EvaluationPeriods,
    DatapointsToAlarm: alarm.DatapointsToAlarm,
    Threshold: alarm.Threshold,
    ComparisonOperator: alarm.ComparisonOperator,
    TreatMissingData: alarm.TreatMissingData,
    EvaluateLowSampleCountPercentile: alarm.EvaluateLowSampleCountPercentile,
    Metrics: alarm.Metrics,
    ThresholdMetricId: alarm.ThresholdMetricId,
  } as PutMetricAlarmInput;
  return Object.fromEntries(
    Object.entries(members).filter(
      ([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0),
    ),
  ) as PutMetricAlarmInput;
}

/** A PutScalingPolicy that puts a policy back exactly as it was read. */
export function restorePolicyStep(policy: ScalingPolicy, summary: string): PlanStep {
  return {
    service: "application-autoscaling",
    operation: "PutScalingPolicy",
    input: {
      PolicyName: policy.PolicyName!,
      ServiceNamespace: policy.ServiceNamespace!,
      ResourceId: policy.ResourceId!,
      ScalableDimension: policy.ScalableDimension!,
      PolicyType: policy.PolicyType!,
      ...(policy.TargetTrackingScalingPolicyConfiguration
        ? { TargetTrackingScalingPolicyConfiguration: policy.TargetTrackingScalingPolicyConfiguration }
        : {}),
      ...(policy.StepScalingPolicyConfiguration
        ? { StepScalingPolicyConfiguration: policy.StepScalingPolicyConfiguration }
        : {}),
    },
    summary,
  };
}
