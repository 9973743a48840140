/**
 * What kind of SageMaker variant this is decides which dimension and metric can scale it (facts doc §1, §2, §6, §7).
 * Only instance-based real-time variants are configured by `init` today; the rest get an exact reason.
 */
export type VariantKind = "real-time" | "async" | "serverless" | "inference-components";

export interface VariantShape {
  instanceType?: string | undefined;
  hasServerlessConfig: boolean;
  endpointIsAsync: boolean;
  /** True when the endpoint hosts inference components (no model on the variant, or ICs listed). */
  hostsInferenceComponents: boolean;
}

export function classifyVariant(shape: VariantShape): VariantKind {
  if (shape.hasServerlessConfig) return "serverless";
  if (shape.endpointIsAsync) return "async";
  if (shape.hostsInferenceComponents) return "inference-components";
  return "real-time";
}

/** §9: burstable ml.t* instances cannot be registered as scalable targets. */
export function isBurstable(instanceType: string | undefined): boolean {
  return instanceType !== undefined && /^ml\.t\d/.test(instanceType);
}

/** Why `init` cannot configure this kind yet; undefined when it can. One or two sentences a user can act on. */
export function unsupportedKindReason(kind: VariantKind): string | undefined {
  switch (kind) {
    case "real-time":
      return undefined;
    case "async":
      return (
        "This is an asynchronous endpoint. Async endpoints never publish InvocationsPerInstance, so a policy on " +
        "SageMakerVariantInvocationsPerInstance would never fire; they scale on ApproximateBacklogSizePerInstance " +
        "(a customized metric), which sm-autoscale does not configure yet."
      );
    case "serverless":
      return (
        "This is a serverless variant. It has no instances to scale: only its provisioned concurrency scales, on " +
        "sagemaker:variant:DesiredProvisionedConcurrency with SageMakerVariantProvisionedConcurrencyUtilization, " +
        "which sm-autoscale does not configure yet."
      );
    case "inference-components":
      return (
        "This endpoint hosts inference components. They scale per component, on " +
        "sagemaker:inference-component:DesiredCopyCount with SageMakerInferenceComponentInvocationsPerCopy, " +
        "which sm-autoscale does not configure yet."
      );
  }
}

export const BURSTABLE_REASON =
  "Burstable ml.t* instances cannot be autoscaled (Application Auto Scaling rejects them). Move the variant to " +
  "a non-burstable type such as ml.m5.large first.";
