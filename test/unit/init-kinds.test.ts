import {
  ApplicationAutoScalingClient,
  DescribeScalingActivitiesCommand,
  PutScalingPolicyCommand,
} from "@aws-sdk/client-application-auto-scaling";
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  PutMetricAlarmCommand,
} from "@aws-sdk/client-cloudwatch";
import { CreateServiceLinkedRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeInferenceComponentCommand,
  ListEndpointsCommand,
  ListInferenceComponentsCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import {
  ListAWSDefaultServiceQuotasCommand,
  ListServiceQuotasCommand,
  ServiceQuotasClient,
} from "@aws-sdk/client-service-quotas";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { runInit } from "../../src/commands/init.js";
import type { InitFlags } from "../../src/domain/validate.js";
import { explainError } from "../../src/errors.js";
import { ENTER, fakeContext } from "./fake-context.js";
import { awsError, sdkClients } from "./mock-clients.js";
import { type AasWorld, statefulAutoscaling } from "./stateful-aas.js";

// init for each kind of resource (domain/scaling-kinds.ts), with flags, against recorded DescribeEndpoint /
// DescribeEndpointConfig shapes of each kind and a stateful Application Auto Scaling.

const sm = mockClient(SageMakerClient);
const aas = mockClient(ApplicationAutoScalingClient);
const iam = mockClient(IAMClient);
const cw = mockClient(CloudWatchClient);
const sts = mockClient(STSClient);
const quotas = mockClient(ServiceQuotasClient);
let world: AasWorld;
let alarms: Record<string, unknown>[];

beforeEach(() => {
  for (const m of [sm, aas, iam, cw, sts, quotas]) m.reset();
  sts
    .on(GetCallerIdentityCommand)
    .resolves({ Account: "111122223333", Arn: "arn:aws:iam::111122223333:user/dev" });
  iam.on(CreateServiceLinkedRoleCommand).resolves({});
  world = statefulAutoscaling(aas);
  aas.on(DescribeScalingActivitiesCommand).resolves({ ScalingActivities: [] });
  quotas.on(ListServiceQuotasCommand).resolves({ Quotas: [] });
  quotas.on(ListAWSDefaultServiceQuotasCommand).resolves({ Quotas: [] });
  alarms = [];
  cw.on(PutMetricAlarmCommand).callsFake((input: Record<string, unknown>) => {
    alarms = [...alarms.filter((a) => a["AlarmName"] !== input["AlarmName"]), input];
    return {};
  });
  cw.on(DeleteAlarmsCommand).callsFake((input: { AlarmNames: string[] }) => {
    alarms = alarms.filter((a) => !input.AlarmNames.includes(String(a["AlarmName"])));
    return {};
  });
  cw.on(DescribeAlarmsCommand).callsFake((input: { AlarmNames?: string[] }) => ({
    MetricAlarms: alarms.filter(
      (a) => !input.AlarmNames || input.AlarmNames.includes(String(a["AlarmName"])),
    ),
  }));
});

async function run(flags: InitFlags) {
  const ctx = fakeContext({ clients: sdkClients() });
  const error = await runInit(ctx, { yes: true, ...flags }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { ctx, error, explained: error === undefined ? undefined : explainError(error) };
}

/** DescribeEndpoint and DescribeEndpointConfig as AWS answers them for one endpoint. */
function endpoint(name: string, config: Record<string, unknown>, live: Record<string, unknown> = {}) {
  const variants = (config["ProductionVariants"] as { VariantName: string }[]) ?? [];
  sm.on(DescribeEndpointCommand).resolves({
    EndpointName: name,
    EndpointConfigName: `${name}-config`,
    EndpointStatus: "InService",
    ProductionVariants: variants.map((v) => ({
      VariantName: v.VariantName,
      CurrentInstanceCount: 1,
      DesiredInstanceCount: 1,
      ...live,
    })),
  } as never);
  sm.on(DescribeEndpointConfigCommand).resolves({ EndpointConfigName: `${name}-config`, ...config } as never);
}

describe("async endpoints", () => {
  beforeEach(() =>
    endpoint("jobs", {
      ProductionVariants: [
        {
          VariantName: "AllTraffic",
          ModelName: "m",
          InstanceType: "ml.g4dn.xlarge",
          InitialInstanceCount: 1,
        },
      ],
      AsyncInferenceConfig: { OutputConfig: { S3OutputPath: "s3://b/o" } },
    }),
  );

  it("--min 0: the backlog policy, then the step policy and the alarm that wakes it, the alarm pointed at the policy's ARN", async () => {
    const { error, ctx } = await run({ endpoint: "jobs", min: "0", max: "3", target: "5" });
    expect(error).toBeUndefined();
    expect(world.targets).toMatchObject([
      {
        ResourceId: "endpoint/jobs/variant/AllTraffic",
        ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
        MinCapacity: 0,
        MaxCapacity: 3,
      },
    ]);
    const byName = Object.fromEntries(world.policies.map((p) => [p.PolicyName, p]));
    expect(
      byName["sm-autoscale-async-backlog-per-instance"]?.TargetTrackingScalingPolicyConfiguration,
    ).toEqual({
      TargetValue: 5,
      CustomizedMetricSpecification: {
        MetricName: "ApproximateBacklogSizePerInstance",
        Namespace: "AWS/SageMaker",
        Dimensions: [{ Name: "EndpointName", Value: "jobs" }],
        Statistic: "Average",
      },
      ScaleInCooldown: 300,
      ScaleOutCooldown: 300,
      DisableScaleIn: false,
    });
    const step = byName["sm-autoscale-async-scale-out-from-zero"];
    expect(step?.StepScalingPolicyConfiguration).toEqual({
      AdjustmentType: "ChangeInCapacity",
      MetricAggregationType: "Average",
      Cooldown: 300,
      StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
    });
    expect(alarms).toEqual([
      expect.objectContaining({
        AlarmName: "sm-autoscale-jobs-has-backlog-without-capacity",
        MetricName: "HasBacklogWithoutCapacity",
        Dimensions: [{ Name: "EndpointName", Value: "jobs" }],
        EvaluationPeriods: 2,
        DatapointsToAlarm: 2,
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        TreatMissingData: "missing",
        AlarmActions: [step?.PolicyARN],
      }),
    ]);
    // The printed command captures the ARN and hands it to the alarm.
    expect(ctx.stdout()).toMatch(/^WAKE_POLICY_ARN=\$\(aws application-autoscaling put-scaling-policy/m);
    expect(ctx.stdout()).toContain('--alarm-actions "$WAKE_POLICY_ARN"');
    expect(ctx.stderr()).toContain("At zero instances, requests wait in the queue");
  });

  it("--no-scale-from-zero leaves the step policy and alarm out, and says what that means", async () => {
    const { error, ctx } = await run({
      endpoint: "jobs",
      min: "0",
      max: "3",
      target: "5",
      scaleFromZero: false,
    });
    expect(error).toBeUndefined();
    expect(world.policies.map((p) => p.PolicyName)).toEqual(["sm-autoscale-async-backlog-per-instance"]);
    expect(alarms).toEqual([]);
    expect(ctx.stderr()).toContain("leaves zero only when its own metric asks for it");
  });

  it("in the wizard, the target starts from the endpoint's own backlog: the median queue per instance", async () => {
    const minute = 60_000;
    const end = Math.floor(Date.now() / minute) * minute;
    // 90 minutes with a queue: 60 at 3 per instance, 30 at 9; the rest of the day empty.
    const values = Array.from({ length: 300 }, (_, i) => (i < 60 ? 3 : i < 90 ? 9 : 0));
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: "backlog", Timestamps: values.map((_, i) => new Date(end - i * minute)), Values: values },
      ],
    });
    const ctx = fakeContext({
      clients: sdkClients(),
      canPrompt: true,
      answers: {
        metric: ENTER,
        policyType: ENTER,
        min: 0,
        max: 3,
        target: ENTER,
        scaleInCooldown: ENTER,
        scaleOutCooldown: ENTER,
        disableScaleIn: ENTER,
        scaleFromZero: ENTER,
        confirm: true,
      },
    });
    await runInit(ctx, { endpoint: "jobs" });
    expect(ctx.defaults["target"]).toBe(3);
    expect(ctx.stderr()).toMatch(
      /Suggested 3: the median backlog per instance over the 90 minutes with a queue/,
    );
    expect(
      world.policies.find((p) => p.PolicyName === "sm-autoscale-async-backlog-per-instance")
        ?.TargetTrackingScalingPolicyConfiguration?.TargetValue,
    ).toBe(3);
  });

  it("without enough backlog history, the documented default, and why", async () => {
    cw.on(GetMetricDataCommand).resolves({
      MetricDataResults: [{ Id: "backlog", Timestamps: [], Values: [] }],
    });
    const ctx = fakeContext({
      clients: sdkClients(),
      canPrompt: true,
      answers: {
        metric: ENTER,
        policyType: ENTER,
        min: 1,
        max: 3,
        target: ENTER,
        scaleInCooldown: ENTER,
        scaleOutCooldown: ENTER,
        disableScaleIn: ENTER,
        confirm: true,
      },
    });
    await runInit(ctx, { endpoint: "jobs" });
    expect(ctx.defaults["target"]).toBe(5);
    expect(ctx.stderr()).toContain(
      "No suggestion from the backlog history: 0 minutes with a queue in the last 14 days (60 needed).",
    );
    expect(ctx.stderr()).toContain("Suggested 5: the value AWS's async autoscaling guide uses.");
  });

  it("--max-rps is refused: the async target is a queue length, not invocations", async () => {
    const { explained } = await run({ endpoint: "jobs", min: "0", max: "3", maxRps: "10" });
    expect(explained).toMatchObject({
      exitCode: 2,
      message:
        "--max-rps gives a target in invocations per minute, but an asynchronous endpoint variant scaling on its queue (backlog per instance) takes --target instead, e.g. --target 5 (5 queued requests per instance).",
    });
  });

  it("--inference-component on it: 'an asynchronous endpoint variant'", async () => {
    const { explained } = await run({
      endpoint: "jobs",
      min: "0",
      max: "3",
      target: "5",
      inferenceComponent: "x",
    });
    expect(explained?.message).toBe(
      "--inference-component applies to endpoints that host inference components; jobs/AllTraffic is an asynchronous endpoint variant.",
    );
  });

  it("a metric it does not offer: an, not a; only the choices its instance type allows", async () => {
    const { explained } = await run({
      endpoint: "jobs",
      min: "0",
      max: "3",
      target: "5",
      metric: "invocations",
    });
    expect(explained).toMatchObject({
      exitCode: 2,
      message:
        "--metric invocations does not apply to an asynchronous endpoint variant: use backlog, cpu, gpu, gpu-memory, memory.",
    });
  });

  it("a failed alarm rolls back the step policy, the backlog policy and the target", async () => {
    cw.on(PutMetricAlarmCommand).rejects(
      awsError("AccessDenied", "User u is not authorized to perform: cloudwatch:PutMetricAlarm"),
    );
    const { explained } = await run({ endpoint: "jobs", min: "0", max: "3", target: "5" });
    expect(explained?.message).toBe("Access denied: your identity may not call cloudwatch:PutMetricAlarm.");
    expect(world.targets).toEqual([]);
    expect(world.policies).toEqual([]);
  });
});

