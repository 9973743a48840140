import type { ScalingActivity } from "@aws-sdk/client-application-auto-scaling";
import { readAlarmsNamed } from "../aws/alarms.js";
import { describeEndpoint, type EndpointDetail } from "../aws/discover.js";
import type { EndpointQuota } from "../aws/quotas.js";
import { readEndpointInstanceQuota } from "../aws/quotas.js";
import { readTargetState, recentActivities } from "../aws/scaling-read.js";
import { capacityEffect } from "../domain/capacity-effect.js";
import { BUILT_IN_POLICY_NAME } from "../domain/constants.js";
import { liveSettingsOf } from "../domain/init-changes.js";
import { type QuotaUsage, quotaUsage } from "../domain/quota-usage.js";
import type { ScalingKind, ScalingSubject } from "../domain/scaling-kinds.js";
import { stepAlarmNames, stepPolicyNames, stepScaling } from "../domain/step-scaling.js";
import { formatNumber, roundTarget } from "../domain/suggest.js";
import {
  type InitAnswers,
  type InitFlags,
  missingInitFlags,
  missingTargetFlags,
  validateInitFlags,
} from "../domain/validate.js";
import { CancelledError, CommandError, UsageError } from "../errors.js";
import { buildInitPlan, type ExistingScaling, type InitSettings } from "../plan/build-init.js";
import type { ScalingPlan } from "../plan/types.js";
import { applyPlan } from "./apply.js";
import { announceWhere, type ChangeContext, printDryRun, showPlan, withSpinner } from "./common.js";
import { checkOutPath, exportInit } from "./export.js";
import {
  askCapacity,
  askCooldown,
  askFromZero,
  askReplaceCustom,
  askSignal,
  askSubject,
  askTarget,
  askUnitCount,
  askVariant,
  checkFlagsForKind,
  pickEndpoint,
  type RegionRead,
  requireTargetFlags,
  startingPolicy,
} from "./init-ask.js";
import {
  endpointChangedSince,
  instanceCountNotRestored,
  reportLimitActivity,
  reportQuota,
  type Settled,
  settle,
  showChanges,
  showResult,
  showSubject,
} from "./init-report.js";
import { askPolicyType, askReplaceForStep, askStepSettings, warnOwnStepPolicies } from "./init-step.js";

type InitContext = ChangeContext;

/** Scaling activities read for a recent ResourceLimitExceeded: the last few are what a person would look at. */
const RECENT_ACTIVITIES = 10;

/**
 * `sm-autoscale init`: validate → ask → execute → recommend. What is configured is a kind (domain/scaling-kinds.ts):
 * a real-time or async variant, serverless provisioned concurrency, or an inference component. The questions
 * (init-ask.ts) and what is said around them (init-report.ts) ask the kind for its words and limits.
 */
