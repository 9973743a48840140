import {
  ApplicationAutoScalingClient,
  DescribeScalingPoliciesCommand,
  paginateDescribeScalingPolicies,
} from "@aws-sdk/client-application-auto-scaling";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { collectPages, LISTING, type Listing, pagesOf, type ReadRetry } from "../../src/aws/paging.js";
import { listSageMakerPolicies } from "../../src/aws/scaling-read.js";
import { explainError, PagingError } from "../../src/errors.js";
import { awsError, sdkClients } from "./mock-clients.js";

const aas = mockClient(ApplicationAutoScalingClient);
beforeEach(() => aas.reset());

const listing: Listing = {
  action: "application-autoscaling:DescribeScalingPolicies",
  maxPages: 4,
  holds: "40 test policies",
};

/** Records the waits instead of waiting. */
function fakeRetry(attempts = 6): ReadRetry & { waits: number[] } {
  const waits: number[] = [];
  return {
    policy: { attempts, baseDelayMs: 100, maxDelayMs: 1000 },
    sleep: async (ms) => void waits.push(ms),
    waits,
  };
}

const policy = (n: number) => ({
  PolicyName: `p${n}`,
  PolicyARN: `arn:p${n}`,
  ServiceNamespace: "sagemaker" as const,
  ResourceId: "endpoint/e/variant/v",
  ScalableDimension: "sagemaker:variant:DesiredInstanceCount" as const,
  PolicyType: "TargetTrackingScaling" as const,
  CreationTime: new Date(0),
});

/** The NextToken of each call as it was sent (the SDK paginator reuses and mutates one input object). */
let sentTokens: (string | undefined)[] = [];
beforeEach(() => {
  sentTokens = [];
});
function answers(...replies: (object | Error)[]) {
  let i = 0;
  aas.on(DescribeScalingPoliciesCommand).callsFake((input: { NextToken?: string }) => {
    sentTokens.push(input.NextToken);
    const reply = replies[Math.min(i++, replies.length - 1)]!;
    if (reply instanceof Error) throw reply;
    return reply;
  });
}

const paginate = (client: ApplicationAutoScalingClient) => (startingToken: string | undefined) =>
  paginateDescribeScalingPolicies({ client, startingToken }, { ServiceNamespace: "sagemaker" });

async function client() {
  return (await sdkClients().autoscaling()) as ApplicationAutoScalingClient;
}

