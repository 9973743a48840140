import { UsageError } from "../errors.js";
import type { ExportFormatId } from "../export/format.js";
import { DEFAULT_SAFETY_FACTOR, MAX_SANE_CAPACITY, MAX_SANE_TARGET } from "./constants.js";
import { isSageMakerName, SAGEMAKER_NAME_FORM } from "./names.js";
import type { SignalId } from "./scaling-kinds.js";
import { thresholdsProblem } from "./step-scaling.js";
import { targetFromMaxRps } from "./suggest.js";
import { type PerUnit, unitFlag, unitFlagMetrics } from "./unit-count.js";
import { checkOut } from "./validate-export.js";
import { withArticle } from "./words.js";

/** `init`'s flags as the parser (argv.ts) hands them over: strings, booleans, or absent. */
export interface InitFlags {
  endpoint?: string;
  variant?: string;
  inferenceComponent?: string;
  scaleFromZero?: boolean;
  metric?: string;
  vcpus?: string;
  gpus?: string;
  min?: string;
  max?: string;
  target?: string;
  maxRps?: string;
  safetyFactor?: string;
  scaleInCooldown?: string;
  scaleOutCooldown?: string;
  disableScaleIn?: boolean;
  replaceCustomPolicies?: boolean;
  policyType?: string;
  scaleOutAbove?: string;
  scaleOutBy?: string;
  scaleInBelow?: string;
  scaleInBy?: string;
  yes?: boolean;
  dryRun?: boolean;
  export?: string;
  out?: string;
}

/** How a policy scales: target tracking (the default), or step scaling with thresholds of the user's own. */
export type PolicyType = "target-tracking" | "step";

/** The same flags, checked and typed. Absent values are asked for, or reported missing. */
export interface InitAnswers {
  endpoint?: string | undefined;
  variant?: string | undefined;
  inferenceComponent?: string | undefined;
  /** False with --no-scale-from-zero; undefined: asked, or on by default. */
  scaleFromZero?: boolean | undefined;
  /** The signal (--metric), checked against the kind once it is known. */
  metric?: SignalId | undefined;
  /** vCPUs and GPUs of an instance type sm-autoscale has no figures for. */
  vcpus?: number | undefined;
  gpus?: number | undefined;
  min?: number | undefined;
  max?: number | undefined;
  target?: number | undefined;
  maxRps?: number | undefined;
  safetyFactor: number;
  scaleInCooldown?: number | undefined;
  scaleOutCooldown?: number | undefined;
  disableScaleIn?: boolean | undefined;
  replaceCustomPolicies?: boolean | undefined;
  /** --policy-type; undefined: asked in a terminal, else target tracking. */
  policyType?: PolicyType | undefined;
  /** Step scaling: the thresholds (on the signal's target scale) and how many units each step moves. */
  scaleOutAbove?: number | undefined;
  scaleOutBy?: number | undefined;
  scaleInBelow?: number | undefined;
  scaleInBy?: number | undefined;
  yes: boolean;
  dryRun: boolean;
  /** --export: the format to write the configuration in, instead of applying it (the parser held it to the choices). */
  export?: ExportFormatId | undefined;
  /** --out: where --export writes its files. */
  out?: string | undefined;
}

const STEP_FLAGS = ["scaleOutAbove", "scaleOutBy", "scaleInBelow", "scaleInBy"] as const;
const FLAG_NAME: Record<(typeof STEP_FLAGS)[number], string> = {
  scaleOutAbove: "--scale-out-above",
  scaleOutBy: "--scale-out-by",
  scaleInBelow: "--scale-in-below",
  scaleInBy: "--scale-in-by",
};

export const COOLDOWN_MAX_SECONDS = 86_400;

