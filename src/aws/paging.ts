import { PAGE, QUOTA } from "../domain/constants.js";
import { PagingError } from "../errors.js";
import { backoffDelay, DEFAULT_RETRY, type RetryPolicy } from "../plan/execute.js";
import { awsErrorCode } from "./error-codes.js";

/**
 * Every paginated read goes through {@link pagesOf}, which adds to the SDK paginators what they lack:
 * - a page token seen before ends the read with an error naming the API (the SDK's `stopOnSameToken` stops
 *   silently, as if the list were complete; without it a service repeating its token loops forever);
 * - a cap on pages, derived from the API's limits (below): a listing that runs past it ends with an error, never
 *   with a silently shortened list;
 * - the read faults that pass with time (FailedResourceAccess, ConcurrentUpdate) are retried with the executor's
 *   backoff, the page resumed from its token.
 */
export interface Listing {
  /** The IAM action, "service:Operation", as messages name it. */
  action: string;
  /** The most pages the API can return for this read; one more is a fault. */
  maxPages: number;
  /** What the cap stands for, in words, for the message when it is reached. */
  holds: string;
}

/*
 * Page caps (facts doc §9 quotas, §11 page sizes). Each allows one more page than the items need: AWS may end a
 * listing whose last page is full with an empty page.
 */
const pagesFor = (items: number, perPage: number) => Math.ceil(items / perPage) + 1;

/**
 * The scalable-target quota (500 for SageMaker) can be raised: the namespace-wide caps allow ten times it. Where a
 * hard per-target limit multiplies it (50 policies, 200 scheduled actions), the default quota is the base: the
 * product already allows 10 policies or 40 scheduled actions on each of 5,000 targets.
 */
const TARGETS_ALLOWED = 10 * QUOTA.scalableTargets;
/** A variant resource id can have two scalable dimensions (instances, provisioned concurrency); others one. */
const DIMENSIONS_PER_RESOURCE = 2;
/**
 * Alarms sm-autoscale creates itself: at most two per target (the scale-from-zero alarms of an async endpoint or
 * inference component).
 */
const OWN_ALARMS_PER_TARGET = 2;
/** Per-minute datapoints in a day. */
const MINUTES_PER_DAY = 1_440;

export const LISTING = {
  /** Namespace-wide: 5,000 targets, 50 a page: 101 pages. */
  scalableTargets: {
    action: "application-autoscaling:DescribeScalableTargets",
    maxPages: pagesFor(TARGETS_ALLOWED, PAGE.scalableTargets),
    holds: `${TARGETS_ALLOWED.toLocaleString("en-US")} scalable targets (10 times the default quota of ${QUOTA.scalableTargets})`,
  },
  /** By ResourceIds (at most 50 a call): two targets per id at most, 50 a page: 3 pages. */
  scalableTargetsOf: (ids: number): Listing => ({
    action: "application-autoscaling:DescribeScalableTargets",
    maxPages: pagesFor(ids * DIMENSIONS_PER_RESOURCE, PAGE.scalableTargets),
    holds: `the scalable targets of ${ids} resource${ids === 1 ? "" : "s"}`,
  }),
  /** Namespace-wide: 500 targets × 50 policies, 10 a page: 2,501 pages. */
  scalingPolicies: {
    action: "application-autoscaling:DescribeScalingPolicies",
    maxPages: pagesFor(QUOTA.scalableTargets * QUOTA.policiesPerTarget, PAGE.scalingPolicies),
    holds: `${(QUOTA.scalableTargets * QUOTA.policiesPerTarget).toLocaleString("en-US")} scaling policies (${QUOTA.policiesPerTarget} on each of ${QUOTA.scalableTargets} targets)`,
  },
  /** One target: 50 policies (a hard limit), 10 a page: 6 pages. */
  scalingPoliciesOfTarget: {
    action: "application-autoscaling:DescribeScalingPolicies",
    maxPages: pagesFor(QUOTA.policiesPerTarget, PAGE.scalingPolicies),
    holds: `${QUOTA.policiesPerTarget} scaling policies, the most one target can have`,
  },
  /** Namespace-wide: 500 targets × 200 scheduled actions, 50 a page: 2,001 pages. */
  scheduledActions: {
    action: "application-autoscaling:DescribeScheduledActions",
    maxPages: pagesFor(QUOTA.scalableTargets * QUOTA.scheduledActionsPerTarget, PAGE.scheduledActions),
    holds: `${(QUOTA.scalableTargets * QUOTA.scheduledActionsPerTarget).toLocaleString("en-US")} scheduled actions (${QUOTA.scheduledActionsPerTarget} on each of ${QUOTA.scalableTargets} targets)`,
  },
  /** One target: 200 scheduled actions, 50 a page: 5 pages. */
  scheduledActionsOfTarget: {
    action: "application-autoscaling:DescribeScheduledActions",
    maxPages: pagesFor(QUOTA.scheduledActionsPerTarget, PAGE.scheduledActions),
    holds: `${QUOTA.scheduledActionsPerTarget} scheduled actions, the most one target can have`,
  },
  /**
   * The namespace's activities, newest first: the scan reads a few pages and stops by itself (region-read.ts), so
   * its own page count is the cap, and only a repeated token can end it with an error.
   */
  scalingActivitiesScan: (pages: number): Listing => ({
    action: "application-autoscaling:DescribeScalingActivities",
    maxPages: pages,
    holds: `${pages} pages of scaling activities`,
  }),
  /**
   * SageMaker publishes no endpoint quota in the facts doc; every endpoint runs at least one instance, and instance
   * quotas per type are in the tens by default, so 10,000 endpoints (100 a page: 101 pages) is far beyond any
   * account.
   */
  endpoints: {
    action: "sagemaker:ListEndpoints",
    maxPages: pagesFor(10_000, PAGE.listEndpoints),
    holds: "10,000 endpoints",
  },
  /**
   * The inference components of one endpoint, 100 a page (ListInferenceComponents MaxResults, §11). No quota caps
   * them per endpoint that the facts doc gives: every IC needs at least one CPU or accelerator of an instance, so
   * 10,000 (100 pages) is far beyond what an endpoint's instances hold.
   */
  inferenceComponents: {
    action: "sagemaker:ListInferenceComponents",
    maxPages: pagesFor(10_000, PAGE.listInferenceComponents),
    holds: "10,000 inference components on one endpoint",
  },
  /** By AlarmNames (at most 100 a call, each name once): 100 alarms, 100 a page: 2 pages. */
  alarmsNamed: (names: number): Listing => ({
    action: "cloudwatch:DescribeAlarms",
    maxPages: pagesFor(names, PAGE.alarmNamesPerCall),
    holds: `the ${names} alarm${names === 1 ? "" : "s"} asked for`,
  }),
  /** Our own alarms, by name prefix: two per target on 5,000 targets, 100 a page: 101 pages. */
  ownAlarms: {
    action: "cloudwatch:DescribeAlarms",
    maxPages: pagesFor(OWN_ALARMS_PER_TARGET * TARGETS_ALLOWED, PAGE.alarmNamesPerCall),
    holds: `${(OWN_ALARMS_PER_TARGET * TARGETS_ALLOWED).toLocaleString("en-US")} alarms (two on each of ${TARGETS_ALLOWED.toLocaleString("en-US")} targets)`,
  },
  /**
   * The most one GetMetricData request can ask for: 500 queries (its maximum) of `days` days per minute, 100,800
   * datapoints a page (§11): 101 pages for 14 days. The variant's few series fit one page, but CloudWatch may split
   * a slow query (StatusCode PartialData, "use the NextToken", botocore model of MetricDataResult).
   */
  metricData: (days: number): Listing => ({
    action: "cloudwatch:GetMetricData",
    maxPages: pagesFor(PAGE.metricQueries * days * MINUTES_PER_DAY, PAGE.metricDatapoints),
    holds: `${PAGE.metricQueries} series of ${days} days of per-minute datapoints`,
  }),
} as const;

