import {
  ApplicationAutoScalingClient,
  DescribeScheduledActionsCommand,
  PutScheduledActionCommand,
  type ScalableTarget,
  type ScheduledAction,
} from "@aws-sdk/client-application-auto-scaling";
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
import { beforeEach, describe, expect, it } from "vitest";
import { runScheduleAdd, runScheduleList, runScheduleRemove } from "../../src/commands/schedule.js";
import type { ScheduleFlags } from "../../src/domain/validate-schedule.js";
import { explainError } from "../../src/errors.js";
import { type Answers, ENTER, type FakeContext, fakeContext } from "./fake-context.js";
import { awsError, sdkClients } from "./mock-clients.js";
import { type AasWorld, statefulAutoscaling } from "./stateful-aas.js";

const sm = mockClient(SageMakerClient);
const aas = mockClient(ApplicationAutoScalingClient);
const sts = mockClient(STSClient);

const INSTANCES = "sagemaker:variant:DesiredInstanceCount";
const COPIES = "sagemaker:inference-component:DesiredCopyCount";
const PC = "sagemaker:variant:DesiredProvisionedConcurrency";
const A = "endpoint/shop/variant/AllTraffic";
const C = "endpoint/shop/variant/Canary";
const CHAT = "inference-component/chat";
const SLS = "endpoint/sls/variant/AllTraffic";
const NOW = new Date("2026-06-01T12:00:00Z");
let world: AasWorld;

const target = (ResourceId: string, ScalableDimension = INSTANCES, extra: Partial<ScalableTarget> = {}) =>
  ({
    ServiceNamespace: "sagemaker",
    ResourceId,
    ScalableDimension,
    MinCapacity: 1,
    MaxCapacity: 4,
    RoleARN: "arn:slr",
    CreationTime: new Date(0),
    ...extra,
  }) as ScalableTarget;

const action = (ResourceId: string, name: string, extra: Partial<ScheduledAction> = {}): ScheduledAction => ({
  ServiceNamespace: "sagemaker",
  ResourceId,
  ScalableDimension: INSTANCES,
  ScheduledActionName: name,
  ScheduledActionARN: `arn:sched:${name}`,
  Schedule: "cron(0 8 ? * MON-FRI *)",
  ScalableTargetAction: { MinCapacity: 2 },
  CreationTime: new Date(0),
  ...extra,
});

function endpoints() {
  const describe = (name: string, variants: string[], extra: Record<string, unknown> = {}) =>
    sm.on(DescribeEndpointCommand, { EndpointName: name }).resolves({
      EndpointName: name,
      EndpointConfigName: `${name}-config`,
      EndpointStatus: "InService",
      ProductionVariants: variants.map((VariantName) => ({ VariantName, CurrentInstanceCount: 1, ...extra })),
    } as never);
  describe("shop", ["AllTraffic", "Canary"]);
  sm.on(DescribeEndpointConfigCommand, { EndpointConfigName: "shop-config" }).resolves({
    ProductionVariants: ["AllTraffic", "Canary"].map((VariantName) => ({
      VariantName,
      ModelName: "m",
      InstanceType: "ml.m5.large",
      InitialInstanceCount: 1,
    })),
  } as never);
  describe("llm", ["AllTraffic"]);
  sm.on(DescribeEndpointConfigCommand, { EndpointConfigName: "llm-config" }).resolves({
    ProductionVariants: [
      {
        VariantName: "AllTraffic",
        InstanceType: "ml.g5.xlarge",
        InitialInstanceCount: 1,
        ManagedInstanceScaling: { Status: "ENABLED", MinInstanceCount: 0, MaxInstanceCount: 2 },
      },
    ],
  } as never);
  sm.on(ListInferenceComponentsCommand, { EndpointNameEquals: "llm" }).resolves({
    InferenceComponents: [{ InferenceComponentName: "chat", EndpointName: "llm", VariantName: "AllTraffic" }],
  } as never);
  sm.on(ListInferenceComponentsCommand, { EndpointNameEquals: "shop" }).resolves({ InferenceComponents: [] });
  sm.on(DescribeInferenceComponentCommand).resolves({
    InferenceComponentName: "chat",
    InferenceComponentStatus: "InService",
    RuntimeConfig: { DesiredCopyCount: 1, CurrentCopyCount: 1 },
  } as never);
  describe("sls", ["AllTraffic"], {
    CurrentServerlessConfig: { MaxConcurrency: 10, ProvisionedConcurrency: 2 },
  });
  sm.on(DescribeEndpointConfigCommand, { EndpointConfigName: "sls-config" }).resolves({
    ProductionVariants: [
      {
        VariantName: "AllTraffic",
        ModelName: "m",
        ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 10, ProvisionedConcurrency: 2 },
      },
    ],
  } as never);
  sm.on(DescribeEndpointCommand, { EndpointName: "gone" }).rejects(
    awsError("ValidationException", 'Could not find endpoint "gone".'),
  );
  sm.on(ListInferenceComponentsCommand, { EndpointNameEquals: "gone" }).resolves({ InferenceComponents: [] });
}

