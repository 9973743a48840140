import { printableLine } from "../ui/printable.js";
import { shellQuote } from "./shell.js";
import { type Operation, type PlanStep, parseOutputRef, type ScalingPlan, type Target } from "./types.js";

interface CliShape {
  service: string;
  command: string;
  /** API member → CLI flag, in the order printed. */
  flags: Record<string, string>;
}

/** How each plan operation is spelled for the AWS CLI. Members not listed here are rendered by the fallback. */
const CLI: Record<Operation, CliShape> = {
  CreateServiceLinkedRole: {
    service: "iam",
    command: "create-service-linked-role",
    flags: {
      AWSServiceName: "--aws-service-name",
      Description: "--description",
      CustomSuffix: "--custom-suffix",
    },
  },
  RegisterScalableTarget: {
    service: "application-autoscaling",
    command: "register-scalable-target",
    flags: {
      ServiceNamespace: "--service-namespace",
      ResourceId: "--resource-id",
      ScalableDimension: "--scalable-dimension",
      MinCapacity: "--min-capacity",
      MaxCapacity: "--max-capacity",
      RoleARN: "--role-arn",
      SuspendedState: "--suspended-state",
    },
  },
  PutScalingPolicy: {
    service: "application-autoscaling",
    command: "put-scaling-policy",
    flags: {
      PolicyName: "--policy-name",
      ServiceNamespace: "--service-namespace",
      ResourceId: "--resource-id",
      ScalableDimension: "--scalable-dimension",
      PolicyType: "--policy-type",
      TargetTrackingScalingPolicyConfiguration: "--target-tracking-scaling-policy-configuration",
      StepScalingPolicyConfiguration: "--step-scaling-policy-configuration",
    },
  },
  DeleteScalingPolicy: {
    service: "application-autoscaling",
    command: "delete-scaling-policy",
    flags: {
      PolicyName: "--policy-name",
      ServiceNamespace: "--service-namespace",
      ResourceId: "--resource-id",
      ScalableDimension: "--scalable-dimension",
    },
  },
  DeleteScheduledAction: {
    service: "application-autoscaling",
    command: "delete-scheduled-action",
    flags: {
      ScheduledActionName: "--scheduled-action-name",
      ServiceNamespace: "--service-namespace",
      ResourceId: "--resource-id",
      ScalableDimension: "--scalable-dimension",
    },
  },
  PutScheduledAction: {
    service: "application-autoscaling",
    command: "put-scheduled-action",
    flags: {
      Schedule: "--schedule",
      Timezone: "--timezone",
      ScheduledActionName: "--scheduled-action-name",
      ServiceNamespace: "--service-namespace",
      ResourceId: "--resource-id",
      ScalableDimension: "--scalable-dimension",
      StartTime: "--start-time",
      EndTime: "--end-time",
      ScalableTargetAction: "--scalable-target-action",
    },
  },
  DeregisterScalableTarget: {
    service: "application-autoscaling",
    command: "deregister-scalable-target",
    flags: {
      ServiceNamespace: "--service-namespace",
      ResourceId: "--resource-id",
      ScalableDimension: "--scalable-dimension",
    },
  },
  DeleteAlarms: { service: "cloudwatch", command: "delete-alarms", flags: { AlarmNames: "--alarm-names" } },
  PutMetricAlarm: {
    service: "cloudwatch",
    command: "put-metric-alarm",
    flags: {
      AlarmName: "--alarm-name",
      AlarmDescription: "--alarm-description",
      ActionsEnabled: "--actions-enabled",
      AlarmActions: "--alarm-actions",
      MetricName: "--metric-name",
      Namespace: "--namespace",
      Statistic: "--statistic",
      Dimensions: "--dimensions",
      Period: "--period",
      EvaluationPeriods: "--evaluation-periods",
      DatapointsToAlarm: "--datapoints-to-alarm",
      Threshold: "--threshold",
      ComparisonOperator: "--comparison-operator",
      TreatMissingData: "--treat-missing-data",
    },
  },
};

/**
 * The AWS CLI (v1 and v2) reads a string argument that starts with one of these as a file or URL to fetch
 * ("paramfile"), so such a value cannot be passed as a flag; the step is then rendered with --cli-input-json.
 */
const PARAMFILE_PREFIX = /^(file|fileb|https?):\/\//i;

/**
 * A value the AWS CLI cannot receive as a flag's argument in any spelling: either a paramfile, or exactly "--",
 * which its argument parser (argparse) drops even from `--flag=--`, leaving the parameter empty.
 */
function cannotBeAFlagValue(value: string): boolean {
  return PARAMFILE_PREFIX.test(value) || value === "--";
}

/**
 * Renders one step as a complete, pasteable AWS CLI command, as planned (with the shell variables that hold the
 * earlier steps' outputs). Lines after the first are continuations.
 */
export function renderStep(concrete: PlanStep, target: Target): string {
  const step = concrete.planned ?? concrete;
  const shape = CLI[step.operation];
  const input = step.input as unknown as Record<string, unknown>;
  const words: string[][] = [["aws", shape.service, shape.command]];
  const unknownMembers = Object.keys(input).filter((k) => input[k] !== undefined && !(k in shape.flags));
  if (unknownMembers.length > 0 || needsJsonInput(input)) {
    words.push(["--cli-input-json", jsonInputWithOutputs(input)]);
  } else {
    for (const [member, flag] of Object.entries(shape.flags)) {
      const value = input[member];
      if (value === undefined) continue;
      // An earlier step's output, captured into a shell variable by the step that produced it.
      words.push(
        Array.isArray(value) && value.some(isOutputRef)
          ? listWithOutputs(flag, value)
          : renderFlag(flag, value),
      );
    }
  }
  words.push(["--region", shellQuote(target.region)]);
  if (target.profile) words.push(["--profile", shellQuote(target.profile)]);
  if (step.output) words.push(["--query", step.output.member, "--output", "text"]);
  const command = words.map((w) => w.join(" ")).join(" \\\n    ");
  return step.output ? `${step.output.as}=$(${command})` : command;
}

