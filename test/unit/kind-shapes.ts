import type {
  DescribeEndpointCommandOutput,
  DescribeEndpointConfigCommandOutput,
  DescribeInferenceComponentCommandOutput,
} from "@aws-sdk/client-sagemaker";
import { type EndpointDetail, endpointDetailFrom } from "../../src/aws/discover.js";
import { componentDetailFrom, type InferenceComponentDetail } from "../../src/aws/inference-components.js";

/*
 * DescribeEndpoint, DescribeEndpointConfig and DescribeInferenceComponent as AWS answers them for one endpoint of
 * each kind, in the shapes of the botocore model (sagemaker 2017-07-24: ProductionVariantSummary,
 * ProductionVariant, InstancePoolSummary, ProductionVariantServerlessConfig, ProductionVariantManagedInstanceScaling,
 * DescribeInferenceComponentOutput), as the SDK deserializes them: members absent rather than null, dates as Date.
 */

const ACCOUNT = "111122223333";
const REGION = "eu-west-3";
const created = new Date("2025-05-01T08:00:00.000Z");
const arn = (type: string, name: string) => `arn:aws:sagemaker:${REGION}:${ACCOUNT}:${type}/${name}`;
const image = (name: string) => ({
  SpecifiedImage: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${name}:latest`,
  ResolvedImage: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${name}@sha256:0f0e`,
  ResolutionTime: created,
});

type Endpoint = Omit<DescribeEndpointCommandOutput, "$metadata">;
type Config = Omit<DescribeEndpointConfigCommandOutput, "$metadata">;

export interface RecordedEndpoint {
  endpoint: Endpoint;
  config: Config;
}

function endpoint(
  name: string,
  variants: Endpoint["ProductionVariants"],
  extra: Partial<Endpoint> = {},
): Endpoint {
  return {
    EndpointName: name,
    EndpointArn: arn("endpoint", name),
    EndpointConfigName: `${name}-config`,
    ProductionVariants: variants,
    EndpointStatus: "InService",
    CreationTime: created,
    LastModifiedTime: created,
    ...extra,
  };
}

function config(name: string, variants: Config["ProductionVariants"], extra: Partial<Config> = {}): Config {
  return {
    EndpointConfigName: `${name}-config`,
    EndpointConfigArn: arn("endpoint-config", `${name}-config`),
    ProductionVariants: variants,
    CreationTime: created,
    EnableNetworkIsolation: false,
    ...extra,
  };
}

/** A real-time variant on one instance type. */
export const REAL_TIME_SHAPE: RecordedEndpoint = {
  endpoint: endpoint("churn", [
    {
      VariantName: "AllTraffic",
      DeployedImages: [image("churn")],
      CurrentWeight: 1,
      DesiredWeight: 1,
      CurrentInstanceCount: 2,
      DesiredInstanceCount: 2,
    },
  ]),
  config: config("churn", [
    {
      VariantName: "AllTraffic",
      ModelName: "churn-model",
      InitialInstanceCount: 2,
      InstanceType: "ml.m5.large",
      InitialVariantWeight: 1,
    },
  ]),
};

/** An async endpoint: AsyncInferenceConfig on the config (and the endpoint). */
export const ASYNC_SHAPE: RecordedEndpoint = {
  endpoint: endpoint(
    "jobs",
    [
      {
        VariantName: "AllTraffic",
        DeployedImages: [image("jobs")],
        CurrentWeight: 1,
        DesiredWeight: 1,
        CurrentInstanceCount: 0,
        DesiredInstanceCount: 0,
      },
    ],
    { AsyncInferenceConfig: { OutputConfig: { S3OutputPath: "s3://jobs-out/results" } } },
  ),
  config: config(
    "jobs",
    [
      {
        VariantName: "AllTraffic",
        ModelName: "jobs-model",
        InitialInstanceCount: 1,
        InstanceType: "ml.g4dn.xlarge",
        InitialVariantWeight: 1,
      },
    ],
    { AsyncInferenceConfig: { OutputConfig: { S3OutputPath: "s3://jobs-out/results" } } },
  ),
};

/** A serverless variant with provisioned concurrency: no instances, its concurrency live on the endpoint. */
export const SERVERLESS_SHAPE: RecordedEndpoint = {
  endpoint: endpoint("embed", [
    {
      VariantName: "AllTraffic",
      DeployedImages: [image("embed")],
      CurrentWeight: 1,
      DesiredWeight: 1,
      CurrentServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 20, ProvisionedConcurrency: 3 },
      DesiredServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 20, ProvisionedConcurrency: 3 },
    },
  ]),
  config: config("embed", [
    {
      VariantName: "AllTraffic",
      ModelName: "embed-model",
      InitialVariantWeight: 1,
      ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 20, ProvisionedConcurrency: 2 },
    },
  ]),
};

