import { describe, expect, it } from "vitest";
import {
  missingScheduleAddFlags,
  parseTimestamp,
  type ScheduleFlags,
  scheduledActionNameProblem,
  timingProblem,
  validateScheduleAddFlags,
  validateScheduleListFlags,
  validateScheduleRemoveFlags,
} from "../../src/domain/validate-schedule.js";
import { UsageError } from "../../src/errors.js";

const NOW = new Date("2026-06-01T12:00:00Z");
const VALID: ScheduleFlags = {
  endpoint: "shop",
  name: "weekday-morning",
  schedule: "cron(0 8 ? * MON-FRI *)",
  min: "2",
  yes: true,
};

function usage(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).not.toContain("\n");
    return error as UsageError;
  }
  throw new Error("no usage error");
}
const addError = (flags: ScheduleFlags) =>
  usage(() => validateScheduleAddFlags({ ...VALID, ...flags }, NOW)).message;

describe("validateScheduleAddFlags", () => {
  it("types what is given, and leaves the rest to be asked", () => {
    expect(
      validateScheduleAddFlags(
        {
          ...VALID,
          timezone: "Europe/Berlin",
          start: "2030-01-31T09:00:00+01:00",
          end: "2031-01-01T00:00:00Z",
          max: "6",
        },
        NOW,
      ),
    ).toEqual({
      endpoint: "shop",
      variant: undefined,
      inferenceComponent: undefined,
      name: "weekday-morning",
      schedule: "cron(0 8 ? * MON-FRI *)",
      timezone: "Europe/Berlin",
      start: new Date("2030-01-31T08:00:00Z"),
      end: new Date("2031-01-01T00:00:00Z"),
      min: 2,
      max: 6,
      yes: true,
      dryRun: false,
    });
    expect(missingScheduleAddFlags(validateScheduleAddFlags({}, NOW))).toEqual([
      "--endpoint",
      "--name",
      "--schedule",
      "--min or --max",
      "--yes (or --dry-run)",
    ]);
    expect(
      missingScheduleAddFlags(validateScheduleAddFlags({ ...VALID, min: undefined, max: "3" }, NOW)),
    ).toEqual([]);
  });

  it.each<[string, ScheduleFlags, string]>([
    ["a bad endpoint name", { endpoint: "my_shop" }, '--endpoint "my_shop" is not a valid SageMaker name'],
    [
      "--variant with --inference-component",
      { variant: "AllTraffic", inferenceComponent: "chat" },
      "--variant and --inference-component cannot be used together",
    ],
    [
      "--inference-component without --endpoint",
      { endpoint: undefined, inferenceComponent: "chat" },
      "--inference-component needs --endpoint: name the endpoint it belongs to.",
    ],
    [
      "an empty name",
      { name: "" },
      '--name "" is not a valid scheduled action name: it is empty: use 1–256 characters without : / | or control characters, not starting or ending with a space.',
    ],
    ["a name with a slash", { name: "a/b" }, "it holds a : / or |"],
    ["a name with a pipe", { name: "a|b" }, "it holds a : / or |"],
    ["a name with a tab", { name: "a\tb" }, "it holds a control character"],
    ["a name with a leading space", { name: " a" }, "it starts or ends with a space"],
    [
      "a name of 257 characters",
      { name: "n".repeat(257) },
      "it is 257 characters long: use 1–256 characters",
    ],
    ["a fractional min", { min: "1.5" }, '--min must be a whole number. Got "1.5".'],
    ["a negative max", { max: "-1" }, '--max must be at least 0. Got "-1".'],
    ["min > max", { min: "4", max: "2" }, "--min 4 is greater than --max 2"],
    [
      "a time zone in the wrong case",
      { timezone: "america/new_york" },
      '--timezone "america/new_york" is spelt in the wrong letter case; did you mean America/New_York?',
    ],
    [
      "a time zone misspelt",
      { timezone: "Asia/Tokio" },
      '--timezone "Asia/Tokio" is not a time zone this machine knows; did you mean Asia/Tokyo?',
    ],
    [
      "nothing like a time zone",
      { timezone: "CET+1" },
      '--timezone "CET+1" is not a time zone this machine knows, like Europe/Berlin or UTC.',
    ],
    [
      "a start that is a date only",
      { start: "2030-01-01" },
      '--start "2030-01-01" is not a date and time with its UTC offset',
    ],
    ["a start on 30 February", { start: "2030-02-30T00:00:00Z" }, '--start "2030-02-30T00:00:00Z" is not'],
    ["an end in words", { end: "next year" }, '--end "next year" is not'],
    [
      "a start after the end",
      { start: "2031-01-01T00:00:00Z", end: "2030-01-01T00:00:00Z" },
      "--start 2031-01-01T00:00:00.000Z is not before --end 2030-01-01T00:00:00.000Z",
    ],
    [
      "an end in the past",
      { end: "2026-05-01T00:00:00Z" },
      "--end 2026-05-01T00:00:00.000Z is in the past: the action would never run.",
    ],
    [
      "a time zone with a rate",
      { schedule: "rate(1 day)", timezone: "Europe/Berlin" },
      "--timezone applies to cron() and at() schedules; rate(1 day) runs at fixed intervals",
    ],
    [
      "a window with at()",
      { schedule: "at(2030-01-01T00:00:00)", end: "2031-01-01T00:00:00Z" },
      "--end bounds a recurring schedule (cron or rate); at(2030-01-01T00:00:00) runs once, at its own time.",
    ],
    [
      "an at() in the past, in its time zone",
      { schedule: "at(2026-06-01T13:30:00)", timezone: "Europe/Berlin" },
      '--schedule "at(2026-06-01T13:30:00)" is in the past (2026-06-01 14:00 Europe/Berlin now)',
    ],
    [
      "a cron with no run before the end",
      { schedule: "cron(0 8 ? * MON *)", end: "2026-06-02T00:00:00Z" },
      '--schedule "cron(0 8 ? * MON *)" has no run before --end 2026-06-02T00:00:00.000Z',
    ],
    [
      "a cron of 5 fields",
      { schedule: "cron(0 8 * * 1)" },
      '--schedule "cron(0 8 * * 1)" must have 6 fields',
    ],
  ])("%s", (_name, flags, message) => {
    expect(addError(flags)).toContain(message);
  });

  it("an at() later today in its time zone is fine", () => {
    expect(
      validateScheduleAddFlags(
        { ...VALID, schedule: "at(2026-06-01T14:30:00)", timezone: "Europe/Berlin" },
        NOW,
      ).schedule,
    ).toBe("at(2026-06-01T14:30:00)");
  });
});

