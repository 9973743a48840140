import { access, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  DescribeScheduledActionsCommand,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
  type ScalingPolicy,
} from "@aws-sdk/client-application-auto-scaling";
import { CloudWatchClient, DescribeAlarmsCommand, PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import { IAMClient } from "@aws-sdk/client-iam";
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeInferenceComponentCommand,
  ListEndpointsCommand,
  ListInferenceComponentsCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runExport } from "../../src/commands/export.js";
import { runInit } from "../../src/commands/init.js";
import { validateInitFlags } from "../../src/domain/validate.js";
import { type ExportFlags, validateExportFlags } from "../../src/domain/validate-export.js";
import { explainError } from "../../src/errors.js";
import { fakeContext } from "./fake-context.js";
import { awsError, sdkClients } from "./mock-clients.js";
import { type AasWorld, statefulAutoscaling } from "./stateful-aas.js";

// access() as it is, but that a test can make it refuse: as root (CI, containers) nothing is refused for lack of a
// mode bit.
vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs/promises")>();
  return { ...real, access: vi.fn(real.access) };
});

const sm = mockClient(SageMakerClient);
const aas = mockClient(ApplicationAutoScalingClient);
const cw = mockClient(CloudWatchClient);
const iam = mockClient(IAMClient);
const sts = mockClient(STSClient);
const all = [sm, aas, cw, iam, sts];

const INSTANCES = "sagemaker:variant:DesiredInstanceCount";
const COPIES = "sagemaker:inference-component:DesiredCopyCount";
const SHOP = "endpoint/shop/variant/AllTraffic";
const CHAT = "inference-component/chat";
const WAKE_ARN =
  "arn:aws:autoscaling:us-east-1:1:scalingPolicy:1:resource/sagemaker/inference-component/chat:policyName/wake";

let world: AasWorld;
let dir: string | undefined;

const policy = (
  ResourceId: string,
  ScalableDimension: string,
  extra: Partial<ScalingPolicy>,
): ScalingPolicy =>
  ({
    ServiceNamespace: "sagemaker",
    ResourceId,
    ScalableDimension,
    CreationTime: new Date(0),
    ...extra,
  }) as ScalingPolicy;

beforeEach(() => {
  for (const m of all) m.reset();
  world = statefulAutoscaling(aas, {
    targets: [
      {
        ServiceNamespace: "sagemaker",
        ResourceId: SHOP,
        ScalableDimension: INSTANCES,
        MinCapacity: 1,
        MaxCapacity: 4,
      },
      {
        ServiceNamespace: "sagemaker",
        ResourceId: CHAT,
        ScalableDimension: COPIES,
        MinCapacity: 0,
        MaxCapacity: 2,
      },
      {
        ServiceNamespace: "sagemaker",
        ResourceId: "endpoint/other/variant/AllTraffic",
        ScalableDimension: INSTANCES,
        MinCapacity: 1,
        MaxCapacity: 2,
      },
    ] as never,
    policies: [
      policy(SHOP, INSTANCES, {
        PolicyName: "SageMakerEndpointInvocationScalingPolicy",
        PolicyARN: "arn:builtin",
        PolicyType: "TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 600,
          PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
          ScaleInCooldown: 300,
          ScaleOutCooldown: 60,
        },
        Alarms: [{ AlarmName: `TargetTracking-${SHOP}-AlarmHigh-1`, AlarmARN: "arn:a" }],
      }),
      policy(CHAT, COPIES, {
        PolicyName: "wake",
        PolicyARN: WAKE_ARN,
        PolicyType: "StepScaling",
        StepScalingPolicyConfiguration: {
          AdjustmentType: "ChangeInCapacity",
          Cooldown: 60,
          StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
        },
        Alarms: [{ AlarmName: "chat-wake", AlarmARN: "arn:alarm" }],
      }),
    ],
  });
  sm.on(DescribeEndpointCommand).callsFake((input: { EndpointName: string }) => {
    if (input.EndpointName !== "shop")
      throw awsError("ValidationException", `Could not find endpoint "${input.EndpointName}".`);
    return {
      EndpointName: "shop",
      EndpointStatus: "InService",
      ProductionVariants: [{ VariantName: "AllTraffic" }],
    };
  });
  sm.on(ListInferenceComponentsCommand).resolves({
    InferenceComponents: [
      { InferenceComponentName: "chat", EndpointName: "shop", VariantName: "AllTraffic" },
    ],
  } as never);
  sm.on(DescribeInferenceComponentCommand).callsFake((input: { InferenceComponentName: string }) => {
    if (input.InferenceComponentName !== "chat")
      throw awsError("ValidationException", "Could not find inference component.");
    return { InferenceComponentName: "chat", EndpointName: "shop", VariantName: "AllTraffic" };
  });
  cw.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: [
      {
        AlarmName: "chat-wake",
        ActionsEnabled: true,
        AlarmActions: [WAKE_ARN],
        MetricName: "NoCapacityInvocationFailures",
        Namespace: "AWS/SageMaker",
        Statistic: "Sum",
        Dimensions: [{ Name: "InferenceComponentName", Value: "chat" }],
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanThreshold",
      },
    ],
  });
});

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

