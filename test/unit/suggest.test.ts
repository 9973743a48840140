import { describe, expect, it } from "vitest";
import {
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

describe("history", () => {
  it("takes the nearest-rank percentile", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile(values, 1)).toBe(100);
    expect(percentile([5], 0.99)).toBe(5);
  });

  it("ignores idle minutes and reports peak and p99", () => {
    const perMinute = [0, 0, ...Array.from({ length: 200 }, (_, i) => i + 1), 0];
    const stats = summarizeHistory({ perMinute, days: 14, modelLatencyP99Ms: 120 });
    expect(stats).toEqual({ peak: 200, p99: 198, minutes: 200, modelLatencyP99Ms: 120, days: 14 });
  });

  it("has no stats without traffic", () => {
    expect(summarizeHistory({ perMinute: [0, 0], days: 14 })).toBeUndefined();
  });

  it("suggests peak × safety factor and names its basis", () => {
    const s = suggestFromHistory({ peak: 900, p99: 780, minutes: 2880, modelLatencyP99Ms: 42.5, days: 14 });
    expect(s.value).toBe(450);
    expect(s.basis).toBe(
      "last 14 days: peak 900, p99 780 invocations per instance per minute, ModelLatency p99 42.5 ms; suggested = peak × safety factor 0.5",
    );
  });

  it("never suggests less than 1", () => {
    expect(suggestFromHistory({ peak: 0.5, p99: 0.5, minutes: 1, days: 14 }).value).toBe(1);
  });
});
