import type {
  ScalableDimension,
  ScalableTarget,
  ScalingActivity,
  ScalingPolicy,
  ScheduledAction,
} from "@aws-sdk/client-application-auto-scaling";
import { PAGE, SERVICE_NAMESPACE } from "../domain/constants.js";
import type { Clients } from "./clients.js";
import { chunk, mapLimit } from "./concurrency.js";
import { collectPages, LISTING, pagesOf } from "./paging.js";

/** What Application Auto Scaling holds for one scalable target. */
export interface TargetState {
  target?: ScalableTarget | undefined;
  policies: ScalingPolicy[];
}

/** The scalable target of one resource and its policies: two calls, exact matches only. */
export async function readTargetState(
  clients: Pick<Clients, "autoscaling">,
  resourceId: string,
  dimension: ScalableDimension | `${ScalableDimension}`,
): Promise<TargetState> {
  const key: TargetKey = { resourceId, dimension };
  const [targets, policies] = await Promise.all([
    describeTargetsOf(clients, [resourceId]),
    listSageMakerPolicies(clients, key),
  ]);
  return { target: targets.find((t) => matches(key, t)), policies };
}

/** Every SageMaker scalable target in the region, all pages, 50 at a time. */
export async function listSageMakerTargets(clients: Pick<Clients, "autoscaling">): Promise<ScalableTarget[]> {
  const aas = await import("@aws-sdk/client-application-auto-scaling");
  const client = await clients.autoscaling();
  return collectPages(
    LISTING.scalableTargets,
    (startingToken) =>
      aas.paginateDescribeScalableTargets(
        { client, pageSize: PAGE.scalableTargets, startingToken },
        { ServiceNamespace: SERVICE_NAMESPACE },
      ),
    (page) => page.ScalableTargets,
  );
}

/** Narrows a namespace-wide read to one scalable target. Without it, the read covers the whole namespace. */
export interface TargetKey {
  resourceId: string;
  dimension: ScalableDimension | `${ScalableDimension}`;
}

const matches = (key: TargetKey | undefined, item: { ResourceId?: string; ScalableDimension?: string }) =>
  key === undefined || (item.ResourceId === key.resourceId && item.ScalableDimension === key.dimension);

/** A scalable target with every scaling policy and scheduled action that acts on it. */
export interface TargetWithRules {
  target: ScalableTarget;
  policies: ScalingPolicy[];
  scheduledActions: ScheduledAction[];
}

/** AWS calls in flight at once when reading target by target. */
const READ_CONCURRENCY = 8;
/** Above this many targets, two namespace-wide listings cost fewer calls than two per target. */
const PER_TARGET_READS_UP_TO = 10;

/**
 * The policies and scheduled actions of the given targets (teardown's and export's read): per target, or with two
 * namespace-wide listings when `wholeNamespace` is read anyway or there are more than ten targets (§11).
 */
export async function withPoliciesAndActions(
  clients: Pick<Clients, "autoscaling">,
  targets: ScalableTarget[],
  wholeNamespace: boolean,
): Promise<TargetWithRules[]> {
  if (targets.length === 0) return [];
  if (wholeNamespace || targets.length > PER_TARGET_READS_UP_TO) {
    const [policies, actions] = await Promise.all([
      listSageMakerPolicies(clients),
      listSageMakerScheduledActions(clients),
    ]);
    return targets.map((target) => ({
      target,
      policies: policies.filter((p) => sameTarget(p, target)),
      scheduledActions: actions.filter((a) => sameTarget(a, target)),
    }));
  }
  return mapLimit(targets, READ_CONCURRENCY, async (target) => {
    const key = { resourceId: target.ResourceId ?? "", dimension: target.ScalableDimension! };
    const [policies, scheduledActions] = await Promise.all([
      listSageMakerPolicies(clients, key),
      listSageMakerScheduledActions(clients, key),
    ]);
    return { target, policies, scheduledActions };
  });
}

const sameTarget = (item: { ResourceId?: string; ScalableDimension?: string }, target: ScalableTarget) =>
  item.ResourceId === target.ResourceId && item.ScalableDimension === target.ScalableDimension;

