import type { ScalingPolicy } from "@aws-sdk/client-application-auto-scaling";
import { Chalk } from "chalk";
import { describeEndpoint, type VariantInfo } from "../aws/discover.js";
import { isAccessDenied } from "../aws/error-codes.js";
import { readInvocationsWindow } from "../aws/metrics.js";
import { readTargetState, type TargetState } from "../aws/scaling-read.js";
import type { Context } from "../context.js";
import {
  BUILT_IN_POLICY_NAME,
  DEFAULT_COOLDOWN_SECONDS,
  DIMENSION,
  INVOCATIONS_METRIC,
} from "../domain/constants.js";
import { BURSTABLE_REASON, isBurstable } from "../domain/kinds.js";
import { DEFAULT_WARMUP_MINUTES } from "../domain/simulate.js";
import { suggestFromHistory, summarizeHistory } from "../domain/suggest.js";
import { type SimulateFlags, validateSimulateFlags } from "../domain/validate-simulate.js";
import {
  chartedCandidate,
  defaultCandidates,
  observedLoad,
  type ReplaySettings,
  replay,
  type SettingSources,
  spanText,
  toSimulateJson,
  traceFrom,
  whatIf,
} from "../domain/what-if.js";
import { CommandError, UsageError } from "../errors.js";
import {
  renderCandidates,
  renderChart,
  renderHeader,
  renderRecommendation,
  renderSettings,
} from "../ui/simulate-view.js";
import { withSpinner } from "./common.js";

