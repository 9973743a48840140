import type {
  ScalableTarget,
  ScalingActivity,
  ScalingPolicy,
  ScheduledAction,
} from "@aws-sdk/client-application-auto-scaling";
import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import type {
  DescribeEndpointCommandOutput,
  DescribeEndpointConfigCommandOutput,
} from "@aws-sdk/client-sagemaker";
import { PAGE } from "../domain/constants.js";
import { OPTIONAL_READS, type OptionalRead } from "../domain/describe-model.js";
import { isSageMakerName, parseResourceId, resourceIdOf } from "../domain/names.js";
import { wakeAlarmNameOf } from "../domain/wake-alarms.js";
import type { Clients } from "./clients.js";
import { chunk, createLimiter, type Limiter } from "./concurrency.js";
import {
  type EndpointDetail,
  type EndpointSummary,
  endpointDetailFrom,
  isNotFound,
  listEndpoints,
} from "./discover.js";
import { isAccessDenied } from "./error-codes.js";
import {
  describeInferenceComponent,
  type InferenceComponentDetail,
  listInferenceComponents,
} from "./inference-components.js";
import { LISTING, pagesOf } from "./paging.js";
import {
  describeTargetsOf,
  listSageMakerPolicies,
  listSageMakerScheduledActions,
  listSageMakerTargets,
  recentActivities,
  scanSageMakerActivities,
  type TargetKey,
} from "./scaling-read.js";

/** At most this many AWS calls in flight at once, for the whole read. */
export const MAX_IN_FLIGHT = 8;
/** Scaling activities read per target: the last few are what a user checks. */
export const ACTIVITIES_PER_TARGET = 5;
/**
 * A region-wide read scans the namespace's activities first, at most one page (50) per this many targets: pages
 * are sequential while per-target reads run 8 at a time, so a scan longer than that would cost more time than it
 * saves. A quiet region is covered by its first page.
 */
export const TARGETS_PER_ACTIVITY_PAGE = 25;

export interface AlarmReading {
  name: string;
  /** OK | ALARM | INSUFFICIENT_DATA; undefined when the alarm does not exist (any more). */
  state?: string | undefined;
  /** Its AlarmActions: for the alarm of a step policy, that policy's ARN (facts doc §14). */
  actions?: string[] | undefined;
  /**
   * What it watches, when it exists and is a single-metric alarm: what a step policy's steps are relative to
   * (facts doc §14 "step bounds are relative to its threshold").
   */
  watches?: AlarmWatch | undefined;
}

export interface AlarmWatch {
  namespace: string;
  metricName: string;
  /** GreaterThanThreshold, LessThanThreshold, … */
  comparison: string;
  threshold: number;
}

/** Everything `describe` shows, as read from AWS: raw, unjoined. `buildDescribeModel` joins it. */
export interface RegionRead {
  region: string;
  /** Set when the read was narrowed to one endpoint (--endpoint). */
  endpointName?: string | undefined;
  targets: ScalableTarget[];
  policies: ScalingPolicy[];
  scheduledActions: ScheduledAction[] | null;
  /** ListEndpoints for the whole region; with --endpoint, that endpoint when it exists. */
  endpoints: EndpointSummary[];
  /**
   * DescribeEndpoint + DescribeEndpointConfig of every endpoint that has a variant target, or hosts an inference
   * component that has one. An endpoint that has a variant target but is missing here no longer exists: its
   * targets are orphans.
   */
  details: EndpointDetail[];
  /**
   * DescribeInferenceComponent of the component of each inference-component target: its endpoint, variant and
   * copies. A component missing here no longer exists (its target is an orphan); null when AWS denied the read.
   */
  inferenceComponents: InferenceComponentDetail[] | null;
  alarms: AlarmReading[] | null;
  /** The last few activities of each target, newest first. */
  activities: ScalingActivity[] | null;
  /**
   * The optional reads AWS denied (access denied), in a fixed order. What they would have read is null above (for
   * the endpoint configurations: `configDenied` on the details).
   */
  unread: OptionalRead[];
}

type ReadClients = Pick<Clients, "autoscaling" | "sagemaker" | "cloudwatch">;

export interface ReadOptions {
  endpointName?: string | undefined;
  /** Defaults to {@link MAX_IN_FLIGHT}. */
  limiter?: Limiter;
}