const run = async (flags: ExportFlags) => {
  const ctx = fakeContext({ clients: sdkClients() });
  await runExport(ctx, flags);
  return ctx;
};

describe("sm-autoscale export", () => {
  it("an endpoint: its variants and its inference components, their policies and the step policies' alarms", async () => {
    const ctx = await run({ endpoint: "shop", format: "terraform" });
    const hcl = ctx.stdout();
    expect(hcl).toContain('resource "aws_appautoscaling_target" "shop_all_traffic"');
    expect(hcl).toContain('resource "aws_appautoscaling_target" "chat"');
    expect(hcl).not.toContain("endpoint/other");
    expect(hcl).toContain('resource "aws_cloudwatch_metric_alarm" "chat_wake"');
    expect(hcl).toContain("alarm_actions       = [aws_appautoscaling_policy.chat_wake.arn]");
    expect(hcl).not.toContain("TargetTracking-");
    // The targets by ResourceIds in one call, the alarms by name in one call.
    const targetReads = aas.commandCalls(DescribeScalableTargetsCommand);
    expect(targetReads).toHaveLength(1);
    expect(targetReads[0]!.args[0].input).toMatchObject({
      ServiceNamespace: "sagemaker",
      ResourceIds: [SHOP, CHAT],
    });
    const alarmReads = cw.commandCalls(DescribeAlarmsCommand);
    expect(alarmReads).toHaveLength(1);
    expect(alarmReads[0]!.args[0].input).toMatchObject({ AlarmNames: ["chat-wake"] });
    expect(ctx.stderr()).toContain(
      "Terraform: 2 scalable targets, 2 policies, 0 scheduled actions, 1 alarm.",
    );
    expect(ctx.stderr()).toContain("Next: Save it as a .tf file, then: terraform plan");
  });

  it("--variant and --inference-component narrow it; --all reads the namespace", async () => {
    // A variant's scope holds the inference components it hosts.
    const variant = await run({ endpoint: "shop", variant: "AllTraffic", format: "cloudformation" });
    expect(variant.stdout()).toContain("ShopAllTrafficTarget:");
    expect(variant.stdout()).toContain("ChatTarget:");
    const component = await run({ endpoint: "shop", inferenceComponent: "chat", format: "cloudformation" });
    expect(component.stdout()).toContain("ChatTarget:");
    expect(component.stdout()).not.toContain("ShopAllTrafficTarget:");
    const everything = await run({ all: true, format: "cloudformation" });
    expect(everything.stdout()).toContain("OtherAllTrafficTarget:");
    expect(aas.commandCalls(DescribeScalableTargetsCommand).at(-1)?.args[0].input).toMatchObject({
      ServiceNamespace: "sagemaker",
    });
    expect(aas.commandCalls(DescribeScalableTargetsCommand).at(-1)?.args[0].input).not.toHaveProperty(
      "ResourceIds",
    );
  });

  it("alarms it may not read: the rest is exported, and what is missing is said", async () => {
    cw.on(DescribeAlarmsCommand).rejects(
      awsError("AccessDenied", "not authorized to perform cloudwatch:DescribeAlarms"),
    );
    const ctx = await run({ endpoint: "shop", format: "ack" });
    const warning =
      "The alarms of the step policies (chat-wake) could not be read (access denied to cloudwatch:DescribeAlarms): without them the step policies never run.";
    expect(ctx.stderr()).toContain(`⚠ ${warning}`);
    expect(ctx.stdout()).toContain(`# - ${warning}`);
    expect(ctx.stdout()).toContain("kind: ScalingPolicy");
  });

  it("--out writes the files (a whole CDK app) and nothing on stdout", async () => {
    dir = await mkdtemp(join(tmpdir(), "sm-autoscale-export-unit-"));
    const out = join(dir, "app");
    const ctx = await run({ endpoint: "shop", format: "cdk", out });
    expect(ctx.stdout()).toBe("");
    expect((await readdir(out)).sort()).toEqual(["bin", "cdk.json", "lib", "package.json", "tsconfig.json"]);
    expect(await readFile(join(out, "lib", "sagemaker-autoscaling-stack.ts"), "utf8")).toContain(
      'new appscaling.ScalableTarget(this, "ShopAllTrafficTarget"',
    );
    expect(ctx.stderr()).toContain(`✔ Wrote ${join(out, "cdk.json")}`);
    expect(ctx.stderr()).toContain(`Next: Synthesize it: cd ${out} && npm install && npx cdk synth`);
  });

  it("--out replaces only what an export wrote: another file in the way stops it before anything is written", async () => {
    dir = await mkdtemp(join(tmpdir(), "sm-autoscale-export-unit-"));
    // An existing CDK app (or a SAM project's template.yaml): the user's own files, not an export's.
    const theirs = '{ "name": "my-infra", "dependencies": { "aws-cdk-lib": "2.100.0" } }\n';
    await writeFile(join(dir, "package.json"), theirs);
    await writeFile(join(dir, "template.yaml"), "Transform: AWS::Serverless-2016-10-31\n");
    for (const [format, file] of [
      ["cdk", "package.json"],
      ["cloudformation", "template.yaml"],
    ] as const) {
      const error = await run({ endpoint: "shop", format, out: dir }).catch((e: unknown) => e);
      expect(explainError(error)).toMatchObject({
        message: `--out ${dir} already holds ${file}, which sm-autoscale did not write: nothing was written.`,
        exitCode: 2,
      });
    }
    expect(await readFile(join(dir, "package.json"), "utf8")).toBe(theirs);
    expect((await readdir(dir)).sort()).toEqual(["package.json", "template.yaml"]);

    // Its own files are replaced: exporting again into the same directory works.
    const app = join(dir, "app");
    await run({ endpoint: "shop", format: "cdk", out: app });
    world.targets[0]!.MaxCapacity = 9;
    const again = await run({ endpoint: "shop", format: "cdk", out: app });
    expect(again.stderr()).toContain(`✔ Wrote ${join(app, "package.json")}`);
    expect(await readFile(join(app, "lib", "sagemaker-autoscaling-stack.ts"), "utf8")).toContain(
      "maxCapacity: 9,",
    );

    // A file where the directory should be.
    const file = join(dir, "package.json");
    const notDir = await run({ endpoint: "shop", format: "terraform", out: file }).catch((e: unknown) => e);
    expect(explainError(notDir)).toMatchObject({
      message: `--out ${file} is a file: name a directory (it is created when missing).`,
      exitCode: 2,
    });
  });

  it("--out that cannot be used is a usage error before any AWS call (exit 2)", async () => {
    dir = await mkdtemp(join(tmpdir(), "sm-autoscale-export-unit-"));
    const file = join(dir, "notes.txt");
    await writeFile(file, "mine\n");
    await writeFile(join(dir, "autoscaling.tf"), 'provider "aws" {}\n');
    const refused = async (flags: ExportFlags) => {
      for (const m of all) m.resetHistory();
      const ctx = fakeContext({ clients: sdkClients() });
      const error = await runExport(ctx, flags).catch((e: unknown) => e);
      for (const m of all) expect(m.calls()).toEqual([]);
      expect(ctx.stdout()).toBe("");
      return explainError(error);
    };
    expect(await refused({ endpoint: "shop", format: "terraform", out: file })).toMatchObject({
      message: `--out ${file} is a file: name a directory (it is created when missing).`,
      exitCode: 2,
    });
    expect(await refused({ endpoint: "shop", format: "ack", out: join(file, "infra") })).toMatchObject({
      message: `--out ${join(file, "infra")} cannot be made: ${file} is a file.`,
      exitCode: 2,
    });
    expect(await refused({ endpoint: "shop", format: "terraform", out: dir })).toMatchObject({
      message: `--out ${dir} already holds autoscaling.tf, which sm-autoscale did not write: nothing was written.`,
      exitCode: 2,
    });
    const eacces = Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
    vi.mocked(access).mockRejectedValueOnce(eacces);
    expect(await refused({ endpoint: "shop", format: "cdk", out: dir })).toMatchObject({
      message: `--out ${dir} is not writable (EACCES).`,
      hint: "Name a directory you can write to (it is created when missing).",
      exitCode: 2,
    });
    vi.mocked(access).mockRejectedValueOnce(eacces);
    expect(await refused({ endpoint: "shop", format: "cdk", out: join(dir, "new", "app") })).toMatchObject({
      message: `--out ${join(dir, "new", "app")} cannot be made: ${dir} is not writable (EACCES).`,
      exitCode: 2,
    });
    // init --export checks it before its first AWS call too.
    for (const m of all) m.resetHistory();
    const init = await runInit(fakeContext({ clients: sdkClients() }), {
      endpoint: "shop",
      min: "1",
      max: "4",
      target: "600",
      export: "terraform",
      out: file,
    }).catch((e: unknown) => e);
    expect(explainError(init)).toMatchObject({
      message: `--out ${file} is a file: name a directory (it is created when missing).`,
      exitCode: 2,
    });
    for (const m of all) expect(m.calls()).toEqual([]);
  });

  it("a file that appears in --out while it reads stops it before it warns of what the code would hold", async () => {
    dir = await mkdtemp(join(tmpdir(), "sm-autoscale-export-unit-"));
    const out = dir;
    cw.on(DescribeAlarmsCommand).callsFake(async () => {
      await writeFile(join(out, "autoscaling.yaml"), "apiVersion: v1\nkind: ConfigMap\n");
      throw awsError("AccessDenied", "not authorized to perform cloudwatch:DescribeAlarms");
    });
    const ctx = fakeContext({ clients: sdkClients() });
    const error = await runExport(ctx, { endpoint: "shop", format: "ack", out }).catch((e: unknown) => e);
    expect(explainError(error)).toMatchObject({
      message: `--out ${out} already holds autoscaling.yaml, which sm-autoscale did not write: nothing was written.`,
      exitCode: 2,
    });
    // Neither the alarms it could not read nor what ACK cannot hold: the export did not go ahead.
    expect(ctx.stderr()).not.toContain("⚠");
    expect(ctx.stderr()).not.toContain("could not be read");
  });

  it.each([
    [{ endpoint: "nope", format: "ack" }, 'Endpoint "nope" was not found in us-east-1.'],
    [{ endpoint: "shop", variant: "Canary", format: "ack" }, 'Endpoint "shop" has no variant "Canary".'],
    [
      { endpoint: "shop", inferenceComponent: "gone", format: "ack" },
      'Inference component "gone" was not found in us-east-1.',
    ],
    [
      { endpoint: "other", inferenceComponent: "chat", format: "ack" },
      'Inference component "chat" runs on endpoint "shop", not "other".',
    ],
  ] as [ExportFlags, string][])("%o: %s (exit 1)", async (flags, message) => {
    const error = await run(flags).catch((e: unknown) => e);
    expect(explainError(error)).toMatchObject({ message, exitCode: 1 });
  });

  it("nothing to export is a failure that says how to get something", async () => {
    world.targets = [];
    const error = await run({ endpoint: "shop", format: "terraform" }).catch((e: unknown) => e);
    expect(explainError(error)).toMatchObject({
      message: "Nothing to export: endpoint shop has no autoscaling in us-east-1 (no scalable target).",
      hint: "Set it up with sm-autoscale init --endpoint shop, or export what init would configure: sm-autoscale init --endpoint shop … --export terraform.",
      exitCode: 1,
    });
  });

  describe("nothing to export: the hint is what init would do there", () => {
    /** The endpoint "shop" with these variants in its config (and the shadow one, if any, as a shadow). */
    const endpoint = (
      variants: Record<string, unknown>[],
      extra: { status?: string; shadow?: Record<string, unknown> } = {},
    ) => {
      sm.on(DescribeEndpointCommand).resolves({
        EndpointName: "shop",
        EndpointConfigName: "c",
        EndpointStatus: extra.status ?? "InService",
        ProductionVariants: variants.map((v) => ({ VariantName: v["VariantName"] })),
        ...(extra.shadow ? { ShadowProductionVariants: [{ VariantName: extra.shadow["VariantName"] }] } : {}),
      } as never);
      sm.on(DescribeEndpointConfigCommand).resolves({
        EndpointConfigName: "c",
        ProductionVariants: variants,
        ...(extra.shadow ? { ShadowProductionVariants: [extra.shadow] } : {}),
      } as never);
    };
    const hint = async (flags: ExportFlags) => {
      world.targets = [];
      const error = await run(flags).catch((e: unknown) => e);
      const explained = explainError(error);
      expect(explained.exitCode).toBe(1);
      expect(explained.message).toMatch(/^Nothing to export: /);
      return explained.hint;
    };
    const M5 = {
      VariantName: "AllTraffic",
      ModelName: "m",
      InstanceType: "ml.m5.large",
      InitialInstanceCount: 1,
    };

    it("burstable instances: why init cannot either, no init to run", async () => {
      endpoint([
        { VariantName: "AllTraffic", ModelName: "m", InstanceType: "ml.t2.medium", InitialInstanceCount: 1 },
      ]);
      expect(await hint({ endpoint: "shop", format: "cdk" })).toBe(
        "Variant AllTraffic runs on ml.t2.medium. Burstable ml.t* instances cannot be autoscaled (Application Auto Scaling rejects them). Move the variant to a non-burstable type such as ml.m5.large first. Until then, sm-autoscale init cannot set it up either.",
      );
    });

    it("serverless on demand: why init cannot either", async () => {
      endpoint([
        { VariantName: "AllTraffic", ServerlessConfig: { MemorySizeInMB: 1024, MaxConcurrency: 5 } },
      ]);
      expect(await hint({ endpoint: "shop", format: "cdk" })).toBe(
        "Variant AllTraffic is serverless on demand: it scales by itself, down to zero, and has nothing to register. Only provisioned concurrency can be autoscaled. Until then, sm-autoscale init cannot set it up either.",
      );
    });

    it("an endpoint that is not InService: init waits for it", async () => {
      endpoint([M5], { status: "Creating" });
      expect(await hint({ endpoint: "shop", format: "ack" })).toBe(
        "Endpoint shop is Creating, not InService: sm-autoscale init can set up its autoscaling once it is InService.",
      );
    });

    it("keeps --variant and --inference-component; names the one variant init can set up", async () => {
      endpoint([M5], {
        shadow: {
          VariantName: "ShadowCandidate",
          ModelName: "m",
          InstanceType: "ml.c5.xlarge",
          InitialInstanceCount: 1,
        },
      });
      expect(await hint({ endpoint: "shop", variant: "ShadowCandidate", format: "terraform" })).toBe(
        "Set it up with sm-autoscale init --endpoint shop --variant ShadowCandidate, or export what init would configure: sm-autoscale init --endpoint shop --variant ShadowCandidate … --export terraform.",
      );
      expect(await hint({ endpoint: "shop", inferenceComponent: "chat", format: "ack" })).toBe(
        "Set it up with sm-autoscale init --endpoint shop --inference-component chat, or export what init would configure: sm-autoscale init --endpoint shop --inference-component chat … --export ack.",
      );
      endpoint([
        M5,
        { VariantName: "Small", ModelName: "m", InstanceType: "ml.t3.medium", InitialInstanceCount: 1 },
      ]);
      expect(await hint({ endpoint: "shop", format: "cloudformation" })).toBe(
        "Set it up with sm-autoscale init --endpoint shop --variant AllTraffic, or export what init would configure: sm-autoscale init --endpoint shop --variant AllTraffic … --export cloudformation.",
      );
    });

    it("the endpoint's config denied: the flags given, kept", async () => {
      endpoint([M5], {
        shadow: {
          VariantName: "ShadowCandidate",
          ModelName: "m",
          InstanceType: "ml.c5.xlarge",
          InitialInstanceCount: 1,
        },
      });
      sm.on(DescribeEndpointConfigCommand).rejects(
        awsError("AccessDeniedException", "not authorized to perform sagemaker:DescribeEndpointConfig"),
      );
      expect(await hint({ endpoint: "shop", variant: "ShadowCandidate", format: "cdk" })).toBe(
        "Set it up with sm-autoscale init --endpoint shop --variant ShadowCandidate, or export what init would configure: sm-autoscale init --endpoint shop --variant ShadowCandidate … --export cdk.",
      );
    });
  });
});

