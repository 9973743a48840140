// Trust under faults a user meets in production: signals (SIGTERM from CI or `docker stop`, SIGHUP from a closed
// terminal) at several moments of `init` and `teardown`; replies lost after AWS applied the write; and other
// writers racing the run (a second `init`, a `teardown`). Each case asserts the exit code, what the run says,
// and the state read back from the emulator: every statement must be true of it.
//
// The proxy holds a chosen call in flight (`hold` rules) until the test releases it, so "a signal while
// RegisterScalableTarget is in flight" or "another init runs meanwhile" is exact, not a guess at timings.
// Regions of this file (no other file uses them: moto keeps state per region for the whole run):
// ap-southeast-6, us-gov-west-1, us-gov-east-1, cn-north-1, cn-northwest-1.

import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { type RunningCli, type RunResult, runCli, startCli, until } from "../support/cli.js";
import { type EmulatorProxy, startProxy } from "../support/proxy.js";
import { type AutoscalingState, readState, seeder, variantResourceId } from "../support/seed.js";

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
const state = (region: string): Promise<AutoscalingState> => readState(proxy.url, region);
const cli = (region: string, args: string[]) => runCli(args, { endpoint: proxy.url, region });
const start = (region: string, args: string[]) => startCli(args, { endpoint: proxy.url, region });

const init = (endpoint: string, min: number, max: number, target: number) => [
  "init",
  "--endpoint",
  endpoint,
  "--min",
  String(min),
  "--max",
  String(max),
  "--target",
  String(target),
  "--yes",
];

async function endpointIn(region: string, name: string): Promise<string> {
  await seeder(proxy.url, region).seedEndpoint({
    name,
    variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 2 }],
  });
  return variantResourceId(name, "AllTraffic");
}

/** An endpoint autoscaled 2 to 6 with the built-in policy at 600 and a scheduled action. */
async function autoscaledIn(region: string, name: string): Promise<string> {
  const rid = await endpointIn(region, name);
  const s = seeder(proxy.url, region);
  await s.registerTarget({ resourceId: rid, min: 2, max: 6 });
  await s.putPolicy(BUILT_IN, rid, 600, { scaleInCooldown: 600, scaleOutCooldown: 120 });
  await s.putScheduledAction({ name: "nightly", resourceId: rid, schedule: "cron(0 20 * * ? *)", min: 1 });
  return rid;
}

/** Holds the next call of `operation` that matches, from now on: inject it before the run starts. */
function hold(operation: string, match?: Record<string, unknown>, when?: () => boolean): string {
  return proxy.inject({ operation, hold: true, ...(match ? { match } : {}), ...(when ? { when } : {}) });
}

/** Waits until the run's call is held (or the run has failed instead). */
async function held(id: string, run: RunningCli): Promise<void> {
  await until(
    () => proxy.held(id) > 0 || run.stderr().includes("✖"),
    "the call to be held",
    () => run.stderr(),
  );
  expect(proxy.held(id), run.stderr()).toBe(1);
}

/** Whether a PutScalingPolicy of this resource has been sent. */
const putOf = (resourceId: string) =>
  proxy.calls().some((c) => c.operation === "PutScalingPolicy" && c.params?.["ResourceId"] === resourceId);

/** The final "✖ …" line of a run. */
const finalLine = (run: RunResult) =>
  run.stderr
    .split("\n")
    .filter((l) => l.startsWith("✖ ") && !l.endsWith(": failed"))
    .at(-1);

const writes = () =>
  proxy
    .calls()
    .filter((c) => /^(Put|Delete|Register|Deregister|Create)/.test(c.operation))
    .map((c) => c.operation);