/**
 * Reads the region's autoscaling with as few calls as the APIs allow (facts doc §11):
 * - whole region: the namespace's targets (pages of 50), policies (pages of 10) and scheduled actions (pages of
 *   50), and ListEndpoints (pages of 100), not one call per endpoint;
 * - with --endpoint: DescribeEndpoint, then (for an endpoint that hosts inference components) its components by
 *   ListInferenceComponents EndpointNameEquals, every page; then the targets of its variants and components by
 *   ResourceIds (≤ 50 per call), and the policies and scheduled actions of each target;
 * - then only where needed: DescribeInferenceComponent for each inference-component target (its id names no
 *   endpoint: this one call per target gives the endpoint, the variant and the copies, where a listing per
 *   endpoint would first need the endpoints, which nothing else names, and still not give the copies),
 *   DescribeEndpoint + DescribeEndpointConfig for endpoints with a target (configs cached by name, as endpoints
 *   may share one), DescribeAlarms for the policies' alarms and the alarms that wake our step policies (100 names
 *   per call), and the last few scaling activities of each target (for the whole region, the namespace's
 *   activities first: a quiet region needs one call for all its targets).
 * Every call, pages included, goes through one limiter, so no more than {@link MAX_IN_FLIGHT} are in flight; the
 * pages of the namespace-wide listings go ahead of the per-endpoint calls waiting, as each page waits for the last.
 * The activities, scheduled actions, alarms, endpoint configs and components' details are optional (OPTIONAL_READ): when AWS denies one,
 * it is listed in `unread` and left null; any other error, or a required read denied, fails the whole read.
 */
export async function readRegion(
  clients: ReadClients,
  region: string,
  options: ReadOptions = {},
): Promise<RegionRead> {
  const limiter = options.limiter ?? createLimiter(MAX_IN_FLIGHT);
  try {
    const limited: Limited = {
      pages: limitClients(clients, limiter, "first"),
      each: limitClients(clients, limiter),
    };
    return await read(limited, region, options.endpointName);
  } catch (error) {
    // The read is lost: queued calls are dropped instead of sent.
    limiter.cancel(error);
    throw error;
  }
}

/**
 * The clients of one read, sharing one limiter: `pages` for the pages of the namespace-wide listings and the
 * reads that wait for them, which go ahead of the calls still queued; `each` for the per-endpoint and per-target
 * fan-out. A listing's pages are sequential (each needs the one before), so behind 150 queued DescribeEndpoint
 * calls each page of the policies would wait its turn again, and the whole read with it.
 */
interface Limited {
  pages: ReadClients;
  each: ReadClients;
}

async function read(limited: Limited, region: string, endpointName: string | undefined): Promise<RegionRead> {
  const denied = new Set<OptionalRead>();
  const optional = optionalReads(denied);
  const scope =
    endpointName === undefined
      ? readNamespace(limited, optional)
      : readOneEndpoint(limited.each, endpointName, optional);
  // Each follow-up read starts as soon as what it needs is known, not when everything else is.
  const activities = scope.targets.then((targets) =>
    optional("activities", () =>
      readActivities(limited, keysOf(targets), { scan: endpointName === undefined }),
    ),
  );
  const alarms = scope.policies.then((policies) =>
    optional("alarms", () => readAlarms(limited.pages, policies)),
  );
  const [targets, policies, scheduledActions, endpoints, details, components, alarmReadings, recent] =
    await Promise.all([
      scope.targets,
      scope.policies,
      scope.scheduledActions,
      scope.endpoints,
      scope.details,
      scope.inferenceComponents,
      alarms,
      activities,
    ]);
  return {
    region,
    endpointName,
    targets,
    policies,
    scheduledActions,
    endpoints,
    details,
    inferenceComponents: components,
    alarms: alarmReadings,
    activities: recent,
    unread: OPTIONAL_READS.filter((r) => denied.has(r)),
  };
}

/** Runs an optional read; when AWS denies it, the read is noted in `denied` and gives null instead of failing. */
type Optional = <T>(which: OptionalRead, read: () => Promise<T>) => Promise<T | null>;

function optionalReads(denied: Set<OptionalRead>): Optional {
  return async (which, read) => {
    try {
      return await read();
    } catch (error) {
      if (!isAccessDenied(error)) throw error;
      denied.add(which);
      return null;
    }
  };
}

/**
 * The last {@link ACTIVITIES_PER_TARGET} activities of each target, newest first. With `scan`, the namespace's
 * activities are read first, newest first (a few pages): a target with that many in the pages read, or every
 * target when the pages reached the end, needs nothing more. Only the others are read target by target.
 */
