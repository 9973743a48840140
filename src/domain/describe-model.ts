import type {
  ScalableTarget,
  ScalingActivity,
  ScalingPolicy,
  ScheduledAction,
} from "@aws-sdk/client-application-auto-scaling";
import type { VariantInfo } from "../aws/discover.js";
import type { InferenceComponentDetail } from "../aws/inference-components.js";
import type { AlarmReading, AlarmWatch, RegionRead } from "../aws/region-read.js";
import type { Target } from "../plan/types.js";
import { policyMetric } from "../ui/describe-policy.js";
import { BUILT_IN_POLICY_NAME, DEFAULT_COOLDOWN_SECONDS } from "./constants.js";
import { type Finding, findingsFor, SEVERITY_ORDER, type Severity } from "./findings.js";
import type { VariantKind } from "./kinds.js";
import { parseResourceId } from "./names.js";
import { nextRunOf } from "./schedule-expression.js";
import { wakeAlarmNameOf } from "./wake-alarms.js";

/*
 * `sm-autoscale describe --json` prints a DescribeJson. The shape is a contract (docs/describe.md): every key is
 * always present, unknown values are null rather than missing, times are ISO-8601 strings in UTC, and arrays are
 * sorted, so two runs over the same state print the same bytes.
 */

export interface DescribeJson {
  region: string;
  /** Every scalable target in scope, orphans included, sorted by endpoint, then variant. */
  variants: VariantJson[];
  /** Endpoints with no scalable target on any variant, by name. */
  unscaledEndpoints: { endpointName: string; status: string }[];
  /** Targets whose endpoint or variant no longer exists (each also in `variants`, with an ORPHAN_TARGET finding). */
  orphans: { resourceId: string; scalableDimension: string }[];
  /** The optional reads AWS denied, and the fields that are null (unknown) because of it; empty when all was read. */
  unread: UnreadJson[];
}

export interface UnreadJson {
  /** The IAM action that was denied, e.g. "cloudwatch:DescribeAlarms". */
  action: string;
  /** The fields left null by it, as paths: "variants[].activities". */
  fields: string[];
}

/**
 * The reads `describe` can do without: when AWS denies one (access denied), describe still shows the rest, with
 * these fields null ("unknown" in the table), and makes no finding that needs them. The targets, their policies and
 * the endpoints themselves are required: without them there is nothing to describe.
 */
export const OPTIONAL_READ = {
  activities: {
    action: "application-autoscaling:DescribeScalingActivities",
    what: "scaling activities",
    fields: ["variants[].activities"],
  },
  scheduledActions: {
    action: "application-autoscaling:DescribeScheduledActions",
    what: "scheduled actions",
    fields: ["variants[].scheduledActions"],
  },
  alarms: {
    action: "cloudwatch:DescribeAlarms",
    what: "alarm states",
    fields: ["variants[].policies[].alarms[].state"],
  },
  // Only the variants' kind and instance type come from the config; their counts and the endpoint's status come
  // from DescribeEndpoint, which is required.
  endpointConfigs: {
    action: "sagemaker:DescribeEndpointConfig",
    what: "variant kinds and instance types",
    fields: [
      "variants[].kind",
      "variants[].instanceType",
      "variants[].instancePools",
      "variants[].serverless",
      "variants[].managedInstanceScaling",
    ],
  },
  // Only for inference-component targets: their ids name no endpoint, and only this read tells it.
  inferenceComponents: {
    action: "sagemaker:DescribeInferenceComponent",
    what: "the endpoints and copies of inference components",
    fields: [
      "variants[].endpointName",
      "variants[].variantName",
      "variants[].endpointStatus",
      "variants[].instanceType",
      "variants[].instancePools",
      "variants[].managedInstanceScaling",
      "variants[].currentCopyCount",
      "variants[].desiredCopyCount",
    ],
  },
} as const;

export type OptionalRead = keyof typeof OPTIONAL_READ;

/** In the order they are reported. */
export const OPTIONAL_READS = Object.keys(OPTIONAL_READ) as OptionalRead[];