beforeEach(() => {
  for (const m of [sm, aas, sts]) m.reset();
  sts
    .on(GetCallerIdentityCommand)
    .resolves({ Account: "111122223333", Arn: "arn:aws:iam::111122223333:user/dev" });
  endpoints();
  world = statefulAutoscaling(aas, {
    targets: [
      target(A),
      target(C),
      target(CHAT, COPIES, { MinCapacity: 0 }),
      target(SLS, PC, { MaxCapacity: 5 }),
    ],
    actions: [action(A, "morning"), action(C, "morning", { Schedule: "rate(1 day)" })],
  });
});

/** The PutScheduledAction inputs sent. */
const puts = () => aas.commandCalls(PutScheduledActionCommand).map((c) => c.args[0].input);

interface Run {
  ctx: FakeContext;
  error: unknown;
  explained?: ReturnType<typeof explainError> | undefined;
}

async function run(
  command: "add" | "remove" | "list",
  flags: ScheduleFlags,
  options: { canPrompt?: boolean; answers?: Answers; tty?: boolean } = {},
): Promise<Run> {
  const ctx = fakeContext({
    clients: sdkClients(),
    canPrompt: options.canPrompt ?? false,
    answers: options.answers ?? {},
  });
  const now = () => NOW;
  const error = await (command === "add"
    ? runScheduleAdd(ctx, flags, now)
    : command === "remove"
      ? runScheduleRemove(ctx, flags)
      : runScheduleList(ctx, flags, { isTTY: options.tty ?? false }, now)
  ).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { ctx, error, explained: error === undefined ? undefined : explainError(error) };
}

const ADD: ScheduleFlags = {
  endpoint: "shop",
  variant: "AllTraffic",
  name: "evening",
  schedule: "cron(0 20 * * ? *)",
  timezone: "Europe/Berlin",
  max: "2",
  yes: true,
};

