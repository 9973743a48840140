import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { buildInitPlan } from "../../src/plan/build-init.js";
import { renderPlanScript, renderStep } from "../../src/plan/render-cli.js";
import { shellQuote } from "../../src/plan/shell.js";
import { outputRef, type PlanStep } from "../../src/plan/types.js";

/** What bash makes of a word: the arguments it would pass to a program. */
function bashArgs(words: string): string[] {
  const out = execFileSync("bash", ["-c", `printf '%s\\0' ${words}`], { encoding: "utf8" });
  return out.split("\0").slice(0, -1);
}

const settings = {
  endpointName: "churn-predictor",
  variantName: "AllTraffic",
  minCapacity: 1,
  maxCapacity: 4,
  targetValue: 300,
  scaleInCooldown: 600,
  scaleOutCooldown: 60,
  disableScaleIn: false,
};

describe("shellQuote", () => {
  const tricky = [
    "plain",
    "with space",
    "it's",
    `double "quotes"`,
    "$HOME",
    "$(touch /tmp/pwned)",
    "`id`",
    "a;b && c || d",
    "semi;colon",
    "back\\slash",
    "glob*?[x]",
    "tab\there",
    "new\nline",
    "''",
    "!history",
    "~tilde",
    "",
    "ünïcödé ✓",
    "endpoint/evil\rFORGED\n✔ line/variant/x",
    "bell\x07 and escape\x1b[2J and back\\slash and it's",
  ];
  it.each(tricky)("round-trips %j through bash unchanged", (value) => {
    expect(bashArgs(shellQuote(value))).toEqual([value]);
  });

  it("spells control characters out, so a printed command never breaks or rewrites a line", () => {
    expect(shellQuote("a\nb\tc")).toBe("$'a\\nb\\tc'");
    expect(shellQuote("x\x1b[2J")).not.toMatch(/[\n\t\x1b]/);
  });

  it("leaves simple words unquoted so commands stay readable", () => {
    expect(shellQuote("endpoint/churn-predictor/variant/AllTraffic")).toBe(
      "endpoint/churn-predictor/variant/AllTraffic",
    );
    expect(shellQuote("sagemaker:variant:DesiredInstanceCount")).toBe(
      "sagemaker:variant:DesiredInstanceCount",
    );
  });
});

