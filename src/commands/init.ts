import type { ScalingActivity, ScalingPolicy } from "@aws-sdk/client-application-auto-scaling";
import { describeEndpoint, type EndpointDetail, listEndpoints, type VariantInfo } from "../aws/discover.js";
import { failedOperation, isAccessDenied } from "../aws/error-codes.js";
import { HISTORY_DAYS, readInvocationHistory } from "../aws/metrics.js";
import { type EndpointQuota, endpointQuotaName, readEndpointInstanceQuota } from "../aws/quotas.js";
import { listSageMakerTargets, readTargetState, recentActivities } from "../aws/scaling-read.js";
import { type EndpointCounts, readEndpointCounts } from "../aws/teardown-read.js";
import { type CapacityEffect, capacityEffect } from "../domain/capacity-effect.js";
import {
  BUILT_IN_POLICY_NAME,
  DEFAULT_COOLDOWN_SECONDS,
  DIMENSION,
  INVOCATIONS_METRIC,
} from "../domain/constants.js";
import {
  type LiveSettings,
  liveSettingsOf,
  renderSettingChanges,
  settingChanges,
} from "../domain/init-changes.js";
import { BURSTABLE_REASON, isBurstable, unsupportedKindReason } from "../domain/kinds.js";
import { parseResourceId, resourceIdOf } from "../domain/names.js";
import {
  describeInstancesNeeded,
  formatNumber,
  type HistoryStats,
  historyShortfall,
  instancesNeeded,
  type Suggestion,
  suggestFromHistory,
  suggestFromMaxRps,
  summarizeHistory,
  targetFromMaxRps,
} from "../domain/suggest.js";
import {
  capacityProblem,
  checkMinMax,
  cooldownProblem,
  type InitAnswers,
  type InitFlags,
  maxRpsProblem,
  maxRpsTargetProblem,
  missingInitFlags,
  safetyFactorProblem,
  targetProblem,
  validateInitFlags,
} from "../domain/validate.js";
import { CancelledError, CommandError, explainError, UsageError } from "../errors.js";
import {
  buildInitPlan,
  customTargetTrackingPolicies,
  type ExistingScaling,
  type InitSettings,
} from "../plan/build-init.js";
import { renderSetInstanceCount } from "../plan/render-cli.js";
import type { ScalingPlan } from "../plan/types.js";
import { describePolicyLine } from "../ui/describe-policy.js";
import { applyPlan } from "./apply.js";
import { announceWhere, type ChangeContext, printDryRun, showPlan, withSpinner } from "./common.js";

type InitContext = ChangeContext;

/** Scaling activities read for a recent ResourceLimitExceeded: the last few are what a person would look at. */
const RECENT_ACTIVITIES = 10;

