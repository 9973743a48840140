import type { ScalingPolicy } from "@aws-sdk/client-application-auto-scaling";
import { mapLimit } from "../aws/concurrency.js";
import { describeEndpoint, type EndpointDetail, listEndpoints, type VariantInfo } from "../aws/discover.js";
import {
  describeInferenceComponent,
  listInferenceComponents,
  listRegionInferenceComponents,
} from "../aws/inference-components.js";
import { HISTORY_DAYS, readBacklogHistory, readInvocationHistory } from "../aws/metrics.js";
import { listSageMakerTargets } from "../aws/scaling-read.js";
import { BUILT_IN_POLICY_NAME, DEFAULT_COOLDOWN_SECONDS } from "../domain/constants.js";
import { type LiveSettings, sameTrackedMetric } from "../domain/init-changes.js";
import { parseResourceId } from "../domain/names.js";
import {
  REAL_TIME,
  type ScalingKind,
  type ScalingSubject,
  type Signal,
  scalingKindOf,
} from "../domain/scaling-kinds.js";
import { stepPolicyNames } from "../domain/step-scaling.js";
import {
  describeInstancesNeeded,
  formatNumber,
  type HistoryStats,
  historyShortfall,
  type InvocationHistory,
  instancesNeeded,
  type Suggestion,
  suggestFromBacklog,
  suggestFromHistory,
  suggestFromMaxRps,
  summarizeHistory,
  targetFromMaxRps,
} from "../domain/suggest.js";
import { type KnownFigures, shippedFigures, unitCountOf, unitFlag } from "../domain/unit-count.js";
import {
  capacityProblem,
  ceilingProblem,
  checkMinMax,
  cooldownProblem,
  floorProblem,
  type InitAnswers,
  maxRpsProblem,
  maxRpsTargetProblem,
  missingTargetFlags,
  safetyFactorProblem,
  unitFlagProblem,
} from "../domain/validate.js";
import { simulateChoices, wizardChoices } from "../domain/what-if.js";
import { countOf, withArticle } from "../domain/words.js";
import { CommandError, UsageError } from "../errors.js";
import { customTargetTrackingPolicies } from "../plan/build-init.js";
import { renderChoiceTable } from "../ui/simulate-view.js";
import { type ChangeContext, withSpinner } from "./common.js";
import { optionalReadProblem, settle } from "./init-report.js";

/** The questions of `init`, each returning at once when its flag was given (style.md: ask). */
type InitContext = ChangeContext;

/** DescribeEndpoint calls in flight at once while the endpoint picker learns each endpoint's kind. */
const DESCRIBE_CONCURRENCY = 8;

/**
 * The endpoint to configure, picked from the region's endpoints. Each shows its kind (read from the API, not
 * guessed) and whether it is autoscaled; one that cannot be configured (not InService, or every variant refused by
 * its kind: serverless on demand, burstable) is listed, disabled, with the reason.
 */
export async function askEndpoint(ctx: InitContext, options: PickOptions = {}): Promise<string> {
  return (await pickEndpoint(ctx, options)).name;
}

export interface PickOptions {
  /**
   * Only endpoints with a scalable target can be picked (`schedule add`); the others are listed, disabled, with
   * the reason; `why` says what needs one ("a scheduled action sets …"). Where which endpoints have one is not
   * fully known (the region's inference components could not be listed), none is disabled for it.
   */
  needsTarget?: { why: string };
}

/** What the picker read of the region's endpoints, besides the one picked: they share its instance quotas. */
export interface RegionRead {
  /** Every InService endpoint whose details were read. */
  endpoints: EndpointDetail[];
  /** Endpoints not read: not InService (the picker does not describe them), or their read failed. */
  unread: number;
}

