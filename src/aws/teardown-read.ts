import type { ScalableTarget } from "@aws-sdk/client-application-auto-scaling";
import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { OWN_ALARM_PREFIX, PAGE, SERVICE_NAMESPACE } from "../domain/constants.js";
import { isSageMakerName, resourceIdOf } from "../domain/names.js";
import {
  inScope,
  type OwnAlarm,
  resolveScope,
  type TeardownRead,
  type TeardownScope,
  type TeardownTarget,
} from "../plan/build-teardown.js";
import { readAlarmsNamed } from "./alarms.js";
import type { Clients } from "./clients.js";
import { isNotFound } from "./discover.js";
import { isAccessDenied } from "./error-codes.js";
import { listInferenceComponents } from "./inference-components.js";
import { collectPages, LISTING } from "./paging.js";
import { describeTargetsOf, listSageMakerTargets, withPoliciesAndActions } from "./scaling-read.js";

/** What teardown read, and whether it could read our own alarms. */
export interface TeardownReading extends TeardownRead {
  /**
   * True when AWS denied DescribeAlarms: our alarms are unknown, so `ownAlarms` is empty and the plan removes none.
   * Teardown never deletes what it cannot see; the targets, policies and scheduled actions are removed as usual.
   * Nor can a rollback then point the alarms of a step policy at the policy it puts back.
   */
  ownAlarmsDenied: boolean;
  /**
   * True when AWS denied ListInferenceComponents (endpoint scope): the endpoint's inference components are
   * unknown, and their autoscaling is not removed.
   */
  inferenceComponentsDenied?: boolean;
}

/** The IAM action behind our alarm read, for the warning when it is denied. */
export const OWN_ALARMS_ACTION = LISTING.ownAlarms.action;
/** The IAM action behind the listing of an endpoint's inference components. */
export const INFERENCE_COMPONENTS_ACTION = LISTING.inferenceComponents.action;

/**
 * Reads what a teardown in this scope would remove, batched (facts §11): for an endpoint, its inference components
 * first (ListInferenceComponents EndpointNameEquals, with VariantNameEquals for a variant, 100 a page: their
 * targets are named after them, not the endpoint); the targets (one ResourceIds call for a variant's own target,
 * else the whole namespace 50 at a time), their policies (10 a page) and scheduled actions (50 a page), our own
 * alarms (one DescribeAlarms by name prefix, 100 a page), and, only where a step policy in scope is triggered by
 * alarms not ours, those alarms by name (100 a call), for a rollback to re-point. The targets, policies and
 * scheduled actions are required (undoing a teardown puts them back); the rest is not (see
 * {@link TeardownReading}).
 */
export async function readTeardownState(
  clients: Pick<Clients, "autoscaling" | "cloudwatch" | "sagemaker">,
  scope: TeardownScope,
): Promise<TeardownReading> {
  const ownAlarms = readOwnAlarms(clients).catch((error: unknown) => {
    if (isAccessDenied(error)) return null;
    throw error;
  });
  // The alarms are read beside the components and targets, and awaited with them: a failure of either while
  // the other is still pending is handled, never an unhandled rejection.
  const inScope = (async () => {
    const components = scope.kind === "endpoint" ? await readComponents(clients, scope) : undefined;
    const resolved = resolveScope(scope, { inferenceComponents: components ?? undefined });
    return { components, targets: await readTargets(clients, resolved) };
  })();
  const [{ components, targets }, own] = await Promise.all([inScope, ownAlarms]);
  const otherAlarms = own === null ? [] : await readOtherTriggers(clients, targets, own);
  return {
    targets,
    ownAlarms: own ?? [],
    ownAlarmsDenied: own === null,
    ...(otherAlarms.length > 0 ? { otherAlarms } : {}),
    ...(components !== undefined ? { inferenceComponents: components ?? [] } : {}),
    ...(components === null ? { inferenceComponentsDenied: true } : {}),
  };
}

/** The endpoint's inference components (on the variant, with one); null when AWS denied the listing. */
async function readComponents(
  clients: Pick<Clients, "sagemaker">,
  scope: Extract<TeardownScope, { kind: "endpoint" }>,
): Promise<string[] | null> {
  // A name that breaks the pattern (§9) names no endpoint: AWS would only reject the call.
  if (!isSageMakerName(scope.endpointName)) return [];
  try {
    const found = await listInferenceComponents(clients, scope.endpointName, {
      variantName: scope.variantName,
    });
    return found.map((c) => c.name).sort();
  } catch (error) {
    if (isAccessDenied(error)) return null;
    throw error;
  }
}

/**
 * The alarms, not ours, that the step policies in scope list as triggering them (AAS fills a step policy's
 * `Alarms` with them), whole. None without such policies: no call.
 */
