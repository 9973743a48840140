/**
 * The what-if around the simulator (simulate.ts): the per-minute trace from CloudWatch datapoints, the candidate
 * targets, one replay per candidate, the recommendation, and the `--json` shape. Pure. `sm-autoscale simulate`
 * and the wizard's target question (simulateChoices) both use it.
 */
import { DEFAULT_COOLDOWN_SECONDS } from "./constants.js";
import {
  DEFAULT_WARMUP_MINUTES,
  SCALE_IN_MINUTES,
  SCALE_IN_THRESHOLD,
  SCALE_OUT_MINUTES,
  type SimulationResult,
  type SimulationSettings,
  settledStart,
  simulate,
} from "./simulate.js";
import {
  coverageShortfall,
  formatHours,
  formatNumber,
  type InvocationHistory,
  type MetricPoint,
  MIN_HISTORY_HOURS,
  MIN_MINUTES_PRESENT,
  summarizeHistory,
} from "./suggest.js";

const MINUTE = 60_000;

/** Invocations per minute, dense: minute i starts at `start + i` minutes. */
export interface Trace {
  /** Epoch milliseconds of the first minute. */
  start: number;
  invocations: Float64Array;
  /** Minutes that had a datapoint (a zero included); the others count as no traffic. */
  minutesWithData: number;
  /**
   * The end (exclusive, epoch milliseconds) of the window the points were read over, when known: the minutes
   * between the trace and it may not be published yet ({@link traceShortfall}). They are not replayed.
   */
  windowEnd?: number | undefined;
}

/**
 * The minutes from the first datapoint to the last, both included, each the sum of its datapoints (one per minute
 * from GetMetricData); a minute without one is zero traffic. Undefined when there is no datapoint at all.
 * `windowEnd` is the end of the window read, kept to judge the trace by.
 */
export function traceFrom(points: readonly MetricPoint[], windowEnd?: number): Trace | undefined {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    if (!Number.isFinite(p.t) || !Number.isFinite(p.v)) continue;
    const minute = Math.floor(p.t / MINUTE) * MINUTE;
    if (minute < first) first = minute;
    if (minute > last) last = minute;
  }
  if (!Number.isFinite(first)) return undefined;
  const invocations = new Float64Array((last - first) / MINUTE + 1);
  const seen = new Uint8Array(invocations.length);
  for (const p of points) {
    if (!Number.isFinite(p.t) || !Number.isFinite(p.v)) continue;
    const i = (Math.floor(p.t / MINUTE) * MINUTE - first) / MINUTE;
    invocations[i]! += Math.max(0, p.v);
    seen[i] = 1;
  }
  let minutesWithData = 0;
  for (const s of seen) minutesWithData += s;
  return { start: first, invocations, minutesWithData, windowEnd };
}

/**
 * Why a trace is too thin to go by, or undefined: the bar of the target suggestion, the same function
 * (coverageShortfall in suggest.ts). It must cover a day, counting each minute with a datapoint as covered (the
 * first and the last included) and the newest minutes of the window up to CloudWatch's publication lag (10 minutes:
 * `--days 1` read with every published minute there is a day); and most of its minutes must have data. A thinner
 * trace is still replayed, as indicative only.
 */
export function traceShortfall(trace: Trace): string | undefined {
  const minutes = trace.invocations.length;
  const thin = coverageShortfall({
    firstMinute: trace.start,
    lastMinute: trace.start + (minutes - 1) * MINUTE,
    minutesWithData: trace.minutesWithData,
    windowEnd: trace.windowEnd,
  });
  if (thin?.kind === "short") {
    const early = thin.minutesAfter > 0 ? ` and ends ${thin.minutesAfter} min before the window does` : "";
    return `the history spans only ${spanText(minutes)}${early}; a day at least is needed to see a daily cycle`;
  }
  if (thin?.kind === "sparse") {
    return `only ${Math.floor(thin.share * 100)} % of its minutes have data (${Math.round(MIN_MINUTES_PRESENT * 100)} % needed)`;
  }
  return undefined;
}

