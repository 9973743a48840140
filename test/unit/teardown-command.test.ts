import {
  ApplicationAutoScalingClient,
  DeleteScalingPolicyCommand,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  PutScalingPolicyCommand,
  PutScheduledActionCommand,
  type ScalableTarget,
  type ScalingPolicy,
  type ScheduledAction,
} from "@aws-sdk/client-application-auto-scaling";
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
} from "@aws-sdk/client-cloudwatch";
import { IAMClient } from "@aws-sdk/client-iam";
import {
  DescribeEndpointCommand,
  ListInferenceComponentsCommand,
  SageMakerClient,
} from "@aws-sdk/client-sagemaker";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { runTeardown } from "../../src/commands/teardown.js";
import type { TeardownFlags } from "../../src/domain/validate-teardown.js";
import { explainError } from "../../src/errors.js";
import { type Answers, fakeContext } from "./fake-context.js";
import { awsError, sdkClients } from "./mock-clients.js";
import { type AasWorld, statefulAutoscaling } from "./stateful-aas.js";

const sm = mockClient(SageMakerClient);
const aas = mockClient(ApplicationAutoScalingClient);
const iam = mockClient(IAMClient);
const cw = mockClient(CloudWatchClient);
const sts = mockClient(STSClient);
const all = [sm, aas, iam, cw, sts];

const INSTANCES = "sagemaker:variant:DesiredInstanceCount";
const A = "endpoint/shop/variant/AllTraffic";
const B = "endpoint/shop/variant/Canary";
const ORPHAN = "endpoint/gone/variant/AllTraffic";
let world: AasWorld;

const target = (ResourceId: string): ScalableTarget => ({
  ServiceNamespace: "sagemaker",
  ResourceId,
  ScalableDimension: INSTANCES,
  MinCapacity: 1,
  MaxCapacity: 4,
  RoleARN: "arn:slr",
  CreationTime: new Date(0),
});
const policy = (ResourceId: string, PolicyName: string): ScalingPolicy => ({
  PolicyARN: `arn:policy:${ResourceId}:${PolicyName}`,
  PolicyName,
  ServiceNamespace: "sagemaker",
  ResourceId,
  ScalableDimension: INSTANCES,
  PolicyType: "TargetTrackingScaling",
  TargetTrackingScalingPolicyConfiguration: { TargetValue: 300 },
  CreationTime: new Date(0),
});
const action = (ResourceId: string, ScheduledActionName: string): ScheduledAction => ({
  ScheduledActionName,
  ScheduledActionARN: "arn:sched",
  ServiceNamespace: "sagemaker",
  ResourceId,
  ScalableDimension: INSTANCES,
  Schedule: "cron(0 9 * * ? *)",
  ScalableTargetAction: { MinCapacity: 2 },
  CreationTime: new Date(0),
});

/** A region with shop (two variants, one with a scheduled action) and an orphan of a deleted endpoint. */
function region(targets: ScalableTarget[] = [target(A), target(B), target(ORPHAN)]) {
  world = statefulAutoscaling(aas, {
    targets,
    policies: [
      policy(A, "SageMakerEndpointInvocationScalingPolicy"),
      policy(B, "p"),
      policy(ORPHAN, "p"),
    ].filter((p) => targets.some((t) => t.ResourceId === p.ResourceId)),
    actions: [action(A, "morning")].filter((a) => targets.some((t) => t.ResourceId === a.ResourceId)),
  });
}

beforeEach(() => {
  for (const m of all) m.reset();
  sts
    .on(GetCallerIdentityCommand)
    .resolves({ Account: "111122223333", Arn: "arn:aws:iam::111122223333:user/dev" });
  region();
  cw.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: [
      {
        AlarmName: "sm-autoscale-backlog-shop",
        Dimensions: [{ Name: "EndpointName", Value: "shop" }],
      },
    ],
  });
  sm.on(DescribeEndpointCommand, { EndpointName: "shop" }).resolves({
    EndpointName: "shop",
    EndpointStatus: "InService",
    ProductionVariants: [
      { VariantName: "AllTraffic", CurrentInstanceCount: 2 },
      { VariantName: "Canary", CurrentInstanceCount: 1 },
    ],
  } as never);
  sm.on(DescribeEndpointCommand, { EndpointName: "gone" }).rejects(
    awsError("ValidationException", 'Could not find endpoint "gone".'),
  );
  cw.on(DeleteAlarmsCommand).resolves({});
  sm.on(ListInferenceComponentsCommand).resolves({ InferenceComponents: [] });
});

