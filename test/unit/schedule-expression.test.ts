import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cronDays,
  nextRun,
  nextRunOf,
  parseSchedule,
  type RunWindow,
  type Schedule,
} from "../../src/domain/schedule-expression.js";
import { instantOf, offsetAt, timeZoneProblem, wallTimeAt } from "../../src/domain/zoned-time.js";

function parsed(text: string): Schedule {
  const p = parseSchedule(text);
  if (!p.ok) throw new Error(`${text}: ${p.problem}`);
  return p.value;
}

function problem(text: string): string {
  const p = parseSchedule(text);
  if (p.ok) throw new Error(`${text} parsed`);
  return p.problem;
}

/** The next `count` runs after `after`, as ISO strings. */
function runs(text: string, after: string, window: RunWindow = {}, count = 3): string[] {
  const out: string[] = [];
  let t = new Date(after);
  for (let i = 0; i < count; i++) {
    const next = nextRun(parsed(text), window, t);
    if (!next) break;
    out.push(next.toISOString());
    t = next;
  }
  return out;
}

describe("parseSchedule: AWS's forms", () => {
  it.each([
    "cron(0 8 ? * MON-FRI *)",
    "cron(30 6 ? * MON *)",
    "cron(0/15 8-17 ? * 2-6 2026-2030)",
    "cron(0 0 1 JAN,JUL ? *)",
    "cron(0 18 L * ? *)",
    "cron(0 9 15W * ? *)",
    "cron(15 10 ? * 6L 2002-2005)",
    "cron(0 9 ? * 3#2 *)",
    "cron(0 9 ? * mon#1 *)",
    "cron(0 9 ? * FRIL *)",
    "cron(0 9 ? * L *)",
    "cron(*/10 * * * ? *)",
    "cron(5,35 1-3/2 * JAN-MAR/2 ? */2)",
    "cron(0  8   ?  *  MON-FRI  *)",
    "rate(1 minute)",
    "rate(5 minutes)",
    "rate(1 hour)",
    "rate(12 hours)",
    "rate(1 day)",
    "rate(7 days)",
    "at(2030-02-28T23:59:59)",
    "at(2028-02-29T00:00:00)",
  ])("%s", (text) => {
    expect(parseSchedule(text).ok).toBe(true);
  });

  it.each([
    ["cron(0 8 * * 1)", "must have 6 fields (minutes hours day-of-month month day-of-week year), not 5"],
    ["cron(0 8 * * ? * *)", "not 7"],
    [
      "cron(0 8 * * MON-FRI *)",
      "gives both day-of-month (*) and day-of-week (MON-FRI): put ? in one of them",
    ],
    ["cron(0 8 1 * 2 *)", "gives both day-of-month (1) and day-of-week (2)"],
    ["cron(0 8 ? * ? *)", "has ? in both day-of-month and day-of-week"],
    ["cron(60 8 ? * * *)", 'has minutes "60": 60 is out of range; use 0-59'],
    ["cron(0 24 ? * * *)", 'has hours "24": 24 is out of range; use 0-23'],
    ["cron(0 8 32 * ? *)", 'has day-of-month "32": 32 is out of range'],
    ["cron(0 8 0 * ? *)", 'has day-of-month "0": 0 is out of range'],
    ["cron(0 8 1 13 ? *)", 'has month "13": 13 is out of range; use 1-12 or JAN-DEC'],
    ["cron(0 8 1 JANUARY ? *)", 'has month "JANUARY": "JANUARY" is not a value'],
    ["cron(0 8 ? * 0 *)", 'has day-of-week "0": 0 is out of range; use 1-7 or SUN-SAT'],
    ["cron(0 8 ? * 8 *)", 'has day-of-week "8": 8 is out of range'],
    ["cron(0 8 ? * FRI-MON *)", "the range runs backwards"],
    ["cron(0 8 ? * MON/2 *)", "takes no / step"],
    ["cron(0 8 ? * 3#1,6#3 *)", "# takes one weekday and its week, alone in the field"],
    ["cron(0 8 ? * 3#6 *)", "the week after # must be 1 to 5"],
    ["cron(0 8 ? * 2,6L *)", "L stands alone (L) or after one weekday"],
    ["cron(0 8 LW * ? *)", "L and W stand alone"],
    ["cron(0 8 L-3 * ? *)", "L and W stand alone"],
    ["cron(0 8 1-5W * ? *)", "L and W stand alone"],
    ["cron(0 8 ? * * 1969)", 'has year "1969": 1969 is out of range; use 1970-2199'],
    ["cron(0 8 ? * * 2200)", "out of range"],
    ["cron(*/0 8 ? * * *)", "the step after / must be a whole number from 1 to 59"],
    ["cron(1,,2 8 ? * * *)", 'has minutes "": is not a value'],
    ["cron(*-5 8 ? * * *)", "* takes no range"],
    ["rate(1 minutes)", 'must say "1 minute": a value of 1 takes the singular'],
    ["rate(5 minute)", 'must say "5 minutes": a value above 1 takes the plural'],
    ["rate(0 hours)", "must have a rate of at least 1"],
    ["rate(1 week)", "must be rate(value unit)"],
    ["rate(-1 day)", "must be rate(value unit)"],
    ["rate(1.5 hours)", "must be rate(value unit)"],
    ["at(2030-02-29T00:00:00)", "has no such date: 2030-02-29"],
    ["at(2030-01-01T24:00:00)", "has no such time of day: 24:00:00"],
    ["at(2030-01-01 08:00:00)", "must be at(yyyy-mm-ddThh:mm:ss)"],
    ["at(2030-01-01T08:00:00Z)", "must be at(yyyy-mm-ddThh:mm:ss)"],
    ["0 8 * * *", "must be cron(minutes hours day-of-month month day-of-week year), rate(value unit) or at("],
    ["CRON(0 8 ? * * *)", "must be cron("],
    [" cron(0 8 ? * * *)", "must be cron("],
  ])("%s: %s", (text, expected) => {
    expect(problem(text)).toContain(expected);
  });
});

