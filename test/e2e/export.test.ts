// `sm-autoscale export` and `init … --export`, end to end, each format proven by its own toolchain, offline:
// CloudFormation by cfn-lint, CDK by tsc and a synth whose template must equal the CloudFormation export,
// Terraform by `terraform apply` against the emulator (recreating the exported state where only the endpoints
// exist) and `terraform plan` with --import (no change to the live state), ACK by the controller's CRD schemas.
// The state is what the product sets up today: `init` on each kind and signal (real-time built-in, cpu,
// async at 0 with its step policy and alarm, serverless provisioned concurrency, an inference component at 0 with
// its step policy and alarm), plus what only a person adds (a custom policy, a scheduled action, a suspended
// target, a step policy of their own with an alarm that also notifies SNS).
//
// Isolation: this file runs its own moto_server (test/support/moto.ts) behind its own proxy, because every region
// the shared moto answers for SageMaker is taken by other files (and a 12-digit access key does not make moto 5.2.1
// switch accounts). So its regions hold only what it seeds:
//   us-west-2   the source: endpoints and their autoscaling
//   eu-north-1  the same endpoints, no autoscaling: terraform apply recreates the export there

import { readFileSync, symlinkSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { validateAckManifests } from "../support/ack-schema.js";
import { REPO_ROOT, runCli } from "../support/cli.js";
import { cleanBaseEnv } from "../support/env.js";
import { type Moto, startMoto } from "../support/moto.js";
import { type EmulatorProxy, startProxy } from "../support/proxy.js";
import { emulatorClientConfig } from "../support/sdk.js";
import {
  type AutoscalingState,
  readState,
  type SeedEndpointSpec,
  seeder,
  variantResourceId,
} from "../support/seed.js";
import { assertTerraformAvailable, terraform, terraformDir } from "../support/terraform.js";

const SOURCE = "us-west-2";
const REPLAY = "eu-north-1";
const SNS = `arn:aws:sns:${SOURCE}:123456789012:on-call`;
const USER_ALARM = "shop-latency-high";

let moto: Moto;
let proxy: EmulatorProxy;
let work: string;

const ENDPOINTS: SeedEndpointSpec[] = [
  { name: "exp-shop", variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 1 }] },
  { name: "exp-ranker", variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 1 }] },
  {
    name: "exp-jobs",
    async: true,
    variants: [{ name: "AllTraffic", instanceType: "ml.g4dn.xlarge", count: 1 }],
  },
  { name: "exp-faq", serverless: { memory: 2048, maxConcurrency: 10, provisionedConcurrency: 2 } },
  {
    name: "exp-llm",
    inferenceComponents: {
      instanceType: "ml.g5.2xlarge",
      managedScaling: { min: 0, max: 2 },
      components: [{ name: "exp-chat", copies: 1 }],
    },
  },
  { name: "exp-steps", variants: [{ name: "AllTraffic", instanceType: "ml.c5.xlarge", count: 1 }] },
  { name: "exp-bare", variants: [{ name: "AllTraffic", instanceType: "ml.m5.large", count: 1 }] },
];

/** init's flags for each kind and signal the product has. */
const INITS: Record<string, string[]> = {
  builtIn: ["--endpoint", "exp-shop", "--min", "1", "--max", "4", "--target", "600"],
  cpu: ["--endpoint", "exp-ranker", "--metric", "cpu", "--min", "1", "--max", "3", "--target", "60"],
  async: ["--endpoint", "exp-jobs", "--min", "0", "--max", "3", "--target", "5"],
  serverless: ["--endpoint", "exp-faq", "--min", "1", "--max", "8", "--target", "0.7"],
  component: [
    ...["--endpoint", "exp-llm", "--inference-component", "exp-chat"],
    ...["--min", "0", "--max", "2", "--target", "10"],
  ],
  step: [
    ...["--endpoint", "exp-steps", "--metric", "cpu", "--policy-type", "step", "--min", "1", "--max", "4"],
    ...["--scale-out-above", "70", "--scale-out-by", "2", "--scale-in-below", "30"],
  ],
};

