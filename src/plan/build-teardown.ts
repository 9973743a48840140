import type {
  ScalableTarget,
  ScalingPolicy,
  ScheduledAction,
} from "@aws-sdk/client-application-auto-scaling";
import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { DIMENSION, OWN_ALARM_PREFIX, PAGE } from "../domain/constants.js";
import { parseResourceId } from "../domain/names.js";
import { printableLine } from "../ui/printable.js";
import { restoredAlarm, restorePolicyStep } from "./build-init.js";
import { outputRef, type PlanStep, type ScalingPlan } from "./types.js";

/** What Application Auto Scaling holds for one scalable target that teardown removes. */
export interface TeardownTarget {
  target: ScalableTarget;
  policies: ScalingPolicy[];
  scheduledActions: ScheduledAction[];
}

/**
 * A CloudWatch alarm whose name starts with OWN_ALARM_PREFIX, reduced to what tells which resource it serves:
 * the actions it triggers (our step policies' ARNs) and the dimensions of the metric(s) it watches.
 */
export interface OwnAlarm {
  name: string;
  actions: string[];
  dimensions: Record<string, string>;
  /** The alarm as DescribeAlarms returned it: what a rollback puts back when it re-points it. */
  source?: MetricAlarm | undefined;
}

/**
 * Which autoscaling a teardown removes. An endpoint's inference components are named by their own resource ids
 * (`inference-component/<name>`), not by the endpoint: `inferenceComponents` holds those found on the endpoint
 * (on the variant, with one), as read (ListInferenceComponents); see {@link resolveScope}.
 */
export type TeardownScope =
  | { kind: "all" }
  | {
      kind: "endpoint";
      endpointName: string;
      variantName?: string | undefined;
      inferenceComponents?: readonly string[] | undefined;
    }
  | { kind: "resources"; resourceIds: string[] };

/** Everything a teardown reads: the targets in scope and every alarm of ours in the region. */
export interface TeardownRead {
  targets: TeardownTarget[];
  ownAlarms: OwnAlarm[];
  /**
   * The alarms that are not ours but trigger a step policy in scope (the policy's `Alarms`), whole: deleting the
   * policy takes its ARN out of their actions, and a rollback puts it back.
   */
  otherAlarms?: MetricAlarm[] | undefined;
  /** With an endpoint scope: the inference components on it (on the variant, with one). */
  inferenceComponents?: string[] | undefined;
}

/** What the plan removes: the targets, and the names of our alarms that belong to them. */
export interface TeardownState {
  targets: TeardownTarget[];
  alarmNames: string[];
  /**
   * Every alarm (ours or not) whose actions name a step policy the plan deletes, whole: the rollback of that
   * deletion points it at the policy put back, which has a new ARN (facts doc §9 "Cascades", §14).
   */
  triggers?: MetricAlarm[] | undefined;
}

/** The scope with what was read to complete it: an endpoint's inference components. */
export function resolveScope(
  scope: TeardownScope,
  read: Pick<TeardownRead, "inferenceComponents">,
): TeardownScope {
  return scope.kind === "endpoint" && read.inferenceComponents !== undefined
    ? { ...scope, inferenceComponents: read.inferenceComponents }
    : scope;
}

const TARGET_TRACKING_ALARM = /^TargetTracking-/;

/** True for an alarm sm-autoscale created. Never an Application Auto Scaling target-tracking alarm (facts §5). */
export function isOwnAlarmName(name: string): boolean {
  return name.startsWith(OWN_ALARM_PREFIX) && !TARGET_TRACKING_ALARM.test(name);
}

