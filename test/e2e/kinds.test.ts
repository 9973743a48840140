// `init` for every kind of endpoint (domain/scaling-kinds.ts), end to end: the built CLI against the emulator,
// with flags through the SDK in one region, and its --dry-run script replayed with the aws CLI in another; both
// must leave the same state, alarms included (their actions read back as "the policy X of R", so the ARNs of the
// two regions compare). A few runs drive the real wizard in a pseudo-terminal.
// Regions of this file: us-isof-east-1 (SDK), us-isof-south-1 (aws CLI replay). No other file uses them.

import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CLI_BIN, runAwsCli, runCli } from "../support/cli.js";
import { emulatorEnv, terminalEnv } from "../support/env.js";
import { type EmulatorProxy, startProxy } from "../support/proxy.js";
import { enterSignalAndPolicyType, KEY, spawnPty } from "../support/pty.js";
import {
  type AutoscalingState,
  inferenceComponentResourceId,
  readState,
  type SeedEndpointSpec,
  seeder,
  variantResourceId,
} from "../support/seed.js";

const motoUrl = inject("motoUrl");
const SDK_REGION = "us-isof-east-1";
const CLI_REGION = "us-isof-south-1";
let proxy: EmulatorProxy;

beforeAll(async () => {
  proxy = await startProxy({ upstream: motoUrl });
  for (const region of [SDK_REGION, CLI_REGION]) {
    const s = seeder(proxy.url, region);
    for (const spec of Object.values(ENDPOINTS)) await s.seedEndpoint(spec);
  }
});
afterAll(async () => {
  await proxy?.stop();
});

const ENDPOINTS = {
  async: {
    name: "kinds-async",
    async: true,
    variants: [{ name: "AllTraffic", instanceType: "ml.g4dn.xlarge", count: 1 }],
  },
  serverless: {
    name: "kinds-pc",
    serverless: { memory: 2048, maxConcurrency: 10, provisionedConcurrency: 2 },
  },
  onDemand: { name: "kinds-on-demand", serverless: { memory: 2048, maxConcurrency: 5 } },
  components: {
    name: "kinds-ic",
    inferenceComponents: {
      instanceType: "ml.g5.2xlarge",
      count: 1,
      managedScaling: { min: 0, max: 4 },
      components: [
        { name: "kinds-chat", copies: 1 },
        { name: "kinds-embed", copies: 1 },
        { name: "kinds-wizard", copies: 1 },
      ],
    },
  },
  cpu: {
    name: "kinds-cpu",
    variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 1 }],
  },
  step: {
    name: "kinds-step",
    variants: [{ name: "AllTraffic", instanceType: "ml.c5.xlarge", count: 1 }],
  },
  gpu: {
    name: "kinds-gpu",
    variants: [{ name: "AllTraffic", instanceType: "ml.g5.12xlarge", count: 1 }],
  },
  pools: {
    name: "kinds-pools",
    variants: [
      {
        name: "AllTraffic",
        count: 1,
        pools: [
          { instanceType: "ml.g5.xlarge", priority: 1 },
          { instanceType: "ml.g6.xlarge", priority: 2 },
        ],
      },
    ],
  },
} satisfies Record<string, SeedEndpointSpec>;

/** The state of the resources one endpoint's autoscaling touches. */
function stateOf(state: AutoscalingState, resourceId: string, alarmPrefix: string) {
  return {
    targets: state.targets.filter((t) => t.ResourceId === resourceId),
    policies: state.policies.filter((p) => p.ResourceId === resourceId),
    alarms: (state.alarms ?? []).filter((a) => a.AlarmName.startsWith(alarmPrefix)),
  };
}

/** init with these flags through the SDK, and its --dry-run script through the aws CLI: the same state. */
async function sdkAndScript(args: string[], resourceId: string, alarmPrefix: string) {
  const sdk = await runCli(["init", ...args, "--yes"], { endpoint: proxy.url, region: SDK_REGION });
  expect(sdk.code, sdk.stderr).toBe(0);
  const dry = await runCli(["init", ...args, "--dry-run"], { endpoint: proxy.url, region: CLI_REGION });
  expect(dry.code, dry.stderr).toBe(0);
  const replay = await runAwsCli(dry.stdout, emulatorEnv(proxy.url, CLI_REGION));
  expect(replay.code, `${dry.stdout}\n--- stderr ---\n${replay.stderr}`).toBe(0);
  const viaSdk = stateOf(await readState(proxy.url, SDK_REGION), resourceId, alarmPrefix);
  const viaCli = stateOf(await readState(proxy.url, CLI_REGION), resourceId, alarmPrefix);
  expect(viaCli).toEqual(viaSdk);
  return { sdk, dry, state: viaSdk };
}