async function readActivities(
  clients: Limited,
  keys: TargetKey[],
  options: { scan: boolean },
): Promise<ScalingActivity[]> {
  if (keys.length === 0) return [];
  const found = new Map<string, ScalingActivity[]>(keys.map((key) => [keyString(key), []]));
  let remaining = keys;
  if (options.scan) {
    const scan = await scanSageMakerActivities(
      clients.pages,
      Math.max(2, Math.ceil(keys.length / TARGETS_PER_ACTIVITY_PAGE)),
    );
    for (const activity of scan.activities) {
      const key = { resourceId: activity.ResourceId ?? "", dimension: activity.ScalableDimension ?? "" };
      found.get(keyString(key))?.push(activity);
    }
    // Newer activities come first, so a target's first ones in the pages read are its latest.
    remaining = scan.complete
      ? []
      : keys.filter((key) => found.get(keyString(key))!.length < ACTIVITIES_PER_TARGET);
  }
  await Promise.all(
    remaining.map(async (key) => {
      found.set(keyString(key), await recentActivities(clients.each, key, ACTIVITIES_PER_TARGET));
    }),
  );
  return [...found.values()].flatMap((list) => [...list].sort(newestFirst).slice(0, ACTIVITIES_PER_TARGET));
}

const keyString = (key: { resourceId: string; dimension: string }) =>
  `${key.resourceId}\u0000${key.dimension}`;

function newestFirst(a: ScalingActivity, b: ScalingActivity): number {
  return (b.StartTime?.getTime() ?? 0) - (a.StartTime?.getTime() ?? 0);
}

type Pending<T> = { [K in keyof T]: Promise<T[K]> };
type Scope = Pending<
  Pick<
    RegionRead,
    "targets" | "policies" | "scheduledActions" | "endpoints" | "details" | "inferenceComponents"
  >
>;
type ConfigRead = Partial<
  Pick<
    DescribeEndpointConfigCommandOutput,
    "AsyncInferenceConfig" | "ProductionVariants" | "ShadowProductionVariants"
  >
>;

function readNamespace(clients: Limited, optional: Optional): Scope {
  const targets = listSageMakerTargets(clients.pages);
  const endpoints = listEndpoints(clients.pages);
  const describe = endpointDescriber(clients.each, optional);
  const listed = endpoints.then((list) => new Set(list.map((e) => e.name)));
  // An endpoint that is not listed does not exist: its targets are orphans, there is nothing to describe.
  const variantDetails = Promise.all([targets, listed]).then(([all, names]) =>
    describe(endpointsOf(all).filter((name) => names.has(name))),
  );
  const inferenceComponents = targets.then((all) => readComponents(clients.each, all, optional));
  // The endpoints that host the components with a target: known once the components are read.
  const componentDetails = Promise.all([inferenceComponents, listed]).then(([components, names]) =>
    describe(endpointsOfComponents(components).filter((name) => names.has(name))),
  );
  return {
    targets,
    endpoints,
    details: Promise.all([variantDetails, componentDetails]).then(([a, b]) => uniqueDetails([...a, ...b])),
    inferenceComponents,
    policies: listSageMakerPolicies(clients.pages),
    scheduledActions: optional("scheduledActions", () => listSageMakerScheduledActions(clients.pages)),
  };
}

function readOneEndpoint(clients: ReadClients, endpointName: string, optional: Optional): Scope {
  const detail = endpointDescriber(clients, optional)([endpointName]).then(([d]) => d);
  // Its inference components' targets are named after the components, not the endpoint: list them first.
  const components = detail.then((d) =>
    d && hostsComponents(d) ? listInferenceComponents(clients, endpointName) : [],
  );
  // UpdateEndpoint refuses to remove an autoscaled variant (facts doc §9), so the targets of an existing
  // endpoint are those of its variants and components: ask for exactly those. The targets of a deleted endpoint
  // can only be found by scanning the namespace; they are orphans.
  const targets = Promise.all([detail, components]).then(async ([d, ics]) =>
    d
      ? describeTargetsOf(clients, [
          ...d.variants.map((v) => resourceIdOf(endpointName, v.variantName)),
          ...ics.map((ic) => componentResourceId(ic.name)),
        ])
      : (await listSageMakerTargets(clients)).filter((t) => {
          const parsed = parseResourceId(t.ResourceId ?? "");
          return parsed.kind === "variant" && parsed.endpointName === endpointName;
        }),
  );
  return {
    targets,
    endpoints: detail.then((d) => (d ? [{ name: d.name, status: d.status }] : [])),
    details: detail.then((d) => (d ? [d] : [])),
    inferenceComponents: targets.then((ts) => readComponents(clients, ts, optional)),
    policies: targets.then(async (ts) =>
      (await Promise.all(keysOf(ts).map((key) => listSageMakerPolicies(clients, key)))).flat(),
    ),
    scheduledActions: targets.then((ts) =>
      optional("scheduledActions", async () =>
        (await Promise.all(keysOf(ts).map((key) => listSageMakerScheduledActions(clients, key)))).flat(),
      ),
    ),
  };
}

