import type { VariantInfo } from "../aws/discover.js";

/**
 * The account's "<instance type> for endpoint usage" quota is shared by every variant of every endpoint in the
 * Region, shadow variants included (facts doc §9 Limits). What a variant may still scale to is that quota less
 * what the others already run of the type. Counted only from reads `init` makes anyway: the endpoint's own other
 * variants always, and every other endpoint when the wizard's picker has read them all.
 */

/** A variant as read (DescribeEndpoint + DescribeEndpointConfig, aws/discover.ts), with what the count needs. */
export type VariantRead = Pick<
  VariantInfo,
  | "endpointName"
  | "variantName"
  | "instanceType"
  | "instancePools"
  | "poolInstanceCounts"
  | "currentInstanceCount"
  | "desiredInstanceCount"
>;

export interface QuotaUsage {
  /** Instances of the type the other variants read run now. */
  inUse: number;
  /** Those instances by endpoint, in the order read. */
  byEndpoint: { endpointName: string; count: number }[];
  /**
   * "region": every other endpoint of the Region was read (the picker's reads); "endpoint": only the endpoint
   * being configured, so what other endpoints run is not known.
   */
  scope: "endpoint" | "region";
  /** Endpoints of the scope not read: not InService (the picker does not describe them), or their read failed. */
  unread: number;
  /**
   * Variants that may run the type but could not be counted: no instance count reported (for a heterogeneous
   * variant, none for its pool of the type).
   */
  uncounted: number;
}

/**
 * What the variants other than `self` run of `instanceType`. `unread` is the number of endpoints of the scope that
 * were not read.
 */
export function quotaUsage(
  instanceType: string,
  self: { endpointName: string; variantName: string },
  variants: VariantRead[],
  scope: QuotaUsage["scope"],
  unread = 0,
): QuotaUsage {
  const byEndpoint = new Map<string, number>();
  let uncounted = 0;
  for (const v of variants) {
    if (v.endpointName === self.endpointName && v.variantName === self.variantName) continue;
    const pooled = v.instancePools?.includes(instanceType) && v.instanceType !== instanceType;
    if (!pooled && v.instanceType !== instanceType) continue;
    const count = pooled
      ? v.poolInstanceCounts?.[instanceType]
      : (v.currentInstanceCount ?? v.desiredInstanceCount);
    if (count === undefined) {
      uncounted++;
      continue;
    }
    if (count > 0) byEndpoint.set(v.endpointName, (byEndpoint.get(v.endpointName) ?? 0) + count);
  }
  const list = [...byEndpoint].map(([endpointName, count]) => ({ endpointName, count }));
  return { inUse: list.reduce((sum, e) => sum + e.count, 0), byEndpoint: list, scope, unread, uncounted };
}
