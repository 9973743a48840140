import type { ScalingPolicy } from "@aws-sdk/client-application-auto-scaling";
import { BUILT_IN_POLICY_NAME } from "../domain/constants.js";

/** The metric a policy tracks, in one short name. */
export function policyMetric(policy: ScalingPolicy): string {
  const tt = policy.TargetTrackingScalingPolicyConfiguration;
  if (tt?.PredefinedMetricSpecification?.PredefinedMetricType)
    return tt.PredefinedMetricSpecification.PredefinedMetricType;
  if (tt?.CustomizedMetricSpecification) {
    const c = tt.CustomizedMetricSpecification;
    return c.MetricName ? `${c.Namespace ?? ""}/${c.MetricName}`.replace(/^\//, "") : "metric math";
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
