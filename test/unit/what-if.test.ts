import { describe, expect, it } from "vitest";
import { DEFAULT_WARMUP_MINUTES, type SimulationResult } from "../../src/domain/simulate.js";
import {
  DEFAULT_REPLAY,
  defaultCandidates,
  recommend,
  riskBudget,
  roundCandidate,
  simulateChoices,
  spanText,
  toSimulateJson,
  traceFrom,
  traceShortfall,
  whatIf,
  windowText,
  wizardChoices,
} from "../../src/domain/what-if.js";

const T0 = Date.parse("2026-03-01T00:00:00Z");
const minutes = (values: number[], from = T0) => values.map((v, i) => ({ t: from + i * 60_000, v }));

describe("traceFrom", () => {
  it("is dense from the first datapoint to the last; a minute without one is no traffic", () => {
    const trace = traceFrom([
      { t: T0 + 5 * 60_000, v: 7 },
      { t: T0 + 60_000 + 30_000, v: 3 },
      { t: T0 + 60_000, v: 2 },
      { t: Number.NaN, v: 1 },
      { t: T0 + 2 * 60_000, v: Number.POSITIVE_INFINITY },
      { t: T0 + 3 * 60_000, v: -4 },
    ])!;
    expect(trace.start).toBe(T0 + 60_000);
    expect([...trace.invocations]).toEqual([5, 0, 0, 0, 7]);
    // Minutes 1, 3 and 5 had datapoints (a negative one counts as data, as zero traffic).
    expect(trace.minutesWithData).toBe(3);
  });

  it("undefined without a datapoint", () => {
    expect(traceFrom([])).toBeUndefined();
    expect(traceFrom([{ t: Number.NaN, v: 1 }])).toBeUndefined();
  });
});

describe("traceShortfall: the bar of the suggestion (a day, 80 % of minutes)", () => {
  it.each([
    [24 * 60, 24 * 60, undefined],
    [24 * 60 - 1, 24 * 60 - 1, "the history spans only 24 h; a day at least is needed to see a daily cycle"],
    [60, 60, "the history spans only 1 h; a day at least is needed to see a daily cycle"],
    [2 * 1440, 1440, "only 50 % of its minutes have data (80 % needed)"],
    [2 * 1440, Math.ceil(2 * 1440 * 0.8), undefined],
  ])("%d minutes, %d with data: %s", (span, withData, expected) => {
    expect(
      traceShortfall({ start: T0, invocations: new Float64Array(span), minutesWithData: withData }),
    ).toBe(expected);
  });

  it("spanText", () => {
    expect(spanText(45)).toBe("45 min");
    expect(spanText(90)).toBe("1.5 h");
    expect(spanText(26 * 60)).toBe("26 h");
    expect(spanText(14 * 1440)).toBe("14 days");
    expect(spanText(60 * 60)).toBe("2.5 days");
  });
});

describe("candidates", () => {
  it("default: half to twice the suggestion, the suggestion and the live target, each once, ascending", () => {
    expect(defaultCandidates(300, 600)).toEqual([150, 201, 240, 300, 375, 450, 600]);
    expect(defaultCandidates(300, 333)).toEqual([150, 201, 240, 300, 333, 375, 450, 600]);
    expect(defaultCandidates(undefined, 100)).toEqual([50, 67, 80, 100, 125, 150, 200]);
    expect(defaultCandidates(undefined, undefined)).toEqual([]);
    expect(defaultCandidates(3, undefined)).toEqual([1.5, 2.01, 2.4, 3, 3.75, 4.5, 6]);
  });

  it("rounding: whole numbers from 10 up, two decimals below, never 0", () => {
    expect(roundCandidate(12.4)).toBe(12);
    expect(roundCandidate(9.996)).toBe(10);
    expect(roundCandidate(0.001)).toBe(0.01);
  });

  it("the wizard's: lower, suggested, live, higher; each value once", () => {
    expect(wizardChoices(400, 600)).toEqual([
      { label: "lower", targetValue: 300 },
      { label: "suggested", targetValue: 400 },
      { label: "higher", targetValue: 500 },
      { label: "live", targetValue: 600 },
    ]);
    expect(wizardChoices(400, 400).map((c) => c.label)).toEqual(["lower", "suggested", "higher"]);
    expect(wizardChoices(undefined, 600).map((c) => [c.label, c.targetValue])).toEqual([
      ["lower", 450],
      ["live", 600],
      ["higher", 750],
    ]);
    expect(wizardChoices(undefined, undefined)).toEqual([]);
  });
});