async function run(flags: TeardownFlags, options: { canPrompt?: boolean; answers?: Answers } = {}) {
  const ctx = fakeContext({ clients: sdkClients(), ...options });
  let error: unknown;
  try {
    await runTeardown(ctx, flags);
  } catch (e) {
    error = e;
  }
  return { ctx, error, explained: error === undefined ? undefined : explainError(error) };
}

const mutations = () => [
  ...aas
    .calls()
    .map((c) => c.args[0].constructor.name)
    .filter((n) => !n.startsWith("Describe")),
  ...cw.commandCalls(DeleteAlarmsCommand).map(() => "DeleteAlarmsCommand"),
];
const totalCalls = () => all.reduce((n, m) => n + m.calls().length, 0);

describe("teardown: validate before any AWS call", () => {
  it.each<[string, TeardownFlags, RegExp]>([
    ["no terminal, no --yes", { endpoint: "shop" }, /^--yes is required .*no terminal/],
    [
      "no terminal, nothing chosen",
      { yes: true },
      /^--endpoint \(or --all\) is required when not running interactively/,
    ],
    ["--variant alone", { variant: "AllTraffic", yes: true }, /^--variant needs --endpoint/],
    [
      "a bad endpoint name",
      { endpoint: "bad_name", yes: true },
      /^--endpoint "bad_name" is not a valid SageMaker name/,
    ],
    ["a bad variant name", { endpoint: "shop", variant: "-x", yes: true }, /^--variant "-x" is not a valid/],
    [
      "--all with --endpoint",
      { all: true, endpoint: "shop", yes: true },
      /^--all and --endpoint cannot be used together/,
    ],
  ])("%s: exit 2 naming the flag, no call made", async (_, flags, message) => {
    const { explained } = await run(flags);
    expect(explained?.exitCode).toBe(2);
    expect(explained?.message).toMatch(message);
    expect(totalCalls()).toBe(0);
  });

  it("--dry-run needs no --yes without a terminal", async () => {
    const { error } = await run({ endpoint: "shop", dryRun: true });
    expect(error).toBeUndefined();
  });
});

