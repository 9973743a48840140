import { partition as sdkPartition } from "@aws-sdk/core/client";
import { describe, expect, it } from "vitest";
import { partitionOf } from "../../src/domain/partition.js";

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