/** {@link askEndpoint}, with the details of the region's endpoints that the picker read to show their kinds. */
export async function pickEndpoint(
  ctx: InitContext,
  options: PickOptions = {},
): Promise<{ name: string; region: RegionRead }> {
  const [endpoints, targets] = await withSpinner(ctx, "Discovering endpoints", () =>
    Promise.all([listEndpoints(ctx.clients), listSageMakerTargets(ctx.clients)]),
  );
  if (endpoints.length === 0) {
    throw new CommandError(
      `No SageMaker endpoints in ${ctx.target.region}.`,
      "Check the region (--region) and the profile (--profile).",
    );
  }
  const details = await withSpinner(ctx, "Reading what kind each endpoint is", () =>
    mapLimit(endpoints, DESCRIBE_CONCURRENCY, async (e) =>
      e.status === "InService" ? describeEndpoint(ctx.clients, e.name).catch(() => undefined) : undefined,
    ),
  );
  const { endpoints: autoscaled, complete } = await autoscaledEndpoints(ctx, targets);
  const needsTarget = complete ? options.needsTarget : undefined;
  if (needsTarget !== undefined && !endpoints.some((e) => autoscaled.has(e.name))) {
    throw new CommandError(
      `No endpoint in ${ctx.target.region} has a scalable target yet, and ${needsTarget.why}.`,
      "Set one up first: sm-autoscale init",
    );
  }
  const width = Math.max(...endpoints.map((e) => e.name.length));
  const prompter = await ctx.prompter();
  const name = await prompter.select({
    id: "endpoint",
    message: "Which endpoint? (type the first letters to jump)",
    choices: endpoints.map((e, i) => {
      const detail = details[i];
      const kinds = detail ? kindsOf(detail) : undefined;
      const facts = [
        e.status,
        ...(kinds ? [kinds.label] : []),
        ...(autoscaled.has(e.name) ? ["autoscaled"] : []),
      ];
      return {
        name: `${e.name.padEnd(width)}  ${ctx.ui.color.dim(facts.join(", "))}`,
        short: e.name,
        value: e.name,
        disabled:
          e.status !== "InService"
            ? "(only InService endpoints can be autoscaled)"
            : kinds?.refused
              ? `(${kinds.refused})`
              : needsTarget !== undefined && !autoscaled.has(e.name)
                ? "(not autoscaled: sm-autoscale init first)"
                : false,
      };
    }),
  });
  const read = details.filter((d): d is EndpointDetail => d !== undefined);
  return {
    name,
    region: {
      endpoints: read.filter((d) => d.name !== name),
      unread: endpoints.filter((e, i) => e.name !== name && details[i] === undefined).length,
    },
  };
}

/**
 * An endpoint's kinds in a few words, and why nothing on it can be configured (each variant's kind refuses it:
 * serverless on demand, burstable…), in the kind's own short words; undefined when something can be.
 */
function kindsOf(detail: EndpointDetail): { label: string; refused: string | undefined } {
  const labels = detail.variants.map((v) => {
    if (v.kind === "serverless") {
      return v.serverless?.provisionedConcurrency === undefined
        ? "serverless on demand"
        : "serverless, provisioned";
    }
    if (v.kind === "real-time" && v.instancePools) return "real-time, instance pools";
    return v.kind;
  });
  const refusals = detail.variants.map((v) => scalingKindOf(v.kind).refusal(subjectOf(v))?.short);
  const reasons = [...new Set(refusals)];
  const refused =
    detail.variants.length === 0 || reasons.includes(undefined)
      ? undefined
      : reasons.length === 1
        ? reasons[0]
        : `no variant can be autoscaled: ${reasons.join("; ")}`;
  return { label: [...new Set(labels)].join(" + "), refused };
}

/**
 * The endpoints that have autoscaling: a variant's scalable target names its endpoint; an inference component's
 * names only the component, so the components of the region are listed (one paged read, only when there is such
 * a target) to find their endpoints. That read is for a label: when it fails, those endpoints are just not marked.
 */
async function autoscaledEndpoints(
  ctx: InitContext,
  targets: { ResourceId?: string | undefined }[],
): Promise<{ endpoints: Set<string>; complete: boolean }> {
  const parsed = targets.map((t) => parseResourceId(t.ResourceId ?? ""));
  const endpoints = new Set(parsed.flatMap((p) => (p.kind === "variant" ? [p.endpointName] : [])));
  const components = new Set(
    parsed.flatMap((p) => (p.kind === "inference-component" ? [p.inferenceComponentName] : [])),
  );
  if (components.size === 0) return { endpoints, complete: true };
  const hosts = await listRegionInferenceComponents(ctx.clients).catch(() => undefined);
  for (const ic of hosts ?? []) {
    if (components.has(ic.name) && ic.endpointName) endpoints.add(ic.endpointName);
  }
  return { endpoints, complete: hosts !== undefined };
}

export async function askVariant(
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
      name: `${v.variantName}  ${ctx.ui.color.dim(`${v.instanceType ?? v.kind}${v.shadow ? " (shadow)" : ""}, ${countOf(v.currentInstanceCount, { one: "instance", many: "instances" })}`)}`,
      value: v,
    })),
  });
}

