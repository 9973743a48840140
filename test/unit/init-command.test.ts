import {
  ApplicationAutoScalingClient,
  DeleteScalingPolicyCommand,
  DeregisterScalableTargetCommand,
  DescribeScalingActivitiesCommand,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from "@aws-sdk/client-application-auto-scaling";
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { CreateServiceLinkedRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
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
import { type Answers, ENTER, fakeContext } from "./fake-context.js";
import { awsError, sdkClients } from "./mock-clients.js";
import { type AasWorld, statefulAutoscaling } from "./stateful-aas.js";

const sm = mockClient(SageMakerClient);
const aas = mockClient(ApplicationAutoScalingClient);
const iam = mockClient(IAMClient);
const cw = mockClient(CloudWatchClient);
const sts = mockClient(STSClient);
const quotas = mockClient(ServiceQuotasClient);

const RID = "endpoint/churn-predictor/variant/AllTraffic";
let world: AasWorld;
const flags: InitFlags = { endpoint: "churn-predictor", min: "1", max: "4", target: "300", yes: true };

function endpoint(
  options: {
    status?: string;
    async?: boolean;
    serverless?: boolean;
    instanceType?: string;
    variants?: string[];
  } = {},
) {
  const variants = options.variants ?? ["AllTraffic"];
  sm.on(DescribeEndpointCommand).resolves({
    EndpointName: "churn-predictor",
    EndpointConfigName: "churn-config",
    EndpointStatus: (options.status ?? "InService") as never,
    ProductionVariants: variants.map((v) => ({
      VariantName: v,
      CurrentInstanceCount: 2,
      DesiredInstanceCount: 2,
    })),
  });
  sm.on(DescribeEndpointConfigCommand).resolves({
    EndpointConfigName: "churn-config",
    ProductionVariants: variants.map((v) => ({
      VariantName: v,
      ModelName: "m",
      ...(options.serverless
        ? { ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } }
        : { InstanceType: (options.instanceType ?? "ml.m5.large") as never, InitialInstanceCount: 2 }),
    })),
    ...(options.async ? { AsyncInferenceConfig: { OutputConfig: { S3OutputPath: "s3://b/o" } } } : {}),
  });
}

beforeEach(() => {
  for (const m of [sm, aas, iam, cw, sts, quotas]) m.reset();
  sts
    .on(GetCallerIdentityCommand)
    .resolves({ Account: "111122223333", Arn: "arn:aws:iam::111122223333:user/dev" });
  endpoint();
  world = statefulAutoscaling(aas);
  iam.on(CreateServiceLinkedRoleCommand).resolves({});
  aas.on(DescribeScalingActivitiesCommand).resolves({ ScalingActivities: [] });
  quotas.on(ListServiceQuotasCommand).resolves({ Quotas: [] });
  quotas.on(ListAWSDefaultServiceQuotasCommand).resolves({ Quotas: [] });
});

const MINUTE = 60_000;
/**
 * A GetMetricData answer: per-minute InvocationsPerInstance ending a minute ago, the variant's Invocations for
 * `instances` instances, and ModelLatency, newest first as CloudWatch returns them.
 */
function history(perInstance: number[], instances = 2) {
  const end = Math.floor(Date.now() / MINUTE) * MINUTE - MINUTE;
  const stamps = perInstance.map((_, i) => new Date(end - (perInstance.length - 1 - i) * MINUTE)).reverse();
  const newestFirst = [...perInstance].reverse();
  return {
    MetricDataResults: [
      { Id: "ipi", Timestamps: stamps, Values: newestFirst },
      { Id: "inv", Timestamps: stamps, Values: newestFirst.map((v) => v * instances) },
      { Id: "lat", Timestamps: stamps.slice(0, 2), Values: [40_000, 50_000] },
    ],
  };
}
/** 25 hours of traffic: 100 a minute per instance, 2 % of the minutes at 700, one minute at 900. */
const DAY_OF_TRAFFIC = Array.from({ length: 25 * 60 }, (_, i) =>
  i === 701 ? 900 : i % 50 === 0 ? 700 : 100,
);

async function run(f: InitFlags, options: { canPrompt?: boolean; answers?: Answers } = {}) {
  const ctx = fakeContext({ clients: sdkClients(), ...options });
  let error: unknown;
  try {
    await runInit(ctx, f);
  } catch (e) {
    error = e;
  }
  return { ctx, error, explained: error === undefined ? undefined : explainError(error) };
}

describe("init with flags", () => {
  it("registers the target and puts the built-in policy, printing each command on stdout", async () => {
    const { ctx, error } = await run(flags);
    expect(error).toBeUndefined();
    expect(aas.commandCalls(RegisterScalableTargetCommand)[0]!.args[0].input).toEqual({
      ServiceNamespace: "sagemaker",
      ResourceId: RID,
      ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
      MinCapacity: 1,
      MaxCapacity: 4,
    });
    expect(aas.commandCalls(PutScalingPolicyCommand)[0]!.args[0].input).toMatchObject({
      PolicyName: "SageMakerEndpointInvocationScalingPolicy",
      PolicyType: "TargetTrackingScaling",
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 300,
        PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
        ScaleInCooldown: 300,
        ScaleOutCooldown: 300,
        DisableScaleIn: false,
      },
    });
    const out = ctx.stdout();
    expect(out).toContain("aws iam create-service-linked-role");
    expect(out).toContain("aws application-autoscaling register-scalable-target");
    expect(out).toContain("aws application-autoscaling put-scaling-policy");
    expect(ctx.stderr()).toContain(
      "Acting as arn:aws:iam::111122223333:user/dev in account 111122223333, region us-east-1.",
    );
    expect(ctx.stderr()).toContain("Next: sm-autoscale describe --endpoint churn-predictor");
    expect(ctx.stderr()).toContain("  ml.m5.large, 2 instances now (desired 2)");
  });

  it("in a terminal, with every needed flag, asks nothing: optional values take their defaults", async () => {
    const { ctx, error } = await run(flags, { canPrompt: true, answers: {} });
    expect(error).toBeUndefined();
    expect(ctx.asked).toEqual([]);
    expect(
      aas.commandCalls(PutScalingPolicyCommand)[0]!.args[0].input.TargetTrackingScalingPolicyConfiguration,
    ).toMatchObject({
      ScaleInCooldown: 300,
      ScaleOutCooldown: 300,
      DisableScaleIn: false,
    });
  });

  it("computes the target from --max-rps and --safety-factor", async () => {
    await run({ ...flags, target: undefined, maxRps: "20", safetyFactor: "0.25" });
    expect(
      aas.commandCalls(PutScalingPolicyCommand)[0]!.args[0].input.TargetTrackingScalingPolicyConfiguration
        ?.TargetValue,
    ).toBe(300);
  });

  it("without a terminal and with a missing value, exits 2 naming the flags before any AWS call", async () => {
    const { explained } = await run({ endpoint: "churn-predictor", min: "1" });
    expect(explained).toEqual({
      message:
        "Missing --max, --target (or --max-rps, for invocations), --yes (or --dry-run): required when not running interactively (no terminal).",
      hint: expect.stringContaining("sm-autoscale init --endpoint"),
      exitCode: 2,
    });
    expect(sts.calls()).toHaveLength(0);
    expect(sm.calls()).toHaveLength(0);
  });

  it("step scaling with a flag missing: the example is a step one, not --max-rps", async () => {
    const { explained } = await run({
      endpoint: "churn-predictor",
      policyType: "step",
      scaleOutAbove: "600",
    });
    expect(explained).toEqual({
      message:
        "Missing --min, --max, --scale-in-below (or --disable-scale-in), --yes (or --dry-run): required when not running interactively (no terminal).",
      hint: "Example, for a real-time variant: sm-autoscale init --endpoint my-endpoint --min 1 --max 4 --policy-type step --scale-out-above 600 --scale-in-below 200 --yes",
      exitCode: 2,
    });
    expect(sm.calls()).toHaveLength(0);
  });

  it.each<[string, Parameters<typeof endpoint>[0], InitFlags, { message: string; hint: string }]>([
    [
      "a real-time variant: --target or --max-rps",
      {},
      {},
      {
        message: "Missing --target (or --max-rps): required when not running interactively (no terminal).",
        hint: "churn-predictor/AllTraffic scales on invocations per instance: e.g. --max-rps 20 (the requests per second one instance sustains in a load test) or --target 300 (300 invocations per instance per minute).",
      },
    ],
    [
      "an async variant: only --target, on its queue",
      { async: true },
      {},
      {
        message: "Missing --target: required when not running interactively (no terminal).",
        hint: "churn-predictor/AllTraffic scales on its queue (backlog per instance): e.g. --target 5 (5 queued requests per instance).",
      },
    ],
    [
      "step scaling on cpu: thresholds as a percentage",
      {},
      { policyType: "step", metric: "cpu", scaleOutAbove: "70" },
      {
        message:
          "Missing --scale-in-below (or --disable-scale-in): required when not running interactively (no terminal).",
        hint: "churn-predictor/AllTraffic scales on CPU utilization: e.g. --scale-out-above 70 --scale-in-below 30 (70 and 30 % of the instance's CPU).",
      },
    ],
  ])(
    "only the target missing, %s: named once the kind is known, before any change",
    async (_, shape, more, said) => {
      endpoint(shape);
      cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
      const { explained } = await run({
        endpoint: "churn-predictor",
        min: "1",
        max: "4",
        yes: true,
        ...more,
      });
      expect(explained).toEqual({ ...said, exitCode: 2 });
      expect(aas.commandCalls(RegisterScalableTargetCommand)).toHaveLength(0);
      expect(iam.calls()).toHaveLength(0);
    },
  );

  it("--dry-run prints the plan as a script and changes nothing", async () => {
    const { ctx } = await run({ ...flags, yes: false, dryRun: true });
    expect(ctx.stdout()).toMatch(/^#!\/usr\/bin\/env bash/);
    expect(aas.commandCalls(RegisterScalableTargetCommand)).toHaveLength(0);
    expect(iam.calls()).toHaveLength(0);
  });

  it("--dry-run with --yes still changes nothing", async () => {
    await run({ ...flags, dryRun: true });
    expect(aas.commandCalls(RegisterScalableTargetCommand)).toHaveLength(0);
    expect(aas.commandCalls(PutScalingPolicyCommand)).toHaveLength(0);
  });

  it.each([
    [
      "serverless on-demand",
      { serverless: true },
      /serverless on demand: it scales by itself, down to zero, and has nothing to register/,
    ],
    [
      "burstable",
      { instanceType: "ml.t2.medium" },
      /ml\.t2\.medium\. Burstable ml\.t\* instances cannot be autoscaled/,
    ],
    ["not InService", { status: "Updating" }, /is Updating, not InService/],
  ])("refuses a %s variant with the reason and changes nothing", async (_kind, shape, message) => {
    endpoint(shape);
    const { explained } = await run(flags);
    expect(explained?.message).toMatch(message);
    expect(explained?.exitCode).toBe(1);
    expect(aas.commandCalls(RegisterScalableTargetCommand)).toHaveLength(0);
    expect(iam.calls()).toHaveLength(0);
  });

  it("an inference-component endpoint with no component yet: says there is nothing to scale", async () => {
    sm.on(DescribeEndpointConfigCommand).resolves({
      EndpointConfigName: "c",
      ProductionVariants: [
        { VariantName: "AllTraffic", InstanceType: "ml.g5.xlarge" as never, InitialInstanceCount: 1 },
      ],
    });
    sm.on(ListInferenceComponentsCommand).resolves({ InferenceComponents: [] });
    const { explained } = await run(flags);
    expect(explained?.message).toMatch(/hosts no inference components yet/);
    expect(aas.commandCalls(RegisterScalableTargetCommand)).toHaveLength(0);
  });

  it("needs --variant when the endpoint has several, naming them", async () => {
    endpoint({ variants: ["ModelA", "ModelB"] });
    const { explained } = await run(flags);
    expect(explained).toMatchObject({
      exitCode: 2,
      message: '--variant is required: endpoint "churn-predictor" has several variants (ModelA, ModelB).',
    });
  });

  it("names the endpoint and region when the endpoint does not exist", async () => {
    sm.on(DescribeEndpointCommand).rejects(
      awsError("ValidationException", 'Could not find endpoint "churn-predictor".'),
    );
    const { explained } = await run(flags);
    expect(explained).toMatchObject({
      exitCode: 1,
      message: 'Endpoint "churn-predictor" was not found in us-east-1.',
    });
  });

  it("names a variant that does not exist and lists the real ones", async () => {
    const { explained } = await run({ ...flags, variant: "Blue" });
    expect(explained?.message).toBe(
      'Variant "Blue" not found on endpoint "churn-predictor"; it has: AllTraffic.',
    );
  });
});

describe("init against AWS errors moto does not produce", () => {
  it("retries PutScalingPolicy on ObjectNotFoundException right after registering", async () => {
    aas
      .on(PutScalingPolicyCommand)
      .rejectsOnce(
        awsError("ObjectNotFoundException", "No scalable target registered for service namespace: sagemaker"),
      )
      .rejectsOnce(
        awsError("ObjectNotFoundException", "No scalable target registered for service namespace: sagemaker"),
      )
      .resolves({ PolicyARN: "arn:p", Alarms: [] });
    const { error } = await run(flags);
    expect(error).toBeUndefined();
    expect(aas.commandCalls(PutScalingPolicyCommand)).toHaveLength(3);
  });

  it("AccessDenied on RegisterScalableTarget names the IAM action and the iam-policy command; nothing is left behind", async () => {
    aas
      .on(RegisterScalableTargetCommand)
      .rejects(
        awsError(
          "AccessDeniedException",
          "User: arn:aws:iam::111122223333:user/dev is not authorized to perform: application-autoscaling:RegisterScalableTarget",
        ),
      );
    const { explained } = await run(flags);
    expect(explained).toEqual({
      message: "Access denied: your identity may not call application-autoscaling:RegisterScalableTarget.",
      hint: "Grant application-autoscaling:RegisterScalableTarget to it; `sm-autoscale iam-policy` prints the least-privilege policy.",
      exitCode: 1,
    });
    expect(aas.commandCalls(PutScalingPolicyCommand)).toHaveLength(0);
    expect(aas.commandCalls(DeregisterScalableTargetCommand)).toHaveLength(0);
  });

  it("AccessDenied on PutScalingPolicy deregisters the target this run created, and says so", async () => {
    aas.on(PutScalingPolicyCommand).rejects(awsError("AccessDeniedException", "not authorized"));
    const { ctx, explained } = await run(flags);
    expect(explained?.message).toBe(
      "Access denied: your identity may not call application-autoscaling:PutScalingPolicy.",
    );
    expect(aas.commandCalls(DeregisterScalableTargetCommand)[0]!.args[0].input).toMatchObject({
      ResourceId: RID,
    });
    expect(ctx.stderr()).toContain(
      "Rolled back this run's 1 change(s); the autoscaling is as it was before.",
    );
  });

  it("a denied CreateServiceLinkedRole is a note and the run goes on: AWS finds the role at registration", async () => {
    iam
      .on(CreateServiceLinkedRoleCommand)
      .rejects(
        awsError("AccessDenied", "User dev is not authorized to perform: iam:CreateServiceLinkedRole"),
      );
    const { ctx, error } = await run(flags);
    expect(error).toBeUndefined();
    expect(ctx.stderr()).toContain(
      "Make sure the service-linked role for SageMaker autoscaling exists: skipped, as your identity may not call iam:CreateServiceLinkedRole.",
    );
    expect(world.policies.map((p) => p.PolicyName)).toEqual(["SageMakerEndpointInvocationScalingPolicy"]);
  });

  it("where the role is truly missing, registration fails naming iam:CreateServiceLinkedRole; nothing is left", async () => {
    const denied =
      "is not authorized to perform: iam:CreateServiceLinkedRole on resource: arn:aws:iam::111122223333:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint";
    iam.on(CreateServiceLinkedRoleCommand).rejects(awsError("AccessDenied", `User dev ${denied}`));
    aas.on(RegisterScalableTargetCommand).rejects(awsError("AccessDeniedException", `User dev ${denied}`));
    const { explained } = await run(flags);
    expect(explained).toEqual({
      message: "Access denied: your identity may not call iam:CreateServiceLinkedRole.",
      hint: "Grant iam:CreateServiceLinkedRole to it; `sm-autoscale iam-policy` prints the least-privilege policy.",
      exitCode: 1,
    });
    expect(world.targets).toEqual([]);
  });

  it("restores the previous capacities when the target existed before", async () => {
    world = statefulAutoscaling(aas, {
      targets: [
        {
          ServiceNamespace: "sagemaker",
          ResourceId: RID,
          ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
          MinCapacity: 2,
          MaxCapacity: 8,
          RoleARN: "r",
          CreationTime: new Date(),
        },
      ],
    });
    aas.on(PutScalingPolicyCommand).rejects(awsError("ValidationException", "bad"));
    const { explained } = await run(flags);
    expect(explained?.message).toBe("AWS rejected application-autoscaling PutScalingPolicy: bad");
    const registers = aas.commandCalls(RegisterScalableTargetCommand).map((c) => c.args[0].input);
    expect(registers).toEqual([
      expect.objectContaining({ MinCapacity: 1, MaxCapacity: 4 }),
      expect.objectContaining({ MinCapacity: 2, MaxCapacity: 8 }),
    ]);
    expect(aas.commandCalls(DeregisterScalableTargetCommand)).toHaveLength(0);
  });

  it("restores the previous capacities of a target that someone had suspended (a registration changes only what it sets)", async () => {
    world = statefulAutoscaling(aas, {
      targets: [
        {
          ServiceNamespace: "sagemaker",
          ResourceId: RID,
          ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
          MinCapacity: 2,
          MaxCapacity: 8,
          RoleARN: "r",
          CreationTime: new Date(),
          SuspendedState: { DynamicScalingInSuspended: true },
        },
      ],
    });
    aas.on(PutScalingPolicyCommand).rejects(awsError("ValidationException", "bad"));
    const { ctx } = await run(flags);
    expect(world.targets).toMatchObject([
      { MinCapacity: 2, MaxCapacity: 8, SuspendedState: { DynamicScalingInSuspended: true } },
    ]);
    expect(ctx.stderr()).toContain(
      "Rolled back this run's 1 change(s); the autoscaling is as it was before.",
    );
  });

  it("a rolled-back registration that had launched instances says they keep running, and how to go back", async () => {
    aas.on(PutScalingPolicyCommand).rejects(awsError("ValidationException", "bad"));
    const { ctx } = await run({ ...flags, min: "5", max: "8" });
    expect(world.targets).toEqual([]);
    expect(ctx.stderr()).toContain(
      "Registering had already moved the instance count (2 → 5), and rolling back the autoscaling does not move it back. To return to 2: aws sagemaker update-endpoint-weights-and-capacities --endpoint-name churn-predictor --desired-weights-and-capacities VariantName=AllTraffic,DesiredInstanceCount=2 --region us-east-1",
    );
  });

  it("says plainly that the endpoint is gone when it was deleted between discovery and apply", async () => {
    sm.on(DescribeEndpointCommand)
      .resolvesOnce({
        EndpointName: "churn-predictor",
        EndpointConfigName: "churn-config",
        EndpointStatus: "InService",
        ProductionVariants: [{ VariantName: "AllTraffic", CurrentInstanceCount: 2, DesiredInstanceCount: 2 }],
      })
      .rejects(awsError("ValidationException", 'Could not find endpoint "churn-predictor".'));
    aas
      .on(RegisterScalableTargetCommand)
      .rejects(awsError("ValidationException", "The endpoint is not in a valid state for this operation"));
    const { explained } = await run(flags);
    expect(explained).toEqual({
      message:
        'Endpoint "churn-predictor" no longer exists in us-east-1: it was deleted while its autoscaling was being set up.',
      hint: "AWS removes an endpoint's autoscaling with the endpoint. Run `sm-autoscale init` again once the endpoint exists.",
      exitCode: 1,
    });
  });

  it("says so when the endpoint left InService between discovery and apply", async () => {
    const live = { EndpointName: "churn-predictor", EndpointConfigName: "churn-config" };
    sm.on(DescribeEndpointCommand)
      .resolvesOnce({ ...live, EndpointStatus: "InService" })
      .resolves({ ...live, EndpointStatus: "Updating" });
    aas.on(RegisterScalableTargetCommand).rejects(awsError("ValidationException", "invalid state"));
    const { explained } = await run(flags);
    expect(explained?.message).toBe(
      'Endpoint "churn-predictor" became Updating while its autoscaling was being set up, and AWS refused the change.',
    );
  });

  it("Ctrl-C during the last step: it finishes, then the run is rolled back and says exactly that (exit 130)", async () => {
    const ctx = fakeContext({
      clients: sdkClients(),
      interrupted: () => aas.commandCalls(PutScalingPolicyCommand).length > 0,
    });
    const error = await runInit(ctx, flags).catch((e: unknown) => e);
    expect(explainError(error)).toEqual({
      message: "Interrupted; this run's 2 change(s) were rolled back: the autoscaling is as it was before.",
      exitCode: 130,
    });
    expect(aas.commandCalls(DeleteScalingPolicyCommand)).toHaveLength(1);
    expect(aas.commandCalls(DeregisterScalableTargetCommand)).toHaveLength(1);
  });

  it("throttling that outlasts the SDK's retries ends in one line", async () => {
    sts.on(GetCallerIdentityCommand).rejects(awsError("ThrottlingException", "Rate exceeded"));
    const { explained } = await run(flags);
    expect(explained?.message).toMatch(/^AWS kept throttling .*\(Rate exceeded\) after several retries\.$/);
  });
});

describe("init, interactive (fake prompter)", () => {
  const answers: Answers = {
    endpoint: (choices: { value: unknown; name?: string; disabled?: unknown }[]) => {
      // the not-InService endpoint is listed but cannot be picked
      const pending = choices.find((c) => c.value === "forecast-v2") as { name: string; disabled?: unknown };
      expect(pending.name).toMatch(/forecast-v2 +Creating/);
      expect(pending.disabled).toBe("(only InService endpoints can be autoscaled)");
      return "churn-predictor";
    },
    metric: ENTER,
    policyType: ENTER,
    min: 1,
    max: 4,
    targetMethod: "suggested",
    scaleInCooldown: 600,
    scaleOutCooldown: 60,
    disableScaleIn: false,
    confirm: true,
  };

  beforeEach(() => {
    sm.on(ListEndpointsCommand).resolves({
      Endpoints: [
        {
          EndpointName: "churn-predictor",
          EndpointStatus: "InService",
          EndpointArn: "a",
          CreationTime: new Date(),
          LastModifiedTime: new Date(),
        },
        {
          EndpointName: "forecast-v2",
          EndpointStatus: "Creating",
          EndpointArn: "b",
          CreationTime: new Date(),
          LastModifiedTime: new Date(),
        },
      ],
    });
    cw.on(GetMetricDataCommand).resolves(history(DAY_OF_TRAFFIC));
  });

  it("asks every question in order and applies the suggested target (p99 × 0.5)", async () => {
    const { ctx, error } = await run({}, { canPrompt: true, answers });
    expect(error).toBeUndefined();
    expect(ctx.asked).toEqual([
      "endpoint",
      "metric",
      "policyType",
      "min",
      "max",
      "targetMethod",
      "scaleInCooldown",
      "scaleOutCooldown",
      "disableScaleIn",
      "confirm",
    ]);
    expect(
      aas.commandCalls(PutScalingPolicyCommand)[0]!.args[0].input.TargetTrackingScalingPolicyConfiguration,
    ).toMatchObject({
      TargetValue: 350,
      ScaleInCooldown: 600,
      ScaleOutCooldown: 60,
    });
    const err = ctx.stderr();
    expect(err).toMatch(
      /Suggested 350: \d{4}-\d\d-\d\d \d\d:\d\d to \d{4}-\d\d-\d\d \d\d:\d\d UTC \(25 h, 100 % of minutes with data\): p99 700, peak 900 invocations per instance per minute, ModelLatency p99 50 ms; suggested = p99 × safety factor 0\.5\./,
    );
    // 1,400 invocations at the p99 minute, 1,800 at the busiest, over a target of 350: 4 and 6 instances.
    expect(err).toContain(
      "⚠ Target 350 means 4 instances at the p99 minute (1400 invocations) and 6 instances at the busiest one (1800): above the maximum of 4",
    );
    expect(err).toContain("Registering 1–4 keeps the instance count at 2 (ml.m5.large).");
    // Before the choice: what each would have done on this traffic, the suggestion between a lower and a higher.
    const table = err.slice(
      err.indexOf("What each choice would have done over"),
      err.indexOf("How do you want"),
    );
    expect(table).toMatch(
      /^What each choice would have done over .* UTC \(25 h, 100 % of minutes with data\):/,
    );
    expect(table.match(/^\s+\S+ \((lower|suggested|higher)\)/gm)?.map((l) => l.trim())).toEqual([
      "263 (lower)",
      "350 (suggested)",
      "438 (higher)",
    ]);
  });

  it("the picker's reads of the other endpoints count against the quota: 6 of 6 in use leaves no room", async () => {
    sm.on(ListEndpointsCommand).resolves({
      Endpoints: ["churn-predictor", "ranker", "forecast-v2"].map((name) => ({
        EndpointName: name,
        EndpointStatus: name === "forecast-v2" ? "Creating" : "InService",
        EndpointArn: name,
        CreationTime: new Date(),
        LastModifiedTime: new Date(),
      })),
    });
    sm.on(DescribeEndpointCommand, { EndpointName: "ranker" }).resolves({
      EndpointName: "ranker",
      EndpointConfigName: "ranker-config",
      EndpointStatus: "InService",
      ProductionVariants: [{ VariantName: "AllTraffic", CurrentInstanceCount: 3, DesiredInstanceCount: 3 }],
      ShadowProductionVariants: [{ VariantName: "Shadow", CurrentInstanceCount: 1, DesiredInstanceCount: 1 }],
    });
    sm.on(DescribeEndpointConfigCommand, { EndpointConfigName: "ranker-config" }).resolves({
      EndpointConfigName: "ranker-config",
      ProductionVariants: [{ VariantName: "AllTraffic", ModelName: "m", InstanceType: "ml.m5.large" }],
      ShadowProductionVariants: [{ VariantName: "Shadow", ModelName: "m", InstanceType: "ml.m5.large" }],
    });
    quotas
      .on(ListServiceQuotasCommand)
      .resolves({ Quotas: [{ QuotaName: "ml.m5.large for endpoint usage", QuotaCode: "L-ABC", Value: 6 }] });
    const { ctx, error } = await run(
      {},
      { canPrompt: true, answers: { ...answers, endpoint: "churn-predictor", max: 3 } },
    );
    expect(error).toBeUndefined();
    expect(ctx.stderr()).toContain(
      '⚠ The maximum of 3 is above what this account\'s quota of 6 for "ml.m5.large for endpoint usage" leaves in us-east-1: 4 already run on ranker (4), leaving 2 (1 endpoint not InService or not readable was not counted); scale-outs past it fail with ResourceLimitExceeded. Request an increase in Service Quotas (quota code L-ABC).',
    );
  });

  it("computes the target from a typed max RPS", async () => {
    await run(
      {},
      { canPrompt: true, answers: { ...answers, targetMethod: "rps", maxRps: 8, safetyFactor: 0.5 } },
    );
    expect(
      aas.commandCalls(PutScalingPolicyCommand)[0]!.args[0].input.TargetTrackingScalingPolicyConfiguration
        ?.TargetValue,
    ).toBe(240);
  });

  it("holds a typed max RPS to the same rule as --max-rps", async () => {
    const { error } = await run(
      {},
      { canPrompt: true, answers: { ...answers, targetMethod: "rps", maxRps: 50_000, safetyFactor: 0.5 } },
    );
    // The factor is what can still be changed at that prompt, so the message is about it.
    expect(String(error)).toContain(
      "With max RPS 50000, that safety factor must give a target of at most 1000000 invocations per instance per minute: 50000 × safety factor 0.5 × 60 = 1500000.",
    );
    expect(aas.commandCalls(RegisterScalableTargetCommand)).toHaveLength(0);
  });

  it("a max RPS so small that no safety factor gives a target is refused where it was typed", async () => {
    const { error } = await run(
      {},
      { canPrompt: true, answers: { ...answers, targetMethod: "rps", maxRps: 0.00001, safetyFactor: 0.5 } },
    );
    expect(String(error)).toContain('answer 0.00001 to "maxRps" rejected: That max RPS is too small');
  });

  it("holds a typed minimum to --max at the prompt instead of ending the run with a usage error", async () => {
    const { error } = await run({ max: "2" }, { canPrompt: true, answers: { ...answers, min: 3 } });
    expect(String(error)).toContain(
      'answer 3 to "min" rejected: The minimum must be at most the maximum (--max 2).',
    );
    expect(aas.commandCalls(RegisterScalableTargetCommand)).toHaveLength(0);
  });

  it("declining the confirmation changes nothing", async () => {
    const { explained } = await run({}, { canPrompt: true, answers: { ...answers, confirm: false } });
    expect(explained).toEqual({ message: "Cancelled; no changes made.", exitCode: 1 });
    expect(aas.commandCalls(RegisterScalableTargetCommand)).toHaveLength(0);
  });

  it("Ctrl-C at a prompt exits 130 with no change", async () => {
    const ctrlC = Object.assign(new Error("User force closed the prompt with SIGINT"), {
      name: "ExitPromptError",
    });
    const { explained } = await run({}, { canPrompt: true, answers: { ...answers, max: ctrlC } });
    expect(explained).toEqual({ message: "Cancelled; no changes made.", exitCode: 130 });
    expect(iam.calls()).toHaveLength(0);
    expect(aas.commandCalls(RegisterScalableTargetCommand)).toHaveLength(0);
  });

  it("offers to replace a custom-named policy and deletes it only on yes", async () => {
    const custom = {
      PolicyName: "fraud-invocations-policy",
      PolicyARN: "arn:c",
      ServiceNamespace: "sagemaker",
      ResourceId: RID,
      ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
      PolicyType: "TargetTrackingScaling",
      CreationTime: new Date(),
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 500,
        PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
      },
    } as const;
    const target = {
      ServiceNamespace: "sagemaker",
      ResourceId: RID,
      ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
      MinCapacity: 1,
      MaxCapacity: 4,
      RoleARN: "r",
      CreationTime: new Date(),
    } as const;
    world = statefulAutoscaling(aas, { targets: [target], policies: [custom] });

    const kept = await run({}, { canPrompt: true, answers: { ...answers, replaceCustomPolicies: false } });
    expect(kept.ctx.stderr()).toContain('under another name: "fraud-invocations-policy"');
    expect(aas.commandCalls(DeleteScalingPolicyCommand)).toHaveLength(0);

    await run({}, { canPrompt: true, answers: { ...answers, replaceCustomPolicies: true } });
    expect(aas.commandCalls(DeleteScalingPolicyCommand)[0]!.args[0].input).toMatchObject({
      PolicyName: "fraud-invocations-policy",
    });
    expect(world.policies.map((p) => p.PolicyName)).toEqual(["SageMakerEndpointInvocationScalingPolicy"]);
  });
});