/** `sm-autoscale init`: validate → ask → execute → recommend. */
export async function runInit(terminal: InitContext, flags: InitFlags): Promise<void> {
  // validate: flags only, before any AWS call
  const answers = validateInitFlags(flags);
  const missing = missingInitFlags(answers);
  if (!terminal.canPrompt && missing.length > 0) {
    throw new UsageError(
      `Missing ${missing.join(", ")}: required when not running interactively (no terminal).`,
      "Example: sm-autoscale init --endpoint my-endpoint --min 1 --max 4 --max-rps 20 --yes",
    );
  }
  // A run with every needed flag never prompts, not even in a terminal: optional values take their defaults.
  const ctx: InitContext = { ...terminal, canPrompt: terminal.canPrompt && missing.length > 0 };

  const { ui } = ctx;
  await announceWhere(ctx);

  // ask
  const endpointName = answers.endpoint ?? (await askEndpoint(ctx));
  const endpoint = await withSpinner(ctx, `Reading endpoint ${endpointName}`, () =>
    describeEndpoint(ctx.clients, endpointName),
  );
  if (endpoint.status !== "InService") {
    throw new CommandError(
      `Endpoint "${endpointName}" is ${endpoint.status}, not InService: autoscaling can only be set up on an InService endpoint.`,
      endpoint.failureReason
        ? `Its failure reason: ${endpoint.failureReason}`
        : "Wait until it is InService, then run this again.",
    );
  }
  const variant = await askVariant(ctx, endpoint, answers.variant);
  const reason = unsupportedKindReason(variant.kind);
  if (reason) throw new CommandError(reason, "No changes made.");
  if (isBurstable(variant.instanceType)) {
    throw new CommandError(
      `Variant ${variant.variantName} runs on ${variant.instanceType}. ${BURSTABLE_REASON}`,
      "No changes made.",
    );
  }

  const resourceId = resourceIdOf(endpointName, variant.variantName);
  // Optional reads, started now and awaited before the confirmation: they run while the questions are answered.
  const quota = settle(
    variant.instanceType
      ? readEndpointInstanceQuota(ctx.clients, variant.instanceType)
      : Promise.resolve(undefined),
  );
  const existing = await withSpinner(ctx, "Reading its current autoscaling", () =>
    readTargetState(ctx.clients, resourceId, DIMENSION.variantInstances),
  );
  const activities = existing.target
    ? settle(
        recentActivities(
          ctx.clients,
          { resourceId, dimension: DIMENSION.variantInstances },
          RECENT_ACTIVITIES,
        ),
      )
    : undefined;
  showVariant(ctx, variant, existing);

  const replace = await askReplaceCustom(ctx, answers, existing.policies);
  const live = liveSettingsOf(existing.target, startingPolicy(existing.policies, replace));
  const { min, max } = await askCapacity(ctx, answers, variant, live);
  const target = await askTarget(ctx, answers, variant, live, max);
  const scaleInCooldown = await askCooldown(
    ctx,
    answers.scaleInCooldown,
    "scaleInCooldown",
    "Scale-in cooldown (seconds)",
    live.scaleInCooldown,
  );
  const scaleOutCooldown = await askCooldown(
    ctx,
    answers.scaleOutCooldown,
    "scaleOutCooldown",
    "Scale-out cooldown (seconds)",
    live.scaleOutCooldown,
  );
  const disableScaleIn =
    answers.disableScaleIn ??
    (ctx.canPrompt
      ? await (await ctx.prompter()).confirm({
          id: "disableScaleIn",
          message: "Disable scale-in (never remove instances automatically)?",
          default: live.disableScaleIn ?? false,
        })
      : (live.disableScaleIn ?? false));

  // execute
  const settings: InitSettings = {
    endpointName,
    variantName: variant.variantName,
    minCapacity: min,
    maxCapacity: max,
    targetValue: target,
    scaleInCooldown,
    scaleOutCooldown,
    disableScaleIn,
  };
  const plan = buildInitPlan(settings, existing, replace);
  const where = `${endpointName}/${variant.variantName}`;
  if (plan.steps.length === 0) {
    ui.success(
      `Nothing to change: ${where} already scales ${min}–${max} instances on a target of ${formatNumber(target)}` +
        ` (cooldowns in ${scaleInCooldown} s, out ${scaleOutCooldown} s${disableScaleIn ? ", scale-in disabled" : ""}).`,
    );
    ui.info(`Next: sm-autoscale describe --endpoint ${endpointName}`);
    return;
  }
  if (existing.target || live.policyName !== undefined) showChanges(ctx, where, live, settings);
  const effect = registersRange(plan)
    ? capacityEffect({
        min,
        max,
        currentInstanceCount: variant.currentInstanceCount,
        desiredInstanceCount: variant.desiredInstanceCount,
        instanceType: variant.instanceType,
      })
    : undefined;
  const sayWhatChangesNow = async () => {
    ui.info("");
    if (effect) (effect.cautious ? ui.warn : ui.info)(effect.line);
    await reportQuota(ctx, variant.instanceType, max, await quota);
    if (activities) reportLimitActivity(ctx, await activities);
  };

  if (answers.dryRun) {
    await sayWhatChangesNow();
    printDryRun(ctx, plan, "init");
    return;
  }

  showPlan(ctx, plan);
  await sayWhatChangesNow();
  if (!answers.yes) {
    const ok = await (await ctx.prompter()).confirm({
      id: "confirm",
      message: "Apply these changes?",
      // Removing instances from a live variant, or launching many, deserves a deliberate yes.
      default: !cautionNeeded(effect),
    });
    if (!ok) throw new CancelledError("Cancelled; no changes made.", 1);
  }

  ui.heading("Applying");
  try {
    await applyPlan(ctx, plan, {
      already: (step) =>
        step.operation === "CreateServiceLinkedRole"
          ? "The service-linked role already exists"
          : `${step.summary}: already done`,
      notUndone: (undone) =>
        effect?.from !== undefined &&
        effect.to !== undefined &&
        effect.from !== effect.to &&
        undone.some((step) => step.operation === "RegisterScalableTarget")
          ? instanceCountNotRestored(ctx, endpointName, variant.variantName, effect.from, effect.to)
          : undefined,
    });
  } catch (error) {
    throw await endpointChangedSince(ctx, endpointName, error);
  }

  // read back, then recommend
  await showResult(ctx, endpointName, variant.variantName, resourceId);
}

