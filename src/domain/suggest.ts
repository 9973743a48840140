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

/** One CloudWatch datapoint: the minute it starts (epoch milliseconds) and its value. */
export interface MetricPoint {
  t: number;
  v: number;
}

export interface InvocationHistory {
  /** Sum of InvocationsPerInstance per minute: invocations per instance per minute. */
  perInstance: MetricPoint[];
  /** Sum of Invocations per minute: all the variant's invocations in that minute, whatever its instance count. */
  total: MetricPoint[];
  /** Model latency p99 over the same window, in milliseconds, when SageMaker published it. */
  modelLatencyP99Ms?: number | undefined;
  /** The end (exclusive, epoch milliseconds) of the window read: its newest minutes may not be published yet. */
  windowEnd?: number | undefined;
}

/**
 * A suggestion needs a full daily cycle: most endpoints peak once a day, and a shorter window can miss the peak
 * entirely (an afternoon's data says nothing about the morning rush).
 */
export const MIN_HISTORY_HOURS = 24;
/**
 * …and data for most of the minutes in it. Missing minutes are minutes SageMaker published nothing for (the
 * endpoint was down, being created, or not reporting): the percentile would then describe a different, partial
 * sample. 80 % tolerates the odd gap and an endpoint created mid-window, not a history that is mostly holes.
 */
export const MIN_MINUTES_PRESENT = 0.8;

/**
 * CloudWatch has a minute's datapoint a little after the minute ends: SageMaker's 1-minute metrics lag 1–3 minutes
 * (facts doc §5), more when the service is slow. A window read up to now therefore usually lacks its newest
 * minutes, and their absence says nothing about the endpoint. Up to this many of them count as covered when the
 * data reaches that close to the end of the window: over three times the usual lag, and under 1 % of a day, so it
 * cannot hide a missing part of the daily cycle. Further back, a gap is a gap (the endpoint stopped reporting).
 */
export const PUBLICATION_LAG_MINUTES = 10;

/** What a history holds, for {@link coverageShortfall}. Times are epoch milliseconds. */
export interface Coverage {
  /** The first and the last minute with a datapoint (their starts). */
  firstMinute: number;
  lastMinute: number;
  /** Minutes from the first to the last, both included, that have a datapoint (a zero included). */
  minutesWithData: number;
  /** The end (exclusive) of the window that was read, when known: without it, no minute counts as unpublished. */
  windowEnd?: number | undefined;
}

/** Minutes from the first datapoint's minute to the last's, both included: a minute's datapoint covers it. */
export function spanMinutes(c: Pick<Coverage, "firstMinute" | "lastMinute">): number {
  return (c.lastMinute - c.firstMinute) / 60_000 + 1;
}

/** Minutes from the end of the last minute with data to the end of the window; 0 when the window is unknown. */
export function minutesAfterData(c: Coverage): number {
  if (c.windowEnd === undefined) return 0;
  return Math.max(0, Math.round((c.windowEnd - c.lastMinute) / 60_000) - 1);
}

/**
 * The minutes a history covers: its span ({@link spanMinutes}), and the newest minutes of the window after it when
 * they are at most {@link PUBLICATION_LAG_MINUTES} (not published yet). So a day's window whose every published
 * minute has data covers the day: 1,440 minutes, not the 1,437 its datapoints span.
 */
export function coveredMinutes(c: Coverage): number {
  const after = minutesAfterData(c);
  return spanMinutes(c) + (after <= PUBLICATION_LAG_MINUTES ? after : 0);
}

export type CoverageShortfall =
  /** Under a day: `covered` minutes; `minutesAfter`: the window's minutes after the last datapoint, when more than the lag. */
  | { kind: "short"; covered: number; minutesAfter: number }
  /** Too many holes: the share (0–1) of the span's minutes with a datapoint. */
  | { kind: "sparse"; share: number };

/**
 * The one bar a history must clear to go by, for the target suggestion (issue 7 §4) and the what-if (issue 11 §6):
 * it covers a day ({@link MIN_HISTORY_HOURS}, counted by {@link coveredMinutes}), and most of the minutes it spans
 * have a datapoint ({@link MIN_MINUTES_PRESENT}; the unpublished newest minutes are not counted as missing).
 * Undefined when it clears it.
 */
export function coverageShortfall(c: Coverage): CoverageShortfall | undefined {
  const covered = coveredMinutes(c);
  if (covered < MIN_HISTORY_HOURS * 60) {
    const after = minutesAfterData(c);
    return { kind: "short", covered, minutesAfter: after > PUBLICATION_LAG_MINUTES ? after : 0 };
  }
  const share = c.minutesWithData / spanMinutes(c);
  if (share < MIN_MINUTES_PRESENT) return { kind: "sparse", share };
  return undefined;
}

