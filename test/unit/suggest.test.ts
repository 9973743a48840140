import { describe, expect, it } from "vitest";
import {
  coverageShortfall,
  coveredMinutes,
  describeInstancesNeeded,
  describeWindow,
  type HistoryStats,
  historyShortfall,
  instancesNeeded,
  type MetricPoint,
  MIN_HISTORY_HOURS,
  MIN_MINUTES_PRESENT,
  PUBLICATION_LAG_MINUTES,
  percentile,
  suggestFromHistory,
  suggestFromMaxRps,
  summarizeHistory,
  targetFromMaxRps,
} from "../../src/domain/suggest.js";

describe("targetFromMaxRps: max RPS × safety factor × 60 (AWS load-test guidance)", () => {
  it.each([
    [10, 0.5, 300],
    [20, 0.5, 600],
    [3.3, 0.5, 99],
    [1, 1, 60],
    [7, 0.25, 105],
    [0.1, 0.5, 3],
  ])("max %d RPS, factor %d → %d per instance per minute", (rps, factor, expected) => {
    expect(targetFromMaxRps(rps, factor)).toBe(expected);
  });

  it("defaults the safety factor to 0.5", () => {
    expect(targetFromMaxRps(12)).toBe(360);
  });

  it("explains itself in one line", () => {
    expect(suggestFromMaxRps(10).basis).toBe(
      "10 max requests/s per instance × safety factor 0.5 × 60 s = 300 invocations per instance per minute",
    );
  });
});

const T0 = Date.UTC(2026, 2, 14, 9, 12);
const minute = 60_000;
/** One point per minute from T0, the given values in order. */
const series = (values: number[], start = T0): MetricPoint[] =>
  values.map((v, i) => ({ t: start + i * minute, v }));

