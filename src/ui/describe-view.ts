import type { ChalkInstance } from "chalk";
import { DIMENSION } from "../domain/constants.js";
import {
  type ActivityJson,
  countBySeverity,
  type DescribeModel,
  type ModelPolicy,
  type ModelVariant,
  OPTIONAL_READ,
} from "../domain/describe-model.js";
import { type Finding, failureReason, type Severity, shortAlarmName } from "../domain/findings.js";
import { describePolicyLine, describeStepPolicyLine } from "./describe-policy.js";
import { nextRunText } from "./schedule-view.js";

export interface ViewOptions {
  /** Colourless (level 0) when stdout is not a terminal. */
  color: ChalkInstance;
  /**
   * Wrap at this many columns (a terminal's width). Undefined when piped: one fact per line, never wrapped, so the
   * text is the same on every machine. A fix command wraps only between shell words, each line but the last ending
   * in ` \`, so a copied fix still runs as printed.
   */
  width?: number | undefined;
  /** When the state was read: a scheduled action's next run is shown with how far off it is. */
  now: Date;
}

/** The human view of `describe`: per target a compact block, then unscaled endpoints, orphans and a summary. */
export function renderDescribe(model: DescribeModel, options: ViewOptions): string {
  const c = options.color;
  const out: Line[] = [];
  const scope = model.endpointName
    ? `of endpoint ${model.endpointName} in ${model.region}`
    : `in ${model.region}`;
  out.push(line(c.bold(`Autoscaling ${scope}`)));

  const live = model.variants.filter((v) => v.orphan === null);
  const orphans = model.variants.filter((v) => v.orphan !== null);
  const alarmsRead = !model.unread.some((u) => u.action === OPTIONAL_READ.alarms.action);
  if (live.length === 0) {
    out.push(blank(), line(c.dim("No endpoint variant here has a scalable target.")));
  }
  // Inference components under the endpoint and variant that host them (the list is sorted by endpoint, then
  // variant): one heading for the variant, then a block per component.
  let host: string | undefined;
  for (const v of live) {
    const hosted = v.inferenceComponentName !== null && v.endpointName !== null;
    const key = hosted ? `${v.endpointName}\n${v.variantName}` : undefined;
    if (hosted && key !== host) out.push(blank(), ...hostBlock(v, c));
    host = key;
    out.push(blank(), ...variantBlock(v, c, { alarmsRead, now: options.now }, hosted ? "  " : ""));
  }

  if (model.unscaledEndpoints.length > 0) {
    out.push(blank(), line(c.bold(`Not autoscaled (${model.unscaledEndpoints.length})`)));
    const width = Math.max(...model.unscaledEndpoints.map((e) => e.endpointName.length));
    for (const e of model.unscaledEndpoints) {
      out.push(line(`  ${e.endpointName.padEnd(width)}  ${statusColor(e.status, c)}`));
    }
  }

  if (orphans.length > 0) {
    out.push(blank(), line(c.bold(`Orphan targets (${orphans.length})`)));
    for (const v of orphans) {
      const what = v.orphan === "endpoint" ? "endpoint gone" : "variant gone";
      const actions =
        v.scheduledActions === null
          ? "scheduled actions unknown"
          : plural(v.scheduledActions.length, "scheduled action");
      const attached = `${plural(v.policies.length, "policy", "policies")}, ${actions}`;
      out.push(line(`  ${v.resourceId}  ${c.dim(`${v.scalableDimension}; ${what}; ${attached}`)}`, 4));
      for (const f of v.findings) out.push(...findingLines(f, c, "    "));
    }
  }

  out.push(blank(), line(summary(model, live.length, orphans.length)));
  return `${out.flatMap((l) => wrap(l, options.width)).join("\n")}\n`;
}

/** The endpoint and variant that host inference components: their instances and managed instance scaling. */
function hostBlock(v: ModelVariant, c: ChalkInstance): Line[] {
  const facts = [
    "inference components",
    instancesOf(v),
    v.endpointStatus ? statusColor(v.endpointStatus, c) : null,
  ].filter((f): f is string => Boolean(f));
  const out = [line(c.bold(`${v.endpointName} / ${v.variantName}`)), line(`  ${facts.join(" · ")}`, 4)];
  const mis = v.managedInstanceScaling;
  if (mis) {
    out.push(
      line(
        mis.status === "ENABLED"
          ? `  Managed instance scaling: ${mis.minInstanceCount ?? "?"}–${mis.maxInstanceCount ?? "?"} instances`
          : `  Managed instance scaling: ${(mis.status ?? "unknown").toLowerCase()}`,
        4,
      ),
    );
  } else if (v.variantRead) {
    out.push(line(`  ${c.dim("No managed instance scaling: the instance count stays as set")}`, 4));
  }
  return out;
}

