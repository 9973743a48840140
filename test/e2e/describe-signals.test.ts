// `sm-autoscale describe` on what the policies scale on, end to end: the built CLI as a child process against a
// moto of its own behind the emulating proxy (every moto region is already used by some other file). The
// autoscaling is made by `sm-autoscale init` and `schedule add` where the tool would have made it, and put directly
// where only a hand-written or copied configuration would be (a sample's per-GPU target, a concurrency policy on an
// async endpoint). Each finding's fix is then run as printed, and describe must no longer find it.

import {
  ApplicationAutoScalingClient,
  DescribeScalingPoliciesCommand,
} from "@aws-sdk/client-application-auto-scaling";
import { CloudWatchClient, DescribeAlarmsCommand, SetAlarmStateCommand } from "@aws-sdk/client-cloudwatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DescribeJson, VariantJson } from "../../src/domain/describe-model.js";
import { CLI_BIN, runAwsCli, runCli } from "../support/cli.js";
import { emulatorEnv } from "../support/env.js";
import { type Moto, startMoto } from "../support/moto.js";
import { type EmulatorProxy, startProxy } from "../support/proxy.js";
import { emulatorClientConfig } from "../support/sdk.js";
import { readState, variantResourceId as rid, seeder } from "../support/seed.js";

const REGION = "eu-west-3";
const BUILT_IN = "SageMakerEndpointInvocationScalingPolicy";
const ENDPOINTS = "/aws/sagemaker/Endpoints";
let moto: Moto;
let proxy: EmulatorProxy;

const cli = (...args: string[]) => runCli(args, { endpoint: proxy.url, region: REGION, timeoutMs: 60_000 });

async function init(...args: string[]): Promise<void> {
  const run = await cli("init", ...args, "--yes");
  expect(run.code, `init ${args.join(" ")}: ${run.stderr}`).toBe(0);
}

async function describeEndpoint(endpoint: string): Promise<VariantJson> {
  const run = await cli("describe", "--json", "--endpoint", endpoint);
  expect(run.code, run.stderr).toBe(0);
  const json = JSON.parse(run.stdout) as DescribeJson;
  expect(json.variants).toHaveLength(1);
  return json.variants[0]!;
}

const findingOf = (v: VariantJson, code: string) => {
  const found = v.findings.find((f) => f.code === code);
  if (!found) throw new Error(`no ${code} in ${JSON.stringify(v.findings)}`);
  return found;
};
const codes = (v: VariantJson) => v.findings.map((f) => f.code);

/**
 * Runs a finding's fix as a user pastes it: in bash, with the aws CLI and the built sm-autoscale against the
 * emulator. `extra` is appended to an sm-autoscale fix: the answers a terminal would have asked for.
 */
async function runFix(fix: string, extra: string[] = []) {
  const script = `sm-autoscale() { "${process.execPath}" "${CLI_BIN}" "$@"; }\n${fix}${extra.length ? ` ${extra.join(" ")}` : ""}\n`;
  const run = await runAwsCli(script, emulatorEnv(proxy.url, REGION));
  expect(run.code, `${fix}\n--- stderr ---\n${run.stderr}`).toBe(0);
  return run;
}

async function setAlarm(name: string, state: "OK" | "ALARM"): Promise<void> {
  const cw = new CloudWatchClient(emulatorClientConfig(moto.url, REGION));
  try {
    await cw.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: state, StateReason: "test" }));
  } finally {
    cw.destroy();
  }
}

async function alarmNames(prefix: string): Promise<string[]> {
  const cw = new CloudWatchClient(emulatorClientConfig(moto.url, REGION));
  try {
    const out = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: prefix, MaxRecords: 100 }));
    return (out.MetricAlarms ?? []).map((a) => a.AlarmName ?? "");
  } finally {
    cw.destroy();
  }
}

const policiesOf = async (resourceId: string) =>
  (await readState(proxy.url, REGION)).policies.filter((p) => p.ResourceId === resourceId);

const gpuMetric = (endpoint: string, metric: string) => ({
  MetricName: metric,
  Namespace: ENDPOINTS,
  Dimensions: [
    { Name: "EndpointName", Value: endpoint },
    { Name: "VariantName", Value: "AllTraffic" },
  ],
  Statistic: "Average" as const,
});

