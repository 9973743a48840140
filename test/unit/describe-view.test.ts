import { execFileSync } from "node:child_process";
import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import type { DescribeModel, ModelPolicy, ModelVariant } from "../../src/domain/describe-model.js";
import { type FindingTarget, findingsFor } from "../../src/domain/findings.js";
import { renderDescribe, shellWords } from "../../src/ui/describe-view.js";
import { healthyVariant, modelPolicy, NOW, rid, TARGET } from "./describe-fixtures.js";

const plain = new Chalk({ level: 0 });
const colour = new Chalk({ level: 1 });
const ANSI = /\x1b\[[0-9;]*m/g;

const withFindings = (v: FindingTarget): ModelVariant => ({
  ...v,
  findings: findingsFor(v, { target: TARGET, now: NOW }),
});

function model(): DescribeModel {
  const troubled = healthyVariant({
    endpointName: "churn-predictor-with-a-rather-long-name",
    minCapacity: 2,
  });
  troubled.policies.push(
    modelPolicy({
      policyName: "InvocationsPerInstanceCustom",
      targetValue: 50,
      resourceId: troubled.resourceId,
    }),
  );
  troubled.activities!.unshift({
    startTime: "2025-06-01T11:00:00.000Z",
    statusCode: "Failed",
    description: "Setting desired instance count to 110.",
    statusMessage:
      "Failed to set desired instance count to 110. Reason: The account-level service limit 'ml.m5.large for " +
      "endpoint usage' is 20 Instances, with current utilization of 20 Instances and a request delta of 90 " +
      "Instances. Error Code: ResourceLimitExceeded",
  });
  const orphan = healthyVariant({
    endpointName: "gone",
    orphan: "endpoint",
    kind: null,
    endpointStatus: null,
  });
  return {
    region: "eu-west-3",
    endpointName: null,
    variants: [withFindings(healthyVariant()), withFindings(troubled), withFindings(orphan)].sort((a, b) =>
      (a.endpointName ?? "") < (b.endpointName ?? "") ? -1 : 1,
    ),
    unscaledEndpoints: [
      { endpointName: "idle", status: "InService" },
      { endpointName: "new-one", status: "Creating" },
    ],
    orphans: [{ resourceId: rid("gone"), scalableDimension: "sagemaker:variant:DesiredInstanceCount" }],
    unread: [],
  };
}

/** The fix commands of a rendering, each as a user copies it: the "fix:" line and its ` \` continuation lines. */
function fixCommands(text: string): string[] {
  const lines = text.replace(ANSI, "").split("\n");
  const commands: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const at = lines[i]!.indexOf("fix: ");
    if (at < 0) continue;
    const copied = [lines[i]!.slice(at + "fix: ".length)];
    while (copied.at(-1)!.endsWith(" \\")) copied.push(lines[++i]!);
    commands.push(copied.join("\n"));
  }
  return commands;
}

/** The arguments bash gives each command of `script` (the programs stubbed to print them, NUL-separated). */
function bashArgv(script: string): string {
  const stubs = `aws() { printf '%s\\0' aws "$@"; }\nsm-autoscale() { printf '%s\\0' sm-autoscale "$@"; }\n`;
  return execFileSync("bash", ["-c", stubs + script], { encoding: "utf8" });
}