describe("cronDays: L, W and #", () => {
  const days = (text: string, year: number, month: number) => {
    const s = parsed(text);
    if (s.kind !== "cron") throw new Error("not cron");
    return cronDays(s.cron, year, month);
  };

  it("L in day-of-month is the month's last day, leap years included", () => {
    expect(days("cron(0 0 L * ? *)", 2028, 2)).toEqual([29]);
    expect(days("cron(0 0 L * ? *)", 2027, 2)).toEqual([28]);
    expect(days("cron(0 0 L * ? *)", 2026, 4)).toEqual([30]);
  });

  it("W is the weekday nearest the day, never across the month's edge", () => {
    // 2026-08-15 is a Saturday: Friday the 14th; 2026-11-15 a Sunday: Monday the 16th.
    expect(days("cron(0 0 15W * ? *)", 2026, 8)).toEqual([14]);
    expect(days("cron(0 0 15W * ? *)", 2026, 11)).toEqual([16]);
    // 2026-08-01 is a Saturday: not back into July but Monday the 3rd.
    expect(days("cron(0 0 1W * ? *)", 2026, 8)).toEqual([3]);
    // 2026-05-31 is a Sunday: not into June but Friday the 29th.
    expect(days("cron(0 0 31W * ? *)", 2026, 5)).toEqual([29]);
    // A weekday is itself; a day the month lacks selects nothing.
    expect(days("cron(0 0 15W * ? *)", 2026, 9)).toEqual([15]);
    expect(days("cron(0 0 31W * ? *)", 2026, 4)).toEqual([]);
  });

  it("L in day-of-week: alone Saturday, after a weekday its last one in the month", () => {
    expect(days("cron(0 0 ? * L *)", 2026, 3)).toEqual([7, 14, 21, 28]);
    expect(days("cron(0 0 ? * 6L *)", 2026, 7)).toEqual([31]);
    expect(days("cron(0 0 ? * FRIL *)", 2026, 2)).toEqual([27]);
  });

  it("# is the nth weekday of the month, and nothing when the month has no fifth", () => {
    expect(days("cron(0 0 ? * 3#2 *)", 2026, 3)).toEqual([10]);
    expect(days("cron(0 0 ? * MON#1 *)", 2026, 6)).toEqual([1]);
    expect(days("cron(0 0 ? * 2#5 *)", 2026, 3)).toEqual([30]);
    expect(days("cron(0 0 ? * 2#5 *)", 2026, 2)).toEqual([]);
  });

  it("weekday ranges and names count Sunday as 1", () => {
    expect(days("cron(0 0 ? * MON-FRI *)", 2026, 3).slice(0, 5)).toEqual([2, 3, 4, 5, 6]);
    expect(days("cron(0 0 ? * 1,7 *)", 2026, 3).slice(0, 2)).toEqual([1, 7]);
  });
});

