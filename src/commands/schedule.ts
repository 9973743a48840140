import type { ScheduledAction } from "@aws-sdk/client-application-auto-scaling";
import { describeEndpoint } from "../aws/discover.js";
import { readScheduledActions, readScheduleTarget } from "../aws/schedule-read.js";
import type { Context } from "../context.js";
import { parseResourceId } from "../domain/names.js";
import type { ScalingKind, ScalingSubject } from "../domain/scaling-kinds.js";
import { nextRun, type RunWindow, SCHEDULE_FORMS, type Schedule } from "../domain/schedule-expression.js";
import { capacityProblem, ceilingProblem, checkMinMax, floorProblem } from "../domain/validate.js";
import {
  missingScheduleAddFlags,
  type ScheduleFlags,
  type ScheduleWhere,
  scheduledActionNameProblem,
  timezoneNameProblem,
  timingProblem,
  validateScheduleAddFlags,
  validateScheduleListFlags,
  validateScheduleRemoveFlags,
} from "../domain/validate-schedule.js";
import { formatInZone } from "../domain/zoned-time.js";
import { CancelledError, CommandError, UsageError } from "../errors.js";
import {
  buildScheduleAddPlan,
  buildScheduleRemovePlan,
  describeAction,
  type ScheduleTarget,
} from "../plan/build-schedule.js";
import type { PlanStep } from "../plan/types.js";
import { printable } from "../ui/printable.js";
import {
  renderSchedulePlain,
  renderScheduleTable,
  type ScheduleListJson,
  scheduleRows,
  targetLabel,
} from "../ui/schedule-view.js";
import { applyPlan } from "./apply.js";
import { announceWhere, type ChangeContext, printDryRun, showPlan, withSpinner } from "./common.js";
import { askEndpoint, askSubject, askVariant } from "./init-ask.js";

/**
 * `sm-autoscale schedule add|list|remove`: scheduled actions, which set a scalable target's minimum and maximum
 * at given times (facts doc §14 "Step and scheduled scaling"). add and remove go validate → ask → execute →
 * recommend through a plan, as init and teardown do; list only reads.
 */
type ScheduleContext = ChangeContext;

/** How many upcoming runs `add` shows. */
const RUNS_SHOWN = 3;

const ADD_EXAMPLE =
  "Example: sm-autoscale schedule add --endpoint my-endpoint --name weekday-morning --schedule 'cron(0 8 ? * MON-FRI *)' --timezone Europe/Berlin --min 2 --yes";