export async function runInit(terminal: InitContext, flags: InitFlags): Promise<void> {
  // validate: flags only, before any AWS call
  const answers = validateInitFlags(flags);
  const missing = missingInitFlags(answers);
  // What sets the target depends on the kind and signal: when only that is missing and the endpoint is named, it is
  // said once the endpoint is read (before anything changes), in the kind's own words (requireTargetFlags).
  const onlyTarget = answers.endpoint !== undefined && missing.length === missingTargetFlags(answers).length;
  if (!terminal.canPrompt && missing.length > 0 && !onlyTarget) {
    throw new UsageError(
      `Missing ${missing.join(", ")}: required when not running interactively (no terminal).`,
      answers.policyType === "step"
        ? "Example, for a real-time variant: sm-autoscale init --endpoint my-endpoint --min 1 --max 4 --policy-type step --scale-out-above 600 --scale-in-below 200 --yes"
        : "Example, for a real-time variant: sm-autoscale init --endpoint my-endpoint --min 1 --max 4 --max-rps 20 --yes",
    );
  }
  if (answers.export !== undefined && answers.out !== undefined) {
    await checkOutPath(answers.out, answers.export, terminal.target.region);
  }
  // A run with every needed flag never prompts, not even in a terminal: optional values take their defaults.
  const ctx: InitContext = { ...terminal, canPrompt: terminal.canPrompt && missing.length > 0 };

  const { ui } = ctx;
  await announceWhere(ctx);

  // ask
  // The picker reads every InService endpoint to show its kind: what they run counts against the instance quota.
  const picked = answers.endpoint === undefined ? await pickEndpoint(ctx) : undefined;
  const endpointName = answers.endpoint ?? picked!.name;
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
  const { kind: detected, subject } = await askSubject(ctx, variant, answers.inferenceComponent);
  const refusal = detected.refusal(subject);
  if (refusal) throw new CommandError(refusal.reason, refusal.hint);
  const kind = detected;

  const resourceId = kind.resourceId(subject);
  const key = { resourceId, dimension: kind.dimension };
  // Optional reads, started now and awaited before the confirmation: they run while the questions are answered.
  // The instance quota bounds what instances can be launched: for kinds that scale instances.
  const instanceType = kind.capacityName === "instances" ? subject.instanceType : undefined;
  const quota = settle(
    instanceType ? readEndpointInstanceQuota(ctx.clients, instanceType) : Promise.resolve(undefined),
  );
  const usage = instanceType ? quotaUsageOf(instanceType, subject, endpoint, picked?.region) : undefined;
  const wakeAlarm = kind.fromZero?.(subject).alarm.AlarmName;
  const existing: ExistingScaling = await withSpinner(ctx, "Reading its current autoscaling", async () => {
    const [state, alarms] = await Promise.all([
      readTargetState(ctx.clients, resourceId, kind.dimension),
      // What a re-run compares its wake-up alarm with, and what a rollback restores.
      wakeAlarm ? readAlarmsNamed(ctx.clients, [wakeAlarm]) : Promise.resolve([]),
    ]);
    return { ...state, alarms };
  });
  const activities = existing.target
    ? settle(recentActivities(ctx.clients, key, RECENT_ACTIVITIES))
    : undefined;
  showSubject(ctx, detected, subject, existing);

  // What drives scaling: the kind's signal, or another it offers; utilisation targets are per instance (§8).
  const signal = await askSignal(ctx, answers, detected, subject, existing.policies);
  const chosen: ScalingKind = { ...detected, policy: signal };
  checkFlagsForKind(answers, chosen, subject);
  if (!ctx.canPrompt) requireTargetFlags(answers, chosen, subject);
  const perUnit = signal.perUnit ? await askUnitCount(ctx, answers, chosen, subject) : undefined;
  const policyType = await askPolicyType(ctx, answers, chosen, existing.policies);
  if (
    detected.policy.name === BUILT_IN_POLICY_NAME &&
    (signal !== detected.policy || policyType === "step")
  ) {
    const names = policyType === "step" ? Object.values(stepPolicyNames(signal)).join(" and ") : signal.name;
    ui.note(
      `  The console shows only ${detected.policy.name} as the built-in policy: it lists ${names} as custom.`,
    );
  }
  if (policyType === "step") {
    await initStep(ctx, answers, { kind: chosen, subject, existing, perUnit, quota, usage, activities });
    return;
  }
  warnOwnStepPolicies(ctx, chosen, subject, existing.policies);
  const replace = await askReplaceCustom(ctx, answers, chosen, existing.policies);
  const live = liveSettingsOf(
    existing.target,
    startingPolicy(chosen, subject, existing.policies, replace),
    chosen.policy.metric(subject),
  );
  const { min, max } = await askCapacity(ctx, answers, chosen, subject, live);
  // A utilisation target is asked as a percentage of the whole instance and written times the vCPU or GPU count.
  const asked =
    perUnit && live.targetValue !== undefined ? { ...live, targetValue: live.targetValue / perUnit } : live;
  const given = await askTarget(ctx, answers, chosen, subject, asked, { min, max });
  const target = perUnit ? roundTarget(given * perUnit) : given;
  const written = perUnit ? perUnitKind(chosen, perUnit) : chosen;
  if (perUnit) {
    ui.info(
      `  ${formatNumber(given)} % of ${perUnit} ${signal.perUnit}${perUnit === 1 ? "" : "s"} → target ${formatNumber(target)} on ${metricName(chosen, subject)}.`,
    );
  }
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
          message: `Disable scale-in (never remove ${kind.capacityName} automatically)?`,
          default: live.disableScaleIn ?? false,
        })
      : (live.disableScaleIn ?? false));
  const fromZero = await askFromZero(ctx, answers, kind, subject, min);

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
    kind: written,
    subject,
    fromZero,
  };
  if (answers.export) {
    await exportInit(ctx, { settings, existing, replace }, answers.export, answers.out);
    return;
  }
  const plan = buildInitPlan(settings, existing, replace);
  await carryOut(ctx, answers, {
    plan,
    kind,
    subject,
    min,
    max,
    quota,
    usage,
    activities,
    unchanged:
      `${kind.where(subject)} already scales ${min}–${max} ${kind.capacityName} on a target of ${formatNumber(target)}` +
      ` (cooldowns in ${scaleInCooldown} s, out ${scaleOutCooldown} s${disableScaleIn ? ", scale-in disabled" : ""}).`,
    showChanges: () => {
      if (existing.target || live.policyName !== undefined)
        showChanges(ctx, written, kind.where(subject), live, settings);
    },
  });
}

