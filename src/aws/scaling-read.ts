import type {
  ScalableDimension,
  ScalableTarget,
  ScalingPolicy,
  ScheduledAction,
} from "@aws-sdk/client-application-auto-scaling";
import { PAGE, SERVICE_NAMESPACE } from "../domain/constants.js";
import type { Clients } from "./clients.js";

/** What Application Auto Scaling holds for one scalable target. */
export interface TargetState {
  target?: ScalableTarget | undefined;
  policies: ScalingPolicy[];
  scheduledActions: ScheduledAction[];
}

/** The scalable target and policies of one resource: two calls (three with scheduled actions). */
export async function readTargetState(
  clients: Pick<Clients, "autoscaling">,
  resourceId: string,
  dimension: ScalableDimension | `${ScalableDimension}`,
  options: { scheduledActions?: boolean } = {},
): Promise<TargetState> {
  const aas = await import("@aws-sdk/client-application-auto-scaling");
  const client = await clients.autoscaling();
  const ScalableDimension = dimension as ScalableDimension;
  const [targets, policies, scheduledActions] = await Promise.all([
    client.send(
      new aas.DescribeScalableTargetsCommand({
        ServiceNamespace: SERVICE_NAMESPACE,
        ResourceIds: [resourceId],
        ScalableDimension,
      }),
    ),
    collect(
      aas.paginateDescribeScalingPolicies(
        { client, pageSize: PAGE.scalingPolicies },
        { ServiceNamespace: SERVICE_NAMESPACE, ResourceId: resourceId, ScalableDimension },
      ),
      (page) => page.ScalingPolicies,
    ),
    options.scheduledActions
      ? collect(
          aas.paginateDescribeScheduledActions(
            { client, pageSize: PAGE.scheduledActions },
            { ServiceNamespace: SERVICE_NAMESPACE, ResourceId: resourceId, ScalableDimension },
          ),
          (page) => page.ScheduledActions,
        )
      : Promise.resolve([]),
  ]);
  const target = targets.ScalableTargets?.find(
    (t) => t.ResourceId === resourceId && t.ScalableDimension === dimension,
  );
  return {
    target,
    // moto filters ResourceId by substring; keep exact matches only.
    policies: policies.filter((p) => p.ResourceId === resourceId && p.ScalableDimension === dimension),
    scheduledActions: scheduledActions.filter(
      (a) => a.ResourceId === resourceId && a.ScalableDimension === dimension,
    ),
  };
}

export async function collect<P, T>(
  pages: AsyncIterable<P>,
  items: (page: P) => T[] | undefined,
): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...(items(page) ?? []));
  return all;
}

/** Every SageMaker scalable target in the region, all pages, 50 at a time. */
export async function listSageMakerTargets(clients: Pick<Clients, "autoscaling">): Promise<ScalableTarget[]> {
  const aas = await import("@aws-sdk/client-application-auto-scaling");
  const client = await clients.autoscaling();
  return collect(
    aas.paginateDescribeScalableTargets(
      { client, pageSize: PAGE.scalableTargets },
      { ServiceNamespace: SERVICE_NAMESPACE },
    ),
    (page) => page.ScalableTargets,
  );
}
