import type {
  RegisterScalableTargetRequest,
  ScalableDimension,
} from "@aws-sdk/client-application-auto-scaling";
import { renderStep } from "../plan/render-cli.js";
import { shellQuote } from "../plan/shell.js";
import type { PlanStep, Target } from "../plan/types.js";
import {
  BUILT_IN_POLICY_NAME,
  DIMENSION,
  INVOCATIONS_METRIC,
  PREDEFINED_METRIC_SOURCE,
  SERVICE_NAMESPACE,
  STUCK_ENDPOINT_STATUSES,
} from "./constants.js";
import type { ModelPolicy, ModelVariant } from "./describe-model.js";
import { isBurstable } from "./kinds.js";
import {
  ASYNC,
  INFERENCE_COMPONENT,
  REAL_TIME,
  type ScalingKind,
  type ScalingSubject,
  SERVERLESS,
} from "./scaling-kinds.js";
import { signalFindings } from "./signal-findings.js";
import { wakeOf } from "./wake-alarms.js";

/**
 * What `describe` finds wrong with a scalable target, each with the one command that fixes it (or, where no
 * command can, the one that shows why). Pure: it reads only the joined model of one target.
 */
export type Severity = "error" | "warning" | "info";

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export type FindingCode =
  | "ORPHAN_TARGET"
  | "ENDPOINT_NOT_INSERVICE"
  | "BURSTABLE_INSTANCE"
  | "ASYNC_ON_INVOCATIONS"
  | "FIGHTING_POLICIES"
  | "CUSTOM_POLICY_NAME"
  | "MIN_EQUALS_MAX"
  | "SUSPENDED"
  | "NO_SCALING_POLICY"
  | "ALARM_INSUFFICIENT_DATA"
  | "FAILED_ACTIVITY"
  | "NO_WAY_OUT_OF_ZERO"
  | "STEP_POLICY_WITHOUT_ALARM"
  | "IC_MIN_ZERO_KEEPS_INSTANCES"
  | "PROVISIONED_MAX_ABOVE_MAX_CONCURRENCY"
  | "UTILIZATION_TARGET_IGNORES_COUNT"
  | "CONCURRENCY_NOT_PUBLISHED"
  | "COMBINED_SIGNALS"
  | "SIGNALS_PULLING_APART"
  | "STEP_AND_TARGET_TRACKING";

export interface Finding {
  severity: Severity;
  code: FindingCode;
  /** One line: what is wrong and what it does to scaling. */
  message: string;
  /** A complete command: `sm-autoscale …` where sm-autoscale fixes it, else the `aws …` command that does. */
  fix: string;
}

export type FindingTarget = Omit<ModelVariant, "findings">;

export interface FindingOptions {
  target: Target;
  now: Date;
}

/**
 * New target-tracking alarms sit in INSUFFICIENT_DATA until their first datapoints arrive; within this many
 * minutes of the policy's creation that is expected, not a problem.
 */
export const ALARM_WARMUP_MINUTES = 15;

