import { instantOf, offsetAt, type WallTime, wallAsUtc, wallTimeAt } from "./zoned-time.js";

/**
 * The schedule of an Application Auto Scaling scheduled action, parsed, and when it runs next. Pure.
 *
 * Forms ([BOTO] PutScheduledAction Schedule): `at(yyyy-mm-ddThh:mm:ss)`, `rate(value unit)` with unit minute(s),
 * hour(s) or day(s), and `cron(fields)` with six fields: minutes hours day-of-month month day-of-week year. AAS uses
 * EventBridge's cron syntax ("For more information about the cron syntax for Application Auto Scaling scheduled
 * actions, see Cron expressions reference in the Amazon EventBridge User Guide",
 * https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html). The
 * rules below are that reference's (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html):
 *
 * | field        | values          | wildcards       |
 * | minutes      | 0-59            | , - * /         |
 * | hours        | 0-23            | , - * /         |
 * | day-of-month | 1-31            | , - * ? / L W   |
 * | month        | 1-12 or JAN-DEC | , - * /         |
 * | day-of-week  | 1-7 or SUN-SAT  | , - * ? L #     |
 * | year         | 1970-2199       | , - * /         |
 *
 * `?` in exactly one of day-of-month and day-of-week ("You can't use * in both … If you use it in one, you must
 * use ? in the other"); `L` is the last day of the month (day-of-month) or of the week (day-of-week; `6L` the
 * last Friday); `3W` the weekday nearest the 3rd; `3#2` the second Tuesday, and with `#` the day-of-week holds
 * that one expression only. Names are case-insensitive, as in Quartz, whose syntax EventBridge's is.
 * Anything the reference does not list (`LW`, `L-3`, `/` in day-of-week, a range that runs backwards) is refused
 * here rather than guessed at.
 */
export type Schedule =
  | { kind: "at"; text: string; at: WallTime }
  | { kind: "rate"; text: string; value: number; unit: RateUnit; everyMs: number }
  | { kind: "cron"; text: string; cron: Cron };

export type RateUnit = "minute" | "hour" | "day";

export interface Cron {
  minutes: number[];
  hours: number[];
  months: number[];
  years: number[];
  dayOfMonth: DayOfMonth;
  dayOfWeek: DayOfWeek;
}

export type DayOfMonth =
  | { kind: "any" }
  | { kind: "days"; days: Set<number> }
  | { kind: "last" }
  | { kind: "nearest-weekday"; day: number };

/** Weekdays are 1 (Sunday) to 7 (Saturday), as in the expression. */
export type DayOfWeek =
  | { kind: "any" }
  | { kind: "days"; days: Set<number> }
  | { kind: "last-of"; weekday: number }
  | { kind: "nth"; weekday: number; n: number };

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** How the message names the values: "0-59", "1-12 or JAN-DEC". */
  form: string;
}

const FIELDS = {
  minutes: { name: "minutes", min: 0, max: 59, form: "0-59" },
  hours: { name: "hours", min: 0, max: 23, form: "0-23" },
  dayOfMonth: { name: "day-of-month", min: 1, max: 31, form: "1-31, ?, L or a day with W (15W)" },
  month: { name: "month", min: 1, max: 12, names: MONTHS, form: "1-12 or JAN-DEC" },
  dayOfWeek: {
    name: "day-of-week",
    min: 1,
    max: 7,
    names: WEEKDAYS,
    form: "1-7 or SUN-SAT, ?, L, a weekday with L (6L) or # (3#2)",
  },
  year: { name: "year", min: 1970, max: 2199, form: "1970-2199" },
} as const satisfies Record<string, FieldSpec>;

/** What --schedule accepts, in one phrase. */
export const SCHEDULE_FORMS =
  "cron(minutes hours day-of-month month day-of-week year), rate(value unit) or at(yyyy-mm-ddThh:mm:ss)";

