// `describe` and `teardown` for every kind of endpoint, end to end: the built CLI as a child process against moto
// behind the emulating proxy (inference components, serverless and heterogeneous configs, shadow variants,
// step-policy alarms), with the autoscaling set up by `sm-autoscale init` itself where the tool would have made it.
//
// Regions of this file (no other e2e file uses them: moto keeps state per region for the whole run):
//   us-iso-east-1   describe of one endpoint of each kind and each new finding, then teardown of an
//                   inference-component endpoint
//   us-isob-east-1  teardown rollback with a step policy, then the SDK side of the dry-run replay
//   eusc-de-east-1  the aws CLI side of the dry-run replay

import {
  ApplicationAutoScalingClient,
  DeleteScalingPolicyCommand,
  DescribeScalingPoliciesCommand,
} from "@aws-sdk/client-application-auto-scaling";
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  SetAlarmStateCommand,
} from "@aws-sdk/client-cloudwatch";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DescribeJson, VariantJson } from "../../src/domain/describe-model.js";
import { runAwsCli, runCli } from "../support/cli.js";
import { emulatorEnv } from "../support/env.js";
import { type EmulatorProxy, startProxy } from "../support/proxy.js";
import { emulatorClientConfig } from "../support/sdk.js";
import {
  type AutoscalingState,
  DIM_COPY_COUNT,
  DIM_PROVISIONED_CONCURRENCY,
  inferenceComponentResourceId as icId,
  readState,
  variantResourceId as rid,
  seeder,
} from "../support/seed.js";

const motoUrl = inject("motoUrl");
const ZOO = "us-iso-east-1";
const ROLLBACK = "us-isob-east-1";
const REPLAY = "eusc-de-east-1";
const BUILT_IN = "SageMakerEndpointInvocationScalingPolicy";
const IC_STEP = "sm-autoscale-ic-scale-out-from-zero";
const ASYNC_STEP = "sm-autoscale-async-scale-out-from-zero";

let proxy: EmulatorProxy;

beforeAll(async () => {
  proxy = await startProxy({ upstream: motoUrl });
});
afterAll(async () => {
  expect(proxy.emulationErrors()).toEqual([]);
  await proxy?.stop();
});

const cli = (region: string, ...args: string[]) =>
  runCli(args, { endpoint: proxy.url, region, timeoutMs: 60_000 });

/** `sm-autoscale init … --yes`, which must succeed: the autoscaling the tool itself makes. */
async function init(region: string, ...args: string[]): Promise<void> {
  const run = await cli(region, "init", ...args, "--yes");
  expect(run.code, `init ${args.join(" ")}: ${run.stderr}`).toBe(0);
}

function clients(region: string) {
  const cfg = emulatorClientConfig(proxy.url, region);
  return { aas: new ApplicationAutoScalingClient(cfg), cw: new CloudWatchClient(cfg) };
}

/**
 * Puts every target-tracking alarm of the region in state OK, as CloudWatch does once datapoints arrive (moto never
 * sends any): the alarms of policies init just put would otherwise be findings of their own.
 */
async function alarmsOk(region: string): Promise<void> {
  const cw = new CloudWatchClient(emulatorClientConfig(motoUrl, region));
  try {
    let token: string | undefined;
    do {
      const page = await cw.send(
        new DescribeAlarmsCommand({ AlarmNamePrefix: "TargetTracking-", MaxRecords: 100, NextToken: token }),
      );
      for (const a of page.MetricAlarms ?? []) {
        await cw.send(
          new SetAlarmStateCommand({ AlarmName: a.AlarmName, StateValue: "OK", StateReason: "test" }),
        );
      }
      token = page.NextToken;
    } while (token);
  } finally {
    cw.destroy();
  }
}

