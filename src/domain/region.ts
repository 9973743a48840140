import { UsageError } from "../errors.js";

/**
 * What a region must look like: a region name like us-east-1 (--region, the environment, the profile alike). The
 * names of every partition in botocore's partitions.json and endpoints.json (the aws CLI's botocore/data): two
 * letters, or `eusc` for the European Sovereign Cloud (eusc-de-east-1), then words and a number. A shape, not a
 * list, so a region opened after this release is still accepted; test/unit/partition.test.ts checks it against
 * that data.
 */
export const REGION_NAME = /^([a-z]{2}|eusc)(-[a-z]+)+-\d+$/;

/** Where the region of a run came from, to name it when it is not a region. */
export type RegionSource =
  | { from: "--region" | "AWS_REGION" | "AWS_DEFAULT_REGION" }
  /**
   * The profile's `region`, in the config or the credentials file; `file` names that file as a user recognises it
   * (see profileFiles).
   */
  | { from: "profile"; profile: string; in: "config" | "credentials"; file: string }
  | { from: "instance-metadata" };

const LIKE = "is not a region name like us-east-1.";

/**
 * Pure: the usage error for a region that is not a region name, naming where it came from and how to change it
 * there; undefined when it is one. The same check wherever the region came from, so that `AWS_REGION=mars-1` stops
 * before any AWS call as `--region mars-1` does, instead of failing later at the first call.
 */
export function regionProblem(region: string, source: RegionSource): UsageError | undefined {
  if (REGION_NAME.test(region)) return undefined;
  const value = JSON.stringify(region);
  switch (source.from) {
    case "--region":
      return new UsageError(`--region ${value} ${LIKE}`);
    case "AWS_REGION":
    case "AWS_DEFAULT_REGION": {
      const overrides =
        source.from === "AWS_REGION" ? "--region overrides" : "--region and AWS_REGION override";
      return new UsageError(
        `${source.from} ${value} ${LIKE}`,
        `Set ${source.from} to a region such as us-east-1, or unset it (${overrides} it).`,
      );
    }
    case "profile":
      return new UsageError(
        `The region ${value} of profile "${source.profile}", in ${source.file}, ${LIKE}`,
        source.in === "config"
          ? `Set it with: aws configure set region us-east-1 --profile ${source.profile}, or pass --region.`
          : `Correct region under [${source.profile}] in that file (it wins over the config file's), or pass --region.`,
      );
    case "instance-metadata":
      return new UsageError(
        `The region ${value} from this EC2 instance's metadata ${LIKE}`,
        "Pass --region or set AWS_REGION.",
      );
  }
}