describe("real-time variants", () => {
  it("--min 0 is a usage error naming why", async () => {
    endpoint("web", {
      ProductionVariants: [
        { VariantName: "AllTraffic", ModelName: "m", InstanceType: "ml.m5.large", InitialInstanceCount: 1 },
      ],
    });
    const { explained } = await run({ endpoint: "web", min: "0", max: "3", target: "100" });
    expect(explained).toEqual({
      exitCode: 2,
      message: "--min 0 must be at least 1: real-time variants cannot scale to zero.",
      hint: undefined,
    });
    expect(world.targets).toEqual([]);
  });
});

describe("serverless variants", () => {
  const serverless = (provisioned?: number) =>
    endpoint(
      "sls",
      {
        ProductionVariants: [
          {
            VariantName: "AllTraffic",
            ModelName: "m",
            ServerlessConfig: {
              MemorySizeInMB: 2048,
              MaxConcurrency: 10,
              ...(provisioned ? { ProvisionedConcurrency: provisioned } : {}),
            },
          },
        ],
      },
      provisioned
        ? {
            CurrentServerlessConfig: {
              MemorySizeInMB: 2048,
              MaxConcurrency: 10,
              ProvisionedConcurrency: provisioned,
            },
          }
        : {},
    );

  it("with provisioned concurrency: its own dimension and metric, a target that is a fraction", async () => {
    serverless(2);
    const { error } = await run({ endpoint: "sls", min: "1", max: "8", target: "0.7" });
    expect(error).toBeUndefined();
    expect(world.targets).toMatchObject([
      {
        ScalableDimension: "sagemaker:variant:DesiredProvisionedConcurrency",
        MinCapacity: 1,
        MaxCapacity: 8,
      },
    ]);
    expect(world.policies[0]?.TargetTrackingScalingPolicyConfiguration).toMatchObject({
      TargetValue: 0.7,
      PredefinedMetricSpecification: {
        PredefinedMetricType: "SageMakerVariantProvisionedConcurrencyUtilization",
      },
    });
  });

  it.each([
    [
      { max: "12", target: "0.7" },
      "--max 12 must be at most 10: provisioned concurrency cannot exceed the variant's MaxConcurrency of 10",
    ],
    [
      { max: "5", target: "1.5" },
      "--target 1.5: the target must be a fraction of provisioned concurrency in use",
    ],
    [
      { min: "0", max: "5", target: "0.5" },
      "--min 0 must be at least 1: provisioned concurrency scales between 1",
    ],
  ])("bad values name the limit: %j", async (given, message) => {
    serverless(2);
    const { explained } = await run({ endpoint: "sls", min: "1", ...given });
    expect(explained?.exitCode).toBe(2);
    expect(explained?.message).toContain(message);
  });

  it("on demand, in the picker: listed with its kind, not selectable, the reason said once", async () => {
    serverless();
    sm.on(ListEndpointsCommand).resolves({
      Endpoints: [
        {
          EndpointName: "sls",
          EndpointStatus: "InService",
          EndpointArn: "arn:aws:sagemaker:us-east-1:111122223333:endpoint/sls",
          CreationTime: new Date(),
          LastModifiedTime: new Date(),
        },
      ],
    });
    let listed: { name?: string; disabled?: unknown } | undefined;
    const ctx = fakeContext({
      clients: sdkClients(),
      canPrompt: true,
      answers: {
        endpoint: (choices: { value: unknown; name?: string; disabled?: unknown }[]) => {
          listed = choices.find((c) => c.value === "sls");
          throw new Error("picked nothing");
        },
      },
    });
    await expect(runInit(ctx, {})).rejects.toThrow("picked nothing");
    expect(listed?.name).toMatch(/^sls +InService, serverless on demand$/);
    expect(listed?.disabled).toBe("(it scales by itself: nothing to register)");
  });

  it("--max-rps is refused with a sentence that reads: the target is a fraction of provisioned concurrency in use", async () => {
    serverless(2);
    const { explained } = await run({ endpoint: "sls", min: "1", max: "5", maxRps: "20" });
    expect(explained).toMatchObject({
      exitCode: 2,
      message:
        "--max-rps gives a target in invocations per minute, but a serverless variant (provisioned concurrency) scaling on provisioned concurrency utilization takes --target instead, e.g. --target 0.5 (0.5 of provisioned concurrency in use, a fraction from 0 to 1).",
    });
  });

  it("no --target and no terminal: the example is a fraction, not --max-rps", async () => {
    serverless(2);
    const { explained } = await run({ endpoint: "sls", min: "1", max: "5" });
    expect(explained).toEqual({
      exitCode: 2,
      message: "Missing --target: required when not running interactively (no terminal).",
      hint: "sls/AllTraffic scales on provisioned concurrency utilization: e.g. --target 0.5 (0.5 of provisioned concurrency in use, a fraction from 0 to 1).",
    });
    expect(world.targets).toEqual([]);
  });

  it("on demand: nothing to scale, and how to add provisioned concurrency", async () => {
    serverless();
    const { explained } = await run({ endpoint: "sls", min: "1", max: "5", target: "0.5" });
    expect(explained?.exitCode).toBe(1);
    expect(explained?.message).toContain("serverless on demand");
    expect(explained?.hint).toContain("ProvisionedConcurrency");
  });
});

