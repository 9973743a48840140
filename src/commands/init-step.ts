import type { ScalingPolicy } from "@aws-sdk/client-application-auto-scaling";
import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import type { ScalingKind, ScalingSubject, Signal } from "../domain/scaling-kinds.js";
import {
  alarmMetricOf,
  STEP_IN_DATAPOINTS,
  STEP_OUT_DATAPOINTS,
  type StepSettings,
  stepAlarmNames,
  stepPolicyNames,
  stepSizeProblem,
  thresholdsProblem,
} from "../domain/step-scaling.js";
import { formatNumber, roundTarget } from "../domain/suggest.js";
import type { InitAnswers, PolicyType } from "../domain/validate.js";
import { UsageError } from "../errors.js";
import { customTargetTrackingPolicies } from "../plan/build-init.js";
import type { ChangeContext } from "./common.js";
import { askCooldown, askValue } from "./init-ask.js";

/**
 * The questions of `init --policy-type step` (domain/step-scaling.ts): thresholds on the signal's own scale (a
 * utilisation threshold as a percentage of the whole instance, like its target), how much each step moves, and the
 * cooldowns. Each returns at once when its flag was given.
 */
type InitContext = ChangeContext;

/** Our step policies of any of the kind's signals that are in place on the resource. */
export function ownStepPolicies(kind: ScalingKind, policies: ScalingPolicy[]): ScalingPolicy[] {
  const names = new Set(kind.signals.flatMap((s) => Object.values(stepPolicyNames(s))));
  return policies.filter((p) => names.has(p.PolicyName ?? ""));
}

/** The names of every step alarm init may write on this resource, for every signal: read once, compared on a re-run. */
export function stepAlarmNamesOf(kind: ScalingKind, subject: ScalingSubject): string[] {
  return kind.signals.flatMap((signal) => Object.values(stepAlarmNames(signal, subject)));
}

/**
 * Target tracking or step scaling: `--policy-type`, else (in a terminal) asked, starting from what is in place;
 * else target tracking.
 */
export async function askPolicyType(
  ctx: InitContext,
  answers: InitAnswers,
  kind: ScalingKind,
  policies: ScalingPolicy[],
): Promise<PolicyType> {
  if (answers.policyType !== undefined) return answers.policyType;
  if (!ctx.canPrompt) return "target-tracking";
  const names = stepPolicyNames(kind.policy);
  const live = policies.some((p) => p.PolicyName === names.out) ? "step" : "target-tracking";
  const { dim } = ctx.ui.color;
  return (await ctx.prompter()).select<PolicyType>({
    id: "policyType",
    message: "How should it scale?",
    default: live,
    choices: [
      {
        name: `target tracking  ${dim("keeps the metric near a target you set; AWS sizes each step (recommended)")}`,
        short: "target tracking",
        value: "target-tracking",
      },
      {
        name: `step             ${dim("adds or removes a fixed amount when the metric crosses thresholds you set")}`,
        short: "step",
        value: "step",
      },
    ],
  });
}

/** What a re-run of step scaling starts from: the step policies and alarms of this signal in place. */
interface LiveStep {
  outAbove?: number | undefined;
  outBy?: number | undefined;
  inBelow?: number | undefined;
  inBy?: number | undefined;
  outCooldown?: number | undefined;
  inCooldown?: number | undefined;
  /** A scale-out policy without a scale-in one: scale-in was left out. */
  scaleInOff: boolean;
}

function liveStep(
  kind: ScalingKind,
  subject: ScalingSubject,
  policies: ScalingPolicy[],
  alarms: MetricAlarm[],
  perUnit: number,
): LiveStep {
  const names = stepPolicyNames(kind.policy);
  const { out: outAlarm, in: inAlarm } = stepAlarmNames(kind.policy, subject);
  const out = policies.find((p) => p.PolicyName === names.out)?.StepScalingPolicyConfiguration;
  const inward = policies.find((p) => p.PolicyName === names.in)?.StepScalingPolicyConfiguration;
  const threshold = (name: string | undefined) => {
    const value = alarms.find((a) => a.AlarmName === name)?.Threshold;
    return value === undefined ? undefined : roundTarget(value / perUnit);
  };
  const size = (n: number | undefined) => (n === undefined ? undefined : Math.abs(n));
  return {
    outAbove: threshold(outAlarm),
    outBy: size(out?.StepAdjustments?.[0]?.ScalingAdjustment),
    inBelow: threshold(inAlarm),
    inBy: size(inward?.StepAdjustments?.[0]?.ScalingAdjustment),
    outCooldown: out ? (out.Cooldown ?? 300) : undefined,
    inCooldown: inward ? (inward.Cooldown ?? 300) : undefined,
    scaleInOff: out !== undefined && inward === undefined,
  };
}