describe("schedule add", () => {
  it("with every flag: puts the action, prints its command, says when it runs", async () => {
    const { ctx, error } = await run("add", ADD);
    expect(error).toBeUndefined();
    expect(ctx.asked).toEqual([]);
    expect(puts()).toEqual([
      {
        ServiceNamespace: "sagemaker",
        ResourceId: A,
        ScalableDimension: INSTANCES,
        ScheduledActionName: "evening",
        Schedule: "cron(0 20 * * ? *)",
        Timezone: "Europe/Berlin",
        ScalableTargetAction: { MaxCapacity: 2 },
      },
    ]);
    expect(ctx.stdout()).toContain("aws application-autoscaling put-scheduled-action");
    expect(ctx.stderr()).toContain(
      "It runs next at 2026-06-01 20:00 Europe/Berlin, then 2026-06-02 20:00 Europe/Berlin, then 2026-06-03 20:00 Europe/Berlin.",
    );
    expect(ctx.stderr()).toContain("Next: sm-autoscale schedule list --endpoint shop");
  });

  it("--dry-run: the script on stdout, nothing sent", async () => {
    const { ctx, error } = await run("add", { ...ADD, yes: undefined, dryRun: true });
    expect(error).toBeUndefined();
    expect(puts()).toEqual([]);
    expect(ctx.stdout()).toMatch(/^#!\/usr\/bin\/env bash\n# Schedule "evening" on shop\/AllTraffic\n/);
    expect(ctx.stderr()).toContain("--dry-run > schedule-add.sh");
  });

  it("in a terminal: asks the variant, the name, the schedule and the capacity (from the target's), then confirms", async () => {
    const { ctx, error } = await run(
      "add",
      { endpoint: "shop" },
      {
        canPrompt: true,
        answers: {
          variant: (choices: { value: { variantName: string } }[]) => choices[1]!.value,
          name: "lunch",
          schedule: "rate(1 day)",
          min: ENTER,
          max: 6,
          confirm: true,
        },
      },
    );
    expect(error).toBeUndefined();
    expect(ctx.asked).toEqual(["variant", "name", "schedule", "min", "max", "confirm"]);
    expect(ctx.defaults["min"]).toBe(1);
    expect(ctx.defaults["max"]).toBe(4);
    expect(world.actions.find((a) => a.ScheduledActionName === "lunch")).toMatchObject({
      ResourceId: C,
      Schedule: "rate(1 day)",
      ScalableTargetAction: { MinCapacity: 1, MaxCapacity: 6 },
    });
    expect(ctx.stderr()).toContain("(a rate without --start counts from when AWS creates the action)");
  });

  it("in a terminal, a cron schedule: asks its time zone (Enter keeps AWS's UTC), checked as --timezone is", async () => {
    const ask = (timezone: unknown) =>
      run(
        "add",
        { endpoint: "shop", variant: "Canary", min: "1", max: "6", yes: true },
        { canPrompt: true, answers: { name: "lunch", schedule: "cron(0 12 ? * MON-FRI *)", timezone } },
      );
    const berlin = await ask("Europe/Berlin");
    expect(berlin.error).toBeUndefined();
    expect(berlin.ctx.asked).toEqual(["name", "schedule", "timezone"]);
    expect(berlin.ctx.defaults["timezone"]).toBe("UTC");
    expect(world.actions.find((a) => a.ScheduledActionName === "lunch")).toMatchObject({
      Schedule: "cron(0 12 ? * MON-FRI *)",
      Timezone: "Europe/Berlin",
    });
    const utc = await ask(ENTER);
    expect(utc.error).toBeUndefined();
    expect(puts().at(-1)?.Timezone).toBeUndefined();
    // A name AWS would refuse is refused where it is typed, with the names it may have meant.
    const typo = await ask("Europe/Berlinn");
    expect(String(typo.error)).toContain(
      'rejected: The time zone "Europe/Berlinn" is not a time zone this machine knows; did you mean Europe/Berlin?',
    );
  });

  describe("in a terminal, the endpoint picker", () => {
    const listed = (names: string[]) =>
      sm.on(ListEndpointsCommand).resolves({
        Endpoints: names.map((EndpointName) => ({
          EndpointName,
          EndpointStatus: "InService",
          EndpointArn: `arn:aws:sagemaker:us-east-1:111122223333:endpoint/${EndpointName}`,
          CreationTime: new Date(0),
          LastModifiedTime: new Date(0),
        })),
      });
    const picker = async () => {
      let offered: Record<string, unknown> = {};
      const result = await run(
        "add",
        {},
        {
          canPrompt: true,
          answers: {
            endpoint: (choices: { value: string; disabled?: unknown }[]) => {
              offered = Object.fromEntries(choices.map((c) => [c.value, c.disabled]));
              throw new Error("picked nothing");
            },
          },
        },
      );
      return { offered, ...result };
    };

    it("offers only endpoints with a scalable target (an inference component's counts for its endpoint)", async () => {
      listed(["idle", "llm", "shop", "sls"]);
      // The region's components, listed once, tell which endpoint hosts the autoscaled chat.
      sm.on(ListInferenceComponentsCommand).resolves({
        InferenceComponents: [
          { InferenceComponentName: "chat", EndpointName: "llm", VariantName: "AllTraffic" },
        ],
      } as never);
      const { offered } = await picker();
      expect(offered).toEqual({
        idle: "(not autoscaled: sm-autoscale init first)",
        llm: false,
        shop: false,
        sls: false,
      });
    });

    it("where the region's components cannot be listed, which endpoints have one is unknown: none is disabled", async () => {
      listed(["idle", "llm"]);
      sm.on(ListInferenceComponentsCommand).rejects(awsError("AccessDeniedException", "denied"));
      const { offered } = await picker();
      expect(offered).toEqual({ idle: false, llm: false });
    });

    it("with no target in the region: says so before any question", async () => {
      listed(["idle", "shop"]);
      world = statefulAutoscaling(aas, { targets: [] });
      const { explained, ctx } = await picker();
      expect(ctx.asked).toEqual([]);
      expect(explained).toMatchObject({
        message:
          "No endpoint in us-east-1 has a scalable target yet, and a scheduled action sets the minimum and maximum of one.",
        hint: "Set one up first: sm-autoscale init",
        exitCode: 1,
      });
    });
  });

  it("declined: nothing changed, exit 1", async () => {
    const { explained } = await run(
      "add",
      { ...ADD, yes: undefined },
      { canPrompt: true, answers: { confirm: false } },
    );
    expect(explained).toEqual({ message: "Cancelled; no changes made.", hint: undefined, exitCode: 1 });
    expect(puts()).toEqual([]);
  });

  it("without a terminal, the missing flags are named before any AWS call", async () => {
    const { explained } = await run("add", { endpoint: "shop", schedule: "rate(1 day)" });
    expect(explained?.exitCode).toBe(2);
    expect(explained?.message).toBe(
      "Missing --name, --min or --max, --yes (or --dry-run): required when not running interactively (no terminal).",
    );
    expect(sts.calls()).toHaveLength(0);
  });

  it("several variants and no --variant, without a terminal: says which", async () => {
    const { explained } = await run("add", { ...ADD, variant: undefined });
    expect(explained?.exitCode).toBe(2);
    expect(explained?.message).toContain(
      '--variant is required: endpoint "shop" has several variants (AllTraffic, Canary)',
    );
  });

  it("no scalable target: exit 1 with the init command for that variant", async () => {
    world.targets = world.targets.filter((t) => t.ResourceId !== C);
    const { explained } = await run("add", { ...ADD, variant: "Canary" });
    expect(explained).toEqual({
      message:
        "shop/Canary has no scalable target, so there is nothing to schedule: a scheduled action sets the minimum and maximum of one.",
      hint: "Set up its autoscaling first: sm-autoscale init --endpoint shop --variant Canary",
      exitCode: 1,
    });
  });

  it("serverless on demand: nothing to schedule, and how to get provisioned concurrency", async () => {
    sm.on(DescribeEndpointCommand, { EndpointName: "sls" }).resolves({
      EndpointName: "sls",
      EndpointConfigName: "od-config",
      EndpointStatus: "InService",
      ProductionVariants: [
        { VariantName: "AllTraffic", CurrentServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } },
      ],
    } as never);
    sm.on(DescribeEndpointConfigCommand, { EndpointConfigName: "od-config" }).resolves({
      ProductionVariants: [
        {
          VariantName: "AllTraffic",
          ModelName: "m",
          ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 },
        },
      ],
    } as never);
    world.targets = [];
    const { explained } = await run("add", { ...ADD, endpoint: "sls", variant: undefined });
    expect(explained?.exitCode).toBe(1);
    expect(explained?.message).toContain("is serverless on demand: it scales by itself");
    expect(explained?.hint).toContain("ProvisionedConcurrency");
  });

  it("an inference component: its copy-count target, and 0 where its endpoint allows it", async () => {
    const { error } = await run("add", {
      endpoint: "llm",
      inferenceComponent: "chat",
      name: "night",
      schedule: "cron(0 22 * * ? *)",
      min: "0",
      max: "0",
      yes: true,
    });
    expect(error).toBeUndefined();
    expect(puts()).toMatchObject([
      {
        ResourceId: CHAT,
        ScalableDimension: COPIES,
        ScalableTargetAction: { MinCapacity: 0, MaxCapacity: 0 },
      },
    ]);
  });

  it("the kind's limits: a real-time minimum of 0, a provisioned concurrency above MaxConcurrency", async () => {
    const zero = await run("add", { ...ADD, min: "0" });
    expect(zero.explained?.message).toBe(
      "--min 0 must be at least 1: real-time variants cannot scale to zero.",
    );
    const over = await run("add", { ...ADD, endpoint: "sls", variant: undefined, max: "11" });
    expect(over.explained?.message).toBe(
      "--max 11 must be at most 10: provisioned concurrency cannot exceed the variant's MaxConcurrency of 10.",
    );
    expect(puts()).toEqual([]);
  });

  it("the same action again: nothing to change; a different one of that name: replaced, said so", async () => {
    const same = await run("add", {
      ...ADD,
      name: "morning",
      schedule: "cron(0 8 ? * MON-FRI *)",
      timezone: undefined,
      max: undefined,
      min: "2",
    });
    expect(same.error).toBeUndefined();
    expect(same.ctx.stderr()).toContain(
      'Nothing to change: "morning" on shop/AllTraffic is already cron(0 8 ? * MON-FRI *): min 2.',
    );
    const other = await run("add", { ...ADD, name: "morning" });
    expect(other.error).toBeUndefined();
    expect(other.ctx.stderr()).toContain(
      'shop/AllTraffic already has a scheduled action named "morning" (cron(0 8 ? * MON-FRI *): min 2): it is replaced.',
    );
    expect(world.actions.filter((a) => a.ResourceId === A)).toEqual([
      expect.objectContaining({ ScheduledActionName: "morning", Schedule: "cron(0 20 * * ? *)" }),
    ]);
  });

  it("warns when scheduled scaling is suspended on the target", async () => {
    world.targets = world.targets.map((t) =>
      t.ResourceId === A ? { ...t, SuspendedState: { ScheduledScalingSuspended: true } } : t,
    );
    const { ctx } = await run("add", ADD);
    expect(ctx.stderr()).toContain("Scheduled scaling is suspended on shop/AllTraffic");
  });
});