export interface HistoryStats {
  /** First and last minute with a datapoint (epoch milliseconds). */
  first: number;
  last: number;
  /** Minutes from first to last, both included. */
  spanMinutes: number;
  /** Minutes in that span with a datapoint (zero included). */
  presentMinutes: number;
  /** Minutes with at least one invocation: the sample the statistics below are taken from. */
  busyMinutes: number;
  /** Invocations per instance per minute over the busy minutes: the busiest, and the 99th percentile. */
  peak: number;
  p99: number;
  /** All the variant's invocations per minute (Invocations), when published: the busiest, and the p99. */
  peakTotal?: number | undefined;
  p99Total?: number | undefined;
  modelLatencyP99Ms?: number | undefined;
  /** The end (exclusive) of the window read, when known (see {@link coveredMinutes}). */
  windowEnd?: number | undefined;
}

/** The facts of a history; undefined when it holds no datapoint at all. */
export function summarizeHistory(history: InvocationHistory): HistoryStats | undefined {
  const minutes = new Map<number, number>();
  for (const p of history.perInstance) {
    if (!Number.isFinite(p.t) || !Number.isFinite(p.v)) continue;
    const minute = Math.floor(p.t / 60_000) * 60_000;
    minutes.set(minute, (minutes.get(minute) ?? 0) + p.v);
  }
  if (minutes.size === 0) return undefined;
  const times = [...minutes.keys()].sort((a, b) => a - b);
  const first = times[0]!;
  const last = times[times.length - 1]!;
  const busy = [...minutes.values()].filter((v) => v > 0).sort((a, b) => a - b);
  const totals = history.total
    .filter((p) => Number.isFinite(p.v) && p.v > 0)
    .map((p) => p.v)
    .sort((a, b) => a - b);
  return {
    first,
    last,
    spanMinutes: spanMinutes({ firstMinute: first, lastMinute: last }),
    presentMinutes: minutes.size,
    busyMinutes: busy.length,
    peak: busy.length ? busy[busy.length - 1]! : 0,
    p99: busy.length ? percentile(busy, 0.99) : 0,
    peakTotal: totals.length ? totals[totals.length - 1]! : undefined,
    p99Total: totals.length ? percentile(totals, 0.99) : undefined,
    modelLatencyP99Ms: history.modelLatencyP99Ms,
    windowEnd: history.windowEnd,
  };
}

/** Why a history is too thin to suggest from, or undefined when it will do. One sentence, no full stop. */
export function historyShortfall(stats: HistoryStats | undefined, daysAsked: number): string | undefined {
  if (!stats) return `No invocation metrics in the last ${daysAsked} days`;
  const window = describeWindow(stats);
  const thin = coverageShortfall({
    firstMinute: stats.first,
    lastMinute: stats.last,
    minutesWithData: stats.presentMinutes,
    windowEnd: stats.windowEnd,
  });
  if (thin?.kind === "short") {
    const early = thin.minutesAfter > 0 ? ` and end ${thin.minutesAfter} min before the window does` : "";
    return `Invocation metrics span only ${window}${early}; a suggestion needs at least ${MIN_HISTORY_HOURS} h`;
  }
  if (thin?.kind === "sparse") {
    return `Invocation metrics span ${window}; a suggestion needs data for at least ${Math.round(MIN_MINUTES_PRESENT * 100)} % of the minutes`;
  }
  if (stats.busyMinutes === 0) return `No invocations in ${window}`;
  return undefined;
}

/** "2026-03-14 09:12 to 2026-03-15 18:40 UTC (33.5 h, 96 % of minutes with data)": the real window. */
export function describeWindow(stats: HistoryStats): string {
  const at = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");
  const hours = stats.spanMinutes / 60;
  const span =
    stats.spanMinutes < 60
      ? `${stats.spanMinutes} min`
      : hours >= 48
        ? `${formatNumber(Math.round(hours / 2.4) / 10)} days`
        : `${formatHours(hours)} h`;
  const share = Math.floor((stats.presentMinutes / stats.spanMinutes) * 100);
  return `${at(stats.first)} to ${at(stats.last)} UTC (${span}, ${share} % of minutes with data)`;
}