describe("the endpoint picker", () => {
  const listed = (...names: string[]) =>
    sm.on(ListEndpointsCommand).resolves({
      Endpoints: names.map((name) => ({
        EndpointName: name,
        EndpointStatus: "InService",
        EndpointArn: `arn:aws:sagemaker:us-east-1:111122223333:endpoint/${name}`,
        CreationTime: new Date(),
        LastModifiedTime: new Date(),
      })),
    });
  const described = (name: string, variant: Record<string, unknown>, live: Record<string, unknown> = {}) => {
    sm.on(DescribeEndpointCommand, { EndpointName: name }).resolves({
      EndpointName: name,
      EndpointConfigName: `${name}-config`,
      EndpointStatus: "InService",
      ProductionVariants: [{ VariantName: "AllTraffic", CurrentInstanceCount: 1, ...live }],
    } as never);
    sm.on(DescribeEndpointConfigCommand, { EndpointConfigName: `${name}-config` }).resolves({
      EndpointConfigName: `${name}-config`,
      ProductionVariants: [{ VariantName: "AllTraffic", InitialInstanceCount: 1, ...variant }],
    } as never);
  };
  const offered = async () => {
    let choices: { value: unknown; name: string; disabled?: unknown }[] = [];
    const ctx = fakeContext({
      clients: sdkClients(),
      canPrompt: true,
      answers: {
        endpoint: (c: typeof choices) => {
          choices = c;
          throw new Error("picked nothing");
        },
      },
    });
    await expect(runInit(ctx, {})).rejects.toThrow("picked nothing");
    return (name: string) => choices.find((c) => c.value === name)!;
  };

  it("a burstable endpoint is listed, not selectable, with its kind's reason", async () => {
    listed("burst", "web");
    described("burst", { ModelName: "m", InstanceType: "ml.t2.medium" });
    described("web", { ModelName: "m", InstanceType: "ml.m5.large" });
    const choice = await offered();
    expect(choice("burst").disabled).toBe("(burstable ml.t2.medium: cannot be autoscaled)");
    expect(choice("web").disabled).toBe(false);
  });

  it("an endpoint whose inference components are autoscaled is marked autoscaled", async () => {
    listed("llm", "web");
    described(
      "llm",
      { InstanceType: "ml.g5.12xlarge" },
      { ManagedInstanceScaling: { Status: "ENABLED", MinInstanceCount: 0, MaxInstanceCount: 4 } },
    );
    described("web", { ModelName: "m", InstanceType: "ml.m5.large" });
    world = statefulAutoscaling(aas, {
      targets: [
        {
          ServiceNamespace: "sagemaker",
          ResourceId: "inference-component/chat",
          ScalableDimension: "sagemaker:inference-component:DesiredCopyCount",
          MinCapacity: 1,
          MaxCapacity: 4,
          RoleARN: "r",
          CreationTime: new Date(),
        },
      ],
    });
    sm.on(ListInferenceComponentsCommand).resolves({
      InferenceComponents: [
        {
          InferenceComponentName: "chat",
          EndpointName: "llm",
          VariantName: "AllTraffic",
          InferenceComponentArn: "arn:ic/chat",
          EndpointArn: "arn:aws:sagemaker:us-east-1:111122223333:endpoint/llm",
          InferenceComponentStatus: "InService",
          CreationTime: new Date(),
          LastModifiedTime: new Date(),
        },
      ],
    });
    const choice = await offered();
    expect(choice("llm").name).toMatch(/^llm +InService, inference-components, autoscaled$/);
    expect(choice("web").name).toMatch(/^web +InService, real-time$/);
    // One listing of the region's components, not one per endpoint.
    expect(sm.commandCalls(ListInferenceComponentsCommand).map((c) => c.args[0].input)).toEqual([
      { MaxResults: 100, SortBy: "Name", SortOrder: "Ascending" },
    ]);
  });
});

