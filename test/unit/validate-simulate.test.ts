import { describe, expect, it } from "vitest";
import { validateSimulateFlags } from "../../src/domain/validate-simulate.js";
import { UsageError } from "../../src/errors.js";

const ok = (flags: Record<string, unknown>) => validateSimulateFlags({ endpoint: "shop", ...flags });
const fails = (flags: Record<string, unknown>) => {
  try {
    ok(flags);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error("no usage error");
};

describe("validateSimulateFlags", () => {
  it("defaults: 14 days, nothing else", () => {
    expect(ok({})).toEqual({
      endpoint: "shop",
      variant: undefined,
      windowMinutes: 14 * 1440,
      min: undefined,
      max: undefined,
      targets: undefined,
      maxRps: undefined,
      pricePerHour: undefined,
      warmupMinutes: undefined,
      json: false,
    });
  });

  it("reads every flag", () => {
    expect(
      ok({
        variant: "Blue",
        hours: "36",
        min: "2",
        max: "9",
        targets: " 600, 300,450,300 ",
        maxRps: "2.5",
        pricePerHour: "0.115",
        warmup: "0",
        json: true,
      }),
    ).toEqual({
      endpoint: "shop",
      variant: "Blue",
      windowMinutes: 36 * 60,
      min: 2,
      max: 9,
      targets: [300, 450, 600],
      maxRps: 2.5,
      pricePerHour: 0.115,
      warmupMinutes: 0,
      json: true,
    });
    expect(ok({ days: "15" }).windowMinutes).toBe(15 * 1440);
  });

  it.each([
    [{ endpoint: undefined }, "--endpoint is required: simulate replays the traffic of one endpoint."],
    [{ endpoint: "bad name" }, '--endpoint "bad name" is not a valid SageMaker name'],
    [{ hours: "2", days: "1" }, "--hours and --days conflict: give the window one way."],
    [{ days: "16" }, '--days must be a whole number of days from 1 to 15. Got "16".'],
    [{ days: "0" }, '--days must be a whole number of days from 1 to 15. Got "0".'],
    [{ hours: "1.5" }, '--hours must be a whole number of hours from 1 to 360. Got "1.5".'],
    [{ min: "0" }, '--min must be a whole number of instances from 1 to 10000. Got "0".'],
    [{ max: "x" }, '--max must be a whole number of instances from 1 to 10000. Got "x".'],
    [{ min: "5", max: "4" }, "--min 5 is greater than --max 4: the minimum must be ≤ the maximum."],
    [{ targets: "300,,600" }, "--targets must be a comma-separated list of target values, e.g. 300,450,600."],
    [
      { targets: "300,0" },
      '--targets: the target must be greater than 0 invocations per instance per minute. Got "0".',
    ],
    [{ targets: "300,abc" }, '--targets: the target must be a number. Got "abc".'],
    [
      { targets: Array.from({ length: 21 }, (_, i) => i + 1).join(",") },
      "--targets takes at most 20 values. Got 21.",
    ],
    [{ maxRps: "-1" }, '--max-rps must be a number of requests per second greater than 0. Got "-1".'],
    [{ pricePerHour: "0" }, "--price-per-hour must be the price of one instance-hour"],
    [{ pricePerHour: "$1" }, "--price-per-hour must be the price of one instance-hour"],
    [{ warmup: "121" }, '--warmup must be a whole number of minutes from 0 to 120. Got "121".'],
  ])("%j: %s", (flags, message) => {
    expect(fails(flags)).toContain(message);
  });
});