/** Whether a scalable target falls in the scope. */
export function inScope(scope: TeardownScope, target: Pick<ScalableTarget, "ResourceId">): boolean {
  const resourceId = target.ResourceId ?? "";
  switch (scope.kind) {
    case "all":
      return true;
    case "resources":
      return scope.resourceIds.includes(resourceId);
    case "endpoint": {
      const parsed = parseResourceId(resourceId);
      if (parsed.kind === "inference-component") {
        return (scope.inferenceComponents ?? []).includes(parsed.inferenceComponentName);
      }
      return (
        parsed.kind === "variant" &&
        parsed.endpointName === scope.endpointName &&
        (scope.variantName === undefined || parsed.variantName === scope.variantName)
      );
    }
  }
}

/**
 * Whether one of our alarms belongs to what is being removed: it triggers one of the targets' policies, or the
 * metric it watches names a resource in scope. An alarm on a whole endpoint (EndpointName only, e.g. the async
 * HasBacklogWithoutCapacity alarm) goes with the endpoint, not with one of its variants, unless it triggers
 * that variant's policy. Alarms whose target is already gone are still found by their dimensions, so a second
 * run cleans up what a first one left.
 */
export function alarmBelongs(alarm: OwnAlarm, scope: TeardownScope, targets: TeardownTarget[]): boolean {
  if (!isOwnAlarmName(alarm.name)) return false;
  if (scope.kind === "all") return true;
  const policyArns = new Set(targets.flatMap((t) => t.policies.map((p) => p.PolicyARN ?? "")));
  if (alarm.actions.some((a) => policyArns.has(a))) return true;
  const dims = alarm.dimensions;
  if (scope.kind === "endpoint") {
    const component = dims["InferenceComponentName"];
    if (component !== undefined) return (scope.inferenceComponents ?? []).includes(component);
    return (
      dims["EndpointName"] === scope.endpointName &&
      (scope.variantName === undefined || dims["VariantName"] === scope.variantName)
    );
  }
  return scope.resourceIds.some((resourceId) => {
    const parsed = parseResourceId(resourceId);
    if (parsed.kind === "variant") {
      return dims["EndpointName"] === parsed.endpointName && dims["VariantName"] === parsed.variantName;
    }
    if (parsed.kind === "inference-component") {
      return dims["InferenceComponentName"] === parsed.inferenceComponentName;
    }
    return false;
  });
}

/**
 * Narrows what was read to the scope (completed by what was read: an endpoint's inference components): its
 * targets, the alarms of ours that belong to them, and every alarm that triggers one of their step policies.
 */
export function scopeState(read: TeardownRead, scope: TeardownScope): TeardownState {
  const resolved = resolveScope(scope, read);
  const targets = read.targets.filter((t) => inScope(resolved, t.target));
  const alarmNames = read.ownAlarms.filter((a) => alarmBelongs(a, resolved, targets)).map((a) => a.name);
  const stepArns = new Set(
    targets.flatMap((t) =>
      t.policies.flatMap((p) => (p.PolicyType === "StepScaling" && p.PolicyARN ? [p.PolicyARN] : [])),
    ),
  );
  const known = [...read.ownAlarms.flatMap((a) => (a.source ? [a.source] : [])), ...(read.otherAlarms ?? [])];
  const triggers = new Map<string, MetricAlarm>();
  for (const alarm of known) {
    if (alarm.AlarmName && (alarm.AlarmActions ?? []).some((a) => stepArns.has(a))) {
      triggers.set(alarm.AlarmName, alarm);
    }
  }
  const byName = (a: MetricAlarm, b: MetricAlarm) => ((a.AlarmName ?? "") < (b.AlarmName ?? "") ? -1 : 1);
  return {
    targets,
    alarmNames: [...new Set(alarmNames)].sort(),
    ...(triggers.size > 0 ? { triggers: [...triggers.values()].sort(byName) } : {}),
  };
}

export function isEmpty(state: TeardownState): boolean {
  return state.targets.length === 0 && state.alarmNames.length === 0;
}

