import { describe, expect, it } from "vitest";
import { SCALING_KINDS, type ScalingSubject } from "../../src/domain/scaling-kinds.js";
import { alarmMetricOf, stepScaling } from "../../src/domain/step-scaling.js";

// The alarm of a step policy watches the metric its signal's target-tracking policy would track (facts doc §2,
// §8, §14): the same namespace, name and dimensions, with the statistic the metric publishes.

const subject: ScalingSubject = {
  endpointName: "ep",
  variantName: "v1",
  component: { name: "ic" },
};

describe("alarmMetricOf: every signal of every kind", () => {
  const rows = SCALING_KINDS.flatMap((kind) =>
    kind.signals.map((signal) => [kind.id, signal.id, alarmMetricOf(signal, subject)] as const),
  );

  it.each(rows)("%s %s: a metric, dimensions and a statistic CloudWatch takes", (_kind, _signal, metric) => {
    expect(metric.MetricName).not.toBe("");
    expect(metric.Dimensions.length).toBeGreaterThan(0);
    expect(["Average", "Sum", "Maximum", "Minimum", "SampleCount"]).toContain(metric.Statistic);
  });

  it("the per-minute counts are summed, concurrency is its 10-second maximum, utilisation its average", () => {
    const of = (kind: string, signal: string) => rows.find((r) => r[0] === kind && r[1] === signal)?.[2];
    expect(of("real-time", "invocations")).toEqual({
      Namespace: "AWS/SageMaker",
      MetricName: "InvocationsPerInstance",
      Dimensions: [
        { Name: "EndpointName", Value: "ep" },
        { Name: "VariantName", Value: "v1" },
      ],
      Statistic: "Sum",
      outPeriod: 60,
    });
    expect(of("inference-component", "concurrency")).toEqual({
      Namespace: "AWS/SageMaker",
      MetricName: "ConcurrentRequestsPerCopy",
      Dimensions: [{ Name: "InferenceComponentName", Value: "ic" }],
      Statistic: "Maximum",
      outPeriod: 10,
    });
    expect(of("inference-component", "gpu")).toMatchObject({
      Namespace: "/aws/sagemaker/InferenceComponents",
      MetricName: "GPUUtilizationNormalized",
      Statistic: "Average",
    });
    expect(of("serverless", "provisioned-concurrency")).toMatchObject({
      MetricName: "ServerlessProvisionedConcurrencyUtilization",
      Statistic: "Average",
    });
    expect(of("async", "backlog")).toMatchObject({
      MetricName: "ApproximateBacklogSizePerInstance",
      Dimensions: [{ Name: "EndpointName", Value: "ep" }],
    });
  });
});

describe("stepScaling", () => {
  const [realTime] = SCALING_KINDS;
  const variant: ScalingSubject = { endpointName: "ep", variantName: "v1" };
  const settings = { outAbove: 600, outBy: 2, inBelow: 200, inBy: 1, outCooldown: 60, inCooldown: 600 };

  it("two policies, one step each relative to its alarm's threshold, alarm names of ours per resource", () => {
    const [out, inward] = stepScaling(realTime, variant, settings);
    expect(out?.step.StepAdjustments).toEqual([{ MetricIntervalLowerBound: 0, ScalingAdjustment: 2 }]);
    expect(inward?.step.StepAdjustments).toEqual([{ MetricIntervalUpperBound: 0, ScalingAdjustment: -1 }]);
    expect([out?.alarm.AlarmName, inward?.alarm.AlarmName]).toEqual([
      "sm-autoscale-ep-v1-step-invocations-scale-out",
      "sm-autoscale-ep-v1-step-invocations-scale-in",
    ]);
    expect(out?.does).toBe("add 2 instances while InvocationsPerInstance is above 600");
    expect(inward?.does).toBe("remove 1 instance while InvocationsPerInstance is below 200");
    expect(stepScaling(realTime, variant, { ...settings, inBelow: undefined })).toHaveLength(1);
  });

  it("a very long endpoint name is cut so that the alarm name stays within CloudWatch's 255 characters", () => {
    const long = { ...variant, endpointName: "e".repeat(63), variantName: "v".repeat(63) };
    for (const piece of stepScaling(realTime, long, settings)) {
      expect(piece.alarm.AlarmName!.length).toBeLessThanOrEqual(255);
    }
  });
});