/** Parses a schedule expression; the problem is a sentence that reads after the expression, lower-case. */
export function parseSchedule(text: string): Parsed<Schedule> {
  const m = /^(at|rate|cron)\((.*)\)$/s.exec(text);
  if (!m) return { ok: false, problem: `must be ${SCHEDULE_FORMS}` };
  const [, kind, body] = m as unknown as [string, "at" | "rate" | "cron", string];
  if (kind === "at") {
    const at = parseAt(body);
    return at.ok ? { ok: true, value: { kind, text, at: at.value } } : at;
  }
  if (kind === "rate") {
    const rate = parseRate(body);
    return rate.ok ? { ok: true, value: { kind, text, ...rate.value } } : rate;
  }
  const cron = parseCron(body);
  return cron.ok ? { ok: true, value: { kind, text, cron: cron.value } } : cron;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `yyyy-mm-ddThh:mm:ss`, a date and time that exist on the calendar. */
function parseAt(body: string): Parsed<WallTime> {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body);
  if (!m) return { ok: false, problem: "must be at(yyyy-mm-ddThh:mm:ss), e.g. at(2030-01-31T08:00:00)" };
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, problem: `has no such date: ${body.slice(0, 10)}` };
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return { ok: false, problem: `has no such time of day: ${body.slice(11)}` };
  }
  return { ok: true, value: { year, month, day, hour, minute, second } };
}

const UNIT_MS: Record<RateUnit, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/**
 * `value unit`: a positive whole number, then minute, hour or day, singular for 1 and plural above it, as
 * EventBridge requires of rate expressions ("If the value is equal to 1, then the unit must be singular",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html).
 */
function parseRate(body: string): Parsed<{ value: number; unit: RateUnit; everyMs: number }> {
  const m = /^([0-9]+) +([a-z]+)$/.exec(body);
  const form =
    "must be rate(value unit): a whole number, then minute(s), hour(s) or day(s), e.g. rate(5 minutes)";
  if (!m) return { ok: false, problem: form };
  const value = Number(m[1]);
  const word = m[2]!;
  const unit = word.replace(/s$/, "") as RateUnit;
  if (!(unit in UNIT_MS)) return { ok: false, problem: form };
  if (!Number.isSafeInteger(value) || value < 1) {
    return { ok: false, problem: "must have a rate of at least 1, e.g. rate(1 hour)" };
  }
  const plural = word.endsWith("s");
  if (value === 1 && plural)
    return { ok: false, problem: `must say "1 ${unit}": a value of 1 takes the singular` };
  if (value > 1 && !plural) {
    return { ok: false, problem: `must say "${value} ${unit}s": a value above 1 takes the plural` };
  }
  return { ok: true, value: { value, unit, everyMs: value * UNIT_MS[unit] } };
}

function parseCron(body: string): Parsed<Cron> {
  const fields = body
    .trim()
    .split(/\s+/)
    .filter((f) => f !== "");
  if (fields.length !== 6) {
    return {
      ok: false,
      problem: `must have 6 fields (minutes hours day-of-month month day-of-week year), not ${fields.length}; e.g. cron(0 8 ? * MON-FRI *)`,
    };
  }
  const [min, hour, dom, month, dow, year] = fields.map((f) => f.toUpperCase()) as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (dom === "?" && dow === "?") {
    return {
      ok: false,
      problem: "has ? in both day-of-month and day-of-week: give one of them, e.g. cron(0 8 ? * MON-FRI *)",
    };
  }
  if (dom !== "?" && dow !== "?") {
    return {
      ok: false,
      problem: `gives both day-of-month (${dom}) and day-of-week (${dow}): put ? in one of them, e.g. cron(0 8 ? * MON-FRI *) or cron(0 8 1 * ? *)`,
    };
  }
  const minutes = parseList(min, FIELDS.minutes, true);
  if (!minutes.ok) return minutes;
  const hours = parseList(hour, FIELDS.hours, true);
  if (!hours.ok) return hours;
  const dayOfMonth = parseDayOfMonth(dom);
  if (!dayOfMonth.ok) return dayOfMonth;
  const months = parseList(month, FIELDS.month, true);
  if (!months.ok) return months;
  const dayOfWeek = parseDayOfWeek(dow);
  if (!dayOfWeek.ok) return dayOfWeek;
  const years = parseList(year, FIELDS.year, true);
  if (!years.ok) return years;
  return {
    ok: true,
    value: {
      minutes: minutes.value,
      hours: hours.value,
      months: months.value,
      years: years.value,
      dayOfMonth: dayOfMonth.value,
      dayOfWeek: dayOfWeek.value,
    },
  };
}