describe("teardown --endpoint", () => {
  it("removes both variants' policies, scheduled actions, targets and our alarm; never the endpoint", async () => {
    const { ctx, error } = await run({ endpoint: "shop", yes: true });
    expect(error).toBeUndefined();
    expect(mutations()).toEqual([
      "DeleteScalingPolicyCommand",
      "DeleteScheduledActionCommand",
      "DeregisterScalableTargetCommand",
      "DeleteScalingPolicyCommand",
      "DeregisterScalableTargetCommand",
      "DeleteAlarmsCommand",
    ]);
    expect(aas.commandCalls(DeregisterScalableTargetCommand).map((c) => c.args[0].input.ResourceId)).toEqual([
      A,
      B,
    ]);
    expect(cw.commandCalls(DeleteAlarmsCommand)[0]!.args[0].input).toEqual({
      AlarmNames: ["sm-autoscale-backlog-shop"],
    });
    // Nothing on SageMaker but the listing of its inference components (none) and the one DescribeEndpoint that
    // tells the instance count.
    expect(sm.calls().map((c) => c.args[0].constructor.name)).toEqual([
      "ListInferenceComponentsCommand",
      "DescribeEndpointCommand",
    ]);
    expect(sm.commandCalls(ListInferenceComponentsCommand)[0]!.args[0].input).toMatchObject({
      EndpointNameEquals: "shop",
      MaxResults: 100,
    });
    expect(ctx.stderr()).toContain(
      "Removing autoscaling only: endpoint shop keeps its current 3 instance(s) (AllTraffic: 2, Canary: 1); nothing on the endpoint itself changes.",
    );
    const out = ctx.stdout();
    expect(out).toContain("aws application-autoscaling delete-scaling-policy");
    expect(out).toContain("aws application-autoscaling deregister-scalable-target");
    expect(out).toContain("aws cloudwatch delete-alarms");
    expect(ctx.stderr()).toContain("Next: sm-autoscale describe --endpoint shop");
  });

  it("our alarms cannot be read (access denied): a warning, and everything else is removed, no alarm", async () => {
    cw.on(DescribeAlarmsCommand).rejects(
      awsError("AccessDeniedException", "User is not authorized to perform: cloudwatch:DescribeAlarms"),
    );
    const { ctx, error } = await run({ endpoint: "shop", yes: true });
    expect(error).toBeUndefined();
    expect(mutations()).toEqual([
      "DeleteScalingPolicyCommand",
      "DeleteScheduledActionCommand",
      "DeregisterScalableTargetCommand",
      "DeleteScalingPolicyCommand",
      "DeregisterScalableTargetCommand",
    ]);
    expect(
      ctx
        .stderr()
        .split("\n")
        .filter((l) => l.startsWith("⚠")),
    ).toEqual([
      "⚠ Could not read the alarms sm-autoscale creates: access denied to cloudwatch:DescribeAlarms; none is removed (a later teardown with that permission removes any left behind).",
    ]);
  });

  it("any other failure of the alarm read still stops teardown before any change", async () => {
    cw.on(DescribeAlarmsCommand).rejects(awsError("InternalServiceError", "boom"));
    const { explained } = await run({ endpoint: "shop", yes: true });
    expect(explained?.exitCode).toBe(1);
    expect(mutations()).toEqual([]);
  });

  it("the alarm read fails while the components are still being listed: handled, one error, nothing changed", async () => {
    let alarmsFailed!: () => void;
    const failed = new Promise<void>((resolve) => {
      alarmsFailed = resolve;
    });
    cw.on(DescribeAlarmsCommand).callsFake(async () => {
      alarmsFailed();
      throw awsError("InternalServiceError", "boom");
    });
    sm.on(ListInferenceComponentsCommand).callsFake(async () => {
      await failed;
      // A turn of the event loop: long enough for Node to report a rejection nobody handles yet.
      await new Promise((resolve) => setImmediate(resolve));
      return { InferenceComponents: [] };
    });
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", listener);
    try {
      const { explained } = await run({ endpoint: "shop", yes: true });
      expect(explained?.exitCode).toBe(1);
      expect(explained?.message).toContain("boom");
    } finally {
      process.off("unhandledRejection", listener);
    }
    expect(unhandled).toEqual([]);
    expect(mutations()).toEqual([]);
  });

  it("the endpoints' counts cannot be read (access denied): a note, and the plan runs", async () => {
    sm.on(DescribeEndpointCommand).rejects(
      awsError("AccessDeniedException", "User is not authorized to perform: sagemaker:DescribeEndpoint"),
    );
    const { ctx, error } = await run({ endpoint: "shop", yes: true });
    expect(error).toBeUndefined();
    expect(mutations()).toContain("DeregisterScalableTargetCommand");
    expect(ctx.stderr()).toContain(
      "Removing autoscaling only: endpoint shop keeps its current capacity (AllTraffic: current instance count, Canary: current instance count); nothing on the endpoint itself changes.",
    );
    expect(ctx.stderr()).toContain(
      "Could not read the endpoints' instance counts: access denied to sagemaker:DescribeEndpoint; teardown changes only autoscaling either way.",
    );
    expect(ctx.stderr()).toContain("Next: sm-autoscale describe --endpoint shop");
  });

  it("--variant removes that variant only and reads it by ResourceIds", async () => {
    const { ctx, error } = await run({ endpoint: "shop", variant: "Canary", yes: true });
    expect(error).toBeUndefined();
    expect(aas.commandCalls(DescribeScalableTargetsCommand)[0]!.args[0].input).toEqual({
      ServiceNamespace: "sagemaker",
      ResourceIds: [B],
      MaxResults: 50,
    });
    expect(aas.commandCalls(DeregisterScalableTargetCommand).map((c) => c.args[0].input.ResourceId)).toEqual([
      B,
    ]);
    expect(aas.commandCalls(DeleteScalingPolicyCommand).map((c) => c.args[0].input.ResourceId)).toEqual([B]);
    // The endpoint-wide alarm stays with the endpoint.
    expect(cw.commandCalls(DeleteAlarmsCommand)).toHaveLength(0);
    expect(ctx.stderr()).toContain(
      "endpoint shop keeps its current 1 instance(s) on variant Canary; nothing on the endpoint itself changes.",
    );
  });

  it("an endpoint without autoscaling: nothing to remove, exit 0, no change", async () => {
    const { ctx, error } = await run({ endpoint: "search", yes: true });
    expect(error).toBeUndefined();
    expect(ctx.stderr()).toContain("Nothing to remove: endpoint search has no autoscaling in us-east-1.");
    expect(mutations()).toEqual([]);
    expect(ctx.stdout()).toBe("");
  });

  it("a variant name the endpoint does not have: says so with its variants, exit 0, no change", async () => {
    const { ctx, error } = await run({ endpoint: "shop", variant: "Canry", yes: true });
    expect(error).toBeUndefined();
    expect(ctx.stderr()).toContain(
      'Nothing to remove: endpoint shop has no variant "Canry" (its variants: AllTraffic, Canary), and no autoscaling left behind by one of that name. Check the name.',
    );
    expect(mutations()).toEqual([]);
  });

  it("an endpoint name that does not exist: says so, exit 0, no change", async () => {
    sm.on(DescribeEndpointCommand, { EndpointName: "shpo" }).rejects(
      awsError("ValidationException", 'Could not find endpoint "shpo".'),
    );
    const { ctx, error } = await run({ endpoint: "shpo", yes: true });
    expect(error).toBeUndefined();
    expect(ctx.stderr()).toContain(
      'Nothing to remove: there is no endpoint "shpo" in us-east-1, and no autoscaling left behind by one of that name.',
    );
    expect(mutations()).toEqual([]);
  });

  it("--dry-run prints the script on stdout and changes nothing", async () => {
    const { ctx } = await run({ endpoint: "shop", dryRun: true });
    expect(mutations()).toEqual([]);
    const out = ctx.stdout();
    expect(
      out.startsWith("#!/usr/bin/env bash\n# Remove the autoscaling of endpoint shop (2 scalable targets)\n"),
    ).toBe(true);
    expect(out.match(/^aws /gm)).toHaveLength(6);
  });

  it("what is already gone counts as done", async () => {
    aas
      .on(DeleteScalingPolicyCommand)
      .rejects(awsError("ObjectNotFoundException", "No scaling policy found"));
    const { ctx, error } = await run({ endpoint: "shop", yes: true });
    expect(error).toBeUndefined();
    expect(ctx.stderr()).toMatch(/Delete the scaling policy .*: already gone/);
  });

  it("a failure part-way puts back what this run removed, newest first", async () => {
    aas
      .on(DeregisterScalableTargetCommand)
      .rejects(awsError("AccessDeniedException", "not authorized to perform"));
    const { ctx, explained } = await run({ endpoint: "shop", yes: true });
    expect(explained?.exitCode).toBe(1);
    expect(aas.commandCalls(PutScheduledActionCommand)[0]!.args[0].input).toEqual({
      ServiceNamespace: "sagemaker",
      ScheduledActionName: "morning",
      ResourceId: A,
      ScalableDimension: INSTANCES,
      Schedule: "cron(0 9 * * ? *)",
      ScalableTargetAction: { MinCapacity: 2 },
    });
    expect(aas.commandCalls(PutScalingPolicyCommand)[0]!.args[0].input).toMatchObject({
      PolicyName: "SageMakerEndpointInvocationScalingPolicy",
      ResourceId: A,
    });
    expect(ctx.stderr()).toContain("Rolled back this run's 2 change(s)");
    expect(world.policies.map((p) => p.PolicyName).sort()).toEqual([
      "SageMakerEndpointInvocationScalingPolicy",
      "p",
      "p",
    ]);
    expect(world.actions.map((a) => a.ScheduledActionName)).toEqual(["morning"]);
  });
});