/**
 * Registering moved the instance count (from → to) the moment it ran; rolling the autoscaling back does not move
 * it again. Says so, with the command that sets the count back.
 */
function instanceCountNotRestored(
  ctx: InitContext,
  endpointName: string,
  variantName: string,
  from: number,
  to: number,
): string {
  const command = renderSetInstanceCount(endpointName, variantName, from, ctx.target);
  return `Registering had already moved the instance count (${from} → ${to}), and rolling back the autoscaling does not move it back. To return to ${from}: ${command}`;
}

/**
 * Reads the autoscaling back and shows it. The changes are in place by now: a failed read changes nothing of
 * that, so it is a warning and the run still succeeds.
 */
async function showResult(
  ctx: InitContext,
  endpointName: string,
  variantName: string,
  resourceId: string,
): Promise<void> {
  const { ui } = ctx;
  let after: Awaited<ReturnType<typeof readTargetState>>;
  try {
    after = await withSpinner(ctx, "Reading back the result", () =>
      readTargetState(ctx.clients, resourceId, DIMENSION.variantInstances),
    );
  } catch (error) {
    ui.warn(
      `The changes above are in place, but reading them back failed: ${explainError(error).message} See them with \`sm-autoscale describe --endpoint ${endpointName}\`.`,
    );
    return;
  }
  if (!after.target) {
    // Applied, then removed by someone else before the read (a teardown, the console): say what is true now.
    ui.warn(
      `The changes above were applied, but ${endpointName}/${variantName} has no scalable target now: another writer removed it since. See \`sm-autoscale describe --endpoint ${endpointName}\`.`,
    );
    return;
  }
  ui.heading(`Autoscaling of ${endpointName}/${variantName} is now:`);
  ui.info(`  Scalable target   ${after.target.MinCapacity} to ${after.target.MaxCapacity} instances`);
  for (const policy of after.policies) ui.info(`  ${describePolicyLine(policy)}`);
  ui.info("");
  ui.info(`Next: sm-autoscale describe --endpoint ${endpointName}`);
}

/**
 * A step failed. The plan was built on the endpoint as read before; if it has been deleted since, or has left
 * InService, that is the cause whatever words AWS used, so say it plainly. Otherwise the error stands.
 */
async function endpointChangedSince(
  ctx: InitContext,
  endpointName: string,
  error: unknown,
): Promise<unknown> {
  if (error instanceof CancelledError) return error;
  let now: EndpointCounts;
  try {
    now = await readEndpointCounts(ctx.clients, endpointName);
  } catch {
    return error;
  }
  if (!now.exists) {
    return new CommandError(
      `Endpoint "${endpointName}" no longer exists in ${ctx.target.region}: it was deleted while its autoscaling was being set up.`,
      "AWS removes an endpoint's autoscaling with the endpoint. Run `sm-autoscale init` again once the endpoint exists.",
    );
  }
  if (now.status && now.status !== "InService") {
    return new CommandError(
      `Endpoint "${endpointName}" became ${now.status} while its autoscaling was being set up, and AWS refused the change.`,
      "Wait until it is InService, then run this again.",
    );
  }
  return error;
}

