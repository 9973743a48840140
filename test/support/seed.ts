// Scenario builders: create SageMaker endpoints of every kind (real-time, heterogeneous instance pools, async,
// serverless on demand or with provisioned concurrency, inference components, shadow variants), autoscaling state,
// CloudWatch alarms and metric history in the emulator with the SDK, as a user would, plus a normalised read-back of
// the autoscaling state for comparing two ways of producing it (the CLI's SDK path and the replay of its printed
// `aws ...` commands). Seed through the proxy: moto alone has no inference components and drops parts of configs.
//
// Every helper takes `{ url, region? }` first (url = moto, or the proxy in front of it). `seeder(url, region)`
// returns the same helpers bound to one place, with the signatures of the brief:
//   const s = seeder(proxy.url, "eu-west-1");
//   await s.seedEndpoint({ name: "ep", variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 2 }] });

import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  type DescribeScalableTargetsCommandOutput,
  DescribeScalingPoliciesCommand,
  type DescribeScalingPoliciesCommandOutput,
  DescribeScheduledActionsCommand,
  type DescribeScheduledActionsCommandOutput,
  type MetricType,
  PutScalingPolicyCommand,
  PutScheduledActionCommand,
  RegisterScalableTargetCommand,
  type ScalableDimension,
  type StepScalingPolicyConfiguration,
  type TargetTrackingScalingPolicyConfiguration,
} from "@aws-sdk/client-application-auto-scaling";
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  type DescribeAlarmsCommandOutput,
  type MetricDatum,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
  PutMetricDataCommand,
  type StandardUnit,
} from "@aws-sdk/client-cloudwatch";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateInferenceComponentCommand,
  type CreateInferenceComponentCommandInput,
  CreateModelCommand,
  type ProductionVariant,
  type ProductionVariantInstanceType,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { DEFAULT_REGION, MOTO_ACCOUNT_ID } from "./env.js";
import { emulatorClientConfig } from "./sdk.js";

export interface SeedTarget {
  /** moto's URL or the proxy's. */
  url: string;
  /** Default us-east-1. */
  region?: string;
  /**
   * The access key to sign with (default the dummy one, moto's account 123456789012). moto files everything under
   * the account an access key belongs to: a key from an STS AssumeRole into another account's role seeds that
   * account, isolated from every other file's.
   */
  accessKeyId?: string;
}

export const DIM_INSTANCES = "sagemaker:variant:DesiredInstanceCount";
export const DIM_PROVISIONED_CONCURRENCY = "sagemaker:variant:DesiredProvisionedConcurrency";
export const DIM_COPY_COUNT = "sagemaker:inference-component:DesiredCopyCount";

export const variantResourceId = (endpoint: string, variant: string) =>
  `endpoint/${endpoint}/variant/${variant}`;
export const inferenceComponentResourceId = (name: string) => `inference-component/${name}`;

/** The execution role every seeded model and IC endpoint config names (a fake ARN; moto does not check it). */
export const EXECUTION_ROLE_ARN = `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/sm-autoscale-test-execution-role`;

async function withClients<T>(
  at: SeedTarget,
  fn: (c: { sm: SageMakerClient; aas: ApplicationAutoScalingClient; cw: CloudWatchClient }) => Promise<T>,
): Promise<T> {
  const cfg = emulatorClientConfig(at.url, at.region ?? DEFAULT_REGION, {
    maxAttempts: 3,
    ...(at.accessKeyId ? { accessKeyId: at.accessKeyId } : {}),
  });
  const c = {
    sm: new SageMakerClient(cfg),
    aas: new ApplicationAutoScalingClient(cfg),
    // SDK v3 gzips PutMetricData bodies >= 10 KiB (Content-Encoding: gzip); moto 5.2.1 then answers HTTP 500
    // (BadGzipFile), so send them uncompressed.
    cw: new CloudWatchClient({ ...cfg, disableRequestCompression: true }),
  };
  try {
    return await fn(c);
  } finally {
    c.sm.destroy();
    c.aas.destroy();
    c.cw.destroy();
  }
}

// ------------------------------------------------------------------------------------------------ endpoints

export interface VariantSpec {
  name: string;
  /** Ignored for serverless endpoints and when `pools` is given. Default ml.m5.large. */
  instanceType?: string;
  /** InitialInstanceCount (default 1). Ignored for serverless endpoints. */
  count?: number;
  /** InitialVariantWeight (default 1). */
  weight?: number;
  /** A heterogeneous variant: InstancePools (1-5 pools, priorities 1-5, 1 first) instead of one InstanceType. */
  pools?: InstancePoolSpec[];
}

export interface InstancePoolSpec {
  instanceType: string;
  priority: number;
}

/** One inference component (or an adapter of one) on an IC endpoint. */
export interface InferenceComponentSpec {
  name: string;
  /** RuntimeConfig.CopyCount (0 allowed). Ignored for an adapter. */
  copies: number;
  /** An adapter IC of this base IC (BaseInferenceComponentName; no copies of its own). */
  adapterOf?: string;
  /** ComputeResourceRequirements.MinMemoryRequiredInMb (default 1024). */
  memoryMb?: number;
  /** ComputeResourceRequirements.NumberOfCpuCoresRequired. */
  cpus?: number;
  /** ComputeResourceRequirements.NumberOfAcceleratorDevicesRequired. */
  accelerators?: number;
  /** Container image (default a fake ECR image named after the IC). */
  image?: string;
}

/** An endpoint that hosts inference components: one variant without a model. */
export interface InferenceComponentEndpointSpec {
  /** Default AllTraffic. */
  variant?: string;
  /** Ignored when `pools` is given. */
  instanceType?: string;
  /** InitialInstanceCount (default 1). */
  count?: number;
  /** ManagedInstanceScaling {Status ENABLED, MinInstanceCount min, MaxInstanceCount max}. */
  managedScaling?: { min: number; max: number; scaleInStrategy?: "IDLE_RELEASE" | "CONSOLIDATION" };
  /** InstancePools instead of one InstanceType. */
  pools?: InstancePoolSpec[];
  /** RoutingConfig.RoutingStrategy (default LEAST_OUTSTANDING_REQUESTS). */
  routing?: "LEAST_OUTSTANDING_REQUESTS" | "RANDOM";
  components: InferenceComponentSpec[];
}

