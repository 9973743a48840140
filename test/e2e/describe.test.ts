// `sm-autoscale describe` end to end: the built CLI as a child process, against moto behind the test proxy (which
// emulates target-tracking alarms, scaling activities and endpoint statuses, and counts the calls).
//
// Region eu-west-3 holds a small zoo with every finding; ap-south-1 holds 200 endpoints for the scale test.

import { CloudWatchClient, DescribeAlarmsCommand, SetAlarmStateCommand } from "@aws-sdk/client-cloudwatch";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DescribeJson, VariantJson } from "../../src/domain/describe-model.js";
import { shellWords } from "../../src/ui/describe-view.js";
import { CLI_BIN, runCli } from "../support/cli.js";
import { cleanBaseEnv, emulatorEnv } from "../support/env.js";
import { type EmulatorProxy, startProxy } from "../support/proxy.js";
import { spawnPty } from "../support/pty.js";
import { emulatorClientConfig } from "../support/sdk.js";
import {
  DIM_INSTANCES,
  variantResourceId as rid,
  scaleEndpointName,
  seeder,
  seedScaleRegion,
} from "../support/seed.js";

const motoUrl = inject("motoUrl");
const REGION = "eu-west-3";
const BUILT_IN = "SageMakerEndpointInvocationScalingPolicy";
const LIMIT_MESSAGE =
  "Failed to set desired instance count to 6. Reason: The account-level service limit 'ml.m5.large for endpoint " +
  "usage' is 4 Instances, with current utilization of 4 Instances and a request delta of 2 Instances. Please use " +
  "AWS Service Quotas to request an increase for this quota. If AWS Service Quotas is not available, contact AWS " +
  "support to request an increase for this quota. Error Code: ResourceLimitExceeded";

let proxy: EmulatorProxy;

const describeCli = (args: string[], region = REGION) =>
  runCli(["describe", ...args], { endpoint: proxy.url, region, timeoutMs: 60_000 });

async function describeJson(args: string[] = [], region = REGION): Promise<DescribeJson> {
  const result = await describeCli(["--json", ...args], region);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as DescribeJson;
}

/** The region is not changed by the read-only tests below: read it once for all of them. */
let zoo: Promise<DescribeJson> | undefined;
const zooJson = () => {
  zoo ??= describeJson();
  return zoo;
};

const variant = (json: DescribeJson, endpoint: string, variantName = "AllTraffic"): VariantJson => {
  const found = json.variants.find((v) => v.endpointName === endpoint && v.variantName === variantName);
  if (!found) throw new Error(`no variant ${endpoint}/${variantName} in ${JSON.stringify(json.variants)}`);
  return found;
};
const codes = (v: VariantJson) => v.findings.map((f) => f.code);

/** Puts the alarms of these resources in state OK, as CloudWatch does once datapoints arrive. */
async function alarmsOk(region: string, resourceIds: string[]): Promise<void> {
  const cw = new CloudWatchClient(emulatorClientConfig(motoUrl, region));
  try {
    const prefixes = resourceIds.map((id) => `TargetTracking-${id}-`);
    const alarms = await cw.send(new DescribeAlarmsCommand({ MaxRecords: 100 }));
    for (const a of alarms.MetricAlarms ?? []) {
      if (prefixes.some((p) => a.AlarmName?.startsWith(p))) {
        await cw.send(
          new SetAlarmStateCommand({ AlarmName: a.AlarmName, StateValue: "OK", StateReason: "test" }),
        );
      }
    }
  } finally {
    cw.destroy();
  }
}