/** The instance type, or the pools of a heterogeneous variant by priority. */
function instancesOf(v: ModelVariant): string | null {
  if (v.instancePools && v.instancePools.length > 0) return `pools ${v.instancePools.join(" > ")}`;
  return v.instanceType;
}

function variantBlock(
  v: ModelVariant,
  c: ChalkInstance,
  read: { alarmsRead: boolean; now: Date },
  pad: string,
): Line[] {
  const out: Line[] = [];
  const hosted = v.inferenceComponentName !== null && v.endpointName !== null;
  const title = hosted
    ? `inference component ${v.inferenceComponentName}`
    : v.endpointName
      ? `${v.endpointName} / ${v.variantName}`
      : v.resourceId;
  out.push(line(c.bold(title)));
  const facts = hosted
    ? [v.endpointStatus === null ? "endpoint unknown" : null]
    : [
        v.kind ?? "unknown kind",
        v.shadow ? "shadow" : null,
        instancesOf(v),
        v.serverless ? `MaxConcurrency ${v.serverless.maxConcurrency ?? "?"}` : null,
        v.endpointStatus ? statusColor(v.endpointStatus, c) : null,
      ];
  const shown = facts.filter((f): f is string => Boolean(f));
  if (shown.length > 0) out.push(line(`  ${shown.join(" · ")}`, 4));

  const unit = unitOf(v.scalableDimension);
  const counts = countsOf(v);
  const suspended = [
    v.suspended.dynamicScalingInSuspended && "scale-in",
    v.suspended.dynamicScalingOutSuspended && "scale-out",
    v.suspended.scheduledScalingSuspended && "scheduled",
  ].filter(Boolean);
  out.push(
    line(
      `  ${unit}: ${counts}scales ${v.minCapacity ?? "?"}–${v.maxCapacity ?? "?"}` +
        (suspended.length ? ` · ${c.yellow(`suspended: ${suspended.join(", ")}`)}` : ""),
      4,
    ),
  );

  if (v.policies.length === 0) out.push(line(`  ${c.dim("No scaling policy")}`));
  for (const p of v.policies) {
    out.push(
      line(
        `  ${p.policyType === "StepScaling" ? describeStepPolicyLine(p.source, triggerOf(p)) : describePolicyLine(p.source)}`,
        6,
      ),
    );
    if (p.alarms.length > 0) {
      const alarms = p.alarms
        .map(
          (a) =>
            `${shortAlarmName(a.name, v.resourceId)} ${read.alarmsRead ? alarmColor(a.state, c) : c.dim("unknown")}`,
        )
        .join(", ");
      out.push(line(`    ${c.dim("alarms:")} ${alarms}`, 6));
    }
  }

  if (v.scheduledActions === null) out.push(line(`  ${c.dim("Scheduled actions unknown (not read)")}`));
  for (const a of v.scheduledActions ?? []) {
    const when = [a.schedule, a.timezone && a.timezone !== "UTC" ? a.timezone : null]
      .filter(Boolean)
      .join(" ");
    const range = [
      a.minCapacity !== null ? `min ${a.minCapacity}` : null,
      a.maxCapacity !== null ? `max ${a.maxCapacity}` : null,
    ]
      .filter(Boolean)
      .join(", ");
    const window = [a.startTime ? `from ${a.startTime}` : null, a.endTime ? `until ${a.endTime}` : null]
      .filter(Boolean)
      .join(" ");
    out.push(
      line(
        `  Scheduled ${a.name}: ${when} → ${range}${window ? ` (${window})` : ""} · next: ${nextRunText(a, read.now)}`,
        6,
      ),
    );
  }

  if (v.activities === null) out.push(line(`  ${c.dim("Scaling activities unknown (not read)")}`));
  else if (v.activities.length === 0)
    out.push(line(`  ${c.dim("No scaling activity in the last six weeks")}`));
  else out.push(line(`  Last ${plural(v.activities.length, "activity", "activities")}:`));
  for (const a of v.activities ?? []) out.push(...activityLines(a, c));

  for (const f of v.findings) out.push(...findingLines(f, c, "  "));
  return pad ? out.map((l) => indented(l, pad)) : out;
}