/** "33.5 h", "14 days", "45 min"; under a day at most "23.9 h", never a "24 h" it falls short of. */
export function spanText(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = minutes / 60;
  if (hours < MIN_HISTORY_HOURS) return `${formatHours(hours)} h`;
  if (hours < 48) return `${formatNumber(Math.round(hours * 10) / 10)} h`;
  return `${formatNumber(Math.round((hours / 24) * 10) / 10)} days`;
}

/** The policy every candidate shares: all but the target. */
export interface ReplaySettings {
  minCapacity: number;
  maxCapacity: number;
  scaleInCooldownSeconds: number;
  scaleOutCooldownSeconds: number;
  scaleInEnabled: boolean;
  warmupMinutes: number;
  /** Max requests per second one instance sustains (from a load test): capacity = × 60 per minute. */
  maxRps?: number | undefined;
  /** The load per instance the variant regularly served (see {@link observedLoad}), counted above. */
  observedPerMinute?: number | undefined;
}

export const DEFAULT_REPLAY: Omit<ReplaySettings, "minCapacity" | "maxCapacity"> = {
  scaleInCooldownSeconds: DEFAULT_COOLDOWN_SECONDS,
  scaleOutCooldownSeconds: DEFAULT_COOLDOWN_SECONDS,
  scaleInEnabled: true,
  warmupMinutes: DEFAULT_WARMUP_MINUTES,
};

/** One candidate target replayed (rule 10 of simulate.ts for the start). */
export function replay(trace: Trace, settings: ReplaySettings, targetValue: number, keepSeries = false) {
  const sizing = { targetValue, minCapacity: settings.minCapacity, maxCapacity: settings.maxCapacity };
  const full: SimulationSettings = {
    ...sizing,
    startCapacity: settledStart(trace.invocations, sizing),
    scaleInCooldownSeconds: settings.scaleInCooldownSeconds,
    scaleOutCooldownSeconds: settings.scaleOutCooldownSeconds,
    scaleInEnabled: settings.scaleInEnabled,
    warmupMinutes: settings.warmupMinutes,
    capacityPerMinute: settings.maxRps === undefined ? undefined : settings.maxRps * 60,
    observedPerMinute: settings.observedPerMinute,
    keepSeries,
  };
  return simulate(trace.invocations, full);
}

/**
 * What one instance has been seen to serve: the 99th percentile of the busy minutes of InvocationsPerInstance,
 * the statistic the target suggestion stands on (suggest.ts). A candidate that runs its instances above it more
 * often than the history itself did (1 % of its busy minutes, by the definition of the percentile) runs them
 * hotter than they have regularly run: a risk the metrics show without a load test.
 */
export interface ObservedLoad {
  perMinute: number;
}

export function observedLoad(perInstance: readonly MetricPoint[]): ObservedLoad | undefined {
  const stats = summarizeHistory({ perInstance: [...perInstance], total: [] });
  if (!stats || stats.busyMinutes === 0) return undefined;
  return { perMinute: stats.p99 };
}

/**
 * The risk a recommendation may take, stated with it. With `--max-rps`: minutes when the instances in service
 * get more than they can serve (latency rises, requests fail), in at most 0.1 % of the replayed minutes, about a
 * minute and a half a day (a choice of this tool). Without it: minutes above the load they regularly served
 * ({@link observedLoad}), in at most 1 % of the minutes with traffic, as often as the real history was. Minutes
 * above the target are no measure of risk: a lower target has more of them (it scales more often, each time 3
 * minutes and the warm-up late) while its instances run cooler.
 */
export const CAPACITY_BUDGET_SHARE = 0.001;
export const OBSERVED_BUDGET_SHARE = 0.01;

