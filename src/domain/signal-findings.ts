import { DIMENSION, OWN_ALARM_PREFIX } from "./constants.js";
import type { ModelPolicy } from "./describe-model.js";
import type { Finding, FindingCode, FindingTarget, Fixes, InitTarget, Severity } from "./findings.js";
import { instanceSpec } from "./instance-types.js";
import { ASYNC, INFERENCE_COMPONENT, type SignalId } from "./scaling-kinds.js";
import { wakeOf } from "./wake-alarms.js";

/**
 * Findings about what the policies scale on, and how they combine (facts doc §2, §5 "Multiple policies", §8, §14):
 * a utilisation target written as if the metric were a share of the whole instance; a concurrency policy where the
 * metric is not published; target-tracking policies on different metrics (a combination, and whether they pull
 * apart right now); step and target-tracking policies acting on the same target. Pure.
 */

/** The /aws/sagemaker/Endpoints metrics summed over the instance's vCPUs or GPUs (0–100 each, §8, §14). */
const PER_UNIT_METRICS: Record<string, { per: "vCPU" | "GPU"; signal: SignalId }> = {
  CPUUtilization: { per: "vCPU", signal: "cpu" },
  GPUUtilization: { per: "GPU", signal: "gpu" },
  GPUMemoryUtilization: { per: "GPU", signal: "gpu-memory" },
};
const ENDPOINT_METRICS = "/aws/sagemaker/Endpoints";

/**
 * init writes a utilisation target multiplied by the count (a share of the whole instance), so on its own policy
 * a value of 100 or less can be deliberate: 50 % of a 2-vCPU instance is 100. There, only a share below this is
 * taken as a per-unit value: AWS's examples and guidance target 50–70 % (§4, §8), and a target below a quarter of
 * the instance is far more likely a percentage written for one core or GPU.
 */
export const LOWEST_INTENDED_SHARE = 25;

/** The variant metric of high-resolution concurrency, and the one inference components publish instead (§2, §14). */
const CONCURRENCY_PER_MODEL = "SageMakerVariantConcurrentRequestsPerModelHighResolution";
const CONCURRENCY_PER_COPY = "SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution";

/** The metrics of the alarms that take a resource out of zero (§5 "Scale to zero", §14): not load metrics. */
const WAKE_METRICS = new Set(["HasBacklogWithoutCapacity", "NoCapacityInvocationFailures"]);

/** sm-autoscale's step policies (`init --policy-type step`, step-scaling.ts stepPolicyNames), and their signal. */
const OWN_STEP_POLICY = /^sm-autoscale-step-(.+)-scale-(out|in)$/;