describe("timingProblem, shared by the flag and the prompt", () => {
  it("returns the schedule, or the flag at fault and why", () => {
    expect(timingProblem("rate(5 minutes)", {}, NOW)).toMatchObject({
      schedule: { kind: "rate", everyMs: 300_000 },
    });
    expect(timingProblem("rate(5 minute)", {}, NOW)).toEqual({
      flag: "--schedule",
      problem: '"rate(5 minute)" must say "5 minutes": a value above 1 takes the plural',
    });
  });
});

describe("scheduledActionNameProblem: the botocore pattern, in words", () => {
  it.each(["a", "weekday morning", "nightly-zero_2", "ü".repeat(256), "a.b"])("accepts %j", (name) => {
    expect(scheduledActionNameProblem(name)).toBeUndefined();
  });
  it.each(["", " a", "a ", "a:b", "a/b", "a|b", "a\nb", "a\u0085b", "a\u007fb"])("refuses %j", (name) => {
    expect(scheduledActionNameProblem(name)).toBeDefined();
  });
});

describe("parseTimestamp", () => {
  it.each([
    ["2030-01-31T08:00:00Z", "2030-01-31T08:00:00.000Z"],
    ["2030-01-31T08:00Z", "2030-01-31T08:00:00.000Z"],
    ["2030-01-31t08:00:00z", "2030-01-31T08:00:00.000Z"],
    ["2030-01-31 09:00:00+01:00", "2030-01-31T08:00:00.000Z"],
    ["2030-01-31T08:00:00.250-05:00", "2030-01-31T13:00:00.250Z"],
  ])("%s", (raw, iso) => {
    expect(parseTimestamp("--start", raw).toISOString()).toBe(iso);
  });
  it.each([
    "2030-01-31T08:00:00",
    "2030-01-31",
    "1893456000",
    "2030-13-01T00:00:00Z",
    "2030-01-31T24:00:00Z",
  ])("refuses %s", (raw) => {
    expect(usage(() => parseTimestamp("--end", raw)).message).toBe(
      `--end "${raw}" is not a date and time with its UTC offset (RFC 3339), like 2030-01-31T08:00:00Z or 2030-01-31T09:00:00+01:00.`,
    );
  });
});

describe("remove and list", () => {
  it("remove without a terminal needs --name and --yes (or --dry-run)", () => {
    const error = usage(() => validateScheduleRemoveFlags({ endpoint: "shop" }, false));
    expect(error.message).toBe(
      "Missing --name, --yes (or --dry-run): required to remove a scheduled action when not running interactively (no terminal); no changes made.",
    );
    expect(validateScheduleRemoveFlags({ name: "x", dryRun: true }, false)).toMatchObject({
      name: "x",
      dryRun: true,
    });
    expect(validateScheduleRemoveFlags({}, true)).toMatchObject({ name: undefined, yes: false });
  });

  it("list checks the names only", () => {
    expect(validateScheduleListFlags({ endpoint: "shop", json: true })).toMatchObject({
      endpoint: "shop",
      json: true,
    });
    expect(usage(() => validateScheduleListFlags({ variant: "AllTraffic" })).message).toBe(
      "--variant needs --endpoint: name the endpoint it belongs to.",
    );
  });
});