beforeAll(async () => {
  proxy = await startProxy({ upstream: motoUrl });
  const s = seeder(proxy.url, REGION);
  // Straight to moto: what AWS would refuse today (a burstable target, targets of endpoints that are gone).
  const direct = seeder(motoUrl, REGION);

  await Promise.all([
    s.seedEndpoint({ name: "ep-builtin" }),
    s.seedEndpoint({
      name: "ep-custom",
      variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 2 }],
    }),
    s.seedEndpoint({ name: "ep-async", async: true }),
    s.seedEndpoint({ name: "ep-fixed" }),
    s.seedEndpoint({ name: "ep-paused" }),
    s.seedEndpoint({ name: "ep-burst", variants: [{ name: "AllTraffic", instanceType: "ml.t2.medium" }] }),
    s.seedEndpoint({ name: "ep-failed" }),
    s.seedEndpoint({ name: "ep-idle" }),
    s.seedEndpoint({ name: "ep-new" }),
  ]);

  // Healthy: the built-in policy, alarms OK once data flows.
  await s.registerTarget({ resourceId: rid("ep-builtin", "AllTraffic"), min: 1, max: 4 });
  await s.putPolicy(BUILT_IN, rid("ep-builtin", "AllTraffic"), 100);
  // A custom-named policy beside the built-in one, and a failed scale-out.
  await s.registerTarget({ resourceId: rid("ep-custom", "AllTraffic"), min: 1, max: 6 });
  await s.putPolicy(BUILT_IN, rid("ep-custom", "AllTraffic"), 100);
  await s.putPolicy("InvocationsPerInstanceCustom", rid("ep-custom", "AllTraffic"), 50, {
    scaleInCooldown: 600,
  });
  proxy.addScalingActivity({
    resourceId: rid("ep-custom", "AllTraffic"),
    statusCode: "Successful",
    description: "Setting desired instance count to 4.",
    startTime: "2025-05-30T10:00:00Z",
    region: REGION,
  });
  proxy.addScalingActivity({
    resourceId: rid("ep-custom", "AllTraffic"),
    statusCode: "Failed",
    description: "Setting desired instance count to 6.",
    statusMessage: LIMIT_MESSAGE,
    startTime: "2025-05-31T10:00:00Z",
    region: REGION,
  });
  // Async on InvocationsPerInstance: never fires.
  await s.registerTarget({ resourceId: rid("ep-async", "AllTraffic"), min: 1, max: 3 });
  await s.putPolicy(BUILT_IN, rid("ep-async", "AllTraffic"), 100);
  // Min = max.
  await s.registerTarget({ resourceId: rid("ep-fixed", "AllTraffic"), min: 2, max: 2 });
  await s.putPolicy(BUILT_IN, rid("ep-fixed", "AllTraffic"), 100);
  // Suspended scale-in, with a scheduled action.
  await s.registerTarget({
    resourceId: rid("ep-paused", "AllTraffic"),
    min: 1,
    max: 4,
    suspended: { DynamicScalingInSuspended: true },
  });
  await s.putPolicy(BUILT_IN, rid("ep-paused", "AllTraffic"), 100);
  await s.putScheduledAction({
    name: "nightly-floor",
    resourceId: rid("ep-paused", "AllTraffic"),
    schedule: "cron(0 20 * * ? *)",
    min: 1,
    max: 2,
  });
  // The endpoint failed.
  await s.registerTarget({ resourceId: rid("ep-failed", "AllTraffic"), min: 1, max: 4 });
  await s.putPolicy(BUILT_IN, rid("ep-failed", "AllTraffic"), 100);
  proxy.setEndpointStatus("ep-failed", "Failed", {
    region: REGION,
    failureReason: "The image could not be pulled.",
  });
  proxy.setEndpointStatus("ep-new", "Creating", { region: REGION });
  // Burstable, no policy; two orphans: a deleted endpoint, a variant that no longer exists.
  await direct.registerTarget({ resourceId: rid("ep-burst", "AllTraffic"), min: 1, max: 2 });
  await direct.registerTarget({ resourceId: rid("ep-deleted", "AllTraffic"), min: 1, max: 3 });
  await direct.putPolicy(BUILT_IN, rid("ep-deleted", "AllTraffic"), 100);
  await direct.registerTarget({ resourceId: rid("ep-builtin", "OldVariant"), min: 1, max: 2 });

  await alarmsOk(REGION, [
    rid("ep-builtin", "AllTraffic"),
    rid("ep-fixed", "AllTraffic"),
    rid("ep-paused", "AllTraffic"),
    rid("ep-failed", "AllTraffic"),
  ]);
});