beforeAll(async () => {
  moto = await startMoto();
  proxy = await startProxy({ upstream: moto.url });
  const s = seeder(proxy.url, REGION);
  await Promise.all([
    s.seedEndpoint({ name: "sig-gpu", variants: [{ name: "AllTraffic", instanceType: "ml.g5.12xlarge" }] }),
    s.seedEndpoint({ name: "sig-cpu", variants: [{ name: "AllTraffic", instanceType: "ml.m5.xlarge" }] }),
    s.seedEndpoint({ name: "sig-two", variants: [{ name: "AllTraffic", instanceType: "ml.m5.large" }] }),
    s.seedEndpoint({ name: "sig-async", async: true }),
    s.seedEndpoint({ name: "sig-async-only", async: true }),
    s.seedEndpoint({ name: "sig-step", variants: [{ name: "AllTraffic", instanceType: "ml.m5.large" }] }),
  ]);
}, 120_000);

afterAll(async () => {
  expect(proxy?.emulationErrors()).toEqual([]);
  await proxy?.stop();
  await moto?.stop();
});

describe("UTILIZATION_TARGET_IGNORES_COUNT", () => {
  it("a sample's 60 on GPUUtilization of ml.g5.12xlarge: found, and the printed put-scaling-policy writes 240", async () => {
    await init("--endpoint", "sig-gpu", "--min", "1", "--max", "4", "--target", "100");
    const id = rid("sig-gpu", "AllTraffic");
    await seeder(proxy.url, REGION).putPolicy("gpu-sample", id, 60, {
      customMetric: gpuMetric("sig-gpu", "GPUUtilization"),
    });
    const v = await describeEndpoint("sig-gpu");
    expect(findingOf(v, "UTILIZATION_TARGET_IGNORES_COUNT")).toEqual({
      severity: "warning",
      code: "UTILIZATION_TARGET_IGNORES_COUNT",
      message:
        'Policy "gpu-sample" targets 60 on GPUUtilization, which counts 0–100 per GPU: on ml.g5.12xlarge (4 GPUs) that is 15 % of the instance, so it adds instances until each is about 15 % busy. For 60 % of the instance the target is 240.',
      fix: expect.stringMatching(
        /^aws application-autoscaling put-scaling-policy --policy-name gpu-sample .*--region eu-west-3$/,
      ),
    });
    const sample = async () => (await policiesOf(id)).find((p) => p.PolicyName === "gpu-sample");
    const before = (await sample())?.TargetTrackingScalingPolicyConfiguration;
    expect(before).toMatchObject({
      TargetValue: 60,
      CustomizedMetricSpecification: gpuMetric("sig-gpu", "GPUUtilization"),
    });
    await runFix(findingOf(v, "UTILIZATION_TARGET_IGNORES_COUNT").fix);
    // The same policy, its configuration kept, but for the target.
    expect((await sample())?.TargetTrackingScalingPolicyConfiguration).toEqual({
      ...before,
      TargetValue: 240,
    });
    const after = await describeEndpoint("sig-gpu");
    expect(codes(after)).not.toContain("UTILIZATION_TARGET_IGNORES_COUNT");
    // The built-in policy and the GPU one are two signals: information, not a fight.
    expect(codes(after)).toContain("COMBINED_SIGNALS");
    expect(codes(after)).not.toContain("FIGHTING_POLICIES");
  });

  it("under init's own name (15 % of 4 vCPUs): the fix is init with the percentage, which writes 240", async () => {
    await init("--endpoint", "sig-cpu", "--min", "1", "--max", "3", "--target", "100");
    const id = rid("sig-cpu", "AllTraffic");
    await seeder(proxy.url, REGION).putPolicy("sm-autoscale-cpu-utilization", id, 60, {
      customMetric: gpuMetric("sig-cpu", "CPUUtilization"),
      scaleInCooldown: 600,
    });
    const finding = findingOf(await describeEndpoint("sig-cpu"), "UTILIZATION_TARGET_IGNORES_COUNT");
    expect(finding.fix).toBe(
      "sm-autoscale init --endpoint sig-cpu --variant AllTraffic --metric cpu --target 60 --min 1 --max 3 --scale-in-cooldown 600 --scale-out-cooldown 300 --region eu-west-3",
    );
    const run = await runFix(finding.fix, ["--yes"]);
    expect(run.stderr).toContain("60 % of 4 vCPUs → target 240 on CPUUtilization.");
    const cpu = (await policiesOf(id)).find((p) => p.PolicyName === "sm-autoscale-cpu-utilization");
    expect(cpu?.TargetTrackingScalingPolicyConfiguration).toMatchObject({
      TargetValue: 240,
      ScaleInCooldown: 600,
    });
    expect(codes(await describeEndpoint("sig-cpu"))).not.toContain("UTILIZATION_TARGET_IGNORES_COUNT");
  });
});