async function askEndpoint(ctx: InitContext): Promise<string> {
  const [endpoints, targets] = await withSpinner(ctx, "Discovering endpoints", () =>
    Promise.all([listEndpoints(ctx.clients), listSageMakerTargets(ctx.clients)]),
  );
  if (endpoints.length === 0) {
    throw new CommandError(
      `No SageMaker endpoints in ${ctx.target.region}.`,
      "Check the region (--region) and the profile (--profile).",
    );
  }
  const autoscaled = new Set(
    targets
      .map((t) => parseResourceId(t.ResourceId ?? ""))
      .flatMap((p) => (p.kind === "variant" ? [p.endpointName] : [])),
  );
  const width = Math.max(...endpoints.map((e) => e.name.length));
  const prompter = await ctx.prompter();
  return prompter.select({
    id: "endpoint",
    message: "Which endpoint? (type the first letters to jump)",
    choices: endpoints.map((e) => ({
      name: `${e.name.padEnd(width)}  ${ctx.ui.color.dim(`${e.status}${autoscaled.has(e.name) ? ", autoscaled" : ""}`)}`,
      short: e.name,
      value: e.name,
      disabled: e.status === "InService" ? false : "(only InService endpoints can be autoscaled)",
    })),
  });
}

async function askVariant(
  ctx: InitContext,
  endpoint: EndpointDetail,
  wanted: string | undefined,
): Promise<VariantInfo> {
  const names = endpoint.variants.map((v) => v.variantName).join(", ");
  if (wanted !== undefined) {
    const found = endpoint.variants.find((v) => v.variantName === wanted);
    if (!found)
      throw new CommandError(
        `Variant "${wanted}" not found on endpoint "${endpoint.name}"; it has: ${names}.`,
      );
    return found;
  }
  if (endpoint.variants.length === 1) return endpoint.variants[0]!;
  if (!ctx.canPrompt) {
    throw new UsageError(
      `--variant is required: endpoint "${endpoint.name}" has several variants (${names}).`,
    );
  }
  return (await ctx.prompter()).select({
    id: "variant",
    message: "Which variant?",
    choices: endpoint.variants.map((v) => ({
      name: `${v.variantName}  ${ctx.ui.color.dim(`${v.instanceType ?? v.kind}, ${v.currentInstanceCount ?? "?"} instance(s)`)}`,
      value: v,
    })),
  });
}

function showVariant(ctx: InitContext, variant: VariantInfo, existing: ExistingScaling): void {
  const { ui } = ctx;
  ui.heading(`${variant.endpointName}/${variant.variantName}`);
  ui.info(
    `  ${variant.instanceType}, ${variant.currentInstanceCount ?? "?"} instance(s) now (desired ${variant.desiredInstanceCount ?? "?"})`,
  );
  if (existing.target) {
    ui.info(
      `  Already a scalable target: ${existing.target.MinCapacity} to ${existing.target.MaxCapacity} instances`,
    );
  } else {
    ui.info("  Not autoscaled yet");
  }
  for (const policy of existing.policies) ui.info(`  ${describePolicyLine(policy)}`);
}

/**
 * The policy whose settings a re-run starts from: the built-in one, or else a custom one being replaced by it
 * (preferably one on the same metric, whose target carries over).
 */
function startingPolicy(policies: ScalingPolicy[], replace: ScalingPolicy[]): ScalingPolicy | undefined {
  const builtIn = policies.find((p) => p.PolicyName === BUILT_IN_POLICY_NAME);
  if (builtIn) return builtIn;
  const sameMetric = (p: ScalingPolicy) =>
    p.TargetTrackingScalingPolicyConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType ===
    INVOCATIONS_METRIC;
  return replace.find(sameMetric) ?? replace[0];
}