export function signalFindings(v: FindingTarget, init: InitTarget | undefined, fix: Fixes): Finding[] {
  const found: Finding[] = [];
  const add = (severity: Severity, code: FindingCode, message: string, command: string) =>
    found.push({ severity, code, message, fix: command });
  const tracking = v.policies.filter((p) => p.policyType === "TargetTrackingScaling");

  for (const p of tracking) {
    const u = perUnitTarget(v, p);
    if (!u) continue;
    const units = `${u.count} ${u.per}s`;
    // init puts its own policy again, multiplied by the count, within the live range and cooldowns.
    const byInit =
      u.ownByInit &&
      init?.kind.signals.some((s) => s.name === p.policyName) &&
      v.minCapacity !== null &&
      v.maxCapacity !== null;
    add(
      "warning",
      "UTILIZATION_TARGET_IGNORES_COUNT",
      `Policy "${p.policyName}" targets ${num(u.target)} on ${u.metric}, which counts 0–100 per ${u.per}: on ${v.instanceType} (${units}) that is ${num(u.share)} % of the instance, so it adds instances until each is about ${num(u.share)} % busy. For ${num(u.target)} % of the instance the target is ${num(u.intended)}.`,
      byInit
        ? fix.init([
            "--metric",
            u.signal,
            "--target",
            num(u.target),
            "--min",
            String(v.minCapacity),
            "--max",
            String(v.maxCapacity),
            "--scale-in-cooldown",
            String(p.scaleInCooldown),
            "--scale-out-cooldown",
            String(p.scaleOutCooldown),
            ...(p.disableScaleIn ? ["--disable-scale-in"] : []),
          ])
        : fix.putTargetValue(p, u.intended),
    );
  }

  const broken = new Set<ModelPolicy>();
  for (const p of tracking.filter((p) => predefinedType(p) === CONCURRENCY_PER_MODEL)) {
    const why = concurrencyUnpublished(v);
    if (!why) continue;
    broken.add(p);
    const working = tracking.some(
      (o) => o !== p && !brokenElsewhere(v, o) && predefinedType(o) !== CONCURRENCY_PER_MODEL,
    );
    add(
      why.severity,
      "CONCURRENCY_NOT_PUBLISHED",
      `Policy "${p.policyName}" tracks ${CONCURRENCY_PER_MODEL}: ${why.message}`,
      !working && init && why.initMetric
        ? fix.init(["--metric", why.initMetric, "--replace-custom-policies"])
        : fix.deletePolicy(p),
    );
  }

  // Policies that never act (their metric is not there) take no part in how the others combine.
  const acting = tracking.filter((p) => !broken.has(p) && !brokenElsewhere(v, p));
  const metrics = new Set(acting.map((p) => p.metric));
  if (metrics.size > 1) {
    const describe = (p: ModelPolicy) => `"${p.policyName}" (${p.metric} ${p.targetValue})`;
    const apart = pullingApart(acting);
    const alarms = [...new Set(acting.flatMap((p) => p.alarms.map((a) => a.name)))];
    if (apart) {
      add(
        "warning",
        "SIGNALS_PULLING_APART",
        `Target-tracking policies pull apart right now: ${describe(apart.more)} asks for more capacity (its AlarmHigh is in ALARM) while ${describe(apart.fewer)} asks for less (its AlarmLow is in ALARM). AWS scales out for the first, and the second cannot scale in while the first holds capacity up: its metric stays below its target. Raise the first one's target, or keep one signal.`,
        fix.alarmStates([apart.moreAlarm, apart.fewerAlarm]),
      );
    } else {
      add(
        "info",
        "COMBINED_SIGNALS",
        `${acting.length} target-tracking policies track ${metrics.size === acting.length ? "" : `${metrics.size} `}different metrics: ${acting.map(describe).join(", ")}. AWS scales out when any of them asks and in only when all of them agree, so the one that needs the most capacity sets it.`,
        alarms.length > 0 ? fix.alarmStates(alarms) : fix.policies(),
      );
    }
  }

  const loadSteps = v.policies.filter(isLoadStep);
  if (loadSteps.length > 0 && acting.length > 0) {
    const names = (ps: ModelPolicy[]) => ps.map((p) => `"${p.policyName}"`).join(", ");
    const own = loadSteps.map((p) => OWN_STEP_POLICY.exec(p.policyName)?.[1]);
    const signal = own[0];
    const initStep =
      init &&
      signal !== undefined &&
      own.every((s) => s === signal) &&
      init.kind.signals.some((s) => s.id === signal);
    const ownAlarms = [
      ...new Set(
        loadSteps.flatMap((p) => p.alarms.map((a) => a.name)).filter((n) => n.startsWith(OWN_ALARM_PREFIX)),
      ),
    ].sort();
    add(
      "warning",
      "STEP_AND_TARGET_TRACKING",
      `Step ${loadSteps.length === 1 ? "policy" : "policies"} ${names(loadSteps)} and target-tracking ${acting.length === 1 ? "policy" : "policies"} ${names(acting)} act on the same target, each on its own: a step scale-in can undo what target tracking added, and target tracking can undo a step. Mixing them can fight; keep one kind.`,
      initStep
        ? fix.init(["--metric", signal!, "--policy-type", "step", "--replace-custom-policies"])
        : [
            ...loadSteps.map((p) => fix.deletePolicy(p)),
            ...(ownAlarms.length > 0 ? [fix.deleteAlarms(ownAlarms)] : []),
          ].join(" && "),
    );
  }
  return found;
}

/** A utilisation target written per vCPU or GPU, with what it is and what was likely meant; undefined if not. */
function perUnitTarget(v: FindingTarget, p: ModelPolicy) {
  const tt = p.source.TargetTrackingScalingPolicyConfiguration;
  const custom = tt?.CustomizedMetricSpecification;
  // Metric math (Metrics) may already divide by the count: no claim.
  if (!custom || (custom.Metrics?.length ?? 0) > 0 || custom.Namespace !== ENDPOINT_METRICS) return undefined;
  const m = PER_UNIT_METRICS[custom.MetricName ?? ""];
  // Figures for the instance type, or nothing: never guessed (instance-types.ts).
  const spec = m && v.instanceType ? instanceSpec(v.instanceType) : undefined;
  const target = tt?.TargetValue;
  if (!m || !spec || target === undefined || target <= 0 || target > 100) return undefined;
  const count = m.per === "vCPU" ? spec.vcpus : spec.gpus;
  if (count <= 1) return undefined;
  const share = target / count;
  const ownByInit = p.policyName === `sm-autoscale-${m.signal}-utilization`;
  if (ownByInit && share >= LOWEST_INTENDED_SHARE) return undefined;
  return {
    metric: custom.MetricName!,
    per: m.per,
    signal: m.signal,
    count,
    target,
    share,
    intended: Math.round(target * count * 100) / 100,
    ownByInit,
  };
}

