import { UsageError } from "../errors.js";
import { MAX_SANE_CAPACITY } from "./constants.js";
import { checkName, maxRpsProblem, targetProblem } from "./validate.js";

/** `simulate`'s flags as the parser hands them over. */
export interface SimulateFlags {
  endpoint?: string;
  variant?: string;
  hours?: string;
  days?: string;
  min?: string;
  max?: string;
  targets?: string;
  maxRps?: string;
  pricePerHour?: string;
  warmup?: string;
  json?: boolean;
}

export interface SimulateOptions {
  endpoint: string;
  variant?: string | undefined;
  /** The window asked for, in minutes (default 14 days). */
  windowMinutes: number;
  min?: number | undefined;
  max?: number | undefined;
  /** Given with --targets: exactly these, ascending, each once. */
  targets?: number[] | undefined;
  maxRps?: number | undefined;
  pricePerHour?: number | undefined;
  warmupMinutes?: number | undefined;
  json: boolean;
}

export const DEFAULT_WINDOW_DAYS = 14;
/**
 * CloudWatch keeps 1-minute datapoints for 15 days ([BOTO] GetMetricData: "Data points with a period of 60 seconds
 * (1-minute) are available for 15 days"); older ones only as 5-minute sums, too coarse for 3-minute alarms.
 */
export const MAX_WINDOW_DAYS = 15;
export const MAX_TARGETS = 20;
/** Longer than any instance launch: a larger value is a typo (seconds for minutes). */
export const MAX_WARMUP_MINUTES = 120;

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function wholeNumber(flag: string, raw: string, lowest: number, highest: number, what: string): number {
  const value = INTEGER.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < lowest || value > highest) {
    throw new UsageError(
      `${flag} must be a whole number of ${what} from ${lowest} to ${highest}. Got "${raw}".`,
    );
  }
  return value;
}

function decimal(raw: string): number | undefined {
  const trimmed = raw.trim();
  if (trimmed.startsWith("-")) return Number(trimmed);
  return DECIMAL.test(trimmed) ? Number(trimmed) : undefined;
}

/** Checks only the flags given; pure; never calls AWS. Throws a UsageError naming the flag (exit 2). */
export function validateSimulateFlags(flags: SimulateFlags): SimulateOptions {
  if (flags.endpoint === undefined) {
    throw new UsageError(
      "--endpoint is required: simulate replays the traffic of one endpoint.",
      "Run sm-autoscale describe to list the endpoints of the region.",
    );
  }
  if (flags.hours !== undefined && flags.days !== undefined) {
    throw new UsageError("--hours and --days conflict: give the window one way.");
  }
  const windowMinutes =
    flags.hours !== undefined
      ? wholeNumber("--hours", flags.hours, 1, MAX_WINDOW_DAYS * 24, "hours") * 60
      : (flags.days !== undefined
          ? wholeNumber("--days", flags.days, 1, MAX_WINDOW_DAYS, "days")
          : DEFAULT_WINDOW_DAYS) * 1_440;
  // A real-time variant runs at least one instance (§5 Scale to zero): the replay divides by it.
  const min =
    flags.min === undefined ? undefined : wholeNumber("--min", flags.min, 1, MAX_SANE_CAPACITY, "instances");
  const max =
    flags.max === undefined ? undefined : wholeNumber("--max", flags.max, 1, MAX_SANE_CAPACITY, "instances");
  if (min !== undefined && max !== undefined && min > max) {
    throw new UsageError(`--min ${min} is greater than --max ${max}: the minimum must be ≤ the maximum.`);
  }
  let targets: number[] | undefined;
  if (flags.targets !== undefined) {
    const parts = flags.targets.split(",").map((p) => p.trim());
    if (parts.length === 0 || parts.some((p) => p === "")) {
      throw new UsageError(
        `--targets must be a comma-separated list of target values, e.g. 300,450,600. Got "${flags.targets}".`,
      );
    }
    targets = [
      ...new Set(
        parts.map((p) => {
          const value = decimal(p);
          const problem = targetProblem(value);
          if (problem) throw new UsageError(`--targets: ${problem} Got "${p}".`);
          return value!;
        }),
      ),
    ].sort((a, b) => a - b);
    if (targets.length > MAX_TARGETS) {
      throw new UsageError(`--targets takes at most ${MAX_TARGETS} values. Got ${targets.length}.`);
    }
  }
  let maxRps: number | undefined;
  if (flags.maxRps !== undefined) {
    maxRps = decimal(flags.maxRps);
    const problem = maxRpsProblem(maxRps);
    if (problem) throw new UsageError(`--max-rps ${problem} Got "${flags.maxRps}".`);
  }
  let pricePerHour: number | undefined;
  if (flags.pricePerHour !== undefined) {
    pricePerHour = decimal(flags.pricePerHour);
    if (
      pricePerHour === undefined ||
      !Number.isFinite(pricePerHour) ||
      pricePerHour <= 0 ||
      pricePerHour > 1_000
    ) {
      throw new UsageError(
        `--price-per-hour must be the price of one instance-hour, a number greater than 0 and at most 1000. Got "${flags.pricePerHour}".`,
      );
    }
  }
  return {
    endpoint: checkName("--endpoint", flags.endpoint),
    variant: flags.variant === undefined ? undefined : checkName("--variant", flags.variant),
    windowMinutes,
    min,
    max,
    targets,
    maxRps,
    pricePerHour,
    warmupMinutes:
      flags.warmup === undefined
        ? undefined
        : wholeNumber("--warmup", flags.warmup, 0, MAX_WARMUP_MINUTES, "minutes"),
    json: flags.json ?? false,
  };
}