/** What a target scales: a kind of variant (facts doc §1), an inference component's copies, or null if unknown. */
export type TargetKind = VariantKind | "inference-component";

export interface VariantJson {
  /** For an inference-component target, the endpoint (and variant) hosting the component; null when unknown. */
  endpointName: string | null;
  variantName: string | null;
  resourceId: string;
  scalableDimension: string;
  kind: TargetKind | null;
  endpointStatus: string | null;
  instanceType: string | null;
  currentInstanceCount: number | null;
  desiredInstanceCount: number | null;
  minCapacity: number | null;
  maxCapacity: number | null;
  /** The target's SuspendedState; each flag false unless set. */
  suspended: SuspendedJson;
  policies: PolicyJson[];
  /** null when they could not be read (see `unread`). */
  scheduledActions: ScheduledActionJson[] | null;
  /** The last few scaling activities, newest first; null when they could not be read (see `unread`). */
  activities: ActivityJson[] | null;
  /** By severity (error, warning, info), then code. */
  findings: Finding[];
  // Added with every endpoint kind; null where they do not apply or are not known.
  /** Inference-component targets: the component's name. */
  inferenceComponentName: string | null;
  /** Inference-component targets: RuntimeConfig's copies now and desired. */
  currentCopyCount: number | null;
  desiredCopyCount: number | null;
  /** Heterogeneous variants (and the variant hosting a component): the instance types of their pools, by priority. */
  instancePools: string[] | null;
  /** A shadow variant: it gets a copy of the traffic (ShadowProductionVariants). */
  shadow: boolean;
  /** Serverless variants: MaxConcurrency, and the provisioned concurrency now (null: on demand). */
  serverless: ServerlessJson | null;
  /** Variants hosting inference components (and their components' targets): the variant's managed instance scaling. */
  managedInstanceScaling: ManagedInstanceScalingJson | null;
}

export interface ServerlessJson {
  maxConcurrency: number | null;
  provisionedConcurrency: number | null;
}

export interface ManagedInstanceScalingJson {
  /** ENABLED | DISABLED */
  status: string | null;
  minInstanceCount: number | null;
  maxInstanceCount: number | null;
}

export interface SuspendedJson {
  dynamicScalingInSuspended: boolean;
  dynamicScalingOutSuspended: boolean;
  scheduledScalingSuspended: boolean;
}

export interface PolicyJson {
  policyName: string;
  /** TargetTrackingScaling | StepScaling | PredictiveScaling */
  policyType: string;
  /** True for the console's built-in policy, SageMakerEndpointInvocationScalingPolicy. */
  builtIn: boolean;
  /** Target tracking: the predefined metric type, or "Namespace/MetricName" for a customized one. */
  metric: string | null;
  targetValue: number | null;
  /** Seconds. Target tracking only; the AAS default of 300 when the policy does not set it. */
  scaleInCooldown: number | null;
  scaleOutCooldown: number | null;
  disableScaleIn: boolean | null;
  /**
   * The CloudWatch alarms AAS created for the policy; state null when the alarm no longer exists, or when the alarms
   * could not be read (see `unread`).
   */
  alarms: { name: string; state: string | null }[];
  /** Step scaling: how it acts and which alarms trigger it; null for other policy types. */
  step: StepJson | null;
}

/** A step policy's configuration ([BOTO] application-autoscaling StepScalingPolicyConfiguration) and triggers. */
export interface StepJson {
  /** ChangeInCapacity | PercentChangeInCapacity | ExactCapacity; null when the policy does not say. */
  adjustmentType: string | null;
  /** Seconds; AAS's default of 300 when the policy does not set it. */
  cooldown: number;
  /** Average | Minimum | Maximum; null when unset. */
  metricAggregationType: string | null;
  minAdjustmentMagnitude: number | null;
  /**
   * Each step: its bounds relative to the triggering alarm's threshold (null: unbounded on that side), and the
   * adjustment it makes.
   */
  adjustments: { lowerBound: number | null; upperBound: number | null; scalingAdjustment: number | null }[];
  /**
   * The alarms that trigger it (those it lists, and sm-autoscale's wake alarm where it points here), with what each
   * watches; [] when none is known or the alarms could not be read.
   */
  triggers: { alarm: string; namespace: string; metricName: string; comparison: string; threshold: number }[];
}

