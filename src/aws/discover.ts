import type {
  DescribeEndpointCommandOutput,
  DescribeEndpointConfigCommandOutput,
  ProductionVariant,
  ProductionVariantSummary,
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
  /** Heterogeneous variants: the instance types of their pools, by priority ([BOTO] InstancePool). */
  instancePools?: string[] | undefined;
  /** Heterogeneous variants: the instances of each pool's type now, as DescribeEndpoint reports them ([BOTO] InstancePoolSummary). */
  poolInstanceCounts?: Record<string, number> | undefined;
  currentInstanceCount?: number | undefined;
  desiredInstanceCount?: number | undefined;
  /** A shadow variant (ShadowProductionVariants): it receives a copy of the traffic, and scales like the others. */
  shadow?: boolean | undefined;
  /** Serverless variants: MaxConcurrency, and the provisioned concurrency (absent: on demand). */
  serverless?:
    | { maxConcurrency?: number | undefined; provisionedConcurrency?: number | undefined }
    | undefined;
  /** Variants hosting inference components: their managed instance scaling ([BOTO] ProductionVariantManagedInstanceScaling). */
  managedInstanceScaling?:
    | { status?: string | undefined; min?: number | undefined; max?: number | undefined }
    | undefined;
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
      | "EndpointStatus"
      | "EndpointConfigName"
      | "FailureReason"
      | "ProductionVariants"
      | "ShadowProductionVariants"
    >
  >,
  config: Partial<
    Pick<
      DescribeEndpointConfigCommandOutput,
      "AsyncInferenceConfig" | "ProductionVariants" | "ShadowProductionVariants"
    >
  >,
): EndpointDetail {
  const isAsync = Boolean(config.AsyncInferenceConfig);
  const live = new Map(
    [...(endpoint.ProductionVariants ?? []), ...(endpoint.ShadowProductionVariants ?? [])].map((v) => [
      v.VariantName,
      v,
    ]),
  );
  const fromConfig = (pv: ProductionVariant, shadow: boolean): VariantInfo => {
    const now = live.get(pv.VariantName);
    const serverless = pv.ServerlessConfig ?? now?.CurrentServerlessConfig;
    const pools = pv.InstancePools ?? now?.InstancePools;
    const mis = now?.ManagedInstanceScaling ?? pv.ManagedInstanceScaling;
    return {
      endpointName,
      variantName: pv.VariantName ?? "",
      kind: classifyVariant({
        instanceType: pv.InstanceType,
        hasServerlessConfig: Boolean(serverless),
        endpointIsAsync: isAsync,
        // Variants of inference-component endpoints carry no model of their own (§14).
        hostsInferenceComponents: !pv.ModelName && !serverless,
      }),
      instanceType: pv.InstanceType,
      ...(pools && pools.length > 0 ? { instancePools: pools.map((p) => p.InstanceType ?? "?") } : {}),
      ...(now?.InstancePools && now.InstancePools.length > 0
        ? {
            poolInstanceCounts: Object.fromEntries(
              now.InstancePools.map((p) => [p.InstanceType ?? "?", p.CurrentInstanceCount ?? 0]),
            ),
          }
        : {}),
      currentInstanceCount: now?.CurrentInstanceCount,
      desiredInstanceCount: now?.DesiredInstanceCount ?? pv.InitialInstanceCount,
      ...(shadow ? { shadow: true } : {}),
      ...(serverless
        ? {
            serverless: {
              maxConcurrency: (now?.CurrentServerlessConfig ?? serverless).MaxConcurrency,
              provisionedConcurrency: (now?.CurrentServerlessConfig ?? serverless).ProvisionedConcurrency,
            },
          }
        : {}),
      ...(mis
        ? {
            managedInstanceScaling: {
              status: mis.Status,
              min: mis.MinInstanceCount,
              max: mis.MaxInstanceCount,
            },
          }
        : {}),
    };
  };
  const variants = [
    ...(config.ProductionVariants ?? []).map((pv) => fromConfig(pv, false)),
    ...(config.ShadowProductionVariants ?? []).map((pv) => fromConfig(pv, true)),
  ];
  // A config can be deleted while its endpoint keeps running: fall back to what the endpoint itself reports.
  if (variants.length === 0) {
    const fromEndpoint = (now: ProductionVariantSummary, shadow: boolean): VariantInfo => ({
      endpointName,
      variantName: now.VariantName ?? "",
      kind: classifyVariant({
        hasServerlessConfig: Boolean(now.CurrentServerlessConfig),
        endpointIsAsync: isAsync,
        hostsInferenceComponents: false,
      }),
      currentInstanceCount: now.CurrentInstanceCount,
      desiredInstanceCount: now.DesiredInstanceCount,
      ...(shadow ? { shadow: true } : {}),
      ...(now.CurrentServerlessConfig
        ? {
            serverless: {
              maxConcurrency: now.CurrentServerlessConfig.MaxConcurrency,
              provisionedConcurrency: now.CurrentServerlessConfig.ProvisionedConcurrency,
            },
          }
        : {}),
    });
    variants.push(
      ...(endpoint.ProductionVariants ?? []).map((v) => fromEndpoint(v, false)),
      ...(endpoint.ShadowProductionVariants ?? []).map((v) => fromEndpoint(v, true)),
    );
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
