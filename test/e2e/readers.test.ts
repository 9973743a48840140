// The reads end to end: the built CLI against moto behind the test proxy, which makes a listing's service repeat
// its NextToken, answers with an HTML page as a proxy or a wrong endpoint would, denies reads, and fails
// DescribeScalingPolicies with FailedResourceAccess. Each case asserts the exit code, the one line the user reads,
// and how many calls went out (nothing spins), and that nothing changed where nothing should.
// Regions of this file: ap-southeast-5 (paging), mx-central-1 (init in a terminal, non-AWS replies, retries),
// ap-southeast-7 (describe with reads denied), ap-east-2 (teardown with reads denied).

import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import type { DescribeJson } from "../../src/domain/describe-model.js";
import { CLI_BIN, type RunResult, runCli } from "../support/cli.js";
import { cleanBaseEnv, emulatorEnv } from "../support/env.js";
import { type EmulatorProxy, type FaultRule, startProxy } from "../support/proxy.js";
import { spawnPty } from "../support/pty.js";
import { readState, seeder, variantResourceId } from "../support/seed.js";

const motoUrl = inject("motoUrl");
let proxy: EmulatorProxy;

beforeAll(async () => {
  proxy = await startProxy({ upstream: motoUrl });
});
afterEach(() => {
  proxy.clearFaults();
});
afterAll(async () => {
  await proxy?.stop();
});

const BUILT_IN = "SageMakerEndpointInvocationScalingPolicy";

const cli = (region: string, args: string[]) => runCli(args, { endpoint: proxy.url, region });

/** An endpoint with one variant, autoscaled 1–4 with the built-in policy (its alarms emulated by the proxy). */
async function autoscaled(
  region: string,
  name: string,
  extras: { scheduled?: boolean } = {},
): Promise<string> {
  const s = seeder(proxy.url, region);
  await s.seedEndpoint({ name, variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 2 }] });
  const rid = variantResourceId(name, "AllTraffic");
  await s.registerTarget({ resourceId: rid, min: 1, max: 4 });
  await s.putPolicy(BUILT_IN, rid, 300);
  if (extras.scheduled) {
    await s.putScheduledAction({ name: "nightly", resourceId: rid, schedule: "cron(0 20 * * ? *)", min: 1 });
  }
  proxy.addScalingActivity({
    region,
    resourceId: rid,
    statusCode: "Successful",
    description: "Setting desired instance count to 2.",
  });
  return rid;
}

/** The lines starting "✖ ": exactly one, matching `message`; and nothing a user should not see. */
function expectOneError(run: RunResult, message: RegExp): string {
  const errors = run.stderr.split("\n").filter((l) => l.startsWith("✖ ") && !l.endsWith(": failed"));
  expect(errors, run.stderr).toHaveLength(1);
  expect(errors[0], run.stderr).toMatch(message);
  expectNoNoise(run.stdout + run.stderr);
  return errors[0]!;
}