export interface ScheduledActionJson {
  name: string;
  schedule: string | null;
  timezone: string | null;
  startTime: string | null;
  endTime: string | null;
  minCapacity: number | null;
  maxCapacity: number | null;
  /** When it runs next (ISO-8601 UTC, counted from the read), as `schedule list` says; null when it will not. */
  nextRun: string | null;
  /** Why it will not run again ("its end time is past"); null when it will. */
  nextRunNote: string | null;
}

export interface ActivityJson {
  startTime: string | null;
  /** Pending | InProgress | Successful | Overridden | Unfulfilled | Failed */
  statusCode: string;
  description: string;
  statusMessage: string | null;
}

/** The model the human view renders: the JSON plus what the view needs and the JSON does not carry. */
export interface DescribeModel extends Omit<DescribeJson, "variants"> {
  /** The endpoint the read was narrowed to, if any. */
  endpointName: string | null;
  variants: ModelVariant[];
}

export interface ModelVariant extends Omit<VariantJson, "policies"> {
  policies: ModelPolicy[];
  /** Why this target is an orphan: its endpoint, its variant, or its inference component no longer exists. */
  orphan: "endpoint" | "variant" | "inference-component" | null;
  /** DescribeEndpoint's FailureReason, when the endpoint failed. */
  failureReason: string | null;
  /**
   * The variant (for a component's target: the variant hosting it) was read with its config, so what it lacks is
   * known to be absent (e.g. no managed instance scaling), not merely unknown.
   */
  variantRead: boolean;
}

export interface ModelPolicy extends PolicyJson {
  source: ScalingPolicy;
  /** ISO-8601; null when AAS did not say. */
  createdAt: string | null;
  /**
   * Step policies: whether an alarm triggers it (one lists it among its actions), null when the alarms could not be
   * read. Always null for other policy types, whose alarms AAS manages.
   */
  triggered: boolean | null;
  /**
   * One of our from-zero step policies: the alarm init put beside it (domain/wake-alarms.ts), as found now:
   * "points-here" (its actions name this policy), "missing", or "points-elsewhere" (it exists, but its actions lost
   * this policy's ARN: the policy was deleted, or recreated under a new ARN). null for other policies, or unread.
   */
  wakeAlarm: { name: string; status: "points-here" | "missing" | "points-elsewhere" } | null;
  /**
   * Step policies: the alarms that trigger it (its listed alarms, and our wake alarm where it points here) with
   * what each watches, for those read whole; [] when none is known (not read, or none). Its steps are relative to
   * their threshold.
   */
  triggers: { name: string; watches: AlarmWatch }[];
}

export interface ModelOptions {
  /** Where the fix commands act (--region, --profile). */
  target: Target;
  /** For age-dependent findings (an alarm still waiting for its first datapoints). */
  now: Date;
}

