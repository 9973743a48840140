// `sm-autoscale teardown` end to end: the built CLI as a child process against moto behind the emulating proxy
// (which adds AWS's target-tracking alarms and cascading deregister), and the aws CLI replaying what it prints.
// Regions of this file: eu-central-1, ap-northeast-1, ap-northeast-2, ap-northeast-3, sa-east-1.

import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
} from "@aws-sdk/client-application-auto-scaling";
import { CloudWatchClient, DescribeAlarmsCommand, PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeEndpointCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Clients } from "../../src/aws/clients.js";
import { readTeardownState } from "../../src/aws/teardown-read.js";
import { buildTeardownPlan, scopeState } from "../../src/plan/build-teardown.js";
import { renderPlanScript } from "../../src/plan/render-cli.js";
import type { PlanStep } from "../../src/plan/types.js";
import { runAwsCli, runCli } from "../support/cli.js";
import { emulatorEnv } from "../support/env.js";
import { type EmulatorProxy, startProxy } from "../support/proxy.js";
import { emulatorClientConfig } from "../support/sdk.js";
import { readState, seeder, variantResourceId } from "../support/seed.js";

const motoUrl = inject("motoUrl");
let proxy: EmulatorProxy;

beforeAll(async () => {
  proxy = await startProxy({ upstream: motoUrl });
});
afterAll(async () => {
  await proxy?.stop();
});

const SHOP_A = variantResourceId("shop", "AllTraffic");
const SHOP_C = variantResourceId("shop", "Canary");
const SEARCH = variantResourceId("search", "AllTraffic");

const cli = (region: string, ...args: string[]) => runCli(args, { endpoint: proxy.url, region });

const cloudwatch = (region: string) => new CloudWatchClient(emulatorClientConfig(proxy.url, region));

/** Every alarm in the region, target-tracking ones with their random suffix cut off, sorted. */
async function alarmNames(region: string): Promise<string[]> {
  const cw = cloudwatch(region);
  try {
    const out = await cw.send(new DescribeAlarmsCommand({ MaxRecords: 100 }));
    return (out.MetricAlarms ?? [])
      .map((a) => (a.AlarmName ?? "").replace(/-(AlarmHigh|AlarmLow)-[0-9a-f-]+$/, "-$1"))
      .sort();
  } finally {
    cw.destroy();
  }
}

async function putAlarm(region: string, name: string, dimensions: Record<string, string>): Promise<void> {
  const cw = cloudwatch(region);
  try {
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: name,
        Namespace: "AWS/SageMaker",
        MetricName: "NoCapacityInvocationFailures",
        Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
        Statistic: "Sum",
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
      }),
    );
  } finally {
    cw.destroy();
  }
}

/** CurrentInstanceCount of each variant of an endpoint. */
async function instanceCounts(
  region: string,
  endpointName: string,
): Promise<Record<string, number | undefined>> {
  const sm = new SageMakerClient(emulatorClientConfig(proxy.url, region));
  try {
    const out = await sm.send(new DescribeEndpointCommand({ EndpointName: endpointName }));
    return Object.fromEntries(
      (out.ProductionVariants ?? []).map((v) => [v.VariantName, v.CurrentInstanceCount]),
    );
  } finally {
    sm.destroy();
  }
}

/**
 * shop: AllTraffic ×2 (built-in policy, one scheduled action) and Canary ×1 (built-in and a custom policy, a
 * scheduled action with a time zone and a window, an alarm of ours); search: AllTraffic ×3 (built-in policy).
 * Plus an endpoint-wide alarm of ours on shop and someone else's alarm on shop, which must stay.
 */