describe("renderDescribe", () => {
  it("piped: stable plain text, one fact per line, no colour, nothing wrapped", () => {
    const text = renderDescribe(model(), { color: plain, now: NOW });
    expect(text).not.toMatch(ANSI);
    expect(text).toBe(renderDescribe(model(), { color: plain, now: NOW }));
    const lines = text.split("\n");
    expect(lines[0]).toBe("Autoscaling in eu-west-3");
    expect(text).toContain(
      [
        "ep / AllTraffic",
        "  real-time · ml.m5.large · InService",
        "  Instances: 2 now (desired 2), scales 1–4",
        "  Policy SageMakerEndpointInvocationScalingPolicy (built-in): SageMakerVariantInvocationsPerInstance target 100, cooldown in 300 s / out 300 s",
        "    alarms: AlarmHigh OK, AlarmLow OK",
        "  Last 1 activity:",
        "    2025-05-30 10:00Z  Successful  Setting desired instance count to 2.",
        "",
      ].join("\n"),
    );
    // The failed activity, with its full status message on the next line.
    expect(text).toMatch(
      / {4}2025-06-01 11:00Z {2}Failed {6}Setting desired instance count to 110\.\n {35}Failed to set/,
    );
    expect(text).toContain(
      '  warning  CUSTOM_POLICY_NAME: "InvocationsPerInstanceCustom" tracks SageMakerVariantInvocationsPerInstance',
    );
    expect(text).toContain(
      "           fix: sm-autoscale init --endpoint churn-predictor-with-a-rather-long-name --variant AllTraffic --replace-custom-policies --region eu-west-3",
    );
    expect(text).toContain(["Not autoscaled (2)", "  idle     InService", "  new-one  Creating"].join("\n"));
    expect(text).toContain(
      "Orphan targets (1)\n  endpoint/gone/variant/AllTraffic  sagemaker:variant:DesiredInstanceCount;",
    );
    expect(text).toContain("    warning  ORPHAN_TARGET: ");
    expect(lines.at(-2)).toBe(
      "2 variants autoscaled, 2 endpoints without autoscaling, 1 orphan target; 4 findings (1 error, 3 warnings).",
    );
    expect(text.endsWith("\n")).toBe(true);
  });

  it("on an 80-column terminal: every line fits, fix commands included; findings coloured", () => {
    const text = renderDescribe(model(), { color: colour, width: 80, now: NOW });
    expect(text).toMatch(ANSI);
    for (const l of text.split("\n")) expect(l.replace(ANSI, "").length, l).toBeLessThanOrEqual(80);
    // A fix wraps between words, a `--flag value` pair kept together, with a ` \` continuation.
    expect(text.replace(ANSI, "")).toContain(
      [
        "           fix: sm-autoscale init \\",
        "                  --endpoint churn-predictor-with-a-rather-long-name \\",
        "                  --variant AllTraffic --replace-custom-policies \\",
        "                  --region eu-west-3\n",
      ].join("\n"),
    );
    expect(text).toContain(colour.red.bold("error  "));
    expect(text).toContain(colour.yellow("warning"));
    // The failed activity is highlighted.
    expect(text).toContain(colour.red("Failed    "));
    // Wrapped prose keeps a hanging indent under its block.
    expect(text.replace(ANSI, "")).toMatch(/\n {35}\S/);
  });

  it("a wrapped fix, copied from the terminal, gives the shell exactly the arguments of the unwrapped one", () => {
    const oneLine = fixCommands(renderDescribe(model(), { color: plain, now: NOW }));
    for (const width of [40, 60, 80, 100]) {
      const wrapped = fixCommands(renderDescribe(model(), { color: colour, width, now: NOW }));
      expect(wrapped).toHaveLength(oneLine.length);
      // The test is not vacuous: commands were wrapped, a quoted argument with spaces among them.
      expect(wrapped.filter((c) => c.includes("\n")).length).toBeGreaterThan(0);
      for (const [i, command] of wrapped.entries()) {
        expect(bashArgv(command), command).toBe(bashArgv(oneLine[i]!));
      }
    }
    expect(oneLine.some((c) => / for endpoint usage/.test(c))).toBe(true);
  });

  it("says so when nothing is autoscaled, and scopes the heading to --endpoint", () => {
    const text = renderDescribe(
      {
        region: "eu-west-3",
        endpointName: "idle",
        variants: [],
        unscaledEndpoints: [{ endpointName: "idle", status: "InService" }],
        orphans: [],
        unread: [],
      },
      { color: plain, now: NOW },
    );
    expect(text).toBe(
      [
        "Autoscaling of endpoint idle in eu-west-3",
        "",
        "No endpoint variant here has a scalable target.",
        "",
        "Not autoscaled (1)",
        "  idle  InService",
        "",
        "0 variants autoscaled; 0 findings.",
        "",
      ].join("\n"),
    );
  });

  it("shows suspension, scheduled actions and a missing alarm", () => {
    const v = healthyVariant({
      suspended: {
        dynamicScalingInSuspended: true,
        dynamicScalingOutSuspended: false,
        scheduledScalingSuspended: false,
      },
      scheduledActions: [
        {
          name: "night",
          schedule: "cron(0 20 * * ? *)",
          timezone: "Europe/Paris",
          startTime: null,
          endTime: null,
          minCapacity: 1,
          maxCapacity: 1,
          nextRun: "2025-06-01T18:00:00.000Z",
          nextRunNote: null,
        },
      ],
      policies: [
        modelPolicy({
          alarms: [{ name: "TargetTracking-endpoint/ep/variant/AllTraffic-AlarmHigh-1", state: null }],
        }),
      ],
    });
    const text = renderDescribe(
      {
        region: "r",
        endpointName: null,
        variants: [withFindings(v)],
        unscaledEndpoints: [],
        orphans: [],
        unread: [],
      },
      { color: plain, now: NOW },
    );
    expect(text).toContain("  Instances: 2 now (desired 2), scales 1–4 · suspended: scale-in");
    // The next run in the action's own time zone, as `schedule list` shows it.
    expect(text).toContain(
      "  Scheduled night: cron(0 20 * * ? *) Europe/Paris → min 1, max 1 · next: 2025-06-01 20:00 Europe/Paris (in 6 h)\n",
    );
    expect(text).toContain("    alarms: AlarmHigh missing");
  });
});

