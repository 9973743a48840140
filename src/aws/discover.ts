import type {
  DescribeEndpointCommandOutput,
  DescribeEndpointConfigCommandOutput,
} from "@aws-sdk/client-sagemaker";
import { PAGE } from "../domain/constants.js";
import { classifyVariant, type VariantKind } from "../domain/kinds.js";
import { CommandError } from "../errors.js";
import type { Clients } from "./clients.js";
import { awsErrorCode, awsErrorMessage } from "./error-codes.js";
import { LISTING, pagesOf } from "./paging.js";

export interface Identity {
  account: string;
  arn: string;
}

export async function callerIdentity(clients: Pick<Clients, "sts">): Promise<Identity> {
  const { GetCallerIdentityCommand } = await import("@aws-sdk/client-sts");
  const out = await (await clients.sts()).send(new GetCallerIdentityCommand({}));
  return { account: out.Account ?? "unknown", arn: out.Arn ?? "unknown" };
}

export interface EndpointSummary {
  name: string;
  status: string;
}

/** Every endpoint in the region, all pages, 100 at a time (facts doc §11). */
export async function listEndpoints(clients: Pick<Clients, "sagemaker">): Promise<EndpointSummary[]> {
  const { paginateListEndpoints } = await import("@aws-sdk/client-sagemaker");
  const client = await clients.sagemaker();
  const endpoints: EndpointSummary[] = [];
  for await (const page of pagesOf(LISTING.endpoints, (startingToken) =>
    paginateListEndpoints(
      { client, pageSize: PAGE.listEndpoints, startingToken },
      { SortBy: "Name", SortOrder: "Ascending" },
    ),
  )) {
    for (const e of page.Endpoints ?? []) {
      if (e.EndpointName) endpoints.push({ name: e.EndpointName, status: e.EndpointStatus ?? "Unknown" });
    }
  }
  return endpoints;
}

export interface VariantInfo {
  endpointName: string;
  variantName: string;
  kind: VariantKind;
  instanceType?: string | undefined;
  currentInstanceCount?: number | undefined;
  desiredInstanceCount?: number | undefined;
}

export interface EndpointDetail {
  name: string;
  status: string;
  configName: string;
  failureReason?: string | undefined;
  variants: VariantInfo[];
  /**
   * True when DescribeEndpointConfig was denied: the variants come from DescribeEndpoint alone, and their kind
   * (guessed from what the endpoint reports) and instance type are not known.
   */
  configDenied?: boolean;
}

/** DescribeEndpoint + DescribeEndpointConfig: each variant with its kind, instance type and counts. */
export async function describeEndpoint(
  clients: Pick<Clients, "sagemaker">,
  endpointName: string,
): Promise<EndpointDetail> {
  const { DescribeEndpointCommand, DescribeEndpointConfigCommand } = await import(
    "@aws-sdk/client-sagemaker"
  );
  const client = await clients.sagemaker();
  let endpoint: DescribeEndpointCommandOutput;
  try {
    endpoint = await client.send(new DescribeEndpointCommand({ EndpointName: endpointName }));
  } catch (error) {
    if (isNotFound(error)) throw endpointNotFound(endpointName, await client.config.region());
    throw error;
  }
  const configName = endpoint.EndpointConfigName ?? "";
  const config = await client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: configName }));
  return endpointDetailFrom(endpointName, endpoint, config);
}

/** Joins DescribeEndpoint and DescribeEndpointConfig: each variant with its kind, instance type and counts. */
export function endpointDetailFrom(
  endpointName: string,
  endpoint: Partial<
    Pick<
      DescribeEndpointCommandOutput,
      "EndpointStatus" | "EndpointConfigName" | "FailureReason" | "ProductionVariants"
    >
  >,
  config: Partial<Pick<DescribeEndpointConfigCommandOutput, "AsyncInferenceConfig" | "ProductionVariants">>,
): EndpointDetail {
  const isAsync = Boolean(config.AsyncInferenceConfig);
  const live = new Map((endpoint.ProductionVariants ?? []).map((v) => [v.VariantName, v]));
  const variants = (config.ProductionVariants ?? []).map((pv): VariantInfo => {
    const now = live.get(pv.VariantName);
    return {
      endpointName,
      variantName: pv.VariantName ?? "",
      kind: classifyVariant({
        instanceType: pv.InstanceType,
        hasServerlessConfig: Boolean(pv.ServerlessConfig ?? now?.CurrentServerlessConfig),
        endpointIsAsync: isAsync,
        // Variants of inference-component endpoints carry no model of their own.
        hostsInferenceComponents: !pv.ModelName && !pv.ServerlessConfig,
      }),
      instanceType: pv.InstanceType,
      currentInstanceCount: now?.CurrentInstanceCount,
      desiredInstanceCount: now?.DesiredInstanceCount ?? pv.InitialInstanceCount,
    };
  });
  // A config can be deleted while its endpoint keeps running: fall back to what the endpoint itself reports.
  if (variants.length === 0) {
    for (const now of endpoint.ProductionVariants ?? []) {
      variants.push({
        endpointName,
        variantName: now.VariantName ?? "",
        kind: classifyVariant({
          hasServerlessConfig: Boolean(now.CurrentServerlessConfig),
          endpointIsAsync: isAsync,
          hostsInferenceComponents: false,
        }),
        currentInstanceCount: now.CurrentInstanceCount,
        desiredInstanceCount: now.DesiredInstanceCount,
      });
    }
  }
  return {
    name: endpointName,
    status: endpoint.EndpointStatus ?? "Unknown",
    configName: endpoint.EndpointConfigName ?? "",
    failureReason: endpoint.FailureReason,
    variants,
  };
}

/** SageMaker answers a missing endpoint with ValidationException "Could not find endpoint …". */
export function isNotFound(error: unknown): boolean {
  const code = awsErrorCode(error);
  return (
    (code === "Validation" || code === "ResourceNotFound") &&
    /could not find|not found|does not exist/i.test(awsErrorMessage(error))
  );
}

export function endpointNotFound(endpointName: string, region: string): CommandError {
  return new CommandError(
    `Endpoint "${endpointName}" was not found in ${region}.`,
    "Check the name and the region (--region); `sm-autoscale describe` lists the endpoints there.",
  );
}
