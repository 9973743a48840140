/**
 * What target tracking would have done: the variant's own per-minute invocations replayed, minute by minute,
 * through a model of Application Auto Scaling's target tracking on SageMakerVariantInvocationsPerInstance. Pure:
 * numbers in, numbers out; no clock, no I/O.
 *
 * Every rule names its source: a section of the facts doc (../shared/docs/sagemaker-autoscaling.md, "§n", with
 * its source tags), an AWS page, or ASSUMPTION where nothing documented says it. The README's "What-if" section
 * lists the same rules for users. The rules, in the order they apply at the end of each minute:
 *
 * 1. The metric. InvocationsPerInstance for a minute is that minute's invocations divided by the instances in
 *    service during it: "each request adds 1/numberOfInstances" (§2 [SM-CW]). A minute without a datapoint is a
 *    minute without traffic (SageMaker emits zeros when traffic stops, §5; the issue's definition).
 * 2. Scale out when the metric was above the target for 3 consecutive minutes. ASSUMPTION: 3 datapoints within 3
 *    minutes is what one user observed on AlarmHigh (§5 [REPOST-DELAY]), not a documented contract; AAS
 *    documents only the intent, "scale out fast" (§5 [AAS-TT]).
 * 3. Scale in when the metric was below 0.9 × the target for 15 consecutive minutes. ASSUMPTION: 15 datapoints
 *    within 15 minutes below 0.9 × target is observed AlarmLow behaviour (§5 [REPOST-DELAY]); AAS documents only
 *    that it scales in when the metric is "usually more than 10% lower" than the target (§5 [AAS-TT]).
 * 4. While an alarm stays in ALARM, it invokes the policy again every minute: "Except for Auto Scaling actions,
 *    the actions happen only on state transitions" (CloudWatch, Alarm actions,
 *    https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-actions.html). So the windows slide:
 *    a condition that still holds a minute later can act a minute later.
 * 5. How many: target tracking aims for the target, so a scaling asks for ceil(current × metric / target)
 *    instances, `current` being the instances the metric was measured on (in service during that minute), i.e.
 *    ceil(invocations / target); rounded up, since AAS rounds capacity changes conservatively (§5 "Rounding"
 *    [AAS-TT]). ASSUMPTION: the minute that completes the window is the one used, and scale-in uses the same
 *    formula as scale-out (AAS documents scale-in only as gradual).
 * 6. Always within [min, max] (§9, RegisterScalableTarget keeps the capacity inside the range [BOTO]).
 * 7. One change at a time: adding instances puts the endpoint in Updating until they serve ("SageMaker sets the
 *    endpoint status to Updating. After updating the endpoint, it sets the status to InService", [BOTO]
 *    UpdateEndpointWeightsAndCapacities), and scaling is blocked while an endpoint is not InService (§9 Endpoint
 *    state, [SM-UPDATE] "Auto scaling is blocked while the update runs"). A decision due meanwhile waits for the
 *    next minute's alarm invocation (rule 4).
 * 8. Scale-out cooldown: "capacity just added counts toward the next scale-out" (§4 [AAS-TT]); the policy "won't
 *    increase the desired capacity again unless either a larger scale out is triggered or the cooldown period
 *    ends" (AAS API reference, StepScalingPolicyConfiguration.Cooldown; the same words for target tracking in
 *    AWS Auto Scaling plans' TargetTrackingConfiguration.ScaleOutCooldown). Here every scale-out asks for ceil(invocations / target) and happens only when that is
 *    more than the capacity already asked for, so capacity just added always counts toward it. The cooldown's
 *    own length then changes nothing in this model: it would only matter with a lagging metric (see 11).
 * 9. Scale-in cooldown: it blocks scale-ins until it has run out, "but a scale-out alarm interrupts it
 *    immediately" (§4 [AAS-TT]): a scale-out ends it. It starts when the scale-in is made (see 10).
 * 10. Cost and warm-up: instances count toward cost from the moment they are requested (the issue's rule) and
 *    serve after the warm-up. ASSUMPTION: the warm-up (default {@link DEFAULT_WARMUP_MINUTES} minutes; SageMaker
 *    documents only that provisioning "takes several minutes", §5 [SM-ZERO]) is the same for every scale-out;
 *    instances removed stop serving and costing at once (SageMaker drains them over minutes).
 * 11. ASSUMPTION: no CloudWatch delay. Real metrics arrive 1–3 minutes late (§5), which adds to every reaction;
 *    add it to the warm-up to count it.
 * 12. Disabled scale-in (DisableScaleIn, or DynamicScalingInSuspended) never removes an instance (§5, [BOTO]).
 */

