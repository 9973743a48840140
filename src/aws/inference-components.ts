import type { DescribeInferenceComponentCommandOutput } from "@aws-sdk/client-sagemaker";
import { PAGE } from "../domain/constants.js";
import type { Clients } from "./clients.js";
import { isNotFound } from "./discover.js";
import { LISTING, pagesOf } from "./paging.js";

/**
 * Inference components (facts doc §14): an endpoint's ICs come from ListInferenceComponents filtered by
 * EndpointNameEquals, every page; their copy counts from DescribeInferenceComponent's RuntimeConfig.
 */
export interface InferenceComponentSummary {
  name: string;
  variantName?: string | undefined;
  status?: string | undefined;
}

export interface InferenceComponentDetail extends InferenceComponentSummary {
  endpointName?: string | undefined;
  desiredCopyCount?: number | undefined;
  currentCopyCount?: number | undefined;
  /** Adapter ICs run on a base IC and have no copies of their own to scale ([BOTO] BaseInferenceComponentName). */
  baseComponentName?: string | undefined;
}

/** Every inference component on the endpoint (on one of its variants, with `variantName`), all pages, 100 at a time. */
export async function listInferenceComponents(
  clients: Pick<Clients, "sagemaker">,
  endpointName: string,
  options: { variantName?: string | undefined } = {},
): Promise<InferenceComponentSummary[]> {
  const { paginateListInferenceComponents } = await import("@aws-sdk/client-sagemaker");
  const client = await clients.sagemaker();
  const found: InferenceComponentSummary[] = [];
  for await (const page of pagesOf(LISTING.inferenceComponents, (startingToken) =>
    paginateListInferenceComponents(
      { client, pageSize: PAGE.listInferenceComponents, startingToken },
      {
        EndpointNameEquals: endpointName,
        ...(options.variantName !== undefined ? { VariantNameEquals: options.variantName } : {}),
        SortBy: "Name",
        SortOrder: "Ascending",
      },
    ),
  )) {
    for (const ic of page.InferenceComponents ?? []) {
      if (ic.InferenceComponentName) {
        found.push({
          name: ic.InferenceComponentName,
          variantName: ic.VariantName,
          status: ic.InferenceComponentStatus,
        });
      }
    }
  }
  return found;
}

/** Every inference component in the region with the endpoint that hosts it, all pages, 100 at a time. */
export async function listRegionInferenceComponents(
  clients: Pick<Clients, "sagemaker">,
): Promise<{ name: string; endpointName?: string | undefined }[]> {
  const { paginateListInferenceComponents } = await import("@aws-sdk/client-sagemaker");
  const client = await clients.sagemaker();
  const found: { name: string; endpointName?: string | undefined }[] = [];
  // The same cap as one endpoint's listing: the picker reads this only to mark endpoints as autoscaled.
  const listing = { ...LISTING.inferenceComponents, holds: "10,000 inference components in a region" };
  for await (const page of pagesOf(listing, (startingToken) =>
    paginateListInferenceComponents(
      { client, pageSize: PAGE.listInferenceComponents, startingToken },
      { SortBy: "Name", SortOrder: "Ascending" },
    ),
  )) {
    for (const ic of page.InferenceComponents ?? []) {
      if (ic.InferenceComponentName)
        found.push({ name: ic.InferenceComponentName, endpointName: ic.EndpointName });
    }
  }
  return found;
}

/** One inference component with its copy counts; undefined when it does not exist (any more). */
export async function describeInferenceComponent(
  clients: Pick<Clients, "sagemaker">,
  name: string,
): Promise<InferenceComponentDetail | undefined> {
  const { DescribeInferenceComponentCommand } = await import("@aws-sdk/client-sagemaker");
  const client = await clients.sagemaker();
  try {
    const out = await client.send(new DescribeInferenceComponentCommand({ InferenceComponentName: name }));
    return componentDetailFrom(name, out);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** DescribeInferenceComponent's answer, as the detail the commands use. Pure. */
export function componentDetailFrom(
  name: string,
  out: Pick<
    DescribeInferenceComponentCommandOutput,
    "EndpointName" | "VariantName" | "InferenceComponentStatus" | "RuntimeConfig" | "Specification"
  >,
): InferenceComponentDetail {
  return {
    name,
    endpointName: out.EndpointName,
    variantName: out.VariantName,
    status: out.InferenceComponentStatus,
    desiredCopyCount: out.RuntimeConfig?.DesiredCopyCount,
    currentCopyCount: out.RuntimeConfig?.CurrentCopyCount,
    baseComponentName: out.Specification?.BaseInferenceComponentName,
  };
}