/** Under a day, tenths, at most 23.9: 23 h 59 min is never shown as the "24 h" it falls short of. */
export function formatHours(hours: number): string {
  if (hours < MIN_HISTORY_HOURS) return formatNumber(Math.min(Math.round(hours * 10) / 10, 23.9));
  return String(Math.round(hours));
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
 * Without a load test, the load one instance has regularly served is the best evidence of what it handles:
 * the 99th percentile of the busy minutes, not the single busiest one (one burst, a retry storm or a load test
 * would otherwise set the target). Treat it as the maximum and apply the same safety factor as the load-test
 * formula; it errs towards scaling out early (costlier, never slower), and the basis line says so.
 */
export function suggestFromHistory(
  stats: HistoryStats,
  safetyFactor: number = DEFAULT_SAFETY_FACTOR,
): Suggestion {
  // A whole number: history is evidence, not a measurement precise enough for decimals.
  const value = Math.max(1, Math.round(stats.p99 * safetyFactor));
  const latency =
    stats.modelLatencyP99Ms !== undefined
      ? `, ModelLatency p99 ${formatNumber(stats.modelLatencyP99Ms)} ms`
      : "";
  return {
    value,
    basis:
      `${describeWindow(stats)}: p99 ${formatNumber(stats.p99)}, peak ${formatNumber(stats.peak)} invocations per instance per minute` +
      `${latency}; suggested = p99 × safety factor ${formatNumber(safetyFactor)}`,
  };
}

export interface InstancesNeeded {
  /** Instances that keep InvocationsPerInstance at the target at the p99 minute and at the busiest minute. */
  atP99: number;
  atPeak: number;
}

/**
 * What a target means for the fleet: at a minute with T invocations in all, target tracking aims for T / target
 * instances. Needs the variant's total Invocations (InvocationsPerInstance is already divided by the instance
 * count of its minute, which the history does not keep); undefined without it.
 */
export function instancesNeeded(stats: HistoryStats, target: number): InstancesNeeded | undefined {
  if (stats.p99Total === undefined || stats.peakTotal === undefined || !(target > 0)) return undefined;
  return {
    atP99: Math.max(1, Math.ceil(stats.p99Total / target)),
    atPeak: Math.max(1, Math.ceil(stats.peakTotal / target)),
  };
}

/** One line: what the chosen target means at the history's p99 and busiest minutes, against the maximum. */
export function describeInstancesNeeded(
  target: number,
  needed: InstancesNeeded,
  stats: HistoryStats,
  max: number,
): { line: string; aboveMax: boolean } {
  const plural = (n: number) => `${n} instance${n === 1 ? "" : "s"}`;
  const aboveMax = needed.atPeak > max;
  const line =
    `Target ${formatNumber(target)} means ${plural(needed.atP99)} at the p99 minute (${formatNumber(stats.p99Total!)} invocations) ` +
    `and ${plural(needed.atPeak)} at the busiest one (${formatNumber(stats.peakTotal!)})` +
    (aboveMax
      ? `: above the maximum of ${max}, so at such a minute each instance would serve more than the target`
      : "");
  return { line, aboveMax };
}

export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

/**
 * Minutes with a queue needed before the backlog history says anything: an hour of queueing, in any 14 days.
 * Fewer is a test or an accident, not a workload.
 */
export const MIN_BACKLOG_MINUTES = 60;

/**
 * A target for an async endpoint's backlog per instance, from its own history: the median queue per instance
 * over the minutes that had a queue. Tracking it adds instances when the queue grows past what is usual for this
 * endpoint, and removes them when it falls back (at 0.9 × target, §5). At least 1: below, any single request
 * would ask for an instance. Undefined, with the reason, when too few minutes had a queue.
 */
export function suggestFromBacklog(points: MetricPoint[]): { suggestion?: Suggestion; shortfall?: string } {
  const busy = points.filter((p) => Number.isFinite(p.v) && p.v > 0);
  if (busy.length < MIN_BACKLOG_MINUTES) {
    return {
      shortfall: `${busy.length} minute${busy.length === 1 ? "" : "s"} with a queue in the last 14 days (${MIN_BACKLOG_MINUTES} needed)`,
    };
  }
  const sorted = busy.map((p) => p.v).sort((a, b) => a - b);
  const median = percentile(sorted, 0.5);
  const times = busy.map((p) => p.t);
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  return {
    suggestion: {
      value: Math.max(1, Math.round(median)),
      basis: `the median backlog per instance over the ${busy.length} minutes with a queue between ${day(Math.min(...times))} and ${day(Math.max(...times))} UTC (p90 ${formatNumber(percentile(sorted, 0.9))})`,
    },
  };
}