export interface ServerlessSpec {
  /** MemorySizeInMB: 1024-6144 in steps of 1024. */
  memory: number;
  maxConcurrency: number;
  provisionedConcurrency?: number;
}

export interface SeedEndpointSpec {
  name: string;
  /** Default: one variant AllTraffic on ml.m5.large x1 (or serverless AllTraffic). Ignored with inferenceComponents. */
  variants?: VariantSpec[];
  /** Adds AsyncInferenceConfig to the endpoint config. */
  async?: boolean;
  /** Makes every variant (and shadow variant) serverless; without provisionedConcurrency: on demand. */
  serverless?: ServerlessSpec;
  /** An inference-component endpoint: its one variant (no model), then its ICs, all InService. */
  inferenceComponents?: InferenceComponentEndpointSpec;
  /** ShadowProductionVariants (AWS allows one, next to exactly one production variant). */
  shadowVariants?: VariantSpec[];
}

export interface SeededEndpoint {
  endpointName: string;
  endpointConfigName: string;
  /** "" for an inference-component endpoint (its variant has no model). */
  modelName: string;
  variants: string[];
  shadowVariants: string[];
  /** The ICs created on it, in order. */
  inferenceComponents: string[];
  endpointArn: string;
}

const pools = (list: InstancePoolSpec[]) =>
  list.map((p) => ({ InstanceType: p.instanceType as ProductionVariantInstanceType, Priority: p.priority }));

/** The CreateInferenceComponent input for one IC (or adapter) on `endpoint`'s `variant`. */
export function inferenceComponentInput(
  region: string,
  endpoint: string,
  variant: string,
  c: InferenceComponentSpec,
): CreateInferenceComponentCommandInput {
  if (c.adapterOf !== undefined) {
    return {
      InferenceComponentName: c.name,
      EndpointName: endpoint,
      Specification: {
        BaseInferenceComponentName: c.adapterOf,
        Container: { ArtifactUrl: `s3://sm-autoscale-test-models-${region}/${c.name}/adapter.tar.gz` },
      },
    };
  }
  const needs: {
    MinMemoryRequiredInMb: number;
    NumberOfCpuCoresRequired?: number;
    NumberOfAcceleratorDevicesRequired?: number;
  } = { MinMemoryRequiredInMb: c.memoryMb ?? 1024 };
  if (c.cpus !== undefined) needs.NumberOfCpuCoresRequired = c.cpus;
  if (c.accelerators !== undefined) needs.NumberOfAcceleratorDevicesRequired = c.accelerators;
  return {
    InferenceComponentName: c.name,
    EndpointName: endpoint,
    VariantName: variant,
    Specification: {
      Container: { Image: c.image ?? `${MOTO_ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com/${c.name}:latest` },
      ComputeResourceRequirements: needs,
    },
    RuntimeConfig: { CopyCount: c.copies },
  };
}

/**
 * CreateModel + CreateEndpointConfig + CreateEndpoint (the execution role is a fake ARN); for an inference-component
 * endpoint no model, but its ICs after the endpoint. Everything is InService when this returns.
 */
export async function seedEndpoint(at: SeedTarget, spec: SeedEndpointSpec): Promise<SeededEndpoint> {
  const region = at.region ?? DEFAULT_REGION;
  const ic = spec.inferenceComponents;
  const modelName = ic ? "" : `${spec.name}-model`;
  const configName = `${spec.name}-config`;
  const variants: VariantSpec[] = ic
    ? [{ name: ic.variant ?? "AllTraffic" }]
    : (spec.variants ?? [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 1 }]);
  const shadows = spec.shadowVariants ?? [];
  return await withClients(at, async ({ sm }) => {
    if (!ic) {
      await sm.send(
        new CreateModelCommand({
          ModelName: modelName,
          ExecutionRoleArn: EXECUTION_ROLE_ARN,
          PrimaryContainer: {
            Image: `${MOTO_ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com/${spec.name}:latest`,
            ModelDataUrl: `s3://sm-autoscale-test-models-${region}/${spec.name}/model.tar.gz`,
          },
        }),
      );
    }
    const variantOf = (v: VariantSpec): ProductionVariant => {
      const pv: ProductionVariant = { VariantName: v.name, InitialVariantWeight: v.weight ?? 1 };
      if (!ic) pv.ModelName = modelName;
      if (spec.serverless && !ic) {
        pv.ServerlessConfig = {
          MemorySizeInMB: spec.serverless.memory,
          MaxConcurrency: spec.serverless.maxConcurrency,
        };
        if (spec.serverless.provisionedConcurrency !== undefined) {
          pv.ServerlessConfig.ProvisionedConcurrency = spec.serverless.provisionedConcurrency;
        }
      } else if (v.pools) {
        pv.InstancePools = pools(v.pools);
        pv.InitialInstanceCount = v.count ?? 1;
      } else {
        pv.InstanceType = (v.instanceType ?? "ml.m5.large") as ProductionVariantInstanceType;
        pv.InitialInstanceCount = v.count ?? 1;
      }
      return pv;
    };
    const productionVariants: ProductionVariant[] = variants.map(variantOf);
    if (ic) {
      const pv = productionVariants[0] as ProductionVariant;
      delete pv.InitialVariantWeight;
      delete pv.InstanceType;
      pv.InitialInstanceCount = ic.count ?? 1;
      if (ic.pools) pv.InstancePools = pools(ic.pools);
      else pv.InstanceType = (ic.instanceType ?? "ml.g5.2xlarge") as ProductionVariantInstanceType;
      if (ic.managedScaling) {
        pv.ManagedInstanceScaling = {
          Status: "ENABLED",
          MinInstanceCount: ic.managedScaling.min,
          MaxInstanceCount: ic.managedScaling.max,
        };
        if (ic.managedScaling.scaleInStrategy) {
          pv.ManagedInstanceScaling.ScaleInPolicy = { Strategy: ic.managedScaling.scaleInStrategy };
        }
      }
      pv.RoutingConfig = { RoutingStrategy: ic.routing ?? "LEAST_OUTSTANDING_REQUESTS" };
    }
    await sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: configName,
        ProductionVariants: productionVariants,
        ...(shadows.length > 0 ? { ShadowProductionVariants: shadows.map(variantOf) } : {}),
        ...(ic ? { ExecutionRoleArn: EXECUTION_ROLE_ARN } : {}),
        ...(spec.async
          ? {
              AsyncInferenceConfig: {
                OutputConfig: { S3OutputPath: `s3://sm-autoscale-test-async-${region}/${spec.name}/output` },
              },
            }
          : {}),
      }),
    );
    const out = await sm.send(
      new CreateEndpointCommand({ EndpointName: spec.name, EndpointConfigName: configName }),
    );
    const components: string[] = [];
    for (const c of ic?.components ?? []) {
      await sm.send(
        new CreateInferenceComponentCommand(
          inferenceComponentInput(region, spec.name, ic?.variant ?? "AllTraffic", c),
        ),
      );
      components.push(c.name);
    }
    return {
      endpointName: spec.name,
      endpointConfigName: configName,
      modelName,
      variants: variants.map((v) => v.name),
      shadowVariants: shadows.map((v) => v.name),
      inferenceComponents: components,
      endpointArn: out.EndpointArn ?? "",
    };
  });
}