async function seedScenario(region: string): Promise<void> {
  const s = seeder(proxy.url, region);
  await s.seedEndpoint({
    name: "shop",
    variants: [
      { name: "AllTraffic", instanceType: "ml.m5.large", count: 2 },
      { name: "Canary", instanceType: "ml.m5.large", count: 1 },
    ],
  });
  await s.seedEndpoint({
    name: "search",
    variants: [{ name: "AllTraffic", instanceType: "ml.c5.xlarge", count: 3 }],
  });
  await s.registerTarget({ resourceId: SHOP_A, min: 2, max: 8 });
  await s.registerTarget({
    resourceId: SHOP_C,
    min: 1,
    max: 3,
    suspended: { DynamicScalingInSuspended: true },
  });
  await s.registerTarget({ resourceId: SEARCH, min: 3, max: 6 });
  await s.putPolicy("SageMakerEndpointInvocationScalingPolicy", SHOP_A, 400, {
    scaleInCooldown: 600,
    scaleOutCooldown: 60,
  });
  await s.putPolicy("SageMakerEndpointInvocationScalingPolicy", SHOP_C, 300);
  await s.putPolicy("canary-latency", SHOP_C, 0.5, {
    customMetric: {
      MetricName: "ModelLatency",
      Namespace: "AWS/SageMaker",
      Dimensions: [
        { Name: "EndpointName", Value: "shop" },
        { Name: "VariantName", Value: "Canary" },
      ],
      Statistic: "Average",
    },
    disableScaleIn: true,
  });
  await s.putPolicy("SageMakerEndpointInvocationScalingPolicy", SEARCH, 800);
  await s.putScheduledAction({
    name: "nightly-low",
    resourceId: SHOP_A,
    schedule: "cron(0 22 * * ? *)",
    min: 2,
  });
  await s.putScheduledAction({
    name: "weekday peak",
    resourceId: SHOP_C,
    schedule: "cron(0 8 ? * MON-FRI *)",
    timezone: "Europe/Berlin",
    startTime: new Date("2030-01-01T00:00:00Z"),
    endTime: new Date("2030-12-31T23:00:00Z"),
    min: 2,
    max: 3,
  });
  await putAlarm(region, "sm-autoscale-shop-Canary-no-capacity", {
    EndpointName: "shop",
    VariantName: "Canary",
  });
  await putAlarm(region, "sm-autoscale-shop-backlog", { EndpointName: "shop" });
  await putAlarm(region, "team-shop-latency", { EndpointName: "shop" });
}

describe("teardown of one variant", () => {
  const region = "eu-central-1";

  beforeAll(async () => {
    await seedScenario(region);
  });

  it("removes that variant's autoscaling, prints each command, and leaves the other variants intact", async () => {
    const before = await readState(proxy.url, region);
    const alarmsBefore = await alarmNames(region);
    const counts = await instanceCounts(region, "shop");

    const run = await cli(region, "teardown", "--endpoint", "shop", "--variant", "Canary", "--yes");
    expect(run.code, run.stderr).toBe(0);

    const after = await readState(proxy.url, region);
    const notCanary = <T extends { ResourceId: string }>(items: T[]) =>
      items.filter((i) => i.ResourceId !== SHOP_C);
    expect(after).toEqual({
      targets: notCanary(before.targets),
      policies: notCanary(before.policies),
      scheduledActions: notCanary(before.scheduledActions),
      alarms: before.alarms?.filter((a) => a.AlarmName !== "sm-autoscale-shop-Canary-no-capacity"),
    });
    expect(after.targets.map((t) => t.ResourceId).sort()).toEqual([SHOP_A, SEARCH].sort());

    // Our Canary alarm and the Canary policies' target-tracking alarms are gone; the endpoint-wide alarm of ours
    // (it belongs to the endpoint, not to one variant) and someone else's alarm stay.
    const alarmsAfter = await alarmNames(region);
    expect(alarmsAfter).toEqual(
      alarmsBefore.filter(
        (n) => n !== "sm-autoscale-shop-Canary-no-capacity" && !n.startsWith(`TargetTracking-${SHOP_C}-`),
      ),
    );
    expect(alarmsAfter).toContain("sm-autoscale-shop-backlog");
    expect(alarmsAfter).toContain("team-shop-latency");
    expect(alarmsAfter).toContain(`TargetTracking-${SHOP_A}-AlarmHigh`);

    expect(run.stdout).toMatch(/^aws application-autoscaling delete-scaling-policy \\$/m);
    expect(run.stdout).toMatch(/^aws application-autoscaling delete-scheduled-action \\$/m);
    expect(run.stdout).toMatch(/^aws application-autoscaling deregister-scalable-target \\$/m);
    expect(run.stdout).toMatch(
      /^aws cloudwatch delete-alarms \\\n {4}--alarm-names sm-autoscale-shop-Canary-no-capacity/m,
    );
    expect(run.stdout).not.toContain("TargetTracking-");

    // The endpoint is never touched, and the CLI says so.
    expect(run.stderr).toContain(
      "Removing autoscaling only: endpoint shop keeps its current 1 instance(s) on variant Canary; nothing on the endpoint itself changes.",
    );
    expect(await instanceCounts(region, "shop")).toEqual(counts);
    expect(counts).toEqual({ AllTraffic: 2, Canary: 1 });
  });

  it("a second run is a no-op: nothing to remove, exit 0", async () => {
    const before = await readState(proxy.url, region);
    proxy.resetCounts();
    const run = await cli(region, "teardown", "--endpoint", "shop", "--variant", "Canary", "--yes");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      "Nothing to remove: variant Canary of endpoint shop has no autoscaling in eu-central-1.",
    );
    expect(run.stdout).toBe("");
    expect(await readState(proxy.url, region)).toEqual(before);
    const changes = proxy.calls().filter((c) => !/^(Describe|List|Get)/.test(c.operation));
    expect(changes).toEqual([]);
    // A variant the endpoint does not have is a typo, said as one (exit 0 still: there is nothing to remove).
    const typo = await cli(region, "teardown", "--endpoint", "shop", "--variant", "Canry", "--yes");
    expect(typo.code, typo.stderr).toBe(0);
    expect(typo.stderr).toContain(
      'Nothing to remove: endpoint shop has no variant "Canry" (its variants: AllTraffic, Canary), and no autoscaling left behind by one of that name. Check the name.',
    );
  });

  it("without a terminal and without --yes: exit 2 naming --yes, before any AWS call", async () => {
    const before = await readState(proxy.url, region);
    proxy.resetCounts();
    const run = await cli(region, "teardown", "--endpoint", "shop");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--yes is required .*no terminal/);
    expect(proxy.calls()).toEqual([]);
    expect(await readState(proxy.url, region)).toEqual(before);
  });
});

