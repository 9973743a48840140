import type { ScalableTarget, ScalingPolicy } from "@aws-sdk/client-application-auto-scaling";
import {
  BUILT_IN_POLICY_NAME,
  DIMENSION,
  INVOCATIONS_METRIC,
  SERVICE_NAMESPACE,
  SLR_SERVICE_NAME,
} from "../domain/constants.js";
import { liveSettingsOf, type WantedSettings } from "../domain/init-changes.js";
import { resourceIdOf } from "../domain/names.js";
import type { PlanStep, ScalingPlan } from "./types.js";

/** What `init` writes (domain/init-changes.ts), and where. */
export interface InitSettings extends WantedSettings {
  endpointName: string;
  variantName: string;
}

export interface ExistingScaling {
  target?: ScalableTarget | undefined;
  policies: ScalingPolicy[];
}

/** Target-tracking policies on the variant under any name but the console's built-in one (facts doc §3). */
export function customTargetTrackingPolicies(policies: ScalingPolicy[]): ScalingPolicy[] {
  return policies.filter(
    (p) => p.PolicyType === "TargetTrackingScaling" && p.PolicyName !== BUILT_IN_POLICY_NAME,
  );
}

/**
 * What `init` changes, as data. Pure: the state it needs was read before. Every step that changes something
 * carries its undo, so a failure part-way puts the variant back as it was.
 *
 * Order: the role, then the target, then the built-in policy, and only then the removal of the custom policies
 * the user chose to replace, so that the variant is never left without a policy.
 *
 * Only what differs is written: a target that already has this range is not registered again (registering moves
 * the instance count, §14), a built-in policy that already has these settings is not put again, and the role is
 * made sure of only for a new target (an existing one proves it exists). A re-run that changes nothing has no
 * steps.
 */
export function buildInitPlan(
  settings: InitSettings,
  existing: ExistingScaling,
  replace: ScalingPolicy[] = [],
): ScalingPlan {
  const key = {
    ServiceNamespace: SERVICE_NAMESPACE,
    ResourceId: resourceIdOf(settings.endpointName, settings.variantName),
    ScalableDimension: DIMENSION.variantInstances,
  } as const;
  const where = `${settings.endpointName}/${settings.variantName}`;

  const builtIn = existing.policies.find((p) => p.PolicyName === BUILT_IN_POLICY_NAME);
  const live = liveSettingsOf(existing.target, builtIn);
  const registerNeeded =
    !existing.target ||
    live.minCapacity !== settings.minCapacity ||
    live.maxCapacity !== settings.maxCapacity;
  const putNeeded =
    !builtIn ||
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
      summary: `Register ${where} as a scalable target: ${settings.minCapacity} to ${settings.maxCapacity} instances`,
      undo: existing.target
        ? {
            service: "application-autoscaling",
            operation: "RegisterScalableTarget",
            input: {
              ...key,
              MinCapacity: existing.target.MinCapacity,
              MaxCapacity: existing.target.MaxCapacity,
            },
            summary: `Restore ${where} to ${existing.target.MinCapacity} to ${existing.target.MaxCapacity} instances`,
          }
        : {
            service: "application-autoscaling",
            operation: "DeregisterScalableTarget",
            input: { ...key },
            summary: `Deregister the scalable target ${where} this run registered`,
          },
    });
  }

  if (putNeeded) {
    steps.push({
      service: "application-autoscaling",
      operation: "PutScalingPolicy",
      input: {
        ...key,
        PolicyName: BUILT_IN_POLICY_NAME,
        PolicyType: "TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: settings.targetValue,
          PredefinedMetricSpecification: { PredefinedMetricType: INVOCATIONS_METRIC },
          ScaleInCooldown: settings.scaleInCooldown,
          ScaleOutCooldown: settings.scaleOutCooldown,
          DisableScaleIn: settings.disableScaleIn,
        },
      },
      summary:
        `Put the built-in policy ${BUILT_IN_POLICY_NAME}: keep ${INVOCATIONS_METRIC} at ${settings.targetValue} ` +
        `invocations per instance per minute (cooldowns in ${settings.scaleInCooldown} s, out ${settings.scaleOutCooldown} s` +
        `${settings.disableScaleIn ? ", scale-in disabled" : ""})`,
      undo: builtIn
        ? restorePolicyStep(builtIn, `Restore the previous settings of ${BUILT_IN_POLICY_NAME}`)
        : {
            service: "application-autoscaling",
            operation: "DeleteScalingPolicy",
            input: { ...key, PolicyName: BUILT_IN_POLICY_NAME },
            summary: `Delete the policy ${BUILT_IN_POLICY_NAME} this run created`,
          },
    });
  }

  for (const policy of replace) {
    steps.push({
      service: "application-autoscaling",
      operation: "DeleteScalingPolicy",
      input: { ...key, PolicyName: policy.PolicyName! },
      summary: `Delete the custom policy "${policy.PolicyName}", replaced by the built-in one`,
      undo: restorePolicyStep(policy, `Recreate the custom policy "${policy.PolicyName}"`),
    });
  }

  return { title: `Autoscale ${where} on invocations per instance`, steps };
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
