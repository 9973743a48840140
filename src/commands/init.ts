import type { ScalingPolicy } from "@aws-sdk/client-application-auto-scaling";
import { describeEndpoint, type EndpointDetail, listEndpoints, type VariantInfo } from "../aws/discover.js";
import { readInvocationHistory } from "../aws/metrics.js";
import { listSageMakerTargets, readTargetState } from "../aws/scaling-read.js";
import { type EndpointCounts, readEndpointCounts } from "../aws/teardown-read.js";
import {
  BUILT_IN_POLICY_NAME,
  DEFAULT_COOLDOWN_SECONDS,
  DIMENSION,
  INVOCATIONS_METRIC,
} from "../domain/constants.js";
import { BURSTABLE_REASON, isBurstable, unsupportedKindReason } from "../domain/kinds.js";
import { parseResourceId, resourceIdOf } from "../domain/names.js";
import {
  formatNumber,
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
import { describePolicyLine } from "../ui/describe-policy.js";
import { applyPlan } from "./apply.js";
import { announceWhere, type ChangeContext, printDryRun, showPlan, withSpinner } from "./common.js";

type InitContext = ChangeContext;

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
  const existing = await withSpinner(ctx, "Reading its current autoscaling", () =>
    readTargetState(ctx.clients, resourceId, DIMENSION.variantInstances),
  );
  showVariant(ctx, variant, existing);

  const { min, max } = await askCapacity(ctx, answers, variant, existing);
  const target = await askTarget(ctx, answers, variant);
  const scaleInCooldown = await askCooldown(
    ctx,
    answers.scaleInCooldown,
    "scaleInCooldown",
    "Scale-in cooldown (seconds)",
    existing,
    "ScaleInCooldown",
  );
  const scaleOutCooldown = await askCooldown(
    ctx,
    answers.scaleOutCooldown,
    "scaleOutCooldown",
    "Scale-out cooldown (seconds)",
    existing,
    "ScaleOutCooldown",
  );
  const disableScaleIn =
    answers.disableScaleIn ??
    (ctx.canPrompt
      ? await (await ctx.prompter()).confirm({
          id: "disableScaleIn",
          message: "Disable scale-in (never remove instances automatically)?",
          default: false,
        })
      : false);
  const replace = await askReplaceCustom(ctx, answers, existing.policies);

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

  if (answers.dryRun) {
    printDryRun(ctx, plan, "init");
    return;
  }

  showPlan(ctx, plan);
  if (!answers.yes) {
    const ok = await (await ctx.prompter()).confirm({
      id: "confirm",
      message: "Apply these changes?",
      default: true,
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
    });
  } catch (error) {
    throw await endpointChangedSince(ctx, endpointName, error);
  }

  // read back, then recommend
  await showResult(ctx, endpointName, variant.variantName, resourceId);
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
  ui.heading(`Autoscaling of ${endpointName}/${variantName} is now:`);
  ui.info(
    `  Scalable target   ${after.target?.MinCapacity ?? "?"} to ${after.target?.MaxCapacity ?? "?"} instances`,
  );
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

async function askCapacity(
  ctx: InitContext,
  answers: InitAnswers,
  variant: VariantInfo,
  existing: ExistingScaling,
): Promise<{ min: number; max: number }> {
  const current = Math.max(1, variant.desiredInstanceCount ?? variant.currentInstanceCount ?? 1);
  let min = answers.min;
  if (min === undefined) {
    // With --max given, a minimum above it (typed, or the default from the existing target) is refused here,
    // where it can be typed again, instead of ending the run with a usage error about a flag never given.
    const ceiling = answers.max;
    const proposed = existing.target?.MinCapacity ?? current;
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
      default: Math.max(existing.target?.MaxCapacity ?? current * 2, floor),
      validate: (v) =>
        capacityProblem(v, "The maximum") ??
        (v! < floor ? `The maximum must be at least the minimum (${floor}).` : true),
    });
  }
  checkMinMax(min, max);
  return { min, max };
}

async function askTarget(ctx: InitContext, answers: InitAnswers, variant: VariantInfo): Promise<number> {
  const { ui } = ctx;
  if (answers.target !== undefined) return answers.target;
  if (answers.maxRps !== undefined) {
    const s = suggestFromMaxRps(answers.maxRps, answers.safetyFactor);
    ui.info(`Target: ${s.basis}.`);
    return targetFromMaxRps(answers.maxRps, answers.safetyFactor);
  }
  const history = await withSpinner(ctx, "Reading 14 days of invocation metrics", () =>
    readInvocationHistory(ctx.clients, variant.endpointName, variant.variantName),
  );
  const stats = summarizeHistory(history);
  const prompter = await ctx.prompter();
  ui.heading(`Target value of ${INVOCATIONS_METRIC}`);
  ui.info("  It counts invocations per instance per MINUTE, not requests per second.");
  let suggestion: Suggestion | undefined;
  if (stats) {
    suggestion = suggestFromHistory(stats, answers.safetyFactor);
    ui.info(`  Suggested ${formatNumber(suggestion.value)}: ${suggestion.basis}.`);
  } else {
    ui.info("  No invocation metrics in the last 14 days, so no suggestion from history.");
  }
  type Method = "suggested" | "rps" | "value";
  const method = await prompter.select<Method>({
    id: "targetMethod",
    message: "How do you want to set the target?",
    choices: [
      ...(suggestion
        ? [{ name: `Use the suggestion: ${formatNumber(suggestion.value)}`, value: "suggested" as const }]
        : []),
      { name: "From a load test: enter the max requests per second one instance sustains", value: "rps" },
      { name: "Type the target value myself", value: "value" },
    ],
  });
  if (method === "suggested" && suggestion) return suggestion.value;
  if (method === "rps") {
    const rps = await prompter.number({
      id: "maxRps",
      message: "Max requests per second one instance sustains",
      validate: (v) =>
        v !== undefined && Number.isFinite(v) && v > 0
          ? true
          : "Enter a number of requests per second greater than 0.",
    });
    const factor = await prompter.number({
      id: "safetyFactor",
      message: "Safety factor (fraction of that max to aim for)",
      default: answers.safetyFactor,
      validate: (v) =>
        safetyFactorProblem(v) ?? withSubject("That max RPS", maxRpsTargetProblem(rps, v!)) ?? true,
    });
    const s = suggestFromMaxRps(rps, factor);
    ui.info(`  Target ${formatNumber(s.value)} = ${s.basis}.`);
    return s.value;
  }
  return prompter.number({
    id: "target",
    message: "Target invocations per instance per minute",
    ...(suggestion ? { default: suggestion.value } : {}),
    validate: (v) => targetProblem(v) ?? true,
  });
}

async function askCooldown(
  ctx: InitContext,
  given: number | undefined,
  id: string,
  message: string,
  existing: ExistingScaling,
  field: "ScaleInCooldown" | "ScaleOutCooldown",
): Promise<number> {
  if (given !== undefined) return given;
  const current = existing.policies.find((p) => p.PolicyName === BUILT_IN_POLICY_NAME)
    ?.TargetTrackingScalingPolicyConfiguration?.[field];
  const fallback = current ?? DEFAULT_COOLDOWN_SECONDS;
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
