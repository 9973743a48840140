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
  | "FAILED_ACTIVITY";

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
  const isInstanceVariant = v.scalableDimension === DIMENSION.variantInstances;
  /** `sm-autoscale init` configures instance-based real-time variants on non-burstable types only. */
  const initConfigures =
    v.kind === "real-time" && isInstanceVariant && !isBurstable(v.instanceType ?? undefined);

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
    for (const p of tracking.filter((p) => p.metric === INVOCATIONS_METRIC)) {
      add(
        "error",
        "ASYNC_ON_INVOCATIONS",
        `Policy "${p.policyName}" tracks ${INVOCATIONS_METRIC}, which async endpoints never publish: it never scales. Track ApproximateBacklogSizePerInstance instead.`,
        fix.deletePolicy(p),
      );
    }
  }

  const fighting = fightingPolicies(tracking);
  if (fighting.length > 1) {
    const keep = policyToKeep(fighting, v.kind);
    const list = fighting.map((p) => `"${p.policyName}" (${p.metric} ${p.targetValue})`).join(", ");
    add(
      "warning",
      "FIGHTING_POLICIES",
      `${fighting.length} target-tracking policies pull against each other: ${list}. Any one scales out; scale-in needs all of them to agree. Keep one.`,
      keep.builtIn && initConfigures
        ? fix.init(["--replace-custom-policies"])
        : fighting
            .filter((p) => p !== keep)
            .map((p) => fix.deletePolicy(p))
            .join(" && "),
    );
  }

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
        fix.init(["--replace-custom-policies"]),
      );
    }
  }

  if (v.minCapacity !== null && v.maxCapacity !== null && v.minCapacity === v.maxCapacity) {
    const max = Math.max(2 * v.maxCapacity, v.maxCapacity + 1);
    add(
      "warning",
      "MIN_EQUALS_MAX",
      `Minimum and maximum are both ${v.minCapacity}: the target can never scale.`,
      initConfigures
        ? fix.init(["--min", String(Math.max(1, v.minCapacity)), "--max", String(max)])
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
      initConfigures ? fix.init([]) : fix.teardown(),
    );
  }

  for (const p of tracking) {
    // An async variant's InvocationsPerInstance policy is reported above, with its cause.
    if (v.kind === "async" && p.metric === INVOCATIONS_METRIC) continue;
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

/** Target-tracking policies that disagree: two or more differing in metric or target value. */
function fightingPolicies(tracking: ModelPolicy[]): ModelPolicy[] {
  const distinct = new Set(tracking.map((p) => `${p.metric}\n${p.targetValue}`));
  return distinct.size > 1 ? tracking : [];
}

/**
 * On an async endpoint, one that does not track invocations (whatever its name: those never fire); else the
 * built-in policy if there is one; else the first.
 */
function policyToKeep(policies: ModelPolicy[], kind: FindingTarget["kind"]): ModelPolicy {
  return (
    (kind === "async" ? policies.find((p) => p.metric !== INVOCATIONS_METRIC) : undefined) ??
    policies.find((p) => p.builtIn) ??
    policies[0]!
  );
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
  const endpointArgs = v.endpointName
    ? ["--endpoint", v.endpointName, ...(v.variantName ? ["--variant", v.variantName] : [])]
    : [];
  return {
    init: (args: string[]) => smAutoscale("init", [...endpointArgs, ...args]),
    teardown: () =>
      v.endpointName
        ? smAutoscale("teardown", endpointArgs)
        : step({
            service: "application-autoscaling",
            operation: "DeregisterScalableTarget",
            input: key,
            summary: "",
          }),
    deletePolicy: (p: ModelPolicy) =>
      step({
        service: "application-autoscaling",
        operation: "DeleteScalingPolicy",
        input: { ...key, PolicyName: p.policyName },
        summary: "",
      }),
    register: (input: Pick<RegisterScalableTargetRequest, "MaxCapacity" | "SuspendedState">) =>
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