/** A variant as read, as what its kind configures (an inference component's is added once it is picked). */
function subjectOf(variant: VariantInfo): ScalingSubject {
  return {
    endpointName: variant.endpointName,
    variantName: variant.variantName,
    instanceType: variant.instanceType ?? variant.instancePools?.[0],
    ...(variant.instancePools ? { instancePools: variant.instancePools } : {}),
    currentInstanceCount: variant.currentInstanceCount,
    desiredInstanceCount: variant.desiredInstanceCount,
    serverless: variant.serverless,
    ...(variant.managedInstanceScaling ? { managedInstanceScaling: variant.managedInstanceScaling } : {}),
  };
}

/**
 * What is configured on the variant: the variant itself, or (on an inference-component endpoint) one of its
 * components, read with its copy counts. `--inference-component` names it; with one component it is picked.
 */
export async function askSubject(
  ctx: InitContext,
  variant: VariantInfo,
  wanted: string | undefined,
): Promise<{ kind: ScalingKind; subject: ScalingSubject }> {
  const kind = scalingKindOf(variant.kind);
  const subject = subjectOf(variant);
  if (kind.id !== "inference-component") {
    if (wanted !== undefined) {
      throw new UsageError(
        `--inference-component applies to endpoints that host inference components; ${variant.endpointName}/${variant.variantName} is ${withArticle(kind.label)}.`,
      );
    }
    return { kind, subject };
  }
  const components = (
    await withSpinner(ctx, `Listing the inference components of ${variant.endpointName}`, () =>
      listInferenceComponents(ctx.clients, variant.endpointName),
    )
  ).filter((c) => c.variantName === undefined || c.variantName === variant.variantName);
  const names = components.map((c) => c.name).join(", ");
  let name: string;
  if (wanted !== undefined) {
    if (!components.some((c) => c.name === wanted)) {
      throw new CommandError(
        components.length === 0
          ? `Endpoint "${variant.endpointName}" hosts no inference components, so there is no "${wanted}" to scale.`
          : `Inference component "${wanted}" not found on ${variant.endpointName}/${variant.variantName}; it has: ${names}.`,
      );
    }
    name = wanted;
  } else if (components.length === 0) {
    throw new CommandError(
      `Endpoint "${variant.endpointName}" hosts no inference components yet: its copies are what scales, so there is nothing to configure.`,
      "Create an inference component on it (CreateInferenceComponent), then run `sm-autoscale init` again.",
    );
  } else if (components.length === 1) {
    name = components[0]!.name;
  } else if (!ctx.canPrompt) {
    throw new UsageError(
      `--inference-component is required: endpoint "${variant.endpointName}" hosts several (${names}).`,
    );
  } else {
    name = await (await ctx.prompter()).select({
      id: "inferenceComponent",
      message: "Which inference component?",
      choices: components.map((c) => ({
        name: `${c.name}  ${ctx.ui.color.dim(c.status ?? "")}`,
        short: c.name,
        value: c.name,
      })),
    });
  }
  const detail = await withSpinner(ctx, `Reading inference component ${name}`, () =>
    describeInferenceComponent(ctx.clients, name),
  );
  if (!detail)
    throw new CommandError(`Inference component "${name}" no longer exists in ${ctx.target.region}.`);
  if (detail.status !== undefined && detail.status !== "InService") {
    throw new CommandError(
      `Inference component "${name}" is ${detail.status}, not InService: its copies can be autoscaled once it is.`,
      "Wait until it is InService, then run this again.",
    );
  }
  return {
    kind,
    subject: {
      ...subject,
      component: {
        name,
        desiredCopyCount: detail.desiredCopyCount,
        currentCopyCount: detail.currentCopyCount,
      },
    },
  };
}

/**
 * What drives scaling: `--metric`, else (in a terminal, where the kind has several) the wizard's question, each
 * choice with when it fits; else the kind's default. A re-run starts from the signal whose policy is there.
 */