/** The step settings as asked (thresholds in the units the user gave) and as written (on the metric's scale). */
export interface StepAnswers {
  given: StepSettings;
  written: StepSettings;
}

/**
 * The thresholds, step sizes and cooldowns of step scaling. A threshold is held to the signal's own range (the
 * same as its target's) and the scale-in one must sit below the scale-out one; a utilisation threshold is given
 * as a percentage of the whole instance and written multiplied by the vCPU or GPU count, like a target (§8).
 */
export async function askStepSettings(
  ctx: InitContext,
  answers: InitAnswers,
  kind: ScalingKind,
  subject: ScalingSubject,
  existing: { policies: ScalingPolicy[]; alarms?: MetricAlarm[] | undefined },
  perUnit: number | undefined,
): Promise<StepAnswers> {
  const { ui } = ctx;
  const signal = kind.policy;
  const scale = perUnit ?? 1;
  const live = liveStep(kind, subject, existing.policies, existing.alarms ?? [], scale);
  checkStepFlags(answers, signal);
  const metric = alarmMetricOf(signal, subject).MetricName;
  const unit = signal.targetUnit;
  if (ctx.canPrompt) {
    const outAfter = STEP_OUT_DATAPOINTS * alarmMetricOf(signal, subject).outPeriod;
    ui.heading(`Step scaling on ${metric} (${unit})`);
    ui.info(
      `  A CloudWatch alarm adds ${kind.capacityName} once ${metric} has stayed above the scale-out threshold for ${duration(outAfter)};`,
    );
    ui.info(
      `  another removes them once it has stayed below the scale-in threshold for ${STEP_IN_DATAPOINTS} minutes. Each step moves a fixed amount.`,
    );
    // The signal's own words are about a target; here they hold for each threshold.
    for (const line of signal.explain) ui.info(`  ${line.replace(/\bthe target\b/g, "each threshold")}`);
  }
  const prompter = ctx.canPrompt ? await ctx.prompter() : undefined;
  const threshold = (v: number | undefined) => capitalized(thresholdProblem(signal, v));

  const outAbove =
    answers.scaleOutAbove ??
    (await prompter!.number({
      id: "scaleOutAbove",
      message: `Scale out above (${unit})`,
      ...(live.outAbove !== undefined ? { default: live.outAbove } : {}),
      validate: (v) => threshold(v) ?? true,
    }));
  const outBy = await askSize(
    ctx,
    answers.scaleOutBy,
    "scaleOutBy",
    `${cap(kind.unit.many)} each scale-out adds`,
    live.outBy,
  );
  const scaleInOff =
    answers.disableScaleIn ??
    (answers.scaleInBelow !== undefined || !prompter
      ? false
      : await prompter.confirm({
          id: "disableScaleIn",
          message: `Disable scale-in (never remove ${kind.capacityName} automatically)?`,
          default: live.scaleInOff,
        }));
  let inBelow: number | undefined;
  let inBy = 1;
  if (!scaleInOff) {
    const start = live.inBelow !== undefined && live.inBelow < outAbove ? live.inBelow : undefined;
    inBelow =
      answers.scaleInBelow ??
      (await prompter!.number({
        id: "scaleInBelow",
        message: `Scale in below (${unit})`,
        ...(start !== undefined ? { default: start } : {}),
        validate: (v) => threshold(v) ?? capitalized(thresholdsProblem(outAbove, v)) ?? true,
      }));
    const crossed = thresholdsProblem(outAbove, inBelow);
    if (crossed) throw new UsageError(`--scale-in-below ${inBelow}: ${crossed}`);
    inBy = await askSize(
      ctx,
      answers.scaleInBy,
      "scaleInBy",
      `${cap(kind.unit.many)} each scale-in removes`,
      live.inBy,
    );
  }
  const outCooldown = await askCooldown(
    ctx,
    answers.scaleOutCooldown,
    "scaleOutCooldown",
    "Scale-out cooldown (seconds)",
    live.outCooldown,
  );
  const inCooldown = scaleInOff
    ? (answers.scaleInCooldown ?? 300)
    : await askCooldown(
        ctx,
        answers.scaleInCooldown,
        "scaleInCooldown",
        "Scale-in cooldown (seconds)",
        live.inCooldown,
      );

  const given: StepSettings = { outAbove, outBy, inBelow, inBy, outCooldown, inCooldown };
  const written: StepSettings = perUnit
    ? {
        ...given,
        outAbove: roundTarget(outAbove * perUnit),
        inBelow: inBelow === undefined ? undefined : roundTarget(inBelow * perUnit),
      }
    : given;
  if (perUnit) {
    const per = `${perUnit} ${signal.perUnit}${perUnit === 1 ? "" : "s"}`;
    ui.info(
      `  Scale out above ${formatNumber(outAbove)} % of ${per} → alarm threshold ${formatNumber(written.outAbove)} on ${metric}` +
        (inBelow === undefined
          ? "."
          : `; scale in below ${formatNumber(inBelow)} % → ${formatNumber(written.inBelow!)}.`),
    );
  }
  return { given, written };
}