export interface RiskBudget {
  measure: "minutesOverCapacity" | "minutesOverObserved";
  /** The load per instance per minute that the measure counts minutes above. */
  loadPerMinute: number;
  /** The share of the minutes (all of them for capacity, those with traffic for the load served) allowed. */
  maxShare: number;
  /** The most minutes allowed over this trace. */
  maxMinutes: number;
}

/** Minutes with at least one invocation. */
export function busyMinutes(trace: Trace): number {
  let busy = 0;
  for (const v of trace.invocations) if (v > 0) busy++;
  return busy;
}

export function riskBudget(
  trace: Trace,
  maxRps: number | undefined,
  observed: ObservedLoad | undefined,
): RiskBudget | undefined {
  if (maxRps !== undefined) {
    return {
      measure: "minutesOverCapacity",
      loadPerMinute: maxRps * 60,
      maxShare: CAPACITY_BUDGET_SHARE,
      maxMinutes: Math.floor(trace.invocations.length * CAPACITY_BUDGET_SHARE),
    };
  }
  if (observed) {
    return {
      measure: "minutesOverObserved",
      loadPerMinute: observed.perMinute,
      maxShare: OBSERVED_BUDGET_SHARE,
      maxMinutes: Math.floor(busyMinutes(trace) * OBSERVED_BUDGET_SHARE),
    };
  }
  return undefined;
}

export const riskOf = (r: SimulationResult, budget: RiskBudget): number =>
  (budget.measure === "minutesOverCapacity" ? r.minutesOverCapacity : r.minutesOverObserved) ?? 0;

/**
 * Instance-hours to the precision they are shown (a tenth of an hour, as the table and the recommendation print
 * them), in tenths: two candidates that read the same cost the same.
 */
export const shownTenths = (r: Pick<SimulationResult, "instanceMinutes">): number =>
  Math.round(r.instanceMinutes / 6);

/**
 * The cheapest candidate within the budget: the fewest instance-hours to the precision shown ({@link shownTenths});
 * at equal cost the live target when it is within the budget (a change that saves nothing is no recommendation),
 * else the lower risk, then the lower target. Undefined when none stays within the budget.
 */
export function recommend(
  results: readonly SimulationResult[],
  budget: RiskBudget,
  live?: number | undefined,
): number | undefined {
  const within = results.filter((r) => riskOf(r, budget) <= budget.maxMinutes);
  const isLive = (r: SimulationResult) => (r.targetValue === live ? 1 : 0);
  within.sort(
    (a, b) =>
      shownTenths(a) - shownTenths(b) ||
      isLive(b) - isLive(a) ||
      riskOf(a, budget) - riskOf(b, budget) ||
      a.targetValue - b.targetValue,
  );
  return within[0]?.targetValue;
}

/** The candidate with the fewest minutes over the budget's measure (then the fewest instance-hours). */
export function leastRisky(
  results: readonly SimulationResult[],
  budget: RiskBudget,
): SimulationResult | undefined {
  return [...results].sort(
    (a, b) => riskOf(a, budget) - riskOf(b, budget) || a.instanceMinutes - b.instanceMinutes,
  )[0];
}

/** The candidate the chart shows; `why` is said with it when it is not the recommended one. */
export interface ChartChoice {
  targetValue: number;
  why?: string | undefined;
}

/**
 * What the chart shows: always one of the candidates replayed (the table's rows). The recommended one; else, when
 * none is within the risk budget, the least risky (the one the recommendation line names); else, without a risk
 * measure to judge by, the live target when it is a candidate (how the variant runs now), else the lowest target
 * (its instances run coolest). Undefined only without candidates.
 */