export async function runScheduleAdd(
  terminal: ScheduleContext,
  flags: ScheduleFlags,
  now: () => Date = () => new Date(),
): Promise<void> {
  // validate: flags only, before any AWS call
  const answers = validateScheduleAddFlags(flags, now());
  const missing = missingScheduleAddFlags(answers);
  if (!terminal.canPrompt && missing.length > 0) {
    throw new UsageError(
      `Missing ${missing.join(", ")}: required when not running interactively (no terminal).`,
      ADD_EXAMPLE,
    );
  }
  // A run with every needed flag never prompts, not even in a terminal.
  const ctx: ScheduleContext = { ...terminal, canPrompt: terminal.canPrompt && missing.length > 0 };
  const { ui } = ctx;
  await announceWhere(ctx);

  // ask: the scalable target, found the way init finds it
  const endpointName =
    answers.endpoint ??
    (await askEndpoint(ctx, {
      needsTarget: { why: "a scheduled action sets the minimum and maximum of one" },
    }));
  const endpoint = await withSpinner(ctx, `Reading endpoint ${endpointName}`, () =>
    describeEndpoint(ctx.clients, endpointName),
  );
  const variant = await askVariant(ctx, endpoint, answers.variant);
  const { kind, subject } = await askSubject(ctx, variant, answers.inferenceComponent);
  const target: ScheduleTarget = {
    resourceId: kind.resourceId(subject),
    dimension: kind.dimension,
    where: kind.where(subject),
  };
  const state = await withSpinner(ctx, `Reading the scalable target of ${target.where}`, () =>
    readScheduleTarget(ctx.clients, target.resourceId, target.dimension),
  );
  if (!state.target) {
    // What init cannot configure either (on-demand serverless, burstable instances) says why, and what to do.
    const refusal = kind.refusal(subject);
    if (refusal) throw new CommandError(refusal.reason, refusal.hint);
    const which =
      subject.component !== undefined
        ? ` --inference-component ${subject.component.name}`
        : endpoint.variants.length > 1
          ? ` --variant ${subject.variantName}`
          : "";
    throw new CommandError(
      `${target.where} has no scalable target, so there is nothing to schedule: a scheduled action sets the minimum and maximum of one.`,
      `Set up its autoscaling first: sm-autoscale init --endpoint ${endpointName}${which}`,
    );
  }

  const name =
    answers.name ??
    (await (
      await ctx.prompter()
    ).input({
      id: "name",
      message: "Name of the scheduled action",
      validate: (v) => {
        const problem = scheduledActionNameProblem(v);
        return problem ? `The name ${problem}.` : true;
      },
    }));
  const given = { timezone: answers.timezone, start: answers.start, end: answers.end };
  const scheduleText =
    answers.schedule ??
    (await (
      await ctx.prompter()
    ).input({
      id: "schedule",
      message: `Schedule: ${SCHEDULE_FORMS}`,
      validate: (v) => {
        const timing = timingProblem(v, given, now());
        if (!("problem" in timing)) return true;
        return timing.flag === "--schedule"
          ? `The schedule ${timing.problem}.`
          : `${timing.flag} ${timing.problem}.`;
      },
    }));
  let timing = timingProblem(scheduleText, given, now());
  if ("problem" in timing) throw new UsageError(`${timing.flag} ${timing.problem}.`);
  // A cron or at expression runs in a time zone (UTC unless told); a person is asked, not defaulted silently.
  // A rate has none ([BOTO] PutScheduledAction Timezone: "an at or cron expression").
  if (given.timezone === undefined && ctx.canPrompt && timing.schedule.kind !== "rate") {
    const zone = (
      await (
        await ctx.prompter()
      ).input({
        id: "timezone",
        message: "Time zone it runs in (an IANA name such as Europe/Berlin or America/New_York)",
        default: "UTC",
        validate: (v) => {
          const named = timezoneNameProblem(v.trim());
          if (named) return `The time zone ${named}`;
          const checked = timingProblem(scheduleText, { ...given, timezone: v.trim() }, now());
          return "problem" in checked ? `${checked.flag} ${checked.problem}.` : true;
        },
      })
    ).trim();
    // UTC is AWS's own default: left unset, as a run without --timezone leaves it.
    if (zone !== "UTC") {
      given.timezone = zone;
      timing = timingProblem(scheduleText, given, now());
      if ("problem" in timing) throw new UsageError(`${timing.flag} ${timing.problem}.`);
    }
  }
  const { min, max } = await askCapacity(ctx, answers, kind, subject, {
    min: state.target.MinCapacity,
    max: state.target.MaxCapacity,
  });

  // execute
  const existing = state.actions.find((a) => a.ScheduledActionName === name);
  const settings = { name, schedule: scheduleText, ...given, min, max };
  const plan = buildScheduleAddPlan(target, settings, existing);
  const next = `Next: sm-autoscale schedule list --endpoint ${endpointName}`;
  if (plan.steps.length === 0 && existing) {
    ui.success(`Nothing to change: "${name}" on ${target.where} is already ${describeAction(existing)}.`);
    ui.info(next);
    return;
  }
  if (existing) {
    ui.warn(
      `${target.where} already has a scheduled action named "${name}" (${describeAction(existing)}): it is replaced.`,
    );
  }
  if (state.target.SuspendedState?.ScheduledScalingSuspended) {
    ui.warn(
      `Scheduled scaling is suspended on ${target.where}: the action will not run until it is resumed (register-scalable-target --suspended-state ScheduledScalingSuspended=false).`,
    );
  }
  const runs = upcoming(timing.schedule, { ...given, createdAt: now() }, now(), RUNS_SHOWN);
  const sayRuns = () =>
    ui.info(
      `It runs ${runs.length === 1 ? "once, at" : "next at"} ${runs.map((r) => formatInZone(r, given.timezone ?? "UTC")).join(", then ")}` +
        `${timing.schedule.kind === "rate" && !given.start ? " (a rate without --start counts from when AWS creates the action)" : ""}.`,
    );

  if (answers.dryRun) {
    sayRuns();
    printDryRun(ctx, plan, "schedule add");
    return;
  }
  showPlan(ctx, plan);
  sayRuns();
  if (!answers.yes) {
    const ok = await (await ctx.prompter()).confirm({
      id: "confirm",
      message: existing ? `Replace "${name}"?` : "Add this scheduled action?",
      default: !existing,
    });
    if (!ok) throw new CancelledError("Cancelled; no changes made.", 1);
  }

  ui.heading("Applying");
  await applyPlan(ctx, plan, { already });

  // recommend
  ui.success(
    `Scheduled "${name}" on ${target.where}: ${describeAction(plan.steps.at(-1)!.input as ScheduledAction)}.`,
  );
  ui.info("");
  ui.info(next);
}

/** The runs after `now`, at most `count`. */
function upcoming(schedule: Schedule, window: RunWindow, now: Date, count: number): Date[] {
  const runs: Date[] = [];
  let after = now;
  while (runs.length < count) {
    const at = nextRun(schedule, window, after);
    if (!at) break;
    runs.push(at);
    after = at;
  }
  return runs;
}