/** One more inference component (or adapter) on an existing IC endpoint. Returns its ARN. */
export async function seedInferenceComponent(
  at: SeedTarget,
  endpoint: string,
  component: InferenceComponentSpec,
  variant = "AllTraffic",
): Promise<string> {
  return await withClients(at, async ({ sm }) => {
    const out = await sm.send(
      new CreateInferenceComponentCommand(
        inferenceComponentInput(at.region ?? DEFAULT_REGION, endpoint, variant, component),
      ),
    );
    return out.InferenceComponentArn ?? "";
  });
}

// ------------------------------------------------------------------------------------------------ autoscaling

export interface RegisterTargetSpec {
  resourceId: string;
  min: number;
  max: number;
  /** Default sagemaker:variant:DesiredInstanceCount. */
  dimension?: string;
  suspended?: {
    DynamicScalingInSuspended?: boolean;
    DynamicScalingOutSuspended?: boolean;
    ScheduledScalingSuspended?: boolean;
  };
}

export async function registerTarget(at: SeedTarget, spec: RegisterTargetSpec): Promise<string> {
  return await withClients(at, async ({ aas }) => {
    const out = await aas.send(
      new RegisterScalableTargetCommand({
        ServiceNamespace: "sagemaker",
        ResourceId: spec.resourceId,
        ScalableDimension: (spec.dimension ?? DIM_INSTANCES) as ScalableDimension,
        MinCapacity: spec.min,
        MaxCapacity: spec.max,
        ...(spec.suspended ? { SuspendedState: spec.suspended } : {}),
      }),
    );
    return out.ScalableTargetARN ?? "";
  });
}

export interface PutPolicyOptions {
  /** Default sagemaker:variant:DesiredInstanceCount. */
  dimension?: string;
  /** Default SageMakerVariantInvocationsPerInstance. */
  metric?: string;
  scaleInCooldown?: number;
  scaleOutCooldown?: number;
  disableScaleIn?: boolean;
  /** Replaces the predefined metric. */
  customMetric?: TargetTrackingScalingPolicyConfiguration["CustomizedMetricSpecification"];
}

/** A target-tracking policy. Returns the policy ARN and the alarms (emulated ones when `at` is the proxy). */
export async function putPolicy(
  at: SeedTarget,
  name: string,
  resourceId: string,
  targetValue: number,
  opts: PutPolicyOptions = {},
): Promise<{ policyArn: string; alarms: { AlarmName?: string; AlarmARN?: string }[] }> {
  const config: TargetTrackingScalingPolicyConfiguration = { TargetValue: targetValue };
  if (opts.customMetric) config.CustomizedMetricSpecification = opts.customMetric;
  else {
    config.PredefinedMetricSpecification = {
      PredefinedMetricType: (opts.metric ?? "SageMakerVariantInvocationsPerInstance") as MetricType,
    };
  }
  if (opts.scaleInCooldown !== undefined) config.ScaleInCooldown = opts.scaleInCooldown;
  if (opts.scaleOutCooldown !== undefined) config.ScaleOutCooldown = opts.scaleOutCooldown;
  if (opts.disableScaleIn !== undefined) config.DisableScaleIn = opts.disableScaleIn;
  return await withClients(at, async ({ aas }) => {
    const out = await aas.send(
      new PutScalingPolicyCommand({
        PolicyName: name,
        ServiceNamespace: "sagemaker",
        ResourceId: resourceId,
        ScalableDimension: (opts.dimension ?? DIM_INSTANCES) as ScalableDimension,
        PolicyType: "TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration: config,
      }),
    );
    return { policyArn: out.PolicyARN ?? "", alarms: out.Alarms ?? [] };
  });
}

/**
 * A step scaling policy (you create its alarm yourself: putAlarm with AlarmActions [policyArn]). Returns the ARN.
 * Default dimension sagemaker:variant:DesiredInstanceCount.
 */
export async function putStepPolicy(
  at: SeedTarget,
  name: string,
  resourceId: string,
  config: StepScalingPolicyConfiguration,
  opts: { dimension?: string } = {},
): Promise<string> {
  return await withClients(at, async ({ aas }) => {
    const out = await aas.send(
      new PutScalingPolicyCommand({
        PolicyName: name,
        ServiceNamespace: "sagemaker",
        ResourceId: resourceId,
        ScalableDimension: (opts.dimension ?? DIM_INSTANCES) as ScalableDimension,
        PolicyType: "StepScaling",
        StepScalingPolicyConfiguration: config,
      }),
    );
    return out.PolicyARN ?? "";
  });
}

/** A CloudWatch alarm (PutMetricAlarm as given), e.g. the one that takes an endpoint out of zero. */
export async function putAlarm(at: SeedTarget, input: PutMetricAlarmCommandInput): Promise<void> {
  await withClients(at, async ({ cw }) => {
    await cw.send(new PutMetricAlarmCommand(input));
  });
}

export interface ScheduledActionSpec {
  name: string;
  resourceId: string;
  /** e.g. "cron(0 8 * * ? *)", "rate(1 day)", "at(2030-01-01T00:00:00)". */
  schedule: string;
  min?: number;
  max?: number;
  dimension?: string;
  timezone?: string;
  startTime?: Date;
  endTime?: Date;
}

