import type {
  ScalableTarget,
  ScalingPolicy,
  ScheduledAction,
} from "@aws-sdk/client-application-auto-scaling";
import type { PutMetricAlarmInput } from "@aws-sdk/client-cloudwatch";
import { printableLine } from "../ui/printable.js";
import type { PlanStep } from "./types.js";

/**
 * What a plan step does to one AWS resource, derived from the step and its undo alone (pure): the resource it
 * touches, the state it leaves (`after`) and the state its undo puts back (`before`). The executor compares these
 * with the resource as read now, to know (not assume) whether a write whose reply was lost took effect, and
 * whether an undo would put back this run's change or clobber someone else's.
 */
export type ResourceRef =
  | { kind: "target"; key: TargetKey }
  | { kind: "policy"; key: TargetKey; policyName: string }
  | { kind: "scheduled-action"; key: TargetKey; actionName: string }
  | { kind: "alarms"; alarmNames: string[] }
  | { kind: "alarm"; alarmName: string };

export interface TargetKey {
  ServiceNamespace: string;
  ResourceId: string;
  ScalableDimension: string;
}

/**
 * A resource as far as plan steps write it. `fields` holds what a write sets (min/max of a target, the type
 * and configuration of a policy, …), normalised by {@link normalize}. A target also carries, under
 * `dependents`, the names of the policies and scheduled actions it holds now: not written by the step that
 * registers it, but what deregistering it would delete with it.
 */
export type ResourceState =
  | { exists: false }
  | {
      exists: true;
      fields: Record<string, unknown>;
      dependents?: string[] | undefined;
      /** A policy's ARN, which later steps may need (the alarm that triggers a step policy). */
      arn?: string | undefined;
      /**
       * Only the members in `fields` are compared: RegisterScalableTarget changes only the parameters it is given
       * ("any parameters that you don't specify are not changed", [BOTO]), so a suspension set by someone else
       * is neither this run's change nor a reason to think the target changed.
       */
      partial?: true;
    };

export interface StepEffect {
  resource: ResourceRef;
  /** The state this step leaves. */
  after: ResourceState;
  /** The state its undo puts back; undefined when the step has no undo. */
  before?: ResourceState | undefined;
}

const ABSENT: ResourceState = { exists: false };

/** The effect of a step on the one resource it writes; undefined for steps that write nothing to compare. */
export function effectOf(step: PlanStep): StepEffect | undefined {
  const after = writtenState(step);
  const resource = resourceOf(step);
  if (!after || !resource) return undefined;
  const before = step.undo ? writtenState(step.undo) : undefined;
  return { resource, after, ...(before ? { before } : {}) };
}

/** The resource a step writes. */
export function resourceOf(step: PlanStep): ResourceRef | undefined {
  switch (step.operation) {
    case "RegisterScalableTarget":
    case "DeregisterScalableTarget":
      return { kind: "target", key: keyOf(step.input) };
    case "PutScalingPolicy":
    case "DeleteScalingPolicy":
      return { kind: "policy", key: keyOf(step.input), policyName: step.input.PolicyName ?? "" };
    case "PutScheduledAction":
    case "DeleteScheduledAction":
      return {
        kind: "scheduled-action",
        key: keyOf(step.input),
        actionName: step.input.ScheduledActionName ?? "",
      };
    case "DeleteAlarms":
      return { kind: "alarms", alarmNames: [...(step.input.AlarmNames ?? [])] };
    case "PutMetricAlarm":
      return { kind: "alarm", alarmName: step.input.AlarmName ?? "" };
    case "CreateServiceLinkedRole":
      return undefined;
  }
}

/** The state of the resource once the step has run, in the terms a read returns. */
function writtenState(step: PlanStep): ResourceState | undefined {
  switch (step.operation) {
    case "RegisterScalableTarget":
      return { exists: true, fields: targetFields(step.input), partial: true };
    case "PutScalingPolicy":
      return { exists: true, fields: policyFields(step.input) };
    case "PutScheduledAction":
      return { exists: true, fields: scheduledActionFields(step.input) };
    case "PutMetricAlarm":
      return { exists: true, fields: alarmFields(step.input) };
    case "DeregisterScalableTarget":
    case "DeleteScalingPolicy":
    case "DeleteScheduledAction":
    case "DeleteAlarms":
      return ABSENT;
    case "CreateServiceLinkedRole":
      return undefined;
  }
}

/**
 * The members of a scalable target that a registration writes, as compared: from a step's input, or from what
 * DescribeScalableTargets returned (aws/probe.ts), so both sides pick the same members.
 */
export function targetFields(
  t: Partial<Pick<ScalableTarget, "MinCapacity" | "MaxCapacity" | "SuspendedState">>,
) {
  return normalize({
    MinCapacity: t.MinCapacity,
    MaxCapacity: t.MaxCapacity,
    SuspendedState: t.SuspendedState,
  });
}

/** The members of a scaling policy that PutScalingPolicy writes, as compared. */
export function policyFields(
  p: Partial<
    Pick<
      ScalingPolicy,
      "PolicyType" | "TargetTrackingScalingPolicyConfiguration" | "StepScalingPolicyConfiguration"
    >
  >,
) {
  return normalize({
    PolicyType: p.PolicyType,
    TargetTrackingScalingPolicyConfiguration: p.TargetTrackingScalingPolicyConfiguration,
    StepScalingPolicyConfiguration: p.StepScalingPolicyConfiguration,
  });
}

