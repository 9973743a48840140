import type { ScalableTarget } from "@aws-sdk/client-application-auto-scaling";
import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { OWN_ALARM_PREFIX, PAGE, SERVICE_NAMESPACE } from "../domain/constants.js";
import { isSageMakerName, resourceIdOf } from "../domain/names.js";
import {
  inScope,
  type OwnAlarm,
  type TeardownRead,
  type TeardownScope,
  type TeardownTarget,
} from "../plan/build-teardown.js";
import type { Clients } from "./clients.js";
import { mapLimit } from "./concurrency.js";
import { isNotFound } from "./discover.js";
import { isAccessDenied } from "./error-codes.js";
import { collectPages, LISTING } from "./paging.js";
import {
  describeTargetsOf,
  listSageMakerPolicies,
  listSageMakerScheduledActions,
  listSageMakerTargets,
} from "./scaling-read.js";

/** What teardown read, and whether it could read our own alarms. */
export interface TeardownReading extends TeardownRead {
  /**
   * True when AWS denied DescribeAlarms: our alarms are unknown, so `ownAlarms` is empty and the plan removes none.
   * Teardown never deletes what it cannot see; the targets, policies and scheduled actions are removed as usual.
   */
  ownAlarmsDenied: boolean;
}

/** The IAM action behind our alarm read, for the warning when it is denied. */
export const OWN_ALARMS_ACTION = LISTING.ownAlarms.action;

/**
 * Reads what a teardown in this scope would remove, batched (facts §11): the targets (one ResourceIds call for a
 * variant, else the whole namespace 50 at a time), their policies (10 a page) and scheduled actions (50 a page),
 * and our own alarms (one DescribeAlarms by name prefix, 100 a page). The targets, policies and scheduled actions
 * are required (undoing a teardown puts them back); our alarms are not (see {@link TeardownReading}).
 */
export async function readTeardownState(
  clients: Pick<Clients, "autoscaling" | "cloudwatch">,
  scope: TeardownScope,
): Promise<TeardownReading> {
  const [targets, ownAlarms] = await Promise.all([
    readTargets(clients, scope),
    readOwnAlarms(clients).catch((error: unknown) => {
      if (isAccessDenied(error)) return null;
      throw error;
    }),
  ]);
  return { targets, ownAlarms: ownAlarms ?? [], ownAlarmsDenied: ownAlarms === null };
}

/** AWS calls in flight at once when reading target by target. */
const READ_CONCURRENCY = 8;
/** Above this many targets, two namespace-wide listings cost fewer calls than two per target. */
const PER_TARGET_READS_UP_TO = 10;

async function readTargets(
  clients: Pick<Clients, "autoscaling">,
  scope: TeardownScope,
): Promise<TeardownTarget[]> {
  const targets =
    scope.kind === "endpoint" && scope.variantName !== undefined
      ? await describeTargetsOf(clients, [resourceIdOf(scope.endpointName, scope.variantName)])
      : scope.kind === "resources"
        ? await describeTargetsOf(clients, scope.resourceIds)
        : // A variant's targets cannot be listed by endpoint, and the endpoint may be gone (orphans): read them all.
          await listSageMakerTargets(clients);
  const wanted = targets
    .filter((t) => (t.ServiceNamespace ?? SERVICE_NAMESPACE) === SERVICE_NAMESPACE && inScope(scope, t))
    .sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  if (wanted.length === 0) return [];

  if (scope.kind === "all" || wanted.length > PER_TARGET_READS_UP_TO) {
    const [policies, actions] = await Promise.all([
      listSageMakerPolicies(clients),
      listSageMakerScheduledActions(clients),
    ]);
    return wanted.map((target) => ({
      target,
      policies: policies.filter((p) => sameTarget(p, target)),
      scheduledActions: actions.filter((a) => sameTarget(a, target)),
    }));
  }
  return mapLimit(wanted, READ_CONCURRENCY, async (target) => {
    const key = { resourceId: target.ResourceId ?? "", dimension: target.ScalableDimension! };
    const [policies, scheduledActions] = await Promise.all([
      listSageMakerPolicies(clients, key),
      listSageMakerScheduledActions(clients, key),
    ]);
    return { target, policies, scheduledActions };
  });
}

function sameTarget(
  item: { ResourceId?: string | undefined; ScalableDimension?: string | undefined },
  target: ScalableTarget,
): boolean {
  return item.ResourceId === target.ResourceId && item.ScalableDimension === target.ScalableDimension;
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
      variants: (out.ProductionVariants ?? []).map((v) => ({
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
