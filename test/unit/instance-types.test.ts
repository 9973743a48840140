import { ProductionVariantInstanceType } from "@aws-sdk/client-sagemaker";
import { describe, expect, it } from "vitest";
import {
  FAMILY_SOURCES,
  INSTANCE_SPECS,
  instanceFamily,
  instanceSpec,
  SKIPPED_INSTANCE_TYPES,
  skippedReason,
} from "../../src/domain/instance-types.js";
import { loadModel } from "../support/botocore-model.js";

/**
 * The ProductionVariantInstanceType enum of the botocore SageMaker model the installed aws CLI ships, read now.
 * No botocore, no model or no such shape fails the test (it never passes on an empty list).
 */
function botocoreEnum(): string[] {
  let values: string[] | undefined;
  try {
    values = loadModel("SageMaker").shapes["ProductionVariantInstanceType"]?.enum;
  } catch (err) {
    throw new Error(
      "cannot read the botocore SageMaker model (sagemaker/2017-07-24/service-2.json.gz of the aws CLI v1's " +
        "botocore, or $SM_AUTOSCALE_BOTOCORE_DATA): " +
        (err instanceof Error ? err.message : String(err)),
    );
  }
  if (!values || values.length === 0) {
    throw new Error("the botocore SageMaker model has no ProductionVariantInstanceType enum");
  }
  return values;
}

const jsSdkEnum: string[] = Object.values(ProductionVariantInstanceType);

/** The enum values that have neither a row nor a reason for having none. */
function uncovered(values: string[]): string[] {
  return values.filter((t) => instanceSpec(t) === undefined && skippedReason(t) === undefined);
}

describe("instance type table: completeness", () => {
  it("has a row or a reason for every type of the botocore model's ProductionVariantInstanceType", () => {
    const values = botocoreEnum();
    expect(values.length).toBeGreaterThan(200);
    expect(uncovered(values), "enum values with no row and no skip reason").toEqual([]);
  });

  it("has a row or a reason for every type of @aws-sdk/client-sagemaker's ProductionVariantInstanceType", () => {
    expect(jsSdkEnum.length).toBeGreaterThan(200);
    expect(uncovered(jsSdkEnum), "enum values with no row and no skip reason").toEqual([]);
  });

  it("lists no type that neither enum has (a typo, or a type AWS dropped)", () => {
    const known = new Set([...botocoreEnum(), ...jsSdkEnum]);
    const stray = [...Object.keys(INSTANCE_SPECS), ...Object.keys(SKIPPED_INSTANCE_TYPES)].filter(
      (t) => !known.has(t),
    );
    expect(stray).toEqual([]);
  });

  it("never both gives a row and skips a type, and says why it skips one", () => {
    for (const [type, reason] of Object.entries(SKIPPED_INSTANCE_TYPES)) {
      expect(instanceSpec(type), type).toBeUndefined();
      expect(reason.length, type).toBeGreaterThan(30);
    }
  });

  it("names the source of every row's family", () => {
    const tags = new Set([
      ...["EC2-GP-2023", "EC2-CO-2023", "EC2-MO-2023", "EC2-AC-2023", "KARPENTER", "DL1-BLOG"],
      ...["NEURON-INF1", "NEURON-INF2", "NEURON-TRN1", "NEURON-TRN2", "BATCH-GPU", "SM-HYPERPOD", "SM-PYSDK"],
    ]);
    for (const type of Object.keys(INSTANCE_SPECS)) {
      const family = instanceFamily(type);
      expect(family, type).toBeDefined();
      const sources = FAMILY_SOURCES[family!];
      expect(sources?.length, `${type}: family ${family} has no source`).toBeGreaterThan(0);
      for (const tag of sources!) expect(tags.has(tag), `${family}: unknown source ${tag}`).toBe(true);
    }
  });
});

