import { readFileSync } from "node:fs";
import { join } from "node:path";
import { partition as sdkPartition } from "@aws-sdk/core/client";
import { describe, expect, it } from "vitest";
import { partitionOf } from "../../src/domain/partition.js";
import { REGION_NAME } from "../../src/domain/region.js";
import { botocoreDataDir } from "../support/botocore-model.js";

// One real region (or more) of each partition the SDK knows, and names in none of them.
const REGIONS = [
  ...["us-east-1", "us-west-2", "eu-west-3", "eu-central-2", "ap-southeast-4", "ap-northeast-3", "sa-east-1"],
  ...["ca-west-1", "me-central-1", "af-south-1", "il-central-1", "mx-central-1"],
  ...["cn-north-1", "cn-northwest-1", "us-gov-west-1", "us-gov-east-1"],
  ...[
    "us-iso-east-1",
    "us-iso-west-1",
    "us-isob-east-1",
    "eu-isoe-west-1",
    "us-isof-south-1",
    "eusc-de-east-1",
  ],
  ...["xx-nowhere-1", "junk"],
];

describe("partitionOf", () => {
  it("agrees with the AWS SDK's endpoint rules on every region", () => {
    for (const region of REGIONS) expect(partitionOf(region), region).toBe(sdkPartition(region).name);
  });

  it("names the partitions of China and GovCloud, and defaults to aws", () => {
    expect(partitionOf("cn-north-1")).toBe("aws-cn");
    expect(partitionOf("cn-northwest-1")).toBe("aws-cn");
    expect(partitionOf("us-gov-west-1")).toBe("aws-us-gov");
    expect(partitionOf("us-gov-east-1")).toBe("aws-us-gov");
    expect(partitionOf("us-iso-east-1")).toBe("aws-iso");
    expect(partitionOf("us-isob-east-1")).toBe("aws-iso-b");
    expect(partitionOf("us-east-1")).toBe("aws");
    expect(partitionOf(undefined)).toBe("aws");
  });
});

describe("REGION_NAME, the check of every region a run is given", () => {
  /**
   * Every region of every partition, as the aws CLI's botocore lists them (partitions.json, endpoints.json), but
   * the `aws-global`-style names: pseudo-regions of global services (IAM, STS), never where an endpoint runs.
   */
  function botocoreRegions(): string[] {
    const data = botocoreDataDir();
    const partitions = JSON.parse(readFileSync(join(data, "partitions.json"), "utf8")) as {
      partitions: { id: string; regions: Record<string, unknown> }[];
    };
    const endpoints = JSON.parse(readFileSync(join(data, "endpoints.json"), "utf8")) as {
      partitions: { partition: string; regions: Record<string, unknown> }[];
    };
    const names = [
      ...partitions.partitions.flatMap((p) => Object.keys(p.regions)),
      ...endpoints.partitions.flatMap((p) => Object.keys(p.regions)),
    ];
    return [...new Set(names)].filter((name) => !name.endsWith("-global")).sort();
  }

  it("accepts every real region, of every partition (eusc-de-east-1 included)", () => {
    const regions = botocoreRegions();
    expect(regions).toContain("eusc-de-east-1");
    expect(regions.length).toBeGreaterThan(30);
    expect(regions.filter((region) => !REGION_NAME.test(region))).toEqual([]);
  });

  it("rejects what is not a region name", () => {
    for (const name of [
      "mars-1",
      "junk",
      "",
      "us-east1",
      "useast-1",
      "us_east_1",
      "US-EAST-1",
      "us-east-1 ",
      "eusc-1",
      "eus-de-east-1",
      "euscx-de-east-1",
      "aws-global",
    ]) {
      expect(REGION_NAME.test(name), JSON.stringify(name)).toBe(false);
    }
  });
});