describe("init for each kind: the SDK run and the replayed --dry-run script leave the same state", () => {
  it("async at a minimum of 0: backlog policy, step policy, and the alarm pointed at it", async () => {
    const rid = variantResourceId("kinds-async", "AllTraffic");
    const { state, dry } = await sdkAndScript(
      ["--endpoint", "kinds-async", "--min", "0", "--max", "3", "--target", "5"],
      rid,
      "sm-autoscale-kinds-async-",
    );
    expect(state.targets).toMatchObject([{ MinCapacity: 0, MaxCapacity: 3 }]);
    expect(state.policies.map((p) => p.PolicyName).sort()).toEqual([
      "sm-autoscale-async-backlog-per-instance",
      "sm-autoscale-async-scale-out-from-zero",
    ]);
    expect(state.alarms).toEqual([
      expect.objectContaining({
        AlarmName: "sm-autoscale-kinds-async-has-backlog-without-capacity",
        MetricName: "HasBacklogWithoutCapacity",
        AlarmActions: [`the policy sm-autoscale-async-scale-out-from-zero of ${rid}`],
      }),
    ]);
    expect(dry.stdout).toMatch(/^WAKE_POLICY_ARN=\$\(aws application-autoscaling put-scaling-policy \\$/m);
    expect(dry.stderr).toContain("At zero instances, requests wait in the queue");
  });

  it("serverless with provisioned concurrency: its own dimension and metric", async () => {
    const rid = variantResourceId("kinds-pc", "AllTraffic");
    const { state } = await sdkAndScript(
      ["--endpoint", "kinds-pc", "--min", "1", "--max", "8", "--target", "0.7"],
      rid,
      "sm-autoscale-kinds-pc-",
    );
    expect(state.targets).toMatchObject([
      {
        ScalableDimension: "sagemaker:variant:DesiredProvisionedConcurrency",
        MinCapacity: 1,
        MaxCapacity: 8,
      },
    ]);
    expect(state.policies).toMatchObject([
      {
        PolicyName: "sm-autoscale-provisioned-concurrency",
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 0.7,
          PredefinedMetricSpecification: {
            PredefinedMetricType: "SageMakerVariantProvisionedConcurrencyUtilization",
          },
        },
      },
    ]);
  });

  it("an inference component at a minimum of 0: copies, and the no-capacity alarm", async () => {
    const rid = inferenceComponentResourceId("kinds-chat");
    const { state, sdk } = await sdkAndScript(
      [
        "--endpoint",
        "kinds-ic",
        "--inference-component",
        "kinds-chat",
        "--min",
        "0",
        "--max",
        "4",
        "--target",
        "10",
      ],
      rid,
      "sm-autoscale-kinds-chat-",
    );
    expect(state.targets).toMatchObject([
      { ScalableDimension: "sagemaker:inference-component:DesiredCopyCount", MinCapacity: 0, MaxCapacity: 4 },
    ]);
    expect(state.alarms).toEqual([
      expect.objectContaining({
        AlarmName: "sm-autoscale-kinds-chat-no-capacity-invocation-failures",
        MetricName: "NoCapacityInvocationFailures",
        AlarmActions: [`the policy sm-autoscale-ic-scale-out-from-zero of ${rid}`],
      }),
    ]);
    expect(sdk.stderr).toContain("managed instance scaling 0 to 4 instances");
    expect(sdk.stderr).toContain("requests FAIL until a copy is up");
  });

  it("a heterogeneous variant (instance pools) scales its instances with the built-in policy", async () => {
    const rid = variantResourceId("kinds-pools", "AllTraffic");
    const { state } = await sdkAndScript(
      ["--endpoint", "kinds-pools", "--min", "1", "--max", "3", "--target", "120"],
      rid,
      "sm-autoscale-kinds-pools-",
    );
    expect(state.policies.map((p) => p.PolicyName)).toEqual(["SageMakerEndpointInvocationScalingPolicy"]);
  });
});