/**
 * Whether the endpoint may host inference components: a variant of that kind, or a config that could not be read
 * (its kind unknown, and only listing its components tells).
 */
function hostsComponents(detail: EndpointDetail): boolean {
  return detail.variants.some(
    (v) => v.kind === "inference-components" || (detail.configDenied === true && !v.serverless),
  );
}

const componentResourceId = (name: string) => `inference-component/${name}`;

/** DescribeInferenceComponent of each inference-component target's component, each once; none without such targets. */
async function readComponents(
  clients: ReadClients,
  targets: ScalableTarget[],
  optional: Optional,
): Promise<InferenceComponentDetail[] | null> {
  const names = new Set<string>();
  for (const t of targets) {
    const parsed = parseResourceId(t.ResourceId ?? "");
    // A name from an orphan's ResourceId may break the InferenceComponentName pattern (§9): no component has it.
    if (parsed.kind === "inference-component" && isSageMakerName(parsed.inferenceComponentName)) {
      names.add(parsed.inferenceComponentName);
    }
  }
  if (names.size === 0) return [];
  return optional("inferenceComponents", async () => {
    const found = await Promise.all([...names].map((name) => describeInferenceComponent(clients, name)));
    return found.filter((c): c is InferenceComponentDetail => c !== undefined);
  });
}

/** The endpoints hosting these components, each once. */
function endpointsOfComponents(components: InferenceComponentDetail[] | null): string[] {
  return [...new Set((components ?? []).flatMap((c) => (c.endpointName ? [c.endpointName] : [])))];
}

function uniqueDetails(details: EndpointDetail[]): EndpointDetail[] {
  const byName = new Map(details.map((d) => [d.name, d]));
  return [...byName.values()];
}

function keysOf(targets: ScalableTarget[]): TargetKey[] {
  return targets.flatMap((t): TargetKey[] =>
    t.ResourceId && t.ScalableDimension ? [{ resourceId: t.ResourceId, dimension: t.ScalableDimension }] : [],
  );
}

/** The endpoint names that variant targets point at, each once, in order. */
function endpointsOf(targets: ScalableTarget[]): string[] {
  const names = new Set<string>();
  for (const t of targets) {
    const parsed = parseResourceId(t.ResourceId ?? "");
    if (parsed.kind === "variant") names.add(parsed.endpointName);
  }
  return [...names];
}

/**
 * DescribeEndpoint + DescribeEndpointConfig for each name; an endpoint that is gone is left out, not an error. The
 * configs are optional: denied, the endpoint's own variants stand in, marked `configDenied`. Each endpoint and each
 * config is read once per describer, however often it is asked for (endpoints may share a config, and an endpoint
 * may have both variant and component targets).
 */