export function chartedCandidate(model: WhatIf, live: number | undefined): ChartChoice | undefined {
  const { results, budget } = model;
  if (results.length === 0) return undefined;
  if (model.recommended !== undefined) return { targetValue: model.recommended };
  if (budget) {
    return {
      targetValue: leastRisky(results, budget)!.targetValue,
      why: "the least risky: no candidate is within the budget",
    };
  }
  if (live !== undefined && results.some((r) => r.targetValue === live)) {
    return { targetValue: live, why: "the live target: nothing to judge the risk by, so no recommendation" };
  }
  return {
    targetValue: Math.min(...results.map((r) => r.targetValue)),
    why: "the lowest target, whose instances run coolest: nothing to judge the risk by, so no recommendation",
  };
}

/** Candidate values are rounded like suggestions: whole numbers from 10 up, two decimals below. */
export function roundCandidate(value: number): number {
  return value >= 10 ? Math.round(value) : Math.max(0.01, Math.round(value * 100) / 100);
}

/** Around a base target, from half to twice it: the spread the command replays by default. */
export const SPREAD = [0.5, 0.67, 0.8, 1, 1.25, 1.5, 2] as const;

/** The default candidates: the spread around the suggestion (else the live target), plus both themselves. */
export function defaultCandidates(suggested: number | undefined, live: number | undefined): number[] {
  const base = suggested ?? live;
  if (base === undefined) return [];
  const values = SPREAD.map((f) => roundCandidate(base * f));
  if (suggested !== undefined) values.push(suggested);
  if (live !== undefined) values.push(live);
  return uniqueSorted(values);
}