export async function putScheduledAction(at: SeedTarget, spec: ScheduledActionSpec): Promise<void> {
  await withClients(at, async ({ aas }) => {
    const action: { MinCapacity?: number; MaxCapacity?: number } = {};
    if (spec.min !== undefined) action.MinCapacity = spec.min;
    if (spec.max !== undefined) action.MaxCapacity = spec.max;
    await aas.send(
      new PutScheduledActionCommand({
        ServiceNamespace: "sagemaker",
        ScheduledActionName: spec.name,
        ResourceId: spec.resourceId,
        ScalableDimension: (spec.dimension ?? DIM_INSTANCES) as ScalableDimension,
        Schedule: spec.schedule,
        ScalableTargetAction: action,
        ...(spec.timezone ? { Timezone: spec.timezone } : {}),
        ...(spec.startTime ? { StartTime: spec.startTime } : {}),
        ...(spec.endTime ? { EndTime: spec.endTime } : {}),
      }),
    );
  });
}

// ------------------------------------------------------------------------------------------------ metrics

export interface HistoryOptions {
  /** ModelLatency in microseconds for a minute with `value` invocations per instance (default 25 ms + 30 µs/inv). */
  latencyUs?: (value: number, minuteIndex: number) => number;
  /** Set false to skip ModelLatency. */
  latency?: boolean;
  /** If given, also put `Invocations` = value x instanceCount per minute. */
  instanceCount?: number;
}

const MAX_DATUMS_PER_CALL = 1000;

/**
 * Per-minute `InvocationsPerInstance` (statistic Sum: one datum per minute, so a 60 s Sum equals the value) and
 * `ModelLatency` (microseconds) for one variant, the last value being the minute that contains `endAt`.
 */
export async function putInvocationsHistory(
  at: SeedTarget,
  endpoint: string,
  variant: string,
  perMinuteValues: number[],
  endAt: Date = new Date(),
  opts: HistoryOptions = {},
): Promise<{ datums: number; calls: number }> {
  const dims = [
    { Name: "EndpointName", Value: endpoint },
    { Name: "VariantName", Value: variant },
  ];
  const lastMinute = Math.floor(endAt.getTime() / 60_000) * 60_000;
  const n = perMinuteValues.length;
  const latencyUs = opts.latencyUs ?? ((v: number) => 25_000 + v * 30);
  const datums: MetricDatum[] = [];
  perMinuteValues.forEach((value, i) => {
    const ts = new Date(lastMinute - (n - 1 - i) * 60_000);
    datums.push({
      MetricName: "InvocationsPerInstance",
      Dimensions: dims,
      Timestamp: ts,
      Value: value,
      Unit: "None",
    });
    if (opts.latency !== false) {
      datums.push({
        MetricName: "ModelLatency",
        Dimensions: dims,
        Timestamp: ts,
        Value: Math.round(latencyUs(value, i)),
        Unit: "Microseconds",
      });
    }
    if (opts.instanceCount !== undefined) {
      datums.push({
        MetricName: "Invocations",
        Dimensions: dims,
        Timestamp: ts,
        Value: value * opts.instanceCount,
        Unit: "None",
      });
    }
  });
  let calls = 0;
  await withClients(at, async ({ cw }) => {
    for (let i = 0; i < datums.length; i += MAX_DATUMS_PER_CALL) {
      await cw.send(
        new PutMetricDataCommand({
          Namespace: "AWS/SageMaker",
          MetricData: datums.slice(i, i + MAX_DATUMS_PER_CALL),
        }),
      );
      calls += 1;
    }
  });
  return { datums: datums.length, calls };
}

export interface MetricHistorySpec {
  namespace: string;
  metricName: string;
  /** As a map ({EndpointName: "ep"}) or as CloudWatch dimensions. */
  dimensions: Record<string, string> | { Name: string; Value: string }[];
  /** One value per period, oldest first; the last one is the period that contains `endAt`. */
  values: number[];
  /** Default now. */
  endAt?: Date;
  /** Seconds between datapoints (default 60). */
  periodSeconds?: number;
  /** Default None. */
  unit?: StandardUnit | string;
}

/**
 * Any metric's history: one datum per period (so a Sum, Average, Minimum or Maximum over that period is the value).
 * Returns the datums and PutMetricData calls made.
 */
export async function putMetricHistory(
  at: SeedTarget,
  spec: MetricHistorySpec,
): Promise<{ datums: number; calls: number }> {
  const period = (spec.periodSeconds ?? 60) * 1000;
  const dims = Array.isArray(spec.dimensions)
    ? spec.dimensions
    : Object.entries(spec.dimensions).map(([Name, Value]) => ({ Name, Value }));
  const last = Math.floor((spec.endAt ?? new Date()).getTime() / period) * period;
  const n = spec.values.length;
  const datums: MetricDatum[] = spec.values.map((value, i) => ({
    MetricName: spec.metricName,
    Dimensions: dims,
    Timestamp: new Date(last - (n - 1 - i) * period),
    Value: value,
    Unit: (spec.unit ?? "None") as StandardUnit,
  }));
  let calls = 0;
  await withClients(at, async ({ cw }) => {
    for (let i = 0; i < datums.length; i += MAX_DATUMS_PER_CALL) {
      await cw.send(
        new PutMetricDataCommand({
          Namespace: spec.namespace,
          MetricData: datums.slice(i, i + MAX_DATUMS_PER_CALL),
        }),
      );
      calls += 1;
    }
  });
  return { datums: datums.length, calls };
}

/**
 * An async endpoint's per-minute backlog: `ApproximateBacklogSizePerInstance` (AWS/SageMaker, dimension
 * EndpointName only; docs §6), and with `instanceCount` also `ApproximateBacklogSize` = value x instanceCount.
 */
export async function putBacklogHistory(
  at: SeedTarget,
  endpoint: string,
  perMinuteValues: number[],
  endAt: Date = new Date(),
  opts: { instanceCount?: number } = {},
): Promise<{ datums: number; calls: number }> {
  const base = { namespace: "AWS/SageMaker", dimensions: { EndpointName: endpoint }, endAt };
  const perInstance = await putMetricHistory(at, {
    ...base,
    metricName: "ApproximateBacklogSizePerInstance",
    values: perMinuteValues,
  });
  if (opts.instanceCount === undefined) return perInstance;
  const count = opts.instanceCount;
  const total = await putMetricHistory(at, {
    ...base,
    metricName: "ApproximateBacklogSize",
    values: perMinuteValues.map((v) => v * count),
  });
  return { datums: perInstance.datums + total.datums, calls: perInstance.calls + total.calls };
}