/** Where the data goes, and the locale that says whether it can show Unicode. */
export interface SimulateOutput {
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

type SimulateContext = Pick<Context, "ui" | "clients" | "target">;

/**
 * `sm-autoscale simulate`: validate → read (the endpoint, its live autoscaling, its invocations) → replay each
 * candidate target → print. Only reads; never prompts.
 */
export async function runSimulate(
  ctx: SimulateContext,
  flags: SimulateFlags,
  stdout: SimulateOutput = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
  now: () => Date = () => new Date(),
): Promise<void> {
  // validate: before any AWS call
  const options = validateSimulateFlags(flags);
  const { ui } = ctx;
  const { region } = ctx.target;

  const endpoint = await withSpinner(ctx, `Reading endpoint ${options.endpoint}`, () =>
    describeEndpoint(ctx.clients, options.endpoint),
  );
  const variant = pickVariant(endpoint.name, endpoint.variants, options.variant);

  const end = new Date(Math.floor(now().getTime() / 60_000) * 60_000);
  const start = new Date(end.getTime() - options.windowMinutes * 60_000);
  const resourceId = `endpoint/${endpoint.name}/variant/${variant.variantName}`;
  const [live, history] = await withSpinner(
    ctx,
    `Reading ${spanText(options.windowMinutes)} of invocations of ${endpoint.name}/${variant.variantName}`,
    () =>
      Promise.all([
        // The live autoscaling only gives defaults: denied, the defaults of AAS are used, with a warning.
        readTargetState(ctx.clients, resourceId, DIMENSION.variantInstances).catch((error: unknown) => {
          if (!isAccessDenied(error)) throw error;
          ui.warn(
            "Could not read the variant's autoscaling (access denied to application-autoscaling:DescribeScalableTargets " +
              "or DescribeScalingPolicies): min, max and cooldowns are the defaults unless given as flags.",
          );
          return undefined;
        }),
        readInvocationsWindow(ctx.clients, endpoint.name, variant.variantName, start, end),
      ]),
  );

  // With the window's end: its newest minutes may be unpublished yet, which is no gap (traceShortfall).
  const trace = traceFrom(history.total, end.getTime());
  if (!trace) {
    throw new CommandError(
      `No Invocations datapoints for ${endpoint.name}/${variant.variantName} in ${region} over the last ${spanText(options.windowMinutes)}: nothing to replay.`,
      "CloudWatch keeps 1-minute data for 15 days; a variant that served no request in that time has none. Check the region.",
    );
  }

  const policy = invocationsPolicy(live);
  const config = policy?.TargetTrackingScalingPolicyConfiguration;
  const current = variant.currentInstanceCount ?? variant.desiredInstanceCount ?? 1;
  const { settings, from } = replaySettings(options, live, config, current);

  const stats = summarizeHistory({ perInstance: history.perInstance, total: history.total });
  const suggested = stats && stats.busyMinutes > 0 ? suggestFromHistory(stats).value : undefined;
  const liveTarget = config?.TargetValue;
  const candidates = options.targets ?? defaultCandidates(suggested, liveTarget);
  if (candidates.length === 0) {
    throw new UsageError(
      `No target to start from: ${endpoint.name}/${variant.variantName} had no invocations in the window and has no live target.`,
      "Pass the targets to compare with --targets, e.g. --targets 300,600,900.",
    );
  }

  const model = whatIf(trace, settings, candidates, observedLoad(history.perInstance), liveTarget);
  if (model.shortfall) {
    ui.warn(`Too little data to go by: ${model.shortfall}. The results are indicative only.`);
  }
  const name = `${endpoint.name}/${variant.variantName}`;
  if (options.json) {
    ui.data(
      JSON.stringify(
        toSimulateJson(model, {
          endpointName: endpoint.name,
          variantName: variant.variantName,
          pricePerHour: options.pricePerHour,
          live: liveTarget,
          suggested,
          from,
        }),
        null,
        2,
      ),
    );
    return;
  }

  const tty = Boolean(stdout.isTTY);
  // ui.color follows stderr; data on stdout is coloured only when stdout is a terminal too (as describe does).
  const color = tty ? ui.color : new Chalk({ level: 0 });
  const width = tty ? Math.min(Math.max(stdout.columns ?? 80, 50), 160) : 80;
  const context = { live: liveTarget, suggested, pricePerHour: options.pricePerHour };
  // One of the table's candidates, with why when it is not the recommended one.
  const charted = chartedCandidate(model, liveTarget)!;
  const chartResult = replay(trace, model.settings, charted.targetValue, true);
  const risk = model.budget && {
    perMinute: model.budget.loadPerMinute,
    name: model.budget.measure === "minutesOverCapacity" ? "capacity" : "load served",
  };
  ui.data(
    [
      renderHeader(name, model),
      model.shortfall ? `Indicative only: ${model.shortfall}.` : undefined,
      `Replayed with ${renderSettings(model, from)}.`,
      "",
      renderChart(
        trace,
        chartResult,
        risk,
        { color, unicode: tty && unicodeLocale(env), width },
        charted.why,
      ),
      "",
      renderCandidates(model, context, color),
      "",
      renderRecommendation(model, context),
    ]
      .filter((line) => line !== undefined)
      .join("\n"),
  );
  ui.note(
    `The model's assumptions (alarm timing, warm-up, no metric delay) are listed in the README's "What-if" section; ` +
      `--json gives the same numbers.`,
  );
}

/** The variant to replay: the one named, else the endpoint's only production variant. */
function pickVariant(endpointName: string, variants: VariantInfo[], wanted: string | undefined): VariantInfo {
  let variant: VariantInfo | undefined;
  if (wanted !== undefined) {
    variant = variants.find((v) => v.variantName === wanted);
    if (!variant) {
      throw new CommandError(
        `Endpoint "${endpointName}" has no variant "${wanted}".`,
        `Its variants: ${variants.map((v) => v.variantName).join(", ") || "none"}.`,
      );
    }
  } else {
    const production = variants.filter((v) => !v.shadow);
    if (production.length !== 1) {
      throw new UsageError(
        `Endpoint "${endpointName}" has ${production.length} variants: pass --variant (${production.map((v) => v.variantName).join(", ")}).`,
      );
    }
    variant = production[0]!;
  }
  const kindProblem: Record<Exclude<VariantInfo["kind"], "real-time">, string> = {
    async: "an asynchronous endpoint's variant: it scales on its queue (ApproximateBacklogSizePerInstance)",
    serverless: "a serverless variant: it has no instances, only provisioned concurrency scales",
    "inference-components": "a variant hosting inference components: they scale per component, in copies",
  };
  if (variant.kind !== "real-time") {
    throw new CommandError(
      `Variant ${variant.variantName} of ${endpointName} is ${kindProblem[variant.kind]}.`,
      "simulate replays invocations per instance, the signal of instance-based real-time variants.",
    );
  }
  if (isBurstable(variant.instanceType)) {
    throw new CommandError(
      `Variant ${variant.variantName} runs on ${variant.instanceType}. ${BURSTABLE_REASON}`,
    );
  }
  return variant;
}

/** The variant's target-tracking policy on invocations per instance: the built-in one first (§3). */
function invocationsPolicy(live: TargetState | undefined): ScalingPolicy | undefined {
  const tracking = (live?.policies ?? []).filter(
    (p) =>
      p.TargetTrackingScalingPolicyConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType ===
      INVOCATIONS_METRIC,
  );
  return tracking.find((p) => p.PolicyName === BUILT_IN_POLICY_NAME) ?? tracking[0];
}

/**
 * Min and max: the flags, else the live scalable target's, else 1 and four times the instances now. Cooldowns and
 * scale-in: the live policy's, else AAS's defaults (300 s each, §4; scale-in on). Each with where it came from.
 */
function replaySettings(
  options: ReturnType<typeof validateSimulateFlags>,
  live: TargetState | undefined,
  config: ScalingPolicy["TargetTrackingScalingPolicyConfiguration"],
  current: number,
): { settings: ReplaySettings; from: SettingSources } {
  const target = live?.target;
  const liveMin = target?.MinCapacity !== undefined ? Math.max(1, target.MinCapacity) : undefined;
  const min = options.min ?? liveMin ?? 1;
  const fallbackMax = Math.max(min, current * 4);
  const max = options.max ?? target?.MaxCapacity ?? fallbackMax;
  if (min > max) {
    const minFrom = options.min !== undefined ? `--min ${min}` : `the live minimum ${min}`;
    const maxFrom = options.max !== undefined ? `--max ${max}` : `the live maximum ${max}`;
    throw new UsageError(`${minFrom} is above ${maxFrom}.`, "Pass both --min and --max.");
  }
  const suspended = target?.SuspendedState?.DynamicScalingInSuspended === true;
  return {
    settings: {
      minCapacity: min,
      maxCapacity: max,
      scaleInCooldownSeconds: config?.ScaleInCooldown ?? DEFAULT_COOLDOWN_SECONDS,
      scaleOutCooldownSeconds: config?.ScaleOutCooldown ?? DEFAULT_COOLDOWN_SECONDS,
      scaleInEnabled: !(config?.DisableScaleIn ?? false) && !suspended,
      warmupMinutes: options.warmupMinutes ?? DEFAULT_WARMUP_MINUTES,
      maxRps: options.maxRps,
    },
    from: {
      minCapacity:
        options.min !== undefined ? "--min" : liveMin !== undefined ? "scalable target" : "default",
      maxCapacity:
        options.max !== undefined
          ? "--max"
          : target?.MaxCapacity !== undefined
            ? "scalable target"
            : `4 × the ${current} instance${current === 1 ? "" : "s"} now`,
      cooldowns:
        config?.ScaleInCooldown !== undefined || config?.ScaleOutCooldown !== undefined
          ? "policy"
          : "Application Auto Scaling's defaults",
      scaleIn: suspended
        ? "suspended on the scalable target"
        : config?.DisableScaleIn !== undefined
          ? "policy"
          : "default",
      warmup: options.warmupMinutes !== undefined ? "--warmup" : "assumed",
    },
  };
}

/** Whether the terminal's locale is UTF-8 (LC_ALL, then LC_CTYPE, then LANG, as setlocale reads them). */
export function unicodeLocale(env: NodeJS.ProcessEnv): boolean {
  if (process.platform === "win32") return true;
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || "";
  return /utf-?8/i.test(locale);
}