describe("inference components", () => {
  const icEndpoint = (misMin: number) => {
    endpoint(
      "llm",
      {
        ProductionVariants: [
          {
            VariantName: "AllTraffic",
            InstanceType: "ml.g5.2xlarge",
            InitialInstanceCount: 1,
            ManagedInstanceScaling: { Status: "ENABLED", MinInstanceCount: misMin, MaxInstanceCount: 4 },
          },
        ],
        ExecutionRoleArn: "arn:aws:iam::111122223333:role/r",
      },
      { ManagedInstanceScaling: { Status: "ENABLED", MinInstanceCount: misMin, MaxInstanceCount: 4 } },
    );
    sm.on(ListInferenceComponentsCommand).resolves({
      InferenceComponents: [
        {
          InferenceComponentName: "chat",
          EndpointName: "llm",
          VariantName: "AllTraffic",
          InferenceComponentStatus: "InService",
        },
        {
          InferenceComponentName: "embed",
          EndpointName: "llm",
          VariantName: "AllTraffic",
          InferenceComponentStatus: "InService",
        },
      ],
    } as never);
    sm.on(DescribeInferenceComponentCommand).resolves({
      InferenceComponentName: "chat",
      EndpointName: "llm",
      VariantName: "AllTraffic",
      InferenceComponentStatus: "InService",
      RuntimeConfig: { DesiredCopyCount: 1, CurrentCopyCount: 1 },
    } as never);
  };

  it("--min 0 where managed instance scaling allows zero: copies on invocations per copy, and the no-capacity alarm", async () => {
    icEndpoint(0);
    const { error, ctx } = await run({
      endpoint: "llm",
      inferenceComponent: "chat",
      min: "0",
      max: "4",
      target: "10",
    });
    expect(error).toBeUndefined();
    expect(world.targets).toMatchObject([
      {
        ResourceId: "inference-component/chat",
        ScalableDimension: "sagemaker:inference-component:DesiredCopyCount",
        MinCapacity: 0,
      },
    ]);
    expect(world.policies.map((p) => p.PolicyName).sort()).toEqual([
      "sm-autoscale-ic-scale-out-from-zero",
      "sm-autoscale-invocations-per-copy",
    ]);
    expect(alarms).toEqual([
      expect.objectContaining({
        AlarmName: "sm-autoscale-chat-no-capacity-invocation-failures",
        MetricName: "NoCapacityInvocationFailures",
        Dimensions: [{ Name: "InferenceComponentName", Value: "chat" }],
        Statistic: "Sum",
        ComparisonOperator: "GreaterThanThreshold",
      }),
    ]);
    expect(ctx.stderr()).toContain("requests FAIL until a copy is up");
    expect(ctx.stderr()).toContain("managed instance scaling 0 to 4 instances");
  });

  it("--min 0 where the endpoint keeps instances: a usage error explaining why", async () => {
    icEndpoint(1);
    const { explained } = await run({
      endpoint: "llm",
      inferenceComponent: "chat",
      min: "0",
      max: "4",
      target: "10",
    });
    expect(explained?.exitCode).toBe(2);
    expect(explained?.message).toContain(
      "copies can scale to zero only where the endpoint's managed instance scaling allows zero instances",
    );
  });

  it("several components and no --inference-component: a usage error naming them", async () => {
    icEndpoint(0);
    const { explained } = await run({ endpoint: "llm", min: "1", max: "4", target: "10" });
    expect(explained).toMatchObject({
      exitCode: 2,
      message: '--inference-component is required: endpoint "llm" hosts several (chat, embed).',
    });
  });

  it("--gpus with an inference component's gpu signal: exit 2, its metric is already a share of each copy's GPU", async () => {
    icEndpoint(0);
    const { explained } = await run({
      endpoint: "llm",
      inferenceComponent: "chat",
      min: "1",
      max: "4",
      target: "60",
      metric: "gpu",
      gpus: "4",
    });
    expect(explained).toMatchObject({
      exitCode: 2,
      message:
        "--gpus does not apply to an inference component: its --metric gpu target is a percentage of the GPU given to each copy, with no GPU count to multiply by.",
    });
    expect(world.targets).toEqual([]);
  });

  it("the target from a load test counts per copy", async () => {
    icEndpoint(0);
    const { error } = await run({
      endpoint: "llm",
      inferenceComponent: "chat",
      min: "1",
      max: "4",
      maxRps: "2",
    });
    expect(error).toBeUndefined();
    expect(world.policies[0]?.TargetTrackingScalingPolicyConfiguration?.TargetValue).toBe(60);
    expect(aas.commandCalls(PutScalingPolicyCommand)).toHaveLength(1);
  });
});

