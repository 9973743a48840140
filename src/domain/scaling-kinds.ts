import type {
  ScalableDimension,
  StepScalingPolicyConfiguration,
  TargetTrackingScalingPolicyConfiguration,
} from "@aws-sdk/client-application-auto-scaling";
import type { PutMetricAlarmInput } from "@aws-sdk/client-cloudwatch";
import { BUILT_IN_POLICY_NAME, DIMENSION, INVOCATIONS_METRIC, OWN_ALARM_PREFIX } from "./constants.js";
import { BURSTABLE_REASON, isBurstable, type VariantKind } from "./kinds.js";
import { resourceIdOf } from "./names.js";

/**
 * What `init` can scale, one module per kind of SageMaker resource (facts doc §1, §2, §6, §7, §14), each answering
 * the same questions: which scalable dimension and resource id, which metric its policy tracks and what its target
 * means, how low and how high its capacity may go, and what takes it out of zero. `init`, the plan builder and
 * the messages ask the kind; none of them switch on it.
 */
export type ScalingKindId = "real-time" | "async" | "serverless" | "inference-component";

/** The resource `init` configures, as read: a variant, or one inference component on a variant. */
export interface ScalingSubject {
  endpointName: string;
  variantName: string;
  instanceType?: string | undefined;
  /** Heterogeneous variants: the instance types of their pools (their sizes differ). */
  instancePools?: string[] | undefined;
  currentInstanceCount?: number | undefined;
  desiredInstanceCount?: number | undefined;
  /** Serverless variants: MaxConcurrency and the provisioned concurrency now (absent: on-demand). */
  serverless?:
    | { maxConcurrency?: number | undefined; provisionedConcurrency?: number | undefined }
    | undefined;
  /** Variants hosting inference components: their managed instance scaling. */
  managedInstanceScaling?: {
    status?: string | undefined;
    min?: number | undefined;
    max?: number | undefined;
  };
  /** Inference components: the one configured, with its copy counts. */
  component?: { name: string; desiredCopyCount?: number | undefined; currentCopyCount?: number | undefined };
}

/** The step policy and alarm that take a resource out of zero (§14): AAS's target tracking never does. */
export interface FromZero {
  policyName: string;
  step: StepScalingPolicyConfiguration;
  /** The alarm, without its AlarmActions: those are the step policy's ARN, known once it is put. */
  alarm: Omit<PutMetricAlarmInput, "AlarmActions">;
  /** What a user must know about waking from zero. */
  warning: string;
}

/** The signals a policy can track (`--metric`). */
export type SignalId =
  | "invocations"
  | "concurrency"
  | "cpu"
  | "gpu"
  | "gpu-memory"
  | "memory"
  | "backlog"
  | "provisioned-concurrency";

/** One thing to scale on: its own policy (name and metric), what its target means, and when it fits. */
export interface Signal {
  id: SignalId;
  /** One line: when this signal fits, for the wizard's choice. */
  when: string;
  /** The one policy init writes for it and re-reads on a re-run. */
  name: string;
  /** What it scales on, in a few words, for titles: "invocations per instance". */
  short: string;
  /** The metric members of its TargetTrackingScalingPolicyConfiguration. */
  metric(
    s: ScalingSubject,
  ): Pick<
    TargetTrackingScalingPolicyConfiguration,
    "PredefinedMetricSpecification" | "CustomizedMetricSpecification"
  >;
  /** What the number measures, after "Target …": "invocations per instance per minute". */
  targetUnit: string;
  /** Lines that say what the target means, before it is asked. */
  explain: string[];
  /** Why a target value is not acceptable; undefined when it is. Sentences start lower-case. */
  targetProblem(value: number | undefined): string | undefined;
  /**
   * Values for examples in messages (`--target 5`, `--scale-out-above 70 --scale-in-below 30`): valid on the
   * signal's scale, as a user would type them (utilisation as a percentage of the whole instance).
   */
  example: { target: number; scaleOutAbove: number; scaleInBelow: number };
  /** A documented starting value, when the signal has one and nothing better is known. */
  defaultTarget?: { value: number; basis: string };
  /**
   * The metric sums a percentage over the instance's vCPUs or GPUs (0–100 × count, §8): the target is given as a
   * percentage of the whole instance, and written multiplied by the count.
   */
  perUnit?: "vCPU" | "GPU";
}