describe("the printed commands are equivalent to the SDK path", () => {
  const viaSdk = "ap-northeast-1";
  const viaAwsCli = "ap-northeast-2";

  it("replaying `teardown --dry-run` with the aws CLI leaves the same state as teardown itself", async () => {
    await Promise.all([seedScenario(viaSdk), seedScenario(viaAwsCli)]);
    expect(await readState(proxy.url, viaAwsCli)).toEqual(await readState(proxy.url, viaSdk));

    const sdk = await cli(viaSdk, "teardown", "--endpoint", "shop", "--yes");
    expect(sdk.code, sdk.stderr).toBe(0);

    const before = await readState(proxy.url, viaAwsCli);
    const dry = await cli(viaAwsCli, "teardown", "--endpoint", "shop", "--dry-run");
    expect(dry.code, dry.stderr).toBe(0);
    expect(await readState(proxy.url, viaAwsCli)).toEqual(before); // a dry run changes nothing
    expect(dry.stdout).toContain("delete-scheduled-action");
    expect(dry.stdout).toContain("cloudwatch delete-alarms");

    const replay = await runAwsCli(dry.stdout, emulatorEnv(proxy.url, viaAwsCli));
    expect(replay.code, replay.stderr).toBe(0);

    const [a, b] = await Promise.all([readState(proxy.url, viaSdk), readState(proxy.url, viaAwsCli)]);
    expect(b).toEqual(a);
    expect(a.targets.map((t) => t.ResourceId)).toEqual([SEARCH]);
    expect(await alarmNames(viaAwsCli)).toEqual(await alarmNames(viaSdk));
    expect(await alarmNames(viaSdk)).not.toContain("sm-autoscale-shop-backlog");
  }, 180_000);
});