describe("shellWords", () => {
  it("splits where bash splits, keeping quotes: joined again, the words are the command", () => {
    const command = `aws x --query 'a b'\\''c' --name "d \\" e" f\\ g && aws y`;
    expect(shellWords(command)).toEqual([
      "aws",
      "x",
      "--query",
      "'a b'\\''c'",
      "--name",
      '"d \\" e"',
      "f\\ g",
      "&&",
      "aws",
      "y",
    ]);
    expect(shellWords(command).join(" ")).toBe(command);
    expect(bashArgv(shellWords(command).join(" \\\n   "))).toBe(bashArgv(command));
  });
});

describe("renderDescribe: every kind", () => {
  const COPIES = "sagemaker:inference-component:DesiredCopyCount";
  const component = (name: string, overrides: Partial<FindingTarget> = {}) =>
    withFindings(
      healthyVariant({
        endpointName: "llm",
        resourceId: `inference-component/${name}`,
        scalableDimension: COPIES,
        kind: "inference-component",
        inferenceComponentName: name,
        instanceType: "ml.g5.2xlarge",
        currentInstanceCount: null,
        desiredInstanceCount: null,
        currentCopyCount: 1,
        desiredCopyCount: 2,
        minCapacity: 1,
        maxCapacity: 4,
        managedInstanceScaling: { status: "ENABLED", minInstanceCount: 0, maxInstanceCount: 2 },
        activities: [],
        policies: [
          modelPolicy({
            resourceId: `inference-component/${name}`,
            policyName: "sm-autoscale-invocations-per-copy",
            metric: "SageMakerInferenceComponentInvocationsPerCopy",
            targetValue: 10,
          }),
        ],
        ...overrides,
      }),
    );
  const kinds = (): DescribeModel => ({
    region: "eu-west-3",
    endpointName: null,
    variants: [
      withFindings(
        healthyVariant({
          endpointName: "embed",
          kind: "serverless",
          scalableDimension: "sagemaker:variant:DesiredProvisionedConcurrency",
          instanceType: null,
          currentInstanceCount: null,
          desiredInstanceCount: null,
          serverless: { maxConcurrency: 20, provisionedConcurrency: 3 },
          minCapacity: 1,
          maxCapacity: 10,
          activities: [],
        }),
      ),
      component("chat"),
      component("summ"),
      withFindings(
        healthyVariant({
          endpointName: "ranker",
          variantName: "Shadow",
          shadow: true,
          instancePools: ["ml.g5.xlarge", "ml.g6.xlarge"],
          instanceType: null,
          activities: [],
        }),
      ),
    ],
    unscaledEndpoints: [],
    orphans: [],
    unread: [],
  });

  it("groups the components under one heading for their endpoint and variant, indented", () => {
    const out = renderDescribe(kinds(), { color: plain, now: NOW });
    expect(out).toContain(
      [
        "llm / AllTraffic",
        "  inference components · ml.g5.2xlarge · InService",
        "  Managed instance scaling: 0–2 instances",
        "",
        "  inference component chat",
        "    Copies: 1 now (desired 2), scales 1–4",
        "    Policy sm-autoscale-invocations-per-copy (custom): SageMakerInferenceComponentInvocationsPerCopy target 10, cooldown in 300 s / out 300 s",
        "      alarms: AlarmHigh OK, AlarmLow OK",
        "    No scaling activity in the last six weeks",
        "",
        "  inference component summ",
      ].join("\n"),
    );
    expect(out.match(/^llm \/ AllTraffic$/gm)).toHaveLength(1);
    expect(out).toMatch(
      /\n2 variants and 2 inference components autoscaled, 0 endpoints without autoscaling; 0 findings\.\n$/,
    );
  });

  it("shows provisioned concurrency with MaxConcurrency, pools by priority, and a shadow variant", () => {
    const out = renderDescribe(kinds(), { color: plain, now: NOW });
    expect(out).toContain(
      "embed / AllTraffic\n  serverless · MaxConcurrency 20 · InService\n  Provisioned concurrency: 3 now, scales 1–10\n",
    );
    expect(out).toContain(
      "ranker / Shadow\n  real-time · shadow · pools ml.g5.xlarge > ml.g6.xlarge · InService\n",
    );
  });

  it("a step policy: what it adds when its alarm fires; a finding of a component indented with it", () => {
    const m = kinds();
    const chat = m.variants[1]!;
    chat.policies.unshift({
      ...modelPolicy({ resourceId: chat.resourceId, policyName: "sm-autoscale-ic-scale-out-from-zero" }),
      policyType: "StepScaling",
      metric: null,
      targetValue: null,
      alarms: [{ name: "sm-autoscale-chat-no-capacity-invocation-failures", state: "OK" }],
      source: {
        PolicyName: "sm-autoscale-ic-scale-out-from-zero",
        PolicyType: "StepScaling",
        StepScalingPolicyConfiguration: {
          AdjustmentType: "ChangeInCapacity",
          Cooldown: 60,
          StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
        },
      } as ModelVariant["policies"][number]["source"],
    });
    m.variants[2] = component("summ", { minCapacity: 0 });
    const out = renderDescribe(m, { color: plain, now: NOW });
    expect(out).toContain(
      "    Policy sm-autoscale-ic-scale-out-from-zero (custom): step scaling, +1 when its alarm fires, cooldown 60 s\n" +
        "      alarms: sm-autoscale-chat-no-capacity-invocation-failures OK\n",
    );
    expect(out).toContain("\n    error    NO_WAY_OUT_OF_ZERO: Minimum 0 copies");
    expect(out).toContain(
      "\n             fix: sm-autoscale init --endpoint llm --inference-component summ --min 0",
    );
  });

  it("a step policy says what each step does, on its alarm's metric when the alarm was read, and its cooldown", () => {
    const stepPolicy = (
      name: string,
      config: NonNullable<ModelPolicy["source"]["StepScalingPolicyConfiguration"]>,
      triggers: ModelPolicy["triggers"],
    ): ModelPolicy => ({
      ...modelPolicy({ policyName: name }),
      policyType: "StepScaling",
      builtIn: false,
      metric: null,
      targetValue: null,
      scaleInCooldown: null,
      scaleOutCooldown: null,
      disableScaleIn: null,
      alarms: triggers.map((t) => ({ name: t.name, state: "OK" })),
      source: {
        PolicyName: name,
        PolicyType: "StepScaling",
        StepScalingPolicyConfiguration: config,
      } as ModelPolicy["source"],
      triggered: true,
      triggers,
    });
    const cpu = (name: string, comparison: string, threshold: number) => ({
      name,
      watches: { namespace: "/aws/sagemaker/Endpoints", metricName: "CPUUtilization", comparison, threshold },
    });
    const v = healthyVariant({
      policies: [
        stepPolicy(
          "sm-autoscale-step-cpu-scale-out",
          {
            AdjustmentType: "ChangeInCapacity",
            Cooldown: 120,
            StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 2 }],
          },
          [cpu("sm-autoscale-ep-AllTraffic-step-cpu-scale-out", "GreaterThanThreshold", 120)],
        ),
        stepPolicy(
          "sm-autoscale-step-cpu-scale-in",
          {
            AdjustmentType: "ChangeInCapacity",
            StepAdjustments: [{ MetricIntervalUpperBound: 0, ScalingAdjustment: -1 }],
          },
          [cpu("sm-autoscale-ep-AllTraffic-step-cpu-scale-in", "LessThanThreshold", 60)],
        ),
        stepPolicy(
          "tiers",
          {
            AdjustmentType: "PercentChangeInCapacity",
            Cooldown: 60,
            StepAdjustments: [
              { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 40.5, ScalingAdjustment: 10 },
              { MetricIntervalLowerBound: 40.5, ScalingAdjustment: 50 },
            ],
          },
          [cpu("my-cpu-alarm", "GreaterThanOrEqualToThreshold", 120.1)],
        ),
        stepPolicy(
          "blind",
          {
            AdjustmentType: "ExactCapacity",
            StepAdjustments: [
              { MetricIntervalUpperBound: -20, ScalingAdjustment: 1 },
              { MetricIntervalLowerBound: -20, MetricIntervalUpperBound: 0, ScalingAdjustment: 2 },
            ],
          },
          [],
        ),
      ],
    });
    const out = renderDescribe(
      {
        region: "r",
        endpointName: null,
        variants: [withFindings(v)],
        unscaledEndpoints: [],
        orphans: [],
        unread: [],
      },
      { color: plain, now: NOW },
    );
    expect(out).toContain(
      [
        "  Policy sm-autoscale-step-cpu-scale-out (custom): step scaling, +2 when CPUUtilization > 120, cooldown 120 s",
        "    alarms: sm-autoscale-ep-AllTraffic-step-cpu-scale-out OK",
        "  Policy sm-autoscale-step-cpu-scale-in (custom): step scaling, -1 when CPUUtilization < 60, cooldown 300 s",
        "    alarms: sm-autoscale-ep-AllTraffic-step-cpu-scale-in OK",
        "  Policy tiers (custom): step scaling, on CPUUtilization: +10% from 120.1 to 160.6, +50% from 160.6 up, cooldown 60 s",
        "    alarms: my-cpu-alarm OK",
        "  Policy blind (custom): step scaling, set to 1 below -20, set to 2 from -20 to +0 (relative to its alarm's threshold), cooldown 300 s",
      ].join("\n"),
    );
  });
});