async function readOtherTriggers(
  clients: Pick<Clients, "cloudwatch">,
  targets: TeardownTarget[],
  own: OwnAlarm[],
): Promise<MetricAlarm[]> {
  const ours = new Set(own.map((a) => a.name));
  const names = new Set<string>();
  for (const t of targets) {
    for (const p of t.policies) {
      if (p.PolicyType !== "StepScaling") continue;
      for (const a of p.Alarms ?? []) if (a.AlarmName && !ours.has(a.AlarmName)) names.add(a.AlarmName);
    }
  }
  return names.size === 0 ? [] : readAlarmsNamed(clients, [...names].sort());
}

async function readTargets(
  clients: Pick<Clients, "autoscaling">,
  scope: TeardownScope,
): Promise<TeardownTarget[]> {
  const targets =
    scope.kind === "endpoint" && scope.variantName !== undefined
      ? await describeTargetsOf(clients, [
          resourceIdOf(scope.endpointName, scope.variantName),
          ...(scope.inferenceComponents ?? []).map((name) => `inference-component/${name}`),
        ])
      : scope.kind === "resources"
        ? await describeTargetsOf(clients, scope.resourceIds)
        : // A variant's targets cannot be listed by endpoint, and the endpoint may be gone (orphans): read them all.
          await listSageMakerTargets(clients);
  const wanted = targets
    .filter((t) => (t.ServiceNamespace ?? SERVICE_NAMESPACE) === SERVICE_NAMESPACE && inScope(scope, t))
    .sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  return withPoliciesAndActions(clients, wanted, scope.kind === "all");
}

function sortKey(t: ScalableTarget): string {
  return `${t.ResourceId ?? ""}|${t.ScalableDimension ?? ""}`;
}

/** Every alarm whose name starts with our prefix, with the actions and dimensions that tie it to a resource. */
export async function readOwnAlarms(clients: Pick<Clients, "cloudwatch">): Promise<OwnAlarm[]> {
  const { paginateDescribeAlarms } = await import("@aws-sdk/client-cloudwatch");
  const client = await clients.cloudwatch();
  const alarms = await collectPages(
    LISTING.ownAlarms,
    (startingToken) =>
      paginateDescribeAlarms(
        { client, pageSize: PAGE.alarmNamesPerCall, startingToken },
        { AlarmNamePrefix: OWN_ALARM_PREFIX, AlarmTypes: ["MetricAlarm"] },
      ),
    (page) => page.MetricAlarms,
  );
  return alarms.filter((a) => a.AlarmName?.startsWith(OWN_ALARM_PREFIX)).map(toOwnAlarm);
}

export function toOwnAlarm(alarm: MetricAlarm): OwnAlarm {
  const dimensions: Record<string, string> = {};
  const all = [
    ...(alarm.Dimensions ?? []),
    ...(alarm.Metrics ?? []).flatMap((m) => m.MetricStat?.Metric?.Dimensions ?? []),
  ];
  for (const d of all) if (d.Name && d.Value !== undefined) dimensions[d.Name] = d.Value;
  return {
    name: alarm.AlarmName ?? "",
    actions: [
      ...(alarm.AlarmActions ?? []),
      ...(alarm.OKActions ?? []),
      ...(alarm.InsufficientDataActions ?? []),
    ],
    dimensions,
    source: alarm,
  };
}

export interface EndpointCounts {
  /** False when the endpoint does not exist (its targets are orphans). */
  exists: boolean;
  status?: string | undefined;
  variants: {
    variantName: string;
    currentInstanceCount?: number | undefined;
    provisionedConcurrency?: number | undefined;
  }[];
}

/** What the endpoint runs now, from DescribeEndpoint alone, to say that teardown leaves it as it is. */
export async function readEndpointCounts(
  clients: Pick<Clients, "sagemaker">,
  endpointName: string,
): Promise<EndpointCounts> {
  // A name from an orphan's ResourceId may break the EndpointName pattern (§9): no endpoint can have it, and
  // AWS would only reject the call.
  if (!isSageMakerName(endpointName)) return { exists: false, variants: [] };
  const { DescribeEndpointCommand } = await import("@aws-sdk/client-sagemaker");
  const client = await clients.sagemaker();
  try {
    const out = await client.send(new DescribeEndpointCommand({ EndpointName: endpointName }));
    return {
      exists: true,
      status: out.EndpointStatus,
      // Shadow variants are variants of the endpoint too, each with its own instances (and possibly a target).
      variants: [...(out.ProductionVariants ?? []), ...(out.ShadowProductionVariants ?? [])].map((v) => ({
        variantName: v.VariantName ?? "",
        currentInstanceCount: v.CurrentInstanceCount,
        provisionedConcurrency: v.CurrentServerlessConfig?.ProvisionedConcurrency,
      })),
    };
  } catch (error) {
    if (isNotFound(error)) return { exists: false, variants: [] };
    throw error;
  }
}