export function uniqueSorted(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

export interface WhatIf {
  trace: Trace;
  settings: ReplaySettings;
  results: SimulationResult[];
  /** Undefined without --max-rps and without InvocationsPerInstance history: no recommendation then. */
  budget?: RiskBudget | undefined;
  observed?: ObservedLoad | undefined;
  recommended?: number | undefined;
  /** Why the trace is too thin to go by (indicative only), or undefined. */
  shortfall?: string | undefined;
}

/**
 * Every candidate replayed on the same trace and settings, and the recommendation. `observed` (from the
 * variant's InvocationsPerInstance) is counted above in every replay and, without --max-rps, is the risk. `live`,
 * the live target, wins a tie in cost ({@link recommend}).
 */
export function whatIf(
  trace: Trace,
  settings: ReplaySettings,
  candidates: readonly number[],
  observed?: ObservedLoad | undefined,
  live?: number | undefined,
): WhatIf {
  const withObserved = { ...settings, observedPerMinute: observed?.perMinute };
  const results = candidates.map((t) => replay(trace, withObserved, t));
  const budget = riskBudget(trace, settings.maxRps, observed);
  return {
    trace,
    settings: withObserved,
    results,
    budget,
    observed,
    recommended: budget ? recommend(results, budget, live) : undefined,
    shortfall: traceShortfall(trace),
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** `sm-autoscale simulate --json`: a stable shape, documented in the README ("What-if"). */
export interface SimulateJson {
  endpointName: string;
  variantName: string;
  window: {
    /** ISO 8601, UTC: the first replayed minute, and the end of the last (exclusive). */
    start: string;
    end: string;
    minutes: number;
    minutesWithData: number;
    /** Too little data to go by: the results are indicative only, and `shortfall` says why. */
    indicative: boolean;
    shortfall: string | null;
  };
  assumptions: {
    minCapacity: number;
    maxCapacity: number;
    scaleInCooldownSeconds: number;
    scaleOutCooldownSeconds: number;
    scaleInEnabled: boolean;
    warmupMinutes: number;
    scaleOutAfterMinutesAbove: number;
    scaleInAfterMinutesBelow: number;
    scaleInBelowShareOfTarget: number;
    startCapacity: "settled for the first minute";
    maxRps: number | null;
    pricePerHour: number | null;
    /** The load per instance the variant regularly served: p99 of the busy minutes of InvocationsPerInstance. */
    observedLoad: { perInstancePerMinute: number } | null;
    /** What the recommendation was chosen within; null without --max-rps and without per-instance history. */
    riskBudget: RiskBudget | null;
    /** Where each setting came from, in words: "--min", "scalable target", "policy", "default (…)", "assumed". */
    from: SettingSources;
  };
  liveTargetValue: number | null;
  suggestedTargetValue: number | null;
  candidates: {
    targetValue: number;
    instanceHours: number;
    maxInstances: number;
    minutesOverTarget: number;
    minutesOverCapacity: number | null;
    /** Minutes above the observed load per instance; null without per-instance history. */
    minutesOverObserved: number | null;
    scaleOuts: number;
    scaleIns: number;
    /** instanceHours × --price-per-hour; null without it. */
    cost: number | null;
  }[];
  recommended: number | null;
}

export type SettingSources = Record<
  "minCapacity" | "maxCapacity" | "cooldowns" | "scaleIn" | "warmup",
  string
>;

export interface JsonContext {
  endpointName: string;
  variantName: string;
  pricePerHour?: number | undefined;
  live?: number | undefined;
  suggested?: number | undefined;
  from: SimulateJson["assumptions"]["from"];
}

export function toSimulateJson(result: WhatIf, context: JsonContext): SimulateJson {
  const { trace, settings } = result;
  const minutes = trace.invocations.length;
  const price = context.pricePerHour;
  return {
    endpointName: context.endpointName,
    variantName: context.variantName,
    window: {
      start: new Date(trace.start).toISOString(),
      end: new Date(trace.start + minutes * MINUTE).toISOString(),
      minutes,
      minutesWithData: trace.minutesWithData,
      indicative: result.shortfall !== undefined,
      shortfall: result.shortfall ?? null,
    },
    assumptions: {
      minCapacity: settings.minCapacity,
      maxCapacity: settings.maxCapacity,
      scaleInCooldownSeconds: settings.scaleInCooldownSeconds,
      scaleOutCooldownSeconds: settings.scaleOutCooldownSeconds,
      scaleInEnabled: settings.scaleInEnabled,
      warmupMinutes: settings.warmupMinutes,
      scaleOutAfterMinutesAbove: SCALE_OUT_MINUTES,
      scaleInAfterMinutesBelow: SCALE_IN_MINUTES,
      scaleInBelowShareOfTarget: SCALE_IN_THRESHOLD,
      startCapacity: "settled for the first minute",
      maxRps: settings.maxRps ?? null,
      pricePerHour: price ?? null,
      observedLoad: result.observed ? { perInstancePerMinute: result.observed.perMinute } : null,
      riskBudget: result.budget ?? null,
      from: context.from,
    },
    liveTargetValue: context.live ?? null,
    suggestedTargetValue: context.suggested ?? null,
    candidates: result.results.map((r) => ({
      targetValue: r.targetValue,
      instanceHours: round2(r.instanceHours),
      maxInstances: r.maxInstances,
      minutesOverTarget: r.minutesOverTarget,
      minutesOverCapacity: r.minutesOverCapacity,
      minutesOverObserved: r.minutesOverObserved,
      scaleOuts: r.scaleOuts,
      scaleIns: r.scaleIns,
      cost: price === undefined ? null : round2(r.instanceHours * price),
    })),
    recommended: result.recommended ?? null,
  };
}

// ------------------------------------------------------------------------------------------- the wizard's use

/** One choice the wizard's target question offers, with what it would have done. */
export interface ChoiceRow {
  /** "suggested", "live", "lower", "higher", or the caller's own label. */
  label: string;
  targetValue: number;
  instanceHours: number;
  maxInstances: number;
  minutesOverTarget: number;
  /** Minutes above the load per instance the variant regularly served; null without per-instance history. */
  minutesOverObserved: number | null;
  scaleOuts: number;
  scaleIns: number;
}

export interface ChoiceSimulation {
  rows: ChoiceRow[];
  /** The load per instance the variant regularly served, when its history has InvocationsPerInstance. */
  observed?: ObservedLoad | undefined;
  /** The replayed window, as "2026-03-01 09:12 to 2026-03-15 09:11 UTC (14 days)". */
  window: string;
  /** Too little data: say the table is indicative only, and why. */
  shortfall?: string | undefined;
}

/**
 * The choices of the wizard's target question: the suggestion, the live value, and one lower and one higher
 * (three quarters and one and a quarter of the suggestion, else of the live value). Each value once; the first
 * label given to a value wins.
 */
export function wizardChoices(
  suggested: number | undefined,
  live: number | undefined,
): { label: string; targetValue: number }[] {
  const base = suggested ?? live;
  if (base === undefined) return [];
  const out: { label: string; targetValue: number }[] = [];
  const add = (label: string, value: number | undefined) => {
    if (value !== undefined && !out.some((c) => c.targetValue === value))
      out.push({ label, targetValue: value });
  };
  add("lower", roundCandidate(base * 0.75));
  add("suggested", suggested);
  add("live", live);
  add("higher", roundCandidate(base * 1.25));
  return out.sort((a, b) => a.targetValue - b.targetValue);
}

/**
 * For the wizard's target question: each choice replayed on the variant's own history (the InvocationHistory
 * init already reads: `total` is replayed, `perInstance` gives the load its instances regularly served), with
 * the min and max just answered and the cooldowns and warm-up the command would use (defaults: 300 s each, §4;
 * warm-up as in simulate.ts). Undefined when the history has no Invocations datapoint or no choice is given:
 * then there is nothing to show.
 */
export function simulateChoices(
  history: Pick<InvocationHistory, "total" | "perInstance" | "windowEnd">,
  options: {
    min: number;
    max: number;
    choices: readonly { label: string; targetValue: number }[];
    scaleInCooldownSeconds?: number | undefined;
    scaleOutCooldownSeconds?: number | undefined;
    scaleInEnabled?: boolean | undefined;
    warmupMinutes?: number | undefined;
  },
): ChoiceSimulation | undefined {
  const trace = traceFrom(history.total, history.windowEnd);
  if (!trace || options.choices.length === 0) return undefined;
  const settings: ReplaySettings = {
    minCapacity: Math.max(1, options.min),
    maxCapacity: Math.max(1, options.min, options.max),
    scaleInCooldownSeconds: options.scaleInCooldownSeconds ?? DEFAULT_REPLAY.scaleInCooldownSeconds,
    scaleOutCooldownSeconds: options.scaleOutCooldownSeconds ?? DEFAULT_REPLAY.scaleOutCooldownSeconds,
    scaleInEnabled: options.scaleInEnabled ?? true,
    warmupMinutes: options.warmupMinutes ?? DEFAULT_WARMUP_MINUTES,
  };
  const observed = observedLoad(history.perInstance);
  settings.observedPerMinute = observed?.perMinute;
  const rows = options.choices.map((c): ChoiceRow => {
    const r = replay(trace, settings, c.targetValue);
    return {
      label: c.label,
      targetValue: c.targetValue,
      instanceHours: r.instanceHours,
      maxInstances: r.maxInstances,
      minutesOverTarget: r.minutesOverTarget,
      minutesOverObserved: r.minutesOverObserved,
      scaleOuts: r.scaleOuts,
      scaleIns: r.scaleIns,
    };
  });
  return { rows, observed, window: windowText(trace), shortfall: traceShortfall(trace) };
}

/** "2026-03-01 09:12 to 2026-03-15 09:11 UTC (14 days, 100 % of minutes with data)". */
export function windowText(trace: Trace): string {
  const at = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");
  const minutes = trace.invocations.length;
  const share = Math.floor((trace.minutesWithData / minutes) * 100);
  return `${at(trace.start)} to ${at(trace.start + (minutes - 1) * MINUTE)} UTC (${spanText(minutes)}, ${share} % of minutes with data)`;
}