describe("history", () => {
  it("takes the nearest-rank percentile", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile(values, 1)).toBe(100);
    expect(percentile([5], 0.99)).toBe(5);
  });

  it("states the real window, counts the minutes present, and takes p99 and peak over the busy minutes", () => {
    const perInstance = series([0, 0, ...Array.from({ length: 200 }, (_, i) => i + 1), 0]);
    // minutes 10..19 missing: 193 of 203 minutes present
    const holes = perInstance.filter((_, i) => i < 10 || i >= 20);
    const total = series(Array.from({ length: 203 }, (_, i) => i * 2));
    const stats = summarizeHistory({ perInstance: holes, total, modelLatencyP99Ms: 120 });
    expect(stats).toEqual({
      first: T0,
      last: T0 + 202 * minute,
      spanMinutes: 203,
      presentMinutes: 193,
      busyMinutes: 190,
      peak: 200,
      p99: 199,
      peakTotal: 404,
      p99Total: 400,
      modelLatencyP99Ms: 120,
    });
    expect(describeWindow(stats!)).toBe(
      "2026-03-14 09:12 to 2026-03-14 12:34 UTC (3.4 h, 95 % of minutes with data)",
    );
  });

  it("adds up datapoints that fall in the same minute, whatever order they came in", () => {
    const stats = summarizeHistory({
      perInstance: [
        { t: T0 + minute, v: 5 },
        { t: T0, v: 1 },
        { t: T0 + 30_000, v: 2 },
      ],
      total: [],
    });
    expect(stats).toMatchObject({ spanMinutes: 2, presentMinutes: 2, peak: 5, p99: 5 });
    expect(stats?.peakTotal).toBeUndefined();
  });

  it("has no stats without any datapoint", () => {
    expect(summarizeHistory({ perInstance: [], total: [] })).toBeUndefined();
  });

  describe("historyShortfall: enough to suggest from, or why not", () => {
    const day = MIN_HISTORY_HOURS * 60;
    const ok = (values: number[]) => summarizeHistory({ perInstance: series(values), total: [] });

    it("no datapoint at all", () => {
      expect(historyShortfall(undefined, 14)).toBe("No invocation metrics in the last 14 days");
    });

    it("one busy minute is not a history", () => {
      expect(historyShortfall(ok([900]), 14)).toBe(
        "Invocation metrics span only 2026-03-14 09:12 to 2026-03-14 09:12 UTC (1 min, 100 % of minutes with data); a suggestion needs at least 24 h",
      );
    });

    it(`needs ${MIN_HISTORY_HOURS} h from the first to the last datapoint`, () => {
      expect(historyShortfall(ok(Array(day - 1).fill(10)), 14)).toMatch(/needs at least 24 h$/);
      expect(historyShortfall(ok(Array(day).fill(10)), 14)).toBeUndefined();
    });

    it(`needs data for ${MIN_MINUTES_PRESENT * 100} % of the minutes in that span`, () => {
      const points = series(Array(2 * day).fill(10));
      const keep = (share: number) =>
        summarizeHistory({
          perInstance: points.filter((_, i) => i === 0 || i === points.length - 1 || i % 100 < share),
          total: [],
        });
      expect(historyShortfall(keep(79), 14)).toBe(
        "Invocation metrics span 2026-03-14 09:12 to 2026-03-16 09:11 UTC (2 days, 79 % of minutes with data); a suggestion needs data for at least 80 % of the minutes",
      );
      expect(historyShortfall(keep(80), 14)).toBeUndefined();
    });

    it("a day's window read with CloudWatch's lag is a day: the wizard shares the rule of simulate", () => {
      // The window is the day before END; CloudWatch has published all but its newest 3 minutes.
      const end = T0 + day * minute;
      const read = (published: number) =>
        summarizeHistory({ perInstance: series(Array(published).fill(10)), total: [], windowEnd: end });
      expect(historyShortfall(read(day - 3), 14)).toBeUndefined();
      expect(historyShortfall(read(day - PUBLICATION_LAG_MINUTES), 14)).toBeUndefined();
      // Further back, the data stops before the window does: a gap, not a lag.
      expect(historyShortfall(read(day - PUBLICATION_LAG_MINUTES - 1), 14)).toBe(
        "Invocation metrics span only 2026-03-14 09:12 to 2026-03-15 09:00 UTC (23.8 h, 100 % of minutes with data) and end 11 min before the window does; a suggestion needs at least 24 h",
      );
    });

    it("a minute short of a day is not shown as 24 h", () => {
      expect(historyShortfall(ok(Array(day - 1).fill(10)), 14)).toBe(
        "Invocation metrics span only 2026-03-14 09:12 to 2026-03-15 09:10 UTC (23.9 h, 100 % of minutes with data); a suggestion needs at least 24 h",
      );
    });

    it("a day of zeros has nothing to suggest from", () => {
      expect(historyShortfall(ok(Array(day).fill(0)), 14)).toBe(
        "No invocations in 2026-03-14 09:12 to 2026-03-15 09:11 UTC (24 h, 100 % of minutes with data)",
      );
    });
  });

  describe("coverageShortfall: a day covered, most minutes present (issue 7 §4, issue 11 §6)", () => {
    const day = MIN_HISTORY_HOURS * 60;
    const at = (m: number) => T0 + m * minute;
    // Datapoints in minutes [0, last], `withData` of them; the window read ends at minute `end` (exclusive).
    const cov = (last: number, withData: number, end?: number) => ({
      firstMinute: at(0),
      lastMinute: at(last),
      minutesWithData: withData,
      windowEnd: end === undefined ? undefined : at(end),
    });

    it("a minute's datapoint covers that minute: 1,440 minutes of data are a day, first to last", () => {
      expect(coveredMinutes(cov(day - 1, day))).toBe(day);
      expect(coverageShortfall(cov(day - 1, day))).toBeUndefined();
      expect(coverageShortfall(cov(day - 2, day - 1))).toEqual({
        kind: "short",
        covered: day - 1,
        minutesAfter: 0,
      });
    });

    it("the newest minutes of the window, up to the publication lag, are unpublished, not missing", () => {
      // `--days 1`: the window is minutes [0, 1440); CloudWatch lags 3 minutes.
      expect(coveredMinutes(cov(day - 4, day - 3, day))).toBe(day);
      expect(coverageShortfall(cov(day - 4, day - 3, day))).toBeUndefined();
      expect(coverageShortfall(cov(day - 1 - PUBLICATION_LAG_MINUTES, day - 10, day))).toBeUndefined();
      // 11 minutes: more than CloudWatch's lag; the data stopped.
      expect(coverageShortfall(cov(day - 12, day - 11, day))).toEqual({
        kind: "short",
        covered: day - 11,
        minutesAfter: 11,
      });
      // Without the window's end, no minute counts as unpublished.
      expect(coverageShortfall(cov(day - 4, day - 3))).toEqual({
        kind: "short",
        covered: day - 3,
        minutesAfter: 0,
      });
      // The lag does not make a shorter window a day: --hours 23 read in full is 23 h.
      expect(coverageShortfall(cov(23 * 60 - 1, 23 * 60, 23 * 60))).toMatchObject({
        kind: "short",
        covered: 23 * 60,
      });
    });

    it("most minutes present: the share is of the minutes the data spans, the unpublished ones not counted", () => {
      // 2,304 of 2,880 minutes is 80 %; the 5 minutes after the data are neither present nor missing.
      expect(coverageShortfall(cov(2 * day - 1, 2304, 2 * day + 5))).toBeUndefined();
      expect(coverageShortfall(cov(2 * day - 1, 2303, 2 * day + 5))).toEqual({
        kind: "sparse",
        share: 2303 / 2880,
      });
    });
  });

  const stats: HistoryStats = {
    first: T0,
    last: T0 + (2 * 24 * 60 - 1) * minute,
    spanMinutes: 2 * 24 * 60,
    presentMinutes: 2 * 24 * 60,
    busyMinutes: 2000,
    peak: 900,
    p99: 780,
    peakTotal: 2700,
    p99Total: 1560,
    modelLatencyP99Ms: 42.5,
  };

  it("suggests p99 × safety factor, not the single busiest minute, and names the real window", () => {
    const s = suggestFromHistory(stats);
    expect(s.value).toBe(390);
    expect(s.basis).toBe(
      "2026-03-14 09:12 to 2026-03-16 09:11 UTC (2 days, 100 % of minutes with data): p99 780, peak 900 invocations per instance per minute, ModelLatency p99 42.5 ms; suggested = p99 × safety factor 0.5",
    );
  });

  it("never suggests less than 1", () => {
    expect(suggestFromHistory({ ...stats, peak: 0.5, p99: 0.5 }).value).toBe(1);
  });

  it("says how many instances a target means at the p99 and the busiest minute, from the total invocations", () => {
    expect(instancesNeeded(stats, 390)).toEqual({ atP99: 4, atPeak: 7 });
    expect(instancesNeeded({ ...stats, peakTotal: undefined, p99Total: undefined }, 390)).toBeUndefined();
    expect(describeInstancesNeeded(390, { atP99: 4, atPeak: 7 }, stats, 8)).toEqual({
      line: "Target 390 means 4 instances at the p99 minute (1560 invocations) and 7 instances at the busiest one (2700)",
      aboveMax: false,
    });
    expect(describeInstancesNeeded(390, { atP99: 4, atPeak: 7 }, stats, 6)).toEqual({
      line: "Target 390 means 4 instances at the p99 minute (1560 invocations) and 7 instances at the busiest one (2700): above the maximum of 6, so at such a minute each instance would serve more than the target",
      aboveMax: true,
    });
  });
});