/** Checks only the flags given; pure; never prompts, never calls AWS. Throws a UsageError naming the flag. */
export function validateInitFlags(flags: InitFlags): InitAnswers {
  if (flags.target !== undefined && flags.maxRps !== undefined) {
    throw new UsageError(
      "--target and --max-rps conflict: give the target itself, or the max RPS to compute it from.",
    );
  }
  if (flags.safetyFactor !== undefined && flags.maxRps === undefined) {
    throw new UsageError("--safety-factor applies only with --max-rps.");
  }
  if (flags.export !== undefined && flags.dryRun) {
    throw new UsageError(
      "--export and --dry-run conflict: --export writes the configuration as code, --dry-run as AWS CLI commands.",
    );
  }
  if (flags.out !== undefined && flags.export === undefined) {
    throw new UsageError("--out applies only with --export: it is where the code is written.");
  }
  checkPolicyTypeFlags(flags);
  for (const [per, raw] of [
    ["vCPU", flags.vcpus],
    ["GPU", flags.gpus],
  ] as const) {
    if (raw !== undefined && flags.metric !== undefined && !UNIT_SIGNALS[per].includes(flags.metric)) {
      throw new UsageError(unitFlagProblem(per, flags.metric));
    }
  }
  const answers: InitAnswers = {
    endpoint: flags.endpoint === undefined ? undefined : checkName("--endpoint", flags.endpoint),
    variant: flags.variant === undefined ? undefined : checkName("--variant", flags.variant),
    inferenceComponent:
      flags.inferenceComponent === undefined
        ? undefined
        : checkName("--inference-component", flags.inferenceComponent),
    scaleFromZero: flags.scaleFromZero,
    // The parser already held --metric to the known signals (its choices).
    metric: flags.metric as SignalId | undefined,
    vcpus: parseCount("--vcpus", flags.vcpus),
    gpus: parseCount("--gpus", flags.gpus),
    min: parseCapacity("--min", flags.min, 0),
    max: parseCapacity("--max", flags.max, 1),
    target: parseTarget(flags.target),
    maxRps: parseMaxRps(flags.maxRps),
    safetyFactor: parseSafetyFactor(flags.safetyFactor),
    scaleInCooldown: parseCooldown("--scale-in-cooldown", flags.scaleInCooldown),
    scaleOutCooldown: parseCooldown("--scale-out-cooldown", flags.scaleOutCooldown),
    disableScaleIn: flags.disableScaleIn,
    replaceCustomPolicies: flags.replaceCustomPolicies,
    // The parser already held --policy-type to its choices.
    policyType: flags.policyType as PolicyType | undefined,
    scaleOutAbove: parseThreshold("--scale-out-above", flags.scaleOutAbove),
    scaleOutBy: parseCount("--scale-out-by", flags.scaleOutBy),
    scaleInBelow: parseThreshold("--scale-in-below", flags.scaleInBelow),
    scaleInBy: parseCount("--scale-in-by", flags.scaleInBy),
    yes: flags.yes ?? false,
    dryRun: flags.dryRun ?? false,
    export: flags.export as ExportFormatId | undefined,
    out: checkOut(flags.out),
  };
  if (answers.min !== undefined && answers.max !== undefined) checkMinMax(answers.min, answers.max);
  if (answers.maxRps !== undefined)
    checkTargetFromMaxRps(answers.maxRps, answers.safetyFactor, flags.maxRps!);
  if (answers.scaleOutAbove !== undefined && answers.scaleInBelow !== undefined) {
    const problem = thresholdsProblem(answers.scaleOutAbove, answers.scaleInBelow);
    if (problem) throw new UsageError(`--scale-in-below ${answers.scaleInBelow}: ${problem}`);
  }
  return answers;
}

/** The signals whose target is multiplied by a vCPU or GPU count, where --vcpus or --gpus can mean something. */
const UNIT_SIGNALS: Record<PerUnit, readonly string[]> = { vCPU: ["cpu"], GPU: ["gpu", "gpu-memory"] };

/**
 * --vcpus or --gpus with a signal they do not count for: like --safety-factor without --max-rps, refused rather
 * than silently ignored. `kind`, once known, explains an inference component's utilisation signals, which are
 * already a share of what each copy was given.
 */
export function unitFlagProblem(
  per: PerUnit,
  signal: string,
  kind?: { label: string; policy: { targetUnit: string } },
): string {
  const flag = unitFlag(per);
  if (kind && UNIT_SIGNALS[per].includes(signal)) {
    return `${flag} does not apply to ${withArticle(kind.label)}: its --metric ${signal} target is a percentage ${kind.policy.targetUnit.replace(/^% /, "")}, with no ${per} count to multiply by.`;
  }
  return `${flag} applies only with ${unitFlagMetrics(per)}; this run scales on ${signal}.`;
}

/**
 * --policy-type step takes thresholds instead of a target; the step flags mean nothing without it; scale-in
 * thresholds mean nothing with --disable-scale-in.
 */
