// `sm-autoscale init` end to end: the built CLI as a child process (or in a real pseudo-terminal) against moto
// behind the emulating proxy; the resulting state is read back from moto.
// Regions of this file: us-east-2, ap-southeast-1, me-south-1, ap-east-1.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CLI_BIN, REPO_ROOT, runAwsCli, runCli } from "../support/cli.js";
import { cleanBaseEnv, emulatorEnv, terminalEnv } from "../support/env.js";
import { type EmulatorProxy, startProxy } from "../support/proxy.js";
import { enterSignalAndPolicyType, KEY, spawnPty } from "../support/pty.js";
import { readState, seeder, variantResourceId } from "../support/seed.js";

const motoUrl = inject("motoUrl");
let proxy: EmulatorProxy;

beforeAll(async () => {
  proxy = await startProxy({ upstream: motoUrl });
});
afterAll(async () => {
  await proxy?.stop();
});

const cli = (region: string, ...args: string[]) => runCli(args, { endpoint: proxy.url, region });
const RID = variantResourceId("svc", "AllTraffic");
const BUILT_IN = "SageMakerEndpointInvocationScalingPolicy";

describe("init with flags", () => {
  const region = "us-east-2";
  const seed = seeder(proxy?.url ?? "", region);

  beforeAll(async () => {
    const s = seeder(proxy.url, region);
    await s.seedEndpoint({
      name: "svc",
      variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 2 }],
    });
    await s.seedEndpoint({
      name: "legacy",
      variants: [{ name: "AllTraffic", instanceType: "ml.c5.xlarge", count: 3 }],
    });
    await s.registerTarget({ resourceId: variantResourceId("legacy", "AllTraffic"), min: 2, max: 6 });
    await s.putPolicy("legacy-invocations", variantResourceId("legacy", "AllTraffic"), 500);
  });
  void seed;

  it("registers the target and puts the built-in policy with exactly the given values, in at most 12 API calls", async () => {
    proxy.resetCounts();
    const run = await cli(
      region,
      "init",
      "--endpoint",
      "svc",
      "--min",
      "1",
      "--max",
      "5",
      "--max-rps",
      "12",
      "--scale-in-cooldown",
      "600",
      "--scale-out-cooldown",
      "60",
      "--disable-scale-in",
      "--yes",
    );
    expect(run.stderr).not.toMatch(/Warning|NodeVersionSupport/);
    expect(run.code).toBe(0);
    const calls = proxy.calls().filter((c) => c.region === region);
    // 3 reads of the endpoint and identity, 2 of its autoscaling, 2 of the instance quota (the applied value, else
    // AWS's default: none is seeded here), 3 writes, 2 to read back.
    expect(calls.length).toBeLessThanOrEqual(12);

    const state = await readState(motoUrl, region);
    expect(state.targets.find((t) => t.ResourceId === RID)).toMatchObject({ MinCapacity: 1, MaxCapacity: 5 });
    const policies = state.policies.filter((p) => p.ResourceId === RID);
    expect(policies).toEqual([
      {
        PolicyName: BUILT_IN,
        ResourceId: RID,
        ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
        PolicyType: "TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration: {
          DisableScaleIn: true,
          PredefinedMetricSpecification: { PredefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
          ScaleInCooldown: 600,
          ScaleOutCooldown: 60,
          TargetValue: 360,
        },
      },
    ]);

    // stdout: each step's command, complete and pasteable; stderr: the conversation.
    const commands = run.stdout.split("\n").filter((l) => l.startsWith("aws "));
    expect(commands).toEqual([
      "aws iam create-service-linked-role \\",
      "aws application-autoscaling register-scalable-target \\",
      "aws application-autoscaling put-scaling-policy \\",
    ]);
    expect(run.stdout.match(/--region us-east-2/g)).toHaveLength(3);
    expect(run.stderr).toContain(
      `Acting as arn:aws:sts::123456789012:user/moto in account 123456789012, region ${region}.`,
    );
    expect(run.stderr).toContain("Target: 12 max requests/s per instance × safety factor 0.5 × 60 s = 360");
    expect(run.stderr).toContain("Next: sm-autoscale describe --endpoint svc");
  });

  it("says what registering changes now, and warns above the quota and on a recent ResourceLimitExceeded", async () => {
    const s = seeder(proxy.url, region);
    await s.seedEndpoint({
      name: "busy",
      variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 2 }],
    });
    const busy = variantResourceId("busy", "AllTraffic");
    await s.registerTarget({ resourceId: busy, min: 1, max: 2 });
    proxy.addScalingActivity({
      resourceId: busy,
      region,
      statusCode: "Failed",
      description: "Setting desired instance count to 3.",
      startTime: Date.parse("2026-03-14T09:12:00Z"),
      statusMessage:
        "Failed to set desired instance count to 3. Reason: The account-level service limit 'ml.m5.large for endpoint usage' is 2 Instances, with current utilization of 2 Instances and a request delta of 1 Instances. (Error Code: ResourceLimitExceeded)",
    });
    // The quota sits on the second page of ListServiceQuotas.
    const filler = Array.from({ length: 120 }, (_, i) => ({
      quotaName: `ml.filler${i} for training job usage`,
      quotaCode: `L-F${i}`,
      value: 10,
    }));
    proxy.setServiceQuotas(
      [...filler, { quotaName: "ml.m5.large for endpoint usage", quotaCode: "L-E5L", value: 3 }],
      region,
    );
    const args = ["init", "--endpoint", "busy", "--min", "1", "--target", "100", "--yes"];

    const wide = await cli(region, ...args, "--max", "5");
    expect(wide.code, wide.stderr).toBe(0);
    expect(wide.stderr).toContain("\nRegistering 1–5 keeps the instance count at 2 (ml.m5.large).\n");
    expect(wide.stderr).toContain(
      '⚠ The maximum of 5 is above this account\'s quota of 3 for "ml.m5.large for endpoint usage" in us-east-2, shared by all its endpoints: scale-outs past it fail with ResourceLimitExceeded. Request an increase in Service Quotas (quota code L-E5L).',
    );
    expect(wide.stderr).toContain(
      "⚠ A recent scaling of this variant on 2026-03-14 09:12 UTC hit the account's instance quota: Failed to set desired instance count to 3.",
    );
    expect(wide.stdout).not.toMatch(/Registering|quota/);

    proxy.inject({
      operation: "ServiceQuotas.ListServiceQuotas",
      code: "AccessDeniedException",
      message:
        "User: arn:aws:iam::123456789012:user/moto is not authorized to perform: servicequotas:ListServiceQuotas",
    });
    const narrow = await cli(region, ...args, "--max", "1");
    expect(narrow.code, narrow.stderr).toBe(0);
    expect(narrow.stderr).toContain("⚠ Registering 1–1 scales in now: 2 → 1 (ml.m5.large).");
    expect(narrow.stderr).toContain(
      "servicequotas:ListServiceQuotas is denied to your identity: the maximum was not checked against the account's quota for ml.m5.large.",
    );
    expect((await readState(motoUrl, region)).targets.find((t) => t.ResourceId === busy)).toMatchObject({
      MinCapacity: 1,
      MaxCapacity: 1,
    });
  });

  it("keeps a custom-named policy without --replace-custom-policies, and says so", async () => {
    const legacy = variantResourceId("legacy", "AllTraffic");
    const run = await cli(
      region,
      "init",
      "--endpoint",
      "legacy",
      "--min",
      "2",
      "--max",
      "6",
      "--target",
      "400",
      "--yes",
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('under another name: "legacy-invocations"');
    expect(run.stderr).toContain("Keeping them: pass --replace-custom-policies to delete them.");
    const names = (await readState(motoUrl, region)).policies
      .filter((p) => p.ResourceId === legacy)
      .map((p) => p.PolicyName);
    expect(names.sort()).toEqual([BUILT_IN, "legacy-invocations"]);
  });

  it("replaces it with --replace-custom-policies", async () => {
    const legacy = variantResourceId("legacy", "AllTraffic");
    const run = await cli(
      region,
      "init",
      "--endpoint",
      "legacy",
      "--min",
      "2",
      "--max",
      "6",
      "--target",
      "400",
      "--replace-custom-policies",
      "--yes",
    );
    expect(run.code).toBe(0);
    const policies = (await readState(motoUrl, region)).policies.filter((p) => p.ResourceId === legacy);
    expect(policies.map((p) => p.PolicyName)).toEqual([BUILT_IN]);
    expect(run.stdout).toContain("aws application-autoscaling delete-scaling-policy");
  });

  it("without a terminal and with a value missing: exit 2 naming the flags, and no AWS call", async () => {
    proxy.resetCounts();
    const run = await cli(region, "init", "--endpoint", "svc");
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe(
      "✖ Missing --min, --max, --target (or --max-rps, for invocations), --yes (or --dry-run): required when not running interactively (no terminal).",
    );
    expect(run.stdout).toBe("");
    expect(proxy.calls()).toHaveLength(0);
  });

  it("--dry-run --yes prints a runnable script and changes nothing", async () => {
    const before = await readState(motoUrl, region);
    const run = await cli(
      region,
      "init",
      "--endpoint",
      "svc",
      "--min",
      "3",
      "--max",
      "9",
      "--target",
      "100",
      "--dry-run",
      "--yes",
    );
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith("#!/usr/bin/env bash\n")).toBe(true);
    expect(run.stdout).toContain("--min-capacity 3");
    expect(await readState(motoUrl, region)).toEqual(before);
  });
});