function expectNoNoise(all: string): void {
  expect(all).not.toMatch(/^\s+at .+[(:]\d+/m); // stack frames
  expect(all).not.toContain("[object Object]");
  expect(all).not.toMatch(/SyntaxError|Unexpected token|is not valid JSON|Deserialization error/);
  expect(all).not.toContain("@smithy");
  expect(all).not.toMatch(/\bundefined\b/);
}

const warnings = (run: RunResult) => run.stderr.split("\n").filter((l) => l.startsWith("⚠"));

const repeatedToken = (action: string) =>
  new RegExp(
    `^✖ ${action} sent the same page token \\(NextToken\\) twice, after 2 pages: the listing would never end, so it was stopped\\.$`,
  );

describe("a listing whose service repeats its NextToken stops at once, naming the API", () => {
  const region = "ap-southeast-5";
  beforeAll(async () => {
    await autoscaled(region, "pg-a", { scheduled: true });
    await seeder(proxy.url, region).seedEndpoint({
      name: "pg-idle",
      variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 1 }],
    });
  });

  const init = ["init", "--endpoint", "pg-a", "--min", "1", "--max", "4", "--target", "300", "--yes"];
  const cases: { command: string; args: string[]; action: string }[] = [
    { command: "describe", args: ["describe"], action: "application-autoscaling:DescribeScalableTargets" },
    { command: "describe", args: ["describe"], action: "application-autoscaling:DescribeScalingPolicies" },
    { command: "describe", args: ["describe"], action: "application-autoscaling:DescribeScheduledActions" },
    { command: "describe", args: ["describe"], action: "application-autoscaling:DescribeScalingActivities" },
    { command: "describe", args: ["describe"], action: "sagemaker:ListEndpoints" },
    { command: "describe", args: ["describe"], action: "cloudwatch:DescribeAlarms" },
    {
      command: "describe --endpoint",
      args: ["describe", "--endpoint", "pg-a"],
      action: "application-autoscaling:DescribeScalableTargets",
    },
    {
      command: "describe --endpoint",
      args: ["describe", "--endpoint", "pg-a"],
      action: "application-autoscaling:DescribeScalingPolicies",
    },
    {
      command: "describe --endpoint",
      args: ["describe", "--endpoint", "pg-a"],
      action: "application-autoscaling:DescribeScheduledActions",
    },
    {
      command: "teardown --all",
      args: ["teardown", "--all", "--yes"],
      action: "application-autoscaling:DescribeScalableTargets",
    },
    {
      command: "teardown --all",
      args: ["teardown", "--all", "--yes"],
      action: "application-autoscaling:DescribeScalingPolicies",
    },
    {
      command: "teardown --all",
      args: ["teardown", "--all", "--yes"],
      action: "application-autoscaling:DescribeScheduledActions",
    },
    { command: "teardown --all", args: ["teardown", "--all", "--yes"], action: "cloudwatch:DescribeAlarms" },
    {
      command: "teardown --endpoint",
      args: ["teardown", "--endpoint", "pg-a", "--yes"],
      action: "cloudwatch:DescribeAlarms",
    },
    { command: "init --endpoint", args: init, action: "application-autoscaling:DescribeScalableTargets" },
    { command: "init --endpoint", args: init, action: "application-autoscaling:DescribeScalingPolicies" },
  ];

  const named = cases.map((c) => ({ ...c, operation: c.action.split(":")[1]! }));
  it.each(named)(
    "$command, $operation: exit 1, one line, two calls, nothing changed",
    async ({ args, action }) => {
      const operation = action.split(":")[1]!;
      const before = await readState(motoUrl, region);
      proxy.resetCounts();
      proxy.inject({ operation, repeatNextToken: true, times: -1 });
      const run = await cli(region, args);
      expect(run.code, run.stderr).toBe(1);
      const line = expectOneError(run, repeatedToken(action));
      expect(run.stderr.split("\n")[run.stderr.split("\n").indexOf(line) + 1]).toBe(
        `  AWS_ENDPOINT_URL is set to ${proxy.url}: check it, or unset it to reach AWS itself.`,
      );
      // The first page, then the one that repeated its token: not a call more.
      expect(proxy.count(operation)).toBe(2);
      expect(proxy.calls().filter((c) => !/^(Describe|List|Get)/.test(c.operation))).toEqual([]);
      expect(await readState(motoUrl, region)).toEqual(before);
    },
  );

  it("without the fault, the same commands read everything (the cases above are not vacuous)", async () => {
    proxy.resetCounts();
    const run = await cli(region, ["describe", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as DescribeJson;
    const [v] = json.variants;
    expect(v?.scheduledActions).toHaveLength(1);
    expect(v?.activities).toHaveLength(1);
    expect(v?.policies[0]?.alarms.every((a) => a.state !== null)).toBe(true);
    expect(json.unscaledEndpoints.map((e) => e.endpointName)).toEqual(["pg-idle"]);
    for (const op of [
      "DescribeScalableTargets",
      "DescribeScalingPolicies",
      "ListEndpoints",
      "DescribeAlarms",
    ]) {
      expect(proxy.count(op), op).toBe(1);
    }
  });
});

describe("init in a terminal: the endpoint picker's reads and the metrics read cannot spin either", () => {
  const region = "mx-central-1";
  beforeAll(async () => {
    await seeder(proxy.url, region).seedEndpoint({
      name: "term-a",
      variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 2 }],
    });
  });

  async function inTerminal(args: string[]): Promise<{ code: number; output: string }> {
    const env = { ...cleanBaseEnv(), ...emulatorEnv(proxy.url, region) };
    const pty = spawnPty(process.execPath, [CLI_BIN, ...args], { env });
    try {
      // The error, or a question (the read went through and the wizard waits for an answer): whichever comes.
      const seen = await pty.waitFor(/✖ .*\n|Which endpoint\?|How do you want to set the target\?/, 30_000);
      if (!seen.includes("✖ ")) return { code: Number.NaN, output: pty.output() };
      return { code: await pty.exit, output: pty.output() };
    } finally {
      pty.kill();
    }
  }

  it.each([["sagemaker:ListEndpoints"], ["application-autoscaling:DescribeScalableTargets"]])(
    "the endpoint picker, %s repeating its token: exit 1 before any question, two calls",
    async (action) => {
      const operation = action.split(":")[1]!;
      proxy.resetCounts();
      proxy.inject({ operation, repeatNextToken: true, times: -1 });
      const { code, output } = await inTerminal(["init"]);
      expect(code, output).toBe(1);
      const errors = output.split("\n").filter((l) => l.startsWith("✖ "));
      expect(errors, output).toEqual([expect.stringMatching(repeatedToken(action))]);
      expect(output).not.toContain("Which endpoint?");
      expectNoNoise(output);
      expect(proxy.count(operation)).toBe(2);
    },
  );

  it("the metrics read, GetMetricData repeating its token: stopped after two calls, named in one line", async () => {
    proxy.resetCounts();
    proxy.inject({ operation: "GetMetricData", repeatNextToken: true, times: -1 });
    const { output } = await inTerminal([
      "init",
      "--endpoint",
      "term-a",
      "--metric",
      "invocations",
      "--policy-type",
      "target-tracking",
      "--min",
      "1",
      "--max",
      "4",
    ]);
    // Whether init then fails or goes on without a suggestion is init's to decide (the history only feeds a
    // suggestion); the read itself must stop, and say why, in one line.
    const said = output
      .split("\n")
      .filter((l) => l.includes("cloudwatch:GetMetricData sent the same page token"));
    expect(said, output).toEqual([
      expect.stringContaining(
        "cloudwatch:GetMetricData sent the same page token (NextToken) twice, after 2 pages: the listing would never end, so it was stopped",
      ),
    ]);
    expectNoNoise(output);
    expect(proxy.count("GetMetricData")).toBe(2);
  });
});