describe("--metric on each kind that offers it: the same state through the SDK and the script", () => {
  it("cpu on ml.m5.large: --target 60 is 120 on CPUUtilization (2 vCPUs)", async () => {
    const rid = variantResourceId("kinds-cpu", "AllTraffic");
    const { state, sdk } = await sdkAndScript(
      ["--endpoint", "kinds-cpu", "--metric", "cpu", "--min", "1", "--max", "3", "--target", "60"],
      rid,
      "sm-autoscale-kinds-cpu-",
    );
    expect(state.policies).toMatchObject([
      {
        PolicyName: "sm-autoscale-cpu-utilization",
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 120,
          CustomizedMetricSpecification: {
            MetricName: "CPUUtilization",
            Namespace: "/aws/sagemaker/Endpoints",
          },
        },
      },
    ]);
    expect(sdk.stderr).toContain("60 % of 2 vCPUs → target 120 on CPUUtilization.");
  });

  it.each([
    ["gpu", "GPUUtilization", 200],
    ["gpu-memory", "GPUMemoryUtilization", 200],
    ["memory", "MemoryUtilization", 50],
  ])("%s on ml.g5.12xlarge (4 GPUs): --target 50", async (metric, metricName, written) => {
    const rid = variantResourceId("kinds-gpu", "AllTraffic");
    const { state } = await sdkAndScript(
      ["--endpoint", "kinds-gpu", "--metric", metric, "--min", "1", "--max", "3", "--target", "50"],
      rid,
      "sm-autoscale-kinds-gpu-",
    );
    expect(state.policies.find((p) => p.PolicyName === `sm-autoscale-${metric}-utilization`)).toMatchObject({
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: written,
        CustomizedMetricSpecification: { MetricName: metricName },
      },
    });
  });

  it("concurrency on an inference component: requests per copy, every 10 s", async () => {
    const rid = inferenceComponentResourceId("kinds-embed");
    const { state } = await sdkAndScript(
      [
        "--endpoint",
        "kinds-ic",
        "--inference-component",
        "kinds-embed",
        "--metric",
        "concurrency",
        "--min",
        "1",
        "--max",
        "3",
        "--target",
        "4",
      ],
      rid,
      "sm-autoscale-kinds-embed-",
    );
    expect(state.policies).toMatchObject([
      {
        PolicyName: "sm-autoscale-concurrency-per-copy",
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 4,
          PredefinedMetricSpecification: {
            PredefinedMetricType: "SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution",
          },
        },
      },
    ]);
  });

  it("a metric the kind does not offer: exit 2 naming those it does", async () => {
    const run = await runCli(
      [
        "init",
        "--endpoint",
        "kinds-pc",
        "--metric",
        "cpu",
        "--min",
        "1",
        "--max",
        "3",
        "--target",
        "50",
        "--yes",
      ],
      { endpoint: proxy.url, region: SDK_REGION },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "--metric cpu does not apply to a serverless variant (provisioned concurrency): use provisioned-concurrency.",
    );
  });
});

