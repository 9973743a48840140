import type { ScalingPolicy } from "@aws-sdk/client-application-auto-scaling";
import { describe, expect, it } from "vitest";
import { REAL_TIME } from "../../src/domain/scaling-kinds.js";
import { stepScaling } from "../../src/domain/step-scaling.js";
import { buildInitPlan, customTargetTrackingPolicies } from "../../src/plan/build-init.js";

const settings = {
  endpointName: "fraud-scorer",
  variantName: "AllTraffic",
  minCapacity: 2,
  maxCapacity: 6,
  targetValue: 450,
  scaleInCooldown: 300,
  scaleOutCooldown: 120,
  disableScaleIn: true,
};
const key = {
  ServiceNamespace: "sagemaker",
  ResourceId: "endpoint/fraud-scorer/variant/AllTraffic",
  ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
};

function policy(name: string, type = "TargetTrackingScaling", target = 500): ScalingPolicy {
  return {
    ...key,
    PolicyName: name,
    PolicyARN: `arn:${name}`,
    PolicyType: type,
    CreationTime: new Date(0),
    TargetTrackingScalingPolicyConfiguration:
      type === "TargetTrackingScaling"
        ? {
            TargetValue: target,
            PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
          }
        : undefined,
  } as ScalingPolicy;
}

describe("buildInitPlan", () => {
  it("on a new variant: role, register, built-in policy; undo deregisters and deletes what it created", () => {
    const plan = buildInitPlan(settings, { policies: [] });
    expect(plan.steps.map((s) => s.operation)).toEqual([
      "CreateServiceLinkedRole",
      "RegisterScalableTarget",
      "PutScalingPolicy",
    ]);
    expect(plan.steps[0]!.input).toEqual({
      AWSServiceName: "sagemaker.application-autoscaling.amazonaws.com",
    });
    expect(plan.steps[0]!.undo).toBeUndefined();
    expect(plan.steps[1]!.input).toEqual({ ...key, MinCapacity: 2, MaxCapacity: 6 });
    expect(plan.steps[1]!.undo).toMatchObject({ operation: "DeregisterScalableTarget", input: key });
    expect(plan.steps[2]!.input).toEqual({
      ...key,
      PolicyName: "SageMakerEndpointInvocationScalingPolicy",
      PolicyType: "TargetTrackingScaling",
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 450,
        PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
        ScaleInCooldown: 300,
        ScaleOutCooldown: 120,
        DisableScaleIn: true,
      },
    });
    expect(plan.steps[2]!.undo).toMatchObject({
      operation: "DeleteScalingPolicy",
      input: { ...key, PolicyName: "SageMakerEndpointInvocationScalingPolicy" },
    });
  });

  it("on an existing target and built-in policy: no role step (the target proves it exists); undo restores what was there", () => {
    const builtIn = policy("SageMakerEndpointInvocationScalingPolicy", "TargetTrackingScaling", 70);
    const plan = buildInitPlan(settings, {
      target: { ...key, MinCapacity: 1, MaxCapacity: 3, RoleARN: "r", CreationTime: new Date(0) } as never,
      policies: [builtIn],
    });
    expect(plan.steps.map((s) => s.operation)).toEqual(["RegisterScalableTarget", "PutScalingPolicy"]);
    expect(plan.steps[0]!.undo).toMatchObject({
      operation: "RegisterScalableTarget",
      input: { ...key, MinCapacity: 1, MaxCapacity: 3 },
    });
    expect(plan.steps[1]!.undo).toEqual({
      service: "application-autoscaling",
      operation: "PutScalingPolicy",
      input: {
        ...key,
        PolicyName: "SageMakerEndpointInvocationScalingPolicy",
        PolicyType: "TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration: builtIn.TargetTrackingScalingPolicyConfiguration,
      },
      summary: "Restore the previous settings of SageMakerEndpointInvocationScalingPolicy",
    });
  });

  it("deletes replaced custom policies only after the built-in one is in place, each with a way back", () => {
    const custom = policy("fraud-invocations-policy");
    const plan = buildInitPlan(settings, { policies: [custom] }, [custom]);
    expect(plan.steps.map((s) => s.operation)).toEqual([
      "CreateServiceLinkedRole",
      "RegisterScalableTarget",
      "PutScalingPolicy",
      "DeleteScalingPolicy",
    ]);
    expect(plan.steps[3]!.input).toEqual({ ...key, PolicyName: "fraud-invocations-policy" });
    expect(plan.steps[3]!.summary).toBe(
      'Delete the custom policy "fraud-invocations-policy", replaced by the built-in one',
    );
    expect(plan.steps[3]!.undo).toMatchObject({
      operation: "PutScalingPolicy",
      input: { PolicyName: "fraud-invocations-policy" },
      summary: 'Recreate the custom policy "fraud-invocations-policy"',
    });
  });

  it("step scaling replacing the built-in policy names it as the built-in target-tracking policy, replaced by the step policies", () => {
    const builtIn = policy("SageMakerEndpointInvocationScalingPolicy");
    const custom = policy("fraud-invocations-policy");
    const steps = stepScaling(
      REAL_TIME,
      { endpointName: "fraud-scorer", variantName: "AllTraffic" },
      {
        outAbove: 600,
        outBy: 1,
        inBelow: 200,
        inBy: 1,
        outCooldown: 300,
        inCooldown: 300,
      },
    );
    const plan = buildInitPlan({ ...settings, steps }, { policies: [builtIn, custom] }, [builtIn, custom]);
    const deletes = plan.steps.filter((s) => s.operation === "DeleteScalingPolicy");
    expect(deletes.map((s) => [s.summary, s.undo?.summary])).toEqual([
      [
        'Delete the built-in target-tracking policy "SageMakerEndpointInvocationScalingPolicy", replaced by the step policies',
        'Recreate the built-in target-tracking policy "SageMakerEndpointInvocationScalingPolicy"',
      ],
      [
        'Delete the target-tracking policy "fraud-invocations-policy", replaced by the step policies',
        'Recreate the target-tracking policy "fraud-invocations-policy"',
      ],
    ]);
  });

  it("writes only what differs: an unchanged range is not registered again, an unchanged policy not put again", () => {
    const target = {
      ...key,
      MinCapacity: 2,
      MaxCapacity: 6,
      RoleARN: "r",
      CreationTime: new Date(0),
    } as never;
    const same = {
      ...policy("SageMakerEndpointInvocationScalingPolicy", "TargetTrackingScaling", 450),
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 450,
        PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
        ScaleInCooldown: 300,
        ScaleOutCooldown: 120,
        DisableScaleIn: true,
      },
    } as ScalingPolicy;
    expect(buildInitPlan(settings, { target, policies: [same] }).steps).toEqual([]);
    expect(
      buildInitPlan({ ...settings, maxCapacity: 8 }, { target, policies: [same] }).steps.map(
        (s) => s.operation,
      ),
    ).toEqual(["RegisterScalableTarget"]);
    expect(
      buildInitPlan({ ...settings, targetValue: 500 }, { target, policies: [same] }).steps.map(
        (s) => s.operation,
      ),
    ).toEqual(["PutScalingPolicy"]);
    // A cooldown AAS leaves out is its default, 300 s: not a change.
    const defaults = {
      ...same,
      TargetTrackingScalingPolicyConfiguration: {
        ...same.TargetTrackingScalingPolicyConfiguration!,
        ScaleInCooldown: undefined,
      },
    } as ScalingPolicy;
    expect(buildInitPlan(settings, { target, policies: [defaults] }).steps).toEqual([]);
    // Replacing a custom policy is a change on its own.
    const custom = policy("fraud-invocations-policy");
    expect(
      buildInitPlan(settings, { target, policies: [same, custom] }, [custom]).steps.map((s) => s.operation),
    ).toEqual(["DeleteScalingPolicy"]);
  });

  it("never deletes a policy it was not told to replace", () => {
    const plan = buildInitPlan(settings, { policies: [policy("keep-me")] });
    expect(plan.steps.some((s) => s.operation === "DeleteScalingPolicy")).toBe(false);
  });
});

describe("customTargetTrackingPolicies", () => {
  it("is every target-tracking policy but the built-in one; step policies and the mis-cased name are distinguished", () => {
    const found = customTargetTrackingPolicies([
      policy("SageMakerEndpointInvocationScalingPolicy"),
      policy("SagemakerEndpointInvocationScalingPolicy"),
      policy("scale-from-zero", "StepScaling"),
      policy("cpu"),
    ]);
    expect(found.map((p) => p.PolicyName)).toEqual(["SagemakerEndpointInvocationScalingPolicy", "cpu"]);
  });
});
