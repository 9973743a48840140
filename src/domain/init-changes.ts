import type {
  ScalableTarget,
  ScalingPolicy,
  TargetTrackingScalingPolicyConfiguration,
} from "@aws-sdk/client-application-auto-scaling";
import { BUILT_IN_POLICY_NAME, DEFAULT_COOLDOWN_SECONDS, INVOCATIONS_METRIC } from "./constants.js";
import type { ScalingKind } from "./scaling-kinds.js";
import { formatNumber } from "./suggest.js";

/**
 * What a variant's autoscaling holds now, as `init` asks about it: the values a re-run keeps unless told
 * otherwise, and the "before" of the plan's before → after.
 */
export interface LiveSettings {
  minCapacity?: number | undefined;
  maxCapacity?: number | undefined;
  /** Only when the policy tracks the same metric as the built-in one: another metric's target is not comparable. */
  targetValue?: number | undefined;
  scaleInCooldown?: number | undefined;
  scaleOutCooldown?: number | undefined;
  disableScaleIn?: boolean | undefined;
  /** The policy the target and cooldowns come from, for the words ("the live target"). */
  policyName?: string | undefined;
}

/** The settings `init` writes: the "after". */
export interface WantedSettings {
  minCapacity: number;
  maxCapacity: number;
  targetValue: number;
  scaleInCooldown: number;
  scaleOutCooldown: number;
  disableScaleIn: boolean;
}

/**
 * The live values of a scalable target and the policy whose settings a re-run starts from: the built-in policy,
 * or (when none exists) a custom one being replaced. A cooldown AAS reports as absent is its default, 300 s (§4).
 */
export function liveSettingsOf(
  target: Pick<ScalableTarget, "MinCapacity" | "MaxCapacity"> | undefined,
  policy: ScalingPolicy | undefined,
  metric: TrackedMetric = { PredefinedMetricSpecification: { PredefinedMetricType: INVOCATIONS_METRIC } },
): LiveSettings {
  const tt = policy?.TargetTrackingScalingPolicyConfiguration;
  const sameMetric = tt !== undefined && sameTrackedMetric(tt, metric);
  return {
    minCapacity: target?.MinCapacity,
    maxCapacity: target?.MaxCapacity,
    targetValue: sameMetric ? tt?.TargetValue : undefined,
    scaleInCooldown: tt ? (tt.ScaleInCooldown ?? DEFAULT_COOLDOWN_SECONDS) : undefined,
    scaleOutCooldown: tt ? (tt.ScaleOutCooldown ?? DEFAULT_COOLDOWN_SECONDS) : undefined,
    disableScaleIn: tt ? (tt.DisableScaleIn ?? false) : undefined,
    policyName: tt ? policy?.PolicyName : undefined,
  };
}

/** The metric members of a target-tracking configuration. */
export type TrackedMetric = Pick<
  TargetTrackingScalingPolicyConfiguration,
  "PredefinedMetricSpecification" | "CustomizedMetricSpecification"
>;

/** Whether a policy tracks this metric: the same predefined type, or the same customized metric and dimensions. */
export function sameTrackedMetric(tt: TrackedMetric, metric: TrackedMetric): boolean {
  const key = (m: TrackedMetric) =>
    JSON.stringify({
      p: m.PredefinedMetricSpecification?.PredefinedMetricType ?? null,
      c: m.CustomizedMetricSpecification
        ? {
            n: m.CustomizedMetricSpecification.MetricName,
            ns: m.CustomizedMetricSpecification.Namespace,
            s: m.CustomizedMetricSpecification.Statistic,
            d: [...(m.CustomizedMetricSpecification.Dimensions ?? [])]
              .map((d) => `${d.Name}=${d.Value}`)
              .sort(),
          }
        : null,
    });
  return key(tt) === key(metric);
}

export interface SettingChange {
  label: string;
  /** undefined: nothing there before. */
  before?: string | undefined;
  after: string;
  changed: boolean;
}

/** Every value `init` sets, with what is there now; `changed` is what the plan will write differently. */
export function settingChanges(
  live: LiveSettings,
  wanted: WantedSettings,
  kind: Pick<ScalingKind, "capacityName" | "policy"> = {
    capacityName: "instances",
    policy: {
      name: BUILT_IN_POLICY_NAME,
      targetUnit: "invocations per instance per minute",
    } as ScalingKind["policy"],
  },
): SettingChange[] {
  const seconds = (n: number | undefined) => (n === undefined ? undefined : `${n} s`);
  const scaleIn = (disabled: boolean | undefined) =>
    disabled === undefined ? undefined : disabled ? "disabled" : "enabled";
  const row = (label: string, before: string | undefined, after: string): SettingChange => ({
    label,
    before,
    after,
    changed: before !== after,
  });
  return [
    // init always writes the kind's policy: replacing a custom one changes this row even when the numbers stay.
    row("Policy", live.policyName, kind.policy.name),
    row(
      `Target (${kind.policy.targetUnit})`,
      live.targetValue === undefined ? undefined : formatNumber(live.targetValue),
      formatNumber(wanted.targetValue),
    ),
    row(`Minimum ${kind.capacityName}`, live.minCapacity?.toString(), String(wanted.minCapacity)),
    row(`Maximum ${kind.capacityName}`, live.maxCapacity?.toString(), String(wanted.maxCapacity)),
    row("Scale-in cooldown", seconds(live.scaleInCooldown), `${wanted.scaleInCooldown} s`),
    row("Scale-out cooldown", seconds(live.scaleOutCooldown), `${wanted.scaleOutCooldown} s`),
    row("Scale-in", scaleIn(live.disableScaleIn), scaleIn(wanted.disableScaleIn)!),
  ];
}

/** The rows as aligned lines: "before → after" where a value changes, "value (unchanged)" where it does not. */
export function renderSettingChanges(changes: SettingChange[]): string[] {
  const width = Math.max(...changes.map((c) => c.label.length));
  return changes.map((c) => {
    const value = !c.changed ? `${c.after} (unchanged)` : `${c.before ?? "none"} → ${c.after}`;
    return `${c.label.padEnd(width)}  ${value}`;
  });
}