describe("the recommendation", () => {
  const result = (targetValue: number, instanceMinutes: number, minutesOverTarget: number, over = 0) =>
    ({
      targetValue,
      instanceMinutes,
      instanceHours: instanceMinutes / 60,
      minutesOverTarget,
      minutesOverCapacity: over,
    }) as SimulationResult;

  it("the cheapest within the budget; ties go to the lower risk, then the lower target", () => {
    const budget = riskBudget(10_000, false);
    expect(budget).toEqual({ measure: "minutesOverTarget", maxShare: 0.01, maxMinutes: 100 });
    expect(recommend([result(100, 900, 10), result(200, 800, 100), result(300, 700, 101)], budget)).toBe(200);
    expect(recommend([result(200, 800, 50), result(100, 800, 10)], budget)).toBe(100);
    expect(recommend([result(200, 800, 10), result(100, 800, 10)], budget)).toBe(100);
    expect(recommend([result(300, 700, 101)], budget)).toBeUndefined();
  });

  it("with a capacity, the minutes above capacity are the risk, 0.1 %", () => {
    const budget = riskBudget(10_000, true);
    expect(budget).toEqual({ measure: "minutesOverCapacity", maxShare: 0.001, maxMinutes: 10 });
    expect(
      recommend([result(100, 900, 500, 0), result(200, 800, 900, 10), result(300, 700, 0, 11)], budget),
    ).toBe(200);
  });
});

describe("toSimulateJson: the documented shape", () => {
  it("has exactly the documented keys", () => {
    const trace = traceFrom(minutes(Array.from({ length: 1440 }, () => 100)))!;
    const model = whatIf(trace, { ...DEFAULT_REPLAY, minCapacity: 1, maxCapacity: 4 }, [50, 100]);
    const json = toSimulateJson(model, {
      endpointName: "e",
      variantName: "v",
      pricePerHour: 2,
      live: 100,
      suggested: 50,
      from: {
        minCapacity: "--min",
        maxCapacity: "--max",
        cooldowns: "policy",
        scaleIn: "policy",
        warmup: "assumed",
      },
    });
    expect(Object.keys(json)).toEqual([
      "endpointName",
      "variantName",
      "window",
      "assumptions",
      "liveTargetValue",
      "suggestedTargetValue",
      "candidates",
      "recommended",
    ]);
    expect(json.window).toEqual({
      start: "2026-03-01T00:00:00.000Z",
      end: "2026-03-02T00:00:00.000Z",
      minutes: 1440,
      minutesWithData: 1440,
      indicative: false,
      shortfall: null,
    });
    expect(Object.keys(json.assumptions)).toEqual([
      "minCapacity",
      "maxCapacity",
      "scaleInCooldownSeconds",
      "scaleOutCooldownSeconds",
      "scaleInEnabled",
      "warmupMinutes",
      "scaleOutAfterMinutesAbove",
      "scaleInAfterMinutesBelow",
      "scaleInBelowShareOfTarget",
      "startCapacity",
      "maxRps",
      "pricePerHour",
      "riskBudget",
      "from",
    ]);
    expect(json.candidates).toEqual([
      {
        targetValue: 50,
        instanceHours: 48,
        maxInstances: 2,
        minutesOverTarget: 0,
        minutesOverCapacity: null,
        scaleOuts: 0,
        scaleIns: 0,
        cost: 96,
      },
      {
        targetValue: 100,
        instanceHours: 24,
        maxInstances: 1,
        minutesOverTarget: 0,
        minutesOverCapacity: null,
        scaleOuts: 0,
        scaleIns: 0,
        cost: 48,
      },
    ]);
    expect(json.recommended).toBe(100);
  });
});

describe("simulateChoices: the wizard's table", () => {
  it("replays each choice on the history's Invocations with the min and max answered", () => {
    const total = minutes(Array.from({ length: 1440 }, (_, i) => (i >= 600 && i < 660 ? 900 : 300)));
    const sim = simulateChoices({ total }, { min: 1, max: 10, choices: wizardChoices(200, 300) })!;
    expect(sim.window).toBe(windowText(traceFrom(total)!));
    expect(sim.window).toBe("2026-03-01 00:00 to 2026-03-01 23:59 UTC (24 h, 100 % of minutes with data)");
    expect(sim.shortfall).toBeUndefined();
    expect(sim.rows.map((r) => [r.label, r.targetValue, r.maxInstances, r.scaleOuts])).toEqual([
      ["lower", 150, 6, 1],
      ["suggested", 200, 5, 1],
      ["higher", 250, 4, 1],
      ["live", 300, 3, 1],
    ]);
    for (const r of sim.rows) expect(r.minutesOverTarget).toBe(3 + DEFAULT_WARMUP_MINUTES);
  });

  it("a thin history says so; no Invocations or no choice: nothing to show", () => {
    const total = minutes([100, 100, 100]);
    expect(
      simulateChoices({ total }, { min: 1, max: 4, choices: wizardChoices(100, undefined) })!.shortfall,
    ).toBe("the history spans only 3 min; a day at least is needed to see a daily cycle");
    expect(
      simulateChoices({ total: [] }, { min: 1, max: 4, choices: wizardChoices(100, undefined) }),
    ).toBeUndefined();
    expect(simulateChoices({ total }, { min: 1, max: 4, choices: [] })).toBeUndefined();
  });

  it("the cooldowns and scale-in answered change the replay", () => {
    const total = minutes([
      ...Array.from({ length: 60 }, () => 1000),
      ...Array.from({ length: 120 }, () => 0),
    ]);
    const base = { min: 1, max: 10, choices: [{ label: "live", targetValue: 100 }] };
    expect(simulateChoices({ total }, base)!.rows[0]!.scaleIns).toBe(1);
    expect(simulateChoices({ total }, { ...base, scaleInEnabled: false })!.rows[0]!.scaleIns).toBe(0);
  });
});
