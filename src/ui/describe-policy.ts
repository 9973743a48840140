import type { ScalingPolicy } from "@aws-sdk/client-application-auto-scaling";
import { BUILT_IN_POLICY_NAME } from "../domain/constants.js";

/** The metric a policy tracks, in one short name. */
export function policyMetric(policy: ScalingPolicy): string {
  const tt = policy.TargetTrackingScalingPolicyConfiguration;
  if (tt?.PredefinedMetricSpecification?.PredefinedMetricType)
    return tt.PredefinedMetricSpecification.PredefinedMetricType;
  if (tt?.CustomizedMetricSpecification) {
    const c = tt.CustomizedMetricSpecification;
    // The namespace as it is: "/aws/sagemaker/Endpoints/CPUUtilization" keeps its leading slash.
    if (!c.MetricName) return "metric math";
    return c.Namespace ? `${c.Namespace}/${c.MetricName}` : c.MetricName;
  }
  return policy.PolicyType === "StepScaling" ? "step scaling (alarm-driven)" : "unknown";
}

/** One line per policy, as `init` and `describe` show it. */
export function describePolicyLine(policy: ScalingPolicy): string {
  const tt = policy.TargetTrackingScalingPolicyConfiguration;
  const label = policy.PolicyName === BUILT_IN_POLICY_NAME ? "built-in" : "custom";
  if (!tt) return `Policy ${policy.PolicyName} (${label}, ${policy.PolicyType})`;
  return (
    `Policy ${policy.PolicyName} (${label}): ${policyMetric(policy)} target ${tt.TargetValue}, ` +
    `cooldown in ${tt.ScaleInCooldown ?? 300} s / out ${tt.ScaleOutCooldown ?? 300} s` +
    `${tt.DisableScaleIn ? ", scale-in disabled" : ""}`
  );
}

/** What a step policy's alarm watches: its steps are relative to this threshold (facts doc §14). */
export interface StepTrigger {
  metricName: string;
  /** GreaterThanThreshold, LessThanThreshold, … */
  comparison: string;
  threshold: number;
}

const COMPARISON: Record<string, string> = {
  GreaterThanThreshold: ">",
  GreaterThanOrEqualToThreshold: "≥",
  LessThanThreshold: "<",
  LessThanOrEqualToThreshold: "≤",
};

/**
 * One line for a step policy: what each step does and when, and its cooldown (AAS's default 300 s when unset,
 * [BOTO] StepScalingPolicyConfiguration.Cooldown). With the alarm that triggers it (`trigger`), the step bounds are
 * shown as values of its metric; without it, relative to the alarm's threshold.
 */
export function describeStepPolicyLine(policy: ScalingPolicy, trigger?: StepTrigger): string {
  const config = policy.StepScalingPolicyConfiguration;
  const label = policy.PolicyName === BUILT_IN_POLICY_NAME ? "built-in" : "custom";
  const cooldown = config?.Cooldown ?? 300;
  return `Policy ${policy.PolicyName} (${label}): step scaling, ${stepsText(policy, trigger)}, cooldown ${cooldown} s`;
}

function stepsText(policy: ScalingPolicy, trigger: StepTrigger | undefined): string {
  const config = policy.StepScalingPolicyConfiguration;
  const steps = config?.StepAdjustments ?? [];
  if (steps.length === 0) return "no steps";
  const adjust = (n: number | undefined) =>
    config?.AdjustmentType === "PercentChangeInCapacity"
      ? `${signed(n)}%`
      : config?.AdjustmentType === "ExactCapacity"
        ? `set to ${n ?? "?"}`
        : signed(n);
  const op = trigger ? COMPARISON[trigger.comparison] : undefined;
  const only = steps.length === 1 ? steps[0]! : undefined;
  // One step over the whole side of the threshold the alarm fires on: it acts whenever the alarm is in ALARM.
  const whole =
    only !== undefined &&
    (only.MetricIntervalLowerBound ?? 0) === 0 &&
    (only.MetricIntervalUpperBound ?? 0) === 0 &&
    (only.MetricIntervalLowerBound === undefined || only.MetricIntervalUpperBound === undefined);
  if (only && whole) {
    return trigger && op
      ? `${adjust(only.ScalingAdjustment)} when ${trigger.metricName} ${op} ${number(trigger.threshold)}`
      : `${adjust(only.ScalingAdjustment)} when its alarm fires`;
  }
  const at = (offset: number) =>
    trigger ? number(trigger.threshold + offset) : `${offset >= 0 ? "+" : ""}${number(offset)}`;
  const range = (lower: number | undefined, upper: number | undefined) =>
    lower !== undefined && upper !== undefined
      ? `from ${at(lower)} to ${at(upper)}`
      : lower !== undefined
        ? `from ${at(lower)} up`
        : upper !== undefined
          ? `below ${at(upper)}`
          : "at any value";
  const list = steps
    .map(
      (s) =>
        `${adjust(s.ScalingAdjustment)} ${range(s.MetricIntervalLowerBound, s.MetricIntervalUpperBound)}`,
    )
    .join(", ");
  return trigger ? `on ${trigger.metricName}: ${list}` : `${list} (relative to its alarm's threshold)`;
}

function signed(n: number | undefined): string {
  return n === undefined ? "?" : n >= 0 ? `+${n}` : String(n);
}

/** Without floating-point noise: 120.00000001 → "120". */
function number(n: number): string {
  return String(Number(n.toPrecision(12)));
}