describe("--metric: the signal that drives scaling", () => {
  const realTime = (instanceType: string) =>
    endpoint("web", {
      ProductionVariants: [
        { VariantName: "AllTraffic", ModelName: "m", InstanceType: instanceType, InitialInstanceCount: 1 },
      ],
    });
  const policy = (name: string) =>
    world.policies.find((p) => p.PolicyName === name)?.TargetTrackingScalingPolicyConfiguration;

  it("cpu on ml.m5.large: 60 % of its 2 vCPUs is a target of 120 on CPUUtilization", async () => {
    realTime("ml.m5.large");
    const { error, ctx } = await run({ endpoint: "web", min: "1", max: "4", target: "60", metric: "cpu" });
    expect(error).toBeUndefined();
    expect(policy("sm-autoscale-cpu-utilization")).toEqual({
      TargetValue: 120,
      CustomizedMetricSpecification: {
        MetricName: "CPUUtilization",
        Namespace: "/aws/sagemaker/Endpoints",
        Dimensions: [
          { Name: "EndpointName", Value: "web" },
          { Name: "VariantName", Value: "AllTraffic" },
        ],
        Statistic: "Average",
      },
      ScaleInCooldown: 300,
      ScaleOutCooldown: 300,
      DisableScaleIn: false,
    });
    expect(ctx.stderr()).toContain("60 % of 2 vCPUs → target 120 on CPUUtilization.");
    expect(ctx.stderr()).toContain("it lists sm-autoscale-cpu-utilization as custom.");
  });

  it("gpu on a 4-GPU instance multiplies by 4; on a type without GPUs it is refused", async () => {
    realTime("ml.g5.12xlarge");
    expect(
      (await run({ endpoint: "web", min: "1", max: "4", target: "50", metric: "gpu" })).error,
    ).toBeUndefined();
    expect(policy("sm-autoscale-gpu-utilization")?.TargetValue).toBe(200);
    realTime("ml.m5.large");
    const { explained } = await run({ endpoint: "web", min: "1", max: "4", target: "50", metric: "gpu" });
    expect(explained).toMatchObject({
      exitCode: 2,
      message:
        "ml.m5.large has no GPU: --metric gpu cannot scale it. Use invocations, concurrency, cpu or memory.",
    });
  });

  it("an instance type without figures: --vcpus gives the count, else a usage error naming it (never guessed)", async () => {
    realTime("ml.m99.large");
    const missing = await run({ endpoint: "web", min: "1", max: "4", target: "60", metric: "cpu" });
    expect(missing.explained).toMatchObject({
      exitCode: 2,
      message: "sm-autoscale has no vCPU count for ml.m99.large: pass --vcpus N (never guessed).",
    });
    expect(
      (await run({ endpoint: "web", min: "1", max: "4", target: "60", metric: "cpu", vcpus: "8" })).error,
    ).toBeUndefined();
    expect(policy("sm-autoscale-cpu-utilization")?.TargetValue).toBe(480);
  });

  it("--gpus and --vcpus never override the table: a known type that disagrees is exit 2 naming its figure", async () => {
    realTime("ml.c5.xlarge");
    const gpu = await run({ endpoint: "web", min: "1", max: "3", target: "50", metric: "gpu", gpus: "4" });
    expect(gpu.explained).toMatchObject({
      exitCode: 2,
      message:
        "--gpus 4 disagrees with sm-autoscale's instance table: ml.c5.xlarge has no GPU, so --metric gpu cannot scale it. Use invocations, concurrency, cpu or memory.",
    });
    const cpu = await run({ endpoint: "web", min: "1", max: "3", target: "60", metric: "cpu", vcpus: "8" });
    expect(cpu.explained).toMatchObject({
      exitCode: 2,
      message:
        "--vcpus 8 disagrees with sm-autoscale's instance table: ml.c5.xlarge has 4 vCPUs. --vcpus is only for instance types the table lacks: leave it out.",
    });
    expect(world.targets).toEqual([]);
    expect(world.policies).toEqual([]);
    // The same figure as the table's is no contradiction.
    const same = await run({ endpoint: "web", min: "1", max: "3", target: "60", metric: "cpu", vcpus: "4" });
    expect(same.error).toBeUndefined();
    expect(policy("sm-autoscale-cpu-utilization")?.TargetValue).toBe(240);
  });

  it("--gpus or --vcpus where no count applies is exit 2, like --safety-factor without --max-rps", async () => {
    realTime("ml.m99.large");
    // --metric given: refused from the flags alone, before any AWS call.
    const early = await run({ endpoint: "web", min: "1", max: "3", target: "60", metric: "cpu", gpus: "2" });
    expect(early.explained).toMatchObject({
      exitCode: 2,
      message: "--gpus applies only with --metric gpu or gpu-memory; this run scales on cpu.",
    });
    expect(sm.calls()).toHaveLength(0);
    // No --metric: the kind's default signal, known once the endpoint is read.
    const byDefault = await run({ endpoint: "web", min: "1", max: "3", target: "300", vcpus: "8" });
    expect(byDefault.explained).toMatchObject({
      exitCode: 2,
      message: "--vcpus applies only with --metric cpu; this run scales on invocations.",
    });
    expect(world.targets).toEqual([]);
  });

  it("in the wizard, GPU signals are greyed out on an instance type without GPUs, with why", async () => {
    realTime("ml.m5.large");
    let offered: { name: string; disabled?: string | false }[] = [];
    const ctx = fakeContext({
      clients: sdkClients(),
      canPrompt: true,
      answers: {
        metric: (choices: { name: string; disabled?: string | false; value: unknown }[]) => {
          offered = choices;
          throw new Error("stop after the question");
        },
      },
    });
    await runInit(ctx, { endpoint: "web" }).catch(() => {});
    const disabled = offered.filter((c) => c.disabled).map((c) => [c.name.split(" ")[0], c.disabled]);
    expect(disabled).toEqual([
      ["gpu", "(ml.m5.large has no GPU)"],
      ["gpu-memory", "(ml.m5.large has no GPU)"],
    ]);
  });

  describe("instance pools", () => {
    const pools = (...types: string[]) =>
      endpoint("vision", {
        ProductionVariants: [
          {
            VariantName: "AllTraffic",
            ModelName: "m",
            InitialInstanceCount: 2,
            InstancePools: types.map((InstanceType, i) => ({ InstanceType, Priority: i + 1 })),
          },
        ],
      });
    const flagsFor = (metric: string) =>
      ({ endpoint: "vision", min: "1", max: "4", target: "60", metric }) as const;

    it("cpu where every pool has the same vCPU count: one scale, the shared count", async () => {
      pools("ml.g5.xlarge", "ml.g6.xlarge");
      const { error, ctx } = await run(flagsFor("cpu"));
      expect(error).toBeUndefined();
      expect(policy("sm-autoscale-cpu-utilization")?.TargetValue).toBe(240);
      expect(ctx.stderr()).toContain("60 % of 4 vCPUs → target 240 on CPUUtilization.");
      expect((await run(flagsFor("gpu"))).error).toBeUndefined();
      expect(policy("sm-autoscale-gpu-utilization")?.TargetValue).toBe(60);
    });

    it("pools whose counts differ: --metric cpu is exit 2 with the counts; in the wizard, greyed out with why", async () => {
      pools("ml.g5.xlarge", "ml.g5.2xlarge");
      const { explained } = await run(flagsFor("cpu"));
      expect(explained).toMatchObject({
        exitCode: 2,
        message:
          "--metric cpu cannot scale it: its instance pools differ in vCPUs (ml.g5.xlarge 4, ml.g5.2xlarge 8), so the metric has no single scale across them. Use invocations, concurrency, gpu, gpu-memory or memory.",
      });
      expect(world.targets).toEqual([]);
      let offered: { name: string; disabled?: string | false }[] = [];
      const ctx = fakeContext({
        clients: sdkClients(),
        canPrompt: true,
        answers: {
          metric: (choices: { name: string; disabled?: string | false }[]) => {
            offered = choices;
            throw new Error("stop after the question");
          },
        },
      });
      await runInit(ctx, { endpoint: "vision" }).catch(() => {});
      expect(offered.filter((c) => c.disabled).map((c) => [c.name.split(" ")[0], c.disabled])).toEqual([
        ["cpu", "(its pools differ in vCPUs: ml.g5.xlarge 4, ml.g5.2xlarge 8)"],
      ]);
    });
  });

  it("a metric the kind does not offer: exit 2 naming the ones it does", async () => {
    realTime("ml.m5.large");
    const { explained } = await run({ endpoint: "web", min: "1", max: "4", target: "5", metric: "backlog" });
    expect(explained).toMatchObject({
      exitCode: 2,
      message:
        "--metric backlog does not apply to a real-time variant: use invocations, concurrency, cpu, memory.",
    });
  });

  it("a second signal keeps the first, and says how AWS combines them", async () => {
    realTime("ml.m5.large");
    await run({ endpoint: "web", min: "1", max: "4", target: "300" });
    const { ctx } = await run({ endpoint: "web", min: "1", max: "4", target: "4", metric: "concurrency" });
    expect(world.policies.map((p) => p.PolicyName).sort()).toEqual([
      "SageMakerEndpointInvocationScalingPolicy",
      "sm-autoscale-concurrency",
    ]);
    expect(policy("sm-autoscale-concurrency")?.PredefinedMetricSpecification?.PredefinedMetricType).toBe(
      "SageMakerVariantConcurrentRequestsPerModelHighResolution",
    );
    expect(ctx.stderr()).toContain("AWS scales out when any of them asks and in only when all agree");
  });
});