/** How a read retries the faults that pass with time: the executor's policy, and a way to wait. */
export interface ReadRetry {
  policy: RetryPolicy;
  sleep(ms: number): Promise<void>;
}

export const READ_RETRY: ReadRetry = {
  policy: DEFAULT_RETRY,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Read faults that pass with time (facts doc §9): DescribeScalingPolicies answers FailedResourceAccess when
 * CloudWatch throttles the alarm reads behind it, and the Describe* calls list ConcurrentUpdate ("Retry"). The SDK
 * retries throttling itself, but neither of these.
 */
export function isRetryableRead(error: unknown): boolean {
  const code = awsErrorCode(error);
  return code === "FailedResourceAccess" || code === "ConcurrentUpdate";
}

/**
 * The pages of one listing, in order. `paginate` starts an SDK paginator at a token (undefined: the first page);
 * a page whose fetch fails with a retryable fault is fetched again after a backoff, at most `policy.attempts`
 * times. A page naming a token already followed ends the read at once; the cap only when another page is wanted,
 * so a caller that stops early by itself (the activity scan) is not cut short.
 */
export async function* pagesOf<P extends { NextToken?: string | undefined }>(
  listing: Listing,
  paginate: (startingToken: string | undefined) => AsyncIterable<P>,
  retry: ReadRetry = READ_RETRY,
): AsyncGenerator<P, void, undefined> {
  const seen = new Set<string>();
  let token: string | undefined;
  let pages = 0;
  let attempt = 1;
  let iterator = paginate(undefined)[Symbol.asyncIterator]();
  for (;;) {
    let result: IteratorResult<P>;
    try {
      result = await iterator.next();
    } catch (error) {
      if (attempt >= retry.policy.attempts || !isRetryableRead(error)) throw error;
      await retry.sleep(backoffDelay(retry.policy, attempt));
      attempt++;
      // A paginator that threw is finished: a new one resumes at the page that failed.
      iterator = paginate(token)[Symbol.asyncIterator]();
      continue;
    }
    if (result.done) return;
    attempt = 1;
    pages++;
    const page = result.value;
    const next = page.NextToken;
    // A page that names a token already followed repeats an earlier page: not yielded, its items would count twice.
    if (next && seen.has(next)) throw new PagingError(listing.action, "repeated-token", pages, listing.holds);
    yield page;
    if (!next) return;
    if (pages >= listing.maxPages)
      throw new PagingError(listing.action, "too-many-pages", pages, listing.holds);
    seen.add(next);
    token = next;
  }
}

/** Every item of every page of a listing. */
export async function collectPages<P extends { NextToken?: string | undefined }, T>(
  listing: Listing,
  paginate: (startingToken: string | undefined) => AsyncIterable<P>,
  items: (page: P) => T[] | undefined,
  retry?: ReadRetry,
): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pagesOf(listing, paginate, retry)) all.push(...(items(page) ?? []));
  return all;
}