export interface ScalingKind {
  id: ScalingKindId;
  /** The variant kind it configures, as detected from DescribeEndpoint/DescribeEndpointConfig (domain/kinds.ts). */
  variantKind: VariantKind;
  /** In the user's words: "real-time variant", "inference component". */
  label: string;
  dimension: ScalableDimension;
  /** What one unit of capacity is called. */
  unit: { one: string; many: string };
  /** The capacity as a whole, after "Minimum"/"Maximum": "instances", "copies", "provisioned concurrency". */
  capacityName: string;
  resourceId(s: ScalingSubject): string;
  /** "churn/AllTraffic", "llm/llama-ic (inference component)". */
  where(s: ScalingSubject): string;
  /** Capacity now: what AAS moves into [min, max] when the target is registered. */
  capacityNow(s: ScalingSubject): { current?: number | undefined; desired?: number | undefined };
  /** The lowest minimum allowed, and why not lower. */
  floor(s: ScalingSubject): { min: number; why: string };
  /** The highest maximum allowed, when the kind has one. */
  ceiling(s: ScalingSubject): { max: number; why: string } | undefined;
  /**
   * Why init cannot configure this resource at all (burstable, on-demand serverless…); undefined when it can.
   * `short`: the same in a few words, for a greyed-out choice in a picker.
   */
  refusal(s: ScalingSubject): { reason: string; hint: string; short: string } | undefined;
  /** The signal init writes by default; `init --metric` or the wizard may choose another of `signals`. */
  policy: Signal;
  /** Every signal this kind can scale on (the default first), each with its own policy. */
  signals: Signal[];
  /** The steps that take it out of zero, for kinds that can rest there. */
  fromZero?(s: ScalingSubject): FromZero;
}

/** A target on a count per minute: greater than 0, and not absurdly large (a typo for per second). */
function countTargetProblem(unit: string): (value: number | undefined) => string | undefined {
  return (value) => {
    if (value === undefined || Number.isNaN(value)) return "the target must be a number.";
    if (value <= 0) return `the target must be greater than 0 ${unit}.`;
    if (value > 1_000_000) return `the target must be at most 1000000 ${unit}.`;
    return undefined;
  };
}

const variantKey = (s: ScalingSubject) => resourceIdOf(s.endpointName, s.variantName);
const variantWhere = (s: ScalingSubject) => `${s.endpointName}/${s.variantName}`;
const instancesNow = (s: ScalingSubject) => ({
  current: s.currentInstanceCount,
  desired: s.desiredInstanceCount,
});

/** The async metric and its alarm (§6, §14; https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference-autoscale.html). */
export const BACKLOG_METRIC = "ApproximateBacklogSizePerInstance";
export const ASYNC_POLICY_NAME = "sm-autoscale-async-backlog-per-instance";
export const ASYNC_FROM_ZERO_POLICY_NAME = "sm-autoscale-async-scale-out-from-zero";
/** The doc example's target (TargetValue 5.0, [SM-ASYNC]). */
export const ASYNC_DEFAULT_TARGET = 5;

/** The provisioned-concurrency utilisation target AWS's serverless guide uses (serverless-endpoints-autoscale.html). */
export const SERVERLESS_DEFAULT_TARGET = 0.5;
export const SERVERLESS_POLICY_NAME = "sm-autoscale-provisioned-concurrency";

export const IC_POLICY_NAME = "sm-autoscale-invocations-per-copy";

/** Target-tracking signals (facts doc §2, §6, §7, §8, §14): each is one policy; each kind lists its own. */

const INVOCATIONS_PER_INSTANCE: Signal = {
  id: "invocations",
  when: "short, similar requests: the console's built-in policy (the default)",
  name: BUILT_IN_POLICY_NAME,
  short: "invocations per instance",
  metric: () => ({ PredefinedMetricSpecification: { PredefinedMetricType: INVOCATIONS_METRIC } }),
  targetUnit: "invocations per instance per minute",
  example: { target: 300, scaleOutAbove: 600, scaleInBelow: 200 },
  explain: ["It counts invocations per instance per MINUTE, not requests per second."],
  targetProblem: (value) => {
    const problem = countTargetProblem("invocations per instance per minute")(value);
    return problem && value !== undefined && value > 1_000_000
      ? `${problem.slice(0, -1)} (that is per minute, not per second).`
      : problem;
  },
};