describe("signals behave like Ctrl-C: finish the step in flight, put back this run's changes, say so", () => {
  const region = "ap-southeast-6";

  it("SIGTERM while init reads (before any change): exit 143, no change", async () => {
    const rid = await endpointIn(region, "sig-read");
    proxy.resetCounts();
    const id = hold("SageMaker.DescribeEndpoint");
    const run = start(region, init("sig-read", 1, 4, 300));
    await held(id, run);
    // Not released: whenever the signal is handled, the run must end on its own, before any change.
    run.kill("SIGTERM");
    const result = await run.result;
    expect(result.code, result.stderr).toBe(143);
    expect(finalLine(result)).toBe("✖ Terminated (SIGTERM); no changes made.");
    expect(writes()).toEqual([]);
    expect((await state(region)).targets.filter((t) => t.ResourceId === rid)).toEqual([]);
  });

  it("SIGTERM while RegisterScalableTarget is in flight: it finishes, is undone, exit 143", async () => {
    const rid = await endpointIn(region, "sig-register");
    const id = hold("RegisterScalableTarget");
    const run = start(region, init("sig-register", 1, 4, 300));
    await held(id, run);
    run.kill("SIGTERM");
    await until(
      () => run.stderr().includes("Terminated (SIGTERM): finishing the step in flight"),
      "the run to acknowledge SIGTERM",
      () => run.stderr(),
    );
    proxy.release(id);
    const result = await run.result;
    expect(result.code, result.stderr).toBe(143);
    expect(finalLine(result)).toBe(
      "✖ Terminated (SIGTERM); this run's 1 change(s) were rolled back: the autoscaling is as it was before.",
    );
    const after = await state(region);
    expect(after.targets.filter((t) => t.ResourceId === rid)).toEqual([]);
    expect(after.policies.filter((p) => p.ResourceId === rid)).toEqual([]);
  });

  it("SIGHUP (the terminal closed) while the policy is put on a configured variant: the old settings come back, exit 129", async () => {
    const rid = await autoscaledIn(region, "sig-hup");
    const before = await state(region);
    const id = hold("PutScalingPolicy");
    const run = start(region, init("sig-hup", 1, 4, 300));
    await held(id, run);
    run.kill("SIGHUP");
    await until(
      () => run.stderr().includes("Hung up (SIGHUP): finishing the step in flight"),
      "the run to acknowledge SIGHUP",
      () => run.stderr(),
    );
    proxy.release(id);
    const result = await run.result;
    expect(result.code, result.stderr).toBe(129);
    expect(finalLine(result)).toBe(
      "✖ Hung up (SIGHUP); this run's 2 change(s) were rolled back: the autoscaling is as it was before.",
    );
    const after = await state(region);
    const of = (s: AutoscalingState) => ({
      targets: s.targets.filter((t) => t.ResourceId === rid),
      policies: s.policies.filter((p) => p.ResourceId === rid),
      scheduledActions: s.scheduledActions.filter((a) => a.ResourceId === rid),
    });
    expect(of(after)).toEqual(of(before));
  });

  it("SIGTERM while teardown deregisters: the target, its policy and scheduled action come back, exit 143", async () => {
    const rid = await autoscaledIn(region, "sig-teardown");
    const before = await state(region);
    const id = hold("DeregisterScalableTarget");
    const run = start(region, ["teardown", "--endpoint", "sig-teardown", "--yes"]);
    await held(id, run);
    run.kill("SIGTERM");
    await until(
      () => run.stderr().includes("finishing the step in flight"),
      "the run to acknowledge SIGTERM",
      () => run.stderr(),
    );
    proxy.release(id);
    const result = await run.result;
    expect(result.code, result.stderr).toBe(143);
    expect(finalLine(result)).toBe(
      "✖ Terminated (SIGTERM); this run's 3 change(s) were rolled back: the autoscaling is as it was before.",
    );
    const after = await state(region);
    expect(after.targets.filter((t) => t.ResourceId === rid)).toEqual(
      before.targets.filter((t) => t.ResourceId === rid),
    );
    expect(after.policies.filter((p) => p.ResourceId === rid)).toEqual(
      before.policies.filter((p) => p.ResourceId === rid),
    );
    expect(after.scheduledActions.filter((a) => a.ResourceId === rid)).toEqual(
      before.scheduledActions.filter((a) => a.ResourceId === rid),
    );
  });

  it("SIGTERM after init applied everything (while it reads the result back): exit 143, and it says the change is complete", async () => {
    const rid = await endpointIn(region, "sig-after");
    // The read-back once the policy is in place: DescribeScalableTargets of this variant, once more.
    const id = hold("DescribeScalableTargets", { ResourceIds: [rid] }, () => putOf(rid));
    const run = start(region, init("sig-after", 1, 4, 300));
    await held(id, run);
    // Not released: the run must end on its own; every change is already applied.
    run.kill("SIGTERM");
    const result = await run.result;
    expect(result.code, result.stderr).toBe(143);
    expect(finalLine(result)).toBe("✖ Terminated (SIGTERM) after every change was applied.");
    const after = await state(region);
    expect(after.policies.filter((p) => p.ResourceId === rid).map((p) => p.PolicyName)).toEqual([BUILT_IN]);
  });
});

