import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import type { SimulationResult } from "../../src/domain/simulate.js";
import {
  DEFAULT_REPLAY,
  observedLoad,
  replay,
  simulateChoices,
  traceFrom,
  whatIf,
  wizardChoices,
} from "../../src/domain/what-if.js";
import {
  compact,
  renderCandidates,
  renderChart,
  renderChoiceTable,
  renderRecommendation,
} from "../../src/ui/simulate-view.js";

const T0 = Date.parse("2026-03-01T00:00:00Z");
const plain = new Chalk({ level: 0 });
const colour = new Chalk({ level: 1 });

/** Two days: 100 a minute, with an hour at 1000 at noon of each day. */
const values = Array.from({ length: 2 * 1440 }, (_, i) => (i % 1440 >= 720 && i % 1440 < 780 ? 1000 : 100));
const trace = traceFrom(values.map((v, i) => ({ t: T0 + i * 60_000, v })))!;
const settings = { ...DEFAULT_REPLAY, minCapacity: 1, maxCapacity: 20 };

describe("renderChart", () => {
  const result = replay(trace, settings, 100, true);

  it("fits the width: one column per bucket of minutes, the labels in a fixed margin", () => {
    const chart = renderChart(trace, result, undefined, { color: plain, unicode: true, width: 80 });
    const lines = chart.split("\n");
    // 2,880 minutes in 80 - 24 columns (a 22-column margin, the axis, one column to spare): 52 minutes a column,
    // 56 columns.
    expect(lines[0]).toBe("Target 100: traffic and instances, one column = 52 min (· above target)");
    const bars = lines.filter((l) => l.includes("┤"));
    expect(bars).toHaveLength(5 + 4);
    for (const l of bars) expect([...l].length).toBe(23 + 56);
    expect(bars[0]).toMatch(/^ *invocations\/min {2}1000 ┤/);
    expect(bars[5]).toMatch(/^ +instances {4}10 ┤/);
    expect(lines.at(-1)).toMatch(/^ {23}03-01 .* 03-02/);
  });

  it("the busy hours are full columns, the quiet ones a tenth; the overload row marks the reactions", () => {
    const lines = renderChart(trace, result, undefined, { color: plain, unicode: true, width: 80 }).split(
      "\n",
    );
    const column = (line: string, col: number) => [...line][23 + col];
    // Noon of the first day: minute 720 is in column 13 (52 minutes a column).
    const noon = Math.floor(720 / 52);
    expect(column(lines[1]!, noon)).toBe("█");
    // 100 of 1000 is 4 eighths of the 40 in the band: the bottom row only.
    expect(column(lines[5]!, 0)).toBe("▄");
    expect(column(lines[4]!, 0)).toBe(" ");
    const overload = lines.find((l) => l.includes("overload"))!;
    expect(column(overload, noon)).toBe("·");
    expect([...overload].filter((c) => c === "·")).toHaveLength(2);
  });

  it("ASCII without Unicode; the risk line marked where it is passed", () => {
    const chart = renderChart(
      trace,
      replay(trace, settings, 100, true),
      { perMinute: 150, name: "capacity" },
      {
        color: plain,
        unicode: false,
        width: 80,
      },
    );
    expect(chart).toMatch(/^[\x20-\x7e\n]*$/);
    expect(chart).toContain("(. above target, ^ above capacity)");
    expect(chart).toContain("^");
    expect(chart).toMatch(/\|[ .:#]*#/);
  });

  it("colour only when given one", () => {
    expect(renderChart(trace, result, undefined, { color: plain, unicode: true, width: 80 })).not.toContain(
      "\x1b[",
    );
    expect(renderChart(trace, result, undefined, { color: colour, unicode: true, width: 80 })).toContain(
      "\x1b[36m",
    );
  });

  it("a short window labels hours", () => {
    const hours = traceFrom(values.slice(0, 600).map((v, i) => ({ t: T0 + i * 60_000, v })))!;
    const chart = renderChart(hours, replay(hours, settings, 100, true), undefined, {
      color: plain,
      unicode: false,
      width: 80,
    });
    expect(chart.split("\n").at(-1)).toMatch(/00:00 +03:00 +06:00/);
  });
});

describe("renderCandidates and renderRecommendation", () => {
  // The 2 days were served by 10 instances: 10 a minute each, 100 in the busy hours.
  const served = observedLoad(values.map((v, i) => ({ t: T0 + i * 60_000, v: v / 10 })))!;
  const model = whatIf(trace, settings, [50, 100, 200], served);

  it("one row per candidate, the recommended one bold, the live and suggested ones named", () => {
    const text = renderCandidates(model, { live: 200, suggested: 50 }, plain);
    const lines = renderCandidates(model, { live: 200, suggested: 50 }, colour).split("\n");
    expect(lines[0]).toBe(
      "target  instance-hours  most instances  mins > target  mins > load served  outs/ins",
    );
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.includes("recommended"))).toMatch(/^\x1b\[1m/);
    expect(text).toMatch(/^50 .* suggested$/m);
    expect(text).toMatch(/^100 .* recommended$/m);
    expect(text).toMatch(/^200 .* live$/m);
  });

  it("says the budget it chose within, and how it compares with the live target", () => {
    expect(served).toEqual({ perMinute: 100 });
    // Each busy hour outruns every candidate for 3 minutes and the warm-up (2 × 8 minutes above the 100 served);
    // target 200 runs the busy hours on 5 instances, 200 each, above it throughout.
    expect(model.results.map((r) => r.minutesOverObserved)).toEqual([16, 16, 120]);
    expect(renderRecommendation(model, { live: 50 })).toMatch(
      /^Recommended: 100, the cheapest candidate that runs its instances above the load they regularly served \(p99 of the busy minutes: 100 invocations per instance per minute\) in at most 28 of the 2,880 minutes with traffic \(1 %, as often as the history itself\): [\d.,]+ instance-hours, [\d.]+ % fewer than the live 50\.$/,
    );
  });

  it("against the live target at the precision shown: the same instance-hours, or a share that is never 0 %", () => {
    const budget = {
      measure: "minutesOverObserved" as const,
      loadPerMinute: 100,
      maxShare: 0.01,
      maxMinutes: 28,
    };
    const r = (targetValue: number, instanceMinutes: number, minutesOverObserved: number) =>
      ({
        targetValue,
        instanceMinutes,
        instanceHours: instanceMinutes / 60,
        minutesOverObserved,
      }) as SimulationResult;
    const rule =
      "the cheapest candidate that runs its instances above the load they regularly served (p99 of the busy minutes: 100 invocations per instance per minute) in at most 28 of the 2,880 minutes with traffic (1 %, as often as the history itself)";
    const said = (results: SimulationResult[], recommended: number) =>
      renderRecommendation({ ...model, results, budget, recommended }, { live: 600 });
    // The live target recommended (a tie it wins): said so, no comparison with itself.
    expect(said([r(300, 5_760, 27), r(600, 5_760, 27)], 600)).toBe(
      `Recommended: 600 (the live target), ${rule}: 96 instance-hours.`,
    );
    // The same hours as a live target outside the budget.
    expect(said([r(300, 5_760, 0), r(600, 5_762, 29)], 300)).toBe(
      `Recommended: 300, ${rule}: 96 instance-hours, the same instance-hours as the live 600, which is not within the budget.`,
    );
    // 1,000 and 1,000.1 hours: under 0.1 % apart, not "0 % fewer".
    expect(said([r(300, 60_000, 0), r(600, 60_006, 29)], 300)).toBe(
      `Recommended: 300, ${rule}: 1,000 instance-hours, less than 0.1 % fewer than the live 600.`,
    );
    expect(said([r(300, 57_600, 0), r(600, 60_000, 29)], 300)).toBe(
      `Recommended: 300, ${rule}: 960 instance-hours, 4 % fewer than the live 600.`,
    );
  });

  it("with a capacity: the budget on capacity", () => {
    const withCapacity = whatIf(trace, { ...settings, maxRps: 20 }, [50, 100, 200], served);
    expect(renderRecommendation(withCapacity, {})).toMatch(
      /^Recommended: 200, the cheapest candidate that runs its instances above capacity \(1,200 invocations per instance per minute\) in at most 2 of the 2,880 minutes \(0\.1 %\): /,
    );
    expect(renderCandidates(withCapacity, {}, plain).split("\n")[0]).toContain(
      "mins > load served  mins > capacity",
    );
  });

  it("none within the budget: says so, and which is least risky", () => {
    const spiky = traceFrom(
      Array.from({ length: 600 }, (_, i) => ({ t: T0 + i * 60_000, v: i % 10 < 5 ? 5000 : 10 })),
    )!;
    const none = whatIf(spiky, { ...settings, maxCapacity: 2 }, [100, 200], { perMinute: 1000 });
    expect(none.recommended).toBeUndefined();
    expect(renderRecommendation(none, {})).toMatch(
      /^No candidate runs its instances above the load they regularly served \(p99 of the busy minutes: 1,000 invocations per instance per minute\) in at most 6 of the 600 minutes with traffic \(1 %, as often as the history itself\)\. The least risky is 100 \(\d+ minutes above the load served\); try lower targets with --targets, or a higher --max\.$/,
    );
  });

  it("no InvocationsPerInstance history and no --max-rps: no recommendation, and why", () => {
    const blind = whatIf(trace, settings, [100], undefined);
    expect(renderRecommendation(blind, {})).toBe(
      "No recommendation: there is no InvocationsPerInstance history to judge the risk by. Give --max-rps (from a load test) to count the minutes above capacity.",
    );
    expect(renderCandidates(blind, {}, plain).split("\n")[0]).not.toContain("load served");
  });
});

describe("compact", () => {
  it.each([
    [0, "0"],
    [950, "950"],
    [9999, "9999"],
    [12_345, "12.3k"],
    [1_234_567, "1.23M"],
    [0.5, "0.5"],
  ])("%d → %s", (n, text) => {
    expect(compact(n)).toBe(text);
  });
});

describe("renderChoiceTable: what the wizard prints", () => {
  it("one row per choice, the window, the load served, and 'indicative only' when thin", () => {
    const total = values.map((v, i) => ({ t: T0 + i * 60_000, v }));
    const perInstance = total.map((p) => ({ t: p.t, v: p.v / 4 }));
    const lines = renderChoiceTable(
      simulateChoices({ total, perInstance }, { min: 1, max: 20, choices: wizardChoices(100, 200) })!,
    );
    expect(lines[0]).toBe(
      "What each choice would have done over 2026-03-01 00:00 to 2026-03-02 23:59 UTC (2 days, 100 % of minutes with data):",
    );
    expect(lines[1]).toBe(
      "  target           instance-hours  most instances  mins > target  mins > load served  outs/ins",
    );
    expect(lines.slice(3, 7).map((l) => l.trim().split(/\s{2,}/)[0])).toEqual([
      "75 (lower)",
      "100 (suggested)",
      "125 (higher)",
      "200 (live)",
    ]);
    expect(lines[7]).toBe(
      '  "load served": the 250 invocations per instance per minute its instances regularly served (p99 of the busy minutes).',
    );
    const thin = renderChoiceTable(
      simulateChoices(
        { total: total.slice(0, 60), perInstance: [] },
        { min: 1, max: 20, choices: wizardChoices(100, undefined) },
      )!,
    );
    expect(thin[0]).toContain(
      "(indicative only: the history spans only 1 h; a day at least is needed to see a daily cycle)",
    );
    expect(thin[1]).not.toContain("load served");
  });
});
