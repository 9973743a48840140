import type { ChalkInstance } from "chalk";
import type { SimulationResult } from "../domain/simulate.js";
import { SCALE_IN_MINUTES, SCALE_IN_THRESHOLD, SCALE_OUT_MINUTES } from "../domain/simulate.js";
import { formatNumber } from "../domain/suggest.js";
import {
  busyMinutes,
  type ChoiceSimulation,
  leastRisky,
  type RiskBudget,
  riskOf,
  shownTenths,
  type Trace,
  type WhatIf,
  windowText,
} from "../domain/what-if.js";

/**
 * How `simulate` draws: a chart of the traffic and the instances of one candidate over the window, and the table of
 * every candidate. Pure string building.
 *
 * The chart uses Unicode block elements (▁▂▃▄▅▆▇█, eight heights a row) on a terminal whose locale is UTF-8, and
 * plain ASCII otherwise: in a file, a pipe or a CI log, ASCII survives every viewer and encoding and can be
 * grepped. Braille would pack more points in a cell, but many terminal fonts (the Windows console's among them)
 * lack its glyphs, and a sparse braille line is hard to read at a glance; blocks are in every monospace font.
 * NO_COLOR (and --no-color) remove the colour only, as the NO_COLOR convention asks: the two series are in bands of
 * their own, so the chart reads the same without it.
 */
export interface ChartStyle {
  color: ChalkInstance;
  unicode: boolean;
  /** Columns available for the whole chart, labels included. */
  width: number;
}

const LABEL_WIDTH = 22;
const TRAFFIC_ROWS = 5;
const INSTANCE_ROWS = 4;
const BLOCKS = " ▁▂▃▄▅▆▇█";
const MINUTE = 60_000;

/** 12345 → "12.3k", 1234567 → "1.23M", 950 → "950", 0.5 → "0.5". */
export function compact(n: number): string {
  const abs = Math.abs(n);
  const fixed3 = (x: number) => String(Number(x.toPrecision(3)));
  if (abs >= 1e9) return `${fixed3(n / 1e9)}G`;
  if (abs >= 1e6) return `${fixed3(n / 1e6)}M`;
  if (abs >= 1e4) return `${fixed3(n / 1e3)}k`;
  return formatNumber(Math.round(n * 100) / 100);
}

/** 1234.5 → "1,234.5" (one decimal at most). */
export function grouped(n: number, decimals = 1): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: decimals, minimumFractionDigits: 0 });
}

/** One cell of a bar `eighths` high (0–8 × rows), row `row` counted from the top of a band of `rows`. */
function cell(eighths: number, row: number, rows: number, unicode: boolean): string {
  const level = Math.max(0, Math.min(8, eighths - (rows - 1 - row) * 8));
  if (unicode) return BLOCKS[level]!;
  return level === 0 ? " " : level <= 3 ? "." : level <= 6 ? ":" : "#";
}

/** Heights in eighths of a cell: a value above zero shows at least one eighth, so no traffic stays blank. */
function heights(values: readonly number[], top: number, rows: number): number[] {
  return values.map((v) => (v <= 0 || top <= 0 ? 0 : Math.max(1, Math.round((v / top) * rows * 8))));
}

function band(
  label: (row: number) => string,
  h: number[],
  rows: number,
  style: ChartStyle,
  paint: (s: string) => string,
): string[] {
  const axis = style.unicode ? "┤" : "|";
  const lines: string[] = [];
  for (let row = 0; row < rows; row++) {
    const bars = h.map((e) => cell(e, row, rows, style.unicode)).join("");
    lines.push(`${label(row).padStart(LABEL_WIDTH - 1)} ${axis}${paint(bars)}`);
  }
  return lines;
}