/** Deterministic PRNG (mulberry32) so seeded histories are the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A diurnal per-minute series ending at `endAt`: trough `low`, peak about `peak` at `peakHourUtc`, +-`noise`
 * relative jitter.
 */
export function diurnalSeries(
  minutes: number,
  opts: { low: number; peak: number; peakHourUtc?: number; noise?: number; seed?: number; endAt?: Date },
): number[] {
  const rand = prng(opts.seed ?? 42);
  const end = Math.floor((opts.endAt ?? new Date()).getTime() / 60_000) * 60_000;
  const peakHour = opts.peakHourUtc ?? 16;
  const noise = opts.noise ?? 0.05;
  const out: number[] = [];
  for (let i = 0; i < minutes; i++) {
    const t = new Date(end - (minutes - 1 - i) * 60_000);
    const hour = t.getUTCHours() + t.getUTCMinutes() / 60;
    const phase = (2 * Math.PI * (hour - peakHour)) / 24;
    const shape = ((1 + Math.cos(phase)) / 2) ** 1.5;
    const v = opts.low + (opts.peak - opts.low) * shape;
    out.push(Math.max(0, Math.round(v * (1 + (rand() * 2 - 1) * noise))));
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ read-back

export interface NormalisedTarget {
  ResourceId: string;
  ScalableDimension: string;
  MinCapacity: number;
  MaxCapacity: number;
  SuspendedState: {
    DynamicScalingInSuspended: boolean;
    DynamicScalingOutSuspended: boolean;
    ScheduledScalingSuspended: boolean;
  };
}

export interface NormalisedPolicy {
  PolicyName: string;
  ResourceId: string;
  ScalableDimension: string;
  PolicyType: string;
  /** The full configuration with keys sorted and DisableScaleIn defaulted to false. */
  TargetTrackingScalingPolicyConfiguration?: Record<string, unknown>;
  StepScalingPolicyConfiguration?: Record<string, unknown>;
}

export interface NormalisedScheduledAction {
  ScheduledActionName: string;
  ResourceId: string;
  ScalableDimension: string;
  Schedule: string;
  Timezone?: string;
  StartTime?: string;
  EndTime?: string;
  ScalableTargetAction: { MinCapacity?: number; MaxCapacity?: number };
}

/** A CloudWatch alarm the tool created (name starts with ALARM_PREFIX), without ARNs or states. */
export interface NormalisedAlarm {
  AlarmName: string;
  MetricName?: string;
  Namespace?: string;
  /** Sorted by name. */
  Dimensions: { Name: string; Value: string }[];
  Statistic?: string;
  ExtendedStatistic?: string;
  Unit?: string;
  Period?: number;
  EvaluationPeriods?: number;
  DatapointsToAlarm?: number;
  Threshold?: number;
  ComparisonOperator?: string;
  TreatMissingData?: string;
  /**
   * Each action as "the policy <PolicyName> of <ResourceId>" when it is the ARN of a live scaling policy, "a
   * deleted policy <PolicyName> of <ResourceId>" when it is a scaling-policy ARN no live policy has (a stale action),
   * else the ARN itself.
   */
  AlarmActions: string[];
  /** Only when not empty, mapped like AlarmActions. */
  OKActions?: string[];
  InsufficientDataActions?: string[];
  /** Metric math alarms: the queries, keys sorted. */
  Metrics?: unknown[];
}

/** The prefix of the alarms the tool creates (and readState reads). */
export const ALARM_PREFIX = "sm-autoscale-";

export interface AutoscalingState {
  targets: NormalisedTarget[];
  policies: NormalisedPolicy[];
  scheduledActions: NormalisedScheduledAction[];
  /**
   * The CloudWatch alarms whose names start with ALARM_PREFIX, sorted by name; absent when there are none (so
   * `{ targets: [], policies: [], scheduledActions: [] }` still describes an empty region).
   */
  alarms?: NormalisedAlarm[];
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v instanceof Date) return v.toISOString();
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeys(x);
    }
    return out;
  }
  return v;
}

const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/** "…:scalingPolicy:<uuid>:resource/<namespace>/<resourceId>:policyName/<name>" -> its parts. */
function parsePolicyArn(arn: string): { resourceId: string; policyName: string } | undefined {
  const m =
    /^arn:[^:]+:autoscaling:[^:]*:\d*:scalingPolicy:[^:]+:resource\/[^/]+\/(.+):policyName\/(.+)$/.exec(arn);
  return m ? { resourceId: m[1] ?? "", policyName: m[2] ?? "" } : undefined;
}

/**
 * Every sagemaker scalable target, scaling policy and scheduled action in `region`, and the CloudWatch alarms named
 * ALARM_PREFIX…, normalised and sorted: no ARNs, creation times or (random) alarm names, so two runs that configured
 * the same thing compare equal. Read through the proxy when alarms matter: its policy ARNs are AWS's (kept when a
 * policy is updated), while moto mints a new one on every update, so an alarm read from moto directly would name
 * "a deleted policy" after an update. `{ alarms: false }` leaves the alarms out.
 */