describe("a reply that is not AWS says so, naming the endpoint variable", () => {
  const region = "mx-central-1";
  beforeAll(async () => {
    await autoscaled(region, "html-a");
  });

  const notAws = (service: string, operation: string, status: number) =>
    new RegExp(
      `^✖ ${service} ${operation} failed: the endpoint ${proxy.url} answered with something that is not AWS \\(HTTP ${status}\\)\\.$`,
    );

  it.each<[string, string, number, number]>([
    // A proxy's 502 page is a server error: the SDK retries it (5 attempts), then gives up.
    ["sagemaker", "ListEndpoints", 502, 5],
    ["application-autoscaling", "DescribeScalingPolicies", 200, 1],
    ["cloudwatch", "DescribeAlarms", 200, 1],
    ["sagemaker", "DescribeEndpoint", 404, 1],
  ])(
    "%s %s answering an HTML page (HTTP %i): exit 1, one line",
    async (service, operation, status, calls) => {
      proxy.resetCounts();
      proxy.inject({ operation, html: true, status, times: -1 });
      const run = await cli(region, ["describe"]);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toBe("");
      expectOneError(run, notAws(service, operation, status));
      expect(run.stderr).toContain(`  AWS_ENDPOINT_URL is set to ${proxy.url}: check it, or unset it`);
      expect(proxy.count(operation)).toBe(calls);
    },
  );
});