describe("teardown --endpoint of an endpoint with inference components", () => {
  const COPIES = "sagemaker:inference-component:DesiredCopyCount";
  const CHAT = "inference-component/chat";
  const OTHER = "inference-component/other-endpoints-ic";
  const WAKE = "sm-autoscale-chat-no-capacity-invocation-failures";
  let minted = 0;

  /** shop/AllTraffic, and chat on shop (a copy-count policy and the step policy with our alarm); another endpoint's IC. */
  function withComponents() {
    minted = 0;
    const ic = (ResourceId: string): ScalableTarget => ({
      ...target(ResourceId),
      ScalableDimension: COPIES,
      MinCapacity: 0,
    });
    world = statefulAutoscaling(
      aas,
      {
        targets: [target(A), ic(CHAT), ic(OTHER)],
        policies: [
          policy(A, "SageMakerEndpointInvocationScalingPolicy"),
          { ...policy(CHAT, "sm-autoscale-invocations-per-copy"), ScalableDimension: COPIES },
          {
            ...policy(CHAT, "sm-autoscale-ic-scale-out-from-zero"),
            ScalableDimension: COPIES,
            PolicyType: "StepScaling",
            TargetTrackingScalingPolicyConfiguration: undefined,
            StepScalingPolicyConfiguration: {
              AdjustmentType: "ChangeInCapacity",
              MetricAggregationType: "Maximum",
              Cooldown: 60,
              StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
            },
            Alarms: [{ AlarmName: WAKE, AlarmARN: `arn:alarm:${WAKE}` }],
          },
          { ...policy(OTHER, "p"), ScalableDimension: COPIES },
        ],
      },
      // A policy put back gets a new ARN, as in AWS.
      { policyArn: (input) => `arn:policy:${input.ResourceId}:${input.PolicyName}:${++minted}` },
    );
    sm.on(ListInferenceComponentsCommand).resolves({
      InferenceComponents: [
        {
          InferenceComponentName: "chat",
          InferenceComponentArn: "arn:ic:chat",
          EndpointName: "shop",
          EndpointArn: "arn:ep:shop",
          VariantName: "AllTraffic",
          CreationTime: new Date(0),
          LastModifiedTime: new Date(0),
        },
      ],
    });
    cw.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        {
          AlarmName: WAKE,
          AlarmActions: [`arn:policy:${CHAT}:sm-autoscale-ic-scale-out-from-zero`],
          MetricName: "NoCapacityInvocationFailures",
          Namespace: "AWS/SageMaker",
          Statistic: "Sum",
          Dimensions: [{ Name: "InferenceComponentName", Value: "chat" }],
          Period: 60,
          EvaluationPeriods: 1,
          DatapointsToAlarm: 1,
          Threshold: 1,
          ComparisonOperator: "GreaterThanThreshold",
        },
        {
          AlarmName: "sm-autoscale-other-wake",
          Dimensions: [{ Name: "InferenceComponentName", Value: "other-endpoints-ic" }],
        },
      ],
    });
    cw.on(PutMetricAlarmCommand).resolves({});
  }

  it("removes its components' autoscaling and our alarm for them, and nothing of another endpoint's", async () => {
    withComponents();
    const { ctx, error } = await run({ endpoint: "shop", yes: true });
    expect(error).toBeUndefined();
    expect(aas.commandCalls(DeregisterScalableTargetCommand).map((c) => c.args[0].input.ResourceId)).toEqual([
      A,
      CHAT,
    ]);
    expect(world.targets.map((t) => t.ResourceId)).toEqual([OTHER]);
    expect(cw.commandCalls(DeleteAlarmsCommand)[0]!.args[0].input).toEqual({ AlarmNames: [WAKE] });
    expect(ctx.stderr()).toContain(
      "Removing autoscaling only: inference component chat keeps its current copy count; nothing on it changes.",
    );
  });

  it("--variant: the components of that variant only (VariantNameEquals)", async () => {
    withComponents();
    const { error } = await run({ endpoint: "shop", variant: "AllTraffic", dryRun: true });
    expect(error).toBeUndefined();
    expect(sm.commandCalls(ListInferenceComponentsCommand)[0]!.args[0].input).toMatchObject({
      EndpointNameEquals: "shop",
      VariantNameEquals: "AllTraffic",
    });
    // Its own target and its components', by id: no namespace scan.
    expect(aas.commandCalls(DescribeScalableTargetsCommand)[0]!.args[0].input.ResourceIds).toEqual([A, CHAT]);
  });

  it("the listing of its components denied: a warning naming the action; the variants' autoscaling still goes", async () => {
    withComponents();
    sm.on(ListInferenceComponentsCommand).rejects(
      awsError(
        "AccessDeniedException",
        "User is not authorized to perform: sagemaker:ListInferenceComponents",
      ),
    );
    const { ctx, error } = await run({ endpoint: "shop", yes: true });
    expect(error).toBeUndefined();
    expect(ctx.stderr()).toContain(
      "Could not list the inference components of shop: access denied to sagemaker:ListInferenceComponents; their autoscaling is not removed",
    );
    expect(world.targets.map((t) => t.ResourceId)).toEqual([CHAT, OTHER]);
  });

  it("a rollback puts the step policy back and points our alarm at its new ARN", async () => {
    withComponents();
    aas
      .on(DeregisterScalableTargetCommand, { ResourceId: CHAT })
      .rejects(awsError("AccessDeniedException", "not authorized to perform"));
    const { ctx, explained } = await run({ endpoint: "shop", yes: true });
    expect(explained?.exitCode).toBe(1);
    const step = world.policies.find((p) => p.PolicyName === "sm-autoscale-ic-scale-out-from-zero");
    expect(step?.PolicyARN).toMatch(/:\d+$/);
    const puts = cw.commandCalls(PutMetricAlarmCommand).map((c) => c.args[0].input);
    expect(puts).toEqual([expect.objectContaining({ AlarmName: WAKE, AlarmActions: [step?.PolicyARN] })]);
    // Our alarm is not deleted: that comes last, after the step that failed.
    expect(cw.commandCalls(DeleteAlarmsCommand)).toHaveLength(0);
    // The printed commands are a script: the ARN captured by the put-scaling-policy before, or the one read.
    expect(ctx.stdout()).toMatch(/--alarm-actions "\$\{RESTORED_POLICY_ARN_1:-arn:[^"]*\}"/);
  });
});