/** A scalable target in the user's words: `my-ep/AllTraffic`, `my-ep/pc (provisioned concurrency)`. */
export function describeResource(resourceId: string, dimension: string | undefined): string {
  // A ResourceId may hold line breaks and tabs ([BOTO] ResourceIdMaxLen1600): never in a sentence as they are.
  const parsed = parseResourceId(printableLine(resourceId));
  if (parsed.kind === "variant") {
    const name = `${parsed.endpointName}/${parsed.variantName}`;
    return dimension === DIMENSION.provisionedConcurrency ? `${name} (provisioned concurrency)` : name;
  }
  if (parsed.kind === "inference-component") return `inference component ${parsed.inferenceComponentName}`;
  return printableLine(resourceId);
}

/**
 * What `teardown` changes, as data. Pure: the state it needs was read before.
 *
 * Per target: its scaling policies, then its scheduled actions, then the target itself. AWS would delete the
 * policies and scheduled actions with the target (facts §9), but moto and some older tools do not, and explicit
 * steps make the printed script complete. Every one of these steps carries an undo that recreates what it
 * removed, so a failure part-way is rolled back by the executor, newest first: target, then scheduled actions,
 * then policies.
 *
 * Deleting a step policy takes its ARN out of the actions of the alarms that trigger it, and a policy put back
 * gets a new ARN (facts doc §9 "Cascades", §14): the undo of such a deletion captures the new ARN (`output`),
 * and is followed (`undoAlso`) by a PutMetricAlarm per alarm in `state.triggers` that triggered it, putting the
 * alarm back as it was read with the new ARNs in place of the old ones (`outputRef`s, see repointStep).
 *
 * Our own alarms come last, in batches of at most 100 names (DeleteAlarms' limit), and have no undo: deleting
 * them is the plan's point of no return (PlanStep.irreversible), and placing them last means a rollback, which
 * only ever happens before it, finds them in place to re-point. Target-tracking alarms are never in the plan:
 * Application Auto Scaling deletes them with their policy.
 */
export function buildTeardownPlan(state: TeardownState, title?: string): ScalingPlan {
  const steps: PlanStep[] = [];
  // Each step policy an alarm triggers → those alarms; its ARN → the name of the output of the undo that puts it
  // back: each its own, as a plan may recreate several, and an alarm may trigger more than one of them.
  const triggers = new Map<ScalingPolicy, MetricAlarm[]>();
  const restored = new Map<string, string>();
  for (const policy of state.targets.flatMap((t) => t.policies)) {
    const arn = policy.PolicyARN;
    if (policy.PolicyType !== "StepScaling" || !arn) continue;
    const alarms = (state.triggers ?? []).filter((a) => (a.AlarmActions ?? []).includes(arn));
    if (alarms.length === 0) continue;
    triggers.set(policy, alarms);
    restored.set(arn, `RESTORED_POLICY_ARN_${restored.size + 1}`);
  }
  for (const { target, policies, scheduledActions } of state.targets) {
    const key = {
      ServiceNamespace: target.ServiceNamespace!,
      ResourceId: target.ResourceId!,
      ScalableDimension: target.ScalableDimension!,
    };
    const where = describeResource(key.ResourceId, key.ScalableDimension);
    for (const policy of policies) {
      const restore = restorePolicyStep(
        policy,
        `Recreate the scaling policy "${policy.PolicyName}" of ${where}`,
      );
      const alarms = triggers.get(policy);
      const as = alarms && restored.get(policy.PolicyARN!);
      steps.push({
        service: "application-autoscaling",
        operation: "DeleteScalingPolicy",
        input: { ...key, PolicyName: policy.PolicyName! },
        summary: `Delete the scaling policy "${policy.PolicyName}" of ${where}`,
        undo: as ? { ...restore, output: { member: "PolicyARN", as } } : restore,
        ...(alarms
          ? { undoAlso: alarms.map((alarm) => repointStep(alarm, restored, policy.PolicyName ?? "")) }
          : {}),
      });
    }
    for (const action of scheduledActions) {
      steps.push({
        service: "application-autoscaling",
        operation: "DeleteScheduledAction",
        input: { ...key, ScheduledActionName: action.ScheduledActionName! },
        summary: `Delete the scheduled action "${action.ScheduledActionName}" of ${where}`,
        undo: restoreScheduledActionStep(
          action,
          `Recreate the scheduled action "${action.ScheduledActionName}" of ${where}`,
        ),
      });
    }
    steps.push({
      service: "application-autoscaling",
      operation: "DeregisterScalableTarget",
      input: { ...key },
      summary: `Deregister the scalable target ${where} (was ${target.MinCapacity} to ${target.MaxCapacity})`,
      undo: {
        service: "application-autoscaling",
        operation: "RegisterScalableTarget",
        input: {
          ...key,
          MinCapacity: target.MinCapacity,
          MaxCapacity: target.MaxCapacity,
          ...(target.SuspendedState ? { SuspendedState: target.SuspendedState } : {}),
        },
        summary: `Register ${where} again as a scalable target: ${target.MinCapacity} to ${target.MaxCapacity}`,
      },
    });
  }
  for (let i = 0; i < state.alarmNames.length; i += PAGE.alarmNamesPerCall) {
    const names = state.alarmNames.slice(i, i + PAGE.alarmNamesPerCall);
    steps.push({
      service: "cloudwatch",
      operation: "DeleteAlarms",
      input: { AlarmNames: names },
      summary:
        names.length === 1
          ? `Delete the CloudWatch alarm ${names[0]} that sm-autoscale created`
          : `Delete ${names.length} CloudWatch alarms that sm-autoscale created`,
      irreversible: true,
    });
  }
  const count = state.targets.length;
  return {
    title: title ?? `Remove the autoscaling of ${count} scalable target${count === 1 ? "" : "s"}`,
    steps,
  };
}