describe("a write whose reply is lost after AWS applied it: read back, and carry on", () => {
  const region = "us-gov-west-1";

  it.each([
    ["RegisterScalableTarget", "lost-register"],
    ["PutScalingPolicy", "lost-put"],
  ])("init: every reply of %s lost", async (operation, name) => {
    const rid = await endpointIn(region, name);
    // Every try's reply is lost, the SDK's retries included: only a read can tell what happened.
    proxy.inject({ operation, phase: "after", drop: true, times: -1 });
    const result = await cli(region, init(name, 1, 4, 300));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/its reply was lost; read back: done/);
    const after = await state(region);
    expect(after.targets.filter((t) => t.ResourceId === rid)).toMatchObject([
      { MinCapacity: 1, MaxCapacity: 4 },
    ]);
    expect(after.policies.filter((p) => p.ResourceId === rid)).toMatchObject([
      { PolicyName: BUILT_IN, TargetTrackingScalingPolicyConfiguration: { TargetValue: 300 } },
    ]);
  });

  it("teardown: every reply of DeregisterScalableTarget lost", async () => {
    const rid = await autoscaledIn(region, "lost-deregister");
    proxy.inject({ operation: "DeregisterScalableTarget", phase: "after", drop: true, times: -1 });
    const result = await cli(region, ["teardown", "--endpoint", "lost-deregister", "--yes"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Deregister the scalable target .*its reply was lost; read back: done/);
    expect(result.stderr).toContain("Removed the autoscaling of 1 scalable target");
    expect((await state(region)).targets.filter((t) => t.ResourceId === rid)).toEqual([]);
  });

  it("init: the reply is lost and the read-back fails too: it says the change may or may not be in place, never 'as before'", async () => {
    const rid = await endpointIn(region, "lost-unknown");
    proxy.inject({ operation: "PutScalingPolicy", phase: "after", drop: true, times: -1 });
    // Once the policy has been put, reading policies fails as well (the network went away).
    proxy.inject({
      operation: "DescribeScalingPolicies",
      when: () => putOf(rid),
      drop: true,
      times: -1,
    });
    const result = await cli(region, init("lost-unknown", 1, 4, 300));
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).not.toContain("as it was before");
    expect(result.stderr).not.toContain("No autoscaling had been changed");
    expect(result.stderr).toMatch(
      /Left the scaling policy "SageMakerEndpointInvocationScalingPolicy" of endpoint\/lost-unknown\/variant\/AllTraffic as it is: could not read it/,
    );
    // The target is left too: it could not be read either, so nothing is decided about it.
    expect(result.stderr).toMatch(
      /Left the scalable target endpoint\/lost-unknown\/variant\/AllTraffic as it is: could not read it/,
    );
    proxy.clearFaults();
    const after = await state(region);
    expect(after.policies.filter((p) => p.ResourceId === rid)).toHaveLength(1);
    expect(after.targets.filter((t) => t.ResourceId === rid)).toHaveLength(1);
  });
});

describe("a successful apply whose read-back fails", () => {
  const region = "us-gov-east-1";

  it("still exits 0 and says the changes are in place", async () => {
    const rid = await endpointIn(region, "readback-fails");
    proxy.inject({
      operation: "DescribeScalableTargets",
      when: () => putOf(rid),
      code: "AccessDeniedException",
      message: "User: u is not authorized to perform: application-autoscaling:DescribeScalableTargets",
      times: -1,
    });
    const result = await cli(region, init("readback-fails", 1, 4, 300));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      "⚠ The changes above are in place, but reading them back failed: Access denied: your identity may not call application-autoscaling:DescribeScalableTargets. See them with `sm-autoscale describe --endpoint readback-fails`.",
    );
    proxy.clearFaults();
    expect((await state(region)).policies.filter((p) => p.ResourceId === rid)).toHaveLength(1);
  });
});