/** The alarm that triggers a step policy, when one is known, or several that watch the same. */
function triggerOf(p: ModelPolicy) {
  const [first, ...rest] = p.triggers;
  if (!first) return undefined;
  const same = rest.every((t) => JSON.stringify(t.watches) === JSON.stringify(first.watches));
  return same ? first.watches : undefined;
}

/** "2 now (desired 2), " for the kind's capacity, or "" when it is not known. */
function countsOf(v: ModelVariant): string {
  if (v.scalableDimension === DIMENSION.inferenceComponentCopies) {
    return v.currentCopyCount !== null || v.desiredCopyCount !== null
      ? `${v.currentCopyCount ?? "?"} now (desired ${v.desiredCopyCount ?? "?"}), `
      : "";
  }
  if (v.scalableDimension === DIMENSION.provisionedConcurrency) {
    return v.serverless?.provisionedConcurrency != null ? `${v.serverless.provisionedConcurrency} now, ` : "";
  }
  return v.currentInstanceCount !== null || v.desiredInstanceCount !== null
    ? `${v.currentInstanceCount ?? "?"} now (desired ${v.desiredInstanceCount ?? "?"}), `
    : "";
}

function indented(l: Line, pad: string): Line {
  return { ...l, text: l.text === "" ? "" : `${pad}${l.text}`, hang: l.hang + pad.length };
}

function activityLines(a: ActivityJson, c: ChalkInstance): Line[] {
  const when = a.startTime ? `${a.startTime.slice(0, 16).replace("T", " ")}Z` : "(no time)";
  const failed = a.statusCode === "Failed";
  const paint = failed ? (s: string) => c.red(s) : (s: string) => s;
  const out = [line(`    ${when}  ${paint(a.statusCode.padEnd(10))}  ${a.description}`, 35)];
  // A successful activity's message only repeats its description; a failed one says why (the gist: the whole
  // message is in --json).
  if (a.statusMessage && a.statusCode !== "Successful") {
    out.push(line(`${" ".repeat(35)}${paint(failureReason(a.statusMessage))}`, 35));
  }
  return out;
}

function findingLines(f: Finding, c: ChalkInstance, indent: string): Line[] {
  const label = severityColor(f.severity, c)(f.severity.padEnd(7));
  const hang = indent.length + 9;
  return [
    line(`${indent}${label}  ${c.bold(f.code)}: ${f.message}`, hang),
    { text: `${" ".repeat(hang)}${c.dim("fix:")} ${f.fix}`, hang: hang + "fix: ".length + 2, command: f.fix },
  ];
}

function summary(model: DescribeModel, live: number, orphans: number): string {
  const counts = countBySeverity(model);
  const total = counts.error + counts.warning + counts.info;
  const components = model.variants.filter(
    (v) => v.orphan === null && v.scalableDimension === DIMENSION.inferenceComponentCopies,
  ).length;
  const parts = [
    components > 0
      ? `${plural(live - components, "variant")} and ${plural(components, "inference component")} autoscaled`
      : `${plural(live, "variant")} autoscaled`,
    // With --endpoint, the one endpoint either is or is not autoscaled: no count to give.
    ...(model.endpointName === null
      ? [`${plural(model.unscaledEndpoints.length, "endpoint")} without autoscaling`]
      : []),
    ...(orphans > 0 ? [plural(orphans, "orphan target")] : []),
  ];
  const detail = (Object.keys(counts) as Severity[])
    .filter((s) => counts[s] > 0)
    .map((s) => plural(counts[s], s === "info" ? "info" : s, s === "info" ? "info" : undefined))
    .join(", ");
  return `${parts.join(", ")}; ${plural(total, "finding")}${detail ? ` (${detail})` : ""}.`;
}

function unitOf(dimension: string): string {
  if (dimension === DIMENSION.provisionedConcurrency) return "Provisioned concurrency";
  if (dimension === DIMENSION.inferenceComponentCopies) return "Copies";
  return "Instances";
}

function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

function severityColor(severity: Severity, c: ChalkInstance): (s: string) => string {
  if (severity === "error") return (s) => c.red.bold(s);
  if (severity === "warning") return (s) => c.yellow(s);
  return (s) => c.blue(s);
}

