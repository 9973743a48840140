import type { ScheduledAction } from "@aws-sdk/client-application-auto-scaling";
import type { ChalkInstance } from "chalk";
import { DIMENSION } from "../domain/constants.js";
import { parseResourceId } from "../domain/names.js";
import { nextRunOf } from "../domain/schedule-expression.js";
import { formatInZone } from "../domain/zoned-time.js";
import { printableLine } from "./printable.js";

/**
 * What `schedule list` shows of each scheduled action, and the three ways it shows it: a table on a terminal,
 * tab-separated lines when piped (no header, no padding, as GitHub CLI does), and `--json`. Pure.
 */
export interface ScheduleRow {
  name: string;
  resourceId: string;
  scalableDimension: string;
  /** The endpoint of a variant; of an inference component only when the list was of one endpoint. */
  endpointName: string | null;
  variantName: string | null;
  inferenceComponentName: string | null;
  schedule: string;
  /** As AWS holds it; null when none was given (UTC). */
  timezone: string | null;
  startTime: string | null;
  endTime: string | null;
  minCapacity: number | null;
  maxCapacity: number | null;
  /** ISO 8601 UTC; null when it will not run again (nextRunNote says why). */
  nextRun: string | null;
  nextRunNote: string | null;
  arn: string | null;
}

export interface ScheduleListJson {
  region: string;
  scheduledActions: ScheduleRow[];
}

const iso = (d: Date | undefined | null) => (d ? d.toISOString() : null);
const orNull = <T>(v: T | undefined | null): T | null => (v === undefined ? null : v);

/** The rows of a listing, sorted by resource, dimension and name. `endpointName`: the endpoint listed, if one was. */
export function scheduleRows(
  actions: readonly ScheduledAction[],
  now: Date,
  endpointName?: string,
): ScheduleRow[] {
  return actions
    .map((a): ScheduleRow => {
      const parsed = parseResourceId(a.ResourceId ?? "");
      const next = nextRunOf(a, now);
      return {
        name: a.ScheduledActionName ?? "",
        resourceId: a.ResourceId ?? "",
        scalableDimension: a.ScalableDimension ?? "",
        endpointName:
          parsed.kind === "variant"
            ? parsed.endpointName
            : parsed.kind === "unknown"
              ? null
              : (endpointName ?? null),
        variantName: parsed.kind === "variant" ? parsed.variantName : null,
        inferenceComponentName: parsed.kind === "inference-component" ? parsed.inferenceComponentName : null,
        schedule: a.Schedule ?? "",
        timezone: orNull(a.Timezone),
        startTime: iso(a.StartTime),
        endTime: iso(a.EndTime),
        minCapacity: orNull(a.ScalableTargetAction?.MinCapacity),
        maxCapacity: orNull(a.ScalableTargetAction?.MaxCapacity),
        nextRun: iso(next.at),
        nextRunNote: next.at ? null : next.why,
        arn: orNull(a.ScheduledActionARN),
      };
    })
    .sort(
      (x, y) =>
        x.resourceId.localeCompare(y.resourceId) ||
        x.scalableDimension.localeCompare(y.scalableDimension) ||
        x.name.localeCompare(y.name),
    );
}

/** The scalable target in the user's words: "shop/AllTraffic", "llm/chat (inference component)". */
export function targetLabel(
  row: Pick<ScheduleRow, "resourceId" | "scalableDimension" | "endpointName">,
): string {
  const parsed = parseResourceId(row.resourceId);
  if (parsed.kind === "variant") {
    const name = `${parsed.endpointName}/${parsed.variantName}`;
    return row.scalableDimension === DIMENSION.provisionedConcurrency
      ? `${name} (provisioned concurrency)`
      : name;
  }
  if (parsed.kind === "inference-component") {
    return `${row.endpointName ? `${row.endpointName}/` : ""}${parsed.inferenceComponentName} (inference component)`;
  }
  return row.resourceId;
}

/** "in 5 min", "in 3 h", "in 2 d". */
function relative(at: Date, now: Date): string {
  const minutes = Math.max(1, Math.round((at.getTime() - now.getTime()) / 60_000));
  if (minutes < 120) return `in ${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `in ${hours} h` : `in ${Math.round(hours / 24)} d`;
}

/** The next run as people read it: in the action's time zone, with how far off it is. */
export function nextRunText(
  row: Pick<ScheduleRow, "nextRun" | "nextRunNote" | "timezone">,
  now: Date,
): string {
  if (row.nextRun === null) return `none: ${row.nextRunNote ?? "unknown"}`;
  const at = new Date(row.nextRun);
  return `${formatInZone(at, row.timezone ?? "UTC")} (${relative(at, now)})`;
}

const capacity = (n: number | null) => (n === null ? "-" : String(n));

/** "2030-01-01 08:00 – 2030-06-30 17:00" (UTC), an open end as "…"; empty without a window. */
function windowText(r: Pick<ScheduleRow, "startTime" | "endTime">): string {
  if (r.startTime === null && r.endTime === null) return "";
  const short = (iso: string | null) => (iso === null ? "…" : iso.slice(0, 16).replace("T", " "));
  return `${short(r.startTime)} – ${short(r.endTime)}`;
}

/** The table for a terminal: a header, one line per action; the window only when an action has one. */
export function renderScheduleTable(rows: readonly ScheduleRow[], now: Date, color: ChalkInstance): string {
  const windowed = rows.some((r) => r.startTime !== null || r.endTime !== null);
  const header = [
    "TARGET",
    "NAME",
    "SCHEDULE",
    "TIME ZONE",
    "MIN",
    "MAX",
    ...(windowed ? ["WINDOW (UTC)"] : []),
    "NEXT RUN",
  ];
  const lines = rows.map((r) => [
    targetLabel(r),
    r.name,
    r.schedule,
    r.timezone ?? "UTC",
    capacity(r.minCapacity),
    capacity(r.maxCapacity),
    ...(windowed ? [windowText(r)] : []),
    nextRunText(r, now),
  ]);
  const cells = [header, ...lines].map((line) => line.map((c) => printableLine(c)));
  const widths = header.map((_, i) => Math.max(...cells.map((line) => line[i]!.length)));
  return cells
    .map((line, n) => {
      const text = line
        .map((c, i) => (i === line.length - 1 ? c : c.padEnd(widths[i]!)))
        .join("  ")
        .trimEnd();
      if (n === 0) return color.bold(text);
      return rows[n - 1]!.nextRun === null ? color.dim(text) : text;
    })
    .join("\n");
}

/**
 * Piped: one line per action, tab-separated, no header: resource id, dimension, name, schedule, time zone, min,
 * max, start, end, next run (ISO 8601 UTC); a field that has no value is empty.
 */
export function renderSchedulePlain(rows: readonly ScheduleRow[]): string {
  return rows
    .map((r) =>
      [
        r.resourceId,
        r.scalableDimension,
        r.name,
        r.schedule,
        r.timezone ?? "",
        r.minCapacity ?? "",
        r.maxCapacity ?? "",
        r.startTime ?? "",
        r.endTime ?? "",
        r.nextRun ?? "",
      ]
        // A tab or line break inside a name would split its field or its line.
        .map((v) => printableLine(String(v)))
        .join("\t"),
    )
    .join("\n");
}