describe("COMBINED_SIGNALS and SIGNALS_PULLING_APART", () => {
  const id = rid("sig-two", "AllTraffic");

  it("init's second signal is information: --strict passes", async () => {
    await init("--endpoint", "sig-two", "--min", "1", "--max", "4", "--target", "100");
    await init("--endpoint", "sig-two", "--metric", "cpu", "--min", "1", "--max", "4", "--target", "70");
    const v = await describeEndpoint("sig-two");
    // The alarms AAS just made wait for their first datapoints: information too.
    expect(v.findings.every((f) => f.severity === "info")).toBe(true);
    expect(findingOf(v, "COMBINED_SIGNALS")).toEqual({
      severity: "info",
      code: "COMBINED_SIGNALS",
      message:
        `2 target-tracking policies track different metrics: "${BUILT_IN}" (SageMakerVariantInvocationsPerInstance 100), ` +
        `"sm-autoscale-cpu-utilization" (${ENDPOINTS}/CPUUtilization 140). AWS scales out when any of them asks and in only when all of them agree, so the one that needs the most capacity sets it.`,
      fix: expect.stringMatching(/^aws cloudwatch describe-alarms --alarm-names TargetTracking-/),
    });
    const strict = await cli("describe", "--strict", "--endpoint", "sig-two");
    expect(strict.code, strict.stdout).toBe(0);
    expect(strict.stdout).toContain(
      "\n  info     COMBINED_SIGNALS: 2 target-tracking policies track different metrics",
    );
  });

  it("one asking for more while the other asks for less: a warning naming which, and --strict fails", async () => {
    const aas = new ApplicationAutoScalingClient(emulatorClientConfig(proxy.url, REGION));
    const { ScalingPolicies: policies = [] } = await aas.send(
      new DescribeScalingPoliciesCommand({ ServiceNamespace: "sagemaker", ResourceId: id }),
    );
    aas.destroy();
    const alarm = (policy: string, which: "High" | "Low") =>
      policies
        .find((p) => p.PolicyName === policy)
        ?.Alarms?.find((a) => a.AlarmName?.includes(`-Alarm${which}-`))?.AlarmName ?? "";
    const cpuHigh = alarm("sm-autoscale-cpu-utilization", "High");
    const invocationsLow = alarm(BUILT_IN, "Low");
    expect(cpuHigh).not.toBe("");
    expect(invocationsLow).not.toBe("");
    await setAlarm(cpuHigh, "ALARM");
    await setAlarm(invocationsLow, "ALARM");

    const v = await describeEndpoint("sig-two");
    expect(codes(v)).not.toContain("COMBINED_SIGNALS");
    const apart = findingOf(v, "SIGNALS_PULLING_APART");
    expect(apart.severity).toBe("warning");
    expect(apart.message).toContain(
      `"sm-autoscale-cpu-utilization" (${ENDPOINTS}/CPUUtilization 140) asks for more capacity (its AlarmHigh is in ALARM) while "${BUILT_IN}" (SageMakerVariantInvocationsPerInstance 100) asks for less (its AlarmLow is in ALARM)`,
    );
    // The fix shows both alarms, and why each is in ALARM.
    const shown = await runFix(apart.fix);
    expect(shown.stdout).toContain(cpuHigh);
    expect(shown.stdout).toContain(invocationsLow);
    expect((await cli("describe", "--strict", "--endpoint", "sig-two")).code).toBe(3);

    await setAlarm(cpuHigh, "OK");
    expect(codes(await describeEndpoint("sig-two"))).toContain("COMBINED_SIGNALS");
  });
});