describe("export's flags", () => {
  it.each([
    [{ format: "ack" }, "--endpoint (or --all) is required: name what to export."],
    [{ all: true, endpoint: "a", format: "ack" }, "--all and --endpoint cannot be used together"],
    [{ variant: "v", all: true, format: "ack" }, "--variant needs --endpoint"],
    [{ inferenceComponent: "c", all: true, format: "ack" }, "--inference-component needs --endpoint"],
    [{ endpoint: "a", variant: "v", inferenceComponent: "c", format: "ack" }, "cannot be used together"],
    [{ endpoint: "a" }, "--format is required: one of cloudformation, cdk, terraform, ack."],
    [{ endpoint: "a", format: "cdk", import: true }, "--import applies only to --format terraform"],
    [{ endpoint: "a", format: "cdk", out: " " }, "--out needs a directory"],
    [{ endpoint: "bad_name", format: "cdk" }, '--endpoint "bad_name" is not a valid SageMaker name'],
  ] as [ExportFlags, string][])("%o: %s (exit 2)", (flags, message) => {
    expect(() => validateExportFlags(flags)).toThrow(message);
    try {
      validateExportFlags(flags);
    } catch (error) {
      expect(explainError(error).exitCode).toBe(2);
    }
  });

  it("reads the scope", () => {
    expect(validateExportFlags({ endpoint: "a", inferenceComponent: "c", format: "ack" }).scope).toEqual({
      kind: "component",
      endpointName: "a",
      componentName: "c",
    });
    expect(validateExportFlags({ all: true, format: "terraform", import: true })).toEqual({
      scope: { kind: "all" },
      format: "terraform",
      out: undefined,
      imports: true,
    });
  });
});