function endpointDescriber(
  clients: ReadClients,
  optional: Optional,
): (names: string[]) => Promise<EndpointDetail[]> {
  const configs = new Map<string, Promise<ConfigRead | null>>();
  const endpoints = new Map<string, Promise<EndpointDetail | undefined>>();
  const config = async (configName: string): Promise<ConfigRead | null> => {
    let read = configs.get(configName);
    if (!read) {
      read = optional("endpointConfigs", async () => {
        const sm = await import("@aws-sdk/client-sagemaker");
        const client = await clients.sagemaker();
        return client
          .send(new sm.DescribeEndpointConfigCommand({ EndpointConfigName: configName }))
          .catch((error: unknown) => {
            // A config can be deleted while its endpoint runs on; the endpoint's own variants then stand in.
            if (isNotFound(error)) return {};
            throw error;
          });
      });
      configs.set(configName, read);
    }
    return read;
  };
  const describeOne = async (name: string): Promise<EndpointDetail | undefined> => {
    // A name from an orphan's ResourceId may break the EndpointName pattern (§9): no endpoint has it.
    if (!isSageMakerName(name)) return undefined;
    const sm = await import("@aws-sdk/client-sagemaker");
    const client = await clients.sagemaker();
    let endpoint: DescribeEndpointCommandOutput;
    try {
      endpoint = await client.send(new sm.DescribeEndpointCommand({ EndpointName: name }));
    } catch (error) {
      // Deleted between ListEndpoints and now: its targets are orphans.
      if (isNotFound(error)) return undefined;
      throw error;
    }
    const cfg = endpoint.EndpointConfigName ? await config(endpoint.EndpointConfigName) : {};
    const detail = endpointDetailFrom(name, endpoint, cfg ?? {});
    return cfg === null ? { ...detail, configDenied: true } : detail;
  };
  return async (names) => {
    const details = await Promise.all(
      names.map((name) => {
        let read = endpoints.get(name);
        if (!read) {
          read = describeOne(name);
          endpoints.set(name, read);
        }
        return read;
      }),
    );
    return details.filter((d): d is EndpointDetail => d !== undefined);
  };
}

/**
 * The state and actions of every alarm the policies name, and of the alarm that should trigger each of our
 * from-zero step policies (domain/wake-alarms.ts), whether or not it still does: DescribeAlarms by AlarmNames,
 * 100 per call (its maximum). No call when no policy names an alarm.
 */
async function readAlarms(clients: ReadClients, policies: ScalingPolicy[]): Promise<AlarmReading[]> {
  const named = policies.flatMap((p) => [
    ...(p.Alarms ?? []).map((a) => a.AlarmName ?? ""),
    ...(p.PolicyType === "StepScaling" ? [wakeAlarmNameOf(p) ?? ""] : []),
  ]);
  const names = [...new Set(named)].filter((n) => n !== "").sort();
  if (names.length === 0) return [];
  const cw = await import("@aws-sdk/client-cloudwatch");
  const client = await clients.cloudwatch();
  const found = new Map<string, MetricAlarm>();
  await Promise.all(
    chunk(names, PAGE.alarmNamesPerCall).map(async (AlarmNames) => {
      for await (const page of pagesOf(LISTING.alarmsNamed(AlarmNames.length), (startingToken) =>
        cw.paginateDescribeAlarms(
          { client, pageSize: PAGE.alarmNamesPerCall, startingToken },
          { AlarmNames, MaxRecords: PAGE.alarmNamesPerCall },
        ),
      )) {
        for (const alarm of page.MetricAlarms ?? []) {
          if (alarm.AlarmName) found.set(alarm.AlarmName, alarm);
        }
      }
    }),
  );
  return names.map((name) => {
    const alarm = found.get(name);
    if (!alarm) return { name };
    const watches =
      alarm.MetricName && alarm.ComparisonOperator && alarm.Threshold !== undefined
        ? {
            namespace: alarm.Namespace ?? "",
            metricName: alarm.MetricName,
            comparison: alarm.ComparisonOperator,
            threshold: alarm.Threshold,
          }
        : undefined;
    return {
      name,
      state: alarm.StateValue,
      actions: [...(alarm.AlarmActions ?? [])],
      ...(watches ? { watches } : {}),
    };
  });
}

/**
 * The same clients, each `send` waiting for a slot of `limiter` first (ahead of the ordinary waiters with
 * `queue` "first"). The wrapper inherits from the real client, so the SDK paginators (which check `instanceof`)
 * accept it and their pages share the bound too.
 */
export function limitClients(clients: ReadClients, limiter: Limiter, queue?: "first"): ReadClients {
  const slot = queue === "first" ? limiter.first : limiter;
  const wrap = <C extends object>(make: () => Promise<C>): (() => Promise<C>) => {
    let wrapped: Promise<C> | undefined;
    return () => {
      wrapped ??= make().then((client) => {
        const real = client as unknown as { send: (...args: unknown[]) => Promise<unknown> };
        return Object.create(client, {
          send: { value: (...args: unknown[]) => slot(() => real.send(...args)) },
        }) as C;
      });
      return wrapped;
    };
  };
  return {
    autoscaling: wrap(() => clients.autoscaling()),
    sagemaker: wrap(() => clients.sagemaker()),
    cloudwatch: wrap(() => clients.cloudwatch()),
  };
}