describe("schedule remove", () => {
  it("by name on a variant: deleted, the target kept", async () => {
    const { ctx, error } = await run("remove", {
      endpoint: "shop",
      variant: "Canary",
      name: "morning",
      yes: true,
    });
    expect(error).toBeUndefined();
    expect(world.actions.map((a) => a.ResourceId)).toEqual([A]);
    expect(world.targets.map((t) => t.ResourceId)).toContain(C);
    expect(ctx.stdout()).toContain("aws application-autoscaling delete-scheduled-action");
    expect(ctx.stderr()).toContain(
      'Removed the scheduled action "morning" of shop/Canary; the target\'s minimum and maximum stay as they are now.',
    );
  });

  it("a name on several targets: without a terminal, a usage error naming them; in one, a choice", async () => {
    const ambiguous = await run("remove", { endpoint: "shop", name: "morning", yes: true });
    expect(ambiguous.explained?.exitCode).toBe(2);
    expect(ambiguous.explained?.message).toBe(
      '--name "morning" names 2 scheduled actions: on shop/AllTraffic, shop/Canary. Add --endpoint with --variant or --inference-component to pick one.',
    );
    const picked = await run(
      "remove",
      { endpoint: "shop", name: "morning", yes: true },
      { canPrompt: true, answers: { action: (choices: { value: ScheduledAction }[]) => choices[1]!.value } },
    );
    expect(picked.error).toBeUndefined();
    expect(world.actions.map((a) => a.ResourceId)).toEqual([A]);
  });

  it("in a terminal without --name: picked from the endpoint's; declined: nothing changed", async () => {
    const { explained, ctx } = await run(
      "remove",
      { endpoint: "shop" },
      { canPrompt: true, answers: { action: ENTER, confirm: false } },
    );
    expect(ctx.asked).toEqual(["action", "confirm"]);
    expect(explained?.message).toBe("Cancelled; no changes made.");
    expect(world.actions).toHaveLength(2);
  });

  it("nothing by that name: done, saying so; an endpoint that does not exist is named as such", async () => {
    const none = await run("remove", { endpoint: "shop", name: "evening", yes: true });
    expect(none.error).toBeUndefined();
    expect(none.ctx.stderr()).toContain(
      'Nothing to remove: no scheduled action named "evening" on endpoint shop',
    );
    expect(none.ctx.stderr()).toContain('Its scheduled actions: "morning", "morning".');
    const gone = await run("remove", { endpoint: "gone", name: "x", yes: true });
    expect(gone.ctx.stderr()).toContain('Nothing to remove: there is no endpoint "gone" in us-east-1');
  });
});