function already(step: PlanStep): string {
  return step.operation === "DeleteScheduledAction"
    ? `${step.summary}: already gone`
    : `${step.summary}: already done`;
}

/**
 * The capacity the action sets: the flags (at least one), or in a terminal both asked, starting from the target's
 * range now. Checked against the kind's limits, as init checks its own (real-time variants never go below 1,
 * provisioned concurrency never above MaxConcurrency).
 */
async function askCapacity(
  ctx: ScheduleContext,
  answers: { min?: number | undefined; max?: number | undefined },
  kind: ScalingKind,
  subject: ScalingSubject,
  now: { min?: number | undefined; max?: number | undefined },
): Promise<{ min?: number | undefined; max?: number | undefined }> {
  const floor = kind.floor(subject);
  const ceiling = kind.ceiling(subject);
  const unit = kind.capacityName;
  let { min, max } = answers;
  if (min === undefined && max === undefined) {
    const prompter = await ctx.prompter();
    const asked = await prompter.number({
      id: "min",
      message: `Minimum ${unit} while it applies`,
      default: Math.max(now.min ?? floor.min, floor.min),
      validate: (v) =>
        withSubject("The minimum", capacityProblem(v, "The minimum", 0, unit)) ??
        withSubject("The minimum", floorProblem(v!, floor)) ??
        true,
    });
    min = asked;
    max = await prompter.number({
      id: "max",
      message: `Maximum ${unit} while it applies`,
      default: Math.max(now.max ?? asked, asked),
      validate: (v) =>
        withSubject("The maximum", capacityProblem(v, "The maximum", 0, unit)) ??
        withSubject("The maximum", floorProblem(v!, floor)) ??
        withSubject("The maximum", ceilingProblem(v!, ceiling)) ??
        (v! < asked ? `The maximum must be at least the minimum (${asked}).` : true),
    });
  }
  // A maximum of 0 is how a schedule takes a resource that may rest at zero there; below the kind's floor, never.
  for (const [flag, value] of [
    ["--min", min],
    ["--max", max],
  ] as const) {
    const tooLow = value === undefined ? undefined : floorProblem(value, floor);
    if (tooLow) throw new UsageError(`${flag} ${value} ${tooLow}`);
  }
  const tooHigh = max === undefined ? undefined : ceilingProblem(max, ceiling);
  if (tooHigh) throw new UsageError(`--max ${max} ${tooHigh}`);
  const minTooHigh = min === undefined ? undefined : ceilingProblem(min, ceiling);
  if (minTooHigh) throw new UsageError(`--min ${min} ${minTooHigh}`);
  if (min !== undefined && max !== undefined) checkMinMax(min, max);
  return { min, max };
}

/** capacityProblem's sentences already start with their subject; the kind's limits read after one. */
function withSubject(subject: string, predicate: string | undefined): string | undefined {
  if (predicate === undefined) return undefined;
  return predicate.startsWith(subject) ? predicate : `${subject} ${predicate}`;
}

/** Whether a scheduled action is on the variant or inference component the flags name (any, without them). */
function onWhere(action: ScheduledAction, where: ScheduleWhere): boolean {
  const parsed = parseResourceId(action.ResourceId ?? "");
  if (where.variant !== undefined) {
    return (
      parsed.kind === "variant" &&
      parsed.endpointName === where.endpoint &&
      parsed.variantName === where.variant
    );
  }
  if (where.inferenceComponent !== undefined) {
    return (
      parsed.kind === "inference-component" && parsed.inferenceComponentName === where.inferenceComponent
    );
  }
  return true;
}

/** "on shop/AllTraffic", "on inference component chat of llm", "on endpoint shop", "in eu-west-1". */
function scopeWords(where: ScheduleWhere, region: string): string {
  if (where.variant !== undefined) return `on ${where.endpoint}/${where.variant}`;
  if (where.inferenceComponent !== undefined) {
    return `on inference component ${where.inferenceComponent} of ${where.endpoint}`;
  }
  return where.endpoint !== undefined ? `on endpoint ${where.endpoint} in ${region}` : `in ${region}`;
}

/** Whether the endpoint exists; what cannot be read counts as existing (it only shapes a message). */
async function endpointExists(ctx: Pick<Context, "clients">, name: string): Promise<boolean> {
  try {
    await describeEndpoint(ctx.clients, name);
    return true;
  } catch (error) {
    return !(error instanceof CommandError);
  }
}