/** The members of a scheduled action that PutScheduledAction writes, as compared. */
export function scheduledActionFields(
  a: Partial<
    Pick<ScheduledAction, "Schedule" | "Timezone" | "StartTime" | "EndTime" | "ScalableTargetAction">
  >,
) {
  return normalize({
    Schedule: a.Schedule,
    Timezone: a.Timezone,
    StartTime: a.StartTime,
    EndTime: a.EndTime,
    ScalableTargetAction: a.ScalableTargetAction,
  });
}

/**
 * The members of a metric alarm that PutMetricAlarm writes, as compared: dimensions and actions as sets (AWS may
 * list them in any order).
 */
export function alarmFields(a: Partial<PutMetricAlarmInput>) {
  const byName = (x: { Name?: string | undefined }, y: { Name?: string | undefined }) =>
    (x.Name ?? "").localeCompare(y.Name ?? "");
  return normalize({
    MetricName: a.MetricName,
    Namespace: a.Namespace,
    Statistic: a.Statistic,
    Dimensions: a.Dimensions ? [...a.Dimensions].sort(byName) : undefined,
    Period: a.Period,
    EvaluationPeriods: a.EvaluationPeriods,
    DatapointsToAlarm: a.DatapointsToAlarm,
    Threshold: a.Threshold,
    ComparisonOperator: a.ComparisonOperator,
    TreatMissingData: a.TreatMissingData,
    AlarmActions: a.AlarmActions ? [...a.AlarmActions].sort() : undefined,
  });
}

function keyOf(input: { ServiceNamespace?: string; ResourceId?: string; ScalableDimension?: string }) {
  return {
    ServiceNamespace: input.ServiceNamespace ?? "",
    ResourceId: input.ResourceId ?? "",
    ScalableDimension: input.ScalableDimension ?? "",
  };
}

/**
 * Values as a read compares them: dates as ISO strings; members that are unset, null or false dropped (false is
 * every boolean's default here: DisableScaleIn, the SuspendedState flags), and with them objects left empty.
 * So a read that spells a default out and a write that left it implicit compare equal.
 */
export function normalize(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    const v = normalizeValue(member);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function normalizeValue(value: unknown): unknown {
  if (value === undefined || value === null || value === false) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => normalizeValue(v) ?? null);
  if (typeof value === "object") {
    const inner = normalize(value as Record<string, unknown>);
    return Object.keys(inner).length === 0 ? undefined : inner;
  }
  return value;
}

/**
 * Whether the resource as read (`actual`) is in the state `expected`: both absent, or both present with every
 * field the write sets holding the value it wrote. Fields AWS adds on its own (ARNs, alarms, creation time) are
 * not compared: they are never in `expected`.
 */
export function stateMatches(expected: ResourceState, actual: ResourceState): boolean {
  if (!expected.exists || !actual.exists) return expected.exists === actual.exists;
  if (expected.partial) return contains(expected.fields, actual.fields);
  return contains(expected.fields, actual.fields) && contains(actual.fields, expected.fields);
}

function contains(expected: unknown, actual: unknown): boolean {
  if (expected === actual) return true;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      expected.length === actual.length &&
      expected.every((e, i) => contains(e, actual[i]))
    );
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object") return false;
    const a = actual as Record<string, unknown>;
    return Object.entries(expected as Record<string, unknown>).every(([k, v]) => contains(v, a[k]));
  }
  return false;
}

/** The resource in the user's words, for "left as it is" lines. */
export function describeRef(ref: ResourceRef): string {
  return printableLine(describeRefRaw(ref));
}

function describeRefRaw(ref: ResourceRef): string {
  switch (ref.kind) {
    case "target":
      return `the scalable target ${ref.key.ResourceId}`;
    case "policy":
      return `the scaling policy "${ref.policyName}" of ${ref.key.ResourceId}`;
    case "scheduled-action":
      return `the scheduled action "${ref.actionName}" of ${ref.key.ResourceId}`;
    case "alarms":
      return ref.alarmNames.length === 1
        ? `the CloudWatch alarm ${ref.alarmNames[0]}`
        : `${ref.alarmNames.length} CloudWatch alarms`;
    case "alarm":
      return `the CloudWatch alarm ${ref.alarmName}`;
  }
}

/** What a read found, in a few words: "1 to 4 instances", "target 500", "absent". */
export function describeState(ref: ResourceRef, state: ResourceState): string {
  if (!state.exists) return "absent";
  const f = state.fields;
  switch (ref.kind) {
    case "target":
      return `${f["MinCapacity"] ?? "?"} to ${f["MaxCapacity"] ?? "?"}`;
    case "policy": {
      const tt = f["TargetTrackingScalingPolicyConfiguration"] as Record<string, unknown> | undefined;
      return tt?.["TargetValue"] !== undefined
        ? `target value ${tt["TargetValue"]}`
        : String(f["PolicyType"]);
    }
    case "scheduled-action":
      return String(f["Schedule"] ?? "present");
    case "alarms":
      return "still present";
    case "alarm":
      return `on ${f["MetricName"] ?? "?"}, threshold ${f["Threshold"] ?? "?"}`;
  }
}
