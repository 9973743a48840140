import type { StepScalingPolicyConfiguration } from "@aws-sdk/client-application-auto-scaling";
import type { Dimension, PutMetricAlarmInput, Statistic } from "@aws-sdk/client-cloudwatch";
import { PREDEFINED_METRIC_SOURCE } from "./constants.js";
import { alarmName, type ScalingKind, type ScalingSubject, type Signal } from "./scaling-kinds.js";

/**
 * Step scaling (`init --policy-type step`, facts doc §14 "Step and scheduled scaling"): instead of one
 * target-tracking policy, two step policies, each fired by a CloudWatch alarm of ours on the signal's own metric —
 * one adds capacity while the metric is above a threshold, the other removes it while the metric is below a lower
 * one. The same plan pieces as the scale-from-zero step policies (plan/build-init.ts `StepWithAlarm`).
 */

/**
 * A step policy and the CloudWatch alarm that triggers it: the pieces of the scale-from-zero recipes (§14) and of
 * step scaling. The alarm's action is the policy's ARN, known once the policy is put: the plan carries it from the
 * PutScalingPolicy step under `arnName`.
 */
export interface StepWithAlarm {
  policyName: string;
  step: StepScalingPolicyConfiguration;
  alarm: Omit<PutMetricAlarmInput, "AlarmActions">;
  /** The output name (and shell variable) that carries the policy's ARN to the alarm. */
  arnName: string;
  /** What the step policy does, for its summary: "add 1 when its alarm fires, to leave zero". */
  does: string;
}

/** What `--policy-type step` was given, on the metric's own scale (utilisation already multiplied out). */
export interface StepSettings {
  /** Add capacity while the metric is above this. */
  outAbove: number;
  /** How many units of capacity each scale-out adds. */
  outBy: number;
  /** Remove capacity while the metric is below this; undefined: never scale in (--disable-scale-in). */
  inBelow?: number | undefined;
  /** How many units of capacity each scale-in removes. */
  inBy: number;
  /** Seconds after a scale-out (or scale-in) before its policy acts again: each policy's Cooldown. */
  outCooldown: number;
  inCooldown: number;
}

/** The metric an alarm of ours watches for a signal: the one its target-tracking policy would track (§2, §14). */
export interface AlarmMetric {
  Namespace: string;
  MetricName: string;
  Dimensions: Dimension[];
  Statistic: Statistic;
  /** Seconds per datapoint when scaling out: 10 for the high-resolution concurrency metrics, else 60. */
  outPeriod: number;
}

/**
 * The statistic of each predefined metric's CloudWatch metric (§14 "Metric types with statistics and
 * resolution"): the invocation counts are summed per minute (the target tracks "per minute"), the concurrency
 * metrics publish only Minimum and Maximum, the provisioned-concurrency ratio is averaged.
 */
const PREDEFINED_STATISTIC: Record<string, { statistic: Statistic; period: number }> = {
  SageMakerVariantInvocationsPerInstance: { statistic: "Sum", period: 60 },
  SageMakerInferenceComponentInvocationsPerCopy: { statistic: "Sum", period: 60 },
  SageMakerVariantProvisionedConcurrencyUtilization: { statistic: "Average", period: 60 },
  SageMakerVariantConcurrentRequestsPerModelHighResolution: { statistic: "Maximum", period: 10 },
  SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution: { statistic: "Maximum", period: 10 },
};

/** The CloudWatch metric behind a signal, as an alarm names it. */
export function alarmMetricOf(signal: Signal, s: ScalingSubject): AlarmMetric {
  const spec = signal.metric(s);
  const custom = spec.CustomizedMetricSpecification;
  if (custom) {
    return {
      Namespace: custom.Namespace ?? "",
      MetricName: custom.MetricName ?? "",
      Dimensions: (custom.Dimensions ?? []).map((d) => ({ Name: d.Name, Value: d.Value })),
      Statistic: statisticOf(custom.Statistic),
      outPeriod: 60,
    };
  }
  const type = spec.PredefinedMetricSpecification?.PredefinedMetricType ?? "";
  const source = PREDEFINED_METRIC_SOURCE[type];
  const stat = PREDEFINED_STATISTIC[type];
  if (!source || !stat) throw new Error(`No CloudWatch metric known for the predefined metric ${type}.`);
  return {
    Namespace: "AWS/SageMaker",
    MetricName: source.metricName,
    Dimensions:
      source.dimensions === "component"
        ? [{ Name: "InferenceComponentName", Value: s.component?.name ?? "" }]
        : [
            { Name: "EndpointName", Value: s.endpointName },
            { Name: "VariantName", Value: s.variantName },
          ],
    Statistic: stat.statistic,
    outPeriod: stat.period,
  };
}

/** A customized metric's statistic is AAS's MetricStatistic; CloudWatch alarms take the same five names. */
function statisticOf(statistic: string | undefined): Statistic {
  return (statistic ?? "Average") as Statistic;
}

