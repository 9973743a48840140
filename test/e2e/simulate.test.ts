// `sm-autoscale simulate` end to end: the built CLI against moto behind the test proxy, with CloudWatch seeded with
// known traces, checked against the replay worked out by hand.
//
// Isolation: every region in which moto has SageMaker is used by another e2e file (commercial, cn, us-gov,
// us-isof-*, and us-iso-east-1, us-isob-east-1 and eusc-de-east-1 by the describe/teardown and schedule files). So
// this file works in a moto account of its own, 210987654321, through credentials from an STS AssumeRole into a
// role of that account (moto 5.2 files a request under the account its access key was issued for; a 12-digit
// access key id alone is not enough, moto maps unknown keys to 123456789012). Its region, eu-south-2, is then its
// own whatever other files do there. The proxy's emulation signs its own calls with the caller's key, so it stays
// in the same account.

import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { SimulateJson } from "../../src/domain/what-if.js";
import { CLI_BIN, runCli } from "../support/cli.js";
import { terminalEnv } from "../support/env.js";
import { type EmulatorProxy, startProxy } from "../support/proxy.js";
import { spawnPty, stripAnsi } from "../support/pty.js";
import { emulatorClientConfig } from "../support/sdk.js";
import { seeder, variantResourceId } from "../support/seed.js";

const REGION = "eu-south-2";
const ACCOUNT = "210987654321";
const BUILT_IN = "SageMakerEndpointInvocationScalingPolicy";

const motoUrl = inject("motoUrl");
let proxy: EmulatorProxy;
let credentials: Record<string, string>;
let seed: ReturnType<typeof seeder>;
/** The last seeded minute: two minutes before the seeding, so a run never ends its window before it. */
let lastMinute: number;

/** 26 hours at 100 invocations a minute, with an hour at 300 from minute 600. */
const STEP = Array.from({ length: 26 * 60 }, (_, i) => (i >= 600 && i < 660 ? 300 : 100));

const cli = (args: string[]) =>
  runCli(["simulate", ...args], {
    endpoint: proxy.url,
    region: REGION,
    env: credentials,
    timeoutMs: 120_000,
  });

