import type { ScalingPolicy } from "@aws-sdk/client-application-auto-scaling";
import type { RegionRead } from "../../src/aws/region-read.js";
import type { ModelPolicy } from "../../src/domain/describe-model.js";
import type { FindingTarget } from "../../src/domain/findings.js";

export const NOW = new Date("2025-06-01T12:00:00.000Z");
export const LONG_AGO = "2025-05-01T00:00:00.000Z";
export const TARGET = { region: "eu-west-3" };

export const rid = (endpoint: string, variant = "AllTraffic") => `endpoint/${endpoint}/variant/${variant}`;

/** A target-tracking policy as the model holds it; by default the healthy built-in one. */
export function modelPolicy(overrides: Partial<ModelPolicy> & { resourceId?: string } = {}): ModelPolicy {
  const { resourceId = rid("ep"), ...rest } = overrides;
  const name = rest.policyName ?? "SageMakerEndpointInvocationScalingPolicy";
  const metric = rest.metric ?? "SageMakerVariantInvocationsPerInstance";
  const targetValue = rest.targetValue ?? 100;
  const source: ScalingPolicy = {
    PolicyARN: "arn",
    PolicyName: name,
    ServiceNamespace: "sagemaker",
    ResourceId: resourceId,
    ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
    PolicyType: "TargetTrackingScaling",
    CreationTime: new Date(LONG_AGO),
    // "Namespace/MetricName" is a customized metric of the variant, as describe names it; else a predefined one.
    TargetTrackingScalingPolicyConfiguration: metric.includes("/")
      ? {
          TargetValue: targetValue,
          CustomizedMetricSpecification: {
            Namespace: metric.slice(0, metric.lastIndexOf("/")),
            MetricName: metric.slice(metric.lastIndexOf("/") + 1),
            Dimensions: [
              { Name: "EndpointName", Value: resourceId.split("/")[1] ?? "" },
              { Name: "VariantName", Value: resourceId.split("/")[3] ?? "" },
            ],
            Statistic: "Average",
          },
        }
      : {
          TargetValue: targetValue,
          PredefinedMetricSpecification: { PredefinedMetricType: metric as never },
        },
  };
  return {
    policyName: name,
    policyType: "TargetTrackingScaling",
    builtIn: name === "SageMakerEndpointInvocationScalingPolicy",
    metric,
    targetValue,
    scaleInCooldown: 300,
    scaleOutCooldown: 300,
    disableScaleIn: false,
    alarms: [
      // AAS names them after the resource and a UUID of the policy's: here, its name.
      { name: `TargetTracking-${resourceId}-AlarmHigh-${name}`, state: "OK" },
      { name: `TargetTracking-${resourceId}-AlarmLow-${name}`, state: "OK" },
    ],
    createdAt: LONG_AGO,
    source,
    triggered: null,
    wakeAlarm: null,
    triggers: [],
    step: null,
    ...rest,
  };
}

/** A healthy autoscaled real-time variant: InService, ml.m5.large, 1–4, the built-in policy, alarms OK. */
export function healthyVariant(overrides: Partial<FindingTarget> = {}): FindingTarget {
  const endpointName = overrides.endpointName ?? "ep";
  const variantName = overrides.variantName ?? "AllTraffic";
  const resourceId = rid(endpointName, variantName);
  return {
    endpointName,
    variantName,
    resourceId,
    scalableDimension: "sagemaker:variant:DesiredInstanceCount",
    kind: "real-time",
    endpointStatus: "InService",
    instanceType: "ml.m5.large",
    currentInstanceCount: 2,
    desiredInstanceCount: 2,
    minCapacity: 1,
    maxCapacity: 4,
    suspended: {
      dynamicScalingInSuspended: false,
      dynamicScalingOutSuspended: false,
      scheduledScalingSuspended: false,
    },
    policies: [modelPolicy({ resourceId })],
    scheduledActions: [],
    activities: [
      {
        startTime: "2025-05-30T10:00:00.000Z",
        statusCode: "Successful",
        description: "Setting desired instance count to 2.",
        statusMessage:
          "Successfully set desired instance count to 2. Change successfully fulfilled by sagemaker.",
      },
    ],
    orphan: null,
    failureReason: null,
    inferenceComponentName: null,
    currentCopyCount: null,
    desiredCopyCount: null,
    instancePools: null,
    shadow: false,
    serverless: null,
    managedInstanceScaling: null,
    variantRead: true,
    ...overrides,
  };
}

/** An empty read of a region, to build on. */
export function emptyRead(overrides: Partial<RegionRead> = {}): RegionRead {
  return {
    region: "eu-west-3",
    targets: [],
    policies: [],
    scheduledActions: [],
    endpoints: [],
    details: [],
    inferenceComponents: [],
    alarms: [],
    activities: [],
    unread: [],
    ...overrides,
  };
}