const BACKLOG: Signal = {
  id: "backlog",
  when: "the queue of requests per instance: what async endpoints scale on (the default)",
  name: ASYNC_POLICY_NAME,
  short: "its queue (backlog per instance)",
  // Dimension EndpointName only: the metric is published per endpoint, not per variant (§6).
  metric: (s) => ({
    CustomizedMetricSpecification: {
      MetricName: BACKLOG_METRIC,
      Namespace: "AWS/SageMaker",
      Dimensions: [{ Name: "EndpointName", Value: s.endpointName }],
      Statistic: "Average",
    },
  }),
  targetUnit: "queued requests per instance",
  example: { target: ASYNC_DEFAULT_TARGET, scaleOutAbove: 10, scaleInBelow: 2 },
  explain: [
    `It tracks ${BACKLOG_METRIC}: the requests waiting in the endpoint's queue, divided by its instances.`,
    "Async endpoints never publish InvocationsPerInstance, so that metric would never scale them.",
    "A lower target adds instances sooner (shorter waits, higher cost); a higher one lets the queue grow.",
  ],
  targetProblem: countTargetProblem("queued requests per instance"),
  defaultTarget: { value: ASYNC_DEFAULT_TARGET, basis: "the value AWS's async autoscaling guide uses" },
};

const PROVISIONED_CONCURRENCY: Signal = {
  id: "provisioned-concurrency",
  when: "the fraction of provisioned concurrency in use: the only signal for serverless",
  name: SERVERLESS_POLICY_NAME,
  short: "provisioned concurrency utilization",
  metric: () => ({
    PredefinedMetricSpecification: {
      PredefinedMetricType: "SageMakerVariantProvisionedConcurrencyUtilization",
    },
  }),
  targetUnit: "of provisioned concurrency in use, a fraction from 0 to 1",
  example: { target: SERVERLESS_DEFAULT_TARGET, scaleOutAbove: 0.8, scaleInBelow: 0.3 },
  explain: [
    "It tracks SageMakerVariantProvisionedConcurrencyUtilization: the fraction of the provisioned concurrency in use.",
    "0.5 keeps half of it free for bursts; closer to 1 is cheaper and leaves less headroom.",
  ],
  targetProblem: (value) =>
    value === undefined || Number.isNaN(value) || value <= 0 || value > 1
      ? "the target must be a fraction of provisioned concurrency in use, greater than 0 and at most 1 (e.g. 0.5)."
      : undefined,
  defaultTarget: {
    value: SERVERLESS_DEFAULT_TARGET,
    basis: "the value AWS's serverless autoscaling guide uses",
  },
};

const INVOCATIONS_PER_COPY: Signal = {
  id: "invocations",
  when: "short, similar requests (the default)",
  name: IC_POLICY_NAME,
  short: "invocations per copy",
  metric: () => ({
    PredefinedMetricSpecification: {
      PredefinedMetricType: "SageMakerInferenceComponentInvocationsPerCopy",
    },
  }),
  targetUnit: "invocations per copy per minute",
  example: { target: 300, scaleOutAbove: 600, scaleInBelow: 200 },
  explain: ["It counts invocations per copy of the model per MINUTE, not requests per second."],
  targetProblem: countTargetProblem("invocations per copy per minute"),
};

/**
 * High-resolution concurrency (10-second data, §2, §5): requests being handled at once, including those queued in
 * the container and, for streaming, until the last token. AWS recommends it for LLMs and long requests.
 */
const CONCURRENCY_PER_MODEL: Signal = {
  id: "concurrency",
  when: "long or streaming requests (LLMs): requests in flight per model, every 10 s",
  name: "sm-autoscale-concurrency",
  short: "concurrent requests per model",
  metric: () => ({
    PredefinedMetricSpecification: {
      PredefinedMetricType: "SageMakerVariantConcurrentRequestsPerModelHighResolution",
    },
  }),
  targetUnit: "concurrent requests per model",
  example: { target: 4, scaleOutAbove: 6, scaleInBelow: 2 },
  explain: [
    "It tracks SageMakerVariantConcurrentRequestsPerModelHighResolution: requests a model container handles at once (queued ones included), every 10 s.",
    "Set it to the concurrency one model serves at the latency you want, from a load test.",
  ],
  targetProblem: countTargetProblem("concurrent requests per model"),
};

const CONCURRENCY_PER_COPY: Signal = {
  ...CONCURRENCY_PER_MODEL,
  name: "sm-autoscale-concurrency-per-copy",
  short: "concurrent requests per copy",
  metric: () => ({
    PredefinedMetricSpecification: {
      PredefinedMetricType: "SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution",
    },
  }),
  targetUnit: "concurrent requests per copy",
  explain: [
    "It tracks SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution: requests one copy handles at once, every 10 s.",
    "Set it to the concurrency one copy serves at the latency you want, from a load test.",
  ],
  targetProblem: countTargetProblem("concurrent requests per copy"),
};

