import { describe, expect, it } from "vitest";
import { endpointDetailFrom } from "../../src/aws/discover.js";
import { SCALING_KINDS, scalingKindOf } from "../../src/domain/scaling-kinds.js";

// Kind detection on recorded shapes of DescribeEndpoint and DescribeEndpointConfig ([BOTO] sagemaker
// 2017-07-24: ProductionVariant, ProductionVariantSummary, AsyncInferenceConfig, ShadowProductionVariants).

const live = (name: string, extra: Record<string, unknown> = {}) => ({
  VariantName: name,
  CurrentInstanceCount: 2,
  DesiredInstanceCount: 2,
  CurrentWeight: 1,
  DesiredWeight: 1,
  ...extra,
});

describe("endpointDetailFrom: every kind, from the API", () => {
  it("a real-time variant: one instance type, a model", () => {
    const d = endpointDetailFrom(
      "web",
      { EndpointStatus: "InService", EndpointConfigName: "c", ProductionVariants: [live("AllTraffic")] },
      {
        ProductionVariants: [
          { VariantName: "AllTraffic", ModelName: "m", InstanceType: "ml.m5.large", InitialInstanceCount: 2 },
        ],
      },
    );
    expect(d.variants).toEqual([
      expect.objectContaining({ kind: "real-time", instanceType: "ml.m5.large", currentInstanceCount: 2 }),
    ]);
    expect(scalingKindOf(d.variants[0]!.kind).id).toBe("real-time");
  });

  it("a heterogeneous variant: instance pools instead of one type", () => {
    const d = endpointDetailFrom(
      "vision",
      {
        EndpointStatus: "InService",
        ProductionVariants: [
          live("AllTraffic", { InstancePools: [{ InstanceType: "ml.g5.xlarge", CurrentInstanceCount: 2 }] }),
        ],
      },
      {
        ProductionVariants: [
          {
            VariantName: "AllTraffic",
            ModelName: "m",
            InitialInstanceCount: 2,
            InstancePools: [
              { InstanceType: "ml.g5.xlarge", Priority: 1 },
              { InstanceType: "ml.g6.xlarge", Priority: 2 },
            ],
          },
        ],
      } as never,
    );
    expect(d.variants[0]).toMatchObject({
      kind: "real-time",
      instancePools: ["ml.g5.xlarge", "ml.g6.xlarge"],
      // What each pool runs now, as DescribeEndpoint reports it: what the instance quota check counts.
      poolInstanceCounts: { "ml.g5.xlarge": 2 },
    });
  });

  it("an async endpoint: AsyncInferenceConfig on the config", () => {
    const d = endpointDetailFrom(
      "jobs",
      { EndpointStatus: "InService", ProductionVariants: [live("AllTraffic")] },
      {
        AsyncInferenceConfig: { OutputConfig: { S3OutputPath: "s3://b/o" } },
        ProductionVariants: [
          {
            VariantName: "AllTraffic",
            ModelName: "m",
            InstanceType: "ml.g4dn.xlarge",
            InitialInstanceCount: 1,
          },
        ],
      },
    );
    expect(scalingKindOf(d.variants[0]!.kind).id).toBe("async");
  });

  it("serverless with and without provisioned concurrency", () => {
    const config = (pc?: number) => ({
      ProductionVariants: [
        {
          VariantName: "AllTraffic",
          ModelName: "m",
          ServerlessConfig: {
            MemorySizeInMB: 2048,
            MaxConcurrency: 10,
            ...(pc ? { ProvisionedConcurrency: pc } : {}),
          },
        },
      ],
    });
    const withPc = endpointDetailFrom(
      "sls",
      {
        EndpointStatus: "InService",
        ProductionVariants: [
          {
            VariantName: "AllTraffic",
            CurrentServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 10, ProvisionedConcurrency: 3 },
          },
        ],
      },
      config(2),
    );
    // The endpoint's current provisioned concurrency, not the config's initial one.
    expect(withPc.variants[0]).toMatchObject({
      kind: "serverless",
      serverless: { maxConcurrency: 10, provisionedConcurrency: 3 },
    });
    const onDemand = endpointDetailFrom(
      "sls2",
      { EndpointStatus: "InService", ProductionVariants: [{ VariantName: "AllTraffic" }] },
      config(),
    );
    expect(onDemand.variants[0]?.serverless).toEqual({
      maxConcurrency: 10,
      provisionedConcurrency: undefined,
    });
  });

  it("an inference-component endpoint: no model on the variant, managed instance scaling", () => {
    const d = endpointDetailFrom(
      "llm",
      {
        EndpointStatus: "InService",
        ProductionVariants: [
          live("AllTraffic", {
            ManagedInstanceScaling: { Status: "ENABLED", MinInstanceCount: 0, MaxInstanceCount: 4 },
          }),
        ],
      },
      {
        ProductionVariants: [
          {
            VariantName: "AllTraffic",
            InstanceType: "ml.g5.2xlarge",
            InitialInstanceCount: 1,
            ManagedInstanceScaling: { Status: "ENABLED", MinInstanceCount: 0, MaxInstanceCount: 4 },
          },
        ],
      },
    );
    expect(d.variants[0]).toMatchObject({
      kind: "inference-components",
      managedInstanceScaling: { status: "ENABLED", min: 0, max: 4 },
    });
    expect(scalingKindOf(d.variants[0]!.kind).id).toBe("inference-component");
  });

  it("a shadow variant is one of the endpoint's variants, marked as such", () => {
    const d = endpointDetailFrom(
      "ranker",
      {
        EndpointStatus: "InService",
        ProductionVariants: [live("Prod")],
        ShadowProductionVariants: [live("Shadow", { CurrentInstanceCount: 1, DesiredInstanceCount: 1 })],
      },
      {
        ProductionVariants: [
          { VariantName: "Prod", ModelName: "m", InstanceType: "ml.m5.large", InitialInstanceCount: 2 },
        ],
        ShadowProductionVariants: [
          { VariantName: "Shadow", ModelName: "m2", InstanceType: "ml.m5.large", InitialInstanceCount: 1 },
        ],
      },
    );
    expect(d.variants.map((v) => [v.variantName, v.shadow ?? false, v.currentInstanceCount])).toEqual([
      ["Prod", false, 2],
      ["Shadow", true, 1],
    ]);
  });
});

describe("each kind's signals", () => {
  // The unit is shown in parentheses ("Target (…)" in the prompt and the table of changes) and after the value
  // in the plan ("keep … at 0.5 …"): it must read in both, with no parentheses of its own to nest.
  const signals = SCALING_KINDS.flatMap((kind) =>
    kind.signals.map((signal) => [kind.id, signal.id, signal] as const),
  );
  it.each(signals)("%s / %s: the target unit has no parentheses of its own", (_kind, _id, signal) => {
    expect(signal.targetUnit).not.toMatch(/[()]/);
  });
});