describe("--policy-type step: the same state through the SDK and the script", () => {
  const rid = variantResourceId("kinds-step", "AllTraffic");
  const stepArgs = (inBelow: string) => [
    "--endpoint",
    "kinds-step",
    "--metric",
    "cpu",
    "--policy-type",
    "step",
    "--min",
    "1",
    "--max",
    "4",
    "--scale-out-above",
    "70",
    "--scale-out-by",
    "2",
    "--scale-in-below",
    inBelow,
  ];

  it("cpu on ml.c5.xlarge (4 vCPUs): two step policies, their alarms at 280 and 120, each pointed at its policy", async () => {
    const { state, sdk, dry } = await sdkAndScript(stepArgs("30"), rid, "sm-autoscale-kinds-step-");
    expect(state.policies.map((p) => [p.PolicyName, p.PolicyType]).sort()).toEqual([
      ["sm-autoscale-step-cpu-scale-in", "StepScaling"],
      ["sm-autoscale-step-cpu-scale-out", "StepScaling"],
    ]);
    expect(
      state.policies.find((p) => p.PolicyName === "sm-autoscale-step-cpu-scale-out")
        ?.StepScalingPolicyConfiguration,
    ).toEqual({
      AdjustmentType: "ChangeInCapacity",
      MetricAggregationType: "Average",
      Cooldown: 300,
      StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 2 }],
    });
    expect(state.alarms.map((a) => [a.AlarmName, a.Threshold, a.ComparisonOperator, a.AlarmActions])).toEqual(
      [
        [
          "sm-autoscale-kinds-step-AllTraffic-step-cpu-scale-in",
          120,
          "LessThanThreshold",
          [`the policy sm-autoscale-step-cpu-scale-in of ${rid}`],
        ],
        [
          "sm-autoscale-kinds-step-AllTraffic-step-cpu-scale-out",
          280,
          "GreaterThanThreshold",
          [`the policy sm-autoscale-step-cpu-scale-out of ${rid}`],
        ],
      ],
    );
    expect(sdk.stderr).toContain(
      "Scale out above 70 % of 4 vCPUs → alarm threshold 280 on CPUUtilization; scale in below 30 % → 120.",
    );
    expect(dry.stdout).toMatch(
      /^STEP_OUT_POLICY_ARN=\$\(aws application-autoscaling put-scaling-policy \\$/m,
    );
  });

  it("a re-run with the same flags changes nothing; a new scale-in threshold puts only its alarm, through both", async () => {
    const same = await runCli(["init", ...stepArgs("30"), "--yes"], {
      endpoint: proxy.url,
      region: SDK_REGION,
    });
    expect(same.code, same.stderr).toBe(0);
    expect(same.stderr).toContain(
      "Nothing to change: kinds-step/AllTraffic already scales 1–4 instances with step scaling on CPU utilization: add 2 above 70 %, remove 1 below 30 %",
    );
    const { state, dry } = await sdkAndScript(stepArgs("40"), rid, "sm-autoscale-kinds-step-");
    expect(dry.stdout).not.toContain("put-scaling-policy");
    expect(dry.stdout.match(/aws cloudwatch put-metric-alarm/g)).toHaveLength(1);
    expect(state.alarms.find((a) => a.AlarmName.endsWith("scale-in"))?.Threshold).toBe(160);
  });
});