describe("replay: the printed commands do what the SDK path does", () => {
  const sdkRegion = "ap-southeast-1";
  const cliRegion = "me-south-1";
  const args = [
    "--endpoint",
    "svc",
    "--min",
    "2",
    "--max",
    "7",
    "--target",
    "250.5",
    "--scale-in-cooldown",
    "900",
  ];

  beforeAll(async () => {
    for (const region of [sdkRegion, cliRegion]) {
      const s = seeder(proxy.url, region);
      await s.seedEndpoint({
        name: "svc",
        variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 2 }],
      });
      await s.registerTarget({ resourceId: RID, min: 1, max: 3 });
      await s.putPolicy("my custom 'policy' $(whoami)", RID, 80);
    }
  });

  it("init --dry-run, replayed with the aws CLI, gives the same state as init through the SDK", async () => {
    const sdk = await cli(sdkRegion, "init", ...args, "--replace-custom-policies", "--yes");
    expect(sdk.code).toBe(0);

    const dry = await cli(cliRegion, "init", ...args, "--replace-custom-policies", "--dry-run");
    expect(dry.code).toBe(0);
    const replay = await runAwsCli(dry.stdout, emulatorEnv(proxy.url, cliRegion));
    expect(replay.code, replay.stderr).toBe(0);

    const viaSdk = await readState(motoUrl, sdkRegion);
    const viaCli = await readState(motoUrl, cliRegion);
    expect(viaCli).toEqual(viaSdk);
    expect(viaSdk.policies.map((p) => p.PolicyName)).toEqual([BUILT_IN]);
    expect(viaSdk.targets).toMatchObject([{ ResourceId: RID, MinCapacity: 2, MaxCapacity: 7 }]);
  }, 90_000);
});