/** The step flags against the signal's range, once it is known: a usage error naming the flag. */
function checkStepFlags(answers: InitAnswers, signal: Signal): void {
  for (const [flag, value] of [
    ["--scale-out-above", answers.scaleOutAbove],
    ["--scale-in-below", answers.scaleInBelow],
  ] as const) {
    if (value === undefined) continue;
    const problem = thresholdProblem(signal, value);
    if (problem) throw new UsageError(`${flag} ${value}: ${problem}`);
  }
}

/** A threshold is on the target's scale: the signal's target rules, in a threshold's words. */
function thresholdProblem(signal: Signal, value: number | undefined): string | undefined {
  return signal.targetProblem(value)?.replace(/^the target/, "the threshold");
}

async function askSize(
  ctx: InitContext,
  given: number | undefined,
  id: string,
  message: string,
  live: number | undefined,
): Promise<number> {
  return askValue(ctx, given, {
    id,
    message,
    fallback: live ?? 1,
    problem: (v) => capitalized(stepSizeProblem(v) && `the step ${stepSizeProblem(v)}`),
  });
}

/**
 * With step scaling, every target-tracking policy on the resource (ours included) would act beside the step
 * policies and can fight them (§5): kept unless --replace-custom-policies or the person says to delete them once
 * the step policies are in place.
 */
export async function askReplaceForStep(
  ctx: InitContext,
  answers: InitAnswers,
  kind: ScalingKind,
  policies: ScalingPolicy[],
): Promise<ScalingPolicy[]> {
  const tracking = customTargetTrackingPolicies(policies, []);
  if (tracking.length === 0) return [];
  const names = tracking.map((p) => `"${p.PolicyName}"`).join(", ");
  const one = tracking.length === 1;
  ctx.ui.warn(
    `This ${kind.label} also has ${one ? "a target-tracking policy" : `${tracking.length} target-tracking policies`}: ${names}. ` +
      `Beside the step policies ${one ? "it stays active and can" : "they stay active and can"} fight them (each scales out when it asks; a step policy scales in whatever the others say).`,
  );
  let replace = answers.replaceCustomPolicies;
  if (replace === undefined) {
    if (ctx.canPrompt) {
      replace = await (await ctx.prompter()).confirm({
        id: "replaceCustomPolicies",
        message: `Delete ${names} once the step policies are in place?`,
        default: false,
      });
    } else {
      ctx.ui.note(
        `Keeping ${one ? "it" : "them"}: pass --replace-custom-policies to delete ${one ? "it" : "them"}.`,
      );
      replace = false;
    }
  }
  return replace ? tracking : [];
}

/** 30 → "30 seconds", 180 → "3 minutes". */
function duration(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} minutes` : `${seconds} seconds`;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function capitalized(sentence: string | undefined): string | undefined {
  return sentence === undefined ? undefined : cap(sentence);
}

/**
 * Target tracking chosen where step policies of ours are in place: they stay (init deletes only what it is told
 * to) and act beside it, which can fight (§5). Says so, and how to change or remove them.
 */
export function warnOwnStepPolicies(
  ctx: InitContext,
  kind: ScalingKind,
  subject: ScalingSubject,
  policies: ScalingPolicy[],
): void {
  const steps = ownStepPolicies(kind, policies);
  if (steps.length === 0) return;
  const names = steps.map((p) => `"${p.PolicyName}"`).join(", ");
  const one = steps.length === 1;
  ctx.ui.warn(
    `${kind.where(subject)} also has the step ${one ? "policy" : "policies"} ${names}, which ${one ? "stays" : "stay"} beside target tracking and can fight it. ` +
      `To change ${one ? "it" : "them"}, run init with --policy-type step; to start over, \`sm-autoscale teardown --endpoint ${subject.endpointName}\` removes this endpoint's autoscaling, alarms included.`,
  );
}