/** Joins the raw reads of a region into the describe model. Pure. */
export function buildDescribeModel(read: RegionRead, options: ModelOptions): DescribeModel {
  const details = new Map(read.details.map((d) => [d.name, d]));
  const alarms = new Map((read.alarms ?? []).map((a: AlarmReading) => [a.name, a]));
  const components =
    read.inferenceComponents === null ? null : new Map(read.inferenceComponents.map((c) => [c.name, c]));
  const byTarget = <T extends { ResourceId?: string | undefined; ScalableDimension?: string | undefined }>(
    items: T[],
  ) => {
    const groups = new Map<string, T[]>();
    for (const item of items) {
      const key = targetKey(item.ResourceId ?? "", item.ScalableDimension ?? "");
      groups.set(key, [...(groups.get(key) ?? []), item]);
    }
    return groups;
  };
  const policies = byTarget(read.policies);
  const actions = byTarget(read.scheduledActions ?? []);
  const activities = byTarget(read.activities ?? []);

  const variants = read.targets
    .filter((t) => t.ResourceId && t.ScalableDimension)
    .map((t): ModelVariant => {
      const key = targetKey(t.ResourceId!, t.ScalableDimension!);
      const base = variantBase(t, details, components);
      const variant: ModelVariant = {
        ...base,
        policies: (policies.get(key) ?? [])
          .map((p) => policyOf(p, read.alarms === null ? null : alarms))
          .sort(byPolicy),
        scheduledActions:
          read.scheduledActions === null
            ? null
            : (actions.get(key) ?? [])
                .map((a) => scheduledActionOf(a, options.now))
                .sort((a, b) => cmp(a.name, b.name)),
        activities:
          read.activities === null ? null : (activities.get(key) ?? []).map(activityOf).sort(newestFirst),
        findings: [],
      };
      variant.findings = findingsFor(variant, options).sort(
        (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || cmp(a.code, b.code),
      );
      return variant;
    })
    .sort(byVariant);

  const scaled = new Set(variants.flatMap((v) => (v.endpointName ? [v.endpointName] : [])));
  return {
    region: read.region,
    endpointName: read.endpointName ?? null,
    variants,
    unscaledEndpoints: read.endpoints
      .filter((e) => !scaled.has(e.name))
      .map((e) => ({ endpointName: e.name, status: e.status }))
      .sort((a, b) => cmp(a.endpointName, b.endpointName)),
    orphans: variants
      .filter((v) => v.orphan !== null)
      .map((v) => ({ resourceId: v.resourceId, scalableDimension: v.scalableDimension }))
      .sort((a, b) => cmp(a.resourceId, b.resourceId) || cmp(a.scalableDimension, b.scalableDimension)),
    unread: read.unread.map((which) => ({
      action: OPTIONAL_READ[which].action,
      fields: [...OPTIONAL_READ[which].fields],
    })),
  };
}

/** The documented JSON: exactly the contract's keys, in the contract's order. */
export function toDescribeJson(model: DescribeModel): DescribeJson {
  return {
    region: model.region,
    variants: model.variants.map(
      (v): VariantJson => ({
        endpointName: v.endpointName,
        variantName: v.variantName,
        resourceId: v.resourceId,
        scalableDimension: v.scalableDimension,
        kind: v.kind,
        endpointStatus: v.endpointStatus,
        instanceType: v.instanceType,
        currentInstanceCount: v.currentInstanceCount,
        desiredInstanceCount: v.desiredInstanceCount,
        minCapacity: v.minCapacity,
        maxCapacity: v.maxCapacity,
        suspended: { ...v.suspended },
        policies: v.policies.map((p) => ({
          policyName: p.policyName,
          policyType: p.policyType,
          builtIn: p.builtIn,
          metric: p.metric,
          targetValue: p.targetValue,
          scaleInCooldown: p.scaleInCooldown,
          scaleOutCooldown: p.scaleOutCooldown,
          disableScaleIn: p.disableScaleIn,
          alarms: p.alarms.map((a) => ({ name: a.name, state: a.state })),
          step: p.step
            ? {
                ...p.step,
                adjustments: p.step.adjustments.map((a) => ({ ...a })),
                triggers: p.step.triggers.map((t) => ({ ...t })),
              }
            : null,
        })),
        scheduledActions: v.scheduledActions?.map((a) => ({ ...a })) ?? null,
        activities: v.activities?.map((a) => ({ ...a })) ?? null,
        findings: v.findings.map((f) => ({
          severity: f.severity,
          code: f.code,
          message: f.message,
          fix: f.fix,
        })),
        inferenceComponentName: v.inferenceComponentName,
        currentCopyCount: v.currentCopyCount,
        desiredCopyCount: v.desiredCopyCount,
        instancePools: v.instancePools ? [...v.instancePools] : null,
        shadow: v.shadow,
        serverless: v.serverless ? { ...v.serverless } : null,
        managedInstanceScaling: v.managedInstanceScaling ? { ...v.managedInstanceScaling } : null,
      }),
    ),
    unscaledEndpoints: model.unscaledEndpoints.map((e) => ({ ...e })),
    orphans: model.orphans.map((o) => ({ ...o })),
    unread: model.unread.map((u) => ({ action: u.action, fields: [...u.fields] })),
  };
}

/** Findings that count for --strict: errors and warnings. Info findings are expected states that pass. */
export function failingFindings(model: Pick<DescribeModel, "variants">): Finding[] {
  return model.variants.flatMap((v) => v.findings.filter((f) => f.severity !== "info"));
}

export function countBySeverity(model: Pick<DescribeModel, "variants">): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const v of model.variants) for (const f of v.findings) counts[f.severity]++;
  return counts;
}