/** §5 [REPOST-DELAY] (observed, an ASSUMPTION): AlarmHigh fires after this many consecutive minutes above target. */
export const SCALE_OUT_MINUTES = 3;
/** §5 [REPOST-DELAY] (observed, an ASSUMPTION): AlarmLow fires after this many consecutive minutes below the threshold. */
export const SCALE_IN_MINUTES = 15;
/** §5 [REPOST-DELAY] observed, [AAS-TT] "usually more than 10% lower": the scale-in threshold as a share of the target. */
export const SCALE_IN_THRESHOLD = 0.9;
/**
 * ASSUMPTION: minutes from a scale-out until the new instances serve. SageMaker says provisioning "takes several
 * minutes" (§5 [SM-ZERO]) and publishes no figure; 5 is a guess at the short end. `--warmup` sets it; the
 * StartTime and EndTime of a scale-out in `aws application-autoscaling describe-scaling-activities` measure it.
 */
export const DEFAULT_WARMUP_MINUTES = 5;

/** What one replay needs: the policy, the bounds, and how the fleet starts. */
export interface SimulationSettings {
  /** Invocations per instance per minute (the TargetValue of SageMakerVariantInvocationsPerInstance). */
  targetValue: number;
  /** At least 1: a real-time variant cannot scale to zero (§5 Scale to zero). */
  minCapacity: number;
  maxCapacity: number;
  /** Instances at the first minute, requested and in service; clamped into [min, max]. */
  startCapacity: number;
  scaleInCooldownSeconds: number;
  /** Kept for the record: in this model it changes nothing (rule 8). */
  scaleOutCooldownSeconds: number;
  scaleInEnabled: boolean;
  warmupMinutes: number;
  /** Invocations one instance handles in a minute (max RPS × 60); undefined: capacity is not counted. */
  capacityPerMinute?: number | undefined;
  /**
   * The busiest load per instance the variant regularly served in its real history (what-if.ts); undefined: not
   * counted. Minutes above it are minutes its instances run hotter than they have been seen running.
   */
  observedPerMinute?: number | undefined;
  /** Keep the per-minute instance counts (for a chart); off by default, as a comparison needs only totals. */
  keepSeries?: boolean | undefined;
}

export interface ScalingEvent {
  /** The minute boundary it happened at: instances change from minute `at` on (index into the trace). */
  at: number;
  kind: "out" | "in";
  from: number;
  to: number;
}

export interface SimulationResult {
  targetValue: number;
  /** Sum over the minutes of the instances requested (counted from the request, rule 10). */
  instanceMinutes: number;
  instanceHours: number;
  /** The most instances requested at once. */
  maxInstances: number;
  /** Minutes whose invocations per instance in service were above the target. */
  minutesOverTarget: number;
  /** Minutes above the capacity of the instances in service; null when no capacity was given. */
  minutesOverCapacity: number | null;
  /** Minutes above the observed load per instance; null when none was given. */
  minutesOverObserved: number | null;
  scaleOuts: number;
  scaleIns: number;
  events: ScalingEvent[];
  /** With `keepSeries`: instances requested, and instances in service, in each minute. */
  requested?: Int32Array | undefined;
  inService?: Int32Array | undefined;
}

/** Floating point slack for ceil(invocations / target): 300 / 100 is 3 instances, not 4. */
const EPSILON = 1e-9;

type Sizing = Pick<SimulationSettings, "targetValue" | "minCapacity" | "maxCapacity">;

/** Instances that bring `invocations` to the target, rounded up (rule 5), within [min, max] (rule 6). */
export function instancesFor(invocations: number, settings: Sizing): number {
  const raw = Math.ceil(invocations / settings.targetValue - EPSILON);
  return Math.min(settings.maxCapacity, Math.max(settings.minCapacity, raw));
}

function checkSettings(s: SimulationSettings): void {
  if (!(s.targetValue > 0) || !Number.isFinite(s.targetValue))
    throw new RangeError(`targetValue must be > 0, got ${s.targetValue}`);
  if (!Number.isInteger(s.minCapacity) || s.minCapacity < 1)
    throw new RangeError(`minCapacity must be a whole number ≥ 1, got ${s.minCapacity}`);
  if (!Number.isInteger(s.maxCapacity) || s.maxCapacity < s.minCapacity)
    throw new RangeError(`maxCapacity must be a whole number ≥ minCapacity, got ${s.maxCapacity}`);
  if (!Number.isInteger(s.warmupMinutes) || s.warmupMinutes < 0)
    throw new RangeError(`warmupMinutes must be a whole number ≥ 0, got ${s.warmupMinutes}`);
  if (!(s.scaleInCooldownSeconds >= 0)) throw new RangeError("scaleInCooldownSeconds must be ≥ 0");
}