describe("renderStep", () => {
  const plan = buildInitPlan(settings, { policies: [] });

  it("renders the register step with every input as a flag, region last", () => {
    const register = plan.steps[1]!;
    expect(renderStep(register, { region: "eu-west-1" })).toBe(
      [
        "aws application-autoscaling register-scalable-target",
        "--service-namespace sagemaker",
        "--resource-id endpoint/churn-predictor/variant/AllTraffic",
        "--scalable-dimension sagemaker:variant:DesiredInstanceCount",
        "--min-capacity 1",
        "--max-capacity 4",
        "--region eu-west-1",
      ].join(" \\\n    "),
    );
  });

  it("renders structures as JSON and carries --profile when given", () => {
    const put = renderStep(plan.steps[2]!, { region: "us-east-1", profile: "prod admin" });
    expect(put).toContain("--policy-name SageMakerEndpointInvocationScalingPolicy");
    expect(put).toContain("--policy-type TargetTrackingScaling");
    expect(put).toContain(
      `--target-tracking-scaling-policy-configuration '{"TargetValue":300,"PredefinedMetricSpecification":{"PredefinedMetricType":"SageMakerVariantInvocationsPerInstance"},"ScaleInCooldown":600,"ScaleOutCooldown":60,"DisableScaleIn":false}'`,
    );
    expect(put.endsWith("--profile 'prod admin'")).toBe(true);
  });

  it("passes a value that starts with a dash as --flag=value so the CLI does not read it as a flag", () => {
    const step: PlanStep = {
      service: "application-autoscaling",
      operation: "DeleteScalingPolicy",
      input: {
        PolicyName: "-odd name",
        ServiceNamespace: "sagemaker",
        ResourceId: "endpoint/e/variant/v",
        ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
      },
      summary: "x",
    };
    const words = bashArgs(renderStep(step, { region: "us-east-1" }).replace(/\\\n/g, ""));
    expect(words).toContain("--policy-name=-odd name");
  });

  it("falls back to --cli-input-json for values the CLI would fetch as a file or URL", () => {
    const step: PlanStep = {
      service: "application-autoscaling",
      operation: "DeleteScalingPolicy",
      input: {
        PolicyName: "file://etc/passwd",
        ServiceNamespace: "sagemaker",
        ResourceId: "endpoint/e/variant/v",
        ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
      },
      summary: "x",
    };
    const words = bashArgs(renderStep(step, { region: "us-east-1" }).replace(/\\\n/g, ""));
    expect(words.slice(0, 3)).toEqual(["aws", "application-autoscaling", "delete-scaling-policy"]);
    expect(JSON.parse(words[4]!)).toEqual(step.input);
  });

  it('falls back to --cli-input-json for a value of exactly "--", which the CLI\'s argparse drops', () => {
    // Found by test/e2e/property-shell.test.ts: `--policy-name=--` reaches the CLI, which then sends PolicyName [].
    const step: PlanStep = {
      service: "application-autoscaling",
      operation: "DeleteScalingPolicy",
      input: {
        PolicyName: "--",
        ServiceNamespace: "sagemaker",
        ResourceId: "endpoint/e/variant/v",
        ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
      },
      summary: "x",
    };
    const words = bashArgs(renderStep(step, { region: "us-east-1" }).replace(/\\\n/g, ""));
    expect(words[3]).toBe("--cli-input-json");
    expect(JSON.parse(words[4]!)).toEqual(step.input);
    // Anything else that merely starts with dashes stays a readable --flag=value.
    const dashes = { ...step, input: { ...step.input, PolicyName: "--x" } } as PlanStep;
    expect(renderStep(dashes, { region: "us-east-1" })).toContain("--policy-name=--x");
  });

  it("an alarm action taken from an earlier step's output: the variable in the pending entry's place, the other actions kept", () => {
    const alarm: PlanStep = {
      service: "cloudwatch",
      operation: "PutMetricAlarm",
      input: {
        AlarmName: "sm-autoscale-chat-wake",
        AlarmActions: ["arn:aws:sns:r:1:pager", outputRef("RESTORED_POLICY_ARN_1")],
        MetricName: "NoCapacityInvocationFailures",
        Namespace: "AWS/SageMaker",
        Statistic: "Sum",
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanThreshold",
      },
      summary: "x",
    };
    // What bash passes to the aws CLI once the variable holds the ARN.
    const argsWith = (command: string) =>
      execFileSync("bash", ["-c", `printf '%s\\0' ${command.replace(/\\\n/g, "")}`], {
        encoding: "utf8",
        env: { ...process.env, RESTORED_POLICY_ARN_1: "arn:policy:new" },
      })
        .split("\0")
        .slice(0, -1);
    const flags = argsWith(renderStep(alarm, { region: "us-east-1" }));
    const at = flags.indexOf("--alarm-actions");
    expect(flags.slice(at, at + 3)).toEqual(["--alarm-actions", "arn:aws:sns:r:1:pager", "arn:policy:new"]);
    // Through --cli-input-json (a description the CLI would fetch as a URL forces it): the same, inside the JSON.
    const json = argsWith(
      renderStep(
        { ...alarm, input: { ...alarm.input, AlarmDescription: "https://wiki/runbook" } } as PlanStep,
        { region: "us-east-1" },
      ),
    );
    expect(json[3]).toBe("--cli-input-json");
    expect(JSON.parse(json[4]!).AlarmActions).toEqual(["arn:aws:sns:r:1:pager", "arn:policy:new"]);
  });

  it("a reference with a fallback gives the fallback, exactly, where the variable is unset: as a flag and in JSON", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${…} that the shell must not expand
    const awkward = "arn:x:${HOME}}\"`\\ $(id) 'q' *";
    const step = (extra: Record<string, unknown>): PlanStep => ({
      service: "cloudwatch",
      operation: "PutMetricAlarm",
      input: {
        AlarmName: "a",
        AlarmActions: [outputRef("NEW_ARN", awkward), "arn:aws:sns:r:1:pager"],
        MetricName: "M",
        Namespace: "N",
        Statistic: "Sum",
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanThreshold",
        ...extra,
      },
      summary: "x",
    });
    const args = (command: string, env: Record<string, string> = {}) =>
      execFileSync("bash", ["-c", `printf '%s\\0' ${command.replace(/\\\n/g, "")}`], {
        encoding: "utf8",
        env: { PATH: process.env["PATH"] ?? "", ...env },
      })
        .split("\0")
        .slice(0, -1);
    const flags = args(renderStep(step({}), { region: "r" }));
    const at = flags.indexOf("--alarm-actions");
    expect(flags.slice(at + 1, at + 3)).toEqual([awkward, "arn:aws:sns:r:1:pager"]);
    expect(args(renderStep(step({}), { region: "r" }), { NEW_ARN: "arn:new" })[at + 1]).toBe("arn:new");
    const json = args(renderStep(step({ AlarmDescription: "https://wiki" }), { region: "r" }));
    expect(JSON.parse(json[json.indexOf("--cli-input-json") + 1]!).AlarmActions).toEqual([
      awkward,
      "arn:aws:sns:r:1:pager",
    ]);
  });

  it("every rendered command is one bash command that starts with aws", () => {
    for (const step of plan.steps) {
      const command = renderStep(step, { region: "us-east-1" });
      expect(command.startsWith("aws ")).toBe(true);
      expect(bashArgs(command.replace(/\\\n/g, ""))[0]).toBe("aws");
    }
  });
});

describe("renderPlanScript", () => {
  it("is a bash script that tolerates an existing service-linked role and stops on any other error", () => {
    const script = renderPlanScript(buildInitPlan(settings, { policies: [] }), { region: "us-east-1" });
    expect(script.startsWith("#!/usr/bin/env bash\n")).toBe(true);
    expect(script).toContain("set -euo pipefail");
    expect(script).toMatch(/create-service-linked-role \\\n.*\n.*--region us-east-1 \|\| true/);
    expect(execFileSync("bash", ["-n"], { input: script }).toString()).toBe("");
  });
});