describe("teardown --all", () => {
  const region = "ap-northeast-3";

  it("removes every SageMaker target in the region, including an orphan; endpoints keep their instances", async () => {
    await seedScenario(region);
    // An orphan: a target for an endpoint that does not exist (registered past the proxy's existence check, as
    // an older tool or a deleted endpoint without the cascade would leave it).
    const direct = seeder(motoUrl, region);
    const ghost = variantResourceId("ghost", "AllTraffic");
    await direct.registerTarget({ resourceId: ghost, min: 1, max: 2 });
    await direct.putPolicy("SageMakerEndpointInvocationScalingPolicy", ghost, 100);
    await putAlarm(region, "sm-autoscale-ghost-no-capacity", {
      EndpointName: "ghost",
      VariantName: "AllTraffic",
    });
    const counts = {
      shop: await instanceCounts(region, "shop"),
      search: await instanceCounts(region, "search"),
    };
    expect((await readState(proxy.url, region)).targets).toHaveLength(4);

    const run = await cli(region, "teardown", "--all", "--yes");
    expect(run.code, run.stderr).toBe(0);

    expect(await readState(proxy.url, region)).toEqual({ targets: [], policies: [], scheduledActions: [] });
    expect(await alarmNames(region)).toEqual(["team-shop-latency"]);
    expect(run.stderr).toContain("Endpoint ghost does not exist (any more)");
    expect(run.stderr).toContain("endpoint search keeps its current 3 instance(s)");
    expect(run.stderr).toContain("endpoint shop keeps its current 3 instance(s) (AllTraffic: 2, Canary: 1)");
    expect({
      shop: await instanceCounts(region, "shop"),
      search: await instanceCounts(region, "search"),
    }).toEqual(counts);

    const again = await cli(region, "teardown", "--all", "--yes");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain("Nothing to remove: there is no SageMaker autoscaling in ap-northeast-3.");
  }, 120_000);
});

describe("rollback", () => {
  const region = "sa-east-1";

  const clientsAt = (r: string): Clients => {
    const cfg = emulatorClientConfig(proxy.url, r);
    const aas = new ApplicationAutoScalingClient(cfg);
    const cw = new CloudWatchClient(cfg);
    const sm = new SageMakerClient(cfg);
    return {
      autoscaling: async () => aas,
      cloudwatch: async () => cw,
      sagemaker: async () => sm,
      iam: async () => {
        throw new Error("not used");
      },
      sts: async () => new STSClient(cfg),
      servicequotas: async () => {
        throw new Error("not used");
      },
      callCount: () => 0,
    };
  };

  it("a failure part-way puts back exactly what was removed (SDK path)", async () => {
    await seedScenario(region);
    const before = await readState(proxy.url, region);
    // The second variant's deregister fails: shop/AllTraffic is already gone, Canary's policies too.
    proxy.inject({
      operation: "ApplicationAutoScaling.DeregisterScalableTarget",
      match: { ResourceId: SHOP_C },
      code: "AccessDeniedException",
      message: "User is not authorized to perform: application-autoscaling:DeregisterScalableTarget",
    });
    const run = await cli(region, "teardown", "--endpoint", "shop", "--yes");
    proxy.clearFaults();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Rolled back this run's \d+ change\(s\)/);
    expect(run.stdout).toContain("aws application-autoscaling put-scheduled-action");
    expect(run.stdout).toContain("aws application-autoscaling register-scalable-target");
    expect(await readState(proxy.url, region)).toEqual(before);
  }, 120_000);

  it("the undo steps, rendered as aws CLI commands, restore the state teardown removed", async () => {
    // Our own alarms are not in the undo steps: deleting them is the plan's point of no return
    // (build-teardown.ts), so only the targets, policies and scheduled actions are compared.
    const before = await readState(proxy.url, region, { alarms: false });
    const scope = { kind: "endpoint", endpointName: "shop" } as const;
    const plan = buildTeardownPlan(scopeState(await readTeardownState(clientsAt(region), scope), scope));
    const undo: PlanStep[] = plan.steps.flatMap((s) => (s.undo ? [s.undo] : [])).reverse();
    expect(undo.map((s) => s.operation)).toContain("PutScheduledAction");
    const script = renderPlanScript({ title: "Undo", steps: undo }, { region });

    const run = await cli(region, "teardown", "--endpoint", "shop", "--yes");
    expect(run.code, run.stderr).toBe(0);
    expect((await readState(proxy.url, region)).targets.map((t) => t.ResourceId)).toEqual([SEARCH]);

    const replay = await runAwsCli(script, emulatorEnv(proxy.url, region));
    expect(replay.code, replay.stderr).toBe(0);
    expect(await readState(proxy.url, region, { alarms: false })).toEqual(before);

    const aas = await clientsAt(region).autoscaling();
    const canary = await aas.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: "sagemaker", ResourceIds: [SHOP_C] }),
    );
    expect(canary.ScalableTargets?.[0]?.SuspendedState?.DynamicScalingInSuspended).toBe(true);
  }, 120_000);
});