/**
 * `init --policy-type step`: capacity, thresholds and step sizes, then two step policies on the chosen signal with
 * their alarms (domain/step-scaling.ts), through the same plan as target tracking.
 */
async function initStep(
  ctx: InitContext,
  answers: InitAnswers,
  r: {
    kind: ScalingKind;
    subject: ScalingSubject;
    existing: ExistingScaling;
    perUnit: number | undefined;
    quota: Carried["quota"];
    usage: Carried["usage"];
    activities: Carried["activities"];
  },
): Promise<void> {
  const { kind, subject } = r;
  const replace = await askReplaceForStep(ctx, answers, kind, r.existing.policies);
  // The step alarms of this signal: what a re-run compares with, and what a rollback restores.
  const names = stepAlarmNames(kind.policy, subject);
  const stepAlarms = await withSpinner(ctx, "Reading its step alarms", () =>
    readAlarmsNamed(ctx.clients, [names.out, names.in]),
  );
  const existing: ExistingScaling = {
    ...r.existing,
    alarms: [...(r.existing.alarms ?? []), ...stepAlarms],
  };
  const live = liveSettingsOf(existing.target, undefined, kind.policy.metric(subject));
  const { min, max } = await askCapacity(ctx, answers, kind, subject, live);
  const { given, written } = await askStepSettings(ctx, answers, kind, subject, existing, r.perUnit);
  const fromZero = await askFromZero(ctx, answers, kind, subject, min);
  const pieces = stepScaling(kind, subject, written);
  const settings: InitSettings = {
    endpointName: subject.endpointName,
    variantName: subject.variantName,
    minCapacity: min,
    maxCapacity: max,
    // Not written: step scaling has no target; the plan puts the step policies instead.
    targetValue: written.outAbove,
    scaleInCooldown: written.inCooldown,
    scaleOutCooldown: written.outCooldown,
    disableScaleIn: written.inBelow === undefined,
    kind,
    subject,
    fromZero,
    steps: pieces,
  };
  if (answers.export) {
    await exportInit(ctx, { settings, existing, replace }, answers.export, answers.out);
    return;
  }
  const plan = buildInitPlan(settings, existing, replace);
  const percent = r.perUnit ? " %" : "";
  const scaleIn =
    given.inBelow === undefined
      ? "scale-in disabled"
      : `remove ${given.inBy} below ${formatNumber(given.inBelow)}${percent}`;
  await carryOut(ctx, answers, {
    plan,
    kind,
    subject,
    min,
    max,
    quota: r.quota,
    usage: r.usage,
    activities: r.activities,
    unchanged:
      `${kind.where(subject)} already scales ${min}–${max} ${kind.capacityName} with step scaling on ${kind.policy.short}:` +
      ` add ${given.outBy} above ${formatNumber(given.outAbove)}${percent}, ${scaleIn}` +
      ` (cooldowns out ${given.outCooldown} s${given.inBelow === undefined ? "" : `, in ${given.inCooldown} s`}).`,
    showChanges: () => {},
  });
}