export async function readState(
  url: string,
  region: string = DEFAULT_REGION,
  opts: { alarms?: boolean } = {},
): Promise<AutoscalingState> {
  return await withClients({ url, region }, async ({ aas, cw }) => {
    const policyArns = new Map<string, string>();
    const targets: NormalisedTarget[] = [];
    let token: string | undefined;
    do {
      const out: DescribeScalableTargetsCommandOutput = await aas.send(
        new DescribeScalableTargetsCommand({
          ServiceNamespace: "sagemaker",
          MaxResults: 50,
          NextToken: token,
        }),
      );
      for (const t of out.ScalableTargets ?? []) {
        targets.push({
          ResourceId: t.ResourceId ?? "",
          ScalableDimension: t.ScalableDimension ?? "",
          MinCapacity: t.MinCapacity ?? 0,
          MaxCapacity: t.MaxCapacity ?? 0,
          SuspendedState: {
            DynamicScalingInSuspended: t.SuspendedState?.DynamicScalingInSuspended ?? false,
            DynamicScalingOutSuspended: t.SuspendedState?.DynamicScalingOutSuspended ?? false,
            ScheduledScalingSuspended: t.SuspendedState?.ScheduledScalingSuspended ?? false,
          },
        });
      }
      token = out.NextToken;
    } while (token);

    const policies: NormalisedPolicy[] = [];
    token = undefined;
    do {
      const out: DescribeScalingPoliciesCommandOutput = await aas.send(
        new DescribeScalingPoliciesCommand({
          ServiceNamespace: "sagemaker",
          MaxResults: 10,
          NextToken: token,
        }),
      );
      for (const p of out.ScalingPolicies ?? []) {
        if (p.PolicyARN) policyArns.set(p.PolicyARN, `the policy ${p.PolicyName} of ${p.ResourceId}`);
        const n: NormalisedPolicy = {
          PolicyName: p.PolicyName ?? "",
          ResourceId: p.ResourceId ?? "",
          ScalableDimension: p.ScalableDimension ?? "",
          PolicyType: p.PolicyType ?? "",
        };
        if (p.TargetTrackingScalingPolicyConfiguration) {
          n.TargetTrackingScalingPolicyConfiguration = sortKeys({
            DisableScaleIn: false,
            ...p.TargetTrackingScalingPolicyConfiguration,
          }) as Record<string, unknown>;
        }
        if (p.StepScalingPolicyConfiguration) {
          n.StepScalingPolicyConfiguration = sortKeys(p.StepScalingPolicyConfiguration) as Record<
            string,
            unknown
          >;
        }
        policies.push(n);
      }
      token = out.NextToken;
    } while (token);

    const scheduledActions: NormalisedScheduledAction[] = [];
    token = undefined;
    do {
      const out: DescribeScheduledActionsCommandOutput = await aas.send(
        new DescribeScheduledActionsCommand({
          ServiceNamespace: "sagemaker",
          MaxResults: 50,
          NextToken: token,
        }),
      );
      for (const a of out.ScheduledActions ?? []) {
        const n: NormalisedScheduledAction = {
          ScheduledActionName: a.ScheduledActionName ?? "",
          ResourceId: a.ResourceId ?? "",
          ScalableDimension: a.ScalableDimension ?? "",
          Schedule: a.Schedule ?? "",
          ScalableTargetAction: sortKeys(
            a.ScalableTargetAction ?? {},
          ) as NormalisedScheduledAction["ScalableTargetAction"],
        };
        if (a.Timezone) n.Timezone = a.Timezone;
        if (a.StartTime) n.StartTime = a.StartTime.toISOString();
        if (a.EndTime) n.EndTime = a.EndTime.toISOString();
        scheduledActions.push(n);
      }
      token = out.NextToken;
    } while (token);

    const action = (arn: string) => {
      const live = policyArns.get(arn);
      if (live) return live;
      const parsed = parsePolicyArn(arn);
      return parsed ? `a deleted policy ${parsed.policyName} of ${parsed.resourceId}` : arn;
    };
    const alarms: NormalisedAlarm[] = [];
    let more = opts.alarms !== false;
    token = undefined;
    while (more) {
      const out: DescribeAlarmsCommandOutput = await cw.send(
        new DescribeAlarmsCommand({ AlarmNamePrefix: ALARM_PREFIX, MaxRecords: 100, NextToken: token }),
      );
      for (const a of out.MetricAlarms ?? []) {
        const n: NormalisedAlarm = {
          AlarmName: a.AlarmName ?? "",
          Dimensions: (a.Dimensions ?? [])
            .map((d) => ({ Name: d.Name ?? "", Value: d.Value ?? "" }))
            .sort(byKey((d) => d.Name)),
          AlarmActions: (a.AlarmActions ?? []).map(action),
        };
        if (a.MetricName !== undefined) n.MetricName = a.MetricName;
        if (a.Namespace !== undefined) n.Namespace = a.Namespace;
        if (a.Statistic !== undefined) n.Statistic = a.Statistic;
        if (a.ExtendedStatistic !== undefined) n.ExtendedStatistic = a.ExtendedStatistic;
        if (a.Unit !== undefined) n.Unit = a.Unit;
        if (a.Period !== undefined) n.Period = a.Period;
        if (a.EvaluationPeriods !== undefined) n.EvaluationPeriods = a.EvaluationPeriods;
        if (a.DatapointsToAlarm !== undefined) n.DatapointsToAlarm = a.DatapointsToAlarm;
        if (a.Threshold !== undefined) n.Threshold = a.Threshold;
        if (a.ComparisonOperator !== undefined) n.ComparisonOperator = a.ComparisonOperator;
        if (a.TreatMissingData !== undefined) n.TreatMissingData = a.TreatMissingData;
        if (a.OKActions && a.OKActions.length > 0) n.OKActions = a.OKActions.map(action);
        if (a.InsufficientDataActions && a.InsufficientDataActions.length > 0) {
          n.InsufficientDataActions = a.InsufficientDataActions.map(action);
        }
        if (a.Metrics && a.Metrics.length > 0) n.Metrics = sortKeys(a.Metrics) as unknown[];
        alarms.push(n);
      }
      token = out.NextToken;
      more = token !== undefined;
    }

    const state: AutoscalingState = {
      targets: targets.sort(byKey((t) => `${t.ResourceId}\u0000${t.ScalableDimension}`)),
      policies: policies.sort(
        byKey((p) => `${p.ResourceId}\u0000${p.ScalableDimension}\u0000${p.PolicyName}`),
      ),
      scheduledActions: scheduledActions.sort(
        byKey((a) => `${a.ResourceId}\u0000${a.ScalableDimension}\u0000${a.ScheduledActionName}`),
      ),
    };
    if (alarms.length > 0) state.alarms = alarms.sort(byKey((a) => a.AlarmName));
    return state;
  });
}

// ------------------------------------------------------------------------------------------------ demo region

export interface DemoEndpointSummary {
  name: string;
  kind: "real-time" | "async" | "serverless" | "inference components";
  summary: string;
}

export const DEMO_ENDPOINTS = {
  churn: "churn-predictor",
  recsys: "recsys-ab",
  fraud: "fraud-scorer",
  async: "image-tagger-async",
  serverless: "text-embed-serverless",
  serverlessOnDemand: "sentiment-serverless",
  pools: "vision-pools",
  ic: "genai-hub",
  shadow: "ranker-shadow",
  burst: "burst-demo",
  creating: "forecast-v2",
} as const;

