import type { Clients } from "./clients.js";

/**
 * The account's ceiling for a variant is not MaxCapacity but the SageMaker quota "<instance type> for endpoint
 * usage", shared by every endpoint of the account and Region (facts doc §9 Limits): a scale-out beyond it fails
 * as a scaling activity with ResourceLimitExceeded, never as an API error at registration.
 *
 * Quota codes (L-…) are opaque and differ per instance type, so the quota is found by its name in the
 * ListServiceQuotas pages of ServiceCode "sagemaker" (Service Quotas API reference: ListServiceQuotas,
 * MaxResults 1–100). The read stops at the page that holds it.
 */
export const SAGEMAKER_SERVICE_CODE = "sagemaker";
/** AWS's maximum page size for ListServiceQuotas. */
const QUOTAS_PER_PAGE = 100;
/**
 * SageMaker lists well under a thousand quotas today (one per instance type and use); 30 pages of 100 leave
 * room for growth while bounding an optional read that must never hold a run up.
 */
export const MAX_QUOTA_PAGES = 30;

export function endpointQuotaName(instanceType: string): string {
  return `${instanceType} for endpoint usage`;
}

export interface EndpointQuota {
  name: string;
  code?: string | undefined;
  /** Instances of this type all endpoints of the account and Region may run together. */
  value: number;
}

/** The applied quota for endpoint instances of this type; undefined when Service Quotas does not list it. */
export async function readEndpointInstanceQuota(
  clients: Pick<Clients, "servicequotas">,
  instanceType: string,
): Promise<EndpointQuota | undefined> {
  const { paginateListServiceQuotas } = await import("@aws-sdk/client-service-quotas");
  const client = await clients.servicequotas();
  const name = endpointQuotaName(instanceType);
  let pages = 0;
  for await (const page of paginateListServiceQuotas(
    { client, pageSize: QUOTAS_PER_PAGE, stopOnSameToken: true },
    { ServiceCode: SAGEMAKER_SERVICE_CODE },
  )) {
    const quota = (page.Quotas ?? []).find((q) => q.QuotaName === name);
    if (quota?.Value !== undefined) return { name, code: quota.QuotaCode, value: quota.Value };
    if (++pages >= MAX_QUOTA_PAGES) break;
  }
  return undefined;
}
