import { suggest } from "../argv.js";
import { UsageError } from "../errors.js";
import { nextRun, parseSchedule, type Schedule } from "./schedule-expression.js";
import { capacityProblem, checkMinMax, checkName } from "./validate.js";
import { formatInZone, timeZoneNames, timeZoneProblem } from "./zoned-time.js";

/** `schedule add|list|remove`'s flags as the parser (argv.ts) hands them over. */
export interface ScheduleFlags {
  endpoint?: string;
  variant?: string;
  inferenceComponent?: string;
  name?: string;
  schedule?: string;
  timezone?: string;
  start?: string;
  end?: string;
  min?: string;
  max?: string;
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

/** Which scalable target(s) the flags name: an endpoint, and on it a variant or an inference component. */
export interface ScheduleWhere {
  endpoint?: string | undefined;
  variant?: string | undefined;
  inferenceComponent?: string | undefined;
}

/** When the action runs: its schedule, time zone and window, checked together. */
export interface ScheduleTiming {
  schedule: Schedule;
  timezone?: string | undefined;
  start?: Date | undefined;
  end?: Date | undefined;
}

export interface ScheduleAddAnswers extends ScheduleWhere {
  name?: string | undefined;
  /** The schedule as given (the time zone and window given with it); absent: asked. */
  schedule?: string | undefined;
  timezone?: string | undefined;
  start?: Date | undefined;
  end?: Date | undefined;
  min?: number | undefined;
  max?: number | undefined;
  yes: boolean;
  dryRun: boolean;
}

export interface ScheduleRemoveAnswers extends ScheduleWhere {
  name?: string | undefined;
  yes: boolean;
  dryRun: boolean;
}

/**
 * ScheduledActionName ([BOTO] ScheduledActionName, facts doc §9): 1–256 characters, no `:` `/` `|`, no control
 * characters (U+0000–U+001F, U+007F–U+009F), no leading or trailing spaces. The model's pattern, as a test.
 */
export function scheduledActionNameProblem(name: string): string | undefined {
  const FORM =
    "use 1–256 characters without : / | or control characters, not starting or ending with a space";
  if (name.length < 1) return `is empty: ${FORM}`;
  if (name.length > 256) return `is ${name.length} characters long: ${FORM}`;
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return `holds a control character: ${FORM}`;
  if (/[:/|]/.test(name)) return `holds a : / or |: ${FORM}`;
  if (/^ | $/.test(name)) return `starts or ends with a space: ${FORM}`;
  return undefined;
}

function checkActionName(value: string): string {
  const problem = scheduledActionNameProblem(value);
  if (problem) throw new UsageError(`--name "${value}" is not a valid scheduled action name: it ${problem}.`);
  return value;
}

/**
 * A date and time with its UTC offset (RFC 3339, the form AWS's StartTime and EndTime are given in): `Z` or
 * `±hh:mm`, seconds and fractions optional. Without an offset the instant would depend on where it is read.
 */
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?([Zz]|[+-]\d{2}:\d{2})$/;

export const TIMESTAMP_FORM =
  "a date and time with its UTC offset (RFC 3339), like 2030-01-31T08:00:00Z or 2030-01-31T09:00:00+01:00";

export function parseTimestamp(flag: string, raw: string): Date {
  const text = raw.trim();
  const m = RFC3339.exec(text);
  const date = m ? new Date(text.toUpperCase().replace(" ", "T")) : undefined;
  const [, y, mo, d, h, mi, s] = m ?? [];
  const exists =
    date !== undefined &&
    !Number.isNaN(date.getTime()) &&
    Number(mo) >= 1 &&
    Number(mo) <= 12 &&
    Number(d) >= 1 &&
    Number(d) <= new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate() &&
    Number(h) <= 23 &&
    Number(mi) <= 59 &&
    Number(s ?? 0) <= 59;
  if (!exists) throw new UsageError(`${flag} "${raw}" is not ${TIMESTAMP_FORM}.`);
  return date;
}

/**
 * What is wrong with a time zone name (an IANA name, spelt as AWS lists it), with the closest names, as words to
 * follow its label; undefined when it is one.
 */
export function timezoneNameProblem(value: string): string | undefined {
  const problem = timeZoneProblem(value);
  if (!problem) return undefined;
  const close = problem.suggestion ? [problem.suggestion] : suggest(value, timeZoneNames()).slice(0, 3);
  const hint = close.length > 0 ? `; did you mean ${close.join(" or ")}?` : ", like Europe/Berlin or UTC.";
  return `"${value}" ${problem.problem}${hint}`;
}

/** Checks a --timezone. */
export function checkTimezone(value: string): string {
  const problem = timezoneNameProblem(value);
  if (problem) throw new UsageError(`--timezone ${problem}`);
  return value;
}

/**
 * A schedule with its time zone and window, as a sentence of what is wrong (lower-case, after the flag), or the
 * parsed schedule. Shared by the flags and the prompt, so both are held to the same rules:
 * - the expression itself (schedule-expression.ts, AWS's cron rules);
 * - a time zone applies to at() and cron() only ([BOTO] PutScheduledAction Timezone: "when setting a scheduled
 *   action by using an at or cron expression"); a start and end time bound a recurring schedule, not an at();
 * - the start is before the end, and the action runs at least once after `now`.
 */
export function timingProblem(
  text: string,
  given: { timezone?: string | undefined; start?: Date | undefined; end?: Date | undefined },
  now: Date,
): { flag: string; problem: string } | { schedule: Schedule } {
  const parsed = parseSchedule(text);
  if (!parsed.ok) return { flag: "--schedule", problem: `"${text}" ${parsed.problem}` };
  const schedule = parsed.value;
  if (schedule.kind === "rate" && given.timezone !== undefined) {
    return {
      flag: "--timezone",
      problem: `applies to cron() and at() schedules; ${text} runs at fixed intervals from its start time (--start), whatever the time zone`,
    };
  }
  if (schedule.kind === "at" && (given.start !== undefined || given.end !== undefined)) {
    return {
      flag: given.start !== undefined ? "--start" : "--end",
      problem: `bounds a recurring schedule (cron or rate); ${text} runs once, at its own time`,
    };
  }
  if (given.start && given.end && given.start.getTime() >= given.end.getTime()) {
    return {
      flag: "--start",
      problem: `${given.start.toISOString()} is not before --end ${given.end.toISOString()}: the action would never run`,
    };
  }
  if (given.end && given.end.getTime() <= now.getTime()) {
    return {
      flag: "--end",
      problem: `${given.end.toISOString()} is in the past: the action would never run`,
    };
  }
  const tz = given.timezone ?? "UTC";
  if (!nextRun(schedule, { timezone: tz, start: given.start, end: given.end, createdAt: now }, now)) {
    return {
      flag: "--schedule",
      problem:
        schedule.kind === "at"
          ? `"${text}" is in the past (${formatInZone(now, tz)} now): the action would never run`
          : `"${text}" has no run ${given.end ? `before --end ${given.end.toISOString()}` : "left"}: the action would never run`,
    };
  }
  return { schedule };
}

/** The scalable target flags: names checked; --variant and --inference-component need --endpoint and exclude each other. */
function checkWhere(flags: ScheduleFlags, command: string): ScheduleWhere {
  if (flags.variant !== undefined && flags.inferenceComponent !== undefined) {
    throw new UsageError(
      "--variant and --inference-component cannot be used together: a scheduled action applies to one scalable target.",
      `Example: sm-autoscale schedule ${command} --endpoint llm --inference-component chat …`,
    );
  }
  for (const [flag, value] of [
    ["--variant", flags.variant],
    ["--inference-component", flags.inferenceComponent],
  ] as const) {
    if (value !== undefined && flags.endpoint === undefined) {
      throw new UsageError(
        `${flag} needs --endpoint: name the endpoint it belongs to.`,
        `Example: sm-autoscale schedule ${command} --endpoint my-endpoint ${flag} ${flag === "--variant" ? "AllTraffic" : "my-component"} …`,
      );
    }
  }
  return {
    endpoint: flags.endpoint === undefined ? undefined : checkName("--endpoint", flags.endpoint),
    variant: flags.variant === undefined ? undefined : checkName("--variant", flags.variant),
    inferenceComponent:
      flags.inferenceComponent === undefined
        ? undefined
        : checkName("--inference-component", flags.inferenceComponent),
  };
}

/** A capacity flag: a whole number from 0 (the kind's own floor is checked once the target is known). */
export function parseScheduleCapacity(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = /^[+-]?\d+$/.test(raw.trim()) ? Number(raw) : undefined;
  const problem = capacityProblem(value, flag, 0);
  if (problem) throw new UsageError(`${problem} Got "${raw}".`);
  return value;
}

/**
 * `schedule add`: checks only the flags given; pure, never prompts, never calls AWS (`now` only decides whether
 * the schedule still has a run). Throws a UsageError (exit 2) naming the flag and its form.
 */
export function validateScheduleAddFlags(flags: ScheduleFlags, now: Date): ScheduleAddAnswers {
  const where = checkWhere(flags, "add");
  const name = flags.name === undefined ? undefined : checkActionName(flags.name);
  const timezone = flags.timezone === undefined ? undefined : checkTimezone(flags.timezone);
  const start = flags.start === undefined ? undefined : parseTimestamp("--start", flags.start);
  const end = flags.end === undefined ? undefined : parseTimestamp("--end", flags.end);
  const min = parseScheduleCapacity("--min", flags.min);
  const max = parseScheduleCapacity("--max", flags.max);
  if (min !== undefined && max !== undefined) checkMinMax(min, max);
  if (flags.schedule !== undefined) {
    const timing = timingProblem(flags.schedule, { timezone, start, end }, now);
    if ("problem" in timing) throw new UsageError(`${timing.flag} ${timing.problem}.`);
  } else if (start !== undefined && end !== undefined && start.getTime() >= end.getTime()) {
    throw new UsageError(
      `--start ${start.toISOString()} is not before --end ${end.toISOString()}: the action would never run.`,
    );
  }
  return {
    ...where,
    name,
    schedule: flags.schedule,
    timezone,
    start,
    end,
    min,
    max,
    yes: flags.yes ?? false,
    dryRun: flags.dryRun ?? false,
  };
}

/** The flags `schedule add` must carry without a terminal, since nothing can be asked. */
export function missingScheduleAddFlags(answers: ScheduleAddAnswers): string[] {
  const missing: string[] = [];
  if (answers.endpoint === undefined) missing.push("--endpoint");
  if (answers.name === undefined) missing.push("--name");
  if (answers.schedule === undefined) missing.push("--schedule");
  if (answers.min === undefined && answers.max === undefined) missing.push("--min or --max");
  if (!answers.yes && !answers.dryRun) missing.push("--yes (or --dry-run)");
  return missing;
}

/** `schedule remove`: the names checked; without a terminal, --name and --yes (or --dry-run) are required. */
export function validateScheduleRemoveFlags(flags: ScheduleFlags, canPrompt: boolean): ScheduleRemoveAnswers {
  const where = checkWhere(flags, "remove");
  const name = flags.name === undefined ? undefined : checkActionName(flags.name);
  const yes = flags.yes ?? false;
  const dryRun = flags.dryRun ?? false;
  if (!canPrompt) {
    const missing = [
      ...(name === undefined ? ["--name"] : []),
      ...(!yes && !dryRun ? ["--yes (or --dry-run)"] : []),
    ];
    if (missing.length > 0) {
      throw new UsageError(
        `Missing ${missing.join(", ")}: required to remove a scheduled action when not running interactively (no terminal); no changes made.`,
        "Example: sm-autoscale schedule remove --endpoint my-endpoint --name weekday-morning --yes",
      );
    }
  }
  return { ...where, name, yes, dryRun };
}

/** `schedule list`: the names checked. */
export function validateScheduleListFlags(flags: ScheduleFlags): ScheduleWhere & { json: boolean } {
  return { ...checkWhere(flags, "list"), json: flags.json ?? false };
}