describe("other writers racing the run: the final state and every message are true", () => {
  const region = "cn-north-1";

  it("two inits on one variant: the one that fails leaves the other's configuration alone, and says so", async () => {
    const rid = await endpointIn(region, "race-init");
    const putA = hold("PutScalingPolicy", {
      TargetTrackingScalingPolicyConfiguration: { TargetValue: 300 },
    });
    const a = start(region, init("race-init", 1, 4, 300));
    await held(putA, a);
    // B runs start to finish while A's policy call is in flight.
    const b = await cli(region, init("race-init", 2, 6, 500));
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toMatch(/Scalable target\s+2 to 6 instances/);
    // A's call then fails (AWS refuses it): A must not deregister the target B now relies on.
    proxy.release(putA, {
      code: "AccessDeniedException",
      message:
        "User: arn:aws:sts::123456789012:assumed-role/dev/a is not authorized to perform: application-autoscaling:PutScalingPolicy",
    });
    const result = await a.result;
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(
      "Left the scalable target endpoint/race-init/variant/AllTraffic as it is: another writer changed it after this run did (now 2 to 6).",
    );
    expect(result.stderr).not.toContain("as it was before");
    const after = await state(region);
    expect(after.targets.filter((t) => t.ResourceId === rid)).toMatchObject([
      { MinCapacity: 2, MaxCapacity: 6 },
    ]);
    expect(after.policies.filter((p) => p.ResourceId === rid)).toMatchObject([
      { PolicyName: BUILT_IN, TargetTrackingScalingPolicyConfiguration: { TargetValue: 500 } },
    ]);
  });

  it("init during teardown: the teardown that fails leaves what init wrote meanwhile, and says so", async () => {
    const rid = await autoscaledIn(region, "race-teardown");
    const deregister = hold("DeregisterScalableTarget");
    const t = start(region, ["teardown", "--endpoint", "race-teardown", "--yes"]);
    await held(deregister, t);
    // Teardown has deleted the policy and the scheduled action; init now configures the variant afresh.
    const i = await cli(region, init("race-teardown", 3, 5, 700));
    expect(i.code, i.stderr).toBe(0);
    proxy.release(deregister, {
      code: "AccessDeniedException",
      message:
        "User: arn:aws:sts::123456789012:assumed-role/dev/t is not authorized to perform: application-autoscaling:DeregisterScalableTarget",
    });
    const result = await t.result;
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(
      'Left the scaling policy "SageMakerEndpointInvocationScalingPolicy" of endpoint/race-teardown/variant/AllTraffic as it is: another writer changed it after this run did (now target value 700).',
    );
    expect(result.stderr).not.toContain("as it was before");
    const after = await state(region);
    expect(after.targets.filter((x) => x.ResourceId === rid)).toMatchObject([
      { MinCapacity: 3, MaxCapacity: 5 },
    ]);
    expect(after.policies.filter((p) => p.ResourceId === rid)).toMatchObject([
      { PolicyName: BUILT_IN, TargetTrackingScalingPolicyConfiguration: { TargetValue: 700 } },
    ]);
    // The scheduled action init does not write was put back: nobody else had touched it.
    expect(
      after.scheduledActions.filter((a) => a.ResourceId === rid).map((a) => a.ScheduledActionName),
    ).toEqual(["nightly"]);
  });
});

describe("names from AWS reach the terminal printable", () => {
  const region = "cn-northwest-1";

  it("a ResourceId with a carriage return, a line break and a tab (AWS's pattern allows them) is shown escaped, and removed exactly", async () => {
    // Registered straight at moto: an orphan no endpoint could have, as another tool might leave it.
    const rid = "endpoint/evil\rFORGED\n✔ Removed/variant/All\tTraffic";
    await seeder(motoUrl, region).registerTarget({ resourceId: rid, min: 1, max: 2 });
    const described = await cli(region, ["describe"]);
    expect(described.code, described.stderr).toBe(0);
    expect(described.stdout).toContain("endpoint/evil\\rFORGED\\n✔ Removed/variant/All\\tTraffic");
    expect(described.stdout).not.toMatch(/[\r\t]/);
    expect(described.stdout).not.toMatch(/^✔ Removed/m);
    const json = await cli(region, ["describe", "--json"]);
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain(JSON.stringify(rid).slice(1, -1));
    const removed = await cli(region, ["teardown", "--all", "--yes"]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stderr).toContain("endpoint/evil\\rFORGED\\n✔ Removed/variant/All\\tTraffic");
    expect(removed.stderr).not.toMatch(/[\r\t]/);
    expect(removed.stderr).not.toMatch(/^✔ Removed\//m);
    expect((await state(region)).targets).toEqual([]);
  });
});