function checkPolicyTypeFlags(flags: InitFlags): void {
  const given = STEP_FLAGS.filter((f) => flags[f] !== undefined).map((f) => FLAG_NAME[f]);
  if (flags.policyType !== "step") {
    if (given.length > 0) {
      throw new UsageError(
        `${given.join(", ")} ${given.length === 1 ? "applies" : "apply"} only to step scaling: add --policy-type step (or give --target for target tracking).`,
      );
    }
    return;
  }
  const trackingOnly = [
    flags.target !== undefined ? "--target" : undefined,
    flags.maxRps !== undefined ? "--max-rps" : undefined,
  ].filter((f) => f !== undefined);
  if (trackingOnly.length > 0) {
    throw new UsageError(
      `${trackingOnly.join(" and ")} ${trackingOnly.length === 1 ? "sets" : "set"} a target-tracking target; step scaling takes thresholds: --scale-out-above and --scale-in-below.`,
    );
  }
  if (flags.disableScaleIn && (flags.scaleInBelow !== undefined || flags.scaleInBy !== undefined)) {
    throw new UsageError(
      "--disable-scale-in leaves out the scale-in step policy: drop --scale-in-below and --scale-in-by, or --disable-scale-in.",
    );
  }
}

/** A step threshold, on the signal's target scale: a number greater than 0 (its range is the kind's). */
function parseThreshold(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = parseNumber(raw);
  if (value === undefined || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(`${flag} must be a number greater than 0. Got "${raw}".`);
  }
  return value;
}

/**
 * The target a max RPS gives must itself be a sane target: not rounded down to 0, not absurdly large.
 * The sentence reads after the name of what was entered ("--max-rps …", "That max RPS …").
 */
export function maxRpsTargetProblem(
  maxRps: number,
  safetyFactor: number,
  shown = String(maxRps),
): string | undefined {
  const target = targetFromMaxRps(maxRps, safetyFactor);
  const formula = `${shown} × safety factor ${safetyFactor} × 60 = ${target}`;
  if (target <= 0) {
    return `is too small: ${formula} invocations per instance per minute; the target must be greater than 0.`;
  }
  if (target > MAX_SANE_TARGET) {
    return `must give a target of at most ${MAX_SANE_TARGET} invocations per instance per minute: ${formula}.`;
  }
  return undefined;
}

function checkTargetFromMaxRps(maxRps: number, safetyFactor: number, raw: string): void {
  const problem = maxRpsTargetProblem(maxRps, safetyFactor, raw);
  if (problem) throw new UsageError(`--max-rps ${problem}`);
}

export function checkName(flag: string, value: string): string {
  if (!isSageMakerName(value)) {
    throw new UsageError(`${flag} "${value}" is not a valid SageMaker name: use ${SAGEMAKER_NAME_FORM}.`);
  }
  return value;
}

export function checkMinMax(min: number, max: number): void {
  if (min > max)
    throw new UsageError(`--min ${min} is greater than --max ${max}: the minimum must be ≤ the maximum.`);
}

/**
 * Prompt validators share the flag rules, so a typed answer and a flag are held to the same form. At the flags,
 * before the resource is read, the kind is not known: a minimum may be 0 (async endpoints and inference
 * components can rest at zero) and the kind's own floor is checked once it is ({@link floorProblem}).
 */
export function capacityProblem(
  value: number | undefined,
  label: string,
  lowest = 0,
  unit = "",
): string | undefined {
  const of = unit ? ` of ${unit}` : "";
  if (value === undefined || !Number.isInteger(value)) return `${label} must be a whole number${of}.`;
  if (value < lowest) return `${label} must be at least ${lowest}.`;
  if (value > MAX_SANE_CAPACITY)
    return `${label} must be at most ${MAX_SANE_CAPACITY}${unit ? ` ${unit}` : ""}.`;
  return undefined;
}

/** A minimum below what the kind allows: the sentence names the limit and why. */
export function floorProblem(min: number, floor: { min: number; why: string }): string | undefined {
  return min < floor.min ? `must be at least ${floor.min}: ${floor.why}.` : undefined;
}

/** A maximum above what the kind allows (provisioned concurrency: the variant's MaxConcurrency). */
export function ceilingProblem(
  max: number,
  ceiling: { max: number; why: string } | undefined,
): string | undefined {
  return ceiling && max > ceiling.max ? `must be at most ${ceiling.max}: ${ceiling.why}.` : undefined;
}

export function targetProblem(value: number | undefined): string | undefined {
  // Infinity (from 1e400) is a number, just far too large: the checks below name the range.
  if (value === undefined || Number.isNaN(value)) return "the target must be a number.";
  if (value <= 0) return "the target must be greater than 0 invocations per instance per minute.";
  if (value > MAX_SANE_TARGET) {
    return `the target must be at most ${MAX_SANE_TARGET} invocations per instance per minute (that is per minute, not per second).`;
  }
  return undefined;
}

