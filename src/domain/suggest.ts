import { DEFAULT_SAFETY_FACTOR } from "./constants.js";

/**
 * The target of SageMakerVariantInvocationsPerInstance is invocations per instance per MINUTE. AWS's load-test
 * guidance (facts doc §4): target = max requests per second one instance sustains × safety factor × 60.
 */
export function targetFromMaxRps(maxRps: number, safetyFactor: number = DEFAULT_SAFETY_FACTOR): number {
  return roundTarget(maxRps * safetyFactor * 60);
}

/** Targets are doubles; two decimals keep the printed commands readable without changing behaviour. */
export function roundTarget(value: number): number {
  return Math.round(value * 100) / 100;
}

export interface InvocationHistory {
  /** One value per minute with traffic: the Sum of InvocationsPerInstance, i.e. invocations per instance per minute. */
  perMinute: number[];
  /** Model latency p99 over the same window, in milliseconds, when SageMaker published it. */
  modelLatencyP99Ms?: number | undefined;
  days: number;
}

export interface HistoryStats {
  peak: number;
  p99: number;
  minutes: number;
  modelLatencyP99Ms?: number | undefined;
  days: number;
}

export function summarizeHistory(history: InvocationHistory): HistoryStats | undefined {
  const values = history.perMinute.filter((v) => Number.isFinite(v) && v > 0).sort((a, b) => a - b);
  if (values.length === 0) return undefined;
  return {
    peak: values[values.length - 1]!,
    p99: percentile(values, 0.99),
    minutes: values.length,
    modelLatencyP99Ms: history.modelLatencyP99Ms,
    days: history.days,
  };
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export interface Suggestion {
  value: number;
  /** One line: where the number comes from. */
  basis: string;
}

export function suggestFromMaxRps(maxRps: number, safetyFactor: number = DEFAULT_SAFETY_FACTOR): Suggestion {
  const value = targetFromMaxRps(maxRps, safetyFactor);
  return {
    value,
    basis: `${formatNumber(maxRps)} max requests/s per instance × safety factor ${formatNumber(safetyFactor)} × 60 s = ${formatNumber(value)} invocations per instance per minute`,
  };
}

/**
 * Without a load test, the busiest minute the variant has served is the best evidence of what one instance
 * handles: treat it as the maximum and apply the same safety factor as the load-test formula. It errs towards
 * scaling out early (costlier, never slower), and the basis line says so.
 */
export function suggestFromHistory(
  stats: HistoryStats,
  safetyFactor: number = DEFAULT_SAFETY_FACTOR,
): Suggestion {
  // A whole number: history is evidence, not a measurement precise enough for decimals.
  const value = Math.max(1, Math.round(stats.peak * safetyFactor));
  const latency =
    stats.modelLatencyP99Ms !== undefined
      ? `, ModelLatency p99 ${formatNumber(stats.modelLatencyP99Ms)} ms`
      : "";
  return {
    value,
    basis:
      `last ${stats.days} days: peak ${formatNumber(stats.peak)}, p99 ${formatNumber(stats.p99)} invocations per instance per minute` +
      `${latency}; suggested = peak × safety factor ${formatNumber(safetyFactor)}`,
  };
}

export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}