/** The step policy's ARN now, and the actions of the alarm that should trigger it. */
async function wakeWiring(
  region: string,
  resourceId: string,
  dimension: string,
  policyName: string,
  alarmName: string,
): Promise<{ policyArn: string | undefined; alarmActions: string[] | undefined }> {
  const { aas, cw } = clients(region);
  try {
    const policies = await aas.send(
      new DescribeScalingPoliciesCommand({
        ServiceNamespace: "sagemaker",
        ResourceId: resourceId,
        ScalableDimension: dimension as never,
        PolicyNames: [policyName],
      }),
    );
    const alarms = await cw.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName] }));
    return {
      policyArn: policies.ScalingPolicies?.[0]?.PolicyARN,
      alarmActions: alarms.MetricAlarms?.[0]?.AlarmActions,
    };
  } finally {
    aas.destroy();
    cw.destroy();
  }
}

/** The state, narrowed to what belongs to (or names) these endpoints and components. */
function only(state: AutoscalingState, resourceIds: string[], alarmPrefixes: string[]): AutoscalingState {
  const keep = <T extends { ResourceId: string }>(items: T[]) =>
    items.filter((i) => resourceIds.includes(i.ResourceId));
  const alarms = (state.alarms ?? []).filter((a) => alarmPrefixes.some((p) => a.AlarmName.startsWith(p)));
  return {
    targets: keep(state.targets),
    policies: keep(state.policies),
    scheduledActions: keep(state.scheduledActions),
    ...(alarms.length > 0 ? { alarms } : {}),
  };
}

// ------------------------------------------------------------------------------------------------- describe