const cli = (args: string[], region = SOURCE) =>
  runCli(args, { endpoint: proxy.url, region, timeoutMs: 60_000 });

/** The CloudFormation export of each init, written before init applied it. */
const initTemplates: Record<string, string> = {};

beforeAll(async () => {
  assertTerraformAvailable();
  moto = await startMoto();
  proxy = await startProxy({ upstream: moto.url });
  work = await mkdtemp(join(tmpdir(), "sm-autoscale-export-"));
  await Promise.all(
    [SOURCE, REPLAY].map(async (region) => {
      const s = seeder(proxy.url, region);
      for (const spec of ENDPOINTS) await s.seedEndpoint(spec);
    }),
  );
  // What init would configure, as code, then init itself.
  await Promise.all(
    Object.entries(INITS).map(async ([kind, args]) => {
      const exported = await cli(["init", ...args, "--export", "cloudformation"]);
      expect(exported.code, exported.stderr).toBe(0);
      initTemplates[kind] = exported.stdout;
      const applied = await cli(["init", ...args, "--yes"]);
      expect(applied.code, applied.stderr).toBe(0);
    }),
  );
  // What only a person adds.
  const s = seeder(proxy.url, SOURCE);
  const shop = variantResourceId("exp-shop", "AllTraffic");
  await s.registerTarget({
    resourceId: shop,
    min: 1,
    max: 4,
    suspended: { DynamicScalingInSuspended: true },
  });
  await s.putPolicy("InvocationsPerInstanceCustom", shop, 900, {
    scaleInCooldown: 600,
    scaleOutCooldown: 120,
  });
  // CPU as a share of the instance's 2 vCPUs, by metric math: what ACK's ScalingPolicy cannot hold.
  await s.putPolicy("cpu-share", shop, 0.6, {
    customMetric: {
      Metrics: [
        {
          Id: "cpu",
          MetricStat: {
            Metric: {
              Namespace: "/aws/sagemaker/Endpoints",
              MetricName: "CPUUtilization",
              Dimensions: [
                { Name: "EndpointName", Value: "exp-shop" },
                { Name: "VariantName", Value: "AllTraffic" },
              ],
            },
            Stat: "Average",
          },
          ReturnData: false,
        },
        { Id: "share", Expression: "cpu / 200", Label: "CPU share of the instance", ReturnData: true },
      ],
    },
  });
  // A name with a "/", which the AWS provider's import ID cannot carry.
  await s.putPolicy("team/gpu-math", variantResourceId("exp-ranker", "AllTraffic"), 700, {
    scaleInCooldown: 300,
    scaleOutCooldown: 120,
  });
  await s.putScheduledAction({
    name: "weekday-morning",
    resourceId: shop,
    schedule: "cron(0 7 ? * MON-FRI *)",
    timezone: "Europe/Paris",
    startTime: new Date("2030-01-07T00:00:00Z"),
    endTime: new Date("2030-12-31T00:00:00Z"),
    min: 2,
  });
  const step = await s.putStepPolicy("shop-latency-step", shop, {
    AdjustmentType: "PercentChangeInCapacity",
    MetricAggregationType: "Maximum",
    Cooldown: 120,
    MinAdjustmentMagnitude: 1,
    StepAdjustments: [
      { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 500_000, ScalingAdjustment: 20 },
      { MetricIntervalLowerBound: 500_000, ScalingAdjustment: 50 },
    ],
  });
  await s.putAlarm({
    AlarmName: USER_ALARM,
    AlarmDescription: 'p99 model latency over 2 s: "scale out" and page',
    MetricName: "ModelLatency",
    Namespace: "AWS/SageMaker",
    ExtendedStatistic: "p99",
    Dimensions: [
      { Name: "EndpointName", Value: "exp-shop" },
      { Name: "VariantName", Value: "AllTraffic" },
    ],
    Period: 60,
    Unit: "Microseconds",
    EvaluationPeriods: 3,
    DatapointsToAlarm: 2,
    Threshold: 2_000_000,
    ComparisonOperator: "GreaterThanThreshold",
    TreatMissingData: "notBreaching",
    AlarmActions: [step, SNS],
  });
}, 120_000);

afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

// ------------------------------------------------------------------------------------------------ helpers

/** CloudFormation's short-form tags, as the intrinsic functions they stand for. */
const CFN_TAGS = [
  { tag: "!Ref", resolve: (v: string) => ({ Ref: v }) },
  { tag: "!Sub", resolve: (v: string) => ({ "Fn::Sub": v }) },
];
const resourcesOf = (template: string) =>
  (parse(template, { customTags: CFN_TAGS as never }) as { Resources: Record<string, unknown> }).Resources;

/** A template's resources without what CDK adds for itself (its metadata). */
function withoutCdkMetadata(resources: Record<string, Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [id, r] of Object.entries(resources)) {
    if (r["Type"] === "AWS::CDK::Metadata") continue;
    const { Metadata: _, ...rest } = r;
    out[id] = rest;
  }
  return out;
}

async function cfnLint(files: string[]): Promise<{ code: number; output: string }> {
  const { spawn } = await import("node:child_process");
  return new Promise((resolve, reject) => {
    const child = spawn("cfn-lint", ["--format", "parseable", "--", ...files], {
      env: cleanBaseEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      output += c.toString();
    });
    child.once("error", (e) =>
      reject((e as NodeJS.ErrnoException).code === "ENOENT" ? new Error("cfn-lint is not on PATH") : e),
    );
    child.once("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

/** The named alarms of a region, their actions read as "the policy P of R" where they are policy ARNs. */
async function alarmsOf(region: string, names: string[]) {
  const cw = new CloudWatchClient(emulatorClientConfig(proxy.url, region));
  const { ApplicationAutoScalingClient, DescribeScalingPoliciesCommand } = await import(
    "@aws-sdk/client-application-auto-scaling"
  );
  const aas = new ApplicationAutoScalingClient(emulatorClientConfig(proxy.url, region));
  try {
    const policies = new Map<string, string>();
    let token: string | undefined;
    do {
      const out = await aas.send(
        new DescribeScalingPoliciesCommand({
          ServiceNamespace: "sagemaker",
          MaxResults: 10,
          NextToken: token,
        }),
      );
      for (const p of out.ScalingPolicies ?? []) {
        policies.set(p.PolicyARN ?? "", `the policy ${p.PolicyName} of ${p.ResourceId}`);
      }
      token = out.NextToken;
    } while (token);
    const out = await cw.send(new DescribeAlarmsCommand({ AlarmNames: names }));
    return (out.MetricAlarms ?? [])
      .map((a) => ({
        AlarmName: a.AlarmName,
        AlarmDescription: a.AlarmDescription,
        MetricName: a.MetricName,
        Namespace: a.Namespace,
        Statistic: a.Statistic,
        ExtendedStatistic: a.ExtendedStatistic,
        // A map in the provider's schema: sent in Go's map order.
        Dimensions: [...(a.Dimensions ?? [])].sort((x, y) => (x.Name ?? "").localeCompare(y.Name ?? "")),
        Period: a.Period,
        Unit: a.Unit,
        EvaluationPeriods: a.EvaluationPeriods,
        DatapointsToAlarm: a.DatapointsToAlarm,
        Threshold: a.Threshold,
        ComparisonOperator: a.ComparisonOperator,
        // As asTerraformSends: "missing" is the default, and alarm_actions is a set in the provider's schema.
        TreatMissingData: a.TreatMissingData ?? "missing",
        AlarmActions: (a.AlarmActions ?? []).map((arn) => policies.get(arn) ?? arn).sort(),
      }))
      .sort((x, y) => (x.AlarmName ?? "").localeCompare(y.AlarmName ?? ""));
  } finally {
    cw.destroy();
    aas.destroy();
  }
}

/**
 * A state as Terraform writes it back, where that differs from the API without changing what it means: the provider
 * sends a metric's dimensions (a set in its schema) in its own order, and CloudWatch tells metrics apart by their
 * dimensions whatever the order; it sends treat_missing_data "missing" when it is left out (its default), which is
 * CloudWatch's own default when TreatMissingData is absent [BOTO cloudwatch PutMetricAlarm]; and a cooldown the
 * source left out is written as the 300 s AWS uses then.
 */
function asTerraformSends(state: AutoscalingState): AutoscalingState {
  // Every Dimensions list by name, metric math queries by id, step adjustments by their lower bound: sets in the
  // provider's schema.
  const sets = (v: unknown, key = ""): unknown => {
    if (Array.isArray(v)) {
      const items = v.map((i) => sets(i));
      const by = { Dimensions: "Name", Metrics: "Id", StepAdjustments: "MetricIntervalLowerBound" }[key];
      return by
        ? items.sort((a, b) =>
            String((a as Record<string, unknown>)[by]).localeCompare(
              String((b as Record<string, unknown>)[by]),
            ),
          )
        : items;
    }
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sets(x, k)]));
    }
    return v;
  };
  return {
    ...state,
    policies: state.policies.map((p) =>
      p.TargetTrackingScalingPolicyConfiguration
        ? {
            ...p,
            TargetTrackingScalingPolicyConfiguration: sets({
              // A cooldown left out is AWS's 300 s (§4): the export writes it out.
              ScaleInCooldown: 300,
              ScaleOutCooldown: 300,
              ...p.TargetTrackingScalingPolicyConfiguration,
            }) as Record<string, unknown>,
          }
        : {
            ...p,
            StepScalingPolicyConfiguration: sets(p.StepScalingPolicyConfiguration) as Record<string, unknown>,
          },
    ),
    alarms: state.alarms?.map((a) => ({ ...a, TreatMissingData: a.TreatMissingData ?? "missing" })),
  };
}