beforeAll(async () => {
  proxy = await startProxy({ upstream: motoUrl });
  const sts = new STSClient(emulatorClientConfig(motoUrl, REGION));
  try {
    const role = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${ACCOUNT}:role/sm-autoscale-simulate-e2e`,
        RoleSessionName: "e2e",
      }),
    );
    credentials = {
      AWS_ACCESS_KEY_ID: role.Credentials!.AccessKeyId!,
      AWS_SECRET_ACCESS_KEY: role.Credentials!.SecretAccessKey!,
      AWS_SESSION_TOKEN: role.Credentials!.SessionToken!,
    };
  } finally {
    sts.destroy();
  }
  const s = seeder(proxy.url, REGION, { accessKeyId: credentials.AWS_ACCESS_KEY_ID! });
  seed = s;
  const endAt = new Date(Date.now() - 120_000);
  lastMinute = Math.floor(endAt.getTime() / 60_000) * 60_000;
  for (const name of ["shop", "fresh", "quiet"]) {
    await s.seedEndpoint({ name, variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 1 }] });
  }
  const rid = variantResourceId("shop", "AllTraffic");
  await s.registerTarget({ resourceId: rid, min: 1, max: 10 });
  await s.putPolicy(BUILT_IN, rid, 200, { scaleInCooldown: 300, scaleOutCooldown: 300 });
  // One instance: Invocations = InvocationsPerInstance = the values.
  await s.putInvocationsHistory("shop", "AllTraffic", STEP, endAt, { instanceCount: 1, latency: false });
  // Three hours: too little to go by.
  await s.putInvocationsHistory("fresh", "AllTraffic", STEP.slice(0, 180), endAt, {
    instanceCount: 1,
    latency: false,
  });
}, 120_000);

beforeEach(() => {
  proxy.resetCounts();
});

afterAll(async () => {
  await proxy?.stop();
});

describe("simulate --json on a known trace", () => {
  it("replays each target as worked out by hand; one GetMetricData call, reads only", async () => {
    const run = await cli(["--endpoint", "shop", "--days", "2", "--targets", "100,200", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as SimulateJson;
    expect(out.endpointName).toBe("shop");
    expect(out.variantName).toBe("AllTraffic");
    expect(out.window).toEqual({
      start: new Date(lastMinute - (STEP.length - 1) * 60_000).toISOString(),
      end: new Date(lastMinute + 60_000).toISOString(),
      minutes: STEP.length,
      minutesWithData: STEP.length,
      indicative: false,
      shortfall: null,
    });
    // Target 100: out to 3 at minute 603, serving at 608; in to 1 at 675, 15 minutes after the hour at 300.
    // Target 200: out to 2 at 603; 300 on 2 is 150, below 0.9 × 200, so its 15 minutes below run from 608 and the
    // scale-in comes when the traffic falls, at 661. Both: 3 minutes above target before the scale-out, 5 of
    // warm-up.
    expect(out.candidates).toEqual([
      {
        targetValue: 100,
        instanceHours: Math.round(((STEP.length + 2 * (675 - 603)) / 60) * 100) / 100,
        maxInstances: 3,
        minutesOverTarget: 8,
        minutesOverCapacity: null,
        minutesOverObserved: 0,
        scaleOuts: 1,
        scaleIns: 1,
        cost: null,
      },
      {
        targetValue: 200,
        instanceHours: Math.round(((STEP.length + (661 - 603)) / 60) * 100) / 100,
        maxInstances: 2,
        minutesOverTarget: 8,
        minutesOverCapacity: null,
        minutesOverObserved: 0,
        scaleOuts: 1,
        scaleIns: 1,
        cost: null,
      },
    ]);
    expect(out.recommended).toBe(200);
    expect(out.liveTargetValue).toBe(200);
    expect(out.suggestedTargetValue).toBe(150);
    expect(out.assumptions).toMatchObject({
      minCapacity: 1,
      maxCapacity: 10,
      scaleInCooldownSeconds: 300,
      scaleOutCooldownSeconds: 300,
      scaleInEnabled: true,
      warmupMinutes: 5,
      // The load its one instance served: 300 a minute (p99 of the busy minutes); neither candidate goes above.
      observedLoad: { perInstancePerMinute: 300 },
      riskBudget: { measure: "minutesOverObserved", loadPerMinute: 300, maxShare: 0.01, maxMinutes: 15 },
      from: { minCapacity: "scalable target", maxCapacity: "scalable target", cooldowns: "policy" },
    });
    expect(proxy.countBy()).toEqual({
      "SageMaker.DescribeEndpoint": 1,
      "SageMaker.DescribeEndpointConfig": 1,
      "ApplicationAutoScaling.DescribeScalableTargets": 1,
      "ApplicationAutoScaling.DescribeScalingPolicies": 1,
      "CloudWatch.GetMetricData": 1,
    });
    const metrics = proxy.calls().find((c) => c.operation === "GetMetricData")!;
    expect(metrics.region).toBe(REGION);
    expect((metrics.params!["MetricDataQueries"] as unknown[]).length).toBe(2);
  });

  it("--max-rps and --price-per-hour: minutes above capacity, the cost, and the budget on capacity", async () => {
    const run = await cli([
      "--endpoint",
      "shop",
      "--days",
      "2",
      "--targets",
      "100,200",
      "--max-rps",
      "2",
      "--price-per-hour",
      "0.5",
      "--warmup",
      "0",
      "--json",
    ]);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as SimulateJson;
    // 2 requests/s is 120 a minute: 300 on one instance is over capacity for the 3 minutes before the scale-out
    // (warm-up 0); 300 on 2 (target 200) is 150, over capacity the whole hour.
    expect(out.candidates.map((c) => [c.targetValue, c.minutesOverCapacity])).toEqual([
      [100, 3],
      [200, 60],
    ]);
    // The cost is taken from the exact instance-hours, both rounded to cents.
    for (const c of out.candidates)
      expect(Math.abs(c.cost! - c.instanceHours * 0.5)).toBeLessThanOrEqual(0.01);
    expect(out.assumptions.riskBudget).toEqual({
      measure: "minutesOverCapacity",
      loadPerMinute: 120,
      maxShare: 0.001,
      maxMinutes: 1,
    });
    expect(out.recommended).toBeNull();
  });
});

describe("simulate in words", () => {
  it("the default candidates, the chart in ASCII off a terminal, the table and the recommendation", async () => {
    const run = await cli(["--endpoint", "shop", "--days", "2"]);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toMatch(
      /^What-if for shop\/AllTraffic: \d{4}-\d\d-\d\d \d\d:\d\d to \d{4}-\d\d-\d\d \d\d:\d\d UTC \(26 h, 100 % of minutes with data\); busiest minute 300 invocations\.$/,
    );
    // 300 a minute on one instance is not above a target of 300: that candidate never scales and is the cheapest;
    // the chart shows it.
    expect(run.stdout).toContain(
      "Target 300: traffic and instances, one column = 28 min (. above target, ^ above load served)",
    );
    expect(run.stdout).toMatch(/^ *invocations\/min {3}300 \|/m);
    // The suggestion (150), the live target (200) and the spread around the suggestion.
    const rows = lines.filter((l) => /^\d+ /.test(l)).map((l) => l.split(/ +/)[0]);
    expect(rows).toEqual(["75", "101", "120", "150", "188", "200", "225", "300"]);
    expect(run.stdout).toMatch(/^150 .* suggested$/m);
    expect(run.stdout).toMatch(/^200 .* live$/m);
    expect(run.stdout).toMatch(/^300 +26 +1 +0 +0 +0\/0 +recommended$/m);
    expect(run.stdout).toMatch(
      /^Recommended: 300, the cheapest candidate that runs its instances above the load they regularly served \(p99 of the busy minutes: 300 invocations per instance per minute\) in at most 15 of the 1,560 minutes with traffic \(1 %, as often as the history itself\): 26 instance-hours, [\d.]+ % fewer than the live 200\.$/m,
    );
    expect(run.stdout).toMatch(/^[\x20-\x7e\n]*$/);
    expect(run.stderr.trim()).toBe(
      `The model's assumptions (alarm timing, warm-up, no metric delay) are listed in the README's "What-if" section; --json gives the same numbers.`,
    );
  });

  it("--days 1 whose newest minutes CloudWatch has not published yet is a day, not too little data", async () => {
    // Seeded now, so that the run comes within CloudWatch's lag of it: every minute of the last day but the
    // newest 3 has a datapoint, as CloudWatch serves a steady endpoint.
    await seed.seedEndpoint({
      name: "steady",
      variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 1 }],
    });
    await seed.putInvocationsHistory(
      "steady",
      "AllTraffic",
      Array(24 * 60).fill(100),
      new Date(Date.now() - 180_000),
      {
        instanceCount: 1,
        latency: false,
      },
    );
    const run = await cli(["--endpoint", "steady", "--days", "1", "--targets", "100", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as SimulateJson;
    expect(out.window.minutesWithData).toBe(out.window.minutes);
    expect(out.window.minutes).toBeGreaterThan(24 * 60 - 10);
    expect(out.window.minutes).toBeLessThan(24 * 60);
    expect(out.window).toMatchObject({ indicative: false, shortfall: null });
    expect(run.stderr).not.toContain("Too little data");
  });

  it("too little data: said plainly, and the results marked indicative only", async () => {
    const run = await cli(["--endpoint", "fresh", "--days", "1", "--targets", "100", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as SimulateJson;
    expect(out.window).toMatchObject({ minutes: 180, indicative: true });
    expect(run.stderr).toContain(
      "⚠ Too little data to go by: the history spans only 3 h; a day at least is needed to see a daily cycle. The results are indicative only.",
    );
  });
});

describe("simulate in a real terminal", () => {
  const terminal = (extra: Record<string, string> = {}) => ({
    ...terminalEnv(proxy.url, REGION),
    ...credentials,
    LANG: "C.UTF-8",
    ...extra,
  });
  const args = [CLI_BIN, "simulate", "--endpoint", "shop", "--days", "2", "--targets", "100,200"];

  it("block characters in colour, as wide as the terminal", async () => {
    const pty = spawnPty(process.execPath, args, { env: terminal(), cols: 90, rows: 60 });
    expect(await pty.exit, pty.output()).toBe(0);
    const raw = pty.rawOutput();
    expect(raw).toContain("\x1b[36m");
    const chart = pty
      .output()
      .split("\n")
      .filter((l) => /[┤│└]/.test(l));
    expect(chart.length).toBe(5 + 4 + 2);
    expect(chart.join("\n")).toMatch(/[▁▂▃▄▅▆▇█]/);
    const widest = Math.max(...chart.map((l) => [...l].length));
    expect(widest).toBeLessThan(90);
    expect(widest).toBeGreaterThan(80);
  });

  it("NO_COLOR takes the colour away, not the blocks", async () => {
    const pty = spawnPty(process.execPath, args, { env: terminal({ NO_COLOR: "1" }), cols: 90, rows: 60 });
    expect(await pty.exit, pty.output()).toBe(0);
    expect(pty.rawOutput()).not.toMatch(/\x1b\[3\dm/);
    expect(stripAnsi(pty.rawOutput())).toMatch(/[▁▂▃▄▅▆▇█]/);
  });
});

describe("simulate refuses, in one line", () => {
  it("no datapoint in the window: exit 1, nothing to replay", async () => {
    const run = await cli(["--endpoint", "quiet", "--hours", "6"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^✖ No Invocations datapoints for quiet\/AllTraffic in eu-south-2 over the last 6 h: nothing to replay\.$/m,
    );
    expect(run.stdout).toBe("");
  });

  it("bad flags: exit 2 before any AWS call", async () => {
    const run = await cli(["--endpoint", "shop", "--days", "16"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^✖ --days must be a whole number of days from 1 to 15\. Got "16"\.$/m);
    expect(proxy.calls()).toEqual([]);
  });

  it("an endpoint of another account is not seen: this file's data is its own", async () => {
    const run = await runCli(["simulate", "--endpoint", "shop", "--hours", "1"], {
      endpoint: proxy.url,
      region: REGION,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^✖ Endpoint "shop" was not found in eu-south-2\.$/m);
  });
});