/** The inference components on DEMO_ENDPOINTS.ic. */
export const DEMO_INFERENCE_COMPONENTS = { chat: "chat-assistant", summarize: "doc-summarizer" } as const;

/**
 * The demo scenario: one endpoint of each kind. Seed it through the proxy (not moto directly): moto alone has no
 * inference components and drops parts of the configs, and fraud-scorer's policy gets its emulated alarms.
 * forecast-v2 is created InService like everything in moto; the caller marks it Creating with
 * proxy.setEndpointStatus("forecast-v2", "Creating").
 */
export async function seedDemoRegion(
  url: string,
  region: string = DEFAULT_REGION,
  opts: { now?: Date } = {},
): Promise<DemoEndpointSummary[]> {
  const at: SeedTarget = { url, region };
  const now = opts.now ?? new Date();
  const D = DEMO_ENDPOINTS;

  await Promise.all([
    seedEndpoint(at, {
      name: D.churn,
      variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 2 }],
    }),
    seedEndpoint(at, {
      name: D.recsys,
      variants: [
        { name: "ModelA", instanceType: "ml.c5.xlarge", count: 2, weight: 0.5 },
        { name: "ModelB", instanceType: "ml.c5.xlarge", count: 1, weight: 0.5 },
      ],
    }),
    seedEndpoint(at, {
      name: D.fraud,
      variants: [{ name: "AllTraffic", instanceType: "ml.m5.xlarge", count: 3 }],
    }),
    seedEndpoint(at, {
      name: D.async,
      async: true,
      variants: [{ name: "AllTraffic", instanceType: "ml.g4dn.xlarge", count: 1 }],
    }),
    seedEndpoint(at, {
      name: D.serverless,
      serverless: { memory: 2048, maxConcurrency: 20, provisionedConcurrency: 2 },
    }),
    seedEndpoint(at, { name: D.serverlessOnDemand, serverless: { memory: 1024, maxConcurrency: 10 } }),
    seedEndpoint(at, {
      name: D.pools,
      variants: [
        {
          name: "AllTraffic",
          count: 2,
          pools: [
            { instanceType: "ml.g5.xlarge", priority: 1 },
            { instanceType: "ml.g6.xlarge", priority: 2 },
          ],
        },
      ],
    }),
    seedEndpoint(at, {
      name: D.ic,
      inferenceComponents: {
        instanceType: "ml.g5.12xlarge",
        count: 1,
        managedScaling: { min: 0, max: 4 },
        components: [
          { name: DEMO_INFERENCE_COMPONENTS.chat, copies: 1, memoryMb: 16384, accelerators: 2 },
          { name: DEMO_INFERENCE_COMPONENTS.summarize, copies: 2, memoryMb: 8192, accelerators: 1 },
        ],
      },
    }),
    seedEndpoint(at, {
      name: D.shadow,
      variants: [{ name: "AllTraffic", instanceType: "ml.c5.xlarge", count: 2 }],
      shadowVariants: [{ name: "ShadowCandidate", instanceType: "ml.c5.xlarge", count: 1, weight: 0.5 }],
    }),
    seedEndpoint(at, {
      name: D.burst,
      variants: [{ name: "AllTraffic", instanceType: "ml.t2.medium", count: 1 }],
    }),
    seedEndpoint(at, {
      name: D.creating,
      variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 1 }],
    }),
  ]);

  const fraudId = variantResourceId(D.fraud, "AllTraffic");
  await registerTarget(at, { resourceId: fraudId, min: 2, max: 6 });
  await putPolicy(at, "fraud-invocations-policy", fraudId, 500, {
    scaleInCooldown: 300,
    scaleOutCooldown: 60,
  });

  // Two days of per-minute history for churn-predictor, peaking around 900 invocations/instance/minute.
  const minutes = 2 * 24 * 60;
  const series = diurnalSeries(minutes, { low: 120, peak: 880, noise: 0.04, seed: 7, endAt: now });
  await putInvocationsHistory(at, D.churn, "AllTraffic", series, now, { instanceCount: 2 });

  // One day of backlog for the async endpoint: idle nights, a daytime queue of ~5-40 requests per instance.
  const backlog = diurnalSeries(24 * 60, { low: 0, peak: 40, noise: 0.2, seed: 11, endAt: now });
  await putBacklogHistory(at, D.async, backlog, now, { instanceCount: 1 });

  return [
    {
      name: D.churn,
      kind: "real-time",
      summary: "AllTraffic ml.m5.large x2, 2 days of traffic peaking ~900/min",
    },
    { name: D.recsys, kind: "real-time", summary: "A/B: ModelA ml.c5.xlarge x2, ModelB ml.c5.xlarge x1" },
    { name: D.fraud, kind: "real-time", summary: "ml.m5.xlarge x3, already autoscaled 2-6, target 500" },
    { name: D.async, kind: "async", summary: "async inference, ml.g4dn.xlarge x1, a day of backlog history" },
    {
      name: D.serverless,
      kind: "serverless",
      summary: "serverless 2 GB, provisioned concurrency 2 (max 20)",
    },
    {
      name: D.serverlessOnDemand,
      kind: "serverless",
      summary: "serverless 1 GB on demand (nothing to scale)",
    },
    {
      name: D.pools,
      kind: "real-time",
      summary: "instance pools ml.g5.xlarge then ml.g6.xlarge, 2 instances",
    },
    {
      name: D.ic,
      kind: "inference components",
      summary: `ml.g5.12xlarge, managed instance scaling 0-4; ${DEMO_INFERENCE_COMPONENTS.chat} x1, ${DEMO_INFERENCE_COMPONENTS.summarize} x2`,
    },
    { name: D.shadow, kind: "real-time", summary: "ml.c5.xlarge x2 with a shadow variant ShadowCandidate" },
    { name: D.burst, kind: "real-time", summary: "ml.t2.medium (burstable: cannot autoscale)" },
    { name: D.creating, kind: "real-time", summary: "ml.m5.large x1, status Creating" },
  ];
}

// ------------------------------------------------------------------------------------------------ scale region