describe("init --export", () => {
  beforeEach(() => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: "1", Arn: "arn:aws:iam::1:user/u" });
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [] });
    sm.on(DescribeEndpointConfigCommand).resolves({
      EndpointConfigName: "c",
      ProductionVariants: [
        { VariantName: "AllTraffic", ModelName: "m", InstanceType: "ml.m5.large", InitialInstanceCount: 1 },
      ],
    } as never);
    sm.on(DescribeEndpointCommand).resolves({
      EndpointName: "shop",
      EndpointConfigName: "c",
      EndpointStatus: "InService",
      ProductionVariants: [{ VariantName: "AllTraffic", CurrentInstanceCount: 1, DesiredInstanceCount: 1 }],
    } as never);
    // A custom policy init keeps beside its own.
    world.policies.push(
      policy(SHOP, INSTANCES, {
        PolicyName: "mine",
        PolicyARN: "arn:mine",
        PolicyType: "TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration: { TargetValue: 5 },
      }),
    );
  });

  it("writes the whole configuration init would apply, changes nothing, and needs no --yes without a terminal", async () => {
    const ctx = fakeContext({ clients: sdkClients() });
    await runInit(ctx, { endpoint: "shop", min: "1", max: "6", target: "700", export: "cloudformation" });
    expect(aas.commandCalls(RegisterScalableTargetCommand)).toEqual([]);
    expect(aas.commandCalls(PutScalingPolicyCommand)).toEqual([]);
    expect(cw.commandCalls(PutMetricAlarmCommand)).toEqual([]);
    const template = ctx.stdout();
    // The target is written although it already exists with another range: the code declares all of it.
    expect(template).toContain("ShopAllTrafficTarget:");
    expect(template).toContain("MaxCapacity: 6");
    expect(template).toContain("PolicyName: SageMakerEndpointInvocationScalingPolicy");
    expect(template).toContain("TargetValue: 700");
    expect(template).not.toContain("PolicyName: mine");
    const kept =
      'The policy "mine" on endpoint/shop/variant/AllTraffic stays beside the one init writes: not in this code; sm-autoscale export --endpoint shop exports all that is live.';
    expect(ctx.stderr()).toContain(kept);
    expect(template).toContain(`# - ${kept}`);
  });

  it("carries the scheduled actions that stay on the target, so the code recreates all of it", async () => {
    world.actions.push({
      ServiceNamespace: "sagemaker",
      ResourceId: SHOP,
      ScalableDimension: INSTANCES,
      ScheduledActionName: "evening",
      ScheduledActionARN: "arn:evening",
      Schedule: "cron(0 20 ? * MON-FRI *)",
      Timezone: "Europe/Berlin",
      ScalableTargetAction: { MinCapacity: 1 },
      CreationTime: new Date(0),
    });
    const ctx = fakeContext({ clients: sdkClients() });
    await runInit(ctx, { endpoint: "shop", min: "1", max: "6", target: "600", export: "cloudformation" });
    expect(aas.commandCalls(DescribeScheduledActionsCommand)[0]!.args[0].input).toMatchObject({
      ServiceNamespace: "sagemaker",
      ResourceId: SHOP,
      ScalableDimension: INSTANCES,
    });
    const template = ctx.stdout();
    expect(template).toContain(
      [
        "      ScheduledActions:",
        "        - ScheduledActionName: evening",
        "          Schedule: 'cron(0 20 ? * MON-FRI *)'",
        "          Timezone: Europe/Berlin",
        "          ScalableTargetAction:",
        "            MinCapacity: 1",
      ].join("\n"),
    );
    expect(template).toContain(
      "# Exported by sm-autoscale from what sm-autoscale init would configure for shop/AllTraffic in us-east-1, with the scheduled actions it keeps on the target.",
    );
    expect(ctx.stderr()).toContain(
      "CloudFormation: 1 scalable target, 1 policy, 1 scheduled action, 0 alarms.",
    );
  });

  it("scheduled actions it may not read are named, not dropped in silence", async () => {
    aas
      .on(DescribeScheduledActionsCommand)
      .rejects(awsError("AccessDeniedException", "not authorized to perform DescribeScheduledActions"));
    const ctx = fakeContext({ clients: sdkClients() });
    await runInit(ctx, { endpoint: "shop", min: "1", max: "6", target: "600", export: "terraform" });
    const note =
      "The scheduled actions of endpoint/shop/variant/AllTraffic could not be read (access denied to application-autoscaling:DescribeScheduledActions): init keeps any there are on the target, but this code does not declare them.";
    expect(ctx.stderr()).toContain(`⚠ ${note}`);
    expect(ctx.stdout()).toContain(`# - ${note}`);
  });

  it("a target not registered yet has no scheduled actions to read", async () => {
    world.targets = world.targets.filter((t) => t.ResourceId !== SHOP);
    const ctx = fakeContext({ clients: sdkClients() });
    await runInit(ctx, { endpoint: "shop", min: "1", max: "6", target: "600", export: "ack" });
    expect(aas.commandCalls(DescribeScheduledActionsCommand)).toEqual([]);
    expect(ctx.stderr()).toContain("0 scheduled actions");
  });

  it("step scaling too: its two step policies and their alarms, as code, and nothing applied", async () => {
    const ctx = fakeContext({ clients: sdkClients() });
    await runInit(ctx, {
      endpoint: "shop",
      policyType: "step",
      min: "1",
      max: "4",
      scaleOutAbove: "900",
      scaleInBelow: "300",
      export: "terraform",
    });
    expect(aas.commandCalls(RegisterScalableTargetCommand)).toEqual([]);
    expect(aas.commandCalls(PutScalingPolicyCommand)).toEqual([]);
    expect(cw.commandCalls(PutMetricAlarmCommand)).toEqual([]);
    const hcl = ctx.stdout();
    expect(hcl.match(/^resource "aws_appautoscaling_policy"/gm)).toHaveLength(2);
    expect(hcl.match(/^resource "aws_cloudwatch_metric_alarm"/gm)).toHaveLength(2);
    expect(hcl).toContain('policy_type        = "StepScaling"');
    expect(hcl).not.toContain("TargetTrackingScaling");
  });

  it("names the custom policies init would delete", async () => {
    const ctx = fakeContext({ clients: sdkClients() });
    await runInit(ctx, {
      endpoint: "shop",
      min: "1",
      max: "4",
      target: "600",
      replaceCustomPolicies: true,
      export: "terraform",
    });
    expect(ctx.stderr()).toContain(
      'init would also delete the policy "mine" of endpoint/shop/variant/AllTraffic',
    );
  });

  it("--export with --dry-run, or --out without --export, is a usage error", () => {
    expect(() => validateInitFlags({ export: "ack", dryRun: true })).toThrow(
      "--export and --dry-run conflict",
    );
    expect(() => validateInitFlags({ out: "x" })).toThrow("--out applies only with --export");
  });
});