describe("init, interactive in a real terminal", () => {
  const region = "ap-east-1";

  beforeAll(async () => {
    const s = seeder(proxy.url, region);
    await s.seedEndpoint({
      name: "wizard",
      variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 2 }],
    });
    await s.seedEndpoint({
      name: "other",
      variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 1 }],
    });
    await s.seedEndpoint({
      name: "pending",
      variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 1 }],
    });
    await proxy.setEndpointStatus("pending", "Creating", { region });
    // 25 hours of traffic: 100-129 invocations per instance per minute, 2 % of the minutes at 640 (on 2 instances).
    const values = Array.from({ length: 25 * 60 }, (_, i) => (i % 50 === 0 ? 640 : 100 + (i % 30)));
    await s.putInvocationsHistory("wizard", "AllTraffic", values, new Date(), { instanceCount: 2 });
    for (const name of ["gpu", "drydock"]) {
      await s.seedEndpoint({
        name,
        variants: [{ name: "AllTraffic", instanceType: "ml.g4dn.xlarge", count: 1 }],
      });
    }
    await s.seedEndpoint({
      name: "rerun",
      variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 2 }],
    });
    await s.registerTarget({ resourceId: variantResourceId("rerun", "AllTraffic"), min: 1, max: 4 });
    await s.putPolicy(BUILT_IN, variantResourceId("rerun", "AllTraffic"), 600, {
      scaleInCooldown: 600,
      scaleOutCooldown: 120,
    });
  });

  const ptyEnv = () => terminalEnv(proxy.url, region);
  const terminal = (...args: string[]) => spawnPty("node", [CLI_BIN, "init", ...args], { env: ptyEnv() });
  const policyOf = async (endpoint: string) =>
    (await readState(motoUrl, region)).policies.find(
      (p) => p.ResourceId === variantResourceId(endpoint, "AllTraffic"),
    )?.TargetTrackingScalingPolicyConfiguration;

  it("walks through every question and applies the suggested target", async () => {
    const pty = terminal();
    try {
      await pty.waitFor("Which endpoint?");
      const list = await pty.waitFor("wizard");
      // listed, with its status, but not selectable
      expect(list).toMatch(/pending.*Creating/);
      pty.write("wiz");
      await pty.waitFor(/❯ wizard/);
      pty.write(KEY.enter);
      await pty.waitFor("Reading endpoint wizard");
      await enterSignalAndPolicyType(pty);
      await pty.waitFor("Minimum instances");
      pty.write(KEY.enter); // default: the current count, 2
      await pty.waitFor("Maximum instances");
      pty.write(`${KEY.backspace.repeat(3)}6${KEY.enter}`);
      const basis = await pty.waitFor("How do you want to set the target?");
      expect(basis).toMatch(
        /Suggested 320: \S+ \S+ to \S+ \S+ UTC \(25 h, 100 % of minutes with data\): p99 640, peak 640 invocations per instance per minute/,
      );
      // What each choice would have done on the endpoint's own traffic, before the choice.
      expect(basis).toContain("What each choice would have done over");
      expect(basis).toMatch(/^\s+320 \(suggested\)\s+[\d.,]+\s+\d+/m);
      pty.write(KEY.enter); // the suggestion
      // 1,280 invocations at the p99 minute over a target of 320: 4 instances, within the maximum of 6.
      await pty.waitFor("Target 320 means 4 instances at the p99 minute (1280 invocations)");
      await pty.waitFor("Scale-in cooldown");
      pty.write(KEY.enter);
      await pty.waitFor("Scale-out cooldown");
      pty.write(`${KEY.backspace.repeat(4)}120${KEY.enter}`);
      await pty.waitFor("Disable scale-in");
      pty.write(KEY.enter);
      await pty.waitFor("Registering 2–6 keeps the instance count at 2 (ml.m5.large).");
      await pty.waitFor("Apply these changes? (Y/n)");
      pty.write(KEY.enter);
      await pty.waitFor("Next: sm-autoscale describe --endpoint wizard");
      expect(await pty.exit).toBe(0);
    } finally {
      pty.kill();
    }
    const state = await readState(motoUrl, region);
    const rid = variantResourceId("wizard", "AllTraffic");
    expect(state.targets.filter((t) => t.ResourceId === rid)).toMatchObject([
      { ResourceId: rid, MinCapacity: 2, MaxCapacity: 6 },
    ]);
    expect(state.policies.filter((p) => p.ResourceId === rid)).toMatchObject([
      {
        PolicyName: BUILT_IN,
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 320,
          ScaleInCooldown: 300,
          ScaleOutCooldown: 120,
        },
      },
    ]);
  });

  it("with NO_COLOR, progress still shows, as plain lines instead of a spinner", async () => {
    const pty = spawnPty("node", [CLI_BIN, "init"], {
      env: { ...terminalEnv(proxy.url, region), NO_COLOR: "1" },
    });
    try {
      await pty.waitFor("Which endpoint?");
      pty.write("oth");
      await pty.waitFor(/❯ other/);
      pty.write(KEY.enter);
      await pty.waitFor("Reading endpoint other…\n");
      await enterSignalAndPolicyType(pty);
      await pty.waitFor("Minimum instances");
      pty.write(KEY.ctrlC);
      expect(await pty.exit).toBe(130);
    } finally {
      pty.kill();
    }
    // No spinner frame was drawn (ora's dots), and no colour from sm-autoscale's own lines.
    expect(pty.rawOutput()).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
    expect(pty.rawOutput()).not.toContain("\x1b[31m✖");
  });

  it("takes numbers as people type them: decimals where the value is no count, whole numbers where it is", async () => {
    const pty = terminal("--endpoint", "gpu");
    try {
      await enterSignalAndPolicyType(pty);
      await pty.waitFor("Minimum instances");
      pty.write(`1.5${KEY.enter}`);
      await pty.waitFor("The minimum must be a whole number of instances.");
      pty.write(`${KEY.backspace.repeat(3)}1${KEY.enter}`);
      await pty.waitFor("Maximum instances");
      pty.write(KEY.enter); // the default: 2
      await pty.waitFor("No invocation metrics in the last 14 days: no suggestion from history.");
      await pty.waitFor("How do you want to set the target?");
      pty.write(KEY.enter); // from a load test, the first choice without history
      await pty.waitFor("Max requests per second one instance sustains");
      pty.write(`0.8${KEY.enter}`);
      await pty.waitFor("Safety factor");
      pty.write(`0.5${KEY.enter}`);
      await pty.waitFor(
        "Target 24 = 0.8 max requests/s per instance × safety factor 0.5 × 60 s = 24 invocations per instance per minute.",
      );
      await pty.waitFor("Scale-in cooldown");
      pty.write(`30.5${KEY.enter}`);
      await pty.waitFor("A cooldown must be a whole number of seconds from 0 to 86400.");
      pty.write(`${KEY.backspace.repeat(4)}45${KEY.enter}`);
      await pty.waitFor("Scale-out cooldown");
      pty.write(KEY.enter);
      await pty.waitFor("Disable scale-in");
      pty.write(KEY.enter);
      await pty.waitFor("Registering 1–2 keeps the instance count at 1 (ml.g4dn.xlarge).");
      await pty.waitFor("Apply these changes?");
      pty.write(KEY.enter);
      await pty.waitFor("Next: sm-autoscale describe --endpoint gpu", 20_000);
      expect(await pty.exit).toBe(0);
    } finally {
      pty.kill();
    }
    expect(await policyOf("gpu")).toMatchObject({
      TargetValue: 24,
      ScaleInCooldown: 45,
      ScaleOutCooldown: 300,
    });
  });

  it("a denied GetMetricData is one warning; the wizard goes on to the load-test question (Enter keeps 0.5)", async () => {
    const fault = proxy.inject({
      operation: "CloudWatch.GetMetricData",
      code: "AccessDenied",
      status: 403,
      message:
        "User: arn:aws:iam::123456789012:user/moto is not authorized to perform: cloudwatch:GetMetricData",
      times: -1,
    });
    const pty = terminal("--endpoint", "gpu");
    try {
      await enterSignalAndPolicyType(pty);
      await pty.waitFor("Minimum instances");
      pty.write(KEY.enter);
      await pty.waitFor("Maximum instances");
      pty.write(KEY.enter);
      const warning = await pty.waitFor("How do you want to set the target?");
      expect(warning.match(/⚠/g)).toHaveLength(1);
      expect(warning).toContain(
        "⚠ cloudwatch:GetMetricData is denied to your identity: no suggestion from the invocation history; set the target from a load test or type it.",
      );
      pty.write(KEY.down); // below "Keep 24 (the live target)": from a load test
      await pty.waitFor(/❯ From a load test/);
      pty.write(KEY.enter);
      await pty.waitFor("Max requests per second one instance sustains");
      pty.write(`1.2${KEY.enter}`);
      await pty.waitFor("Safety factor");
      pty.write(KEY.enter); // the default, 0.5
      await pty.waitFor("Target 36 = 1.2 max requests/s per instance × safety factor 0.5 × 60 s");
      for (const question of ["Scale-in cooldown", "Scale-out cooldown", "Disable scale-in"]) {
        await pty.waitFor(question);
        pty.write(KEY.enter);
      }
      await pty.waitFor("Target (invocations per instance per minute)  24 → 36");
      await pty.waitFor("Apply these changes?");
      pty.write(KEY.enter);
      await pty.waitFor("Next: sm-autoscale describe --endpoint gpu", 20_000);
      expect(await pty.exit).toBe(0);
    } finally {
      pty.kill();
      proxy.clearFaults();
    }
    void fault;
    expect(await policyOf("gpu")).toMatchObject({ TargetValue: 36, ScaleInCooldown: 45 });
  });

  it("init --dry-run > plan.sh in a terminal still asks, and the file gets only the script", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "sm-plan-")), "plan.sh");
    const pty = spawnPty(
      "sh",
      ["-c", `exec node '${CLI_BIN}' init --endpoint drydock --dry-run > '${file}'`],
      { env: ptyEnv() },
    );
    try {
      await enterSignalAndPolicyType(pty);
      await pty.waitFor("Minimum instances");
      pty.write(KEY.enter);
      await pty.waitFor("Maximum instances");
      pty.write(`4${KEY.enter}`);
      await pty.waitFor("How do you want to set the target?");
      pty.write(KEY.down);
      await pty.waitFor(/❯ Type the target value myself/);
      pty.write(KEY.enter);
      await pty.waitFor("Target invocations per instance per minute");
      pty.write(`2000000${KEY.enter}`);
      // (inquirer wraps the rest of the line at the terminal's 100 columns)
      await pty.waitFor("The target must be at most 1000000 invocations per instance per minute (that is");
      pty.write(`${KEY.backspace.repeat(7)}99.5${KEY.enter}`);
      for (const question of ["Scale-in cooldown", "Scale-out cooldown", "Disable scale-in"]) {
        await pty.waitFor(question);
        pty.write(KEY.enter);
      }
      await pty.waitFor("Registering 1–4 keeps the instance count at 1 (ml.g4dn.xlarge).");
      await pty.waitFor("Dry run: nothing was changed.");
      expect(await pty.exit).toBe(0);
      expect(pty.output()).not.toContain("#!/usr/bin/env bash");
    } finally {
      pty.kill();
    }
    const script = readFileSync(file, "utf8");
    expect(script.startsWith("#!/usr/bin/env bash\n")).toBe(true);
    expect(script).toContain('"TargetValue":99.5');
    expect(script).not.toContain("Minimum instances");
    expect(
      (await readState(motoUrl, region)).targets.some(
        (t) => t.ResourceId === variantResourceId("drydock", "AllTraffic"),
      ),
    ).toBe(false);
  });

  it("a re-run keeps what is there: Enter everywhere changes nothing; a new target shows before → after", async () => {
    const before = await readState(motoUrl, region);
    const keep = terminal("--endpoint", "rerun");
    try {
      await enterSignalAndPolicyType(keep);
      for (const question of ["Minimum instances", "Maximum instances"]) {
        await keep.waitFor(question);
        keep.write(KEY.enter);
      }
      await keep.waitFor(/❯ Keep 600 \(the live target\)/);
      keep.write(KEY.enter);
      for (const question of ["Scale-in cooldown", "Scale-out cooldown", "Disable scale-in"]) {
        await keep.waitFor(question);
        keep.write(KEY.enter);
      }
      await keep.waitFor(
        "Nothing to change: rerun/AllTraffic already scales 1–4 instances on a target of 600 (cooldowns in 600 s, out 120 s).",
      );
      expect(await keep.exit).toBe(0);
      expect(keep.output()).not.toContain("Apply these changes?");
    } finally {
      keep.kill();
    }
    expect(await readState(motoUrl, region)).toEqual(before);

    const change = terminal("--endpoint", "rerun");
    try {
      await enterSignalAndPolicyType(change);
      for (const question of ["Minimum instances", "Maximum instances"]) {
        await change.waitFor(question);
        change.write(KEY.enter);
      }
      await change.waitFor(/❯ Keep 600 \(the live target\)/);
      change.write(KEY.down + KEY.down);
      await change.waitFor(/❯ Type the target value myself/);
      change.write(KEY.enter);
      await change.waitFor("Target invocations per instance per minute");
      change.write(`450${KEY.enter}`);
      for (const question of ["Scale-in cooldown", "Scale-out cooldown", "Disable scale-in"]) {
        await change.waitFor(question);
        change.write(KEY.enter);
      }
      const shown = await change.waitFor("Apply these changes?");
      expect(shown).toContain("Target (invocations per instance per minute)  600 → 450");
      expect(shown).toContain("Minimum instances                             1 (unchanged)");
      expect(shown).toContain("Scale-in cooldown                             600 s (unchanged)");
      expect(shown).not.toContain("register-scalable-target");
      change.write(KEY.enter);
      await change.waitFor("Next: sm-autoscale describe --endpoint rerun", 20_000);
      expect(await change.exit).toBe(0);
    } finally {
      change.kill();
    }
    expect(await policyOf("rerun")).toMatchObject({
      TargetValue: 450,
      ScaleInCooldown: 600,
      ScaleOutCooldown: 120,
    });
  });

  it("Ctrl-C at a prompt exits 130 and changes nothing", async () => {
    const before = await readState(motoUrl, region);
    const pty = terminal();
    try {
      await pty.waitFor("Which endpoint?");
      pty.write(KEY.enter); // the first in the list: drydock
      await pty.waitFor("Reading endpoint drydock");
      await enterSignalAndPolicyType(pty);
      await pty.waitFor("Minimum instances");
      pty.write(KEY.ctrlC);
      expect(await pty.exit).toBe(130);
      expect(pty.output()).toContain("Cancelled; no changes made.");
    } finally {
      pty.kill();
    }
    expect(await readState(motoUrl, region)).toEqual(before);
  });
});

describe("start-up", () => {
  it("--help loads neither the AWS SDK nor inquirer", () => {
    const log = join(mkdtempSync(join(tmpdir(), "sm-loads-")), "loads.txt");
    const hook = fileURLToPath(new URL("../support/record-loads.mjs", import.meta.url));
    const run = spawnSync("node", ["--import", hook, CLI_BIN, "--help"], {
      cwd: REPO_ROOT,
      env: { ...cleanBaseEnv(), SM_LOAD_LOG: log },
      encoding: "utf8",
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Usage: sm-autoscale");
    const loaded = readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .filter((u) => u.includes("/dist/"));
    expect(loaded.length).toBeGreaterThan(0);
    const code = loaded.map((u) => readFileSync(fileURLToPath(u), "utf8")).join("\n");
    expect(code).toContain("Set up, show and remove automatic scaling");
    for (const marker of ["SageMakerClient", "ApplicationAutoScalingClient", "@inquirer", "createPrompt"]) {
      expect(code, `--help loaded ${marker}`).not.toContain(marker);
    }
  });
});