describe("CONCURRENCY_NOT_PUBLISHED", () => {
  const concurrency = (endpoint: string) =>
    seeder(proxy.url, REGION).putPolicy("sm-autoscale-concurrency", rid(endpoint, "AllTraffic"), 4, {
      metric: "SageMakerVariantConcurrentRequestsPerModelHighResolution",
    });

  it("on an async endpoint that tracks its backlog too: deleting it, as printed, leaves the backlog", async () => {
    await init("--endpoint", "sig-async", "--min", "1", "--max", "3", "--target", "5");
    await concurrency("sig-async");
    const v = await describeEndpoint("sig-async");
    const finding = findingOf(v, "CONCURRENCY_NOT_PUBLISHED");
    expect(finding).toMatchObject({
      severity: "warning",
      message: expect.stringContaining("Track ApproximateBacklogSizePerInstance instead."),
      fix: expect.stringMatching(
        /^aws application-autoscaling delete-scaling-policy --policy-name sm-autoscale-concurrency /,
      ),
    });
    // A policy that never acts takes no part in a combination.
    expect(codes(v)).not.toContain("COMBINED_SIGNALS");
    await runFix(finding.fix);
    expect((await policiesOf(rid("sig-async", "AllTraffic"))).map((p) => p.PolicyName)).toEqual([
      "sm-autoscale-async-backlog-per-instance",
    ]);
    expect(codes(await describeEndpoint("sig-async"))).not.toContain("CONCURRENCY_NOT_PUBLISHED");
  });

  it("alone on an async endpoint: init on the backlog, replacing it", async () => {
    await seeder(proxy.url, REGION).registerTarget({
      resourceId: rid("sig-async-only", "AllTraffic"),
      min: 1,
      max: 3,
    });
    await concurrency("sig-async-only");
    const finding = findingOf(await describeEndpoint("sig-async-only"), "CONCURRENCY_NOT_PUBLISHED");
    expect(finding.fix).toBe(
      "sm-autoscale init --endpoint sig-async-only --variant AllTraffic --metric backlog --replace-custom-policies --region eu-west-3",
    );
    await runFix(finding.fix, ["--min", "1", "--max", "3", "--target", "5", "--yes"]);
    expect((await policiesOf(rid("sig-async-only", "AllTraffic"))).map((p) => p.PolicyName)).toEqual([
      "sm-autoscale-async-backlog-per-instance",
    ]);
    expect(codes(await describeEndpoint("sig-async-only"))).not.toContain("CONCURRENCY_NOT_PUBLISHED");
  });
});

describe("STEP_AND_TARGET_TRACKING and the step policy line", () => {
  const id = rid("sig-step", "AllTraffic");

  it("init's step policies beside its target tracking: found, shown, and init --policy-type step leaves one kind", async () => {
    await init("--endpoint", "sig-step", "--min", "1", "--max", "3", "--target", "100");
    // Without a terminal, init keeps the target-tracking policy beside the step ones (it says so).
    await init(
      "--endpoint",
      "sig-step",
      "--metric",
      "cpu",
      "--policy-type",
      "step",
      "--scale-out-above",
      "70",
      "--scale-in-below",
      "30",
      "--min",
      "1",
      "--max",
      "3",
    );
    const v = await describeEndpoint("sig-step");
    const finding = findingOf(v, "STEP_AND_TARGET_TRACKING");
    expect(finding).toEqual({
      severity: "warning",
      code: "STEP_AND_TARGET_TRACKING",
      message:
        'Step policies "sm-autoscale-step-cpu-scale-in", "sm-autoscale-step-cpu-scale-out" and target-tracking policy ' +
        `"${BUILT_IN}" act on the same target, each on its own: a step scale-in can undo what target tracking added, and target tracking can undo a step. Mixing them can fight; keep one kind.`,
      fix: "sm-autoscale init --endpoint sig-step --variant AllTraffic --metric cpu --policy-type step --replace-custom-policies --region eu-west-3",
    });

    // The table says what each step policy does, on its alarm's metric (70 % and 30 % of 2 vCPUs).
    const table = await cli("describe", "--endpoint", "sig-step");
    expect(table.stdout).toContain(
      "  Policy sm-autoscale-step-cpu-scale-in (custom): step scaling, -1 when CPUUtilization < 60, cooldown 300 s\n",
    );
    expect(table.stdout).toContain(
      "  Policy sm-autoscale-step-cpu-scale-out (custom): step scaling, +1 when CPUUtilization > 140, cooldown 300 s\n",
    );

    await runFix(finding.fix, [
      "--scale-out-above",
      "70",
      "--scale-in-below",
      "30",
      "--min",
      "1",
      "--max",
      "3",
      "--yes",
    ]);
    expect((await policiesOf(id)).map((p) => p.PolicyName).sort()).toEqual([
      "sm-autoscale-step-cpu-scale-in",
      "sm-autoscale-step-cpu-scale-out",
    ]);
    expect(await alarmNames("sm-autoscale-sig-step-")).toHaveLength(2);
    expect(codes(await describeEndpoint("sig-step"))).toEqual([]);
  });
});

