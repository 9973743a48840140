import type {
  ScalableDimension,
  ScalableTarget,
  ScheduledAction,
} from "@aws-sdk/client-application-auto-scaling";
import { parseResourceId } from "../domain/names.js";
import type { Clients } from "./clients.js";
import { listInferenceComponents } from "./inference-components.js";
import { describeTargetsOf, listSageMakerScheduledActions } from "./scaling-read.js";

/** One scalable target and its scheduled actions, as `schedule add` needs them. */
export interface ScheduleTargetState {
  target?: ScalableTarget | undefined;
  actions: ScheduledAction[];
}

/** The scalable target of a resource and dimension, and its scheduled actions: two calls, exact matches only. */
export async function readScheduleTarget(
  clients: Pick<Clients, "autoscaling">,
  resourceId: string,
  dimension: string,
): Promise<ScheduleTargetState> {
  const [targets, actions] = await Promise.all([
    describeTargetsOf(clients, [resourceId]),
    listSageMakerScheduledActions(clients, { resourceId, dimension: dimension as ScalableDimension }),
  ]);
  return { target: targets.find((t) => t.ScalableDimension === dimension), actions };
}

/** The scheduled actions of one endpoint, with the names of its inference components. */
export interface EndpointActions {
  actions: ScheduledAction[];
  /** The endpoint's inference components (their resource ids are `inference-component/<name>`). */
  inferenceComponents: string[];
}

/**
 * The SageMaker scheduled actions of the region (all pages, 50 a page, facts doc §11), or of one endpoint: those of
 * its variants (`endpoint/<name>/variant/…`) and of its inference components, which ListInferenceComponents
 * names (their resource ids do not name the endpoint). Scheduled actions cannot be listed by endpoint: the
 * namespace's listing is filtered here.
 */
export async function readScheduledActions(
  clients: Pick<Clients, "autoscaling" | "sagemaker">,
  endpointName: string | undefined,
): Promise<EndpointActions> {
  if (endpointName === undefined) {
    return { actions: await listSageMakerScheduledActions(clients), inferenceComponents: [] };
  }
  const [all, components] = await Promise.all([
    listSageMakerScheduledActions(clients),
    listInferenceComponents(clients, endpointName),
  ]);
  const names = new Set(components.map((c) => c.name));
  const actions = all.filter((a) => {
    const parsed = parseResourceId(a.ResourceId ?? "");
    return parsed.kind === "variant"
      ? parsed.endpointName === endpointName
      : parsed.kind === "inference-component" && names.has(parsed.inferenceComponentName);
  });
  return { actions, inferenceComponents: [...names] };
}