export function cooldownProblem(value: number | undefined, label: string): string | undefined {
  if (value === undefined || !Number.isInteger(value) || value < 0 || value > COOLDOWN_MAX_SECONDS) {
    return `${label} must be a whole number of seconds from 0 to ${COOLDOWN_MAX_SECONDS}.`;
  }
  return undefined;
}

export function safetyFactorProblem(value: number | undefined): string | undefined {
  if (value === undefined || !Number.isFinite(value) || value <= 0 || value > 1) {
    return "the safety factor must be a number greater than 0 and at most 1 (0.5 to start).";
  }
  return undefined;
}

/** A sign is accepted so that "-1" is reported as below the minimum, not as "not a whole number". */
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function parseCapacity(flag: string, raw: string | undefined, lowest: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = INTEGER.test(raw.trim()) ? Number(raw) : Number.NaN;
  const problem = capacityProblem(Number.isNaN(value) ? undefined : value, flag, lowest);
  if (problem) throw new UsageError(`${problem} Got "${raw}".`);
  return value;
}

/** A count of vCPUs or GPUs: a whole number from 1 (a GPU metric on a type without GPUs says so elsewhere). */
function parseCount(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = INTEGER.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < 1 || value > 1_000) {
    throw new UsageError(`${flag} must be a whole number from 1 to 1000. Got "${raw}".`);
  }
  return value;
}

function parseNumber(raw: string): number | undefined {
  const trimmed = raw.trim();
  if (trimmed.startsWith("-")) return Number(trimmed);
  return DECIMAL.test(trimmed) ? Number(trimmed) : undefined;
}

function parseTarget(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = parseNumber(raw);
  const problem = targetProblem(value);
  if (problem) throw new UsageError(`--target: ${problem} Got "${raw}".`);
  return value;
}

/** A max RPS, typed or given as --max-rps; the sentence reads after the name of what was entered. */
export function maxRpsProblem(value: number | undefined): string | undefined {
  if (value === undefined || Number.isNaN(value) || value <= 0) {
    return "must be a number of requests per second greater than 0.";
  }
  if (value > MAX_SANE_TARGET) return `must be at most ${MAX_SANE_TARGET}.`;
  return undefined;
}

function parseMaxRps(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = parseNumber(raw);
  const problem = maxRpsProblem(value);
  if (problem) throw new UsageError(`--max-rps ${problem} Got "${raw}".`);
  return value;
}

function parseSafetyFactor(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_SAFETY_FACTOR;
  const value = parseNumber(raw);
  const problem = safetyFactorProblem(value);
  if (problem) throw new UsageError(`--safety-factor: ${problem} Got "${raw}".`);
  return value!;
}

function parseCooldown(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = INTEGER.test(raw.trim()) ? Number(raw) : undefined;
  const problem = cooldownProblem(value, flag);
  if (problem) throw new UsageError(`${problem} Got "${raw}".`);
  return value;
}

/**
 * The flags a run without a terminal must carry, since nothing can be asked. Checked before any AWS call.
 * The variant is checked later: it is needed only when the endpoint has several.
 */
export function missingInitFlags(answers: InitAnswers): string[] {
  const missing: string[] = [];
  if (answers.endpoint === undefined) missing.push("--endpoint");
  if (answers.min === undefined) missing.push("--min");
  if (answers.max === undefined) missing.push("--max");
  missing.push(...missingTargetFlags(answers));
  if (!answers.yes && !answers.dryRun && !answers.export) missing.push("--yes (or --dry-run)");
  return missing;
}

/**
 * Of those, the flags that set the target or the step thresholds. Which apply, and on what scale, depends on the
 * resource's kind and signal (--max-rps gives only an invocations target): named here in words true of every kind,
 * and again in the kind's own once it is known.
 */
export function missingTargetFlags(answers: InitAnswers): string[] {
  const missing: string[] = [];
  if (answers.policyType === "step") {
    if (answers.scaleOutAbove === undefined) missing.push("--scale-out-above");
    if (answers.scaleInBelow === undefined && !answers.disableScaleIn) {
      missing.push("--scale-in-below (or --disable-scale-in)");
    }
  } else if (answers.target === undefined && answers.maxRps === undefined) {
    missing.push("--target (or --max-rps, for invocations)");
  }
  return missing;
}