describe("--policy-type step: thresholds, step sizes, and the alarms that fire them", () => {
  const realTime = (instanceType: string) =>
    endpoint("web", {
      ProductionVariants: [
        { VariantName: "AllTraffic", ModelName: "m", InstanceType: instanceType, InitialInstanceCount: 1 },
      ],
    });
  const step = (name: string) => world.policies.find((p) => p.PolicyName === name);
  const alarm = (name: string) => alarms.find((a) => a["AlarmName"] === name);
  const stepFlags = { endpoint: "web", min: "1", max: "6", policyType: "step" } as const;

  it("cpu on ml.m5.large: 70 % and 30 % of the instance are alarm thresholds 140 and 60, each alarm pointed at its policy", async () => {
    realTime("ml.m5.large");
    const { error, ctx } = await run({
      ...stepFlags,
      metric: "cpu",
      scaleOutAbove: "70",
      scaleOutBy: "2",
      scaleInBelow: "30",
      scaleOutCooldown: "120",
    });
    expect(error).toBeUndefined();
    expect(world.policies.map((p) => p.PolicyName).sort()).toEqual([
      "sm-autoscale-step-cpu-scale-in",
      "sm-autoscale-step-cpu-scale-out",
    ]);
    expect(step("sm-autoscale-step-cpu-scale-out")?.StepScalingPolicyConfiguration).toEqual({
      AdjustmentType: "ChangeInCapacity",
      MetricAggregationType: "Average",
      Cooldown: 120,
      StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 2 }],
    });
    expect(step("sm-autoscale-step-cpu-scale-in")?.StepScalingPolicyConfiguration).toEqual({
      AdjustmentType: "ChangeInCapacity",
      MetricAggregationType: "Average",
      Cooldown: 300,
      StepAdjustments: [{ MetricIntervalUpperBound: 0, ScalingAdjustment: -1 }],
    });
    const watched = {
      MetricName: "CPUUtilization",
      Namespace: "/aws/sagemaker/Endpoints",
      Statistic: "Average",
      Dimensions: [
        { Name: "EndpointName", Value: "web" },
        { Name: "VariantName", Value: "AllTraffic" },
      ],
    };
    expect(alarm("sm-autoscale-web-AllTraffic-step-cpu-scale-out")).toMatchObject({
      ...watched,
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      Threshold: 140,
      ComparisonOperator: "GreaterThanThreshold",
      AlarmActions: [step("sm-autoscale-step-cpu-scale-out")?.PolicyARN],
    });
    expect(alarm("sm-autoscale-web-AllTraffic-step-cpu-scale-in")).toMatchObject({
      ...watched,
      Period: 60,
      EvaluationPeriods: 15,
      DatapointsToAlarm: 15,
      Threshold: 60,
      ComparisonOperator: "LessThanThreshold",
      AlarmActions: [step("sm-autoscale-step-cpu-scale-in")?.PolicyARN],
    });
    expect(ctx.stderr()).toContain(
      "Scale out above 70 % of 2 vCPUs → alarm threshold 140 on CPUUtilization; scale in below 30 % → 60.",
    );
    // The printed script carries each policy's ARN to its own alarm.
    expect(ctx.stdout()).toMatch(/^STEP_OUT_POLICY_ARN=\$\(aws application-autoscaling put-scaling-policy/m);
    expect(ctx.stdout()).toContain('--alarm-actions "$STEP_IN_POLICY_ARN"');
  });

  it("a re-run with the same flags changes nothing; a new threshold puts only that alarm", async () => {
    realTime("ml.m5.large");
    const flags = { ...stepFlags, scaleOutAbove: "600", scaleInBelow: "200" };
    expect((await run(flags)).error).toBeUndefined();
    const arns = world.policies.map((p) => p.PolicyARN);
    aas.resetHistory();
    cw.resetHistory();
    const again = await run(flags);
    expect(again.error).toBeUndefined();
    expect(again.ctx.stderr()).toContain(
      "Nothing to change: web/AllTraffic already scales 1–6 instances with step scaling on invocations per instance: add 1 above 600, remove 1 below 200 (cooldowns out 300 s, in 300 s).",
    );
    expect(aas.commandCalls(PutScalingPolicyCommand)).toEqual([]);
    expect(cw.commandCalls(PutMetricAlarmCommand)).toEqual([]);

    const moved = await run({ ...flags, scaleInBelow: "250" });
    expect(moved.error).toBeUndefined();
    expect(aas.commandCalls(PutScalingPolicyCommand)).toEqual([]);
    expect(cw.commandCalls(PutMetricAlarmCommand).map((c) => c.args[0].input)).toEqual([
      expect.objectContaining({
        AlarmName: "sm-autoscale-web-AllTraffic-step-invocations-scale-in",
        MetricName: "InvocationsPerInstance",
        Namespace: "AWS/SageMaker",
        Statistic: "Sum",
        Threshold: 250,
        // The policy in place keeps its ARN: the alarm points at it without a new put.
        AlarmActions: [arns[1]],
      }),
    ]);
  });

  it("--disable-scale-in: only the scale-out policy and its alarm", async () => {
    realTime("ml.m5.large");
    const { error } = await run({ ...stepFlags, scaleOutAbove: "600", disableScaleIn: true });
    expect(error).toBeUndefined();
    expect(world.policies.map((p) => p.PolicyName)).toEqual(["sm-autoscale-step-invocations-scale-out"]);
    expect(alarms.map((a) => a["AlarmName"])).toEqual([
      "sm-autoscale-web-AllTraffic-step-invocations-scale-out",
    ]);
  });

  it("concurrency scales out on 10-second datapoints of its Maximum, and in on minutes", async () => {
    realTime("ml.g5.xlarge");
    const { error } = await run({
      ...stepFlags,
      metric: "concurrency",
      scaleOutAbove: "8",
      scaleInBelow: "2",
    });
    expect(error).toBeUndefined();
    expect(alarm("sm-autoscale-web-AllTraffic-step-concurrency-scale-out")).toMatchObject({
      MetricName: "ConcurrentRequestsPerModel",
      Namespace: "AWS/SageMaker",
      Statistic: "Maximum",
      Period: 10,
    });
    expect(alarm("sm-autoscale-web-AllTraffic-step-concurrency-scale-in")).toMatchObject({ Period: 60 });
  });

  it("the built-in target-tracking policy in place stays, with a warning, unless --replace-custom-policies", async () => {
    realTime("ml.m5.large");
    await run({ endpoint: "web", min: "1", max: "6", target: "300" });
    const kept = await run({ ...stepFlags, scaleOutAbove: "600", scaleInBelow: "200" });
    expect(kept.error).toBeUndefined();
    expect(kept.ctx.stderr()).toContain(
      'This real-time variant also has a target-tracking policy: "SageMakerEndpointInvocationScalingPolicy". Beside the step policies it stays active and can fight them',
    );
    expect(kept.ctx.stderr()).toContain("pass --replace-custom-policies to delete it");
    expect(world.policies.map((p) => p.PolicyName)).toContain("SageMakerEndpointInvocationScalingPolicy");
    const replaced = await run({
      ...stepFlags,
      scaleOutAbove: "600",
      scaleInBelow: "200",
      replaceCustomPolicies: true,
    });
    expect(replaced.error).toBeUndefined();
    expect(world.policies.map((p) => p.PolicyName).sort()).toEqual([
      "sm-autoscale-step-invocations-scale-in",
      "sm-autoscale-step-invocations-scale-out",
    ]);
    // Back to target tracking: the step policies stay, and init says how to change or remove them.
    const back = await run({ endpoint: "web", min: "1", max: "6", target: "300" });
    expect(back.ctx.stderr()).toContain(
      'web/AllTraffic also has the step policies "sm-autoscale-step-invocations-scale-out", "sm-autoscale-step-invocations-scale-in", which stay beside target tracking and can fight it.',
    );
  });

  it("an inference component: thresholds per copy, alarms on its own dimension", async () => {
    endpoint("llm", {
      ProductionVariants: [
        { VariantName: "AllTraffic", InstanceType: "ml.g5.2xlarge", InitialInstanceCount: 1 },
      ],
      ExecutionRoleArn: "arn:aws:iam::111122223333:role/r",
    });
    sm.on(ListInferenceComponentsCommand).resolves({
      InferenceComponents: [
        {
          InferenceComponentName: "chat",
          EndpointName: "llm",
          VariantName: "AllTraffic",
          InferenceComponentStatus: "InService",
        },
      ],
    } as never);
    sm.on(DescribeInferenceComponentCommand).resolves({
      InferenceComponentName: "chat",
      EndpointName: "llm",
      VariantName: "AllTraffic",
      InferenceComponentStatus: "InService",
      RuntimeConfig: { DesiredCopyCount: 1, CurrentCopyCount: 1 },
    } as never);
    const { error, ctx } = await run({
      endpoint: "llm",
      min: "1",
      max: "4",
      policyType: "step",
      scaleOutAbove: "30",
      scaleInBelow: "5",
    });
    expect(error).toBeUndefined();
    // One copy, not "1 copies".
    expect(ctx.stderr()).toContain("Inference component on llm/AllTraffic: 1 copy now (desired 1);");
    expect(world.policies.map((p) => [p.ResourceId, p.PolicyName]).sort()).toEqual([
      ["inference-component/chat", "sm-autoscale-step-invocations-scale-in"],
      ["inference-component/chat", "sm-autoscale-step-invocations-scale-out"],
    ]);
    // Its utilisation thresholds are a share of what each copy was given, and the error says so, as the prompt does.
    const gpu = await run({
      endpoint: "llm",
      min: "1",
      max: "4",
      policyType: "step",
      metric: "gpu",
      scaleOutAbove: "150",
      scaleInBelow: "5",
    });
    expect(gpu.explained).toMatchObject({
      exitCode: 2,
      message:
        "--scale-out-above 150: the threshold must be a percentage of the GPU given to each copy, greater than 0 and at most 100.",
    });
    expect(alarm("sm-autoscale-chat-step-invocations-scale-out")).toMatchObject({
      MetricName: "InvocationsPerCopy",
      Dimensions: [{ Name: "InferenceComponentName", Value: "chat" }],
      Statistic: "Sum",
      Threshold: 30,
    });
  });

  it("thresholds are held to the signal's range, and scale-in below scale-out", async () => {
    realTime("ml.m5.large");
    const tooHigh = await run({ ...stepFlags, metric: "cpu", scaleOutAbove: "150", scaleInBelow: "30" });
    expect(tooHigh.explained).toMatchObject({
      exitCode: 2,
      message:
        "--scale-out-above 150: the threshold must be a percentage of the whole instance, greater than 0 and at most 100.",
    });
    const crossed = await run({ ...stepFlags, scaleOutAbove: "100", scaleInBelow: "100" });
    expect(crossed.explained).toMatchObject({
      exitCode: 2,
      message:
        "--scale-in-below 100: the scale-in threshold (100) must be below the scale-out threshold (100), or each step would undo the other.",
    });
    expect(world.targets).toEqual([]);
  });

  it("a failed scale-in alarm rolls everything back: both step policies, the first alarm, the target", async () => {
    realTime("ml.m5.large");
    cw.on(PutMetricAlarmCommand).callsFake((input: Record<string, unknown>) => {
      if (String(input["AlarmName"]).endsWith("scale-in")) {
        throw awsError("LimitExceeded", "The maximum number of alarms for this account has been reached.");
      }
      alarms = [...alarms.filter((a) => a["AlarmName"] !== input["AlarmName"]), input];
      return {};
    });
    const { explained } = await run({ ...stepFlags, scaleOutAbove: "600", scaleInBelow: "200" });
    expect(explained?.exitCode).toBe(1);
    expect(world.targets).toEqual([]);
    expect(world.policies).toEqual([]);
    expect(alarms).toEqual([]);
  });

  it("in the wizard: 'How should it scale?', then the thresholds on the signal's own scale", async () => {
    realTime("ml.m5.large");
    const ctx = fakeContext({
      clients: sdkClients(),
      canPrompt: true,
      answers: {
        metric: (choices: { value: { id: string } }[]) => choices.find((c) => c.value.id === "cpu")!.value,
        policyType: "step",
        min: 1,
        max: 4,
        scaleOutAbove: 75,
        scaleOutBy: ENTER,
        disableScaleIn: false,
        scaleInBelow: 25,
        scaleInBy: ENTER,
        scaleOutCooldown: ENTER,
        scaleInCooldown: ENTER,
        confirm: true,
      },
    });
    await runInit(ctx, { endpoint: "web" });
    expect(ctx.asked).toEqual([
      "metric",
      "policyType",
      "min",
      "max",
      "scaleOutAbove",
      "scaleOutBy",
      "disableScaleIn",
      "scaleInBelow",
      "scaleInBy",
      "scaleOutCooldown",
      "scaleInCooldown",
      "confirm",
    ]);
    expect(ctx.stderr()).toContain("Step scaling on CPUUtilization (% of the instance's CPU)");
    expect(ctx.stderr()).toContain(
      "A CloudWatch alarm adds instances once CPUUtilization has stayed above the scale-out threshold for 3 minutes;",
    );
    expect(ctx.stderr()).toContain("Give each threshold as a percentage of the whole instance");
    expect(ctx.stderr()).toContain(
      "it lists sm-autoscale-step-cpu-scale-out and sm-autoscale-step-cpu-scale-in as custom.",
    );
    expect(alarm("sm-autoscale-web-AllTraffic-step-cpu-scale-out")?.["Threshold"]).toBe(150);
    expect(alarm("sm-autoscale-web-AllTraffic-step-cpu-scale-in")?.["Threshold"]).toBe(50);
    // A second run starts from what is in place: the type, and the thresholds as percentages.
    const again = fakeContext({
      clients: sdkClients(),
      canPrompt: true,
      answers: {
        metric: ENTER,
        policyType: ENTER,
        min: ENTER,
        max: ENTER,
        scaleOutAbove: ENTER,
        scaleOutBy: ENTER,
        disableScaleIn: ENTER,
        scaleInBelow: ENTER,
        scaleInBy: ENTER,
        scaleOutCooldown: ENTER,
        scaleInCooldown: ENTER,
      },
    });
    await runInit(again, { endpoint: "web" });
    expect(again.defaults["policyType"]).toBe("step");
    expect(again.defaults["scaleOutAbove"]).toBe(75);
    expect(again.defaults["scaleInBelow"]).toBe(25);
    expect(again.stderr()).toContain("Nothing to change");
  });
});