/** A heterogeneous variant: InstancePools by priority instead of one InstanceType. */
export const POOLS_SHAPE: RecordedEndpoint = {
  endpoint: endpoint("vision", [
    {
      VariantName: "AllTraffic",
      DeployedImages: [image("vision")],
      CurrentWeight: 1,
      DesiredWeight: 1,
      CurrentInstanceCount: 2,
      DesiredInstanceCount: 2,
      InstancePools: [
        { InstanceType: "ml.g5.xlarge", CurrentInstanceCount: 2 },
        { InstanceType: "ml.g6.xlarge", CurrentInstanceCount: 0 },
      ],
    },
  ]),
  config: config("vision", [
    {
      VariantName: "AllTraffic",
      ModelName: "vision-model",
      InitialInstanceCount: 2,
      InstancePools: [
        { InstanceType: "ml.g5.xlarge", Priority: 1 },
        { InstanceType: "ml.g6.xlarge", Priority: 2 },
      ],
      InitialVariantWeight: 1,
    },
  ]),
};

/** A production variant and a shadow variant (ShadowProductionVariants), both instance-based. */
export const SHADOW_SHAPE: RecordedEndpoint = {
  endpoint: endpoint(
    "ranker",
    [
      {
        VariantName: "Prod",
        DeployedImages: [image("ranker")],
        CurrentWeight: 1,
        DesiredWeight: 1,
        CurrentInstanceCount: 2,
        DesiredInstanceCount: 2,
      },
    ],
    {
      ShadowProductionVariants: [
        {
          VariantName: "Shadow",
          DeployedImages: [image("ranker-v2")],
          CurrentWeight: 1,
          DesiredWeight: 1,
          CurrentInstanceCount: 1,
          DesiredInstanceCount: 1,
        },
      ],
    },
  ),
  config: config(
    "ranker",
    [
      {
        VariantName: "Prod",
        ModelName: "ranker-model",
        InitialInstanceCount: 2,
        InstanceType: "ml.m5.large",
        InitialVariantWeight: 1,
      },
    ],
    {
      ShadowProductionVariants: [
        {
          VariantName: "Shadow",
          ModelName: "ranker-v2-model",
          InitialInstanceCount: 1,
          InstanceType: "ml.m5.large",
          InitialVariantWeight: 1,
        },
      ],
    },
  ),
};

/** An endpoint hosting inference components: a variant without a model, with managed instance scaling. */
export function inferenceComponentShape(name: string, minInstances: number): RecordedEndpoint {
  const mis = { Status: "ENABLED" as const, MinInstanceCount: minInstances, MaxInstanceCount: 2 };
  return {
    endpoint: endpoint(name, [
      {
        VariantName: "AllTraffic",
        CurrentWeight: 1,
        DesiredWeight: 1,
        CurrentInstanceCount: 1,
        DesiredInstanceCount: 1,
        ManagedInstanceScaling: mis,
        RoutingConfig: { RoutingStrategy: "LEAST_OUTSTANDING_REQUESTS" },
      },
    ]),
    config: config(
      name,
      [
        {
          VariantName: "AllTraffic",
          InitialInstanceCount: 1,
          InstanceType: "ml.g5.2xlarge",
          ManagedInstanceScaling: mis,
          RoutingConfig: { RoutingStrategy: "LEAST_OUTSTANDING_REQUESTS" },
        },
      ],
      { ExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/sagemaker-execution` },
    ),
  };
}

/** DescribeInferenceComponent of a component on `endpointName`/AllTraffic. */
export function componentShape(
  name: string,
  endpointName: string,
  copies: { desired: number; current: number },
): Omit<DescribeInferenceComponentCommandOutput, "$metadata"> {
  return {
    InferenceComponentName: name,
    InferenceComponentArn: arn("inference-component", name),
    EndpointName: endpointName,
    EndpointArn: arn("endpoint", endpointName),
    VariantName: "AllTraffic",
    Specification: {
      Container: { DeployedImage: image(name) },
      ComputeResourceRequirements: { MinMemoryRequiredInMb: 1024, NumberOfAcceleratorDevicesRequired: 1 },
    },
    RuntimeConfig: { DesiredCopyCount: copies.desired, CurrentCopyCount: copies.current },
    CreationTime: created,
    LastModifiedTime: created,
    InferenceComponentStatus: "InService",
  };
}

/** The endpoint detail describe builds from a recorded endpoint (aws/discover.ts). */
export function detailOf(recorded: RecordedEndpoint): EndpointDetail {
  return endpointDetailFrom(recorded.endpoint.EndpointName ?? "", recorded.endpoint, recorded.config);
}

/** The component detail describe reads (aws/inference-components.ts), from a recorded DescribeInferenceComponent. */
export function componentOf(out: ReturnType<typeof componentShape>): InferenceComponentDetail {
  return componentDetailFrom(out.InferenceComponentName ?? "", out);
}