export function findingsFor(v: FindingTarget, options: FindingOptions): Finding[] {
  const fix = fixes(v, options.target);
  if (v.orphan) {
    const gone =
      v.orphan === "endpoint"
        ? `endpoint "${v.endpointName}" no longer exists`
        : v.orphan === "inference-component"
          ? `inference component "${v.inferenceComponentName}" no longer exists`
          : `endpoint "${v.endpointName}" has no variant "${v.variantName}" any more`;
    return [
      {
        severity: "warning",
        code: "ORPHAN_TARGET",
        message: `Orphan scalable target: ${gone}. It scales nothing now, and would silently apply to a new endpoint or variant of the same name.`,
        fix: fix.teardown(),
      },
    ];
  }

  const found: Finding[] = [];
  const add = (severity: Severity, code: FindingCode, message: string, command: string) =>
    found.push({ severity, code, message, fix: command });
  const tracking = v.policies.filter((p) => p.policyType === "TargetTrackingScaling");
  /** What `sm-autoscale init` would configure here, if it can (scaling-kinds.ts). */
  const init = initKindOf(v);
  /** The fixes that rest on the built-in policy's name are for real-time variants only. */
  const initConfigures = init?.kind === REAL_TIME;

  if (v.endpointStatus !== null && v.endpointStatus !== "InService") {
    const stuck = (STUCK_ENDPOINT_STATUSES as readonly string[]).includes(v.endpointStatus);
    add(
      stuck ? "error" : "info",
      "ENDPOINT_NOT_INSERVICE",
      stuck
        ? `Endpoint is ${v.endpointStatus}: it cannot scale until it is fixed${v.failureReason ? ` (${oneLine(v.failureReason)})` : ""}.`
        : `Endpoint is ${v.endpointStatus}: scaling is paused until it is InService again.`,
      stuck
        ? aws(["sagemaker", "describe-endpoint", "--endpoint-name", v.endpointName ?? ""], options.target, [
            "--query",
            "FailureReason",
          ])
        : aws(
            ["sagemaker", "wait", "endpoint-in-service", "--endpoint-name", v.endpointName ?? ""],
            options.target,
          ),
    );
  }

  if (isBurstable(v.instanceType ?? undefined)) {
    add(
      "error",
      "BURSTABLE_INSTANCE",
      `Runs on ${v.instanceType}: burstable ml.t* instances cannot be autoscaled; move the variant to a type such as ml.m5.large.`,
      fix.teardown(),
    );
  }

  if (v.kind === "async") {
    for (const p of tracking.filter((p) => tracksInvocations(p))) {
      add(
        "error",
        "ASYNC_ON_INVOCATIONS",
        `Policy "${p.policyName}" tracks ${INVOCATIONS_METRIC}, which async endpoints never publish: it never scales. Track ApproximateBacklogSizePerInstance instead.`,
        fix.deletePolicy(p),
      );
    }
  }

  /**
   * `init --replace-custom-policies` deletes every target-tracking policy not named after one of the kind's signals:
   * the fix only where that is exactly the policies to go, never also a deliberate policy on another metric.
   */
  const initReplaces = (go: ModelPolicy[]) =>
    init !== undefined &&
    sameSet(
      tracking.filter((p) => !init.kind.signals.some((s) => s.name === p.policyName)),
      go,
    );

  for (const fighting of fightingPolicies(tracking)) {
    const keep = policyToKeep(fighting);
    const go = fighting.filter((p) => p !== keep);
    const list = fighting.map((p) => `"${p.policyName}" (${p.metric} ${p.targetValue})`).join(", ");
    add(
      "warning",
      "FIGHTING_POLICIES",
      `${fighting.length} target-tracking policies track ${fighting[0]!.metric} with different targets and pull against each other: ${list}. Any one scales out; scale-in needs all of them to agree. Keep one.`,
      keep.builtIn && initConfigures && initReplaces(go)
        ? fix.init(["--replace-custom-policies"])
        : go.map((p) => fix.deletePolicy(p)).join(" && "),
    );
  }

  found.push(...signalFindings(v, init, fix));

  if (initConfigures) {
    const custom = tracking.filter((p) => !p.builtIn && p.metric === INVOCATIONS_METRIC);
    if (custom.length > 0) {
      const names = custom.map((p) => `"${p.policyName}"`).join(", ");
      const hasBuiltIn = tracking.some((p) => p.builtIn);
      add(
        "warning",
        "CUSTOM_POLICY_NAME",
        hasBuiltIn
          ? `${names} tracks ${INVOCATIONS_METRIC} under a custom name, beside the built-in ${BUILT_IN_POLICY_NAME}: the console shows it as a separate custom policy, and both are active.`
          : `${names} tracks ${INVOCATIONS_METRIC} under a custom name instead of ${BUILT_IN_POLICY_NAME}: the console's built-in policy looks empty, as if no policy applied.`,
        // Beside the built-in policy, and beside a custom policy on another metric that init would delete too: delete
        // only these. Otherwise init writes the built-in policy in their place.
        hasBuiltIn && !initReplaces(custom)
          ? custom.map((p) => fix.deletePolicy(p)).join(" && ")
          : fix.init(["--replace-custom-policies"]),
      );
    }
  }

  if (v.minCapacity !== null && v.maxCapacity !== null && v.minCapacity === v.maxCapacity) {
    const max = Math.max(2 * v.maxCapacity, v.maxCapacity + 1);
    const range = init ? widerRange(init, v.minCapacity, max) : undefined;
    add(
      "warning",
      "MIN_EQUALS_MAX",
      `Minimum and maximum are both ${v.minCapacity}: the target can never scale.`,
      range
        ? fix.init(["--min", String(range.min), "--max", String(range.max)])
        : fix.register({ MaxCapacity: max }),
    );
  }

  const suspended = [
    v.suspended.dynamicScalingInSuspended && "scale-in",
    v.suspended.dynamicScalingOutSuspended && "scale-out",
    v.suspended.scheduledScalingSuspended && "scheduled scaling",
  ].filter((s): s is string => typeof s === "string");
  if (suspended.length > 0) {
    add(
      "warning",
      "SUSPENDED",
      `Scaling is suspended (${suspended.join(", ")}): the policies stay but do not act.`,
      fix.register({
        SuspendedState: {
          DynamicScalingInSuspended: false,
          DynamicScalingOutSuspended: false,
          ScheduledScalingSuspended: false,
        },
      }),
    );
  }

  // Unknown scheduled actions (not read) may be what scales the target: no claim either way.
  if (v.policies.length === 0 && v.scheduledActions !== null && v.scheduledActions.length === 0) {
    add(
      "warning",
      "NO_SCALING_POLICY",
      `No scaling policy and no scheduled action: the target holds ${v.minCapacity}–${v.maxCapacity} but nothing scales it.`,
      init ? fix.init([]) : fix.teardown(),
    );
  }

  found.push(...kindFindings(v, init, fix));

  for (const p of tracking) {
    // An async variant's InvocationsPerInstance policy is reported above, with its cause.
    if (v.kind === "async" && tracksInvocations(p)) continue;
    const waiting = p.alarms.filter((a) => a.state === "INSUFFICIENT_DATA");
    if (waiting.length === 0) continue;
    const fresh = p.createdAt !== null && ageMinutes(p.createdAt, options.now) < ALARM_WARMUP_MINUTES;
    const alarms = waiting.map((a) => shortAlarmName(a.name, v.resourceId)).join(", ");
    add(
      fresh ? "info" : "warning",
      "ALARM_INSUFFICIENT_DATA",
      fresh
        ? `Policy "${p.policyName}" was created minutes ago; its alarms (${alarms}) are waiting for their first datapoints.`
        : `${waiting.length === 1 ? "Alarm" : "Alarms"} ${alarms} of policy "${p.policyName}" ${waiting.length === 1 ? "has" : "have"} INSUFFICIENT_DATA: no datapoints for ${p.metric}, so the policy cannot ${waiting.some((a) => /AlarmLow/.test(a.name)) ? "scale in (and blocks the other policies' scale-in)" : "scale out"}. Check that the metric is published.`,
      fix.listMetric(p),
    );
  }

  const failed = v.activities?.find((a) => a.statusCode === "Failed");
  if (failed) {
    const latest = v.activities?.[0] === failed;
    const reason = failed.statusMessage ?? failed.description;
    const quota = /ResourceLimitExceeded|service limit|quota/i.test(reason);
    add(
      latest ? "error" : "warning",
      "FAILED_ACTIVITY",
      `${latest ? "The last scaling activity failed" : "A recent scaling activity failed"}${failed.startTime ? ` (${failed.startTime.slice(0, 16).replace("T", " ")}Z)` : ""}: ${failureReason(reason)}${quota ? " Raise the instance quota, or lower the maximum." : ""}`,
      quota ? fix.quota() : fix.activities(),
    );
  }
  return found;
}