const isOutputRef = (value: unknown) => parseOutputRef(value) !== undefined;

/**
 * An earlier step's output, as the shell variable the step that produced it captured: `"$NAME"`, or
 * `"${NAME:-fallback}"` where the plan has one. `encode` first fits the fallback to where it goes (JSON).
 */
function shellVariable(value: unknown, encode: (text: string) => string = (text) => text): string {
  const ref = parseOutputRef(value)!;
  if (ref.fallback === undefined) return `"$${ref.name}"`;
  // Inside "${NAME:-word}", the word still expands $, ` and \\; " would end the string and } the expansion.
  return `"\${${ref.name}:-${encode(ref.fallback).replace(/[\\$`"}]/g, "\\$&")}}"`;
}

/**
 * The input as --cli-input-json. An entry filled from an earlier step's output is spliced in as `"$NAME"` between
 * the single-quoted parts, so bash expands it inside the JSON.
 */
function jsonInputWithOutputs(input: Record<string, unknown>): string {
  const refs: string[] = [];
  const sentinel = (ref: string) => `@@sm-autoscale-output:${refs.push(ref) - 1}@@`;
  const filled = dropUndefined(
    Object.fromEntries(
      Object.entries(input).map(([k, v]) => [
        k,
        Array.isArray(v) ? v.map((entry) => (isOutputRef(entry) ? sentinel(entry) : entry)) : v,
      ]),
    ),
  );
  const inJson = (text: string) => JSON.stringify(text).slice(1, -1);
  return shellQuote(JSON.stringify(filled)).replace(
    /@@sm-autoscale-output:(\d+)@@/g,
    (_, i: string) => `'${shellVariable(refs[Number(i)], inJson)}'`,
  );
}

/** A list with entries filled from earlier steps' outputs: those become shell variables, the others stay. */
function listWithOutputs(flag: string, value: unknown[]): string[] {
  return [flag, ...value.map((v) => (isOutputRef(v) ? shellVariable(v) : shellQuote(String(v))))];
}

function renderFlag(flag: string, value: unknown): string[] {
  if (typeof value === "string") {
    // A value that starts with "-" would be read as a flag; the --flag=value form keeps it a value.
    return value.startsWith("-") ? [`${flag}=${shellQuote(value)}`] : [flag, shellQuote(value)];
  }
  if (typeof value === "number" || typeof value === "bigint") return [flag, String(value)];
  if (typeof value === "boolean") return [value ? flag : `--no-${flag.slice(2)}`];
  // The AWS CLI parses timestamps given as ISO 8601; JSON.stringify would add quotes it does not expect.
  if (value instanceof Date) return [flag, isoTimestamp(value)];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
    return [flag, ...value.map((v) => shellQuote(v))];
  }
  return [flag, shellQuote(JSON.stringify(value))];
}

function isoTimestamp(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, "Z");
}

function needsJsonInput(input: Record<string, unknown>): boolean {
  return Object.values(input).some((value) => {
    if (typeof value === "string") return cannotBeAFlagValue(value);
    if (Array.isArray(value))
      return value.some((v) => typeof v === "string" && (cannotBeAFlagValue(v) || v.startsWith("-")));
    return false;
  });
}

function dropUndefined(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}

/** The whole plan as a bash script: a comment per step, then its command. `init --dry-run > plan.sh` runs it. */
export function renderPlanScript(plan: ScalingPlan, target: Target): string {
  const lines = ["#!/usr/bin/env bash", `# ${plan.title}`, "set -euo pipefail", ""];
  for (const step of plan.steps) lines.push(renderStepWithComment(step, target), "");
  return lines.join("\n");
}

/** A step as printed while it runs: its summary as a comment, then the command. */
export function renderStepWithComment(step: PlanStep, target: Target): string {
  const comment = `# ${printableLine(step.summary)}`;
  if (step.operation === "CreateServiceLinkedRole") {
    // The role may already exist: AWS then answers InvalidInput ("has been taken"), which is fine.
    return `${comment} (an "already exists" or "has been taken" error is fine)\n${renderStep(step, target)} || true`;
  }
  return `${comment}\n${renderStep(step, target)}`;
}

/**
 * The AWS CLI command that sets a variant's instance count by hand (UpdateEndpointWeightsAndCapacities, [BOTO]
 * DesiredWeightAndCapacity), on one line: for advice in a message, not a plan step (sm-autoscale never changes an
 * endpoint itself).
 */
export function renderSetInstanceCount(
  endpointName: string,
  variantName: string,
  count: number,
  target: Target,
): string {
  return [
    "aws sagemaker update-endpoint-weights-and-capacities",
    `--endpoint-name ${shellQuote(endpointName)}`,
    `--desired-weights-and-capacities ${shellQuote(`VariantName=${variantName},DesiredInstanceCount=${count}`)}`,
    `--region ${shellQuote(target.region)}`,
    ...(target.profile ? [`--profile ${shellQuote(target.profile)}`] : []),
  ].join(" ");
}