/** The utilisation metrics of instance endpoints (§8, §14: /aws/sagemaker/Endpoints, Average, Percent). */
const UTILIZATION = {
  cpu: { metric: "CPUUtilization", what: "CPU", perUnit: "vCPU", when: "CPU-bound models" },
  gpu: { metric: "GPUUtilization", what: "GPU", perUnit: "GPU", when: "GPU-bound models" },
  "gpu-memory": {
    metric: "GPUMemoryUtilization",
    what: "GPU memory",
    perUnit: "GPU",
    when: "models limited by GPU memory (large batches, KV caches)",
  },
  memory: {
    metric: "MemoryUtilization",
    what: "memory",
    perUnit: undefined,
    when: "models limited by host memory",
  },
} as const;

type UtilizationId = keyof typeof UTILIZATION;

/** Utilisation examples, as a percentage: the common 60–70 % target, scale in well below it. */
const UTILIZATION_EXAMPLE = { target: 60, scaleOutAbove: 70, scaleInBelow: 30 };

/** A percentage target of `whole` ("the whole instance", "the GPU given to each copy"). */
const percentProblem =
  (whole: string) =>
  (value: number | undefined): string | undefined =>
    value === undefined || Number.isNaN(value) || value <= 0 || value > 100
      ? `the target must be a percentage of ${whole}, greater than 0 and at most 100.`
      : undefined;

/**
 * A utilisation signal of a variant. CPUUtilization sums the cores (0–100 × vCPUs) and the GPU metrics the GPUs
 * (0–100 × GPUs), §8: the target is asked as a percentage of the whole instance and written multiplied by the
 * count (`perUnit`), so "60 %" on a 4-GPU instance is 240, not the 60 that never scales.
 */
function utilization(id: UtilizationId): Signal {
  const u = UTILIZATION[id];
  return {
    id,
    when: `${u.when}: ${u.what} use of the instance`,
    name: `sm-autoscale-${id}-utilization`,
    short: `${u.what} utilization`,
    metric: (s) => ({
      CustomizedMetricSpecification: {
        MetricName: u.metric,
        Namespace: "/aws/sagemaker/Endpoints",
        Dimensions: [
          { Name: "EndpointName", Value: s.endpointName },
          { Name: "VariantName", Value: s.variantName },
        ],
        Statistic: "Average",
      },
    }),
    targetUnit: `% of the instance's ${u.what}`,
    example: UTILIZATION_EXAMPLE,
    explain: u.perUnit
      ? [
          `It tracks ${u.metric}, which counts 0–100 per ${u.perUnit}: 60 on a 4-${u.perUnit} instance is 15 % of it.`,
          `Give the target as a percentage of the whole instance; sm-autoscale multiplies it by the ${u.perUnit} count.`,
        ]
      : [`It tracks ${u.metric}: 0–100 % of the instance's memory.`],
    targetProblem: percentProblem("the whole instance"),
    ...(u.perUnit ? { perUnit: u.perUnit } : {}),
  };
}

/**
 * A utilisation signal of an inference component: the …Normalized metrics in /aws/sagemaker/InferenceComponents
 * (dimension InferenceComponentName, 0–100 %, §14), already a share of what each copy was given.
 */
function componentUtilization(id: UtilizationId): Signal {
  const u = UTILIZATION[id];
  const metric = `${u.metric}Normalized`;
  return {
    id,
    when: `${u.when}: ${u.what} use of what each copy was given`,
    name: `sm-autoscale-${id}-utilization-per-copy`,
    short: `${u.what} utilization per copy`,
    metric: (s) => ({
      CustomizedMetricSpecification: {
        MetricName: metric,
        Namespace: "/aws/sagemaker/InferenceComponents",
        Dimensions: [{ Name: "InferenceComponentName", Value: s.component?.name ?? "" }],
        Statistic: "Average",
      },
    }),
    targetUnit: `% of the ${u.what} given to each copy`,
    example: UTILIZATION_EXAMPLE,
    explain: [`It tracks ${metric}: 0–100 % of the ${u.what} each copy was given.`],
    targetProblem: percentProblem(`the ${u.what} given to each copy`),
  };
}
/** What every variant that scales its instances shares (real-time and async): the dimension, the unit, the key. */
const INSTANCE_VARIANT = {
  dimension: DIMENSION.variantInstances,
  unit: { one: "instance", many: "instances" },
  capacityName: "instances",
  resourceId: variantKey,
  where: variantWhere,
  capacityNow: instancesNow,
  ceiling: () => undefined,
} satisfies Partial<ScalingKind>;

