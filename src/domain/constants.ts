/** Facts from ../shared/docs/sagemaker-autoscaling.md, in one place. Section numbers refer to that document. */

export const SERVICE_NAMESPACE = "sagemaker";

/** §1: the scalable dimensions of SageMaker. */
export const DIMENSION = {
  variantInstances: "sagemaker:variant:DesiredInstanceCount",
  provisionedConcurrency: "sagemaker:variant:DesiredProvisionedConcurrency",
  inferenceComponentCopies: "sagemaker:inference-component:DesiredCopyCount",
} as const;

/** §3: the only name the console shows as its built-in policy. Case-sensitive. */
export const BUILT_IN_POLICY_NAME = "SageMakerEndpointInvocationScalingPolicy";

/** §2: the predefined metric the built-in policy tracks (invocations per instance per minute). */
export const INVOCATIONS_METRIC = "SageMakerVariantInvocationsPerInstance";

/** §4, §5: AAS defaults to 300 s for both cooldowns on SageMaker variants. */
export const DEFAULT_COOLDOWN_SECONDS = 300;

/** §4: AWS's load-testing guidance starts with a safety factor of 0.5. */
export const DEFAULT_SAFETY_FACTOR = 0.5;

/** §10: the service-linked role that Application Auto Scaling uses for SageMaker. */
export const SLR_SERVICE_NAME = "sagemaker.application-autoscaling.amazonaws.com";
export const SLR_ROLE_NAME = "AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint";

/** §9: a real-time variant scales between 1 and this many instances in practice; larger asks are almost surely typos. */
export const MAX_SANE_CAPACITY = 10_000;
/** A target above this many invocations per instance per minute (over 16,000 RPS on one instance) is a typo. */
export const MAX_SANE_TARGET = 1_000_000;

/** §11 */
export const PAGE = {
  scalableTargetIdsPerCall: 50,
  scalableTargets: 50,
  scalingPolicies: 10,
  scheduledActions: 50,
  activities: 50,
  listEndpoints: 100,
  listInferenceComponents: 100,
  alarmNamesPerCall: 100,
  /** GetMetricData: datapoints per call, and queries per call. */
  metricDatapoints: 100_800,
  metricQueries: 500,
} as const;

/** §9: Application Auto Scaling quotas per Region and account. */
export const QUOTA = {
  /** SageMaker scalable targets; the default, adjustable. */
  scalableTargets: 500,
  /** Scaling policies per scalable target, not adjustable. */
  policiesPerTarget: 50,
  scheduledActionsPerTarget: 200,
} as const;

/**
 * Alarms sm-autoscale creates itself (none today; the scale-from-zero step policies of async endpoints and
 * inference components will) start with this prefix, so teardown removes them and never anyone else's.
 * Target-tracking alarms (TargetTracking-…) belong to Application Auto Scaling and are never touched (§5).
 */
export const OWN_ALARM_PREFIX = "sm-autoscale-";

/** §2: the CloudWatch metric (namespace AWS/SageMaker) behind each SageMaker predefined metric, and its dimensions. */
export const PREDEFINED_METRIC_SOURCE: Record<
  string,
  { metricName: string; dimensions: "variant" | "component" }
> = {
  SageMakerVariantInvocationsPerInstance: { metricName: "InvocationsPerInstance", dimensions: "variant" },
  SageMakerInferenceComponentInvocationsPerCopy: {
    metricName: "InvocationsPerCopy",
    dimensions: "component",
  },
  SageMakerVariantProvisionedConcurrencyUtilization: {
    metricName: "ServerlessProvisionedConcurrencyUtilization",
    dimensions: "variant",
  },
  SageMakerVariantConcurrentRequestsPerModelHighResolution: {
    metricName: "ConcurrentRequestsPerModel",
    dimensions: "variant",
  },
  SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution: {
    metricName: "ConcurrentRequestsPerCopy",
    dimensions: "component",
  },
};

/** §9: endpoint states in which scaling cannot happen until someone acts (the others pass by themselves). */
export const STUCK_ENDPOINT_STATUSES = ["Failed", "OutOfService", "UpdateRollbackFailed"] as const;