/** Before → after of every value `init` sets, on a variant that has autoscaling already. */
function showChanges(ctx: InitContext, where: string, live: LiveSettings, settings: InitSettings): void {
  const { ui } = ctx;
  const changes = settingChanges(live, settings);
  ui.heading(`Changes to ${where}`);
  renderSettingChanges(changes).forEach((line, i) => {
    ui.info(changes[i]!.changed ? `  ${line}` : ui.color.dim(`  ${line}`));
  });
}

function registersRange(plan: ScalingPlan): boolean {
  return plan.steps.some((s) => s.operation === "RegisterScalableTarget");
}

function cautionNeeded(effect: CapacityEffect | undefined): boolean {
  return effect?.cautious ?? false;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** An optional read as a value: it never rejects, so it can run beside the questions and be looked at later. */
function settle<T>(work: Promise<T>): Promise<Settled<T>> {
  return work.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/**
 * One line for an optional read that failed: the IAM action it needs, whether it was denied or failed otherwise,
 * and what the run does without it.
 */
function optionalReadProblem(action: string, error: unknown, without: string): string {
  if (isAccessDenied(error)) return `${action} is denied to your identity: ${without}.`;
  return `${action} failed (${explainError(error).message.replace(/\.$/, "")}): ${without}.`;
}

/** Warn when the maximum exceeds the account's quota for the instance type; a read that fails is only a note. */
async function reportQuota(
  ctx: InitContext,
  instanceType: string | undefined,
  max: number,
  read: Settled<EndpointQuota | undefined>,
): Promise<void> {
  const { ui } = ctx;
  if (!instanceType) return;
  if (!read.ok) {
    const { service, operation } = failedOperation(read.error);
    ui.note(
      optionalReadProblem(
        service && operation ? `${service}:${operation}` : "servicequotas:ListServiceQuotas",
        read.error,
        `the maximum was not checked against the account's quota for ${instanceType}`,
      ),
    );
    return;
  }
  const quota = read.value;
  if (!quota) {
    ui.note(
      `Service Quotas lists no "${endpointQuotaName(instanceType)}" quota here: the maximum was not checked against one.`,
    );
    return;
  }
  const code = quota.code ? ` (quota code ${quota.code})` : "";
  // Without an applied value, Service Quotas has only AWS's default for the type: say which it is.
  const which = quota.isDefault ? "the default quota" : "this account's quota";
  if (max > quota.value) {
    ui.warn(
      `The maximum of ${max} is above ${which} of ${formatNumber(quota.value)} for "${quota.name}" in ${ctx.target.region}, ` +
        `shared by all its endpoints: scale-outs past it fail with ResourceLimitExceeded. Request an increase in Service Quotas${code}.`,
    );
  } else {
    ui.note(
      `The maximum of ${max} is within ${which} of ${formatNumber(quota.value)} for "${quota.name}" (shared by all its endpoints).`,
    );
  }
}

/** facts §9 Limits: hitting the account's instance quota shows only as a failed scaling activity. */
function reportLimitActivity(ctx: InitContext, read: Settled<ScalingActivity[]>): void {
  const { ui } = ctx;
  if (!read.ok) {
    ui.note(
      optionalReadProblem(
        "application-autoscaling:DescribeScalingActivities",
        read.error,
        "recent scaling failures were not checked",
      ),
    );
    return;
  }
  const hit = read.value.find((a) => /ResourceLimitExceeded/.test(a.StatusMessage ?? ""));
  if (!hit) return;
  const when = hit.StartTime ? ` on ${hit.StartTime.toISOString().slice(0, 16).replace("T", " ")} UTC` : "";
  const what = (hit.StatusMessage ?? "").replace(/\s+/g, " ").trim();
  ui.warn(`A recent scaling of this variant${when} hit the account's instance quota: ${what}`);
}

async function askCapacity(
  ctx: InitContext,
  answers: InitAnswers,
  variant: VariantInfo,
  live: LiveSettings,
): Promise<{ min: number; max: number }> {
  const current = Math.max(1, variant.desiredInstanceCount ?? variant.currentInstanceCount ?? 1);
  let min = answers.min;
  if (min === undefined) {
    // With --max given, a minimum above it (typed, or the default from the existing target) is refused here,
    // where it can be typed again, instead of ending the run with a usage error about a flag never given.
    const ceiling = answers.max;
    const proposed = live.minCapacity ?? current;
    min = await (await ctx.prompter()).number({
      id: "min",
      message: "Minimum instances",
      default: ceiling === undefined ? proposed : Math.min(proposed, ceiling),
      validate: (v) =>
        capacityProblem(v, "The minimum") ??
        (ceiling !== undefined && v! > ceiling
          ? `The minimum must be at most the maximum (--max ${ceiling}).`
          : true),
    });
  }
  let max = answers.max;
  if (max === undefined) {
    const floor = min;
    max = await (await ctx.prompter()).number({
      id: "max",
      message: "Maximum instances",
      default: Math.max(live.maxCapacity ?? current * 2, floor),
      validate: (v) =>
        capacityProblem(v, "The maximum") ??
        (v! < floor ? `The maximum must be at least the minimum (${floor}).` : true),
    });
  }
  checkMinMax(min, max);
  return { min, max };
}

async function askTarget(
  ctx: InitContext,
  answers: InitAnswers,
  variant: VariantInfo,
  live: LiveSettings,
  max: number,
): Promise<number> {
  const { ui } = ctx;
  if (answers.target !== undefined) return answers.target;
  if (answers.maxRps !== undefined) {
    const s = suggestFromMaxRps(answers.maxRps, answers.safetyFactor);
    ui.info(`Target: ${s.basis}.`);
    return targetFromMaxRps(answers.maxRps, answers.safetyFactor);
  }
  const stats = await readHistoryStats(ctx, variant);
  const prompter = await ctx.prompter();
  ui.heading(`Target value of ${INVOCATIONS_METRIC}`);
  ui.info("  It counts invocations per instance per MINUTE, not requests per second.");
  if (live.targetValue !== undefined) {
    ui.info(`  Live now: ${formatNumber(live.targetValue)} (policy ${live.policyName}).`);
  }
  let suggestion: Suggestion | undefined;
  if (stats.usable) {
    suggestion = suggestFromHistory(stats.usable, answers.safetyFactor);
    ui.info(`  Suggested ${formatNumber(suggestion.value)}: ${suggestion.basis}.`);
  } else if (stats.shortfall) {
    ui.info(`  ${stats.shortfall}: no suggestion from history.`);
  }
  type Method = "keep" | "suggested" | "rps" | "value";
  const method = await prompter.select<Method>({
    id: "targetMethod",
    message: "How do you want to set the target?",
    choices: [
      ...(live.targetValue !== undefined
        ? [{ name: `Keep ${formatNumber(live.targetValue)} (the live target)`, value: "keep" as const }]
        : []),
      ...(suggestion
        ? [{ name: `Use the suggestion: ${formatNumber(suggestion.value)}`, value: "suggested" as const }]
        : []),
      { name: "From a load test: enter the max requests per second one instance sustains", value: "rps" },
      { name: "Type the target value myself", value: "value" },
    ],
  });
  let target: number;
  if (method === "keep" && live.targetValue !== undefined) {
    target = live.targetValue;
  } else if (method === "suggested" && suggestion) {
    target = suggestion.value;
  } else if (method === "rps") {
    const rps = await prompter.number({
      id: "maxRps",
      message: "Max requests per second one instance sustains",
      // So small that even a safety factor of 1 gives a target of 0: say it here, where it can be retyped.
      validate: (v) =>
        withSubject("The max RPS", maxRpsProblem(v)) ??
        (targetFromMaxRps(v!, 1) <= 0
          ? withSubject("That max RPS", maxRpsTargetProblem(v!, 1))
          : undefined) ??
        true,
    });
    const factor = await prompter.number({
      id: "safetyFactor",
      message: "Safety factor (fraction of that max to aim for)",
      default: answers.safetyFactor,
      validate: (v) =>
        capitalized(safetyFactorProblem(v)) ??
        // The max RPS is already given: what can still be changed here is the factor.
        withSubject(`With max RPS ${formatNumber(rps)}, that safety factor`, maxRpsTargetProblem(rps, v!)) ??
        true,
    });
    const s = suggestFromMaxRps(rps, factor);
    ui.info(`  Target ${formatNumber(s.value)} = ${s.basis}.`);
    target = s.value;
  } else {
    const shown = live.targetValue ?? suggestion?.value;
    target = await prompter.number({
      id: "target",
      message: "Target invocations per instance per minute",
      ...(shown !== undefined ? { default: shown } : {}),
      validate: (v) => capitalized(targetProblem(v)) ?? true,
    });
  }
  if (stats.usable) {
    const needed = instancesNeeded(stats.usable, target);
    if (needed) {
      const meaning = describeInstancesNeeded(target, needed, stats.usable, max);
      if (meaning.aboveMax) ui.warn(`${meaning.line}.`);
      else ui.info(`  ${meaning.line}.`);
    }
  }
  return target;
}

/**
 * The invocation history, judged: usable for a suggestion, or why not. The history only feeds a suggestion, so a
 * read that fails (denied, throttled, unreachable) is one warning, and the questions go on without it.
 */
async function readHistoryStats(
  ctx: InitContext,
  variant: VariantInfo,
): Promise<{ usable?: HistoryStats; shortfall?: string }> {
  const read = await withSpinner(ctx, `Reading ${HISTORY_DAYS} days of invocation metrics`, () =>
    settle(readInvocationHistory(ctx.clients, variant.endpointName, variant.variantName)),
  );
  if (!read.ok) {
    ctx.ui.warn(
      optionalReadProblem(
        "cloudwatch:GetMetricData",
        read.error,
        "no suggestion from the invocation history; set the target from a load test or type it",
      ),
    );
    return {};
  }
  const stats = summarizeHistory(read.value);
  const shortfall = historyShortfall(stats, HISTORY_DAYS);
  return shortfall === undefined && stats ? { usable: stats } : { shortfall };
}

async function askCooldown(
  ctx: InitContext,
  given: number | undefined,
  id: string,
  message: string,
  live: number | undefined,
): Promise<number> {
  if (given !== undefined) return given;
  const fallback = live ?? DEFAULT_COOLDOWN_SECONDS;
  if (!ctx.canPrompt) return fallback;
  return (await ctx.prompter()).number({
    id,
    message,
    default: fallback,
    validate: (v) => cooldownProblem(v, "A cooldown") ?? true,
  });
}

async function askReplaceCustom(
  ctx: InitContext,
  answers: InitAnswers,
  policies: ScalingPolicy[],
): Promise<ScalingPolicy[]> {
  const custom = customTargetTrackingPolicies(policies);
  if (custom.length === 0) return [];
  const { ui } = ctx;
  const names = custom.map((p) => `"${p.PolicyName}"`).join(", ");
  ui.warn(
    `This variant has ${custom.length} target-tracking ${custom.length === 1 ? "policy" : "policies"} under another name: ${names}. ` +
      `The console shows ${custom.length === 1 ? "it" : "them"} as custom, beside the built-in ${BUILT_IN_POLICY_NAME}; ` +
      "both stay active and can fight (scale-out if either asks, scale-in only when both agree).",
  );
  let replace = answers.replaceCustomPolicies;
  if (replace === undefined) {
    if (ctx.canPrompt) {
      replace = await (await ctx.prompter()).confirm({
        id: "replaceCustomPolicies",
        message: `Delete ${names} once the built-in policy is in place?`,
        default: false,
      });
    } else {
      ui.note("Keeping them: pass --replace-custom-policies to delete them.");
      replace = false;
    }
  }
  return replace ? custom : [];
}

function withSubject(subject: string, predicate: string | undefined): string | undefined {
  return predicate === undefined ? undefined : `${subject} ${predicate}`;
}

/** The validators' sentences start lower-case so they can follow a flag name; alone at a prompt, capitalise. */
function capitalized(sentence: string | undefined): string | undefined {
  return sentence === undefined ? undefined : sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