describe("teardown --all", () => {
  it("with --yes removes every target, the orphan included, and says the orphan's endpoint is gone", async () => {
    const { ctx, error } = await run({ all: true, yes: true });
    expect(error).toBeUndefined();
    expect(aas.commandCalls(DeregisterScalableTargetCommand).map((c) => c.args[0].input.ResourceId)).toEqual([
      ORPHAN,
      A,
      B,
    ]);
    expect(ctx.stderr()).toContain("Endpoint gone does not exist (any more)");
    // The namespace is read whole: no per-target policy calls.
    expect(
      aas.commandCalls(DescribeScalingPoliciesCommand).every((c) => c.args[0].input.ResourceId === undefined),
    ).toBe(true);
  });

  it("interactively, the user types the region name", async () => {
    const { ctx, error } = await run(
      { all: true },
      { canPrompt: true, answers: { confirmRegion: "us-east-1" } },
    );
    expect(error).toBeUndefined();
    expect(ctx.asked).toEqual(["confirmRegion"]);
    expect(aas.commandCalls(DeregisterScalableTargetCommand)).toHaveLength(3);
  });

  it("interactively, a wrong region name is refused", async () => {
    const { error } = await run({ all: true }, { canPrompt: true, answers: { confirmRegion: "eu-west-1" } });
    expect(String(error)).toMatch(/Type us-east-1 exactly/);
    expect(mutations()).toEqual([]);
  });
});