afterAll(async () => {
  expect(proxy.emulationErrors()).toEqual([]);
  await proxy?.stop();
});

describe("describe --json", () => {
  it("has the documented shape: every key, nulls for unknowns, sorted", async () => {
    const json = await zooJson();
    expect(Object.keys(json)).toEqual(["region", "variants", "unscaledEndpoints", "orphans", "unread"]);
    expect(json.unread).toEqual([]);
    expect(json.region).toBe(REGION);
    expect(json.variants.map((v) => `${v.endpointName}/${v.variantName}`)).toEqual([
      "ep-async/AllTraffic",
      "ep-builtin/AllTraffic",
      "ep-builtin/OldVariant",
      "ep-burst/AllTraffic",
      "ep-custom/AllTraffic",
      "ep-deleted/AllTraffic",
      "ep-failed/AllTraffic",
      "ep-fixed/AllTraffic",
      "ep-paused/AllTraffic",
    ]);
    for (const v of json.variants) {
      expect(Object.keys(v)).toEqual([
        "endpointName",
        "variantName",
        "resourceId",
        "scalableDimension",
        "kind",
        "endpointStatus",
        "instanceType",
        "currentInstanceCount",
        "desiredInstanceCount",
        "minCapacity",
        "maxCapacity",
        "suspended",
        "policies",
        "scheduledActions",
        "activities",
        "findings",
        "inferenceComponentName",
        "currentCopyCount",
        "desiredCopyCount",
        "instancePools",
        "shadow",
        "serverless",
        "managedInstanceScaling",
      ]);
      for (const p of v.policies) {
        expect(Object.keys(p)).toEqual([
          "policyName",
          "policyType",
          "builtIn",
          "metric",
          "targetValue",
          "scaleInCooldown",
          "scaleOutCooldown",
          "disableScaleIn",
          "alarms",
          "step",
        ]);
      }
      for (const a of v.scheduledActions ?? []) {
        expect(Object.keys(a)).toEqual([
          "name",
          "schedule",
          "timezone",
          "startTime",
          "endTime",
          "minCapacity",
          "maxCapacity",
          "nextRun",
          "nextRunNote",
        ]);
      }
    }
    expect(json.unscaledEndpoints).toEqual([
      { endpointName: "ep-idle", status: "InService" },
      { endpointName: "ep-new", status: "Creating" },
    ]);
    expect(json.orphans).toEqual([
      { resourceId: rid("ep-builtin", "OldVariant"), scalableDimension: DIM_INSTANCES },
      { resourceId: rid("ep-deleted", "AllTraffic"), scalableDimension: DIM_INSTANCES },
    ]);
    expect(variant(json, "ep-deleted")).toMatchObject({
      kind: null,
      endpointStatus: null,
      instanceType: null,
      currentInstanceCount: null,
      desiredInstanceCount: null,
      minCapacity: 1,
      maxCapacity: 3,
    });
  });

  it("shows a healthy variant completely, with no findings", async () => {
    const json = await zooJson();
    const v = variant(json, "ep-builtin");
    expect(v).toMatchObject({
      resourceId: rid("ep-builtin", "AllTraffic"),
      scalableDimension: DIM_INSTANCES,
      kind: "real-time",
      endpointStatus: "InService",
      instanceType: "ml.m5.large",
      currentInstanceCount: 1,
      desiredInstanceCount: 1,
      minCapacity: 1,
      maxCapacity: 4,
      suspended: {
        dynamicScalingInSuspended: false,
        dynamicScalingOutSuspended: false,
        scheduledScalingSuspended: false,
      },
      scheduledActions: [],
      activities: [],
      findings: [],
    });
    expect(v.policies).toEqual([
      {
        policyName: BUILT_IN,
        policyType: "TargetTrackingScaling",
        builtIn: true,
        metric: "SageMakerVariantInvocationsPerInstance",
        targetValue: 100,
        scaleInCooldown: 300,
        scaleOutCooldown: 300,
        disableScaleIn: false,
        alarms: [
          {
            name: expect.stringMatching(
              /^TargetTracking-endpoint\/ep-builtin\/variant\/AllTraffic-AlarmHigh-/,
            ),
            state: "OK",
          },
          {
            name: expect.stringMatching(
              /^TargetTracking-endpoint\/ep-builtin\/variant\/AllTraffic-AlarmLow-/,
            ),
            state: "OK",
          },
        ],
        step: null,
      },
    ]);
  });

  it("lists every policy of a variant with a custom-named one beside the built-in, and its activities", async () => {
    const v = variant(await zooJson(), "ep-custom");
    expect(v.policies.map((p) => [p.policyName, p.builtIn, p.targetValue, p.scaleInCooldown])).toEqual([
      [BUILT_IN, true, 100, 300],
      ["InvocationsPerInstanceCustom", false, 50, 600],
    ]);
    expect(v.policies.flatMap((p) => p.alarms.map((a) => a.state))).toEqual([
      "INSUFFICIENT_DATA",
      "INSUFFICIENT_DATA",
      "INSUFFICIENT_DATA",
      "INSUFFICIENT_DATA",
    ]);
    expect(v.activities).toEqual([
      {
        startTime: "2025-05-31T10:00:00.000Z",
        statusCode: "Failed",
        description: "Setting desired instance count to 6.",
        statusMessage: LIMIT_MESSAGE,
      },
      {
        startTime: "2025-05-30T10:00:00.000Z",
        statusCode: "Successful",
        description: "Setting desired instance count to 4.",
        statusMessage: "Successfully set desired instance count.",
      },
    ]);
    const [action] = variant(await zooJson(), "ep-paused").scheduledActions ?? [];
    // AWS answers "UTC" when no timezone was set; moto leaves it out.
    expect([null, "UTC"]).toContain(action?.timezone);
    expect([action]).toEqual([
      {
        name: "nightly-floor",
        schedule: "cron(0 20 * * ? *)",
        timezone: action?.timezone,
        startTime: null,
        endTime: null,
        minCapacity: 1,
        maxCapacity: 2,
        // Today's or tomorrow's 20:00 UTC, whichever comes first after the read.
        nextRun: expect.stringMatching(/^\d{4}-\d\d-\d\dT20:00:00\.000Z$/),
        nextRunNote: null,
      },
    ]);
    const next = Date.parse(action?.nextRun ?? "");
    // Counted from the read, which may have been a few minutes before this check.
    expect(next).toBeGreaterThan(Date.now() - 10 * 60_000);
    expect(next - Date.now()).toBeLessThanOrEqual(86_400_000);
  });

  it.each([
    [
      "ep-custom",
      "CUSTOM_POLICY_NAME",
      "warning",
      "sm-autoscale init --endpoint ep-custom --variant AllTraffic --replace-custom-policies --region eu-west-3",
    ],
    [
      "ep-custom",
      "FIGHTING_POLICIES",
      "warning",
      "sm-autoscale init --endpoint ep-custom --variant AllTraffic --replace-custom-policies --region eu-west-3",
    ],
    [
      "ep-custom",
      "FAILED_ACTIVITY",
      "error",
      "aws service-quotas list-service-quotas --service-code sagemaker --query 'Quotas[?QuotaName==`\"ml.m5.large for endpoint usage\"`]' --region eu-west-3",
    ],
    // Alarms just created by AAS have no datapoints yet: expected, so only information.
    [
      "ep-custom",
      "ALARM_INSUFFICIENT_DATA",
      "info",
      expect.stringMatching(
        /^aws cloudwatch list-metrics --namespace AWS\/SageMaker --metric-name InvocationsPerInstance /,
      ),
    ],
    [
      "ep-async",
      "ASYNC_ON_INVOCATIONS",
      "error",
      expect.stringMatching(
        /^aws application-autoscaling delete-scaling-policy --policy-name SageMakerEndpointInvocationScalingPolicy /,
      ),
    ],
    [
      "ep-fixed",
      "MIN_EQUALS_MAX",
      "warning",
      "sm-autoscale init --endpoint ep-fixed --variant AllTraffic --min 2 --max 4 --region eu-west-3",
    ],
    ["ep-paused", "SUSPENDED", "warning", expect.stringContaining("register-scalable-target")],
    [
      "ep-burst",
      "BURSTABLE_INSTANCE",
      "error",
      "sm-autoscale teardown --endpoint ep-burst --variant AllTraffic --region eu-west-3",
    ],
    // init cannot configure a burstable variant: the fix removes the target.
    [
      "ep-burst",
      "NO_SCALING_POLICY",
      "warning",
      "sm-autoscale teardown --endpoint ep-burst --variant AllTraffic --region eu-west-3",
    ],
    [
      "ep-failed",
      "ENDPOINT_NOT_INSERVICE",
      "error",
      "aws sagemaker describe-endpoint --endpoint-name ep-failed --query FailureReason --region eu-west-3",
    ],
    [
      "ep-deleted",
      "ORPHAN_TARGET",
      "warning",
      "sm-autoscale teardown --endpoint ep-deleted --variant AllTraffic --region eu-west-3",
    ],
  ] as const)("finds %s: %s (%s)", async (endpoint, code, severity, fix) => {
    const json = await zooJson();
    const finding = variant(json, endpoint).findings.find((f) => f.code === code);
    expect(finding).toEqual({ severity, code, message: expect.any(String), fix });
  });

  it("each variant gets exactly its findings", async () => {
    const json = await zooJson();
    expect(
      Object.fromEntries(json.variants.map((v) => [`${v.endpointName}/${v.variantName}`, codes(v)])),
    ).toEqual({
      "ep-async/AllTraffic": ["ASYNC_ON_INVOCATIONS"],
      "ep-builtin/AllTraffic": [],
      "ep-builtin/OldVariant": ["ORPHAN_TARGET"],
      "ep-burst/AllTraffic": ["BURSTABLE_INSTANCE", "NO_SCALING_POLICY"],
      "ep-custom/AllTraffic": [
        "FAILED_ACTIVITY",
        "CUSTOM_POLICY_NAME",
        "FIGHTING_POLICIES",
        "ALARM_INSUFFICIENT_DATA",
        "ALARM_INSUFFICIENT_DATA",
      ],
      "ep-deleted/AllTraffic": ["ORPHAN_TARGET"],
      "ep-failed/AllTraffic": ["ENDPOINT_NOT_INSERVICE"],
      "ep-fixed/AllTraffic": ["MIN_EQUALS_MAX"],
      "ep-paused/AllTraffic": ["SUSPENDED"],
    });
    expect(variant(json, "ep-failed").findings[0]?.message).toContain("The image could not be pulled.");
  });

  it("prints the same bytes twice over the same state", async () => {
    const [a, b] = [await describeCli(["--json"]), await describeCli(["--json"])];
    expect(a.stdout).toBe(b.stdout);
  });
});