export async function askSignal(
  ctx: InitContext,
  answers: InitAnswers,
  kind: ScalingKind,
  subject: ScalingSubject,
  policies: ScalingPolicy[],
): Promise<Signal> {
  if (answers.metric !== undefined) {
    const found = kind.signals.find((s) => s.id === answers.metric);
    if (!found) {
      // The choices the menu would offer this resource: not a GPU signal where its instance type has no GPU.
      throw new UsageError(
        `--metric ${answers.metric} does not apply to ${withArticle(kind.label)}: use ${availableSignals(
          kind,
          subject,
        )
          .map((s) => s.id)
          .join(", ")}.`,
      );
    }
    return found;
  }
  // Its target-tracking policy, or its step policies.
  const names = (s: Signal) => [s.name, ...Object.values(stepPolicyNames(s))];
  const live =
    kind.signals.find((s) => policies.some((p) => names(s).includes(p.PolicyName ?? ""))) ?? kind.policy;
  if (!ctx.canPrompt || kind.signals.length === 1) return live;
  const width = Math.max(...kind.signals.map((s) => s.id.length));
  return (await ctx.prompter()).select({
    id: "metric",
    message: "What should drive scaling?",
    default: live,
    choices: kind.signals.map((s) => {
      // The reason is shown after the description: in parentheses, as the endpoint picker's are.
      const unavailable = unitCountUnavailable(s, subject);
      return {
        name: `${s.id.padEnd(width)}  ${ctx.ui.color.dim(s.when)}`,
        short: s.id,
        value: s,
        disabled: unavailable === undefined ? false : `(${unavailable})`,
      };
    }),
  });
}

/** The kind's signals that can scale this resource: what its menu lets a person pick. */
export function availableSignals(kind: ScalingKind, subject: ScalingSubject): Signal[] {
  return kind.signals.filter((s) => unitCountUnavailable(s, subject) === undefined);
}

/** "invocations, concurrency or memory". */
function orList(signals: Signal[]): string {
  const ids = signals.map((s) => s.id);
  return ids.length <= 1 ? (ids[0] ?? "") : `${ids.slice(0, -1).join(", ")} or ${ids[ids.length - 1]}`;
}

/**
 * A utilisation signal the shipped figures say cannot scale the variant (no GPU; instance pools whose counts
 * differ): why it cannot be picked.
 */
function unitCountUnavailable(signal: Signal, subject: ScalingSubject): string | undefined {
  if (!signal.perUnit) return undefined;
  const found = unitCountOf(
    { ...signal, perUnit: signal.perUnit },
    instanceTypesOf(subject),
    undefined,
    shippedFigures,
    "",
  );
  return "reason" in found ? found.reason : undefined;
}

/**
 * The number of vCPUs or GPUs a utilisation target is multiplied by (§8): the figures sm-autoscale ships for the
 * instance type (or, on instance pools, the count every pool shares); for a type it has none for, the flag, else
 * (in a terminal) asked. Never guessed: without a terminal a missing count is a usage error naming the flag. A
 * flag that contradicts the shipped figures, or pools whose counts differ, is a usage error naming them
 * (domain/unit-count.ts).
 */
export async function askUnitCount(
  ctx: InitContext,
  answers: InitAnswers,
  kind: ScalingKind,
  subject: ScalingSubject,
  known: KnownFigures = shippedFigures,
): Promise<number> {
  const signal = kind.policy;
  const per = signal.perUnit!;
  const flag = unitFlag(per);
  const given = per === "vCPU" ? answers.vcpus : answers.gpus;
  const found = unitCountOf(
    { ...signal, perUnit: per },
    instanceTypesOf(subject),
    given,
    known,
    orList(availableSignals(kind, subject).filter((s) => s.id !== signal.id)),
  );
  if ("problem" in found) throw new UsageError(found.problem);
  if ("count" in found) return found.count;
  const type = found.missing.length > 0 ? found.missing.join(" and ") : "its instance type";
  if (!ctx.canPrompt) {
    throw new UsageError(`sm-autoscale has no ${per} count for ${type}: pass ${flag} N (never guessed).`);
  }
  const count = await (await ctx.prompter()).number({
    id: per === "vCPU" ? "vcpus" : "gpus",
    message: `How many ${per}s does ${found.missing.length > 1 ? `each of ${type}` : type} have? (sm-autoscale has no figures for it)`,
    validate: (v) =>
      v !== undefined && Number.isInteger(v) && v >= 1 && v <= 1_000
        ? true
        : "A whole number from 1 to 1000.",
  });
  const other = found.sameAs;
  if (other && other.count !== count) {
    throw new CommandError(
      `--metric ${signal.id} cannot scale ${subject.endpointName}/${subject.variantName}: its instance pools differ in ${per}s (${other.type} ${other.count}, ${type} ${count}), so the metric has no single scale across them.`,
      "Scale it on invocations or concurrency instead (--metric invocations | concurrency).",
    );
  }
  return count;
}