function predefinedType(p: ModelPolicy): string | undefined {
  return p.source.TargetTrackingScalingPolicyConfiguration?.PredefinedMetricSpecification
    ?.PredefinedMetricType;
}

/**
 * Where the variant concurrency metric is not published, why, and what to scale on instead: an async endpoint
 * (its requests wait in a queue the metric does not count, and async endpoints are not documented to publish it,
 * §6, §14), a variant hosting inference components or one of its components (they publish per copy, §2, §14).
 */
function concurrencyUnpublished(
  v: FindingTarget,
): { severity: Severity; message: string; initMetric?: SignalId } | undefined {
  const components = `Scale each inference component on ${CONCURRENCY_PER_COPY} instead: sm-autoscale init --endpoint ${v.endpointName ?? "ENDPOINT"} --inference-component NAME --metric concurrency.`;
  if (v.scalableDimension === DIMENSION.inferenceComponentCopies) {
    return {
      severity: "error",
      message: `inference components publish concurrency per copy (ConcurrentRequestsPerCopy), not per model, so it never scales. Track ${CONCURRENCY_PER_COPY} instead.`,
      ...(INFERENCE_COMPONENT.signals.some((s) => s.id === "concurrency")
        ? { initMetric: "concurrency" as const }
        : {}),
    };
  }
  if (v.kind === "inference-components") {
    return {
      severity: "error",
      message: `this variant hosts inference components, which publish concurrency per copy (ConcurrentRequestsPerCopy), not per model, so it never scales. ${components}`,
    };
  }
  if (v.kind === "async") {
    return {
      severity: "warning",
      message: `async endpoints are not documented to publish it, and requests waiting in their queue never count in it, so it does not see the load. Track ApproximateBacklogSizePerInstance instead.`,
      ...(ASYNC.signals.some((s) => s.id === "backlog") ? { initMetric: "backlog" as const } : {}),
    };
  }
  return undefined;
}

/** A policy another finding already reports as never acting: InvocationsPerInstance on an async endpoint. */
function brokenElsewhere(v: FindingTarget, p: ModelPolicy): boolean {
  return (
    v.kind === "async" &&
    (p.metric === "SageMakerVariantInvocationsPerInstance" ||
      p.metric === "AWS/SageMaker/InvocationsPerInstance")
  );
}

/**
 * One policy asks for more capacity (its AlarmHigh is in ALARM) while another, on another metric, asks for less
 * (its AlarmLow is in ALARM): the first found, by the policies' order.
 */
function pullingApart(
  policies: ModelPolicy[],
): { more: ModelPolicy; fewer: ModelPolicy; moreAlarm: string; fewerAlarm: string } | undefined {
  const inAlarm = (p: ModelPolicy, which: "High" | "Low") =>
    p.alarms.find((a) => a.state === "ALARM" && new RegExp(`-Alarm${which}-`).test(a.name))?.name;
  for (const more of policies) {
    const moreAlarm = inAlarm(more, "High");
    if (!moreAlarm) continue;
    for (const fewer of policies) {
      if (fewer.metric === more.metric) continue;
      const fewerAlarm = inAlarm(fewer, "Low");
      if (fewerAlarm) return { more, fewer, moreAlarm, fewerAlarm };
    }
  }
  return undefined;
}

/**
 * A step policy that scales on load: one of sm-autoscale's step policies (unless no alarm triggers it), or one
 * whose triggering alarms were read and watch something other than the metrics that only wake a resource from
 * zero. The from-zero step policies live beside target tracking by design (§5 "Scale to zero"); a step policy
 * whose alarms are unknown is not judged.
 */
function isLoadStep(p: ModelPolicy): boolean {
  if (p.policyType !== "StepScaling" || wakeOf(p.source)) return false;
  if (OWN_STEP_POLICY.test(p.policyName)) return p.triggered !== false;
  return p.triggered === true && p.triggers.some((t) => !WAKE_METRICS.has(t.watches.metricName));
}

/** Without floating-point noise: 15.000000001 → "15". */
function num(n: number): string {
  return String(Number(n.toPrecision(12)));
}