function statusColor(status: string, c: ChalkInstance): string {
  if (status === "InService") return c.green(status);
  if (/Failed|OutOfService/.test(status)) return c.red(status);
  return c.yellow(status);
}

function alarmColor(state: string | null, c: ChalkInstance): string {
  if (state === null) return c.red("missing");
  if (state === "OK") return c.green(state);
  if (state === "ALARM") return c.red(state);
  return c.yellow(state);
}

// --- layout: lines that wrap at the terminal's width with a hanging indent ---

interface Line {
  text: string;
  /** Indent of continuation lines. */
  hang: number;
  /** The shell command `text` ends with: wrapped only between shell words, with ` \` continuations. */
  command?: string;
}

const line = (text: string, hang = 2): Line => ({ text, hang });
const blank = (): Line => ({ text: "", hang: 0 });

const ANSI = /\x1b\[[0-9;]*m/g;
const visible = (s: string) => s.replace(ANSI, "").length;

/** Word-wraps a line to `width`; without a width (piped output), returns it whole. */
export function wrap(l: Line, width: number | undefined): string[] {
  if (width === undefined || visible(l.text) <= width) return [l.text];
  if (l.command !== undefined) return wrapCommand(l.text, l.command, l.hang, width);
  const indent = /^ */.exec(l.text)?.[0] ?? "";
  // A number and its unit ("300 s") stay on one line.
  const words = l.text
    .slice(indent.length)
    .split(" ")
    .reduce<string[]>((acc, word) => {
      if (word === "s" && acc.length > 0) acc[acc.length - 1] += " s";
      else acc.push(word);
      return acc;
    }, []);
  const out: string[] = [];
  let current = indent;
  let currentHasWord = false;
  const pad = " ".repeat(Math.min(l.hang, Math.max(0, width - 20)));
  for (const word of words) {
    const candidate = currentHasWord ? `${current} ${word}` : `${current}${word}`;
    if (currentHasWord && visible(candidate) > width) {
      out.push(current);
      current = `${pad}${word}`;
    } else {
      current = candidate;
    }
    currentHasWord = true;
  }
  out.push(current);
  return out;
}

const CONTINUATION = " \\";

/**
 * Wraps a shell command (after its label) between shell words, never inside a quoted argument, keeping each
 * `--flag value` pair together where it fits; every line but the last ends in ` \`, and the next is indented. Copied
 * as shown, the lines are one command to the shell, with the same arguments. A word longer than the line stays
 * whole.
 */
function wrapCommand(text: string, command: string, hang: number, width: number): string[] {
  const pad = " ".repeat(Math.min(hang, Math.max(0, width - 20)));
  const units = commandUnits(command, width - pad.length - CONTINUATION.length);
  const out: string[] = [];
  let current = text.slice(0, text.length - command.length);
  let empty = true;
  const fits = (text: string, last: boolean) => visible(text) + (last ? 0 : CONTINUATION.length) <= width;
  for (const [i, unit] of units.entries()) {
    const last = i === units.length - 1;
    const candidate = empty ? `${current}${unit}` : `${current} ${unit}`;
    if (empty || fits(candidate, last)) {
      current = candidate;
      empty = false;
      continue;
    }
    out.push(`${current}${CONTINUATION}`);
    current = `${pad}${unit}`;
  }
  out.push(current);
  return out;
}

/** A command's words, a `--flag` and its value as one unit where the two fit a line (`room`). */
function commandUnits(command: string, room: number): string[] {
  const words = shellWords(command);
  const units: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const next = words[i + 1];
    const pair = next !== undefined && word.startsWith("--") && !next.startsWith("--") && next !== "&&";
    if (pair && word.length + 1 + next.length <= room) {
      units.push(`${word} ${next}`);
      i++;
    } else {
      units.push(word);
    }
  }
  return units;
}

/**
 * Splits a command at the spaces the shell splits it at: not inside single or double quotes, not after a
 * backslash. Each word keeps its quotes, so joining the words with spaces gives the command back.
 */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = "";
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i]!;
    if (quote) {
      word += ch;
      if (ch === "\\" && quote === '"' && i + 1 < command.length) word += command[++i];
      else if (ch === quote) quote = undefined;
    } else if (ch === " ") {
      if (word) words.push(word);
      word = "";
    } else {
      word += ch;
      if (ch === "'" || ch === '"') quote = ch;
      else if (ch === "\\" && i + 1 < command.length) word += command[++i];
    }
  }
  if (word) words.push(word);
  return words;
}