/** The instance types of a variant: its pools', else its one type; none when not known. */
function instanceTypesOf(subject: ScalingSubject): string[] {
  if (subject.instancePools && subject.instancePools.length > 0) return subject.instancePools;
  return subject.instanceType ? [subject.instanceType] : [];
}

/**
 * Flags checked against the kind, now that it is known: the minimum against its floor (zero only where the kind
 * may rest there), the maximum against its ceiling, the target against its range, --max-rps only where the target
 * is a count of invocations. A bad value is a usage error naming the limit; nothing has changed yet.
 */
export function checkFlagsForKind(answers: InitAnswers, kind: ScalingKind, subject: ScalingSubject): void {
  const floor = kind.floor(subject);
  const tooLow = answers.min === undefined ? undefined : floorProblem(answers.min, floor);
  if (tooLow) throw new UsageError(`--min ${answers.min} ${tooLow}`);
  const tooHigh = answers.max === undefined ? undefined : ceilingProblem(answers.max, kind.ceiling(subject));
  if (tooHigh) throw new UsageError(`--max ${answers.max} ${tooHigh}`);
  if (answers.target !== undefined) {
    const problem = kind.policy.targetProblem(answers.target);
    if (problem) throw new UsageError(`--target ${answers.target}: ${problem}`);
  }
  if (answers.maxRps !== undefined && !countsInvocations(kind)) {
    // targetUnit is made to follow a value ("0.5 of provisioned concurrency in use"): shown after the example's.
    const example = formatNumber(kind.policy.example.target);
    throw new UsageError(
      `--max-rps gives a target in invocations per minute, but ${withArticle(kind.label)} scaling on ${kind.policy.short} takes --target instead, e.g. --target ${example} (${example} ${kind.policy.targetUnit}).`,
    );
  }
  for (const per of ["vCPU", "GPU"] as const) {
    const given = per === "vCPU" ? answers.vcpus : answers.gpus;
    if (given === undefined || kind.policy.perUnit === per) continue;
    throw new UsageError(unitFlagProblem(per, kind.policy.id, kind));
  }
  if (answers.scaleFromZero === false && !kind.fromZero) {
    throw new UsageError(
      `--no-scale-from-zero applies to async endpoints and inference components, not to ${withArticle(kind.label)}.`,
    );
  }
}

/**
 * Without a terminal, the target (or the step thresholds) must come from flags: named in the kind's own words,
 * with an example valid on its signal's scale (--max-rps only where the target counts invocations).
 */
export function requireTargetFlags(answers: InitAnswers, kind: ScalingKind, subject: ScalingSubject): void {
  const missing = missingTargetFlags(answers);
  if (missing.length === 0) return;
  const signal = kind.policy;
  const ex = signal.example;
  const on = `${kind.where(subject)} scales on ${signal.short}`;
  const required = "required when not running interactively (no terminal).";
  if (answers.policyType === "step") {
    const [above, below] = [formatNumber(ex.scaleOutAbove), formatNumber(ex.scaleInBelow)];
    throw new UsageError(
      `Missing ${missing.join(", ")}: ${required}`,
      `${on}: e.g. --scale-out-above ${above} --scale-in-below ${below} (${above} and ${below} ${signal.targetUnit}).`,
    );
  }
  const target = formatNumber(ex.target);
  if (countsInvocations(kind)) {
    throw new UsageError(
      `Missing --target (or --max-rps): ${required}`,
      `${on}: e.g. --max-rps 20 (the requests per second one ${kind.unit.one} sustains in a load test) or --target ${target} (${target} ${signal.targetUnit}).`,
    );
  }
  throw new UsageError(
    `Missing --target: ${required}`,
    `${on}: e.g. --target ${target} (${target} ${signal.targetUnit}).`,
  );
}

/** Whether the chosen signal's target is a count of invocations per minute, which a load test's max RPS gives. */
function countsInvocations(kind: ScalingKind): boolean {
  return kind.policy.id === "invocations";
}