describe("describe (text)", () => {
  it("piped: plain text blocks, unscaled endpoints, orphans and a summary; exit 0 despite findings", async () => {
    const result = await describeCli([]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const out = result.stdout;
    expect(out).not.toMatch(/\x1b\[/);
    expect(out.split("\n")[0]).toBe("Autoscaling in eu-west-3");
    expect(out).toContain("\nep-custom / AllTraffic\n  real-time · ml.m5.large · InService\n");
    expect(out).toContain(
      "  Policy InvocationsPerInstanceCustom (custom): SageMakerVariantInvocationsPerInstance target 50",
    );
    expect(out).toMatch(/ {4}2025-05-31 10:00Z {2}Failed {6}Setting desired instance count to 6\./);
    expect(out).toContain("Not autoscaled (2)\n  ep-idle  InService\n  ep-new   Creating\n");
    expect(out).toContain("Orphan targets (2)\n  endpoint/ep-builtin/variant/OldVariant");
    expect(out).toMatch(
      /\n7 variants autoscaled, 2 endpoints without autoscaling, 2 orphan targets; 13 findings \(4 errors, 7 warnings, 2 info\)\.\n$/,
    );
  });

  it("on an 80-column terminal: coloured, within 80 columns, fix commands wrapped between shell words", async () => {
    const env = { ...cleanBaseEnv(), ...emulatorEnv(proxy.url, REGION), TERM: "xterm-256color" };
    delete (env as Record<string, string>)["NO_COLOR"];
    const pty = spawnPty(process.execPath, [CLI_BIN, "describe"], { env, cols: 80, rows: 50 });
    expect(await pty.exit).toBe(0);
    expect(pty.rawOutput()).toMatch(/\x1b\[3[13]m/); // red and yellow findings
    // stderr shares the terminal: the spinner ran first (and erased itself); the data starts at the heading.
    const output = pty.output();
    expect(output).toContain("⠋ Reading autoscaling in eu-west-3");
    const lines = output.slice(output.indexOf("Autoscaling in eu-west-3")).split("\n");
    expect(lines.some((l) => l.startsWith("ep-custom / AllTraffic"))).toBe(true);
    // Only a single shell word longer than a line (a quoted JSON argument) may run past it: it is never broken.
    const oneWord = (l: string) => shellWords(l.replace(/ \\$/, "").trim()).length === 1;
    for (const l of lines) if (!oneWord(l)) expect(l.length, l).toBeLessThanOrEqual(80);
    expect(lines.filter((l) => l.endsWith(" \\")).length).toBeGreaterThan(0);
    // The JSON's fix commands, one line each, are what the wrapped lines say, continuations removed.
    const json = await zooJson();
    const wrapped = output.replace(/ \\\n +/g, " ");
    for (const f of json.variants.flatMap((v) => v.findings)) expect(wrapped).toContain(`fix: ${f.fix}`);
  });

  it("--strict exits 3 when there are findings, 0 when there are none", async () => {
    expect((await describeCli(["--strict"])).code).toBe(3);
    const clean = await describeCli(["--strict", "--endpoint", "ep-builtin"]);
    expect(clean.stdout).toContain("1 variant autoscaled; 0 findings.");
    expect(clean.code).toBe(0);
  });
});

describe("describe --endpoint", () => {
  it("reads only that endpoint, without listing the region", async () => {
    proxy.resetCounts();
    const json = await describeJson(["--endpoint", "ep-custom"]);
    expect(json.variants.map((v) => v.resourceId)).toEqual([rid("ep-custom", "AllTraffic")]);
    expect(json.unscaledEndpoints).toEqual([]);
    expect(json.orphans).toEqual([]);
    expect(proxy.count("ListEndpoints")).toBe(0);
    expect(proxy.count("DescribeEndpoint")).toBe(1);
    expect(proxy.count("DescribeScalableTargets")).toBe(1);
  });

  it("an endpoint without autoscaling is listed as such", async () => {
    const json = await describeJson(["--endpoint", "ep-idle"]);
    expect(json).toEqual({
      region: REGION,
      variants: [],
      unscaledEndpoints: [{ endpointName: "ep-idle", status: "InService" }],
      orphans: [],
      unread: [],
    });
  });

  it("a deleted endpoint that still has a target shows the orphan", async () => {
    const json = await describeJson(["--endpoint", "ep-deleted"]);
    expect(json.orphans).toEqual([
      { resourceId: rid("ep-deleted", "AllTraffic"), scalableDimension: DIM_INSTANCES },
    ]);
    expect(codes(json.variants[0]!)).toEqual(["ORPHAN_TARGET"]);
  });

  it("an endpoint that does not exist and has no target: exit 1 with a clear message", async () => {
    const result = await describeCli(["--endpoint", "no-such-endpoint"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain('Endpoint "no-such-endpoint" was not found in eu-west-3.');
  });

  it("a malformed name: exit 2 before any AWS call", async () => {
    proxy.resetCounts();
    const result = await describeCli(["--endpoint", "not_a_name"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--endpoint "not_a_name" is not a valid SageMaker name');
    expect(proxy.calls()).toEqual([]);
  });
});

describe("describe and AWS errors", () => {
  it("an AWS error mid-read: exit 1, naming the call; nothing on stdout", async () => {
    proxy.inject({
      operation: "DescribeScalingPolicies",
      code: "AccessDeniedException",
      message:
        "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: application-autoscaling:DescribeScalingPolicies",
      times: -1,
    });
    try {
      const result = await describeCli(["--json"]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain("application-autoscaling:DescribeScalingPolicies");
    } finally {
      proxy.clearFaults();
    }
  });

  it("throttling is retried by the SDK: the read completes", async () => {
    proxy.inject({ operation: "DescribeScalableTargets", code: "ThrottlingException", times: 2 });
    try {
      const json = await describeJson();
      expect(json.variants).toHaveLength(9);
    } finally {
      proxy.clearFaults();
    }
  });
});

describe("describe at scale: 200 endpoints, 150 autoscaled", () => {
  const SCALE_REGION = "ap-south-1";
  const TOTAL = 200;
  const SCALED = 150;
  /** Endpoints share configs, as blue/green deployments do; it also keeps seeding to the fewest moto calls. */
  const CONFIGS = 10;
  /** Policies put through the proxy get emulated alarms (6 moto calls each); the rest go straight to moto. */
  const WITH_ALARMS = 60;

  beforeAll(async () => {
    const seeded = await seedScaleRegion({
      motoUrl,
      proxyUrl: proxy.url,
      region: SCALE_REGION,
      total: TOTAL,
      scaled: SCALED,
      configs: CONFIGS,
      withAlarms: WITH_ALARMS,
    });
    console.log(
      `[describe scale] seeded ${TOTAL} endpoints (${SCALED} autoscaled, ${WITH_ALARMS} with alarms) in ${seeded.ms} ms`,
    );
  }, 120_000);

  it("is complete, and stays within the batching budget", async () => {
    proxy.resetCounts();
    const result = await describeCli(["--json"], SCALE_REGION);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as DescribeJson;

    expect(json.variants).toHaveLength(SCALED);
    expect(json.unscaledEndpoints).toHaveLength(TOTAL - SCALED);
    expect(json.orphans).toEqual([]);
    expect(json.variants.map((v) => v.endpointName)).toEqual(
      Array.from({ length: SCALED }, (_, i) => scaleEndpointName(i)),
    );
    expect(json.variants.every((v) => v.instanceType === "ml.m5.large" && v.policies[0]?.builtIn)).toBe(true);
    const alarms = json.variants.flatMap((v) => v.policies.flatMap((p) => p.alarms));
    expect(alarms).toHaveLength(2 * WITH_ALARMS);
    expect(alarms.every((a) => a.state === "INSUFFICIENT_DATA")).toBe(true);

    const counts = proxy.countBy();
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(
      `[describe scale] ${total} AWS calls in ${result.ms} ms (wall, CLI start-up included), ` +
        `max ${proxy.maxInFlight()} in flight: ${JSON.stringify(counts)}`,
    );

    // Namespace-wide reads by pages (+1 for an empty last page); one call per endpoint only where the API has no
    // batch form; DescribeEndpointConfig once per distinct config. No target has scaled in the last six weeks, so
    // the first page of the namespace's activities covers every target.
    const budget: Record<string, number> = {
      "ApplicationAutoScaling.DescribeScalableTargets": Math.ceil(SCALED / 50) + 1,
      "ApplicationAutoScaling.DescribeScalingPolicies": Math.ceil(SCALED / 10) + 1,
      "ApplicationAutoScaling.DescribeScheduledActions": 1,
      "ApplicationAutoScaling.DescribeScalingActivities": 1,
      "SageMaker.ListEndpoints": Math.ceil(TOTAL / 100) + 1,
      "SageMaker.DescribeEndpoint": SCALED,
      "SageMaker.DescribeEndpointConfig": CONFIGS,
      "CloudWatch.DescribeAlarms": Math.ceil(alarms.length / 100),
    };
    for (const [operation, n] of Object.entries(counts)) {
      expect(budget[operation], `unexpected operation ${operation}`).toBeDefined();
      expect(n, operation).toBeLessThanOrEqual(budget[operation]!);
    }
    expect(counts["CloudWatch.DescribeAlarms"]).toBe(2);
    expect(proxy.maxInFlight()).toBeLessThanOrEqual(8);
  });
});