describe("describe: one endpoint of each kind", () => {
  const region = ZOO;
  let json: DescribeJson;
  const target = (resourceId: string): VariantJson => {
    const found = json.variants.find((v) => v.resourceId === resourceId);
    if (!found) throw new Error(`no target ${resourceId} in ${json.variants.map((v) => v.resourceId)}`);
    return found;
  };
  const codes = (resourceId: string) => target(resourceId).findings.map((f) => f.code);

  beforeAll(async () => {
    const s = seeder(proxy.url, region);
    await Promise.all([
      s.seedEndpoint({ name: "rt" }),
      s.seedEndpoint({ name: "jobs", async: true }),
      s.seedEndpoint({ name: "jobs-bare", async: true }),
      s.seedEndpoint({ name: "jobs-lost", async: true }),
      s.seedEndpoint({ name: "jobs-min1", async: true }),
      s.seedEndpoint({
        name: "pc",
        serverless: { memory: 2048, maxConcurrency: 20, provisionedConcurrency: 2 },
      }),
      s.seedEndpoint({
        name: "pc-over",
        serverless: { memory: 1024, maxConcurrency: 5, provisionedConcurrency: 1 },
      }),
      s.seedEndpoint({
        name: "pools",
        variants: [
          {
            name: "AllTraffic",
            pools: [
              { instanceType: "ml.g5.xlarge", priority: 1 },
              { instanceType: "ml.g6.xlarge", priority: 2 },
            ],
          },
        ],
      }),
      s.seedEndpoint({
        name: "ranker",
        variants: [{ name: "Prod", instanceType: "ml.m5.large" }],
        shadowVariants: [{ name: "Shadow", instanceType: "ml.m5.large" }],
      }),
      s.seedEndpoint({
        name: "llm",
        inferenceComponents: {
          managedScaling: { min: 0, max: 2 },
          components: [
            { name: "chat", copies: 1 },
            { name: "summ", copies: 1 },
          ],
        },
      }),
      s.seedEndpoint({
        name: "llm-warm",
        inferenceComponents: {
          managedScaling: { min: 1, max: 2 },
          components: [{ name: "embed", copies: 1 }],
        },
      }),
    ]);

    // Healthy, as init makes them.
    await init(region, "--endpoint", "rt", "--min", "1", "--max", "4", "--target", "200");
    await init(region, "--endpoint", "jobs", "--min", "0", "--max", "3", "--target", "5");
    await init(region, "--endpoint", "pc", "--min", "1", "--max", "10", "--target", "0.5");
    await init(
      region,
      "--endpoint",
      "llm",
      "--inference-component",
      "chat",
      "--min",
      "0",
      "--max",
      "4",
      "--target",
      "10",
    );
    await init(region, "--endpoint", "pools", "--min", "1", "--max", "3", "--target", "300");
    // A shadow variant autoscaled: it is one of the endpoint's variants, never an orphan.
    await s.registerTarget({ resourceId: rid("ranker", "Shadow"), min: 1, max: 2 });
    await s.putPolicy(BUILT_IN, rid("ranker", "Shadow"), 100);

    // At zero without a way out: no step policy at all.
    await init(
      region,
      "--endpoint",
      "jobs-bare",
      "--min",
      "0",
      "--max",
      "2",
      "--target",
      "5",
      "--no-scale-from-zero",
    );
    await init(
      region,
      "--endpoint",
      "llm",
      "--inference-component",
      "summ",
      "--min",
      "0",
      "--max",
      "2",
      "--target",
      "10",
      "--no-scale-from-zero",
    );
    // At zero, and the alarm no longer points at the step policy: deleted and put back, it has a new ARN.
    await init(region, "--endpoint", "jobs-lost", "--min", "0", "--max", "3", "--target", "5");
    const lost = await wakeWiring(
      region,
      rid("jobs-lost", "AllTraffic"),
      "sagemaker:variant:DesiredInstanceCount",
      ASYNC_STEP,
      "sm-autoscale-jobs-lost-has-backlog-without-capacity",
    );
    const { aas, cw } = clients(region);
    try {
      await aas.send(
        new DeleteScalingPolicyCommand({
          ServiceNamespace: "sagemaker",
          ResourceId: rid("jobs-lost", "AllTraffic"),
          ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
          PolicyName: ASYNC_STEP,
        }),
      );
      await s.putStepPolicy(ASYNC_STEP, rid("jobs-lost", "AllTraffic"), {
        AdjustmentType: "ChangeInCapacity",
        MetricAggregationType: "Average",
        Cooldown: 300,
        StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
      });
      // Not at zero, with its step policy's alarm deleted.
      await init(region, "--endpoint", "jobs-min1", "--min", "0", "--max", "3", "--target", "5");
      await s.registerTarget({ resourceId: rid("jobs-min1", "AllTraffic"), min: 1, max: 3 });
      await cw.send(
        new DeleteAlarmsCommand({ AlarmNames: ["sm-autoscale-jobs-min1-has-backlog-without-capacity"] }),
      );
    } finally {
      aas.destroy();
      cw.destroy();
    }
    const relost = await wakeWiring(
      region,
      rid("jobs-lost", "AllTraffic"),
      "sagemaker:variant:DesiredInstanceCount",
      ASYNC_STEP,
      "sm-autoscale-jobs-lost-has-backlog-without-capacity",
    );
    expect(relost.policyArn).not.toBe(lost.policyArn);
    expect(relost.alarmActions ?? []).not.toContain(relost.policyArn);

    // Copies at zero on an endpoint that keeps an instance (registered past init, which refuses it).
    await s.registerTarget({ resourceId: icId("embed"), min: 0, max: 2, dimension: DIM_COPY_COUNT });
    await s.putPolicy("embed-per-copy", icId("embed"), 10, {
      dimension: DIM_COPY_COUNT,
      metric: "SageMakerInferenceComponentInvocationsPerCopy",
    });
    // Provisioned concurrency allowed above MaxConcurrency (registered past init, which refuses it).
    await s.registerTarget({
      resourceId: rid("pc-over", "AllTraffic"),
      min: 1,
      max: 8,
      dimension: DIM_PROVISIONED_CONCURRENCY,
    });
    await s.putPolicy("pc-utilization", rid("pc-over", "AllTraffic"), 0.7, {
      dimension: DIM_PROVISIONED_CONCURRENCY,
      metric: "SageMakerVariantProvisionedConcurrencyUtilization",
    });

    await alarmsOk(region);
    const run = await cli(region, "describe", "--json");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    json = JSON.parse(run.stdout) as DescribeJson;
  }, 240_000);

  it("groups the inference components under their endpoint, with their copies and the variant they run on", () => {
    expect(target(icId("chat"))).toMatchObject({
      endpointName: "llm",
      variantName: "AllTraffic",
      inferenceComponentName: "chat",
      kind: "inference-component",
      scalableDimension: DIM_COPY_COUNT,
      endpointStatus: "InService",
      instanceType: "ml.g5.2xlarge",
      currentCopyCount: 1,
      desiredCopyCount: 1,
      minCapacity: 0,
      maxCapacity: 4,
      managedInstanceScaling: { status: "ENABLED", minInstanceCount: 0, maxInstanceCount: 2 },
      findings: [],
    });
    expect(target(icId("chat")).policies.map((p) => [p.policyName, p.policyType, p.metric])).toEqual([
      [IC_STEP, "StepScaling", null],
      [
        "sm-autoscale-invocations-per-copy",
        "TargetTrackingScaling",
        "SageMakerInferenceComponentInvocationsPerCopy",
      ],
    ]);
    // The step policy's alarm is ours, and triggers it.
    expect(target(icId("chat")).policies[0]?.alarms.map((a) => a.name)).toEqual([
      "sm-autoscale-chat-no-capacity-invocation-failures",
    ]);
    // --json carries how the step policy acts and what its alarm watches, as init wrote them.
    expect(target(icId("chat")).policies[0]?.step).toEqual({
      adjustmentType: "ChangeInCapacity",
      cooldown: 60,
      metricAggregationType: "Maximum",
      minAdjustmentMagnitude: null,
      adjustments: [{ lowerBound: 0, upperBound: null, scalingAdjustment: 1 }],
      triggers: [
        {
          alarm: "sm-autoscale-chat-no-capacity-invocation-failures",
          namespace: "AWS/SageMaker",
          metricName: "NoCapacityInvocationFailures",
          comparison: "GreaterThanThreshold",
          threshold: 1,
        },
      ],
    });
    expect(target(icId("chat")).policies[1]?.step).toBeNull();
    // Sorted by endpoint, then variant: the components of llm come together, as do those of llm-warm.
    const order = json.variants.map((v) => `${v.endpointName}/${v.inferenceComponentName ?? v.variantName}`);
    expect(order.indexOf("llm/summ")).toBe(order.indexOf("llm/chat") + 1);
    // An endpoint whose only targets are its components' is autoscaled.
    expect(json.unscaledEndpoints.map((e) => e.endpointName)).not.toContain("llm");
  });

  it("shows async and provisioned-concurrency targets with their metrics, and each kind's facts", () => {
    const jobs = target(rid("jobs", "AllTraffic"));
    expect(jobs).toMatchObject({ kind: "async", minCapacity: 0, maxCapacity: 3, findings: [] });
    expect(jobs.policies.map((p) => [p.policyName, p.metric, p.targetValue])).toEqual([
      ["sm-autoscale-async-backlog-per-instance", "AWS/SageMaker/ApproximateBacklogSizePerInstance", 5],
      [ASYNC_STEP, null, null],
    ]);
    expect(target(rid("pc", "AllTraffic"))).toMatchObject({
      kind: "serverless",
      scalableDimension: DIM_PROVISIONED_CONCURRENCY,
      instanceType: null,
      serverless: { maxConcurrency: 20, provisionedConcurrency: 2 },
      findings: [],
    });
    expect(target(rid("pc", "AllTraffic")).policies.map((p) => [p.metric, p.targetValue])).toEqual([
      ["SageMakerVariantProvisionedConcurrencyUtilization", 0.5],
    ]);
    expect(target(rid("pools", "AllTraffic"))).toMatchObject({
      kind: "real-time",
      instanceType: null,
      instancePools: ["ml.g5.xlarge", "ml.g6.xlarge"],
      findings: [],
    });
    expect(target(rid("rt", "AllTraffic"))).toMatchObject({
      instancePools: null,
      shadow: false,
      serverless: null,
      managedInstanceScaling: null,
      inferenceComponentName: null,
      currentCopyCount: null,
      desiredCopyCount: null,
    });
  });

  it("never reports a shadow variant as an orphan", () => {
    expect(target(rid("ranker", "Shadow"))).toMatchObject({
      shadow: true,
      kind: "real-time",
      endpointStatus: "InService",
    });
    expect(codes(rid("ranker", "Shadow"))).not.toContain("ORPHAN_TARGET");
    expect(json.orphans).toEqual([]);
  });

  it.each([
    [
      rid("jobs-bare", "AllTraffic"),
      "NO_WAY_OUT_OF_ZERO",
      "warning",
      /no step policy with an alarm/,
      "sm-autoscale init --endpoint jobs-bare --variant AllTraffic --min 0 --max 2 --target 5 --scale-in-cooldown 300 --scale-out-cooldown 300 --region us-iso-east-1",
    ],
    [
      icId("summ"),
      "NO_WAY_OUT_OF_ZERO",
      "error",
      /every request fails/,
      "sm-autoscale init --endpoint llm --inference-component summ --min 0 --max 2 --target 10 --scale-in-cooldown 300 --scale-out-cooldown 300 --region us-iso-east-1",
    ],
    [
      rid("jobs-lost", "AllTraffic"),
      "NO_WAY_OUT_OF_ZERO",
      "warning",
      /the alarm sm-autoscale-jobs-lost-has-backlog-without-capacity no longer points at the step policy/,
      /^aws cloudwatch put-metric-alarm --alarm-name sm-autoscale-jobs-lost-has-backlog-without-capacity .*--alarm-actions arn:aws-iso:autoscaling:us-iso-east-1:\d+:scalingPolicy:\S+:policyName\/sm-autoscale-async-scale-out-from-zero .*--region us-iso-east-1$/,
    ],
    [
      rid("jobs-min1", "AllTraffic"),
      "STEP_POLICY_WITHOUT_ALARM",
      "warning",
      /^The alarm sm-autoscale-jobs-min1-has-backlog-without-capacity that triggers the step policy .* is missing/,
      /^aws cloudwatch put-metric-alarm --alarm-name sm-autoscale-jobs-min1-has-backlog-without-capacity .*--metric-name HasBacklogWithoutCapacity .*--region us-iso-east-1$/,
    ],
    [
      icId("embed"),
      "IC_MIN_ZERO_KEEPS_INSTANCES",
      "warning",
      /keeps at least 1 instance\(s\) on llm-warm\/AllTraffic/,
      "sm-autoscale init --endpoint llm-warm --inference-component embed --min 1 --max 2 --region us-iso-east-1",
    ],
    [
      rid("pc-over", "AllTraffic"),
      "PROVISIONED_MAX_ABOVE_MAX_CONCURRENCY",
      "warning",
      /above the variant's MaxConcurrency of 5/,
      "sm-autoscale init --endpoint pc-over --variant AllTraffic --min 1 --max 5 --region us-iso-east-1",
    ],
  ] as const)("finds on %s: %s (%s)", (resourceId, code, severity, message, fix) => {
    const finding = target(resourceId).findings.find((f) => f.code === code);
    expect(finding).toEqual({
      severity,
      code,
      message: expect.stringMatching(message),
      fix: typeof fix === "string" ? fix : expect.stringMatching(fix),
    });
  });

  it("each target gets exactly its findings", () => {
    expect(
      Object.fromEntries(json.variants.map((v) => [v.resourceId, v.findings.map((f) => f.code)])),
    ).toEqual({
      [rid("jobs", "AllTraffic")]: [],
      [rid("jobs-bare", "AllTraffic")]: ["NO_WAY_OUT_OF_ZERO"],
      [rid("jobs-lost", "AllTraffic")]: ["NO_WAY_OUT_OF_ZERO"],
      [rid("jobs-min1", "AllTraffic")]: ["STEP_POLICY_WITHOUT_ALARM"],
      [icId("chat")]: [],
      [icId("summ")]: ["NO_WAY_OUT_OF_ZERO"],
      [icId("embed")]: ["IC_MIN_ZERO_KEEPS_INSTANCES"],
      [rid("pc", "AllTraffic")]: [],
      [rid("pc-over", "AllTraffic")]: ["PROVISIONED_MAX_ABOVE_MAX_CONCURRENCY"],
      [rid("pools", "AllTraffic")]: [],
      [rid("ranker", "Shadow")]: [],
      [rid("rt", "AllTraffic")]: [],
    });
  });

  it("the fixes fix: the re-pointing command, run with the aws CLI, makes the alarm trigger the policy again", async () => {
    const before = await cli(region, "describe", "--json", "--endpoint", "jobs-lost");
    const finding = (JSON.parse(before.stdout) as DescribeJson).variants[0]?.findings[0];
    expect(finding?.code).toBe("NO_WAY_OUT_OF_ZERO");
    const replay = await runAwsCli(finding?.fix ?? "", emulatorEnv(proxy.url, region));
    expect(replay.code, replay.stderr).toBe(0);
    const after = JSON.parse(
      (await cli(region, "describe", "--json", "--endpoint", "jobs-lost")).stdout,
    ) as DescribeJson;
    expect(after.variants[0]?.findings).toEqual([]);
    const wiring = await wakeWiring(
      region,
      rid("jobs-lost", "AllTraffic"),
      "sagemaker:variant:DesiredInstanceCount",
      ASYNC_STEP,
      "sm-autoscale-jobs-lost-has-backlog-without-capacity",
    );
    expect(wiring.alarmActions).toEqual([wiring.policyArn]);
  });

  it("--endpoint of an inference-component endpoint: its components' targets, found through its components", async () => {
    proxy.resetCounts();
    const run = await cli(region, "describe", "--json", "--endpoint", "llm");
    expect(run.code, run.stderr).toBe(0);
    const one = JSON.parse(run.stdout) as DescribeJson;
    expect(one.variants.map((v) => v.resourceId)).toEqual([icId("chat"), icId("summ")]);
    expect(proxy.count("ListEndpoints")).toBe(0);
    expect(proxy.count("ListInferenceComponents")).toBe(1);
    expect(proxy.count("DescribeInferenceComponent")).toBe(2);
    // The same targets, with the same findings, as in the whole region's read.
    for (const v of one.variants) expect(v).toEqual(target(v.resourceId));
  });

  it("the table: components under their endpoint, the kinds' facts, the summary", async () => {
    const run = await cli(region, "describe", "--endpoint", "llm");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      [
        "llm / AllTraffic",
        "  inference components · ml.g5.2xlarge · InService",
        "  Managed instance scaling: 0–2 instances",
        "",
        "  inference component chat",
        "    Copies: 1 now (desired 1), scales 0–4",
        // What the step does, on the metric its alarm watches.
        `    Policy ${IC_STEP} (custom): step scaling, +1 when NoCapacityInvocationFailures > 1, cooldown 60 s`,
      ].join("\n"),
    );
    expect(run.stdout).toContain("\n  inference component summ\n");
    expect(run.stdout).toMatch(
      /\n0 variants and 2 inference components autoscaled; 1 finding \(1 error\)\.\n$/,
    );
    const region_ = await cli(region, "describe");
    expect(region_.stdout).toContain(
      "\npc / AllTraffic\n  serverless · MaxConcurrency 20 · InService\n  Provisioned concurrency: 2 now, scales 1–10\n",
    );
    expect(region_.stdout).toContain(
      "\npools / AllTraffic\n  real-time · pools ml.g5.xlarge > ml.g6.xlarge · InService\n",
    );
    expect(region_.stdout).toContain("\nranker / Shadow\n  real-time · shadow · ml.m5.large · InService\n");
  });
});