const STEP_ALARMS = [
  "sm-autoscale-exp-chat-no-capacity-invocation-failures",
  "sm-autoscale-exp-jobs-has-backlog-without-capacity",
  "sm-autoscale-exp-steps-AllTraffic-step-cpu-scale-in",
  "sm-autoscale-exp-steps-AllTraffic-step-cpu-scale-out",
  USER_ALARM,
];

// ------------------------------------------------------------------------------------------------ tests

describe("CloudFormation", () => {
  it("init --export is what init then applies: each of its resources is in the export of the live state", async () => {
    const all = await cli(["export", "--all", "--format", "cloudformation"]);
    expect(all.code, all.stderr).toBe(0);
    const live = resourcesOf(all.stdout);
    for (const [kind, template] of Object.entries(initTemplates)) {
      const planned = resourcesOf(template);
      expect(Object.keys(planned).length, kind).toBeGreaterThan(1);
      for (const [id, resource] of Object.entries(planned)) {
        // The live target of exp-shop was suspended afterwards, by hand: the rest is as planned.
        const got = live[id] as { Properties?: Record<string, unknown> } | undefined;
        if (id === "ExpShopAllTrafficTarget") {
          const { SuspendedState: _s, ScheduledActions: _a, ...rest } = got?.Properties ?? {};
          expect(rest, `${kind}: ${id}`).toEqual((resource as { Properties: unknown }).Properties);
        } else expect(got, `${kind}: ${id}`).toEqual(resource);
      }
    }
    // And what a person added: the custom policy, the scheduled action, the suspension, the step policy and its
    // alarm whose actions are the policy (by !Ref) and the SNS topic as it is.
    expect(live["ExpShopAllTrafficTarget"]).toMatchObject({
      Properties: {
        SuspendedState: { DynamicScalingInSuspended: true, DynamicScalingOutSuspended: false },
        ScheduledActions: [
          {
            ScheduledActionName: "weekday-morning",
            Schedule: "cron(0 7 ? * MON-FRI *)",
            Timezone: "Europe/Paris",
            StartTime: "2030-01-07T00:00:00Z",
            EndTime: "2030-12-31T00:00:00Z",
            ScalableTargetAction: { MinCapacity: 2 },
          },
        ],
      },
    });
    // init keeps the scheduled actions a person added: its export now declares them with the target.
    const again = await cli(["init", ...INITS["builtIn"]!, "--export", "cloudformation"]);
    expect(again.code, again.stderr).toBe(0);
    const target = resourcesOf(again.stdout)["ExpShopAllTrafficTarget"] as { Properties: unknown };
    expect(target.Properties).toMatchObject({
      ScheduledActions: (live["ExpShopAllTrafficTarget"] as { Properties: { ScheduledActions: unknown } })
        .Properties.ScheduledActions,
    });
    expect(again.stderr).toContain(
      "CloudFormation: 1 scalable target, 1 policy, 1 scheduled action, 0 alarms.",
    );
    expect(live["ShopLatencyHighAlarm"]).toMatchObject({
      Type: "AWS::CloudWatch::Alarm",
      Properties: { AlarmActions: [{ Ref: "ExpShopAllTrafficShopLatencyStepPolicy" }, SNS] },
    });
    expect(live["ExpShopAllTrafficInvocationsPerInstanceCustomPolicy"]).toMatchObject({
      Properties: {
        ScalingTargetId: { Ref: "ExpShopAllTrafficTarget" },
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 900,
          ScaleInCooldown: 600,
          ScaleOutCooldown: 120,
        },
      },
    });

    // cfn-lint: no error and no warning on any of them.
    const files = [["all", all.stdout], ...Object.entries(initTemplates)].map(([name, text]) => {
      const path = join(work, `cfn-${name}.yaml`);
      return { path, text: text ?? "" };
    });
    for (const f of files) await writeFile(f.path, f.text);
    const lint = await cfnLint(files.map((f) => f.path));
    expect(lint.output).toBe("");
    expect(lint.code).toBe(0);
  }, 60_000);
});