describe("scheduled actions with their next run", () => {
  it("the table and the JSON say when each runs next, in its time zone, as schedule list does", async () => {
    const add = await cli(
      "schedule",
      "add",
      "--endpoint",
      "sig-cpu",
      "--name",
      "weekday-morning",
      "--schedule",
      "cron(0 8 ? * MON-FRI *)",
      "--timezone",
      "Europe/Berlin",
      "--min",
      "2",
      "--max",
      "3",
      "--yes",
    );
    expect(add.code, add.stderr).toBe(0);
    // One that will not run again: its one run is past (AWS keeps such an action).
    await seeder(proxy.url, REGION).putScheduledAction({
      name: "launch-day",
      resourceId: rid("sig-cpu", "AllTraffic"),
      schedule: "at(2024-01-01T08:00:00)",
      min: 2,
      max: 3,
    });

    const [json, list, table] = await Promise.all([
      describeEndpoint("sig-cpu"),
      cli("schedule", "list", "--endpoint", "sig-cpu", "--json"),
      cli("describe", "--endpoint", "sig-cpu"),
    ]);
    const actions = json.scheduledActions ?? [];
    for (const a of actions) {
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
    const listed = (
      JSON.parse(list.stdout) as { scheduledActions: { name: string; nextRun: string | null }[] }
    ).scheduledActions;
    const weekday = actions.find((a) => a.name === "weekday-morning");
    expect(weekday?.nextRun).toBe(listed.find((a) => a.name === "weekday-morning")?.nextRun);
    expect(weekday?.nextRunNote).toBeNull();
    // 08:00 on a weekday in Berlin, within the next four days.
    const next = new Date(weekday?.nextRun ?? "");
    const berlin = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Berlin",
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).formatToParts(next);
    const part = (type: string) => berlin.find((p) => p.type === type)?.value;
    expect(`${part("hour")}:${part("minute")}`).toBe("08:00");
    expect(["Mon", "Tue", "Wed", "Thu", "Fri"]).toContain(part("weekday"));
    expect(next.getTime() - Date.now()).toBeGreaterThan(0);
    expect(next.getTime() - Date.now()).toBeLessThan(4 * 86_400_000);
    expect(actions.find((a) => a.name === "launch-day")).toMatchObject({
      nextRun: null,
      nextRunNote: "its one run is past",
    });

    const day = `${part("year")}-${part("month")}-${part("day")}`;
    expect(table.stdout).toMatch(
      new RegExp(
        `\\n {2}Scheduled weekday-morning: cron\\(0 8 \\? \\* MON-FRI \\*\\) Europe/Berlin → min 2, max 3 · next: ${day} 08:00 Europe/Berlin \\(in \\d+ (min|h|d)\\)\\n`,
      ),
    );
    expect(table.stdout).toContain(
      "  Scheduled launch-day: at(2024-01-01T08:00:00) → min 2, max 3 · next: none: its one run is past\n",
    );
  });
});