export async function askCapacity(
  ctx: InitContext,
  answers: InitAnswers,
  kind: ScalingKind,
  subject: ScalingSubject,
  live: LiveSettings,
): Promise<{ min: number; max: number }> {
  const now = kind.capacityNow(subject);
  const floor = kind.floor(subject);
  const ceiling = kind.ceiling(subject);
  const unit = kind.capacityName;
  const current = Math.max(floor.min, now.desired ?? now.current ?? 1);
  let min = answers.min;
  if (min === undefined) {
    // With --max given, a minimum above it (typed, or the default from the existing target) is refused here,
    // where it can be typed again, instead of ending the run with a usage error about a flag never given.
    const upTo = answers.max;
    const proposed = Math.max(live.minCapacity ?? current, floor.min);
    min = await (await ctx.prompter()).number({
      id: "min",
      message: `Minimum ${unit}`,
      default: upTo === undefined ? proposed : Math.min(proposed, upTo),
      validate: (v) =>
        capacityProblem(v, "The minimum", 0, unit) ??
        withSubject("The minimum", floorProblem(v!, floor)) ??
        (upTo !== undefined && v! > upTo ? `The minimum must be at most the maximum (--max ${upTo}).` : true),
    });
  }
  let max = answers.max;
  if (max === undefined) {
    const lowest = Math.max(min, 1);
    const proposed = Math.max(live.maxCapacity ?? current * 2, lowest);
    max = await (await ctx.prompter()).number({
      id: "max",
      message: `Maximum ${unit}`,
      default: ceiling ? Math.min(proposed, ceiling.max) : proposed,
      validate: (v) =>
        capacityProblem(v, "The maximum", 1, unit) ??
        withSubject("The maximum", ceilingProblem(v!, ceiling)) ??
        (v! < lowest ? `The maximum must be at least the minimum (${lowest}).` : true),
    });
  }
  checkMinMax(min, max);
  return { min, max };
}

/** The target: for invocation counts, from history or a load test; for the other kinds, from their own scale. */
export async function askTarget(
  ctx: InitContext,
  answers: InitAnswers,
  kind: ScalingKind,
  subject: ScalingSubject,
  live: LiveSettings,
  { min, max }: { min: number; max: number },
): Promise<number> {
  if (answers.target !== undefined) return answers.target;
  if (answers.maxRps !== undefined) {
    const s = suggestFromMaxRps(answers.maxRps, answers.safetyFactor);
    ctx.ui.info(`Target: ${s.basis.replace("per instance", `per ${kind.unit.one}`)}.`);
    return targetFromMaxRps(answers.maxRps, answers.safetyFactor);
  }
  return countsInvocations(kind)
    ? askInvocationsTarget(ctx, answers, kind, subject, live, { min, max })
    : askScaleTarget(ctx, kind, subject, live);
}

/**
 * Async and serverless targets: explained on their own scale; the live value first, else a suggestion (for async,
 * from the endpoint's own backlog history when there is enough of it), else the kind's documented default.
 */
async function askScaleTarget(
  ctx: InitContext,
  kind: ScalingKind,
  subject: ScalingSubject,
  live: LiveSettings,
): Promise<number> {
  const { ui } = ctx;
  const history =
    kind.policy.id === "backlog" && live.targetValue === undefined
      ? await backlogSuggestion(ctx, subject)
      : {};
  const prompter = await ctx.prompter();
  ui.heading(`Target value (${kind.policy.targetUnit})`);
  for (const line of kind.policy.explain) ui.info(`  ${line}`);
  if (live.targetValue !== undefined) {
    ui.info(`  Live now: ${formatNumber(live.targetValue)} (policy ${live.policyName}).`);
  }
  const suggested = history.suggestion ?? kind.policy.defaultTarget;
  const start = live.targetValue ?? suggested?.value;
  if (live.targetValue === undefined && suggested) {
    if (history.shortfall) ui.info(`  No suggestion from the backlog history: ${history.shortfall}.`);
    ui.info(`  Suggested ${formatNumber(suggested.value)}: ${suggested.basis}.`);
  }
  return prompter.number({
    id: "target",
    message: `Target (${kind.policy.targetUnit})`,
    ...(start !== undefined ? { default: start } : {}),
    validate: (v) => capitalized(kind.policy.targetProblem(v)) ?? true,
  });
}

