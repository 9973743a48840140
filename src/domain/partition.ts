/**
 * AWS partitions: the first field of an ARN after `arn:`. A region belongs to exactly one, and ARNs of resources
 * in that region (and of IAM roles in accounts there) carry its id.
 *
 * The patterns are the AWS SDK's own (`regionRegex` in @aws-sdk/core's util-endpoints partitions.js, the data
 * behind the endpoint rules' `aws.partition()`), in its order; like the SDK, a region none of them matches is in
 * `aws`. Kept as data here so that `iam-policy` loads no SDK; test/unit/partition.test.ts checks it against the
 * SDK's function.
 */
const PARTITIONS: readonly { id: string; regions: RegExp }[] = [
  { id: "aws", regions: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/ },
  { id: "aws-cn", regions: /^cn-\w+-\d+$/ },
  { id: "aws-eusc", regions: /^eusc-(de)-\w+-\d+$/ },
  { id: "aws-iso", regions: /^us-iso-\w+-\d+$/ },
  { id: "aws-iso-b", regions: /^us-isob-\w+-\d+$/ },
  { id: "aws-iso-e", regions: /^eu-isoe-\w+-\d+$/ },
  { id: "aws-iso-f", regions: /^us-isof-\w+-\d+$/ },
  { id: "aws-us-gov", regions: /^us-gov-\w+-\d+$/ },
];

export const DEFAULT_PARTITION = "aws";

/** The partition of `region`: `aws-cn` for cn-north-1, `aws-us-gov` for us-gov-west-1; `aws` when unknown. */
export function partitionOf(region: string | undefined): string {
  if (region === undefined) return DEFAULT_PARTITION;
  return PARTITIONS.find((p) => p.regions.test(region))?.id ?? DEFAULT_PARTITION;
}