/** InvocationsPerInstance, as the predefined metric or spelled out as a customized one. */
function tracksInvocations(p: ModelPolicy): boolean {
  return p.metric === INVOCATIONS_METRIC || p.metric === "AWS/SageMaker/InvocationsPerInstance";
}

export type Fixes = ReturnType<typeof fixes>;
export type InitTarget = { kind: ScalingKind; subject: ScalingSubject };

/**
 * The pitfalls of the kinds that can rest at zero or have a ceiling (facts doc §5 "Scale to zero", §7, §14): an
 * async endpoint or an inference component at a minimum of 0 with nothing to take it out of zero; a step policy
 * no alarm triggers; copies allowed to zero on an endpoint that keeps its instances; provisioned concurrency
 * allowed above the variant's MaxConcurrency.
 */
function kindFindings(v: FindingTarget, init: InitTarget | undefined, fix: Fixes): Finding[] {
  const found: Finding[] = [];
  const add = (severity: Severity, code: FindingCode, message: string, command: string) =>
    found.push({ severity, code, message, fix: command });
  const isComponent = v.scalableDimension === DIMENSION.inferenceComponentCopies;
  const steps = v.policies.filter((p) => p.policyType === "StepScaling");
  const covered = new Set<ModelPolicy>();

  // Copies at zero need instances at zero, which only managed instance scaling with MinInstanceCount 0 allows.
  const mis = v.managedInstanceScaling;
  const keepsInstances =
    isComponent &&
    v.minCapacity === 0 &&
    v.variantRead &&
    !(mis?.status === "ENABLED" && mis.minInstanceCount === 0);
  if (keepsInstances) {
    const where = `${v.endpointName}/${v.variantName}`;
    const keeps =
      mis?.status === "ENABLED"
        ? `its endpoint's managed instance scaling keeps at least ${mis.minInstanceCount ?? "?"} instance(s) on ${where} (MinInstanceCount ${mis.minInstanceCount ?? "?"})`
        : mis
          ? `the managed instance scaling of ${where} is ${(mis.status ?? "not enabled").toLowerCase()}, so its instances stay`
          : `${where} has no managed instance scaling, so its instances stay`;
    add(
      "warning",
      "IC_MIN_ZERO_KEEPS_INSTANCES",
      `Minimum 0 copies, but ${keeps}: at zero copies those instances stay up and billed while every request fails. Keep a minimum of 1, or give the endpoint managed instance scaling with MinInstanceCount 0.`,
      init ? fix.initKeeping(init, 1, v.maxCapacity) : fix.register({ MinCapacity: 1 }),
    );
  }

  const restsAtZero =
    v.minCapacity === 0 &&
    (isComponent || (v.kind === "async" && v.scalableDimension === DIMENSION.variantInstances));
  if (restsAtZero && !keepsInstances) {
    const unit = isComponent ? "copies" : "instances";
    const severity: Severity = isComponent ? "error" : "warning";
    const stuck = isComponent
      ? "at zero copies every request fails, and target tracking never adds the first copy"
      : "at zero instances requests wait in the queue until the backlog per instance exceeds the target";
    const triggered = steps.filter((p) => p.triggered === true);
    const unknown = steps.some((p) => p.triggered === null);
    if (steps.length === 0) {
      add(
        severity,
        "NO_WAY_OUT_OF_ZERO",
        `Minimum 0 ${unit}, and no step policy with an alarm to scale out from zero: ${stuck}.`,
        init ? fix.initKeeping(init, 0, v.maxCapacity) : fix.policies(),
      );
    } else if (triggered.length === 0 && !unknown) {
      // Every step policy is idle: say why of the first (ours, when there is one), and fix that one.
      const idle = steps.find((p) => p.wakeAlarm) ?? steps[0]!;
      for (const p of steps) covered.add(p);
      add(
        severity,
        "NO_WAY_OUT_OF_ZERO",
        `Minimum 0 ${unit}, and ${whyNotTriggered(idle)}: ${stuck}.`,
        fix.repointWake(idle) ?? (init ? fix.initKeeping(init, 0, v.maxCapacity) : fix.deletePolicy(idle)),
      );
    }
  }

  for (const p of steps.filter((p) => p.triggered === false && !covered.has(p))) {
    add(
      "warning",
      "STEP_POLICY_WITHOUT_ALARM",
      `${capitalize(whyNotTriggered(p))}: a step policy acts only when an alarm whose actions name it fires.${p.wakeAlarm ? "" : " Point an alarm at its ARN, or delete it."}`,
      fix.repointWake(p) ?? fix.deletePolicy(p),
    );
  }

  const maxConcurrency = v.serverless?.maxConcurrency ?? null;
  if (
    v.scalableDimension === DIMENSION.provisionedConcurrency &&
    maxConcurrency !== null &&
    v.maxCapacity !== null &&
    v.maxCapacity > maxConcurrency
  ) {
    add(
      "warning",
      "PROVISIONED_MAX_ABOVE_MAX_CONCURRENCY",
      `Maximum provisioned concurrency ${v.maxCapacity} is above the variant's MaxConcurrency of ${maxConcurrency}: provisioned concurrency cannot exceed it, so scaling out past ${maxConcurrency} fails.`,
      init
        ? fix.initKeeping(init, Math.min(v.minCapacity ?? 1, maxConcurrency), maxConcurrency)
        : fix.register({ MaxCapacity: maxConcurrency }),
    );
  }
  return found;
}