const bad = (field: FieldSpec, item: string, why: string): { ok: false; problem: string } => ({
  ok: false,
  problem: `has ${field.name} "${item}": ${why}; use ${field.form}`,
});

/** One value of a field: a number in range, or one of its names (JAN, MON). */
function parseValue(text: string, field: FieldSpec, item: string): Parsed<number> {
  if (/^[0-9]+$/.test(text)) {
    const n = Number(text);
    if (n < field.min || n > field.max) return bad(field, item, `${text} is out of range`);
    return { ok: true, value: n };
  }
  const at = field.names?.indexOf(text) ?? -1;
  if (at === -1) return bad(field, item, `"${text}" is not a value`);
  return { ok: true, value: at + 1 };
}

/** `*`, `a`, `a-b`, with an optional `/step`, comma-separated: the sorted values. */
function parseList(text: string, field: FieldSpec, steps: boolean): Parsed<number[]> {
  const values = new Set<number>();
  for (const item of text.split(",")) {
    const m = /^([^/-]+)(?:-([^/]+))?(?:\/(.*))?$/.exec(item);
    if (!m) return bad(field, item, "is not a value, a range a-b or a step a/n");
    const [, first, last, stepText] = m as unknown as [
      string,
      string,
      string | undefined,
      string | undefined,
    ];
    if (stepText !== undefined && !steps) return bad(field, item, "takes no / step here");
    let step = 1;
    if (stepText !== undefined) {
      if (!/^[0-9]+$/.test(stepText) || Number(stepText) < 1 || Number(stepText) > field.max) {
        return bad(field, item, `the step after / must be a whole number from 1 to ${field.max}`);
      }
      step = Number(stepText);
    }
    let from: number;
    let to: number;
    if (first === "*") {
      if (last !== undefined) return bad(field, item, "* takes no range");
      from = field.min;
      to = field.max;
    } else {
      const a = parseValue(first, field, item);
      if (!a.ok) return a;
      from = a.value;
      if (last !== undefined) {
        const b = parseValue(last, field, item);
        if (!b.ok) return b;
        to = b.value;
        if (to < from) return bad(field, item, "the range runs backwards");
      } else {
        // `a/n` counts from a to the field's end; a bare value is itself.
        to = stepText === undefined ? from : field.max;
      }
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return { ok: true, value: [...values].sort((a, b) => a - b) };
}

function parseDayOfMonth(text: string): Parsed<DayOfMonth> {
  const field = FIELDS.dayOfMonth;
  if (text === "?") return { ok: true, value: { kind: "any" } };
  if (text === "L") return { ok: true, value: { kind: "last" } };
  const w = /^([0-9]+)W$/.exec(text);
  if (w) {
    const day = parseValue(w[1]!, field, text);
    return day.ok ? { ok: true, value: { kind: "nearest-weekday", day: day.value } } : day;
  }
  if (/[LW]/.test(text)) return bad(field, text, "L and W stand alone (L, 15W)");
  const days = parseList(text, field, true);
  return days.ok ? { ok: true, value: { kind: "days", days: new Set(days.value) } } : days;
}

function parseDayOfWeek(text: string): Parsed<DayOfWeek> {
  const field = FIELDS.dayOfWeek;
  if (text === "?") return { ok: true, value: { kind: "any" } };
  // "L" alone is the last day of the week: Saturday (7).
  if (text === "L") return { ok: true, value: { kind: "days", days: new Set([7]) } };
  if (text.includes("#")) {
    const m = /^([0-9A-Z]+)#([0-9]+)$/.exec(text);
    if (!m) return bad(field, text, "# takes one weekday and its week, alone in the field (3#2, MON#1)");
    const weekday = parseValue(m[1]!, field, text);
    if (!weekday.ok) return weekday;
    const n = Number(m[2]);
    if (n < 1 || n > 5) return bad(field, text, "the week after # must be 1 to 5");
    return { ok: true, value: { kind: "nth", weekday: weekday.value, n } };
  }
  const last = /^([0-9]+|[A-Z]{3})L$/.exec(text);
  if (last) {
    const weekday = parseValue(last[1]!, field, text);
    return weekday.ok ? { ok: true, value: { kind: "last-of", weekday: weekday.value } } : weekday;
  }
  if (text.includes("/")) return bad(field, text, "takes no / step");
  // No weekday name holds an L: any other L is misplaced (in a list, after a range).
  if (text.includes("L")) return bad(field, text, "L stands alone (L) or after one weekday (6L, FRIL)");
  const days = parseList(text, field, false);
  return days.ok ? { ok: true, value: { kind: "days", days: new Set(days.value) } } : days;
}

// ------------------------------------------------------------------------------------------------ next run

/** 1 (Sunday) to 7 (Saturday). */
function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

/** The days of a month the cron's day fields select, ascending. */
export function cronDays(cron: Cron, year: number, month: number): number[] {
  const last = daysInMonth(year, month);
  const all = Array.from({ length: last }, (_, i) => i + 1);
  const dom = cron.dayOfMonth;
  const dow = cron.dayOfWeek;
  if (dom.kind !== "any") {
    switch (dom.kind) {
      case "days":
        return all.filter((d) => dom.days.has(d));
      case "last":
        return [last];
      case "nearest-weekday": {
        // Quartz's W: the weekday nearest the day, within the month (the 1st on a Saturday: Monday the 3rd).
        if (dom.day > last) return [];
        const wd = weekdayOf(year, month, dom.day);
        if (wd === 7) return [dom.day === 1 ? 3 : dom.day - 1];
        if (wd === 1) return [dom.day === last ? dom.day - 2 : dom.day + 1];
        return [dom.day];
      }
    }
  }
  switch (dow.kind) {
    case "any":
      return all;
    case "days":
      return all.filter((d) => dow.days.has(weekdayOf(year, month, d)));
    case "last-of": {
      const matching = all.filter((d) => weekdayOf(year, month, d) === dow.weekday);
      return matching.slice(-1);
    }
    case "nth": {
      const matching = all.filter((d) => weekdayOf(year, month, d) === dow.weekday);
      const day = matching[dow.n - 1];
      return day === undefined ? [] : [day];
    }
  }
}

/** When a schedule runs: its time zone, its window, and (for a rate without a start) when it was created. */
export interface RunWindow {
  /** Default UTC ([BOTO] PutScheduledAction: "If a time zone is not provided, UTC is used by default"). */
  timezone?: string | undefined;
  start?: Date | undefined;
  end?: Date | undefined;
  /**
   * Where a rate without a start counts from: the action's CreationTime. AWS does not document it (UNCONFIRMED);
   * without one, the first run is taken to be one interval after `after`.
   */
  createdAt?: Date | undefined;
}

/**
 * The first time after `after` that the schedule runs, or undefined when it never runs again (an at() in the
 * past, an end time passed, a cron whose years are over).
 *
 * - A start time in the future is itself a run: "If you specify a start time, Application Auto Scaling performs
 *   the action at this time, and then performs the action based on the specified recurrence"; after an end time
 *   "the action stops repeating" (scheduled-scaling-using-cron-expressions.html).
 * - cron and at times are wall-clock times in the time zone; a rate counts fixed intervals from the start time.
 *   AWS describes StartTime and EndTime as the bounds of a recurring schedule ([BOTO] PutScheduledAction), so an
 *   at() runs at its own time.
 */
export function nextRun(schedule: Schedule, window: RunWindow, after: Date): Date | undefined {
  const tz = window.timezone ?? "UTC";
  const t = after.getTime();
  const end = window.end?.getTime() ?? Number.POSITIVE_INFINITY;
  if (schedule.kind === "at") {
    const at = instantOf(schedule.at, tz);
    return at > t ? new Date(at) : undefined;
  }
  const start = window.start?.getTime();
  if (start !== undefined && start > t) return start <= end ? new Date(start) : undefined;
  let next: number | undefined;
  if (schedule.kind === "rate") {
    const from = start ?? window.createdAt?.getTime();
    next =
      from === undefined || from > t
        ? t + schedule.everyMs
        : from + (Math.floor((t - from) / schedule.everyMs) + 1) * schedule.everyMs;
  } else {
    next = nextCronTime(schedule.cron, tz, t, end);
  }
  return next !== undefined && next <= end ? new Date(next) : undefined;
}

/**
 * The first instant after `after` whose wall time in `tz` the cron selects, at or before `end`. Walks the years,
 * months and selected days from the day before `after`'s (a clock turned back at midnight can repeat a date), so
 * a cron that selects nothing ends when its years do (2199 at the latest).
 */
function nextCronTime(cron: Cron, tz: string, after: number, end: number): number | undefined {
  const from = wallTimeAt(after - 86_400_000, tz);
  const fromDay = Date.UTC(from.year, from.month - 1, from.day);
  const lastDay = Number.isFinite(end)
    ? wallAsUtc(wallTimeAt(end, tz)) + 86_400_000
    : Number.POSITIVE_INFINITY;
  let best: number | undefined;
  // Days checked after the first that had a run: a time skipped forward past midnight by a clock change can
  // come after the next day's first run, so the next selected day is looked at too.
  let extra = 0;
  for (const year of cron.years) {
    if (year < from.year) continue;
    for (const month of cron.months) {
      if (year === from.year && month < from.month) continue;
      for (const day of cronDays(cron, year, month)) {
        const dayStart = Date.UTC(year, month - 1, day);
        if (dayStart < fromDay) continue;
        if (dayStart > lastDay) return best;
        // Away from a change of offset (none from the day before to the day after), a wall time is one
        // subtraction from its instant; near one, each is resolved on its own.
        const offset = offsetAt(dayStart - 86_400_000, tz);
        const steady = offset === offsetAt(dayStart + 2 * 86_400_000, tz);
        let first: number | undefined;
        for (const hour of cron.hours) {
          for (const minute of cron.minutes) {
            const i = steady
              ? dayStart + (hour * 60 + minute) * 60_000 - offset
              : instantOf({ year, month, day, hour, minute, second: 0 }, tz);
            if (i > after && (first === undefined || i < first)) first = i;
          }
        }
        if (first !== undefined) best = best === undefined ? first : Math.min(best, first);
        if (best !== undefined && extra++ >= 1) return best;
      }
    }
  }
  return best;
}

/** What `list` and `describe` show of an action's next run: when, or why there is none. */
export type NextRunAnswer = { at: Date } | { at: undefined; why: string };

/** A scheduled action as DescribeScheduledActions returns it: the members its next run depends on. */
export interface ScheduledActionTiming {
  Schedule?: string | undefined;
  Timezone?: string | undefined;
  StartTime?: Date | undefined;
  EndTime?: Date | undefined;
  CreationTime?: Date | undefined;
}

/** The next run of a scheduled action as read from AWS, after `now`; or why it has none. */
export function nextRunOf(action: ScheduledActionTiming, now: Date): NextRunAnswer {
  const parsed = parseSchedule(action.Schedule ?? "");
  if (!parsed.ok) return { at: undefined, why: `schedule not understood (${parsed.problem})` };
  let at: Date | undefined;
  try {
    at = nextRun(
      parsed.value,
      {
        timezone: action.Timezone ?? undefined,
        start: action.StartTime ?? undefined,
        end: action.EndTime ?? undefined,
        createdAt: action.CreationTime ?? undefined,
      },
      now,
    );
  } catch {
    // Intl throws RangeError on a time zone this runtime does not know.
    return { at: undefined, why: `time zone ${action.Timezone} not known here` };
  }
  if (at) return { at };
  if (parsed.value.kind === "at") return { at: undefined, why: "its one run is past" };
  if (action.EndTime && action.EndTime.getTime() <= now.getTime()) {
    return { at: undefined, why: "its end time is past" };
  }
  return { at: undefined, why: "no run left in its schedule" };
}
