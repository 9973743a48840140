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
import { KEY, spawnPty } from "../support/pty.js";
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

  it("registers the target and puts the built-in policy with exactly the given values, in at most 10 API calls", async () => {
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
    expect(calls.length).toBeLessThanOrEqual(10);

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
      "✖ Missing --min, --max, --target (or --max-rps), --yes (or --dry-run): required when not running interactively (no terminal).",
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
    // Two hours of traffic peaking at 640 invocations per instance per minute.
    const values = Array.from({ length: 120 }, (_, i) => (i === 60 ? 640 : 100 + (i % 30)));
    await s.putInvocationsHistory("wizard", "AllTraffic", values);
  });

  const terminal = () =>
    spawnPty("node", [CLI_BIN, "init"], {
      env: terminalEnv(proxy.url, region),
    });

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
      await pty.waitFor("Minimum instances");
      pty.write(KEY.enter); // default: the current count, 2
      await pty.waitFor("Maximum instances");
      pty.write(`${KEY.backspace.repeat(3)}6${KEY.enter}`);
      const basis = await pty.waitFor("How do you want to set the target?");
      expect(basis).toContain("Suggested 320: last 14 days: peak 640");
      pty.write(KEY.enter); // the suggestion
      await pty.waitFor("Scale-in cooldown");
      pty.write(KEY.enter);
      await pty.waitFor("Scale-out cooldown");
      pty.write(`${KEY.backspace.repeat(4)}120${KEY.enter}`);
      await pty.waitFor("Disable scale-in");
      pty.write(KEY.enter);
      await pty.waitFor("Apply these changes?");
      pty.write(KEY.enter);
      await pty.waitFor("Next: sm-autoscale describe --endpoint wizard");
      expect(await pty.exit).toBe(0);
    } finally {
      pty.kill();
    }
    const state = await readState(motoUrl, region);
    const rid = variantResourceId("wizard", "AllTraffic");
    expect(state.targets).toMatchObject([{ ResourceId: rid, MinCapacity: 2, MaxCapacity: 6 }]);
    expect(state.policies).toMatchObject([
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
      pty.write(KEY.enter); // the first in the list: other
      await pty.waitFor("Reading endpoint other…\n");
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

  it("Ctrl-C at a prompt exits 130 and changes nothing", async () => {
    const before = await readState(motoUrl, region);
    const pty = terminal();
    try {
      await pty.waitFor("Which endpoint?");
      pty.write(KEY.enter); // the first in the list: other
      await pty.waitFor("Reading endpoint other");
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