describe("what cannot be configured says why", () => {
  it("serverless on demand: exit 1, how to add provisioned concurrency, nothing changed", async () => {
    const run = await runCli(
      ["init", "--endpoint", "kinds-on-demand", "--min", "1", "--max", "3", "--target", "0.5", "--yes"],
      { endpoint: proxy.url, region: SDK_REGION },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("is serverless on demand: it scales by itself, down to zero");
    expect(run.stderr).toContain("ProvisionedConcurrency");
  });

  it("--max above MaxConcurrency: exit 2 naming the limit", async () => {
    const run = await runCli(
      ["init", "--endpoint", "kinds-pc", "--min", "1", "--max", "20", "--target", "0.5", "--yes"],
      { endpoint: proxy.url, region: SDK_REGION },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "--max 20 must be at most 10: provisioned concurrency cannot exceed the variant's MaxConcurrency of 10",
    );
  });
});

describe("the wizard in a real terminal", () => {
  it("'What should drive scaling?' offers the kind's signals; cpu asks a percentage of the instance", async () => {
    const pty = spawnPty("node", [CLI_BIN, "init", "--endpoint", "kinds-cpu", "--dry-run"], {
      env: terminalEnv(proxy.url, SDK_REGION),
    });
    try {
      const question = await pty.waitFor("What should drive scaling?");
      expect(question).not.toContain("backlog");
      await pty.waitFor("memory");
      pty.write("cpu");
      await pty.waitFor(/❯ cpu/);
      pty.write(KEY.enter);
      await pty.waitFor("How should it scale?");
      pty.write(KEY.enter); // target tracking
      await pty.waitFor("Minimum instances");
      pty.write(KEY.enter);
      await pty.waitFor("Maximum instances");
      pty.write(KEY.enter);
      await pty.waitFor("counts 0–100 per vCPU");
      await pty.waitFor("Target (% of the instance's CPU)");
      pty.write(`${KEY.backspace.repeat(5)}70${KEY.enter}`);
      await pty.waitFor("70 % of 2 vCPUs → target 140 on CPUUtilization.");
      await pty.waitFor("Scale-in cooldown");
      pty.write(KEY.enter);
      await pty.waitFor("Scale-out cooldown");
      pty.write(KEY.enter);
      await pty.waitFor("Disable scale-in");
      pty.write(KEY.enter);
      await pty.waitFor("Dry run: nothing was changed");
      // The plan states the target on the metric's own scale, in words that read beside the prompt's.
      await pty.waitFor("keep CPUUtilization at 140 on its 0–200 scale: 0–100 per vCPU, 2 vCPUs (cooldowns");
      expect(await pty.exit).toBe(0);
    } finally {
      pty.kill();
    }
  });

  /** Answers each question in turn: Enter, or the text given (after clearing the default). */
  async function answer(pty: ReturnType<typeof spawnPty>, steps: [string | RegExp, string?][]) {
    for (const [question, typed] of steps) {
      await pty.waitFor(question);
      pty.write(typed === undefined ? KEY.enter : `${KEY.backspace.repeat(6)}${typed}${KEY.enter}`);
    }
  }

  it("an async endpoint: the backlog by default, its live values offered, and the way out of zero", async () => {
    const pty = spawnPty("node", [CLI_BIN, "init", "--endpoint", "kinds-async", "--dry-run"], {
      env: terminalEnv(proxy.url, SDK_REGION),
    });
    try {
      const question = await pty.waitFor("What should drive scaling?");
      expect(question).not.toContain("invocations");
      await answer(pty, [
        [/❯ backlog/],
        ["How should it scale?"],
        ["Minimum instances"],
        ["Maximum instances", "4"],
        ["Target (queued requests per instance)"],
        ["Scale-in cooldown"],
        ["Scale-out cooldown"],
        ["Disable scale-in"],
        ["can leave zero?"],
      ]);
      await pty.waitFor("Dry run: nothing was changed");
      expect(await pty.exit).toBe(0);
    } finally {
      pty.kill();
    }
    const out = pty.output();
    expect(out).toContain("Live now: 5 (policy sm-autoscale-async-backlog-per-instance).");
    expect(out).toContain("--max-capacity 4");
    expect(out).toContain("At zero instances, requests wait in the queue");
  });

  it("a serverless variant: one signal (not asked), the target a fraction of provisioned concurrency", async () => {
    const pty = spawnPty("node", [CLI_BIN, "init", "--endpoint", "kinds-pc", "--dry-run"], {
      env: terminalEnv(proxy.url, SDK_REGION),
    });
    try {
      await answer(pty, [
        ["How should it scale?"],
        ["Minimum provisioned concurrency"],
        ["Maximum provisioned concurrency", "6"],
        ["Target (of provisioned concurrency in use, a fraction from 0 to 1)", "0.6"],
        ["Scale-in cooldown"],
        ["Scale-out cooldown"],
        ["Disable scale-in"],
      ]);
      await pty.waitFor("Dry run: nothing was changed");
      expect(await pty.exit).toBe(0);
    } finally {
      pty.kill();
    }
    const out = pty.output();
    expect(out).not.toContain("What should drive scaling?");
    expect(out).toContain("--scalable-dimension sagemaker:variant:DesiredProvisionedConcurrency");
    expect(out).toContain('"TargetValue":0.6');
  });

  it("step scaling in place: the wizard starts from it, and Enter everywhere changes nothing", async () => {
    const pty = spawnPty("node", [CLI_BIN, "init", "--endpoint", "kinds-step", "--dry-run"], {
      env: terminalEnv(proxy.url, SDK_REGION),
    });
    try {
      await answer(pty, [
        [/❯ cpu/],
        [/❯ step/],
        ["Minimum instances"],
        ["Maximum instances"],
        ["Scale out above (% of the instance's CPU) (70)"],
        ["Instances each scale-out adds (2)"],
        ["Disable scale-in"],
        ["Scale in below (% of the instance's CPU) (40)"],
        ["Instances each scale-in removes (1)"],
        ["Scale-out cooldown"],
        ["Scale-in cooldown"],
      ]);
      await pty.waitFor(
        "Nothing to change: kinds-step/AllTraffic already scales 1–4 instances with step scaling on CPU utilization",
      );
      expect(await pty.exit).toBe(0);
    } finally {
      pty.kill();
    }
  });

  it("an inference component: picked from the endpoint's, min 0 offers the way out of zero", async () => {
    const pty = spawnPty("node", [CLI_BIN, "init", "--endpoint", "kinds-ic", "--dry-run"], {
      env: terminalEnv(proxy.url, SDK_REGION),
    });
    try {
      await pty.waitFor("Which inference component?");
      const list = await pty.waitFor("kinds-wizard");
      expect(list).toContain("kinds-chat");
      // kinds-wizard: the one no other test of this file configures, so the questions start from nothing.
      pty.write(`${KEY.down}${KEY.down}`);
      await pty.waitFor(/❯ kinds-wizard/);
      pty.write(KEY.enter);
      await enterSignalAndPolicyType(pty); // invocations per copy, target tracking: the defaults
      await pty.waitFor("Minimum copies");
      pty.write(`${KEY.backspace.repeat(3)}0${KEY.enter}`);
      await pty.waitFor("Maximum copies");
      pty.write(`${KEY.backspace.repeat(3)}3${KEY.enter}`);
      await pty.waitFor("How do you want to set the target?");
      pty.write(`${KEY.down}${KEY.enter}`); // type it
      await pty.waitFor("Target invocations per copy per minute");
      pty.write(`12.5${KEY.enter}`);
      await pty.waitFor("Scale-in cooldown");
      pty.write(KEY.enter);
      await pty.waitFor("Scale-out cooldown");
      pty.write(KEY.enter);
      await pty.waitFor("Disable scale-in");
      pty.write(KEY.enter);
      await pty.waitFor("can leave zero?");
      pty.write(KEY.enter);
      await pty.waitFor("Dry run: nothing was changed");
      expect(await pty.exit).toBe(0);
    } finally {
      pty.kill();
    }
    const out = pty.output();
    expect(out).toContain("NoCapacityInvocationFailures");
    expect(out).toContain('--alarm-actions "$WAKE_POLICY_ARN"');
  });
});

// Last in this file: the tests above configured one endpoint of each kind in both regions.
describe("teardown of each kind leaves nothing of the tool's", () => {
  const configured = [
    "kinds-async",
    "kinds-pc",
    "kinds-ic",
    "kinds-pools",
    "kinds-cpu",
    "kinds-gpu",
    "kinds-step",
  ];

  it("through the SDK, and as a replayed --dry-run script: no target, policy or alarm of ours remains", async () => {
    const before = await readState(proxy.url, SDK_REGION);
    // Everything the tests above configured is there to remove, alarms of ours included.
    expect(before.targets.length).toBeGreaterThanOrEqual(configured.length);
    expect(
      (before.alarms ?? []).filter((a) => a.AlarmName.startsWith("sm-autoscale-")).length,
    ).toBeGreaterThan(0);
    for (const endpoint of configured) {
      const sdk = await runCli(["teardown", "--endpoint", endpoint, "--yes"], {
        endpoint: proxy.url,
        region: SDK_REGION,
      });
      expect(sdk.code, `${endpoint}: ${sdk.stderr}`).toBe(0);
      const dry = await runCli(["teardown", "--endpoint", endpoint, "--dry-run"], {
        endpoint: proxy.url,
        region: CLI_REGION,
      });
      expect(dry.code, `${endpoint}: ${dry.stderr}`).toBe(0);
      const replay = await runAwsCli(dry.stdout, emulatorEnv(proxy.url, CLI_REGION));
      expect(replay.code, `${dry.stdout}\n--- stderr ---\n${replay.stderr}`).toBe(0);
    }
    for (const region of [SDK_REGION, CLI_REGION]) {
      const after = await readState(proxy.url, region);
      expect(after.targets, region).toEqual([]);
      expect(after.policies, region).toEqual([]);
      expect(after.scheduledActions, region).toEqual([]);
      expect(
        (after.alarms ?? []).filter((a) => a.AlarmName.startsWith("sm-autoscale-")).map((a) => a.AlarmName),
        region,
      ).toEqual([]);
    }
  });
});