describe("instance type table: rows", () => {
  it("gives a positive whole number of vCPUs and a whole number of GPUs on every row", () => {
    for (const [type, spec] of Object.entries(INSTANCE_SPECS)) {
      expect(Number.isInteger(spec.vcpus) && spec.vcpus > 0, `${type} vcpus ${spec.vcpus}`).toBe(true);
      expect(Number.isInteger(spec.gpus) && spec.gpus >= 0, `${type} gpus ${spec.gpus}`).toBe(true);
      expect(Number.isFinite(spec.memoryGiB) && spec.memoryGiB > 0, `${type} memory ${spec.memoryGiB}`).toBe(
        true,
      );
    }
  });

  it("counts Inferentia, Trainium and Gaudi as accelerators, never as GPUs", () => {
    for (const [type, spec] of Object.entries(INSTANCE_SPECS)) {
      expect(spec.accelerators === undefined, type).toBe(spec.acceleratorKind === undefined);
      if (spec.accelerators === undefined) continue;
      expect(Number.isInteger(spec.accelerators) && spec.accelerators > 0, type).toBe(true);
      expect(spec.gpus, type).toBe(0);
    }
    expect(instanceSpec("ml.inf2.xlarge")).toEqual({
      vcpus: 4,
      gpus: 0,
      accelerators: 1,
      acceleratorKind: "Inferentia2",
      memoryGiB: 16,
    });
    expect(instanceSpec("ml.inf1.24xlarge")).toMatchObject({
      gpus: 0,
      accelerators: 16,
      acceleratorKind: "Inferentia",
    });
    expect(instanceSpec("ml.trn1.32xlarge")).toMatchObject({
      gpus: 0,
      accelerators: 16,
      acceleratorKind: "Trainium",
    });
    expect(instanceSpec("ml.trn2.48xlarge")).toMatchObject({
      gpus: 0,
      accelerators: 16,
      acceleratorKind: "Trainium2",
    });
    expect(instanceSpec("ml.dl1.24xlarge")).toMatchObject({
      gpus: 0,
      accelerators: 8,
      acceleratorKind: "Gaudi",
    });
  });

  it("knows the well-known types", () => {
    expect(instanceSpec("ml.m5.large")).toEqual({ vcpus: 2, gpus: 0, memoryGiB: 8 });
    expect(instanceSpec("ml.c5.xlarge")).toEqual({ vcpus: 4, gpus: 0, memoryGiB: 8 });
    expect(instanceSpec("ml.g5.xlarge")).toEqual({ vcpus: 4, gpus: 1, memoryGiB: 16 });
    expect(instanceSpec("ml.g5.12xlarge")).toEqual({ vcpus: 48, gpus: 4, memoryGiB: 192 });
    expect(instanceSpec("ml.g5.48xlarge")).toEqual({ vcpus: 192, gpus: 8, memoryGiB: 768 });
    expect(instanceSpec("ml.p4d.24xlarge")).toEqual({ vcpus: 96, gpus: 8, memoryGiB: 1152 });
    expect(instanceSpec("ml.p5.48xlarge")).toEqual({ vcpus: 192, gpus: 8, memoryGiB: 2048 });
    expect(instanceSpec("ml.g6e.xlarge")).toEqual({ vcpus: 4, gpus: 1, memoryGiB: 32 });
    expect(instanceSpec("ml.c4.large")).toEqual({ vcpus: 2, gpus: 0, memoryGiB: 3.75 });
    expect(instanceSpec("ml.t2.medium")).toEqual({ vcpus: 2, gpus: 0, memoryGiB: 4 });
  });

  it("answers undefined for a type it does not know, whatever the string", () => {
    for (const type of [
      "ml.m5.huge",
      "m5.large",
      "ML.M5.LARGE",
      "",
      "constructor",
      "__proto__",
      "toString",
    ]) {
      expect(instanceSpec(type), type).toBeUndefined();
      expect(skippedReason(type), type).toBeUndefined();
    }
  });

  it("names the reason for a skipped type and gives it no counts", () => {
    expect(instanceSpec("ml.p6e-gb200.36xlarge")).toBeUndefined();
    expect(skippedReason("ml.p6e-gb200.36xlarge")).toMatch(/no AWS source/);
    expect(skippedReason("ml.m5.large")).toBeUndefined();
  });

  it("hands out rows that cannot be changed", () => {
    const spec = instanceSpec("ml.m5.large") as { vcpus: number };
    expect(() => {
      spec.vcpus = 64;
    }).toThrow(TypeError);
    expect(instanceSpec("ml.m5.large")?.vcpus).toBe(2);
  });
});

describe("instanceFamily", () => {
  it("takes the family from an ml. type, hyphens included", () => {
    expect(instanceFamily("ml.g5.xlarge")).toBe("g5");
    expect(instanceFamily("ml.p6-b200.48xlarge")).toBe("p6-b200");
    expect(instanceFamily("ml.p6e-gb200.36xlarge")).toBe("p6e-gb200");
    expect(instanceFamily("g5.xlarge")).toBeUndefined();
    expect(instanceFamily("ml.g5")).toBeUndefined();
  });
});
