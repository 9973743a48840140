import type { ServiceQuota } from "@aws-sdk/client-service-quotas";
import type { Clients } from "./clients.js";
import { type Listing, pagesOf } from "./paging.js";

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
/** AWS's maximum page size for ListServiceQuotas and ListAWSDefaultServiceQuotas. */
const QUOTAS_PER_PAGE = 100;
/**
 * SageMaker lists well under a thousand quotas today (one per instance type and use); 30 pages of 100 leave
 * room for growth while bounding an optional read that must never hold a run up.
 */
export const MAX_QUOTA_PAGES = 30;

const APPLIED: Listing = {
  action: "servicequotas:ListServiceQuotas",
  maxPages: MAX_QUOTA_PAGES,
  holds: `${MAX_QUOTA_PAGES * QUOTAS_PER_PAGE} SageMaker quotas`,
};
const DEFAULTS: Listing = { ...APPLIED, action: "servicequotas:ListAWSDefaultServiceQuotas" };

export function endpointQuotaName(instanceType: string): string {
  return `${instanceType} for endpoint usage`;
}

export interface EndpointQuota {
  name: string;
  code?: string | undefined;
  /** Instances of this type all endpoints of the account and Region may run together. */
  value: number;
  /**
   * True when the account has no applied value and this is AWS's default: ListServiceQuotas leaves out a quota
   * "if the applied quota value is not available" ([BOTO] service-quotas ListServiceQuotas), while
   * ListAWSDefaultServiceQuotas lists every default.
   */
  isDefault?: boolean;
}

/**
 * The applied quota for endpoint instances of this type, else AWS's default for it; undefined when Service
 * Quotas lists neither. Each listing goes through the one pager: a repeated token or a runaway listing is an
 * error, never a silent "not found".
 */
export async function readEndpointInstanceQuota(
  clients: Pick<Clients, "servicequotas">,
  instanceType: string,
): Promise<EndpointQuota | undefined> {
  const sq = await import("@aws-sdk/client-service-quotas");
  const client = await clients.servicequotas();
  const name = endpointQuotaName(instanceType);
  const find = async (pages: AsyncIterable<{ Quotas?: ServiceQuota[] | undefined }>) => {
    for await (const page of pages) {
      const quota = (page.Quotas ?? []).find((q) => q.QuotaName === name);
      if (quota?.Value !== undefined) return quota;
    }
    return undefined;
  };
  const applied = await find(
    pagesOf(APPLIED, (startingToken) =>
      sq.paginateListServiceQuotas(
        { client, pageSize: QUOTAS_PER_PAGE, startingToken },
        { ServiceCode: SAGEMAKER_SERVICE_CODE },
      ),
    ),
  );
  if (applied) return { name, code: applied.QuotaCode, value: applied.Value! };
  const byDefault = await find(
    pagesOf(DEFAULTS, (startingToken) =>
      sq.paginateListAWSDefaultServiceQuotas(
        { client, pageSize: QUOTAS_PER_PAGE, startingToken },
        { ServiceCode: SAGEMAKER_SERVICE_CODE },
      ),
    ),
  );
  return byDefault
    ? { name, code: byDefault.QuotaCode, value: byDefault.Value!, isDefault: true }
    : undefined;
}