// ------------------------------------------------------------------------------------------------- teardown

describe("teardown of an inference-component endpoint", () => {
  const region = ZOO;

  it("--endpoint removes its components' targets, policies and our alarms, and nothing of the other endpoints", async () => {
    const before = await readState(proxy.url, region);
    const llm = [icId("chat"), icId("summ")];
    expect(before.targets.map((t) => t.ResourceId)).toEqual(expect.arrayContaining(llm));
    expect(before.alarms?.map((a) => a.AlarmName)).toContain(
      "sm-autoscale-chat-no-capacity-invocation-failures",
    );

    const run = await cli(region, "teardown", "--endpoint", "llm", "--yes");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("inference component chat keeps its current copy count");
    expect(run.stderr).toContain("Next: sm-autoscale describe --endpoint llm");

    const after = await readState(proxy.url, region);
    const notLlm = <T extends { ResourceId: string }>(items: T[]) =>
      items.filter((i) => !llm.includes(i.ResourceId));
    expect(after).toEqual({
      targets: notLlm(before.targets),
      policies: notLlm(before.policies),
      scheduledActions: notLlm(before.scheduledActions),
      alarms: before.alarms?.filter(
        (a) => a.AlarmName !== "sm-autoscale-chat-no-capacity-invocation-failures",
      ),
    });
    // llm-warm's component on its own endpoint is still autoscaled.
    expect(after.targets.map((t) => t.ResourceId)).toContain(icId("embed"));

    const again = await cli(region, "teardown", "--endpoint", "llm", "--yes");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain("Nothing to remove: endpoint llm has no autoscaling in us-iso-east-1.");
  });
});