/** Instance-based real-time variants: the console's built-in policy on invocations per instance (§3). */
export const REAL_TIME: ScalingKind = {
  ...INSTANCE_VARIANT,
  variantKind: "real-time",
  id: "real-time",
  label: "real-time variant",
  floor: () => ({ min: 1, why: "real-time variants cannot scale to zero" }),
  refusal: (s) =>
    isBurstable(s.instanceType)
      ? {
          reason: `Variant ${s.variantName} runs on ${s.instanceType}. ${BURSTABLE_REASON}`,
          hint: "No changes made.",
          short: `burstable ${s.instanceType}: cannot be autoscaled`,
        }
      : undefined,
  policy: INVOCATIONS_PER_INSTANCE,
  signals: [
    INVOCATIONS_PER_INSTANCE,
    CONCURRENCY_PER_MODEL,
    utilization("cpu"),
    utilization("gpu"),
    utilization("gpu-memory"),
    utilization("memory"),
  ],
};

/** Async endpoints: target tracking on the queue per instance; they may rest at zero instances. */
export const ASYNC: ScalingKind = {
  ...INSTANCE_VARIANT,
  variantKind: "async",
  id: "async",
  label: "asynchronous endpoint variant",
  floor: () => ({ min: 0, why: "async endpoints may rest at zero instances" }),
  refusal: REAL_TIME.refusal,
  policy: BACKLOG,
  // Async endpoints publish the instance utilisation metrics too. ConcurrentRequestsPerModel counts requests held
  // by the container, which the queue makes a poor signal here (UNCONFIRMED whether it is published for async
  // endpoints at all): not offered.
  signals: [
    BACKLOG,
    utilization("cpu"),
    utilization("gpu"),
    utilization("gpu-memory"),
    utilization("memory"),
  ],
  fromZero: (s) => ({
    policyName: ASYNC_FROM_ZERO_POLICY_NAME,
    // [SM-ASYNC]: "HasBacklogWithoutCapacity-ScalingPolicy" in the doc; the values are its.
    step: {
      AdjustmentType: "ChangeInCapacity",
      MetricAggregationType: "Average",
      Cooldown: 300,
      StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
    },
    alarm: {
      AlarmName: alarmName(s.endpointName, "has-backlog-without-capacity"),
      AlarmDescription: `sm-autoscale: wakes ${s.endpointName} from zero instances when requests are queued.`,
      MetricName: "HasBacklogWithoutCapacity",
      Namespace: "AWS/SageMaker",
      Statistic: "Average",
      Dimensions: [{ Name: "EndpointName", Value: s.endpointName }],
      Period: 60,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      TreatMissingData: "missing",
    },
    warning:
      "At zero instances, requests wait in the queue: the alarm adds the first instance after about 2 minutes of backlog, and it takes several more to start.",
  }),
};

/** Serverless variants with provisioned concurrency: only that concurrency scales (§7, §14). */
export const SERVERLESS: ScalingKind = {
  variantKind: "serverless",
  id: "serverless",
  label: "serverless variant (provisioned concurrency)",
  dimension: DIMENSION.provisionedConcurrency,
  unit: { one: "unit of provisioned concurrency", many: "units of provisioned concurrency" },
  capacityName: "provisioned concurrency",
  resourceId: variantKey,
  where: variantWhere,
  capacityNow: (s) => ({
    current: s.serverless?.provisionedConcurrency,
    desired: s.serverless?.provisionedConcurrency,
  }),
  // Sources are cited here, never in the messages: serverless-endpoints-autoscale.html (min 1 to MaxConcurrency),
  // and [BOTO] ProductionVariantServerlessConfig (ProvisionedConcurrency at most MaxConcurrency).
  floor: () => ({
    min: 1,
    why: "provisioned concurrency scales between 1 and the variant's MaxConcurrency",
  }),
  ceiling: (s) =>
    s.serverless?.maxConcurrency === undefined
      ? undefined
      : {
          max: s.serverless.maxConcurrency,
          why: `provisioned concurrency cannot exceed the variant's MaxConcurrency of ${s.serverless.maxConcurrency}`,
        },
  refusal: (s) =>
    s.serverless?.provisionedConcurrency === undefined
      ? {
          reason: `Variant ${s.variantName} is serverless on demand: it scales by itself, down to zero, and has nothing to register. Only provisioned concurrency can be autoscaled.`,
          short: "it scales by itself: nothing to register",
          hint: "To autoscale it, give the variant provisioned concurrency first: create an endpoint config whose ServerlessConfig has ProvisionedConcurrency (1 to its MaxConcurrency), update the endpoint to it, then run `sm-autoscale init` again.",
        }
      : undefined,
  policy: PROVISIONED_CONCURRENCY,
  // AAS accepts only this metric on this dimension (facts doc §14, aws/aws-cdk#29065).
  signals: [PROVISIONED_CONCURRENCY],
};