type VariantBase = Omit<ModelVariant, "policies" | "scheduledActions" | "activities" | "findings">;
type Details = Map<string, RegionRead["details"][number]>;
type Components = Map<string, InferenceComponentDetail> | null;
type VariantFacts = Pick<
  VariantBase,
  | "kind"
  | "instanceType"
  | "instancePools"
  | "currentInstanceCount"
  | "desiredInstanceCount"
  | "shadow"
  | "serverless"
  | "managedInstanceScaling"
  | "variantRead"
>;

const NO_FACTS: VariantFacts = {
  kind: null,
  instanceType: null,
  instancePools: null,
  currentInstanceCount: null,
  desiredInstanceCount: null,
  shadow: false,
  serverless: null,
  managedInstanceScaling: null,
  variantRead: false,
};

function variantBase(target: ScalableTarget, details: Details, components: Components): VariantBase {
  const resourceId = target.ResourceId ?? "";
  const parsed = parseResourceId(resourceId);
  const common = {
    resourceId,
    scalableDimension: target.ScalableDimension ?? "",
    minCapacity: target.MinCapacity ?? null,
    maxCapacity: target.MaxCapacity ?? null,
    suspended: {
      dynamicScalingInSuspended: target.SuspendedState?.DynamicScalingInSuspended ?? false,
      dynamicScalingOutSuspended: target.SuspendedState?.DynamicScalingOutSuspended ?? false,
      scheduledScalingSuspended: target.SuspendedState?.ScheduledScalingSuspended ?? false,
    },
    inferenceComponentName: null,
    currentCopyCount: null,
    desiredCopyCount: null,
  };
  const unknown = { ...NO_FACTS, endpointStatus: null, failureReason: null };
  if (parsed.kind === "inference-component")
    return componentBase(common, parsed.inferenceComponentName, details, components);
  if (parsed.kind !== "variant") {
    return { ...common, ...unknown, endpointName: null, variantName: null, orphan: null };
  }
  const names = { endpointName: parsed.endpointName, variantName: parsed.variantName };
  const endpoint = details.get(parsed.endpointName);
  if (!endpoint) return { ...common, ...names, ...unknown, orphan: "endpoint" };
  const status = {
    endpointStatus: endpoint.status,
    failureReason: endpoint.failureReason ?? null,
  };
  const variant = endpoint.variants.find((v) => v.variantName === parsed.variantName);
  // A shadow variant is one of the endpoint's variants too (endpointDetailFrom lists it): never an orphan.
  if (!variant) return { ...common, ...names, ...unknown, ...status, orphan: "variant" };
  return { ...common, ...names, ...status, ...variantFacts(variant, endpoint.configDenied), orphan: null };
}

/**
 * An inference-component target: its id names only the component, so the endpoint, the variant and the copies come
 * from DescribeInferenceComponent, and the instances it runs on from the variant hosting it.
 */