describe("pagesOf", () => {
  it("follows NextToken to the last page", async () => {
    answers(
      { ScalingPolicies: [policy(1)], NextToken: "a" },
      { ScalingPolicies: [policy(2)], NextToken: "b" },
      { ScalingPolicies: [policy(3)] },
    );
    const all = await collectPages(listing, paginate(await client()), (p) => p.ScalingPolicies);
    expect(all.map((p) => p.PolicyName)).toEqual(["p1", "p2", "p3"]);
    expect(sentTokens).toEqual([undefined, "a", "b"]);
  });

  it("a token sent again ends the read with an error naming the API, before the repeated page is asked for", async () => {
    aas.on(DescribeScalingPoliciesCommand).resolves({ ScalingPolicies: [policy(1)], NextToken: "same" });
    const read = collectPages(listing, paginate(await client()), (p) => p.ScalingPolicies);
    await expect(read).rejects.toBeInstanceOf(PagingError);
    await expect(read).rejects.toMatchObject({
      action: "application-autoscaling:DescribeScalingPolicies",
      problem: "repeated-token",
      pages: 2,
    });
    expect(aas.commandCalls(DescribeScalingPoliciesCommand)).toHaveLength(2);
  });

  it("a cycle of tokens (a, b, a) is caught too, not only the one just sent", async () => {
    aas
      .on(DescribeScalingPoliciesCommand)
      .resolvesOnce({ ScalingPolicies: [], NextToken: "a" })
      .resolvesOnce({ ScalingPolicies: [], NextToken: "b" })
      .resolves({ ScalingPolicies: [], NextToken: "a" });
    await expect(
      collectPages({ ...listing, maxPages: 100 }, paginate(await client()), (p) => p.ScalingPolicies),
    ).rejects.toMatchObject({ problem: "repeated-token", pages: 3 });
    expect(aas.commandCalls(DescribeScalingPoliciesCommand)).toHaveLength(3);
  });

  it("a listing that never ends stops at the cap with an error, never a shortened list", async () => {
    let n = 0;
    aas.on(DescribeScalingPoliciesCommand).callsFake(() => ({ ScalingPolicies: [], NextToken: `t${++n}` }));
    await expect(
      collectPages(listing, paginate(await client()), (p) => p.ScalingPolicies),
    ).rejects.toMatchObject({ problem: "too-many-pages", pages: 4 });
    expect(aas.commandCalls(DescribeScalingPoliciesCommand)).toHaveLength(4);
  });

  it("a listing that ends exactly at the cap is complete", async () => {
    aas
      .on(DescribeScalingPoliciesCommand)
      .resolvesOnce({ ScalingPolicies: [policy(1)], NextToken: "a" })
      .resolvesOnce({ ScalingPolicies: [policy(2)], NextToken: "b" })
      .resolvesOnce({ ScalingPolicies: [policy(3)], NextToken: "c" })
      .resolvesOnce({ ScalingPolicies: [policy(4)] });
    const all = await collectPages(listing, paginate(await client()), (p) => p.ScalingPolicies);
    expect(all).toHaveLength(4);
  });

  it("a repeated page is never handed on: its items would count twice", async () => {
    aas.on(DescribeScalingPoliciesCommand).resolves({ ScalingPolicies: [policy(1)], NextToken: "same" });
    const seen: string[] = [];
    const read = (async () => {
      for await (const page of pagesOf(listing, paginate(await client()))) {
        seen.push(...(page.ScalingPolicies ?? []).map((p) => p.PolicyName!));
      }
    })();
    await expect(read).rejects.toMatchObject({ problem: "repeated-token" });
    expect(seen).toEqual(["p1"]);
  });

  it("a caller that stops early by itself is not held to the cap", async () => {
    aas.on(DescribeScalingPoliciesCommand).resolves({ ScalingPolicies: [policy(1)], NextToken: "same" });
    const pages = [];
    for await (const page of pagesOf({ ...listing, maxPages: 1 }, paginate(await client()))) {
      pages.push(page);
      break;
    }
    expect(pages).toHaveLength(1);
    expect(aas.commandCalls(DescribeScalingPoliciesCommand)).toHaveLength(1);
  });

  it("retries FailedResourceAccess with the executor's backoff, resuming at the page that failed", async () => {
    answers(
      { ScalingPolicies: [policy(1)], NextToken: "a" },
      awsError("FailedResourceAccessException", "Unable to retrieve alarms: Rate exceeded"),
      awsError("FailedResourceAccessException", "Unable to retrieve alarms: Rate exceeded"),
      { ScalingPolicies: [policy(2)] },
    );
    const retry = fakeRetry();
    const all = await collectPages(listing, paginate(await client()), (p) => p.ScalingPolicies, retry);
    expect(all.map((p) => p.PolicyName)).toEqual(["p1", "p2"]);
    expect(sentTokens).toEqual([undefined, "a", "a", "a"]);
    // Equal jitter: each wait is between half and all of 100 ms, then 200 ms.
    expect(retry.waits).toHaveLength(2);
    expect(retry.waits[0]).toBeGreaterThanOrEqual(50);
    expect(retry.waits[0]).toBeLessThanOrEqual(100);
    expect(retry.waits[1]).toBeGreaterThanOrEqual(100);
    expect(retry.waits[1]).toBeLessThanOrEqual(200);
  });

  it("retries a bounded number of times, then lets the fault through", async () => {
    aas
      .on(DescribeScalingPoliciesCommand)
      .rejects(awsError("FailedResourceAccessException", "Unable to retrieve alarms: Rate exceeded"));
    const retry = fakeRetry(3);
    await expect(
      collectPages(listing, paginate(await client()), (p) => p.ScalingPolicies, retry),
    ).rejects.toMatchObject({ name: "FailedResourceAccessException" });
    expect(aas.commandCalls(DescribeScalingPoliciesCommand)).toHaveLength(3);
    expect(retry.waits).toHaveLength(2);
  });

  it("does not retry what does not pass with time", async () => {
    aas
      .on(DescribeScalingPoliciesCommand)
      .rejects(awsError("AccessDeniedException", "not authorized to perform: DescribeScalingPolicies"));
    const retry = fakeRetry();
    await expect(
      collectPages(listing, paginate(await client()), (p) => p.ScalingPolicies, retry),
    ).rejects.toMatchObject({ name: "AccessDeniedException" });
    expect(aas.commandCalls(DescribeScalingPoliciesCommand)).toHaveLength(1);
    expect(retry.waits).toEqual([]);
  });

  it("the readers go through it: a repeated token on DescribeScalingPolicies is an error", async () => {
    aas.on(DescribeScalingPoliciesCommand).resolves({ ScalingPolicies: [policy(1)], NextToken: "same" });
    const error = await listSageMakerPolicies(sdkClients()).catch((e: unknown) => e);
    expect(explainError(error)).toMatchObject({
      message:
        "application-autoscaling:DescribeScalingPolicies sent the same page token (NextToken) twice, after 2 pages: the listing would never end, so it was stopped.",
      exitCode: 1,
    });
  });
});

describe("the page caps follow from the APIs' limits (facts doc §9, §11)", () => {
  it("allows what the quotas allow, plus an empty last page", () => {
    expect(LISTING.scalableTargets.maxPages).toBe(101); // 5,000 targets (10 × 500), 50 a page
    expect(LISTING.scalableTargetsOf(50).maxPages).toBe(3); // 50 ids × 2 dimensions, 50 a page
    expect(LISTING.scalingPoliciesOfTarget.maxPages).toBe(6); // 50 policies, 10 a page
    expect(LISTING.scalingPolicies.maxPages).toBe(2_501); // 500 targets × 50 policies, 10 a page
    expect(LISTING.scheduledActionsOfTarget.maxPages).toBe(5); // 200 actions, 50 a page
    expect(LISTING.scheduledActions.maxPages).toBe(2_001); // 500 × 200, 50 a page
    expect(LISTING.endpoints.maxPages).toBe(101); // 10,000 endpoints, 100 a page
    expect(LISTING.alarmsNamed(100).maxPages).toBe(2); // 100 names, 100 a page
    expect(LISTING.ownAlarms.maxPages).toBe(101); // 2 alarms on each of 5,000 targets, 100 a page
    expect(LISTING.metricData(14).maxPages).toBe(101); // 500 series × 20,160 minutes, 100,800 a page
  });

  it("a cap reached says what the cap stands for", () => {
    const error = new PagingError(
      LISTING.scalableTargets.action,
      "too-many-pages",
      101,
      LISTING.scalableTargets.holds,
    );
    expect(explainError(error).message).toBe(
      "application-autoscaling:DescribeScalableTargets was still sending pages after 101 pages, more than 5,000 scalable targets (10 times the default quota of 500) fill: stopped rather than show part of the list.",
    );
  });
});