describe("init says what registering changes now (§14)", () => {
  it("with --yes: launching is said in one line on stderr, the commands stay on stdout", async () => {
    const { ctx, error } = await run({ ...flags, min: "5", max: "8" });
    expect(error).toBeUndefined();
    expect(ctx.stderr()).toContain("\nRegistering 5–8 launches 3 instances now: 2 → 5 (ml.m5.large).\n");
    expect(ctx.stdout()).not.toContain("Registering");
  });

  it("--dry-run says it on stderr too, and the script stays clean", async () => {
    const { ctx } = await run({ ...flags, min: "1", max: "1", yes: false, dryRun: true });
    expect(ctx.stderr()).toContain("⚠ Registering 1–1 scales in now: 2 → 1 (ml.m5.large).");
    expect(ctx.stdout()).toMatch(/^#!\/usr\/bin\/env bash/);
    expect(ctx.stdout()).not.toContain("scales in");
  });

  it.each([
    ["scales in a live variant", { min: "1", max: "1" }, false],
    [
      "launches more than a handful (LARGE_LAUNCH)",
      { min: "6", max: "8" }, // 2 → 6: four instances
      false,
    ],
    ["launches a few", { min: "4", max: "8" }, true],
    ["keeps the count", { min: "1", max: "4" }, true],
  ])("the confirmation defaults to %s → %s", async (_what, range, expected) => {
    const { ctx } = await run(
      { ...flags, ...range, yes: false },
      {
        canPrompt: true,
        answers: {
          metric: ENTER,
          policyType: ENTER,
          scaleInCooldown: ENTER,
          scaleOutCooldown: ENTER,
          disableScaleIn: ENTER,
          confirm: ENTER,
        },
      },
    );
    expect(ctx.defaults["confirm"]).toBe(expected);
  });
});

describe("init on a configured variant keeps what is there", () => {
  const target = {
    ServiceNamespace: "sagemaker" as const,
    ResourceId: RID,
    ScalableDimension: "sagemaker:variant:DesiredInstanceCount" as const,
    MinCapacity: 1,
    MaxCapacity: 4,
    RoleARN: "r",
    CreationTime: new Date(),
  };
  const builtIn = {
    PolicyName: "SageMakerEndpointInvocationScalingPolicy",
    PolicyARN: "arn:b",
    ServiceNamespace: "sagemaker" as const,
    ResourceId: RID,
    ScalableDimension: "sagemaker:variant:DesiredInstanceCount" as const,
    PolicyType: "TargetTrackingScaling" as const,
    CreationTime: new Date(),
    TargetTrackingScalingPolicyConfiguration: {
      TargetValue: 600,
      PredefinedMetricSpecification: {
        PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" as const,
      },
      ScaleInCooldown: 900,
      ScaleOutCooldown: 120,
      DisableScaleIn: true,
    },
  };
  const enterEverywhere: Answers = {
    metric: ENTER,
    policyType: ENTER,
    min: ENTER,
    max: ENTER,
    targetMethod: ENTER,
    scaleInCooldown: ENTER,
    scaleOutCooldown: ENTER,
    disableScaleIn: ENTER,
    confirm: ENTER,
  };
  const writes = () => [
    ...aas.commandCalls(RegisterScalableTargetCommand),
    ...aas.commandCalls(PutScalingPolicyCommand),
    ...aas.commandCalls(DeleteScalingPolicyCommand),
    ...aas.commandCalls(DeregisterScalableTargetCommand),
    ...iam.calls(),
  ];

  beforeEach(() => {
    world = statefulAutoscaling(aas, { targets: [target], policies: [builtIn] });
    cw.on(GetMetricDataCommand).resolves(history(DAY_OF_TRAFFIC));
  });

  it("Enter on every question keeps every live value: nothing to change, no write, exit 0", async () => {
    const { ctx, error } = await run(
      { endpoint: "churn-predictor" },
      { canPrompt: true, answers: enterEverywhere },
    );
    expect(error).toBeUndefined();
    expect(ctx.defaults).toMatchObject({
      min: 1,
      max: 4,
      targetMethod: "keep",
      scaleInCooldown: 900,
      scaleOutCooldown: 120,
      disableScaleIn: true,
    });
    expect(ctx.asked).not.toContain("confirm");
    expect(writes()).toEqual([]);
    expect(ctx.stderr()).toContain(
      "✔ Nothing to change: churn-predictor/AllTraffic already scales 1–4 instances on a target of 600 (cooldowns in 900 s, out 120 s, scale-in disabled).",
    );
    expect(ctx.stdout()).toBe("");
  });

  it("the target question offers the live value first, before the suggestion", async () => {
    const { ctx } = await run(
      { endpoint: "churn-predictor" },
      {
        canPrompt: true,
        answers: {
          ...enterEverywhere,
          targetMethod: (choices: { name: string; value: unknown }[]) => {
            expect(choices.map((c) => c.name)).toEqual([
              "Keep 600 (the live target)",
              "Use the suggestion: 350",
              "From a load test: enter the max requests per second one instance sustains",
              "Type the target value myself",
            ]);
            return "suggested";
          },
        },
      },
    );
    expect(ctx.stderr()).toContain("Live now: 600 (policy SageMakerEndpointInvocationScalingPolicy).");
  });

  it("a changed value shows before → after, and only the policy is written", async () => {
    const { ctx, error } = await run(
      { endpoint: "churn-predictor" },
      { canPrompt: true, answers: { ...enterEverywhere, targetMethod: "suggested" } },
    );
    expect(error).toBeUndefined();
    const err = ctx.stderr();
    expect(err).toContain("Changes to churn-predictor/AllTraffic");
    expect(err).toContain("  Target (invocations per instance per minute)  600 → 350");
    expect(err).toContain("  Minimum instances                             1 (unchanged)");
    expect(err).toContain("  Scale-in                                      disabled (unchanged)");
    expect(aas.commandCalls(RegisterScalableTargetCommand)).toHaveLength(0);
    expect(iam.calls()).toHaveLength(0);
    expect(
      aas.commandCalls(PutScalingPolicyCommand)[0]!.args[0].input.TargetTrackingScalingPolicyConfiguration,
    ).toEqual({
      TargetValue: 350,
      PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
      ScaleInCooldown: 900,
      ScaleOutCooldown: 120,
      DisableScaleIn: true,
    });
  });

  it("flags still win over the live values", async () => {
    const { error } = await run({
      endpoint: "churn-predictor",
      min: "1",
      max: "4",
      target: "600",
      scaleInCooldown: "60",
      yes: true,
    });
    expect(error).toBeUndefined();
    expect(
      aas.commandCalls(PutScalingPolicyCommand)[0]!.args[0].input.TargetTrackingScalingPolicyConfiguration,
    ).toMatchObject({ TargetValue: 600, ScaleInCooldown: 60, ScaleOutCooldown: 120, DisableScaleIn: true });
    expect(aas.commandCalls(RegisterScalableTargetCommand)).toHaveLength(0);
  });

  it("with flags equal to the live values and --dry-run: nothing to run on stdout", async () => {
    const { ctx, error } = await run({
      endpoint: "churn-predictor",
      min: "1",
      max: "4",
      target: "600",
      scaleInCooldown: "900",
      scaleOutCooldown: "120",
      disableScaleIn: true,
      dryRun: true,
    });
    expect(error).toBeUndefined();
    expect(ctx.stdout()).toBe("");
    expect(ctx.stderr()).toContain("Nothing to change");
  });

  it("replacing a custom policy offers its target and cooldowns as the defaults", async () => {
    const custom = {
      ...builtIn,
      PolicyName: "fraud-invocations-policy",
      TargetTrackingScalingPolicyConfiguration: {
        ...builtIn.TargetTrackingScalingPolicyConfiguration,
        TargetValue: 500,
        ScaleInCooldown: 700,
        ScaleOutCooldown: 60,
        DisableScaleIn: false,
      },
    };
    world = statefulAutoscaling(aas, { targets: [target], policies: [custom] });
    const { ctx, error } = await run(
      { endpoint: "churn-predictor" },
      { canPrompt: true, answers: { ...enterEverywhere, replaceCustomPolicies: true } },
    );
    expect(error).toBeUndefined();
    expect(ctx.asked.slice(0, 4)).toEqual(["metric", "policyType", "replaceCustomPolicies", "min"]);
    expect(ctx.defaults).toMatchObject({
      targetMethod: "keep",
      scaleInCooldown: 700,
      scaleOutCooldown: 60,
      disableScaleIn: false,
    });
    expect(ctx.stderr()).toContain("Target (invocations per instance per minute)  500 (unchanged)");
    expect(
      aas.commandCalls(PutScalingPolicyCommand)[0]!.args[0].input.TargetTrackingScalingPolicyConfiguration,
    ).toMatchObject({ TargetValue: 500, ScaleInCooldown: 700, ScaleOutCooldown: 60 });
    expect(aas.commandCalls(DeleteScalingPolicyCommand)[0]!.args[0].input.PolicyName).toBe(
      "fraud-invocations-policy",
    );
  });
});

describe("init's optional reads: a failure is a warning or a note, never the end of the run", () => {
  const answers: Answers = {
    metric: ENTER,
    policyType: ENTER,
    min: 1,
    max: 4,
    targetMethod: "value",
    target: 300,
    scaleInCooldown: ENTER,
    scaleOutCooldown: ENTER,
    disableScaleIn: ENTER,
    confirm: true,
  };

  it("GetMetricData denied: one warning naming cloudwatch:GetMetricData, then the load-test question", async () => {
    cw.on(GetMetricDataCommand).rejects(
      awsError(
        "AccessDenied",
        "User: arn:aws:iam::1:user/dev is not authorized to perform: cloudwatch:GetMetricData",
      ),
    );
    const { ctx, error } = await run(
      { endpoint: "churn-predictor" },
      {
        canPrompt: true,
        answers: {
          ...answers,
          targetMethod: (choices: { value: unknown }[]) => {
            expect(choices.map((c) => c.value)).toEqual(["rps", "value"]);
            return "value";
          },
        },
      },
    );
    expect(error).toBeUndefined();
    const warnings = ctx
      .stderr()
      .split("\n")
      .filter((l) => l.startsWith("⚠"));
    expect(warnings).toEqual([
      "⚠ cloudwatch:GetMetricData is denied to your identity: no suggestion from the invocation history; set the target from a load test or type it.",
    ]);
    expect(aas.commandCalls(PutScalingPolicyCommand)).toHaveLength(1);
  });

  it("GetMetricData failing otherwise says why, and goes on", async () => {
    cw.on(GetMetricDataCommand).rejects(awsError("ThrottlingException", "Rate exceeded"));
    const { ctx, error } = await run({ endpoint: "churn-predictor" }, { canPrompt: true, answers });
    expect(error).toBeUndefined();
    expect(ctx.stderr()).toMatch(
      /⚠ cloudwatch:GetMetricData failed \(AWS kept throttling .*\): no suggestion from the invocation history/,
    );
  });

  it("too little history: says so with its real window and asks the load-test question", async () => {
    cw.on(GetMetricDataCommand).resolves(history(Array(120).fill(300)));
    const { ctx } = await run(
      { endpoint: "churn-predictor" },
      {
        canPrompt: true,
        answers: {
          ...answers,
          targetMethod: (choices: { value: unknown }[]) => {
            expect(choices[0]!.value).toBe("rps");
            return "value";
          },
        },
      },
    );
    expect(ctx.stderr()).toMatch(
      /Invocation metrics span only .* UTC \(2 h, 100 % of minutes with data\); a suggestion needs at least 24 h: no suggestion from history\./,
    );
  });

  it("max above the account's quota: a warning naming the quota; found on a later page", async () => {
    quotas
      .on(ListServiceQuotasCommand)
      .resolvesOnce({
        Quotas: [{ QuotaName: "ml.m5.large for training job usage", QuotaCode: "L-1", Value: 50 }],
        NextToken: "page2",
      })
      .resolves({ Quotas: [{ QuotaName: "ml.m5.large for endpoint usage", QuotaCode: "L-ABC", Value: 3 }] });
    const { ctx, error } = await run(flags);
    expect(error).toBeUndefined();
    // (the SDK paginator reuses one input object, so only the last one is seen as sent)
    const sent = quotas.commandCalls(ListServiceQuotasCommand);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.args[0].input).toEqual({ ServiceCode: "sagemaker", MaxResults: 100, NextToken: "page2" });
    expect(ctx.stderr()).toContain(
      '⚠ The maximum of 4 is above this account\'s quota of 3 for "ml.m5.large for endpoint usage" in us-east-1, shared by all its endpoints: scale-outs past it fail with ResourceLimitExceeded. Request an increase in Service Quotas (quota code L-ABC).',
    );
  });

  it("max within the quota: a note", async () => {
    quotas
      .on(ListServiceQuotasCommand)
      .resolves({ Quotas: [{ QuotaName: "ml.m5.large for endpoint usage", QuotaCode: "L-ABC", Value: 20 }] });
    const { ctx } = await run(flags);
    expect(ctx.stderr()).toContain(
      'The maximum of 4 is within this account\'s quota of 20 for "ml.m5.large for endpoint usage"',
    );
    expect(ctx.stderr()).not.toContain("⚠");
  });

  it("the quota less what the endpoint's other variants run: a warning above it, no read added for it", async () => {
    endpoint({ variants: ["A", "B"] });
    quotas
      .on(ListServiceQuotasCommand)
      .resolves({ Quotas: [{ QuotaName: "ml.m5.large for endpoint usage", QuotaCode: "L-ABC", Value: 5 }] });
    const above = await run({ ...flags, variant: "A", max: "4" });
    expect(above.error).toBeUndefined();
    expect(above.ctx.stderr()).toContain(
      "⚠ The maximum of 4 is above what this account's quota of 5 for \"ml.m5.large for endpoint usage\" leaves in us-east-1: 2 already run on this endpoint's other variants, leaving 3; scale-outs past it fail with ResourceLimitExceeded. Request an increase in Service Quotas (quota code L-ABC).",
    );
    // Other endpoints are not read for it (the init call budget): the note says they share the quota unchecked.
    const within = await run({ ...flags, variant: "A", max: "3" });
    expect(within.ctx.stderr()).toContain(
      "The maximum of 3 is within this account's quota of 5 for \"ml.m5.large for endpoint usage\", less the 2 on this endpoint's other variants (3 left); all endpoints in us-east-1 share that quota, and what the other endpoints run of it was not checked.",
    );
    expect(within.ctx.stderr()).not.toContain("⚠");
    expect(sm.commandCalls(ListEndpointsCommand)).toHaveLength(0);
  });

  it("no applied value: AWS's default for the type is the quota, and the note says it is the default", async () => {
    quotas.on(ListAWSDefaultServiceQuotasCommand).resolves({
      Quotas: [{ QuotaName: "ml.m5.large for endpoint usage", QuotaCode: "L-ABC", Value: 2 }],
    });
    const { ctx } = await run(flags);
    expect(ctx.stderr()).toContain(
      '⚠ The maximum of 4 is above the default quota of 2 for "ml.m5.large for endpoint usage" in us-east-1',
    );
  });

  it("a quota listing that repeats its page token is a note naming the API, never a silent 'not listed'", async () => {
    quotas.on(ListServiceQuotasCommand).resolves({ Quotas: [], NextToken: "same" });
    const { ctx, error } = await run(flags);
    expect(error).toBeUndefined();
    expect(ctx.stderr()).toMatch(/servicequotas:ListServiceQuotas failed \(.*same page token/);
    expect(ctx.stderr()).not.toContain("lists no");
  });

  it("Service Quotas denied: a note naming servicequotas:ListServiceQuotas, and the run goes on", async () => {
    quotas
      .on(ListServiceQuotasCommand)
      .rejects(
        awsError("AccessDeniedException", "not authorized to perform: servicequotas:ListServiceQuotas"),
      );
    const { ctx, error } = await run(flags);
    expect(error).toBeUndefined();
    expect(ctx.stderr()).toContain(
      "servicequotas:ListServiceQuotas is denied to your identity: the maximum was not checked against the account's quota for ml.m5.large.",
    );
    expect(aas.commandCalls(PutScalingPolicyCommand)).toHaveLength(1);
  });

  it("a recent ResourceLimitExceeded scaling activity is a warning; the activity read denied, a note", async () => {
    const seed = () =>
      statefulAutoscaling(aas, {
        targets: [
          {
            ServiceNamespace: "sagemaker",
            ResourceId: RID,
            ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
            MinCapacity: 1,
            MaxCapacity: 2,
            RoleARN: "r",
            CreationTime: new Date(),
          },
        ],
      });
    world = seed();
    aas.on(DescribeScalingActivitiesCommand).resolves({
      ScalingActivities: [
        {
          ActivityId: "a",
          ServiceNamespace: "sagemaker",
          ResourceId: RID,
          ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
          Description: "Setting desired instance count to 6.",
          Cause: "monitor alarm",
          StartTime: new Date("2026-03-14T09:12:00Z"),
          StatusCode: "Failed",
          StatusMessage:
            "Failed to set desired instance count to 6. Reason: The account-level service limit 'ml.m5.large for endpoint usage' is 5 Instances. (Error Code: ResourceLimitExceeded)",
        },
      ],
    });
    const { ctx } = await run(flags);
    expect(aas.commandCalls(DescribeScalingActivitiesCommand)[0]!.args[0].input).toEqual({
      ServiceNamespace: "sagemaker",
      ResourceId: RID,
      ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
      MaxResults: 10,
    });
    expect(ctx.stderr()).toContain(
      "⚠ A recent scaling of this variant on 2026-03-14 09:12 UTC hit the account's instance quota: Failed to set desired instance count to 6. Reason: The account-level service limit 'ml.m5.large for endpoint usage' is 5 Instances. (Error Code: ResourceLimitExceeded)",
    );

    aas
      .on(DescribeScalingActivitiesCommand)
      .rejects(awsError("AccessDeniedException", "not authorized to perform it"));
    world = seed();
    const denied = await run(flags);
    expect(denied.error).toBeUndefined();
    expect(denied.ctx.stderr()).toContain(
      "application-autoscaling:DescribeScalingActivities is denied to your identity: recent scaling failures were not checked.",
    );
  });
});