export const IC_FROM_ZERO_POLICY_NAME = "sm-autoscale-ic-scale-out-from-zero";

/** Inference components: copies scale, on invocations per copy (§14, endpoint-auto-scaling-zero-instances.html). */
export const INFERENCE_COMPONENT: ScalingKind = {
  variantKind: "inference-components",
  id: "inference-component",
  label: "inference component",
  dimension: DIMENSION.inferenceComponentCopies,
  unit: { one: "copy", many: "copies" },
  capacityName: "copies",
  resourceId: (s) => `inference-component/${s.component?.name ?? ""}`,
  where: (s) => `${s.endpointName}/${s.component?.name ?? "?"} (inference component)`,
  capacityNow: (s) => ({ current: s.component?.currentCopyCount, desired: s.component?.desiredCopyCount }),
  floor: (s) =>
    s.managedInstanceScaling?.min === 0
      ? { min: 0, why: "its endpoint's managed instance scaling allows zero instances" }
      : {
          min: 1,
          why:
            s.managedInstanceScaling?.status === "ENABLED"
              ? `copies can scale to zero only where the endpoint's managed instance scaling allows zero instances, and ${s.endpointName}/${s.variantName} keeps at least ${s.managedInstanceScaling.min ?? "?"}`
              : `copies can scale to zero only where the endpoint's managed instance scaling allows zero instances (MinInstanceCount 0), and ${s.endpointName}/${s.variantName} has no managed instance scaling`,
        },
  ceiling: () => undefined,
  refusal: () => undefined,
  policy: INVOCATIONS_PER_COPY,
  signals: [
    INVOCATIONS_PER_COPY,
    CONCURRENCY_PER_COPY,
    componentUtilization("cpu"),
    componentUtilization("gpu"),
    componentUtilization("gpu-memory"),
    componentUtilization("memory"),
  ],
  fromZero: (s) => {
    const name = s.component?.name ?? "";
    return {
      policyName: IC_FROM_ZERO_POLICY_NAME,
      // The values of endpoint-auto-scaling-zero-instances.html (§5 Scale to zero).
      step: {
        AdjustmentType: "ChangeInCapacity",
        MetricAggregationType: "Maximum",
        Cooldown: 60,
        StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
      },
      alarm: {
        AlarmName: alarmName(name, "no-capacity-invocation-failures"),
        AlarmDescription: `sm-autoscale: wakes inference component ${name} from zero copies when requests fail for want of one.`,
        MetricName: "NoCapacityInvocationFailures",
        Namespace: "AWS/SageMaker",
        Statistic: "Sum",
        Dimensions: [{ Name: "InferenceComponentName", Value: name }],
        Period: 60,
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanThreshold",
      },
      warning:
        "At zero copies, requests FAIL until a copy is up: the alarm fires after a minute with more than one failed request, and starting an instance and a copy takes several minutes.",
    };
  },
};

export const SCALING_KINDS = [REAL_TIME, ASYNC, SERVERLESS, INFERENCE_COMPONENT] as const;

/** The module for a variant of this kind, as detected (domain/kinds.ts): for inference-component variants, the component's. */
export function scalingKindOf(variantKind: VariantKind): ScalingKind {
  return SCALING_KINDS.find((k) => k.variantKind === variantKind) ?? REAL_TIME;
}

/**
 * An alarm name of ours (OWN_ALARM_PREFIX, so teardown finds it) for a resource: at most 255 characters (the
 * PutMetricAlarm limit, [BOTO] AlarmName), the resource name cut first if it must be.
 */
export function alarmName(resource: string, purpose: string): string {
  const room = 255 - OWN_ALARM_PREFIX.length - purpose.length - 1;
  return `${OWN_ALARM_PREFIX}${resource.slice(0, room)}-${purpose}`;
}