/** The names of the two step policies for a signal: stable, so a re-run finds and updates them. */
export function stepPolicyNames(signal: Signal): { out: string; in: string } {
  return { out: `sm-autoscale-step-${signal.id}-scale-out`, in: `sm-autoscale-step-${signal.id}-scale-in` };
}

/** The names of the two alarms of a signal's step policies on a resource (ours: teardown finds them). */
export function stepAlarmNames(signal: Signal, s: ScalingSubject): { out: string; in: string } {
  const resource = s.component ? s.component.name : `${s.endpointName}-${s.variantName}`;
  return {
    out: alarmName(resource, `step-${signal.id}-scale-out`),
    in: alarmName(resource, `step-${signal.id}-scale-in`),
  };
}

/** Output names (and shell variables) that carry each policy's ARN to its alarm. */
export const STEP_OUT_ARN = "STEP_OUT_POLICY_ARN";
export const STEP_IN_ARN = "STEP_IN_POLICY_ARN";

/**
 * Datapoints before each alarm fires: 3 in a row to scale out, 15 to scale in, the windows AAS's own
 * target-tracking alarms were observed to use (§5: fast out, slow in). Scale-in always uses 1-minute periods.
 */
export const STEP_OUT_DATAPOINTS = 3;
export const STEP_IN_DATAPOINTS = 15;

/**
 * The step policies and alarms of `--policy-type step` for a kind's chosen signal (`kind.policy`). Each policy has
 * one step, relative to its alarm's threshold (§14: "step bounds are relative to its threshold"): from 0 up for
 * scale-out, from 0 down for scale-in, so it acts for as long as its alarm is in ALARM, once per cooldown.
 */
export function stepScaling(kind: ScalingKind, s: ScalingSubject, settings: StepSettings): StepWithAlarm[] {
  const signal = kind.policy;
  const metric = alarmMetricOf(signal, s);
  const names = stepPolicyNames(signal);
  const alarms = stepAlarmNames(signal, s);
  const where = kind.where(s);
  const { Namespace, MetricName, Dimensions, Statistic } = metric;
  const watched = { Namespace, MetricName, Dimensions, Statistic };
  const units = (n: number) => `${n} ${n === 1 ? kind.unit.one : kind.unit.many}`;
  const out: StepWithAlarm = {
    policyName: names.out,
    step: {
      AdjustmentType: "ChangeInCapacity",
      MetricAggregationType: "Average",
      Cooldown: settings.outCooldown,
      StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: settings.outBy }],
    },
    alarm: {
      AlarmName: alarms.out,
      AlarmDescription: `sm-autoscale: adds ${units(settings.outBy)} to ${where} while ${MetricName} is above ${settings.outAbove}.`,
      ...watched,
      Period: metric.outPeriod,
      EvaluationPeriods: STEP_OUT_DATAPOINTS,
      DatapointsToAlarm: STEP_OUT_DATAPOINTS,
      Threshold: settings.outAbove,
      ComparisonOperator: "GreaterThanThreshold",
    },
    arnName: STEP_OUT_ARN,
    does: `add ${units(settings.outBy)} while ${MetricName} is above ${settings.outAbove}`,
  };
  if (settings.inBelow === undefined) return [out];
  const inward: StepWithAlarm = {
    policyName: names.in,
    step: {
      AdjustmentType: "ChangeInCapacity",
      MetricAggregationType: "Average",
      Cooldown: settings.inCooldown,
      StepAdjustments: [{ MetricIntervalUpperBound: 0, ScalingAdjustment: -settings.inBy }],
    },
    alarm: {
      AlarmName: alarms.in,
      AlarmDescription: `sm-autoscale: removes ${units(settings.inBy)} from ${where} while ${MetricName} is below ${settings.inBelow}.`,
      ...watched,
      Period: 60,
      EvaluationPeriods: STEP_IN_DATAPOINTS,
      DatapointsToAlarm: STEP_IN_DATAPOINTS,
      Threshold: settings.inBelow,
      ComparisonOperator: "LessThanThreshold",
    },
    arnName: STEP_IN_ARN,
    does: `remove ${units(settings.inBy)} while ${MetricName} is below ${settings.inBelow}`,
  };
  return [out, inward];
}

/**
 * Why a pair of thresholds cannot work; undefined when they can. The scale-in threshold must sit below the
 * scale-out one, or each step would undo the other.
 */
export function thresholdsProblem(outAbove: number, inBelow: number | undefined): string | undefined {
  if (inBelow === undefined) return undefined;
  if (inBelow >= outAbove) {
    return `the scale-in threshold (${inBelow}) must be below the scale-out threshold (${outAbove}), or each step would undo the other.`;
  }
  return undefined;
}

/** Why a step size is not acceptable (1–1000 whole units); undefined when it is. */
export function stepSizeProblem(value: number | undefined): string | undefined {
  return value !== undefined && Number.isInteger(value) && value >= 1 && value <= 1000
    ? undefined
    : "must be a whole number from 1 to 1000.";
}
