import { describe, expect, it } from "vitest";
import { quotaUsage, type VariantRead } from "../../src/domain/quota-usage.js";

const v = (endpointName: string, variantName: string, more: Partial<VariantRead>): VariantRead => ({
  endpointName,
  variantName,
  ...more,
});

describe("quotaUsage: what the other variants run of an instance type", () => {
  const self = { endpointName: "recsys-ab", variantName: "ModelA" };

  it("counts every other variant of the type, shadow variants and other endpoints included, never the variant itself", () => {
    const usage = quotaUsage(
      "ml.c5.xlarge",
      self,
      [
        v("recsys-ab", "ModelA", { instanceType: "ml.c5.xlarge", currentInstanceCount: 2 }),
        v("recsys-ab", "ModelB", { instanceType: "ml.c5.xlarge", currentInstanceCount: 1 }),
        v("ranker-shadow", "AllTraffic", { instanceType: "ml.c5.xlarge", currentInstanceCount: 2 }),
        v("ranker-shadow", "ShadowCandidate", { instanceType: "ml.c5.xlarge", currentInstanceCount: 1 }),
        v("churn", "AllTraffic", { instanceType: "ml.m5.large", currentInstanceCount: 5 }),
        v("sls", "AllTraffic", {}),
      ],
      "region",
      1,
    );
    expect(usage).toEqual({
      inUse: 4,
      byEndpoint: [
        { endpointName: "recsys-ab", count: 1 },
        { endpointName: "ranker-shadow", count: 3 },
      ],
      scope: "region",
      unread: 1,
      uncounted: 0,
    });
  });

  it("a heterogeneous variant counts its pool of the type; a variant with no count is said to be uncounted", () => {
    const usage = quotaUsage(
      "ml.g5.xlarge",
      self,
      [
        v("pools", "AllTraffic", {
          instancePools: ["ml.g6.xlarge", "ml.g5.xlarge"],
          poolInstanceCounts: { "ml.g6.xlarge": 3, "ml.g5.xlarge": 2 },
          currentInstanceCount: 5,
        }),
        v("pools-unreported", "AllTraffic", {
          instancePools: ["ml.g5.xlarge", "ml.g6.xlarge"],
          currentInstanceCount: 2,
        }),
        v("new", "AllTraffic", { instanceType: "ml.g5.xlarge" }),
        v("old", "AllTraffic", { instanceType: "ml.g5.xlarge", desiredInstanceCount: 3 }),
      ],
      "endpoint",
    );
    expect(usage).toMatchObject({
      inUse: 5,
      byEndpoint: [
        { endpointName: "pools", count: 2 },
        { endpointName: "old", count: 3 },
      ],
      uncounted: 2,
      unread: 0,
      scope: "endpoint",
    });
  });
});