/** Invocation targets (real-time variants, inference components): history, a load test, or typed. */
async function askInvocationsTarget(
  ctx: InitContext,
  answers: InitAnswers,
  kind: ScalingKind,
  subject: ScalingSubject,
  live: LiveSettings,
  { min, max }: { min: number; max: number },
): Promise<number> {
  const { ui } = ctx;
  // The variant's own history: InvocationsPerInstance is not an inference component's measure.
  const stats: { usable?: HistoryStats; shortfall?: string; history?: InvocationHistory } =
    kind.id === REAL_TIME.id ? await readHistoryStats(ctx, subject) : {};
  const prompter = await ctx.prompter();
  const metric = kind.policy.metric(subject).PredefinedMetricSpecification?.PredefinedMetricType ?? "";
  ui.heading(`Target value of ${metric}`);
  for (const line of kind.policy.explain) ui.info(`  ${line}`);
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
  // What each choice would have done on the variant's own traffic (sm-autoscale simulate, in small).
  const simulation = stats.history
    ? simulateChoices(stats.history, {
        min,
        max,
        choices: wizardChoices(suggestion?.value, live.targetValue),
        scaleInCooldownSeconds: live.scaleInCooldown,
        scaleOutCooldownSeconds: live.scaleOutCooldown,
        scaleInEnabled: live.disableScaleIn === undefined ? undefined : !live.disableScaleIn,
      })
    : undefined;
  if (simulation) for (const line of renderChoiceTable(simulation)) ui.info(`  ${line}`);
  const one = kind.unit.one;
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
      { name: `From a load test: enter the max requests per second one ${one} sustains`, value: "rps" },
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
      message: `Max requests per second one ${one} sustains`,
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
    ui.info(`  Target ${formatNumber(s.value)} = ${s.basis.replace("per instance", `per ${one}`)}.`);
    target = s.value;
  } else {
    const shown = live.targetValue ?? suggestion?.value;
    target = await prompter.number({
      id: "target",
      message: `Target ${kind.policy.targetUnit}`,
      ...(shown !== undefined ? { default: shown } : {}),
      validate: (v) => capitalized(kind.policy.targetProblem(v)) ?? true,
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

/** The backlog history of an async endpoint, as a suggestion or the reason there is none; a failed read is a warning. */
async function backlogSuggestion(
  ctx: InitContext,
  subject: ScalingSubject,
): Promise<{ suggestion?: Suggestion; shortfall?: string }> {
  const read = await withSpinner(ctx, `Reading ${HISTORY_DAYS} days of backlog metrics`, () =>
    settle(readBacklogHistory(ctx.clients, subject.endpointName)),
  );
  if (!read.ok) {
    ctx.ui.warn(
      optionalReadProblem("cloudwatch:GetMetricData", read.error, "no suggestion from the backlog history"),
    );
    return {};
  }
  return suggestFromBacklog(read.value);
}

/**
 * The invocation history, judged: usable for a suggestion, or why not. The history only feeds a suggestion, so a
 * read that fails (denied, throttled, unreachable) is one warning, and the questions go on without it.
 */
async function readHistoryStats(
  ctx: InitContext,
  subject: ScalingSubject,
): Promise<{ usable?: HistoryStats; shortfall?: string; history?: InvocationHistory }> {
  const read = await withSpinner(ctx, `Reading ${HISTORY_DAYS} days of invocation metrics`, () =>
    settle(readInvocationHistory(ctx.clients, subject.endpointName, subject.variantName)),
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
  return shortfall === undefined && stats
    ? { usable: stats, history: read.value }
    : { shortfall, history: read.value };
}

export async function askCooldown(
  ctx: InitContext,
  given: number | undefined,
  id: string,
  message: string,
  live: number | undefined,
): Promise<number> {
  return askValue(ctx, given, {
    id,
    message,
    fallback: live ?? DEFAULT_COOLDOWN_SECONDS,
    problem: (v) => cooldownProblem(v, "A cooldown"),
  });
}

/**
 * A value with a default: the flag's when given; else, without a terminal, the default (the live value, or the
 * service's); else asked, starting from the default, and held to `problem` (a sentence, or undefined when fine).
 */
export async function askValue(
  ctx: InitContext,
  given: number | undefined,
  q: {
    id: string;
    message: string;
    fallback: number;
    problem: (v: number | undefined) => string | undefined;
  },
): Promise<number> {
  if (given !== undefined) return given;
  if (!ctx.canPrompt) return q.fallback;
  return (await ctx.prompter()).number({
    id: q.id,
    message: q.message,
    default: q.fallback,
    validate: (v) => q.problem(v) ?? true,
  });
}

/**
 * At a minimum of 0, whether to add the step policy and alarm that take the resource out of zero: on unless
 * --no-scale-from-zero says otherwise, or the person declines. Says what waking from zero costs either way.
 */
export async function askFromZero(
  ctx: InitContext,
  answers: InitAnswers,
  kind: ScalingKind,
  subject: ScalingSubject,
  min: number,
): Promise<boolean> {
  if (min !== 0 || !kind.fromZero) return false;
  const wake = kind.fromZero(subject);
  const { ui } = ctx;
  let on = answers.scaleFromZero;
  if (on === undefined && ctx.canPrompt) {
    ui.info(
      `  At 0 ${kind.capacityName}, target tracking never adds the first one: a step policy (${wake.policyName}) and a CloudWatch alarm on ${wake.alarm.MetricName} do.`,
    );
    on = await (await ctx.prompter()).confirm({
      id: "scaleFromZero",
      message: `Add them, so that ${kind.where(subject)} can leave zero?`,
      default: true,
    });
  }
  on ??= true;
  if (on) ui.warn(wake.warning);
  else {
    ui.warn(
      `Without the step policy and alarm, ${kind.where(subject)} leaves zero only when its own metric asks for it, which may be never: ${wake.alarm.MetricName} is what signals demand at zero.`,
    );
  }
  return on;
}

export async function askReplaceCustom(
  ctx: InitContext,
  answers: InitAnswers,
  kind: ScalingKind,
  policies: ScalingPolicy[],
): Promise<ScalingPolicy[]> {
  const { ui } = ctx;
  // Other signals sm-autoscale wrote on this resource stay: AAS combines target-tracking policies.
  const others = policies.filter(
    (p) => p.PolicyName !== kind.policy.name && kind.signals.some((s) => s.name === p.PolicyName),
  );
  if (others.length > 0) {
    ui.info(
      `  It also scales on ${others.map((p) => `"${p.PolicyName}"`).join(", ")}, which stays: with several target-tracking policies, AWS scales out when any of them asks and in only when all agree.`,
    );
  }
  const custom = customTargetTrackingPolicies(
    policies,
    kind.signals.map((s) => s.name),
  );
  if (custom.length === 0) return [];
  const names = custom.map((p) => `"${p.PolicyName}"`).join(", ");
  const builtIn = kind.policy.name === BUILT_IN_POLICY_NAME;
  const ours = builtIn
    ? `the built-in ${kind.policy.name}`
    : `${kind.policy.name}, the policy sm-autoscale writes`;
  ui.warn(
    `This ${kind.label} has ${custom.length} target-tracking ${custom.length === 1 ? "policy" : "policies"} under another name: ${names}. ` +
      `${builtIn ? `The console shows ${custom.length === 1 ? "it" : "them"} as custom, beside` : "It stays beside"} ${ours}; ` +
      "both stay active and can fight (scale-out if either asks, scale-in only when both agree).",
  );
  let replace = answers.replaceCustomPolicies;
  if (replace === undefined) {
    if (ctx.canPrompt) {
      replace = await (await ctx.prompter()).confirm({
        id: "replaceCustomPolicies",
        message: `Delete ${names} once ${builtIn ? "the built-in policy" : kind.policy.name} is in place?`,
        default: false,
      });
    } else {
      ui.note("Keeping them: pass --replace-custom-policies to delete them.");
      replace = false;
    }
  }
  return replace ? custom : [];
}

/**
 * The policy whose settings a re-run starts from: the kind's own, or else a custom one being replaced by it
 * (preferably one on the same metric, whose target carries over).
 */
export function startingPolicy(
  kind: ScalingKind,
  subject: ScalingSubject,
  policies: ScalingPolicy[],
  replace: ScalingPolicy[],
): ScalingPolicy | undefined {
  const own = policies.find((p) => p.PolicyName === kind.policy.name);
  if (own) return own;
  const metric = kind.policy.metric(subject);
  const sameMetric = (p: ScalingPolicy) =>
    p.TargetTrackingScalingPolicyConfiguration !== undefined &&
    sameTrackedMetric(p.TargetTrackingScalingPolicyConfiguration, metric);
  return replace.find(sameMetric) ?? replace[0];
}

function withSubject(subject: string, predicate: string | undefined): string | undefined {
  return predicate === undefined ? undefined : `${subject} ${predicate}`;
}

/** The validators' sentences start lower-case so they can follow a flag name; alone at a prompt, capitalise. */
function capitalized(sentence: string | undefined): string | undefined {
  return sentence === undefined ? undefined : sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