/** The scaling policies of the whole namespace (or of one target), all pages of 10, AWS's maximum (§11). */
export async function listSageMakerPolicies(
  clients: Pick<Clients, "autoscaling">,
  key?: TargetKey,
): Promise<ScalingPolicy[]> {
  const aas = await import("@aws-sdk/client-application-auto-scaling");
  const client = await clients.autoscaling();
  const policies = await collectPages(
    key ? LISTING.scalingPoliciesOfTarget : LISTING.scalingPolicies,
    (startingToken) =>
      aas.paginateDescribeScalingPolicies(
        { client, pageSize: PAGE.scalingPolicies, startingToken },
        {
          ServiceNamespace: SERVICE_NAMESPACE,
          ...(key
            ? { ResourceId: key.resourceId, ScalableDimension: key.dimension as ScalableDimension }
            : {}),
          MaxResults: PAGE.scalingPolicies,
        },
      ),
    (page) => page.ScalingPolicies,
  );
  // moto filters ResourceId by substring; keep exact matches only.
  return policies.filter((p) => matches(key, p));
}

/** The scheduled actions of the whole namespace (or of one target), all pages of 50. */
export async function listSageMakerScheduledActions(
  clients: Pick<Clients, "autoscaling">,
  key?: TargetKey,
): Promise<ScheduledAction[]> {
  const aas = await import("@aws-sdk/client-application-auto-scaling");
  const client = await clients.autoscaling();
  const actions = await collectPages(
    key ? LISTING.scheduledActionsOfTarget : LISTING.scheduledActions,
    (startingToken) =>
      aas.paginateDescribeScheduledActions(
        { client, pageSize: PAGE.scheduledActions, startingToken },
        {
          ServiceNamespace: SERVICE_NAMESPACE,
          ...(key
            ? { ResourceId: key.resourceId, ScalableDimension: key.dimension as ScalableDimension }
            : {}),
          MaxResults: PAGE.scheduledActions,
        },
      ),
    (page) => page.ScheduledActions,
  );
  return actions.filter((a) => matches(key, a));
}

/** The scalable targets of these resources, any dimension: one call per 50 resource ids, AWS's maximum (§11). */
export async function describeTargetsOf(
  clients: Pick<Clients, "autoscaling">,
  resourceIds: readonly string[],
): Promise<ScalableTarget[]> {
  const aas = await import("@aws-sdk/client-application-auto-scaling");
  const client = await clients.autoscaling();
  const wanted = new Set(resourceIds);
  const pages = await Promise.all(
    chunk(resourceIds, PAGE.scalableTargetIdsPerCall).map((ResourceIds) =>
      collectPages(
        LISTING.scalableTargetsOf(ResourceIds.length),
        (startingToken) =>
          aas.paginateDescribeScalableTargets(
            { client, pageSize: PAGE.scalableTargets, startingToken },
            { ServiceNamespace: SERVICE_NAMESPACE, ResourceIds },
          ),
        (page) => page.ScalableTargets,
      ),
    ),
  );
  return pages.flat().filter((t) => wanted.has(t.ResourceId ?? ""));
}

/** The last `count` scaling activities of one target, newest first: one call, no paging (§11: ≤ 50). */
export async function recentActivities(
  clients: Pick<Clients, "autoscaling">,
  key: TargetKey,
  count: number,
): Promise<ScalingActivity[]> {
  const aas = await import("@aws-sdk/client-application-auto-scaling");
  const client = await clients.autoscaling();
  const out = await client.send(
    new aas.DescribeScalingActivitiesCommand({
      ServiceNamespace: SERVICE_NAMESPACE,
      ResourceId: key.resourceId,
      ScalableDimension: key.dimension as ScalableDimension,
      MaxResults: count,
    }),
  );
  return (out.ScalingActivities ?? []).filter((a) => matches(key, a));
}

/** A newest-first read of the namespace's scaling activities, as far as it went. */
export interface ActivityScan {
  activities: ScalingActivity[];
  /** True when the read reached the end: every activity of the last six weeks is in `activities`. */
  complete: boolean;
}

/**
 * The namespace's scaling activities, newest first, in pages of 50 (§11), stopping after `maxPages`: one call
 * covers every target of a quiet region, where reading target by target costs one call each.
 */
export async function scanSageMakerActivities(
  clients: Pick<Clients, "autoscaling">,
  maxPages: number,
): Promise<ActivityScan> {
  const aas = await import("@aws-sdk/client-application-auto-scaling");
  const client = await clients.autoscaling();
  const activities: ScalingActivity[] = [];
  let pages = 0;
  for await (const page of pagesOf(LISTING.scalingActivitiesScan(maxPages), (startingToken) =>
    aas.paginateDescribeScalingActivities(
      { client, pageSize: PAGE.activities, startingToken },
      { ServiceNamespace: SERVICE_NAMESPACE, MaxResults: PAGE.activities },
    ),
  )) {
    activities.push(...(page.ScalingActivities ?? []));
    if (!page.NextToken) return { activities, complete: true };
    // Enough pages for the caller: stop before the next one is asked for.
    if (++pages >= maxPages) break;
  }
  return { activities, complete: false };
}