describe("teardown, interactive choice", () => {
  it("lists the region's targets with min–max and policy count, removes the ones picked", async () => {
    let listed: string[] = [];
    const { ctx, error } = await run(
      {},
      {
        canPrompt: true,
        answers: {
          targets: (choices: { name: string; value: unknown }[]) => {
            listed = choices.map((c) => c.name);
            return [ORPHAN];
          },
          confirm: true,
        },
      },
    );
    expect(error).toBeUndefined();
    expect(listed).toEqual([
      "gone/AllTraffic  1–4, 1 policy",
      "shop/AllTraffic  1–4, 1 policy, 1 scheduled action",
      "shop/Canary  1–4, 1 policy",
    ]);
    expect(ctx.asked).toEqual(["targets", "confirm"]);
    expect(aas.commandCalls(DeregisterScalableTargetCommand).map((c) => c.args[0].input.ResourceId)).toEqual([
      ORPHAN,
    ]);
  });

  it("declining changes nothing (exit 1)", async () => {
    const { explained } = await run({}, { canPrompt: true, answers: { targets: [A], confirm: false } });
    expect(explained).toEqual({ message: "Cancelled; no changes made.", exitCode: 1 });
    expect(mutations()).toEqual([]);
  });

  it("an empty region: nothing to remove", async () => {
    region([]);
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    const { ctx, error } = await run({}, { canPrompt: true, answers: {} });
    expect(error).toBeUndefined();
    expect(ctx.stderr()).toContain("Nothing to remove: there is no SageMaker autoscaling in us-east-1.");
  });
});
