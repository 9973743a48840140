import { describe, expect, it } from "vitest";
import { DEFAULT_WARMUP_MINUTES, type SimulationResult } from "../../src/domain/simulate.js";
import {
  busyMinutes,
  chartedCandidate,
  DEFAULT_REPLAY,
  defaultCandidates,
  observedLoad,
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
    [
      24 * 60 - 1,
      24 * 60 - 1,
      "the history spans only 23.9 h; a day at least is needed to see a daily cycle",
    ],
    [60, 60, "the history spans only 1 h; a day at least is needed to see a daily cycle"],
    [2 * 1440, 1440, "only 50 % of its minutes have data (80 % needed)"],
    [2 * 1440, Math.ceil(2 * 1440 * 0.8), undefined],
  ])("%d minutes, %d with data: %s", (span, withData, expected) => {
    expect(
      traceShortfall({ start: T0, invocations: new Float64Array(span), minutesWithData: withData }),
    ).toBe(expected);
  });

  it("the window of --days 1 read with CloudWatch's publication lag is a day, not 'too little data'", () => {
    const day = 24 * 60;
    // The window is [T0, T0 + 1 day); every minute CloudWatch has published has a datapoint.
    const read = (published: number) => traceFrom(minutes(Array(published).fill(100)), T0 + day * 60_000)!;
    expect(traceShortfall(read(day))).toBeUndefined();
    expect(traceShortfall(read(day - 3))).toBeUndefined();
    expect(traceShortfall(read(day - 10))).toBeUndefined();
    // 18 minutes: more than a lag, the data stopped (the 23.7 h of the report, now said as what it is).
    expect(traceShortfall(read(day - 18))).toBe(
      "the history spans only 23.7 h and ends 18 min before the window does; a day at least is needed to see a daily cycle",
    );
    // The wizard's table judges its history the same way (its reader gives the window's end).
    const history = {
      total: minutes(Array(day - 3).fill(100)),
      perInstance: [],
      windowEnd: T0 + day * 60_000,
    };
    const sim = simulateChoices(history, { min: 1, max: 4, choices: wizardChoices(100, undefined) })!;
    expect(sim.shortfall).toBeUndefined();
    expect(
      simulateChoices(
        { ...history, windowEnd: undefined },
        { min: 1, max: 4, choices: wizardChoices(100, undefined) },
      )!.shortfall,
    ).toBe("the history spans only 23.9 h; a day at least is needed to see a daily cycle");
  });

  it("a trace shorter than a day stays indicative, whatever the lag", () => {
    // --hours 23, read in full.
    expect(traceShortfall(traceFrom(minutes(Array(23 * 60).fill(1)), T0 + 23 * 3_600_000)!)).toBe(
      "the history spans only 23 h; a day at least is needed to see a daily cycle",
    );
  });

  it("spanText", () => {
    expect(spanText(45)).toBe("45 min");
    expect(spanText(90)).toBe("1.5 h");
    expect(spanText(26 * 60)).toBe("26 h");
    expect(spanText(24 * 60 - 1)).toBe("23.9 h");
    expect(spanText(24 * 60)).toBe("24 h");
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

describe("the risk and the recommendation", () => {
  const result = (
    targetValue: number,
    instanceMinutes: number,
    observed: number | null,
    capacity: number | null = null,
  ) =>
    ({
      targetValue,
      instanceMinutes,
      instanceHours: instanceMinutes / 60,
      minutesOverTarget: 0,
      minutesOverObserved: observed,
      minutesOverCapacity: capacity,
    }) as SimulationResult;
  /** 10,000 minutes, 1,200 of them without traffic. */
  const trace = traceFrom(minutes(Array.from({ length: 10_000 }, (_, i) => (i < 1_200 ? 0 : 50))))!;

  it("the load served: the p99 of the busy minutes of InvocationsPerInstance", () => {
    const perInstance = minutes([
      ...Array.from({ length: 200 }, (_, i) => i + 1),
      ...Array.from({ length: 100 }, () => 0),
    ]);
    expect(observedLoad(perInstance)).toEqual({ perMinute: 198 });
    expect(observedLoad(minutes([0, 0, 0]))).toBeUndefined();
    expect(observedLoad([])).toBeUndefined();
  });

  it("without --max-rps: above the load served in at most 1 % of the minutes with traffic", () => {
    expect(busyMinutes(trace)).toBe(8_800);
    const budget = riskBudget(trace, undefined, { perMinute: 500 })!;
    expect(budget).toEqual({
      measure: "minutesOverObserved",
      loadPerMinute: 500,
      maxShare: 0.01,
      maxMinutes: 88,
    });
    expect(recommend([result(100, 900, 0), result(200, 800, 88), result(300, 700, 89)], budget)).toBe(200);
    // Ties: the lower risk, then the lower target.
    expect(recommend([result(200, 800, 5), result(100, 800, 1)], budget)).toBe(100);
    expect(recommend([result(200, 800, 1), result(100, 800, 1)], budget)).toBe(100);
    expect(recommend([result(300, 700, 89)], budget)).toBeUndefined();
  });

  it("equal instance-hours, to the tenth of an hour shown: the live target when within the budget", () => {
    const budget = riskBudget(trace, undefined, { perMinute: 500 })!;
    // 96 instance-hours each (5,760 instance-minutes); 300 has more minutes above the load served.
    expect(recommend([result(300, 5_760, 27), result(600, 5_760, 27)], budget, 600)).toBe(600);
    expect(recommend([result(300, 5_760, 0), result(600, 5_760, 27)], budget, 600)).toBe(600);
    // 96.0 and 96.03 read the same: still a tie.
    expect(recommend([result(300, 5_760, 0), result(600, 5_762, 27)], budget, 600)).toBe(600);
    // 96.0 and 96.1 do not: the cheaper one.
    expect(recommend([result(300, 5_760, 0), result(600, 5_766, 27)], budget, 600)).toBe(300);
    // The live target outside the budget: the lower risk, then the lower target.
    expect(
      recommend([result(300, 5_760, 5), result(450, 5_760, 1), result(600, 5_760, 89)], budget, 600),
    ).toBe(450);
    expect(recommend([result(300, 5_760, 1), result(450, 5_760, 1)], budget, 600)).toBe(300);
  });

  it("with --max-rps: minutes above capacity, at most 0.1 % of all the minutes", () => {
    const budget = riskBudget(trace, 2, { perMinute: 500 })!;
    expect(budget).toEqual({
      measure: "minutesOverCapacity",
      loadPerMinute: 120,
      maxShare: 0.001,
      maxMinutes: 10,
    });
    expect(
      recommend([result(100, 900, 99, 0), result(200, 800, 99, 10), result(300, 700, 0, 11)], budget),
    ).toBe(200);
  });

  it("neither: no budget, so no recommendation", () => {
    expect(riskBudget(trace, undefined, undefined)).toBeUndefined();
    const model = whatIf(trace, { ...DEFAULT_REPLAY, minCapacity: 1, maxCapacity: 4 }, [100], undefined);
    expect(model.budget).toBeUndefined();
    expect(model.recommended).toBeUndefined();
    expect(model.results[0]!.minutesOverObserved).toBeNull();
  });
});

describe("chartedCandidate: the chart shows one of the table's candidates, and says why when not recommended", () => {
  /** 2 days at 100 a minute with an hour at 1,000 each noon; per instance as served on 2. */
  const values = Array.from({ length: 2 * 1440 }, (_, i) => (i % 1440 >= 720 && i % 1440 < 780 ? 1000 : 100));
  const trace = traceFrom(minutes(values))!;
  const settings = { ...DEFAULT_REPLAY, minCapacity: 1, maxCapacity: 20 };

  it("the recommended one, without a why", () => {
    const model = whatIf(trace, settings, [100, 200], { perMinute: 500 });
    expect(model.recommended).toBe(200);
    expect(chartedCandidate(model, 500)).toEqual({ targetValue: 200 });
  });

  it("none within the budget: the least risky, the one the recommendation line names; never the live 500", () => {
    // --max-rps 5: 300 a minute per instance. Each noon, 1,000 on the 1 instance is above it until the scale-out
    // serves (3 minutes and the warm-up); then 4 instances (target 300) serve 250 each, 2 (target 600) 500 each.
    const model = whatIf(trace, { ...settings, maxRps: 5 }, [300, 600], { perMinute: 500 });
    expect(model.recommended).toBeUndefined();
    expect(model.results.map((r) => r.minutesOverCapacity)).toEqual([2 * 8, 2 * 60]);
    expect(chartedCandidate(model, 500)).toEqual({
      targetValue: 300,
      why: "the least risky: no candidate is within the budget",
    });
  });

  it("nothing to judge the risk by: the live target if it is a candidate, else the lowest, never one off the table", () => {
    const model = whatIf(trace, settings, [300, 600], undefined);
    expect(model.budget).toBeUndefined();
    expect(chartedCandidate(model, 500)).toEqual({
      targetValue: 300,
      why: "the lowest target, whose instances run coolest: nothing to judge the risk by, so no recommendation",
    });
    expect(chartedCandidate(model, 600)).toEqual({
      targetValue: 600,
      why: "the live target: nothing to judge the risk by, so no recommendation",
    });
    expect(chartedCandidate(model, undefined)?.targetValue).toBe(300);
    expect(chartedCandidate(whatIf(trace, settings, [], undefined), 500)).toBeUndefined();
  });
});

describe("toSimulateJson: the documented shape", () => {
  it("has exactly the documented keys", () => {
    const trace = traceFrom(minutes(Array.from({ length: 1440 }, () => 100)))!;
    const model = whatIf(trace, { ...DEFAULT_REPLAY, minCapacity: 1, maxCapacity: 4 }, [50, 100], {
      perMinute: 100,
    });
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
      "observedLoad",
      "riskBudget",
      "from",
    ]);
    expect(json.assumptions.observedLoad).toEqual({ perInstancePerMinute: 100 });
    expect(json.assumptions.riskBudget).toEqual({
      measure: "minutesOverObserved",
      loadPerMinute: 100,
      maxShare: 0.01,
      maxMinutes: 14,
    });
    expect(json.candidates).toEqual([
      {
        targetValue: 50,
        instanceHours: 48,
        maxInstances: 2,
        minutesOverTarget: 0,
        minutesOverCapacity: null,
        minutesOverObserved: 0,
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
        minutesOverObserved: 0,
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
    // Served on 3 instances: 100 a minute each, 300 in the busy hour.
    const perInstance = total.map((p) => ({ t: p.t, v: p.v / 3 }));
    const sim = simulateChoices(
      { total, perInstance },
      { min: 1, max: 10, choices: wizardChoices(200, 300) },
    )!;
    expect(sim.observed).toEqual({ perMinute: 300 });
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
    // While each reacts to the busy hour (3 minutes and the warm-up), 900 on its 1 to 3 instances is above the
    // 300 per instance the 3 real ones served.
    expect(sim.rows.map((r) => r.minutesOverObserved)).toEqual([8, 8, 8, 8]);
  });

  it("a thin history says so; no Invocations or no choice: nothing to show", () => {
    const total = minutes([100, 100, 100]);
    expect(
      simulateChoices({ total, perInstance: [] }, { min: 1, max: 4, choices: wizardChoices(100, undefined) })!
        .shortfall,
    ).toBe("the history spans only 3 min; a day at least is needed to see a daily cycle");
    expect(
      simulateChoices(
        { total: [], perInstance: [] },
        { min: 1, max: 4, choices: wizardChoices(100, undefined) },
      ),
    ).toBeUndefined();
    expect(simulateChoices({ total, perInstance: [] }, { min: 1, max: 4, choices: [] })).toBeUndefined();
  });

  it("the cooldowns and scale-in answered change the replay", () => {
    const total = minutes([
      ...Array.from({ length: 60 }, () => 1000),
      ...Array.from({ length: 120 }, () => 0),
    ]);
    const base = { min: 1, max: 10, choices: [{ label: "live", targetValue: 100 }] };
    expect(simulateChoices({ total, perInstance: [] }, base)!.rows[0]!.scaleIns).toBe(1);
    expect(
      simulateChoices({ total, perInstance: [] }, { ...base, scaleInEnabled: false })!.rows[0]!.scaleIns,
    ).toBe(0);
  });
});