/** Why no alarm triggers a step policy, in a clause: "its alarm X is missing". */
function whyNotTriggered(p: ModelPolicy): string {
  const wake = p.wakeAlarm;
  if (wake?.status === "missing") {
    return `the alarm ${wake.name} that triggers the step policy "${p.policyName}" is missing`;
  }
  if (wake?.status === "points-elsewhere") {
    return `the alarm ${wake.name} no longer points at the step policy "${p.policyName}" (its actions lost the policy's ARN: the policy was deleted or recreated since)`;
  }
  return `no alarm triggers the step policy "${p.policyName}"`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * What `sm-autoscale init` configures for this target (scaling-kinds.ts), and the subject it would read; undefined
 * where it cannot: an unknown kind, a component whose endpoint is unknown, a burstable type, on-demand serverless.
 */
function initKindOf(v: FindingTarget): InitTarget | undefined {
  if (v.endpointName === null || v.variantName === null) return undefined;
  let kind: ScalingKind | undefined;
  if (v.scalableDimension === DIMENSION.inferenceComponentCopies) {
    kind = v.inferenceComponentName !== null ? INFERENCE_COMPONENT : undefined;
  } else if (v.scalableDimension === DIMENSION.provisionedConcurrency) {
    kind = v.kind === "serverless" ? SERVERLESS : undefined;
  } else if (v.scalableDimension === DIMENSION.variantInstances) {
    kind = v.kind === "real-time" ? REAL_TIME : v.kind === "async" ? ASYNC : undefined;
  }
  if (!kind) return undefined;
  const mis = v.managedInstanceScaling;
  const subject: ScalingSubject = {
    endpointName: v.endpointName,
    variantName: v.variantName,
    instanceType: v.instanceType ?? undefined,
    currentInstanceCount: v.currentInstanceCount ?? undefined,
    desiredInstanceCount: v.desiredInstanceCount ?? undefined,
    serverless: v.serverless
      ? {
          maxConcurrency: v.serverless.maxConcurrency ?? undefined,
          provisionedConcurrency: v.serverless.provisionedConcurrency ?? undefined,
        }
      : undefined,
    ...(mis
      ? {
          managedInstanceScaling: {
            status: mis.status ?? undefined,
            min: mis.minInstanceCount ?? undefined,
            max: mis.maxInstanceCount ?? undefined,
          },
        }
      : {}),
    ...(v.inferenceComponentName !== null
      ? {
          component: {
            name: v.inferenceComponentName,
            desiredCopyCount: v.desiredCopyCount ?? undefined,
            currentCopyCount: v.currentCopyCount ?? undefined,
          },
        }
      : {}),
  };
  return kind.refusal(subject) ? undefined : { kind, subject };
}

/** A range init accepts for this kind (its floor and ceiling), wider than min = max; undefined if none is. */
function widerRange(
  init: InitTarget,
  min: number,
  wantedMax: number,
): { min: number; max: number } | undefined {
  const floor = init.kind.floor(init.subject).min;
  const ceiling = init.kind.ceiling(init.subject)?.max;
  const max = ceiling === undefined ? wantedMax : Math.min(wantedMax, ceiling);
  const low = Math.max(floor, Math.min(min, max - 1));
  return low < max ? { min: low, max } : undefined;
}

/**
 * Target-tracking policies that disagree: two or more on the same metric with different targets, by metric. Policies
 * on different metrics are a combination (signal-findings.ts), not a disagreement.
 */
function fightingPolicies(tracking: ModelPolicy[]): ModelPolicy[][] {
  const byMetric = new Map<string | null, ModelPolicy[]>();
  for (const p of tracking) byMetric.set(p.metric, [...(byMetric.get(p.metric) ?? []), p]);
  return [...byMetric.values()].filter((group) => new Set(group.map((p) => p.targetValue)).size > 1);
}

/** Of policies on one metric, the built-in policy if there is one; else the first. */
function policyToKeep(policies: ModelPolicy[]): ModelPolicy {
  return policies.find((p) => p.builtIn) ?? policies[0]!;
}

function sameSet<T>(a: T[], b: T[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** `TargetTracking-<resourceId>-AlarmHigh-<uuid>` → `AlarmHigh`; any other name unchanged. */
export function shortAlarmName(name: string, resourceId: string): string {
  const prefix = `TargetTracking-${resourceId}-`;
  if (!name.startsWith(prefix)) return name;
  return /^(Alarm(High|Low))-/.exec(name.slice(prefix.length))?.[1] ?? name;
}

function ageMinutes(iso: string, now: Date): number {
  return (now.getTime() - Date.parse(iso)) / 60_000;
}

/**
 * The gist of an activity's StatusMessage. AWS writes "Failed to set desired instance count to 110. Reason: The
 * account-level service limit '…' is 2 Instances, with … Please use AWS Service Quotas … Error Code:
 * ResourceLimitExceeded …" (facts doc §9): keep the first sentence of the reason and the error code.
 */
export function failureReason(statusMessage: string): string {
  const text = oneLine(statusMessage);
  const code = /Error Code: ([A-Za-z]+)/.exec(text)?.[1];
  const reason = /Reason: (.+?)(\.(\s|$)|$)/.exec(text)?.[1];
  if (!reason) return text;
  const action = text.slice(0, text.indexOf("Reason:")).replace(/[.\s]+$/, "");
  return `${action ? `${action}: ` : ""}${reason}${code ? ` (${code})` : ""}.`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** `aws …` with --region and --profile, like the plan renderer prints them. */
function aws(words: string[], target: Target, extra: string[] = []): string {
  return ["aws", ...words, ...extra, ...targetFlags(target)].map(quoteArg).join(" ");
}

function targetFlags(target: Target): string[] {
  return ["--region", target.region, ...(target.profile ? ["--profile", target.profile] : [])];
}

/** The program and its --flags stay as they are; values are quoted for bash. */
function quoteArg(word: string, index: number): string {
  return index === 0 || /^--[a-z][a-z-]*$/.test(word) ? word : shellQuote(word);
}

function fixes(v: FindingTarget, target: Target) {
  const key = {
    ServiceNamespace: SERVICE_NAMESPACE,
    ResourceId: v.resourceId,
    ScalableDimension: v.scalableDimension as ScalableDimension,
  } as const;
  const step = (s: PlanStep) => renderStep(s, target).replace(/ \\\n\s*/g, " ");
  const smAutoscale = (command: string, args: string[]) =>
    ["sm-autoscale", command, ...args, ...targetFlags(target)].map(quoteArg).join(" ");
  // init names a component by --inference-component; teardown removes components only with their endpoint.
  const variantArgs = v.endpointName
    ? ["--endpoint", v.endpointName, ...(v.variantName ? ["--variant", v.variantName] : [])]
    : [];
  const initArgs =
    v.inferenceComponentName !== null && v.endpointName
      ? ["--endpoint", v.endpointName, "--inference-component", v.inferenceComponentName]
      : variantArgs;
  const init = (args: string[]) => smAutoscale("init", [...initArgs, ...args]);
  return {
    init,
    /**
     * init with this range, and the target and cooldowns of the kind's policy as they are, so that it writes
     * only what differs: the range, and what the range needs (at 0, the step policy and alarm that wake it).
     */
    initKeeping: (on: InitTarget, min: number, max: number | null) => {
      const live = v.policies.find((p) => p.policyName === on.kind.policy.name && p.targetValue !== null);
      return init([
        "--min",
        String(min),
        "--max",
        String(Math.max(max ?? 1, min, 1)),
        ...(live
          ? [
              "--target",
              String(live.targetValue),
              "--scale-in-cooldown",
              String(live.scaleInCooldown),
              "--scale-out-cooldown",
              String(live.scaleOutCooldown),
              ...(live.disableScaleIn ? ["--disable-scale-in"] : []),
            ]
          : []),
      ]);
    },
    teardown: () =>
      v.endpointName && v.inferenceComponentName === null
        ? smAutoscale("teardown", variantArgs)
        : step({
            service: "application-autoscaling",
            operation: "DeregisterScalableTarget",
            input: key,
            summary: "",
          }),
    /**
     * For one of our from-zero step policies: the alarm init puts beside it (wake-alarms.ts), put again with the
     * policy's ARN as its action. Undefined for other policies, or without the ARN.
     */
    repointWake: (p: ModelPolicy) => {
      const wake = wakeOf(p.source);
      const arn = p.source.PolicyARN;
      if (!wake || !arn) return undefined;
      return step({
        service: "cloudwatch",
        operation: "PutMetricAlarm",
        input: { ...wake.alarm, AlarmActions: [arn] },
        summary: "",
      });
    },
    policies: () =>
      aws(
        [
          "application-autoscaling",
          "describe-scaling-policies",
          "--service-namespace",
          SERVICE_NAMESPACE,
          "--resource-id",
          v.resourceId,
          "--scalable-dimension",
          v.scalableDimension,
        ],
        target,
      ),
    deletePolicy: (p: ModelPolicy) =>
      step({
        service: "application-autoscaling",
        operation: "DeleteScalingPolicy",
        input: { ...key, PolicyName: p.policyName },
        summary: "",
      }),
    /** A target-tracking policy put again under its name, its configuration as read but for the target value. */
    putTargetValue: (p: ModelPolicy, targetValue: number) =>
      step({
        service: "application-autoscaling",
        operation: "PutScalingPolicy",
        input: {
          PolicyName: p.policyName,
          ...key,
          PolicyType: "TargetTrackingScaling",
          TargetTrackingScalingPolicyConfiguration: {
            ...p.source.TargetTrackingScalingPolicyConfiguration,
            TargetValue: targetValue,
          },
        },
        summary: "",
      }),
    deleteAlarms: (names: string[]) =>
      step({ service: "cloudwatch", operation: "DeleteAlarms", input: { AlarmNames: names }, summary: "" }),
    /** The state of these alarms, and why (StateReason has the datapoints against the threshold). */
    alarmStates: (names: string[]) =>
      aws(["cloudwatch", "describe-alarms", "--alarm-names", ...names], target, [
        "--query",
        "MetricAlarms[].[AlarmName,StateValue,StateReason]",
        "--output",
        "table",
      ]),
    register: (
      input: Pick<RegisterScalableTargetRequest, "MinCapacity" | "MaxCapacity" | "SuspendedState">,
    ) =>
      step({
        service: "application-autoscaling",
        operation: "RegisterScalableTarget",
        input: { ...key, ...input },
        summary: "",
      }),
    listMetric: (p: ModelPolicy) => {
      const tt = p.source.TargetTrackingScalingPolicyConfiguration;
      const predefined =
        PREDEFINED_METRIC_SOURCE[tt?.PredefinedMetricSpecification?.PredefinedMetricType ?? ""];
      const custom = tt?.CustomizedMetricSpecification;
      const component = /^inference-component\/(.+)$/.exec(v.resourceId)?.[1];
      const dims = predefined
        ? predefined.dimensions === "component"
          ? [`Name=InferenceComponentName,Value=${component ?? ""}`]
          : [
              `Name=EndpointName,Value=${v.endpointName ?? ""}`,
              `Name=VariantName,Value=${v.variantName ?? ""}`,
            ]
        : (custom?.Dimensions ?? []).map((d) => `Name=${d.Name},Value=${d.Value}`);
      const namespace = predefined ? "AWS/SageMaker" : custom?.Namespace;
      const metric = predefined ? predefined.metricName : custom?.MetricName;
      if (!namespace || !metric) return fixes(v, target).activities();
      return aws(
        [
          "cloudwatch",
          "list-metrics",
          "--namespace",
          namespace,
          "--metric-name",
          metric,
          ...(dims.length ? ["--dimensions", ...dims] : []),
        ],
        target,
      );
    },
    quota: () =>
      aws(["service-quotas", "list-service-quotas", "--service-code", "sagemaker"], target, [
        "--query",
        // JMESPath JSON literals (backticks) need no nested single quotes inside the shell quoting.
        v.instanceType
          ? `Quotas[?QuotaName==\`"${v.instanceType} for endpoint usage"\`]`
          : 'Quotas[?ends_with(QuotaName, `" for endpoint usage"`)]',
      ]),
    activities: () =>
      aws(
        [
          "application-autoscaling",
          "describe-scaling-activities",
          "--service-namespace",
          SERVICE_NAMESPACE,
          "--resource-id",
          v.resourceId,
          "--scalable-dimension",
          v.scalableDimension,
        ],
        target,
      ),
  };
}