/**
 * genai hosts chat, autoscaled by init from zero (its target-tracking policy, the step policy and the alarm that
 * wakes it), and summ (0–2, no way out of zero); web is a real-time endpoint beside it.
 */
async function seedGenai(region: string): Promise<void> {
  const s = seeder(proxy.url, region);
  await Promise.all([
    s.seedEndpoint({
      name: "genai",
      inferenceComponents: {
        managedScaling: { min: 0, max: 2 },
        components: [
          { name: "chat", copies: 1 },
          { name: "summ", copies: 1 },
        ],
      },
    }),
    s.seedEndpoint({ name: "web" }),
  ]);
  await init(
    region,
    "--endpoint",
    "genai",
    "--inference-component",
    "chat",
    "--min",
    "0",
    "--max",
    "4",
    "--target",
    "10",
  );
  await init(
    region,
    "--endpoint",
    "genai",
    "--inference-component",
    "summ",
    "--min",
    "0",
    "--max",
    "2",
    "--target",
    "20",
    "--no-scale-from-zero",
  );
  await init(region, "--endpoint", "web", "--min", "1", "--max", "3", "--target", "200");
}

const CHAT_WAKE = "sm-autoscale-chat-no-capacity-invocation-failures";

describe("teardown rollback with a step policy", () => {
  const region = ROLLBACK;

  it("puts the step policy back and points its alarm at it again", async () => {
    await seedGenai(region);
    const before = await readState(proxy.url, region);
    const wired = await wakeWiring(region, icId("chat"), DIM_COPY_COUNT, IC_STEP, CHAT_WAKE);
    expect(wired.alarmActions).toEqual([wired.policyArn]);

    // chat's policies are deleted (the step policy's alarm loses its action), then its deregistration fails.
    proxy.inject({
      operation: "ApplicationAutoScaling.DeregisterScalableTarget",
      match: { ResourceId: icId("chat") },
      code: "AccessDeniedException",
      message: "User is not authorized to perform: application-autoscaling:DeregisterScalableTarget",
    });
    const run = await cli(region, "teardown", "--endpoint", "genai", "--yes");
    proxy.clearFaults();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Rolled back this run's \d+ change\(s\)/);
    expect(run.stderr).toContain(`Point the alarm ${CHAT_WAKE} at the recreated policy "${IC_STEP}" again`);
    // The rollback's commands: the ARN of the policy put back, captured, then given to the alarm.
    expect(run.stdout).toMatch(
      /^RESTORED_POLICY_ARN_1=\$\(aws application-autoscaling put-scaling-policy \\$/m,
    );
    // The ARN captured just before, or, where that policy was never deleted, the one read.
    expect(run.stdout).toMatch(
      /--alarm-actions "\$\{RESTORED_POLICY_ARN_1:-arn:aws[a-z-]*:autoscaling:[^"]*policyName\/sm-autoscale-ic-scale-out-from-zero\}"/,
    );

    // Read back: the policy has a new ARN, and the alarm names it, as it named the old one.
    const rewired = await wakeWiring(region, icId("chat"), DIM_COPY_COUNT, IC_STEP, CHAT_WAKE);
    expect(rewired.policyArn).toBeDefined();
    expect(rewired.policyArn).not.toBe(wired.policyArn);
    expect(rewired.alarmActions).toEqual([rewired.policyArn]);
    // Everything else as it was (alarm actions compared by the policy they name).
    expect(await readState(proxy.url, region)).toEqual(before);
    // And describe finds the way out of zero intact.
    await alarmsOk(region);
    const described = JSON.parse(
      (await cli(region, "describe", "--json", "--endpoint", "genai")).stdout,
    ) as DescribeJson;
    expect(described.variants.find((v) => v.resourceId === icId("chat"))?.findings).toEqual([]);
  }, 180_000);
});