function componentBase(
  common: Omit<
    VariantBase,
    keyof VariantFacts | "endpointName" | "variantName" | "endpointStatus" | "failureReason" | "orphan"
  >,
  name: string,
  details: Details,
  components: Components,
): VariantBase {
  const base = {
    ...common,
    ...NO_FACTS,
    kind: "inference-component" as const,
    inferenceComponentName: name,
    endpointName: null,
    variantName: null,
    endpointStatus: null,
    failureReason: null,
  };
  // Not read (denied): nothing more to join, and no claim that it is gone.
  if (components === null) return { ...base, orphan: null };
  const component = components.get(name);
  if (!component) return { ...base, orphan: "inference-component" };
  const endpoint = component.endpointName ? details.get(component.endpointName) : undefined;
  const variant = endpoint?.variants.find((v) => v.variantName === component.variantName);
  const facts = variant ? variantFacts(variant, endpoint?.configDenied) : NO_FACTS;
  return {
    ...base,
    endpointName: component.endpointName ?? null,
    variantName: component.variantName ?? null,
    endpointStatus: endpoint?.status ?? null,
    failureReason: endpoint?.failureReason ?? null,
    instanceType: facts.instanceType,
    instancePools: facts.instancePools,
    managedInstanceScaling: facts.managedInstanceScaling,
    variantRead: facts.variantRead,
    currentCopyCount: component.currentCopyCount ?? null,
    desiredCopyCount: component.desiredCopyCount ?? null,
    orphan: null,
  };
}

/** What the endpoint says of one of its variants; without its config, what only the config tells is unknown. */
function variantFacts(variant: VariantInfo, configDenied: boolean | undefined): VariantFacts {
  const counts = {
    currentInstanceCount: variant.currentInstanceCount ?? null,
    desiredInstanceCount: variant.desiredInstanceCount ?? null,
    shadow: variant.shadow === true,
  };
  // Without its config, a variant's kind would be a guess (an async endpoint looks real-time): unknown.
  if (configDenied) return { ...NO_FACTS, ...counts };
  return {
    ...counts,
    variantRead: true,
    kind: variant.kind,
    instanceType: variant.instanceType ?? null,
    instancePools: variant.instancePools ? [...variant.instancePools] : null,
    serverless: variant.serverless
      ? {
          maxConcurrency: variant.serverless.maxConcurrency ?? null,
          provisionedConcurrency: variant.serverless.provisionedConcurrency ?? null,
        }
      : null,
    managedInstanceScaling: variant.managedInstanceScaling
      ? {
          status: variant.managedInstanceScaling.status ?? null,
          minInstanceCount: variant.managedInstanceScaling.min ?? null,
          maxInstanceCount: variant.managedInstanceScaling.max ?? null,
        }
      : null,
  };
}

/** A policy as the model holds it; `alarms` is null when they could not be read. */
function policyOf(policy: ScalingPolicy, alarms: Map<string, AlarmReading> | null): ModelPolicy {
  const tt = policy.TargetTrackingScalingPolicyConfiguration;
  const step = policy.PolicyType === "StepScaling";
  const listed = (policy.Alarms ?? []).flatMap((a) => (a.AlarmName ? [a.AlarmName] : []));
  const wakeName = step ? wakeAlarmNameOf(policy) : undefined;
  let wakeAlarm: ModelPolicy["wakeAlarm"] = null;
  if (wakeName && alarms) {
    const reading = alarms.get(wakeName);
    const found = reading?.state !== undefined;
    wakeAlarm = {
      name: wakeName,
      status: !found
        ? "missing"
        : policy.PolicyARN && reading?.actions?.includes(policy.PolicyARN)
          ? "points-here"
          : "points-elsewhere",
    };
  }
  const triggering =
    !step || !alarms ? [] : [...listed, ...(wakeAlarm?.status === "points-here" ? [wakeAlarm.name] : [])];
  const triggers = [...new Set(triggering)].sort(cmp).flatMap((name) => {
    const watches = alarms?.get(name)?.watches;
    return watches ? [{ name, watches }] : [];
  });
  return {
    policyName: policy.PolicyName ?? "",
    policyType: policy.PolicyType ?? "",
    builtIn: policy.PolicyName === BUILT_IN_POLICY_NAME,
    metric: tt ? policyMetric(policy) : null,
    targetValue: tt?.TargetValue ?? null,
    scaleInCooldown: tt ? (tt.ScaleInCooldown ?? DEFAULT_COOLDOWN_SECONDS) : null,
    scaleOutCooldown: tt ? (tt.ScaleOutCooldown ?? DEFAULT_COOLDOWN_SECONDS) : null,
    disableScaleIn: tt ? (tt.DisableScaleIn ?? false) : null,
    alarms: listed
      .map((name) => ({ name, state: alarms?.get(name)?.state ?? null }))
      .sort((a, b) => cmp(a.name, b.name)),
    step: step ? stepOf(policy, triggers) : null,
    source: policy,
    createdAt: iso(policy.CreationTime),
    // AAS lists a step policy's alarms: those whose actions name it. Ours is also read by name, in case it does not.
    triggered: !step || !alarms ? null : listed.length > 0 || wakeAlarm?.status === "points-here",
    wakeAlarm,
    triggers,
  };
}