describe("Terraform", () => {
  it("apply recreates the exported state where only the endpoints are; with --import, plan changes nothing", async () => {
    const replay = join(work, "tf-replay");
    const adopt = join(work, "tf-import");
    await terraformDir(replay, proxy.url, REPLAY);
    await terraformDir(adopt, proxy.url, SOURCE);
    const [plain, imports] = await Promise.all([
      cli(["export", "--all", "--format", "terraform", "--out", replay]),
      cli(["export", "--all", "--format", "terraform", "--import", "--out", adopt]),
    ]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(imports.code, imports.stderr).toBe(0);
    expect(plain.stdout).toBe("");
    const hcl = await readFile(join(replay, "autoscaling.tf"), "utf8");
    expect(hcl).not.toMatch(/^provider /m);
    // Always the effective cooldowns: the provider would send 0 for one left out.
    expect(hcl.match(/scale_in_cooldown +=/g)?.length).toBe(
      hcl.match(/target_tracking_scaling_policy_configuration \{/g)?.length,
    );

    const fmt = await terraform(replay, ["fmt", "-check", "-diff", "autoscaling.tf"]);
    expect(fmt.stdout + fmt.stderr).toBe("");
    const inits = await Promise.all(
      [replay, adopt].map((dir) => terraform(dir, ["init", "-input=false", "-no-color"])),
    );
    for (const init of inits) expect(init.code, init.stderr).toBe(0);

    const [applied, planned] = await Promise.all([
      terraform(replay, ["apply", "-auto-approve", "-input=false", "-no-color"]),
      terraform(adopt, ["plan", "-input=false", "-no-color", "-detailed-exitcode"]),
    ]);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);

    // Adopting the live state changes nothing: every resource is imported, none replaced or destroyed. The
    // creations are the scheduled action, which the provider cannot import, and the policy whose name holds a "/",
    // which its import ID cannot carry (both said on stderr and in the file): PutScheduledAction and
    // PutScalingPolicy then put them again as they are. The one update is the cooldowns of the policy that has none
    // set: the provider reads "none" as 0, the file says what AWS uses, 300 (said too).
    expect(planned.code, planned.stdout + planned.stderr).toBe(2);
    expect(planned.stdout).toContain("Plan: 23 to import, 2 to add, 1 to change, 0 to destroy.");
    const actions = [...planned.stdout.matchAll(/^ {2}# (\S+) (will be \w+|must be replaced)/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(actions.filter((a) => !a.endsWith("will be imported"))).toEqual([
      "aws_appautoscaling_policy.exp_ranker_all_traffic_team_gpu_math will be created",
      "aws_appautoscaling_policy.exp_shop_all_traffic_cpu_share will be updated",
      "aws_appautoscaling_scheduled_action.exp_shop_all_traffic_weekday_morning will be created",
    ]);
    const changed = planned.stdout.slice(
      planned.stdout.indexOf("# aws_appautoscaling_policy.exp_shop_all_traffic_cpu_share"),
    );
    expect(changed.slice(0, changed.indexOf("\n    }")).match(/^ +~ \w+ += .*$/gm)).toEqual([
      "          ~ scale_in_cooldown  = 0 -> 300",
      "          ~ scale_out_cooldown = 0 -> 300",
    ]);
    expect(imports.stderr).toContain(
      'The policy "cpu-share" of endpoint/exp-shop/variant/AllTraffic has no cooldown set, so AWS uses 300 s',
    );
    expect(imports.stderr).toContain(
      'The scheduled action "weekday-morning" of endpoint/exp-shop/variant/AllTraffic: the AWS provider cannot import aws_appautoscaling_scheduled_action, so no import block adopts it: terraform plan shows it to be created',
    );
    expect(imports.stderr).toContain(
      'The policy "team/gpu-math" of endpoint/exp-ranker/variant/AllTraffic has a "/" in its name, which the AWS provider\'s import ID cannot carry (it takes the part after the last "/" as the name), so no import block adopts it and terraform import cannot either: terraform plan shows it to be created',
    );
    const header = (await readFile(join(adopt, "autoscaling.tf"), "utf8")).split("\nresource ")[0]!;
    expect(header).not.toContain("Not in this file");
    expect(header).toContain("# Where terraform plan shows more than imports:");

    const [from, to] = await Promise.all([readState(proxy.url, SOURCE), readState(proxy.url, REPLAY)]);
    expect(asTerraformSends(to)).toEqual(asTerraformSends(from));
    const [alarmsFrom, alarmsTo] = await Promise.all([
      alarmsOf(SOURCE, STEP_ALARMS),
      alarmsOf(REPLAY, STEP_ALARMS),
    ]);
    expect(alarmsTo).toHaveLength(STEP_ALARMS.length);
    expect(alarmsTo).toEqual(alarmsFrom);
  }, 180_000);
});

/** `node <args>` in `cwd`, in the clean environment. */
async function node(args: string[], cwd: string, env: Record<string, string> = {}) {
  const { spawn } = await import("node:child_process");
  return new Promise<{ code: number; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...cleanBaseEnv(), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      output += c.toString();
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

describe("CDK", () => {
  it("the app compiles, synthesizes, and its template is the CloudFormation export", async () => {
    const app = join(work, "cdk-app");
    const [written, cfn] = await Promise.all([
      cli(["export", "--all", "--format", "cdk", "--out", app]),
      cli(["export", "--all", "--format", "cloudformation"]),
    ]);
    expect(written.code, written.stderr).toBe(0);
    expect(cfn.code, cfn.stderr).toBe(0);
    for (const file of [
      "package.json",
      "cdk.json",
      "tsconfig.json",
      "bin/app.ts",
      "lib/sagemaker-autoscaling-stack.ts",
    ]) {
      expect(written.stderr).toContain(`Wrote ${join(app, file)}`);
    }
    // Offline: the app's dependencies are sm-autoscale's own devDependencies (same versions, see the unit tests).
    symlinkSync(join(REPO_ROOT, "node_modules"), join(app, "node_modules"), "dir");
    const tsc = await node(
      [join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", "."],
      app,
    );
    expect(tsc.output).toBe("");
    expect(tsc.code).toBe(0);
    const outdir = join(app, "cdk.out");
    // What `cdk synth` runs (cdk.json's app), with the CLI's output directory: app.synth() writes the template.
    const synth = await node([join(REPO_ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "bin/app.ts"], app, {
      CDK_OUTDIR: outdir,
    });
    expect(synth.code, synth.output).toBe(0);
    const template = JSON.parse(readFileSync(join(outdir, "SageMakerAutoscaling.template.json"), "utf8")) as {
      Resources: Record<string, Record<string, unknown>>;
    };
    expect(withoutCdkMetadata(template.Resources)).toEqual(resourcesOf(cfn.stdout));
    // The service-linked role, never a role of the construct's own.
    expect(Object.values(template.Resources).map((r) => r["Type"])).not.toContain("AWS::IAM::Role");
  }, 120_000);
});

describe("ACK", () => {
  it("every manifest is valid against the controller's CRDs; what ACK cannot hold is named and commented", async () => {
    const out = await cli(["export", "--all", "--format", "ack"]);
    expect(out.code, out.stderr).toBe(0);
    const docs = validateAckManifests(out.stdout);
    for (const { doc, problems } of docs) expect(problems, JSON.stringify(doc.metadata)).toEqual([]);
    const state = await readState(proxy.url, SOURCE);
    const kinds = (kind: string) => docs.filter((d) => d.doc.kind === kind).map((d) => d.doc.spec);
    expect(kinds("ScalableTarget").map((s) => `${s["resourceID"]} ${s["scalableDimension"]}`)).toEqual(
      state.targets.map((t) => `${t.ResourceId} ${t.ScalableDimension}`),
    );
    // Every policy but the one on metric math, which ACK's CRD has no field for.
    expect(
      kinds("ScalingPolicy")
        .map((s) => s["policyName"])
        .sort(),
    ).toEqual(
      state.policies
        .map((p) => p.PolicyName)
        .filter((n) => n !== "cpu-share")
        .sort(),
    );
    // Adoption as the ACK runtime implements it: adopt the resource that exists, by the fields named.
    for (const { doc } of docs) {
      expect(doc.metadata.annotations?.["services.k8s.aws/adoption-policy"]).toBe("adopt-or-create");
      expect(
        JSON.parse(doc.metadata.annotations?.["services.k8s.aws/adoption-fields"] ?? "{}"),
      ).toMatchObject({
        resourceID: doc.spec["resourceID"],
        serviceNamespace: "sagemaker",
        scalableDimension: doc.spec["scalableDimension"],
      });
    }
    for (const left of [
      'The policy "cpu-share" of endpoint/exp-shop/variant/AllTraffic tracks metric math',
      'The scheduled action "weekday-morning" of endpoint/exp-shop/variant/AllTraffic: ACK\'s Application Auto Scaling controller has no scheduled actions',
      ...STEP_ALARMS.map((a) => `The CloudWatch alarm "${a}"`),
    ]) {
      expect(out.stderr).toContain(left);
      expect(out.stdout).toContain(`# - ${left}`);
    }
    // The commands that put them, in the comments, with the step policy's ARN from the controller's status.
    expect(out.stdout).toContain("#   aws application-autoscaling put-scheduled-action \\");
    expect(out.stdout).toMatch(
      /^# {3}POLICY_ARN=\$\(kubectl get scalingpolicy exp-jobs-all-traffic-sm-autoscale-async-scale-out-from-zero -o jsonpath='\{\.status\.ackResourceMetadata\.arn\}'\)$/m,
    );
  });
});

describe("the proxy's ListTagsForResource (what the AWS provider calls after creating a target)", () => {
  it("answers the tags given at registration for a target that exists, ResourceNotFoundException otherwise", async () => {
    const { ApplicationAutoScalingClient, ListTagsForResourceCommand, RegisterScalableTargetCommand } =
      await import("@aws-sdk/client-application-auto-scaling");
    const client = new ApplicationAutoScalingClient(
      emulatorClientConfig(proxy.url, SOURCE, { maxAttempts: 1 }),
    );
    try {
      const { ScalableTargetARN } = await client.send(
        new RegisterScalableTargetCommand({
          ServiceNamespace: "sagemaker",
          ResourceId: variantResourceId("exp-bare", "AllTraffic"),
          ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
          MinCapacity: 1,
          MaxCapacity: 2,
          Tags: { team: "search" },
        }),
      );
      const tags = await client.send(new ListTagsForResourceCommand({ ResourceARN: ScalableTargetARN }));
      expect(tags.Tags).toEqual({ team: "search" });
      const missing = ScalableTargetARN!.replace(/scalable-target\/.*$/, "scalable-target/0123456789abcdef");
      await expect(
        client.send(new ListTagsForResourceCommand({ ResourceARN: missing })),
      ).rejects.toMatchObject({
        name: "ResourceNotFoundException",
      });
    } finally {
      const { DeregisterScalableTargetCommand } = await import("@aws-sdk/client-application-auto-scaling");
      await client.send(
        new DeregisterScalableTargetCommand({
          ServiceNamespace: "sagemaker",
          ResourceId: variantResourceId("exp-bare", "AllTraffic"),
          ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
        }),
      );
      client.destroy();
    }
  });
});

describe("scopes and failures", () => {
  it("--variant, --inference-component and a whole endpoint export exactly their targets", async () => {
    const [variant, component, endpoint] = await Promise.all([
      cli(["export", "--endpoint", "exp-jobs", "--variant", "AllTraffic", "--format", "cloudformation"]),
      cli([
        "export",
        "--endpoint",
        "exp-llm",
        "--inference-component",
        "exp-chat",
        "--format",
        "cloudformation",
      ]),
      cli(["export", "--endpoint", "exp-llm", "--format", "cloudformation"]),
    ]);
    for (const r of [variant, component, endpoint]) expect(r.code, r.stderr).toBe(0);
    expect(Object.keys(resourcesOf(variant.stdout))).toEqual([
      "ExpJobsAllTrafficTarget",
      "ExpJobsAllTrafficSmAutoscaleAsyncBacklogPerInstancePolicy",
      "ExpJobsAllTrafficSmAutoscaleAsyncScaleOutFromZeroPolicy",
      "SmAutoscaleExpJobsHasBacklogWithoutCapacityAlarm",
    ]);
    // The endpoint's only target is its component's copies.
    expect(resourcesOf(endpoint.stdout)).toEqual(resourcesOf(component.stdout));
    expect(Object.keys(resourcesOf(component.stdout))).toContain("ExpChatTarget");
  });

  it("says what it could not find, with exit 1; bad flags exit 2 before any AWS call", async () => {
    const bare = await cli(["export", "--endpoint", "exp-bare", "--format", "terraform"]);
    expect(bare.code).toBe(1);
    expect(bare.stdout).toBe("");
    expect(bare.stderr).toContain(
      `Nothing to export: endpoint exp-bare has no autoscaling in ${SOURCE} (no scalable target).`,
    );
    const missing = await cli(["export", "--endpoint", "exp-nope", "--format", "ack"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`Endpoint "exp-nope" was not found in ${SOURCE}.`);
    const other = await cli([
      "export",
      "--endpoint",
      "exp-shop",
      "--inference-component",
      "exp-chat",
      "--format",
      "cdk",
    ]);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(
      'Inference component "exp-chat" runs on endpoint "exp-llm", not "exp-shop".',
    );
    const usage = await cli(["export", "--endpoint", "exp-shop", "--format", "cdk", "--import"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--import applies only to --format terraform");
  });
});