describe("teardown --dry-run of an inference-component endpoint, replayed with the aws CLI", () => {
  it("leaves the same state as teardown itself", async () => {
    // The SDK side runs where the rollback test left genai as it was seeded; the aws CLI side gets the same.
    await seedGenai(REPLAY);
    const mine = [icId("chat"), icId("summ"), rid("web", "AllTraffic")];
    const prefixes = ["sm-autoscale-chat-", "sm-autoscale-summ-"];
    expect(only(await readState(proxy.url, REPLAY), mine, prefixes)).toEqual(
      only(await readState(proxy.url, ROLLBACK), mine, prefixes),
    );

    const sdk = await cli(ROLLBACK, "teardown", "--endpoint", "genai", "--yes");
    expect(sdk.code, sdk.stderr).toBe(0);

    const dry = await cli(REPLAY, "teardown", "--endpoint", "genai", "--dry-run");
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("--resource-id inference-component/chat");
    expect(dry.stdout).toContain(`--alarm-names ${CHAT_WAKE}`);
    const replay = await runAwsCli(dry.stdout, emulatorEnv(proxy.url, REPLAY));
    expect(replay.code, replay.stderr).toBe(0);

    const [a, b] = await Promise.all([readState(proxy.url, ROLLBACK), readState(proxy.url, REPLAY)]);
    expect(only(b, mine, prefixes)).toEqual(only(a, mine, prefixes));
    // Nothing of the tool's is left on genai; web keeps its autoscaling.
    expect(only(a, mine, prefixes)).toEqual({
      targets: [expect.objectContaining({ ResourceId: rid("web", "AllTraffic") })],
      policies: [expect.objectContaining({ ResourceId: rid("web", "AllTraffic"), PolicyName: BUILT_IN })],
      scheduledActions: [],
    });
  }, 180_000);
});