describe("nextRun", () => {
  it("cron in UTC by default", () => {
    expect(runs("cron(0 8 ? * MON-FRI *)", "2026-03-27T08:00:00Z")).toEqual([
      "2026-03-30T08:00:00.000Z",
      "2026-03-31T08:00:00.000Z",
      "2026-04-01T08:00:00.000Z",
    ]);
  });

  it("cron in Europe/Berlin follows the clock across daylight saving time", () => {
    // 08:00 in Berlin is 07:00 UTC in winter and 06:00 UTC from 29 March 2026.
    expect(runs("cron(0 8 * * ? *)", "2026-03-27T12:00:00Z", { timezone: "Europe/Berlin" })).toEqual([
      "2026-03-28T07:00:00.000Z",
      "2026-03-29T06:00:00.000Z",
      "2026-03-30T06:00:00.000Z",
    ]);
  });

  it("a time the spring change skips runs the gap's length later; a time the autumn change repeats runs once", () => {
    // 29 March 2026: Berlin's clocks go from 02:00 to 03:00, so 02:30 does not exist that night.
    expect(runs("cron(30 2 * * ? *)", "2026-03-28T12:00:00Z", { timezone: "Europe/Berlin" })).toEqual([
      "2026-03-29T01:30:00.000Z", // 03:30 CEST
      "2026-03-30T00:30:00.000Z", // 02:30 CEST
      "2026-03-31T00:30:00.000Z",
    ]);
    // 25 October 2026: from 03:00 back to 02:00, so 02:30 happens twice; the first (CEST) is the run.
    expect(runs("cron(30 2 * * ? *)", "2026-10-24T12:00:00Z", { timezone: "Europe/Berlin" })).toEqual([
      "2026-10-25T00:30:00.000Z",
      "2026-10-26T01:30:00.000Z", // 02:30 CET
      "2026-10-27T01:30:00.000Z",
    ]);
  });

  it("every 30 minutes through the autumn night: no run is lost or doubled", () => {
    const all = runs("cron(0/30 * * * ? *)", "2026-10-24T23:45:00Z", { timezone: "Europe/Berlin" }, 8);
    // 00:00 CEST … 02:30 CEST, then 02:00 CET: AWS's own behaviour there is UNCONFIRMED; each instant comes once.
    expect(new Set(all).size).toBe(all.length);
    expect(all[0]).toBe("2026-10-25T00:00:00.000Z");
    for (let i = 1; i < all.length; i++) expect(all[i]! > all[i - 1]!).toBe(true);
  });

  it("a zone with a half-hour change (Australia/Lord_Howe)", () => {
    // 5 April 2026, 02:00 +11:00 → 01:30 +10:30.
    expect(runs("cron(0 12 * * ? *)", "2026-04-03T00:00:00Z", { timezone: "Australia/Lord_Howe" })).toEqual([
      "2026-04-03T01:00:00.000Z",
      "2026-04-04T01:00:00.000Z",
      "2026-04-05T01:30:00.000Z",
    ]);
  });

  it("L, W and # across months and years", () => {
    expect(runs("cron(0 18 L * ? *)", "2026-01-31T18:00:00Z")).toEqual([
      "2026-02-28T18:00:00.000Z",
      "2026-03-31T18:00:00.000Z",
      "2026-04-30T18:00:00.000Z",
    ]);
    expect(runs("cron(0 9 1W * ? *)", "2026-07-31T00:00:00Z", {}, 2)).toEqual([
      "2026-08-03T09:00:00.000Z",
      "2026-09-01T09:00:00.000Z",
    ]);
    expect(runs("cron(15 10 ? * 6L *)", "2026-12-30T00:00:00Z", {}, 2)).toEqual([
      "2027-01-29T10:15:00.000Z",
      "2027-02-26T10:15:00.000Z",
    ]);
    expect(runs("cron(0 9 ? * 2#5 *)", "2026-03-31T00:00:00Z", {}, 1)).toEqual(["2026-06-29T09:00:00.000Z"]);
  });

  it("a cron whose years are over, or whose day never comes, never runs", () => {
    expect(nextRun(parsed("cron(0 0 1 1 ? 2020)"), {}, new Date("2026-01-01T00:00:00Z"))).toBeUndefined();
    expect(nextRun(parsed("cron(0 0 30 2 ? *)"), {}, new Date("2026-01-01T00:00:00Z"))).toBeUndefined();
    expect(runs("cron(0 0 29 2 ? *)", "2026-01-01T00:00:00Z", {}, 2)).toEqual([
      "2028-02-29T00:00:00.000Z",
      "2032-02-29T00:00:00.000Z",
    ]);
  });

  it("a start time in the future is the first run; nothing after the end time", () => {
    const window = { start: new Date("2030-01-01T00:00:00Z"), end: new Date("2030-01-03T07:00:00Z") };
    expect(runs("cron(0 8 * * ? *)", "2026-01-01T00:00:00Z", window, 5)).toEqual([
      "2030-01-01T00:00:00.000Z",
      "2030-01-01T08:00:00.000Z",
      "2030-01-02T08:00:00.000Z",
    ]);
    expect(nextRun(parsed("cron(0 8 * * ? *)"), window, new Date("2031-01-01T00:00:00Z"))).toBeUndefined();
    // A start after the end: never.
    const inverted = { start: new Date("2031-01-01T00:00:00Z"), end: new Date("2030-01-01T00:00:00Z") };
    expect(nextRun(parsed("rate(1 day)"), inverted, new Date("2026-01-01T00:00:00Z"))).toBeUndefined();
  });

  it("a rate counts from its start time, else from when it was created, else from now", () => {
    expect(
      runs("rate(6 hours)", "2026-03-01T13:00:00Z", { start: new Date("2026-03-01T01:00:00Z") }),
    ).toEqual(["2026-03-01T19:00:00.000Z", "2026-03-02T01:00:00.000Z", "2026-03-02T07:00:00.000Z"]);
    expect(
      runs("rate(1 day)", "2026-03-10T12:00:00Z", { createdAt: new Date("2026-03-01T09:30:00Z") }, 1),
    ).toEqual(["2026-03-11T09:30:00.000Z"]);
    expect(runs("rate(5 minutes)", "2026-03-10T12:00:00Z", {}, 1)).toEqual(["2026-03-10T12:05:00.000Z"]);
  });

  it("at() runs once at its time in the time zone, and not at all once it is past", () => {
    const at = parsed("at(2030-07-01T09:00:00)");
    expect(
      nextRun(at, { timezone: "America/New_York" }, new Date("2026-01-01T00:00:00Z"))?.toISOString(),
    ).toBe("2030-07-01T13:00:00.000Z");
    expect(nextRun(at, {}, new Date("2030-07-01T09:00:00Z"))).toBeUndefined();
    expect(nextRun(at, {}, new Date("2031-01-01T00:00:00Z"))).toBeUndefined();
  });

  it("property: in UTC, the next run is after the time given, selected by the cron, and no minute before it is", () => {
    const minutes = fc.uniqueArray(fc.integer({ min: 0, max: 59 }), { minLength: 1, maxLength: 4 });
    const hours = fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 1, maxLength: 3 });
    const weekdays = fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 3 });
    const after = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) });
    fc.assert(
      fc.property(minutes, hours, weekdays, after, (m, h, w, t) => {
        const text = `cron(${m.join(",")} ${h.join(",")} ? * ${w.join(",")} *)`;
        const next = nextRun(parsed(text), {}, new Date(t));
        expect(next).toBeDefined();
        const selected = (d: Date) =>
          m.includes(d.getUTCMinutes()) && h.includes(d.getUTCHours()) && w.includes(d.getUTCDay() + 1);
        expect(next!.getTime()).toBeGreaterThan(t);
        expect(selected(next!)).toBe(true);
        // Up to a week of minutes per run: a plain loop, one expectation on the first minute skipped, if any.
        let skipped: number | undefined;
        for (
          let x = Math.floor(t / 60_000 + 1) * 60_000;
          x < next!.getTime() && skipped === undefined;
          x += 60_000
        ) {
          if (selected(new Date(x))) skipped = x;
        }
        expect(skipped === undefined ? undefined : new Date(skipped).toISOString(), text).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });
});

