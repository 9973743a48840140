import { readAlarmsNamed } from "../aws/alarms.js";
import { describeEndpoint } from "../aws/discover.js";
import { readEndpointInstanceQuota } from "../aws/quotas.js";
import { readTargetState, recentActivities } from "../aws/scaling-read.js";
import { capacityEffect } from "../domain/capacity-effect.js";
import { BUILT_IN_POLICY_NAME } from "../domain/constants.js";
import { liveSettingsOf } from "../domain/init-changes.js";
import { instanceSpec } from "../domain/instance-types.js";
import type { ScalingKind, ScalingSubject } from "../domain/scaling-kinds.js";
import { formatNumber, roundTarget } from "../domain/suggest.js";
import { type InitFlags, missingInitFlags, validateInitFlags } from "../domain/validate.js";
import { CancelledError, CommandError, UsageError } from "../errors.js";
import { buildInitPlan, type ExistingScaling, type InitSettings } from "../plan/build-init.js";
import { applyPlan } from "./apply.js";
import { announceWhere, type ChangeContext, printDryRun, showPlan, withSpinner } from "./common.js";
import { exportInit } from "./export.js";
import {
  askCapacity,
  askCooldown,
  askEndpoint,
  askFromZero,
  askReplaceCustom,
  askSignal,
  askSubject,
  askTarget,
  askUnitCount,
  askVariant,
  checkFlagsForKind,
  startingPolicy,
} from "./init-ask.js";
import {
  endpointChangedSince,
  instanceCountNotRestored,
  reportLimitActivity,
  reportQuota,
  settle,
  showChanges,
  showResult,
  showSubject,
} from "./init-report.js";

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
  const signal = await askSignal(ctx, answers, detected, existing.policies);
  const chosen: ScalingKind = { ...detected, policy: signal };
  checkFlagsForKind(answers, chosen, subject);
  const perUnit = signal.perUnit
    ? await askUnitCount(ctx, answers, signal, subject, (type) => {
        const spec = instanceSpec(type);
        return spec ? { vcpus: spec.vcpus, gpus: spec.gpus } : undefined;
      })
    : undefined;
  if (signal !== detected.policy && detected.policy.name === BUILT_IN_POLICY_NAME) {
    ui.note(
      `  The console shows only ${detected.policy.name} as the built-in policy: it lists ${signal.name} as a custom policy.`,
    );
  }

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
  const given = await askTarget(ctx, answers, chosen, subject, asked, max);
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
  const where = kind.where(subject);
  if (plan.steps.length === 0) {
    ui.success(
      `Nothing to change: ${where} already scales ${min}–${max} ${kind.capacityName} on a target of ${formatNumber(target)}` +
        ` (cooldowns in ${scaleInCooldown} s, out ${scaleOutCooldown} s${disableScaleIn ? ", scale-in disabled" : ""}).`,
    );
    ui.info(`Next: sm-autoscale describe --endpoint ${endpointName}`);
    return;
  }
  if (existing.target || live.policyName !== undefined) showChanges(ctx, written, where, live, settings);
  const now = kind.capacityNow(subject);
  const effect = plan.steps.some((s) => s.operation === "RegisterScalableTarget")
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
    await reportQuota(ctx, instanceType, max, await quota);
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
          ? instanceCountNotRestored(ctx, endpointName, variant.variantName, effect.from, effect.to)
          : undefined,
    });
  } catch (error) {
    throw await endpointChangedSince(ctx, endpointName, error);
  }

  // read back, then recommend
  await showResult(ctx, kind, subject);
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
      targetUnit: `on its 0–${100 * count} scale (0–100 per ${per}, ${count} ${per}${count === 1 ? "" : "s"})`,
      targetProblem: () => undefined,
    },
  };
}