describe("schedule list", () => {
  beforeEach(() => {
    world.actions.push(
      action(CHAT, "night", {
        ScalableDimension: COPIES,
        Schedule: "at(2026-06-01T20:00:00)",
        Timezone: "Asia/Tokyo",
        ScalableTargetAction: { MinCapacity: 0, MaxCapacity: 0 },
      }),
    );
  });

  it("--json: every action of the region with its next run, in a stable shape", async () => {
    const { ctx, error } = await run("list", { json: true });
    expect(error).toBeUndefined();
    const doc = JSON.parse(ctx.stdout());
    expect(doc.region).toBe("us-east-1");
    expect(doc.scheduledActions).toEqual([
      expect.objectContaining({ resourceId: A, name: "morning", nextRun: "2026-06-02T08:00:00.000Z" }),
      expect.objectContaining({
        resourceId: C,
        name: "morning",
        schedule: "rate(1 day)",
        nextRun: "2026-06-02T00:00:00.000Z",
      }),
      {
        name: "night",
        resourceId: CHAT,
        scalableDimension: COPIES,
        endpointName: null,
        variantName: null,
        inferenceComponentName: "chat",
        schedule: "at(2026-06-01T20:00:00)",
        timezone: "Asia/Tokyo",
        startTime: null,
        endTime: null,
        minCapacity: 0,
        maxCapacity: 0,
        nextRun: null,
        nextRunNote: "its one run is past",
        arn: "arn:sched:night",
      },
    ]);
  });

  it("one endpoint: its variants' actions and its inference components'", async () => {
    const llm = JSON.parse((await run("list", { endpoint: "llm", json: true })).ctx.stdout());
    expect(
      llm.scheduledActions.map((a: { name: string; endpointName: string }) => [a.name, a.endpointName]),
    ).toEqual([["night", "llm"]]);
    const canary = JSON.parse(
      (await run("list", { endpoint: "shop", variant: "Canary", json: true })).ctx.stdout(),
    );
    expect(canary.scheduledActions.map((a: { resourceId: string }) => a.resourceId)).toEqual([C]);
  });

  it("a table on a terminal, tab-separated lines when piped", async () => {
    const table = (await run("list", { endpoint: "llm" }, { tty: true })).ctx.stdout();
    expect(table.split("\n")[0]).toMatch(/^TARGET +NAME +SCHEDULE +TIME ZONE +MIN +MAX +NEXT RUN$/);
    expect(table).toContain("llm/chat (inference component)  night  at(2026-06-01T20:00:00)  Asia/Tokyo");
    expect(table).toContain("none: its one run is past");
    const plain = (await run("list", { endpoint: "shop", variant: "AllTraffic" })).ctx.stdout();
    expect(plain).toBe(
      `${A}\t${INSTANCES}\tmorning\tcron(0 8 ? * MON-FRI *)\t\t2\t\t\t\t2026-06-02T08:00:00.000Z\n`,
    );
  });

  it("nothing there: a line on stderr, nothing on stdout; an endpoint that does not exist is an error", async () => {
    world.actions = [];
    const empty = await run("list", { endpoint: "shop" });
    expect(empty.error).toBeUndefined();
    expect(empty.ctx.stdout()).toBe("");
    expect(empty.ctx.stderr()).toContain("No scheduled actions on endpoint shop in us-east-1.");
    const gone = await run("list", { endpoint: "gone" });
    expect(gone.explained?.message).toBe('Endpoint "gone" was not found in us-east-1.');
  });

  it("DescribeScheduledActions denied: exit 1 naming the action", async () => {
    aas.on(DescribeScheduledActionsCommand).rejects(
      Object.assign(awsError("AccessDeniedException", "User is not authorized"), {
        $smService: "application-autoscaling",
        $smOperation: "DescribeScheduledActions",
      }),
    );
    const { explained } = await run("list", {});
    expect(explained?.exitCode).toBe(1);
    expect(explained?.message).toBe(
      "Access denied: your identity may not call application-autoscaling:DescribeScheduledActions.",
    );
  });
});
