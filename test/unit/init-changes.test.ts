import type { ScalingPolicy } from "@aws-sdk/client-application-auto-scaling";
import { describe, expect, it } from "vitest";
import { liveSettingsOf, renderSettingChanges, settingChanges } from "../../src/domain/init-changes.js";

const wanted = {
  minCapacity: 2,
  maxCapacity: 4,
  targetValue: 457,
  scaleInCooldown: 600,
  scaleOutCooldown: 300,
  disableScaleIn: false,
};

function policy(config: Record<string, unknown>, name = "SageMakerEndpointInvocationScalingPolicy") {
  return {
    PolicyName: name,
    PolicyType: "TargetTrackingScaling",
    TargetTrackingScalingPolicyConfiguration: {
      PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
      ...config,
    },
  } as unknown as ScalingPolicy;
}

describe("liveSettingsOf", () => {
  it("reads the range and the policy's settings; absent cooldowns are AAS's default 300 s", () => {
    expect(
      liveSettingsOf({ MinCapacity: 1, MaxCapacity: 4 }, policy({ TargetValue: 600, ScaleInCooldown: 900 })),
    ).toEqual({
      minCapacity: 1,
      maxCapacity: 4,
      targetValue: 600,
      scaleInCooldown: 900,
      scaleOutCooldown: 300,
      disableScaleIn: false,
      policyName: "SageMakerEndpointInvocationScalingPolicy",
    });
  });

  it("does not carry over a target on another metric (its number means something else)", () => {
    const cpu = {
      PolicyName: "cpu",
      PolicyType: "TargetTrackingScaling",
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 70,
        CustomizedMetricSpecification: { MetricName: "CPUUtilization" },
        ScaleInCooldown: 120,
      },
    } as unknown as ScalingPolicy;
    expect(liveSettingsOf(undefined, cpu)).toMatchObject({ targetValue: undefined, scaleInCooldown: 120 });
  });

  it("is empty on a variant without autoscaling", () => {
    expect(liveSettingsOf(undefined, undefined)).toEqual({
      minCapacity: undefined,
      maxCapacity: undefined,
      targetValue: undefined,
      scaleInCooldown: undefined,
      scaleOutCooldown: undefined,
      disableScaleIn: undefined,
      policyName: undefined,
    });
  });
});

describe("settingChanges: before → after of every value init sets", () => {
  it("marks exactly the values that change, and renders them aligned", () => {
    const live = liveSettingsOf(
      { MinCapacity: 1, MaxCapacity: 4 },
      policy({ TargetValue: 600, ScaleInCooldown: 600, ScaleOutCooldown: 300, DisableScaleIn: true }),
    );
    const changes = settingChanges(live, wanted);
    expect(changes.filter((c) => c.changed).map((c) => c.label)).toEqual([
      "Target (invocations per instance per minute)",
      "Minimum instances",
      "Scale-in",
    ]);
    expect(renderSettingChanges(changes)).toEqual([
      "Policy                                        SageMakerEndpointInvocationScalingPolicy (unchanged)",
      "Target (invocations per instance per minute)  600 → 457",
      "Minimum instances                             1 → 2",
      "Maximum instances                             4 (unchanged)",
      "Scale-in cooldown                             600 s (unchanged)",
      "Scale-out cooldown                            300 s (unchanged)",
      "Scale-in                                      disabled → enabled",
    ]);
  });

  it("a custom policy replaced by the built-in one is a change, even with the same numbers", () => {
    const custom = policy({ TargetValue: 457, ScaleInCooldown: 600, ScaleOutCooldown: 300 }, "legacy");
    const changes = settingChanges(liveSettingsOf({ MinCapacity: 2, MaxCapacity: 4 }, custom), wanted);
    expect(changes.filter((c) => c.changed)).toEqual([
      {
        label: "Policy",
        before: "legacy",
        after: "SageMakerEndpointInvocationScalingPolicy",
        changed: true,
      },
    ]);
  });

  it("shows what is new as none → value", () => {
    const changes = settingChanges(liveSettingsOf({ MinCapacity: 2, MaxCapacity: 4 }, undefined), wanted);
    expect(renderSettingChanges(changes).slice(0, 2)).toEqual([
      "Policy                                        none → SageMakerEndpointInvocationScalingPolicy",
      "Target (invocations per instance per minute)  none → 457",
    ]);
    expect(changes.every((c) => c.changed === (c.before === undefined))).toBe(true);
  });
});
