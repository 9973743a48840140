import type { ScheduledAction } from "@aws-sdk/client-application-auto-scaling";
import { SERVICE_NAMESPACE } from "../domain/constants.js";
import { restoreScheduledActionStep } from "./build-teardown.js";
import { scheduledActionFields, stateMatches } from "./effects.js";
import type { PlanStep, ScalingPlan } from "./types.js";

/** The scalable target a scheduled action belongs to, and how the user names it ("shop/AllTraffic"). */
export interface ScheduleTarget {
  resourceId: string;
  dimension: string;
  where: string;
}

/** A scheduled action to put, as the flags give it. */
export interface ScheduledActionSettings {
  name: string;
  schedule: string;
  timezone?: string | undefined;
  start?: Date | undefined;
  end?: Date | undefined;
  min?: number | undefined;
  max?: number | undefined;
}

/** "cron(0 8 ? * MON-FRI *) in Europe/Berlin, from … until …: min 2, max 8", for summaries and messages. */
export function describeAction(a: {
  Schedule?: string | undefined;
  Timezone?: string | undefined;
  StartTime?: Date | undefined;
  EndTime?: Date | undefined;
  ScalableTargetAction?: { MinCapacity?: number | undefined; MaxCapacity?: number | undefined } | undefined;
}): string {
  const sets = [
    ...(a.ScalableTargetAction?.MinCapacity !== undefined && a.ScalableTargetAction.MinCapacity !== null
      ? [`min ${a.ScalableTargetAction.MinCapacity}`]
      : []),
    ...(a.ScalableTargetAction?.MaxCapacity !== undefined && a.ScalableTargetAction.MaxCapacity !== null
      ? [`max ${a.ScalableTargetAction.MaxCapacity}`]
      : []),
  ];
  return (
    `${a.Schedule ?? "?"}${a.Timezone ? ` in ${a.Timezone}` : ""}` +
    `${a.StartTime ? `, from ${a.StartTime.toISOString()}` : ""}${a.EndTime ? ` until ${a.EndTime.toISOString()}` : ""}` +
    `: ${sets.length > 0 ? sets.join(", ") : "no capacity"}`
  );
}

function putStep(target: ScheduleTarget, s: ScheduledActionSettings): PlanStep {
  const input = {
    ServiceNamespace: SERVICE_NAMESPACE,
    ScheduledActionName: s.name,
    ResourceId: target.resourceId,
    ScalableDimension: target.dimension,
    Schedule: s.schedule,
    ...(s.timezone !== undefined ? { Timezone: s.timezone } : {}),
    ...(s.start !== undefined ? { StartTime: s.start } : {}),
    ...(s.end !== undefined ? { EndTime: s.end } : {}),
    ScalableTargetAction: {
      ...(s.min !== undefined ? { MinCapacity: s.min } : {}),
      ...(s.max !== undefined ? { MaxCapacity: s.max } : {}),
    },
  } as const;
  return {
    service: "application-autoscaling",
    operation: "PutScheduledAction",
    input: input as Extract<PlanStep, { operation: "PutScheduledAction" }>["input"],
    summary: `Schedule "${s.name}" on ${target.where}: ${describeAction(input)}`,
    undo: deleteStep(target, s.name, `Delete the scheduled action "${s.name}" of ${target.where} again`),
  };
}

function deleteStep(target: ScheduleTarget, name: string, summary: string): PlanStep {
  return {
    service: "application-autoscaling",
    operation: "DeleteScheduledAction",
    input: {
      ServiceNamespace: SERVICE_NAMESPACE,
      ScheduledActionName: name,
      ResourceId: target.resourceId,
      ScalableDimension: target.dimension as never,
    },
    summary,
  };
}

/**
 * What `schedule add` changes, as data. Pure: the action of the same name, if any, was read before.
 *
 * A new name is one PutScheduledAction, undone by deleting it. An action of the same name that differs is deleted
 * first and put anew, each step undone by the other's inverse (the old action put back exactly as read): AWS's
 * PutScheduledAction updates in place only "the parameters that you want to change" (an update without
 * --timezone would keep the old time zone; [BOTO] PutScheduledAction), so put alone could leave a mix of the old
 * action and the new. An identical action needs nothing.
 */
export function buildScheduleAddPlan(
  target: ScheduleTarget,
  settings: ScheduledActionSettings,
  existing: ScheduledAction | undefined,
): ScalingPlan {
  const put = putStep(target, settings);
  const title = `Schedule "${settings.name}" on ${target.where}`;
  if (!existing) return { title, steps: [put] };
  const wanted = { exists: true as const, fields: scheduledActionFields(put.input as ScheduledAction) };
  const now = { exists: true as const, fields: scheduledActionFields(existing) };
  if (stateMatches(wanted, now)) return { title, steps: [] };
  return {
    title: `Replace the scheduled action "${settings.name}" on ${target.where}`,
    steps: [removeStep(target, existing, "replaced"), put],
  };
}

function removeStep(target: ScheduleTarget, action: ScheduledAction, why?: "replaced"): PlanStep {
  const name = action.ScheduledActionName ?? "";
  return {
    ...deleteStep(
      target,
      name,
      `Delete the scheduled action "${name}" of ${target.where} (${describeAction(action)})${why === "replaced" ? ", to put it anew" : ""}`,
    ),
    undo: restoreScheduledActionStep(action, `Put back the scheduled action "${name}" of ${target.where}`),
  };
}

/** What `schedule remove` changes: one DeleteScheduledAction, undone by putting the action back as read. */
export function buildScheduleRemovePlan(target: ScheduleTarget, action: ScheduledAction): ScalingPlan {
  return {
    title: `Remove the scheduled action "${action.ScheduledActionName}" of ${target.where}`,
    steps: [removeStep(target, action)],
  };
}