describe("FailedResourceAccess on DescribeScalingPolicies is retried with the executor's backoff", () => {
  const region = "mx-central-1";

  it("twice, then success: the read completes, three calls", async () => {
    await autoscaled(region, "fra-a");
    proxy.resetCounts();
    proxy.inject({
      operation: "DescribeScalingPolicies",
      code: "FailedResourceAccessException",
      status: 400,
      // aws/aws-sdk-go issue #1472 (facts doc §9)
      message:
        "Unable to retrieve alarms for scaling policy SageMakerEndpointInvocationScalingPolicy due to reason: Rate exceeded",
      times: 2,
    });
    const run = await cli(region, ["describe", "--json", "--endpoint", "fra-a"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    const json = JSON.parse(run.stdout) as DescribeJson;
    expect(json.variants[0]?.policies.map((p) => p.policyName)).toEqual([BUILT_IN]);
    expect(proxy.count("DescribeScalingPolicies")).toBe(3);
    expect(
      proxy
        .calls()
        .filter((c) => c.operation === "DescribeScalingPolicies")
        .map((c) => c.fault),
    ).toEqual(["FailedResourceAccessException", "FailedResourceAccessException", undefined]);
  });
});

/** What AWS answers a caller without the permission: AccessDenied on CloudWatch's query-compatible protocol. */
function accessDenied(action: string): Pick<FaultRule, "code" | "status" | "message"> {
  const cloudwatch = action.startsWith("cloudwatch:");
  return {
    code: cloudwatch ? "AccessDenied" : "AccessDeniedException",
    status: cloudwatch ? 403 : 400,
    message: `User: arn:aws:sts::123456789012:assumed-role/reader/alice is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
  };
}

describe("describe with an optional read denied: one warning, unknown in the table, null in --json, exit 0", () => {
  const region = "ap-southeast-7";
  beforeAll(async () => {
    await autoscaled(region, "od-a", { scheduled: true });
  });

  const deny = (action: string) =>
    proxy.inject({ operation: action.split(":")[1]!, ...accessDenied(action), times: -1 });

  const cases: [string, string, string, (json: DescribeJson) => void, string][] = [
    [
      "application-autoscaling:DescribeScalingActivities",
      "scaling activities",
      "variants[].activities",
      (json) => expect(json.variants[0]?.activities).toBeNull(),
      "  Scaling activities unknown (not read)",
    ],
    [
      "application-autoscaling:DescribeScheduledActions",
      "scheduled actions",
      "variants[].scheduledActions",
      (json) => expect(json.variants[0]?.scheduledActions).toBeNull(),
      "  Scheduled actions unknown (not read)",
    ],
    [
      "cloudwatch:DescribeAlarms",
      "alarm states",
      "variants[].policies[].alarms[].state",
      (json) => {
        const alarms = json.variants[0]?.policies[0]?.alarms ?? [];
        expect(alarms.length).toBeGreaterThan(0);
        expect(alarms.map((a) => a.state)).toEqual(alarms.map(() => null));
      },
      "    alarms: AlarmHigh unknown, AlarmLow unknown",
    ],
    [
      "sagemaker:DescribeEndpointConfig",
      "variant kinds and instance types",
      "variants[].kind",
      (json) =>
        expect(json.variants[0]).toMatchObject({ kind: null, instanceType: null, currentInstanceCount: 2 }),
      "  unknown kind · InService",
    ],
  ];

  it.each(cases)("%s denied", async (action, what, field, check, tableLine) => {
    const warning = `⚠ Could not read ${what}: access denied to ${action}; shown as unknown.`;
    deny(action);
    const json = await cli(region, ["describe", "--json"]);
    expect(json.code, json.stderr).toBe(0);
    expect(warnings(json)).toEqual([warning]);
    expect(json.stderr.split("\n").filter((l) => l.startsWith("✖"))).toEqual([]);
    const doc = JSON.parse(json.stdout) as DescribeJson;
    check(doc);
    expect(doc.unread).toEqual([{ action, fields: expect.arrayContaining([field]) }]);
    // What was read is all there.
    expect(doc.variants[0]).toMatchObject({ endpointName: "od-a", minCapacity: 1, maxCapacity: 4 });
    expect(doc.variants[0]?.policies.map((p) => p.policyName)).toEqual([BUILT_IN]);

    const table = await cli(region, ["describe"]);
    expect(table.code, table.stderr).toBe(0);
    expect(warnings(table)).toEqual([warning]);
    expect(table.stdout.split("\n")).toContain(tableLine);
    expect(table.stdout).toContain("1 variant autoscaled");
    expectNoNoise(json.stderr + table.stderr);
  });

  it("all four at once: four warnings, and --strict judges what could be read", async () => {
    for (const [action] of cases) deny(action);
    const run = await cli(region, ["describe", "--json", "--strict"]);
    expect(warnings(run)).toHaveLength(4);
    expect((JSON.parse(run.stdout) as DescribeJson).unread.map((u) => u.action)).toEqual(
      cases.map(([a]) => a),
    );
    // od-a is healthy as far as can be seen: no finding, so --strict passes.
    expect(run.code, run.stderr).toBe(0);
  });

  it.each([
    "application-autoscaling:DescribeScalableTargets",
    "application-autoscaling:DescribeScalingPolicies",
    "sagemaker:ListEndpoints",
    "sagemaker:DescribeEndpoint",
  ])("a required read denied (%s): exit 1 naming the action, nothing on stdout", async (action) => {
    deny(action);
    const run = await cli(region, ["describe"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expectOneError(run, new RegExp(`^✖ Access denied: your identity may not call ${action}\\.$`));
  });
});

describe("teardown with a read denied", () => {
  const region = "ap-east-2";

  it("our own alarms cannot be read: a warning, the rest is removed, no alarm call", async () => {
    await autoscaled(region, "td-a", { scheduled: true });
    proxy.resetCounts();
    proxy.inject({ operation: "DescribeAlarms", ...accessDenied("cloudwatch:DescribeAlarms"), times: -1 });
    const run = await cli(region, ["teardown", "--endpoint", "td-a", "--yes"]);
    expect(run.code, run.stderr).toBe(0);
    expect(warnings(run)).toEqual([
      "⚠ Could not read the alarms sm-autoscale creates: access denied to cloudwatch:DescribeAlarms; none is removed (a later teardown with that permission removes any left behind).",
    ]);
    expect(proxy.count("DeleteAlarms")).toBe(0);
    const state = await readState(motoUrl, region);
    expect(state.targets.filter((t) => t.ResourceId.includes("/td-a/"))).toEqual([]);
    expect(state.scheduledActions.filter((a) => a.ResourceId.includes("/td-a/"))).toEqual([]);
    expectNoNoise(run.stdout + run.stderr);
  });

  it("the endpoint's instance count cannot be read: a note, and the plan runs", async () => {
    await autoscaled(region, "td-b");
    proxy.inject({ operation: "DescribeEndpoint", ...accessDenied("sagemaker:DescribeEndpoint"), times: -1 });
    const run = await cli(region, ["teardown", "--endpoint", "td-b", "--yes"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      "Removing autoscaling only: endpoint td-b keeps its current instance count; nothing on the endpoint itself changes.",
    );
    expect(run.stderr).toContain(
      "Could not read the endpoints' instance counts: access denied to sagemaker:DescribeEndpoint; teardown changes only autoscaling either way.",
    );
    const state = await readState(motoUrl, region);
    expect(state.targets.filter((t) => t.ResourceId.includes("/td-b/"))).toEqual([]);
  });
});