/**
 * Replays `invocations` (one value per minute, oldest first; total invocations of the variant in that minute)
 * through target tracking with `settings`. O(minutes), no allocation per minute.
 */
export function simulate(invocations: ArrayLike<number>, settings: SimulationSettings): SimulationResult {
  checkSettings(settings);
  const n = invocations.length;
  const target = settings.targetValue;
  const lowThreshold = SCALE_IN_THRESHOLD * target;
  const capacity = settings.capacityPerMinute;
  const observed = settings.observedPerMinute;
  const cooldownMs = settings.scaleInCooldownSeconds * 1000;
  const requested = settings.keepSeries ? new Int32Array(n) : undefined;
  const inService = settings.keepSeries ? new Int32Array(n) : undefined;
  const events: ScalingEvent[] = [];

  let desired = Math.min(settings.maxCapacity, Math.max(settings.minCapacity, settings.startCapacity));
  let serving = desired;
  /** The minute from which instances being added serve; -1 when no scale-out is in progress (rule 7). */
  let readyAt = -1;
  /** Scale-ins are blocked until this minute boundary (rule 9), in milliseconds from the first minute. */
  let scaleInBlockedUntilMs = Number.NEGATIVE_INFINITY;
  let highRun = 0;
  let lowRun = 0;
  let instanceMinutes = 0;
  let maxInstances = desired;
  let overTarget = 0;
  let overCapacity = 0;
  let overObserved = 0;
  let scaleOuts = 0;
  let scaleIns = 0;

  for (let m = 0; m < n; m++) {
    const raw = invocations[m]!;
    const traffic = raw > 0 && Number.isFinite(raw) ? raw : 0;
    instanceMinutes += desired;
    if (requested) requested[m] = desired;
    if (inService) inService[m] = serving;
    // Rule 1: invocations per instance in service.
    const load = traffic / serving;
    if (load > target) overTarget++;
    if (capacity !== undefined && load > capacity) overCapacity++;
    if (observed !== undefined && load > observed) overObserved++;
    highRun = load > target ? highRun + 1 : 0;
    lowRun = load < lowThreshold ? lowRun + 1 : 0;

    // The alarms evaluate at the end of minute m; a change applies from minute m + 1.
    const boundary = m + 1;
    // Warm-up over at this boundary: the new instances serve from minute m + 1, and the endpoint is InService
    // again before the alarm acts (rules 7, 10).
    if (readyAt !== -1 && boundary >= readyAt) {
      serving = desired;
      readyAt = -1;
    }
    const updating = readyAt !== -1;
    if (updating) continue;
    if (highRun >= SCALE_OUT_MINUTES) {
      // Rules 2, 4, 5, 8: as many as this minute's traffic needs, when that is more than already asked for.
      const wanted = instancesFor(traffic, settings);
      if (wanted > desired) {
        events.push({ at: boundary, kind: "out", from: desired, to: wanted });
        scaleOuts++;
        desired = wanted;
        if (desired > maxInstances) maxInstances = desired;
        if (settings.warmupMinutes === 0) serving = desired;
        else readyAt = boundary + settings.warmupMinutes;
        // Rule 9: a scale-out ends the scale-in cooldown.
        scaleInBlockedUntilMs = Number.NEGATIVE_INFINITY;
      }
    } else if (
      settings.scaleInEnabled &&
      lowRun >= SCALE_IN_MINUTES &&
      boundary * 60_000 >= scaleInBlockedUntilMs
    ) {
      // Rules 3, 4, 5, 9, 12.
      const wanted = instancesFor(traffic, settings);
      if (wanted < desired) {
        events.push({ at: boundary, kind: "in", from: desired, to: wanted });
        scaleIns++;
        desired = wanted;
        serving = wanted;
        scaleInBlockedUntilMs = boundary * 60_000 + cooldownMs;
      }
    }
  }
  return {
    targetValue: target,
    instanceMinutes,
    instanceHours: instanceMinutes / 60,
    maxInstances,
    minutesOverTarget: overTarget,
    minutesOverCapacity: capacity === undefined ? null : overCapacity,
    minutesOverObserved: observed === undefined ? null : overObserved,
    scaleOuts,
    scaleIns,
    events,
    requested,
    inService,
  };
}

/**
 * ASSUMPTION for a replay's first minute: each candidate starts where target tracking would hold it for that
 * minute's traffic (within [min, max]). What ran at the window's start is not in the metrics; starting every
 * candidate settled keeps a start-up transient from being charged to one candidate and not another.
 */
export function settledStart(invocations: ArrayLike<number>, settings: Sizing): number {
  const first = invocations.length > 0 ? invocations[0]! : 0;
  return instancesFor(first > 0 && Number.isFinite(first) ? first : 0, settings);
}