describe("nextRunOf: an action as AWS returns it", () => {
  const now = new Date("2026-06-01T00:00:00Z");
  it("says when, or why never", () => {
    expect(nextRunOf({ Schedule: "cron(0 8 * * ? *)", Timezone: "Asia/Tokyo" }, now)).toEqual({
      at: new Date("2026-06-01T23:00:00Z"),
    });
    expect(nextRunOf({ Schedule: "at(2020-01-01T00:00:00)" }, now)).toEqual({
      at: undefined,
      why: "its one run is past",
    });
    expect(
      nextRunOf({ Schedule: "cron(0 8 * * ? *)", EndTime: new Date("2026-05-01T00:00:00Z") }, now),
    ).toEqual({
      at: undefined,
      why: "its end time is past",
    });
    expect(nextRunOf({ Schedule: "cron(0 8 * * ? 2025)" }, now)).toEqual({
      at: undefined,
      why: "no run left in its schedule",
    });
    expect((nextRunOf({ Schedule: "cron(0 8 * * *)" }, now) as { why: string }).why).toMatch(
      /^schedule not understood \(must have 6/,
    );
    expect(nextRunOf({ Schedule: "cron(0 8 * * ? *)", Timezone: "Mars/Olympus" }, now)).toEqual({
      at: undefined,
      why: "time zone Mars/Olympus not known here",
    });
  });

  it("a rate without a start counts from its creation", () => {
    expect(
      nextRunOf({ Schedule: "rate(2 hours)", CreationTime: new Date("2026-05-31T23:30:00Z") }, now).at,
    ).toEqual(new Date("2026-06-01T01:30:00Z"));
  });
});

describe("zoned time", () => {
  it("instantOf and wallTimeAt are inverse away from changes", () => {
    const wall = { year: 2026, month: 7, day: 14, hour: 9, minute: 5, second: 30 };
    const i = instantOf(wall, "America/Sao_Paulo");
    expect(new Date(i).toISOString()).toBe("2026-07-14T12:05:30.000Z");
    expect(wallTimeAt(i, "America/Sao_Paulo")).toEqual(wall);
    expect(offsetAt(i, "Asia/Kolkata")).toBe(5.5 * 3_600_000);
  });

  it.each([
    ["Europe/Berlin", undefined],
    ["UTC", undefined],
    ["Etc/GMT+9", undefined],
    ["Pacific/Tahiti", undefined],
    ["Asia/Kolkata", undefined],
    ["America/Argentina/Buenos_Aires", undefined],
    ["europe/berlin", { problem: "is spelt in the wrong letter case", suggestion: "Europe/Berlin" }],
    ["utc", { problem: "is spelt in the wrong letter case", suggestion: "UTC" }],
    ["+01:00", { problem: "is not an IANA time zone name" }],
    ["Europe/Berln", { problem: "is not a time zone this machine knows" }],
    ["", { problem: "is not an IANA time zone name" }],
    ["Europe/../Berlin", { problem: "is not an IANA time zone name" }],
  ])("timeZoneProblem(%j)", (name, expected) => {
    expect(timeZoneProblem(name)).toEqual(expected);
  });
});