/** What init read and asked, for the steps every policy type shares. */
interface Carried {
  plan: ScalingPlan;
  kind: ScalingKind;
  subject: ScalingSubject;
  min: number;
  max: number;
  quota: Promise<Settled<EndpointQuota | undefined>>;
  /** What the other variants read run of the instance type, which share its quota. */
  usage: QuotaUsage | undefined;
  activities: Promise<Settled<ScalingActivity[]>> | undefined;
  /** "churn/AllTraffic already scales 1–4 instances on …": said when the plan is empty. */
  unchanged: string;
  /** The before → after of a re-run, shown before the plan. */
  showChanges(): void;
}

/**
 * The end of every init: nothing to change, or the changes, what they do to the capacity now, then the dry run
 * or the confirmation, the plan applied (undone on failure), and the result read back.
 */
async function carryOut(ctx: InitContext, answers: InitAnswers, c: Carried): Promise<void> {
  const { ui } = ctx;
  const { plan, kind, subject } = c;
  const { endpointName, variantName } = subject;
  if (plan.steps.length === 0) {
    ui.success(`Nothing to change: ${c.unchanged}`);
    ui.info(`Next: sm-autoscale describe --endpoint ${endpointName}`);
    return;
  }
  c.showChanges();
  const instanceType = kind.capacityName === "instances" ? subject.instanceType : undefined;
  const { min, max } = c;
  const now = kind.capacityNow(subject);
  const effect = plan.steps.some((step) => step.operation === "RegisterScalableTarget")
    ? capacityEffect({
        min,
        max,
        currentInstanceCount: now.current,
        desiredInstanceCount: now.desired,
        instanceType: instanceType,
        unit: kind.unit,
      })
    : undefined;
  const sayWhatChangesNow = async () => {
    ui.info("");
    if (effect) (effect.cautious ? ui.warn : ui.info)(effect.line);
    await reportQuota(ctx, instanceType, max, await c.quota, c.usage, subject);
    if (c.activities) reportLimitActivity(ctx, await c.activities);
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
      // Removing capacity from a live resource, or launching many instances, deserves a deliberate yes.
      default: !(effect?.cautious ?? false),
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
        kind.capacityName === "instances" &&
        effect?.from !== undefined &&
        effect.to !== undefined &&
        effect.from !== effect.to &&
        undone.some((step) => step.operation === "RegisterScalableTarget")
          ? instanceCountNotRestored(ctx, endpointName, variantName, effect.from, effect.to)
          : undefined,
    });
  } catch (error) {
    throw await endpointChangedSince(ctx, endpointName, error);
  }

  // read back, then recommend
  await showResult(ctx, kind, subject);
}

/**
 * What the other variants run of the instance type: those of this endpoint (just read), and with the picker's
 * reads those of every other endpoint of the region. No read is added for it.
 */
function quotaUsageOf(
  instanceType: string,
  subject: ScalingSubject,
  endpoint: EndpointDetail,
  region: RegionRead | undefined,
): QuotaUsage {
  const variants = [endpoint, ...(region?.endpoints ?? [])].flatMap((e) => e.variants);
  return region
    ? quotaUsage(instanceType, subject, variants, "region", region.unread)
    : quotaUsage(instanceType, subject, variants, "endpoint");
}

/** The CloudWatch metric a policy tracks, by name. */
function metricName(kind: ScalingKind, subject: ScalingSubject): string {
  const m = kind.policy.metric(subject);
  return (
    m.PredefinedMetricSpecification?.PredefinedMetricType ?? m.CustomizedMetricSpecification?.MetricName ?? ""
  );
}

/**
 * The kind as the plan writes it once a utilisation target is converted: the target is then on the metric's own
 * scale (0–100 per vCPU or GPU, summed), which is what the plan, the changes and the printed commands show.
 */
function perUnitKind(kind: ScalingKind, count: number): ScalingKind {
  const per = kind.policy.perUnit ?? "unit";
  return {
    ...kind,
    policy: {
      ...kind.policy,
      targetUnit: `on its 0–${100 * count} scale: 0–100 per ${per}, ${count} ${per}${count === 1 ? "" : "s"}`,
      targetProblem: () => undefined,
    },
  };
}