/**
 * The alarm as it was read, each of its actions on a policy this plan deletes (`restored`: old ARN → the output
 * of the undo that puts it back) replaced by the ARN of the policy put back, or, where that undo has not run, the
 * ARN as read: the policy was not deleted. Rollback runs the undos newest first and each re-points every alarm
 * of its policy, so the last one leaves the alarm pointing at every policy it triggered. Its other actions stay.
 */
function repointStep(alarm: MetricAlarm, restored: Map<string, string>, policyName: string): PlanStep {
  const input = restoredAlarm(alarm);
  const repointed = (actions: string[] | undefined) =>
    actions?.map((a) => {
      const name = restored.get(a);
      return name === undefined ? a : outputRef(name, a);
    });
  return {
    service: "cloudwatch",
    operation: "PutMetricAlarm",
    input: {
      ...input,
      AlarmActions: repointed(input.AlarmActions),
      OKActions: repointed(input.OKActions),
      InsufficientDataActions: repointed(input.InsufficientDataActions),
    },
    summary: `Point the alarm ${alarm.AlarmName} at the recreated policy "${policyName}" again`,
  };
}

/** A PutScheduledAction that puts a scheduled action back exactly as it was read. */
export function restoreScheduledActionStep(action: ScheduledAction, summary: string): PlanStep {
  return {
    service: "application-autoscaling",
    operation: "PutScheduledAction",
    input: {
      ServiceNamespace: action.ServiceNamespace!,
      ScheduledActionName: action.ScheduledActionName!,
      ResourceId: action.ResourceId!,
      ScalableDimension: action.ScalableDimension!,
      ...present({
        Schedule: action.Schedule,
        Timezone: action.Timezone,
        StartTime: action.StartTime,
        EndTime: action.EndTime,
        ScalableTargetAction: action.ScalableTargetAction,
      }),
    },
    summary,
  };
}

/** The members that hold a value (a describe call may answer null for an absent member). */
function present<T extends object>(members: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(members).filter(([, v]) => v !== undefined && v !== null),
  ) as Partial<T>;
}