export interface ScaleRegionOptions {
  /** moto itself: most seeding goes straight there (moto answers one call at a time; the proxy adds latency). */
  motoUrl: string;
  /** The proxy in front of moto: the first `withAlarms` policies go through it, so they get emulated alarms. */
  proxyUrl: string;
  region: string;
  /** Endpoints in all (default 200). */
  total?: number;
  /** The first `scaled` endpoints get a scalable target and the built-in policy (default 150). */
  scaled?: number;
  /** Endpoints share this many configs, round robin, as blue/green deployments do (default 10). */
  configs?: number;
  /** Policies put through the proxy, with emulated alarms: 6 moto calls each instead of 1 (default 60). */
  withAlarms?: number;
  /** Calls in flight while seeding (default 8). */
  concurrency?: number;
}

export interface SeededScaleRegion {
  total: number;
  scaled: number;
  configs: number;
  withAlarms: number;
  /** Endpoint names in order; the first `scaled` are autoscaled. */
  endpointNames: string[];
  ms: number;
}

/** Name of the i-th endpoint of {@link seedScaleRegion}: scale-000, scale-001, … */
export const scaleEndpointName = (i: number) => `scale-${String(i).padStart(3, "0")}`;

/**
 * A region at scale for describe's tests and the benchmark: `total` endpoints (one ml.m5.large AllTraffic variant
 * each, on `configs` shared configs), the first `scaled` of them autoscaled 1-4 with the built-in policy at 100.
 * Seeding time is moto's call count: 1 + configs + total + 2 x scaled, plus 5 per policy with alarms.
 */
export async function seedScaleRegion(opts: ScaleRegionOptions): Promise<SeededScaleRegion> {
  const total = opts.total ?? 200;
  const scaled = opts.scaled ?? 150;
  const configs = opts.configs ?? 10;
  const withAlarms = opts.withAlarms ?? 60;
  const concurrency = opts.concurrency ?? 8;
  const region = opts.region;
  const config = (i: number) => `scale-config-${i % configs}`;
  const started = performance.now();
  const direct = emulatorClientConfig(opts.motoUrl, region);
  const sm = new SageMakerClient(direct);
  const aas = new ApplicationAutoScalingClient(direct);
  const aasProxy = new ApplicationAutoScalingClient(emulatorClientConfig(opts.proxyUrl, region));
  const pool = async (count: number, work: (i: number) => Promise<unknown>) => {
    let next = 0;
    const worker = async () => {
      while (next < count) await work(next++);
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  try {
    await sm.send(
      new CreateModelCommand({
        ModelName: "scale-model",
        ExecutionRoleArn: `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/sm-autoscale-test-execution-role`,
        PrimaryContainer: { Image: `${MOTO_ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com/scale:latest` },
      }),
    );
    await pool(configs, (i) =>
      sm.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: config(i),
          ProductionVariants: [
            {
              VariantName: "AllTraffic",
              ModelName: "scale-model",
              InstanceType: "ml.m5.large",
              InitialInstanceCount: 1,
            },
          ],
        }),
      ),
    );
    await pool(total, (i) =>
      sm.send(
        new CreateEndpointCommand({ EndpointName: scaleEndpointName(i), EndpointConfigName: config(i) }),
      ),
    );
    await pool(scaled, async (i) => {
      const key = {
        ServiceNamespace: "sagemaker" as const,
        ResourceId: variantResourceId(scaleEndpointName(i), "AllTraffic"),
        ScalableDimension: DIM_INSTANCES,
      } as const;
      await aas.send(new RegisterScalableTargetCommand({ ...key, MinCapacity: 1, MaxCapacity: 4 }));
      await (i < withAlarms ? aasProxy : aas).send(
        new PutScalingPolicyCommand({
          ...key,
          PolicyName: "SageMakerEndpointInvocationScalingPolicy",
          PolicyType: "TargetTrackingScaling",
          TargetTrackingScalingPolicyConfiguration: {
            TargetValue: 100,
            PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
          },
        }),
      );
    });
  } finally {
    sm.destroy();
    aas.destroy();
    aasProxy.destroy();
  }
  return {
    total,
    scaled,
    configs,
    withAlarms,
    endpointNames: Array.from({ length: total }, (_, i) => scaleEndpointName(i)),
    ms: Math.round(performance.now() - started),
  };
}

/**
 * The helpers bound to one emulator URL and region (and, with `accessKeyId`, one moto account; readState and
 * seedDemoRegion always use the default account).
 */
export function seeder(url: string, region: string = DEFAULT_REGION, opts: { accessKeyId?: string } = {}) {
  const at: SeedTarget = { url, region, ...opts };
  return {
    url,
    region,
    seedEndpoint: (spec: SeedEndpointSpec) => seedEndpoint(at, spec),
    seedInferenceComponent: (endpoint: string, component: InferenceComponentSpec, variant?: string) =>
      seedInferenceComponent(at, endpoint, component, variant),
    registerTarget: (spec: RegisterTargetSpec) => registerTarget(at, spec),
    putPolicy: (name: string, resourceId: string, targetValue: number, opts?: PutPolicyOptions) =>
      putPolicy(at, name, resourceId, targetValue, opts),
    putStepPolicy: (
      name: string,
      resourceId: string,
      config: StepScalingPolicyConfiguration,
      opts?: { dimension?: string },
    ) => putStepPolicy(at, name, resourceId, config, opts),
    putAlarm: (input: PutMetricAlarmCommandInput) => putAlarm(at, input),
    putScheduledAction: (spec: ScheduledActionSpec) => putScheduledAction(at, spec),
    putMetricHistory: (spec: MetricHistorySpec) => putMetricHistory(at, spec),
    putBacklogHistory: (
      endpoint: string,
      perMinuteValues: number[],
      endAt?: Date,
      opts?: { instanceCount?: number },
    ) => putBacklogHistory(at, endpoint, perMinuteValues, endAt, opts),
    putInvocationsHistory: (
      endpoint: string,
      variant: string,
      perMinuteValues: number[],
      endAt?: Date,
      opts?: HistoryOptions,
    ) => putInvocationsHistory(at, endpoint, variant, perMinuteValues, endAt, opts),
    readState: (opts?: { alarms?: boolean }) => readState(url, region, opts),
    seedDemoRegion: (opts?: { now?: Date }) => seedDemoRegion(url, region, opts),
  };
}