export async function runScheduleRemove(ctx: ScheduleContext, flags: ScheduleFlags): Promise<void> {
  // validate
  const answers = validateScheduleRemoveFlags(flags, ctx.canPrompt);
  const { ui } = ctx;
  const region = ctx.target.region;
  await announceWhere(ctx);

  // ask: which action, from what is there
  const on = scopeWords(answers, region);
  const read = await withSpinner(ctx, `Reading the scheduled actions ${on}`, () =>
    readScheduledActions(ctx.clients, answers.endpoint),
  );
  const inScope = read.actions.filter((a) => onWhere(a, answers));
  const named =
    answers.name === undefined ? inScope : inScope.filter((a) => a.ScheduledActionName === answers.name);
  const label = (a: ScheduledAction) =>
    targetLabel({
      resourceId: a.ResourceId ?? "",
      scalableDimension: a.ScalableDimension ?? "",
      endpointName: answers.endpoint ?? null,
    });
  if (named.length === 0) {
    const what =
      answers.name === undefined ? "no scheduled actions" : `no scheduled action named "${answers.name}"`;
    const gone =
      answers.endpoint !== undefined &&
      read.actions.length === 0 &&
      !(await endpointExists(ctx, answers.endpoint));
    ui.success(
      gone
        ? `Nothing to remove: there is no endpoint "${answers.endpoint}" in ${region}, and ${what} of one by that name.`
        : `Nothing to remove: ${what} ${on}.`,
    );
    if (inScope.length > 0)
      ui.info(`Its scheduled actions: ${inScope.map((a) => `"${a.ScheduledActionName}"`).join(", ")}.`);
    return;
  }
  let action = named[0]!;
  if (named.length > 1) {
    if (!ctx.canPrompt) {
      throw new UsageError(
        `--name "${answers.name}" names ${named.length} scheduled actions: on ${named.map(label).join(", ")}. Add --endpoint with --variant or --inference-component to pick one.`,
      );
    }
    action = await (await ctx.prompter()).select({
      id: "action",
      message: "Remove which scheduled action?",
      choices: named.map((a) => ({
        name: `${label(a)}  "${a.ScheduledActionName}"  ${ui.color.dim(describeAction(a))}`,
        short: `"${a.ScheduledActionName}" on ${label(a)}`,
        value: a,
      })),
    });
  }

  // execute
  const target: ScheduleTarget = {
    resourceId: action.ResourceId ?? "",
    dimension: action.ScalableDimension ?? "",
    where: label(action),
  };
  const plan = buildScheduleRemovePlan(target, action);
  if (answers.dryRun) {
    printDryRun(ctx, plan, "schedule remove");
    return;
  }
  showPlan(ctx, plan);
  if (!answers.yes) {
    const ok = await (await ctx.prompter()).confirm({
      id: "confirm",
      message: "Remove this scheduled action?",
      default: false,
    });
    if (!ok) throw new CancelledError("Cancelled; no changes made.", 1);
  }
  ui.heading("Applying");
  await applyPlan(ctx, plan, { already });

  // recommend
  ui.success(
    `Removed the scheduled action "${action.ScheduledActionName}" of ${target.where}; the target's minimum and maximum stay as they are now.`,
  );
  const parsed = parseResourceId(target.resourceId);
  const endpoint = answers.endpoint ?? (parsed.kind === "variant" ? parsed.endpointName : undefined);
  ui.info("");
  ui.info(`Next: sm-autoscale schedule list${endpoint ? ` --endpoint ${endpoint}` : ""}`);
}

/** Where the data goes: a terminal gets the table, anything else tab-separated lines. */
export interface Stdout {
  isTTY?: boolean | undefined;
}

export async function runScheduleList(
  ctx: Pick<Context, "ui" | "clients" | "target">,
  flags: ScheduleFlags,
  stdout: Stdout = process.stdout,
  now: () => Date = () => new Date(),
): Promise<void> {
  const answers = validateScheduleListFlags(flags);
  const { ui } = ctx;
  const region = ctx.target.region;
  const on = scopeWords(answers, region);
  const read = await withSpinner(ctx, `Reading the scheduled actions ${on}`, () =>
    readScheduledActions(ctx.clients, answers.endpoint),
  );
  const actions = read.actions.filter((a) => onWhere(a, answers));
  if (actions.length === 0 && answers.endpoint !== undefined && read.actions.length === 0) {
    // A typo and an endpoint without scheduled actions both list nothing; only the first is an error.
    await describeEndpoint(ctx.clients, answers.endpoint);
  }
  const at = now();
  const rows = scheduleRows(actions, at, answers.endpoint);
  if (answers.json) {
    const doc: ScheduleListJson = { region, scheduledActions: rows };
    ui.data(JSON.stringify(doc, null, 2));
    return;
  }
  if (rows.length === 0) {
    ui.info(`No scheduled actions ${on}.`);
    return;
  }
  const tty = Boolean(stdout.isTTY);
  // ui.color follows stderr; the table on stdout is coloured only when stdout is a terminal too.
  ui.data(tty ? printable(renderScheduleTable(rows, at, ui.color)) : renderSchedulePlain(rows));
}