function stepOf(policy: ScalingPolicy, triggers: ModelPolicy["triggers"]): StepJson {
  const config = policy.StepScalingPolicyConfiguration;
  return {
    adjustmentType: config?.AdjustmentType ?? null,
    cooldown: config?.Cooldown ?? DEFAULT_COOLDOWN_SECONDS,
    metricAggregationType: config?.MetricAggregationType ?? null,
    minAdjustmentMagnitude: config?.MinAdjustmentMagnitude ?? null,
    adjustments: (config?.StepAdjustments ?? []).map((a) => ({
      lowerBound: a.MetricIntervalLowerBound ?? null,
      upperBound: a.MetricIntervalUpperBound ?? null,
      scalingAdjustment: a.ScalingAdjustment ?? null,
    })),
    triggers: triggers.map(({ name, watches }) => ({ alarm: name, ...watches })),
  };
}

function scheduledActionOf(action: ScheduledAction, now: Date): ScheduledActionJson {
  const next = nextRunOf(action, now);
  return {
    name: action.ScheduledActionName ?? "",
    schedule: action.Schedule ?? null,
    timezone: action.Timezone ?? null,
    startTime: iso(action.StartTime),
    endTime: iso(action.EndTime),
    minCapacity: action.ScalableTargetAction?.MinCapacity ?? null,
    maxCapacity: action.ScalableTargetAction?.MaxCapacity ?? null,
    nextRun: next.at ? next.at.toISOString() : null,
    nextRunNote: next.at ? null : next.why,
  };
}

function activityOf(activity: ScalingActivity): ActivityJson {
  return {
    startTime: iso(activity.StartTime),
    statusCode: activity.StatusCode ?? "",
    description: activity.Description ?? "",
    statusMessage: activity.StatusMessage ?? null,
  };
}

function iso(value: Date | string | number | undefined): string | null {
  if (value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function targetKey(resourceId: string, dimension: string): string {
  return `${resourceId}\n${dimension}`;
}

/** Code-point order, not locale order: the same bytes on every machine. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** null sorts last. */
function cmpNullable(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return cmp(a, b);
}

function byVariant(a: VariantJson, b: VariantJson): number {
  return (
    cmpNullable(a.endpointName, b.endpointName) ||
    cmpNullable(a.variantName, b.variantName) ||
    cmp(a.resourceId, b.resourceId) ||
    cmp(a.scalableDimension, b.scalableDimension)
  );
}

/** The built-in policy first, then by name. */
function byPolicy(a: PolicyJson, b: PolicyJson): number {
  return Number(b.builtIn) - Number(a.builtIn) || cmp(a.policyName, b.policyName);
}

/** Newest first; an activity without a start time last. */
function newestFirst(a: ActivityJson, b: ActivityJson): number {
  if (a.startTime !== b.startTime && (a.startTime === null || b.startTime === null)) {
    return a.startTime === null ? 1 : -1;
  }
  return cmp(b.startTime ?? "", a.startTime ?? "") || cmp(a.description, b.description);
}
