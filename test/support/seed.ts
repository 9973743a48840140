// Scenario builders: create SageMaker endpoints, autoscaling state and CloudWatch history in the emulator with the
// SDK, plus a normalised read-back of the autoscaling state for comparing two ways of producing it (the CLI's SDK
// path and the replay of its printed `aws ...` commands).
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
  type TargetTrackingScalingPolicyConfiguration,
} from "@aws-sdk/client-application-auto-scaling";
import { CloudWatchClient, type MetricDatum, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
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
}

export const DIM_INSTANCES = "sagemaker:variant:DesiredInstanceCount";
export const DIM_PROVISIONED_CONCURRENCY = "sagemaker:variant:DesiredProvisionedConcurrency";

export const variantResourceId = (endpoint: string, variant: string) =>
  `endpoint/${endpoint}/variant/${variant}`;

async function withClients<T>(
  at: SeedTarget,
  fn: (c: { sm: SageMakerClient; aas: ApplicationAutoScalingClient; cw: CloudWatchClient }) => Promise<T>,
): Promise<T> {
  const cfg = emulatorClientConfig(at.url, at.region ?? DEFAULT_REGION, { maxAttempts: 3 });
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
  /** Ignored for serverless endpoints. */
  instanceType?: string;
  /** InitialInstanceCount (default 1). Ignored for serverless endpoints. */
  count?: number;
  /** InitialVariantWeight (default 1). */
  weight?: number;
}

export interface ServerlessSpec {
  /** MemorySizeInMB: 1024-6144 in steps of 1024. */
  memory: number;
  maxConcurrency: number;
  provisionedConcurrency?: number;
}

export interface SeedEndpointSpec {
  name: string;
  /** Default: one variant AllTraffic on ml.m5.large x1 (or serverless AllTraffic). */
  variants?: VariantSpec[];
  /** Adds AsyncInferenceConfig to the endpoint config. */
  async?: boolean;
  /** Makes every variant serverless. */
  serverless?: ServerlessSpec;
}

export interface SeededEndpoint {
  endpointName: string;
  endpointConfigName: string;
  modelName: string;
  variants: string[];
  endpointArn: string;
}

/** CreateModel + CreateEndpointConfig + CreateEndpoint (the execution role is a fake ARN). */
export async function seedEndpoint(at: SeedTarget, spec: SeedEndpointSpec): Promise<SeededEndpoint> {
  const region = at.region ?? DEFAULT_REGION;
  const modelName = `${spec.name}-model`;
  const configName = `${spec.name}-config`;
  const variants: VariantSpec[] = spec.variants ?? [
    { name: "AllTraffic", instanceType: "ml.m5.large", count: 1 },
  ];
  return await withClients(at, async ({ sm }) => {
    await sm.send(
      new CreateModelCommand({
        ModelName: modelName,
        ExecutionRoleArn: `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/sm-autoscale-test-execution-role`,
        PrimaryContainer: {
          Image: `${MOTO_ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com/${spec.name}:latest`,
          ModelDataUrl: `s3://sm-autoscale-test-models-${region}/${spec.name}/model.tar.gz`,
        },
      }),
    );
    const productionVariants: ProductionVariant[] = variants.map((v) => {
      const pv: ProductionVariant = {
        VariantName: v.name,
        ModelName: modelName,
        InitialVariantWeight: v.weight ?? 1,
      };
      if (spec.serverless) {
        pv.ServerlessConfig = {
          MemorySizeInMB: spec.serverless.memory,
          MaxConcurrency: spec.serverless.maxConcurrency,
        };
        if (spec.serverless.provisionedConcurrency !== undefined) {
          pv.ServerlessConfig.ProvisionedConcurrency = spec.serverless.provisionedConcurrency;
        }
      } else {
        pv.InstanceType = (v.instanceType ?? "ml.m5.large") as ProductionVariantInstanceType;
        pv.InitialInstanceCount = v.count ?? 1;
      }
      return pv;
    });
    await sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: configName,
        ProductionVariants: productionVariants,
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
    return {
      endpointName: spec.name,
      endpointConfigName: configName,
      modelName,
      variants: variants.map((v) => v.name),
      endpointArn: out.EndpointArn ?? "",
    };
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

export interface AutoscalingState {
  targets: NormalisedTarget[];
  policies: NormalisedPolicy[];
  scheduledActions: NormalisedScheduledAction[];
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

/**
 * Every sagemaker scalable target, scaling policy and scheduled action in `region`, normalised and sorted: no ARNs,
 * creation times or (random) alarm names, so two runs that configured the same thing compare equal.
 */
export async function readState(url: string, region: string = DEFAULT_REGION): Promise<AutoscalingState> {
  return await withClients({ url, region }, async ({ aas }) => {
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

    return {
      targets: targets.sort(byKey((t) => `${t.ResourceId}\u0000${t.ScalableDimension}`)),
      policies: policies.sort(
        byKey((p) => `${p.ResourceId}\u0000${p.ScalableDimension}\u0000${p.PolicyName}`),
      ),
      scheduledActions: scheduledActions.sort(
        byKey((a) => `${a.ResourceId}\u0000${a.ScalableDimension}\u0000${a.ScheduledActionName}`),
      ),
    };
  });
}

// ------------------------------------------------------------------------------------------------ demo region

export interface DemoEndpointSummary {
  name: string;
  kind: "real-time" | "async" | "serverless";
  summary: string;
}

export const DEMO_ENDPOINTS = {
  churn: "churn-predictor",
  recsys: "recsys-ab",
  fraud: "fraud-scorer",
  async: "image-tagger-async",
  serverless: "text-embed-serverless",
  burst: "burst-demo",
  creating: "forecast-v2",
} as const;

/**
 * The demo scenario. Seed it through the proxy (not moto directly) so fraud-scorer's policy gets its emulated
 * alarms. forecast-v2 is created InService like everything in moto; the caller marks it Creating with
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

  return [
    {
      name: D.churn,
      kind: "real-time",
      summary: "AllTraffic ml.m5.large x2, 2 days of traffic peaking ~900/min",
    },
    { name: D.recsys, kind: "real-time", summary: "A/B: ModelA ml.c5.xlarge x2, ModelB ml.c5.xlarge x1" },
    { name: D.fraud, kind: "real-time", summary: "ml.m5.xlarge x3, already autoscaled 2-6, target 500" },
    { name: D.async, kind: "async", summary: "async inference, ml.g4dn.xlarge x1" },
    { name: D.serverless, kind: "serverless", summary: "serverless 2 GB, provisioned concurrency 2" },
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

/** The helpers bound to one emulator URL and region. */
export function seeder(url: string, region: string = DEFAULT_REGION) {
  const at: SeedTarget = { url, region };
  return {
    url,
    region,
    seedEndpoint: (spec: SeedEndpointSpec) => seedEndpoint(at, spec),
    registerTarget: (spec: RegisterTargetSpec) => registerTarget(at, spec),
    putPolicy: (name: string, resourceId: string, targetValue: number, opts?: PutPolicyOptions) =>
      putPolicy(at, name, resourceId, targetValue, opts),
    putScheduledAction: (spec: ScheduledActionSpec) => putScheduledAction(at, spec),
    putInvocationsHistory: (
      endpoint: string,
      variant: string,
      perMinuteValues: number[],
      endAt?: Date,
      opts?: HistoryOptions,
    ) => putInvocationsHistory(at, endpoint, variant, perMinuteValues, endAt, opts),
    readState: () => readState(url, region),
    seedDemoRegion: (opts?: { now?: Date }) => seedDemoRegion(url, region, opts),
  };
}