/** "1 day", "3 h 20 min", "20 min": how long one column is. */
function duration(minutes: number): string {
  if (minutes % 1_440 === 0) return `${minutes / 1_440} day${minutes === 1_440 ? "" : "s"}`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} h` : "", m ? `${m} min` : ""].filter(Boolean).join(" ");
}

/** Labels under the chart: days (MM-DD) over two days and more, else hours (HH:MM), none overlapping. */
function timeAxis(trace: Trace, bucket: number, columns: number, unicode: boolean): string[] {
  const span = trace.invocations.length;
  const stepMinutes = span >= 2 * 1_440 ? 1_440 : span >= 6 * 60 ? 180 : 60;
  const line = Array.from({ length: columns }, () => " ");
  const ticks = Array.from({ length: columns }, (): string => (unicode ? "─" : "-"));
  const end = trace.start + span * MINUTE;
  let t = Math.ceil(trace.start / (stepMinutes * MINUTE)) * stepMinutes * MINUTE;
  let free = 0;
  for (; t < end; t += stepMinutes * MINUTE) {
    const col = Math.floor((t - trace.start) / MINUTE / bucket);
    if (col >= columns) break;
    const iso = new Date(t).toISOString();
    const text = stepMinutes === 1_440 ? iso.slice(5, 10) : iso.slice(11, 16);
    ticks[col] = unicode ? "┴" : "+";
    if (col < free || col + text.length > columns) continue;
    for (let i = 0; i < text.length; i++) line[col + i] = text[i]!;
    free = col + text.length + 1;
  }
  const corner = unicode ? "└" : "+";
  return [
    `${" ".repeat(LABEL_WIDTH)}${corner}${ticks.join("")}`,
    `${" ".repeat(LABEL_WIDTH + 1)}${line.join("")}`,
  ];
}

/** The load the risk is counted above, and what it is called, for the chart's marks. */
export interface RiskLine {
  perMinute: number;
  /** "capacity", "the load served (p99)". */
  name: string;
}

/**
 * The chart of one candidate: its traffic (the busiest minute of each column), the instances it requested (the
 * most in each column), and where the instances in service were above the target (·) or above the risk line
 * (▲: capacity, or the load they regularly served). `result` must come from a replay with `keepSeries`. `why`, when
 * given, says in the heading why this candidate is the one shown (when it is not the recommended one).
 */
export function renderChart(
  trace: Trace,
  result: SimulationResult,
  risk: RiskLine | undefined,
  style: ChartStyle,
  why?: string,
): string {
  const minutes = trace.invocations.length;
  // One column short of the width: a line that fills the last column makes some terminals wrap an empty line.
  const available = Math.max(10, style.width - LABEL_WIDTH - 2);
  const bucket = Math.max(1, Math.ceil(minutes / available));
  const columns = Math.ceil(minutes / bucket);
  const traffic = new Array<number>(columns).fill(0);
  const instances = new Array<number>(columns).fill(0);
  const marks = new Array<number>(columns).fill(0);
  for (let i = 0; i < minutes; i++) {
    const c = Math.floor(i / bucket);
    const v = trace.invocations[i]!;
    if (v > traffic[c]!) traffic[c] = v;
    const requested = result.requested![i]!;
    if (requested > instances[c]!) instances[c] = requested;
    const load = v / result.inService![i]!;
    if (risk !== undefined && load > risk.perMinute) marks[c] = 2;
    else if (load > result.targetValue && marks[c] === 0) marks[c] = 1;
  }
  const { color, unicode } = style;
  const peak = Math.max(...traffic);
  const most = Math.max(...instances);
  const over = unicode ? "·" : ".";
  const hot = unicode ? "▲" : "^";
  const legend =
    risk === undefined ? `${over} above target` : `${over} above target, ${hot} above ${risk.name}`;
  const lines = [
    `Target ${formatNumber(result.targetValue)}${why ? ` (${why})` : ""}: traffic and instances, one column = ${duration(bucket)} (${legend})`,
    ...band(
      (row) =>
        row === 0 ? `invocations/min ${compact(peak).padStart(5)}` : row === TRAFFIC_ROWS - 1 ? "0" : "",
      heights(traffic, peak, TRAFFIC_ROWS),
      TRAFFIC_ROWS,
      style,
      (s) => color.cyan(s),
    ),
    ...band(
      (row) => (row === 0 ? `instances ${String(most).padStart(5)}` : row === INSTANCE_ROWS - 1 ? "0" : ""),
      heights(instances, most, INSTANCE_ROWS),
      INSTANCE_ROWS,
      style,
      (s) => color.green(s),
    ),
  ];
  const row = marks.map((m) => (m === 2 ? color.red(hot) : m === 1 ? color.yellow(over) : " ")).join("");
  lines.push(`${"overload".padStart(LABEL_WIDTH - 1)} ${unicode ? "│" : "|"}${row.trimEnd()}`);
  lines.push(...timeAxis(trace, bucket, columns, unicode));
  return lines.join("\n");
}

export interface TableContext {
  live?: number | undefined;
  suggested?: number | undefined;
  pricePerHour?: number | undefined;
}

/** A plain table: columns padded, numbers right-aligned, the header underlined. */
export function table(header: string[], rows: string[][], rightAligned: (col: number) => boolean): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]!].length)));
  const pad = (s: string, i: number) => {
    const fill = " ".repeat(widths[i]! - [...s].length);
    return rightAligned(i) ? fill + s : s + fill;
  };
  const line = (cells: string[]) => cells.map(pad).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

const count = (n: number | null) => (n === null ? "-" : grouped(n, 0));

/**
 * Every candidate: instance-hours (and cost), the most instances, the minutes above target, above the load the
 * instances regularly served and above capacity, the scaling events.
 */
export function renderCandidates(model: WhatIf, context: TableContext, color: ChalkInstance): string {
  const withCapacity = model.settings.maxRps !== undefined;
  const withObserved = model.observed !== undefined;
  const withCost = context.pricePerHour !== undefined;
  const header = [
    "target",
    "instance-hours",
    ...(withCost ? [`cost at ${context.pricePerHour}/h`] : []),
    "most instances",
    "mins > target",
    ...(withObserved ? ["mins > load served"] : []),
    ...(withCapacity ? ["mins > capacity"] : []),
    "outs/ins",
    "",
  ];
  const rows = model.results.map((r) => {
    const notes = [
      r.targetValue === model.recommended ? "recommended" : "",
      r.targetValue === context.live ? "live" : "",
      r.targetValue === context.suggested ? "suggested" : "",
    ].filter(Boolean);
    return [
      formatNumber(r.targetValue),
      grouped(r.instanceHours),
      ...(withCost ? [grouped(r.instanceHours * context.pricePerHour!, 2)] : []),
      String(r.maxInstances),
      count(r.minutesOverTarget),
      ...(withObserved ? [count(r.minutesOverObserved)] : []),
      ...(withCapacity ? [count(r.minutesOverCapacity)] : []),
      `${r.scaleOuts}/${r.scaleIns}`,
      notes.join(", "),
    ];
  });
  const lines = table(header, rows, (i) => i > 0 && i < header.length - 1);
  return lines
    .map((l, i) => {
      const r = model.results[i - 2];
      return r && r.targetValue === model.recommended ? color.bold(l) : l;
    })
    .join("\n");
}

/**
 * The budget as a clause: "runs its instances above capacity (120 invocations per instance per minute) in at most
 * 12 of the 12,000 minutes (0.1 %)".
 */
export function budgetText(model: WhatIf): string | undefined {
  const { budget } = model;
  if (!budget) return undefined;
  const minutes = model.trace.invocations.length;
  const load = `${grouped(budget.loadPerMinute, 2)} invocations per instance per minute`;
  return budget.measure === "minutesOverCapacity"
    ? `runs its instances above capacity (${load}) in at most ${grouped(budget.maxMinutes, 0)} of the ${grouped(minutes, 0)} minutes (0.1 %)`
    : `runs its instances above the load they regularly served (p99 of the busy minutes: ${load}) in at most ${grouped(budget.maxMinutes, 0)} of the ${grouped(busyMinutes(model.trace), 0)} minutes with traffic (1 %, as often as the history itself)`;
}

/** The recommendation and the budget it was chosen within, in one or two lines. */
export function renderRecommendation(model: WhatIf, context: TableContext): string {
  const { budget } = model;
  const rule = budgetText(model);
  if (!budget || !rule) {
    return (
      "No recommendation: there is no InvocationsPerInstance history to judge the risk by. Give --max-rps (from a " +
      "load test) to count the minutes above capacity."
    );
  }
  const chosen = model.results.find((r) => r.targetValue === model.recommended);
  if (!chosen) {
    const safest = leastRisky(model.results, budget)!;
    const what = budget.measure === "minutesOverCapacity" ? "above capacity" : "above the load served";
    return (
      `No candidate ${rule}. The least risky is ${formatNumber(safest.targetValue)} ` +
      `(${grouped(riskOf(safest, budget), 0)} minutes ${what}); try lower targets with --targets, or a higher --max.`
    );
  }
  const live = model.results.find((r) => r.targetValue === context.live);
  return (
    `Recommended: ${formatNumber(chosen.targetValue)}${live === chosen ? " (the live target)" : ""}, ` +
    `the cheapest candidate that ${rule}: ${grouped(chosen.instanceHours)} instance-hours` +
    `${live && live !== chosen && live.instanceMinutes > 0 ? versusLive(chosen, live, budget) : ""}.`
  );
}

/**
 * How the recommended candidate compares with the live target, at the precision shown: the same instance-hours
 * (then the live one is outside the budget: at equal cost it would have been recommended), or a share fewer or
 * more, never "0 %".
 */
function versusLive(chosen: SimulationResult, live: SimulationResult, budget: RiskBudget): string {
  const name = `the live ${formatNumber(live.targetValue)}`;
  if (shownTenths(chosen) === shownTenths(live)) {
    const outside = riskOf(live, budget) > budget.maxMinutes ? ", which is not within the budget" : "";
    return `, the same instance-hours as ${name}${outside}`;
  }
  const direction = chosen.instanceMinutes < live.instanceMinutes ? "fewer" : "more";
  const tenths = Math.round(
    (Math.abs(live.instanceMinutes - chosen.instanceMinutes) / live.instanceMinutes) * 1000,
  );
  return `, ${tenths === 0 ? "less than 0.1" : formatNumber(tenths / 10)} % ${direction} than ${name}`;
}

/** The settings every candidate shared, with where each came from, in one line. */
export function renderSettings(model: WhatIf, from: Record<string, string>): string {
  const s = model.settings;
  return (
    `min ${s.minCapacity} (${from.minCapacity}), max ${s.maxCapacity} (${from.maxCapacity}); ` +
    `cooldowns: scale-in ${s.scaleInCooldownSeconds} s, scale-out ${s.scaleOutCooldownSeconds} s (${from.cooldowns}); ` +
    `scale-in ${s.scaleInEnabled ? "on" : "off"} (${from.scaleIn}); warm-up ${s.warmupMinutes} min (${from.warmup}); ` +
    `out after ${SCALE_OUT_MINUTES} min above target, in after ${SCALE_IN_MINUTES} min below ${formatNumber(SCALE_IN_THRESHOLD * 100)} % of it` +
    (s.maxRps !== undefined ? `; capacity ${formatNumber(s.maxRps)} requests/s per instance` : "")
  );
}

/** The header line: what was replayed. */
export function renderHeader(name: string, model: WhatIf): string {
  const peak = Math.max(0, ...model.trace.invocations);
  return `What-if for ${name}: ${windowText(model.trace)}; busiest minute ${grouped(peak, 0)} invocations.`;
}

/**
 * For the wizard's target question: what each choice would have done, as lines to print (ui.info each). The
 * table says where it comes from, and that it is indicative only when the history is thin.
 */
export function renderChoiceTable(simulation: ChoiceSimulation): string[] {
  const withObserved = simulation.observed !== undefined;
  const rows = simulation.rows.map((r) => [
    `${formatNumber(r.targetValue)} (${r.label})`,
    grouped(r.instanceHours),
    String(r.maxInstances),
    count(r.minutesOverTarget),
    ...(withObserved ? [count(r.minutesOverObserved)] : []),
    `${r.scaleOuts}/${r.scaleIns}`,
  ]);
  const lines = table(
    [
      "target",
      "instance-hours",
      "most instances",
      "mins > target",
      ...(withObserved ? ["mins > load served"] : []),
      "outs/ins",
    ],
    rows,
    (i) => i > 0,
  );
  const served = simulation.observed
    ? [
        `  "load served": the ${grouped(simulation.observed.perMinute, 2)} invocations per instance per minute its instances regularly served (p99 of the busy minutes).`,
      ]
    : [];
  return [
    `What each choice would have done over ${simulation.window}${simulation.shortfall ? ` (indicative only: ${simulation.shortfall})` : ""}:`,
    ...lines.map((l) => `  ${l}`),
    ...served,
  ];
}
