import { regionGiven } from "../aws/clients.js";
import { buildIamPolicy, POLICY_COMMANDS, type PolicyCommand } from "../domain/iam-policy.js";
import { partitionOf, REGION_NAME } from "../domain/partition.js";
import { UsageError } from "../errors.js";

/**
 * `sm-autoscale iam-policy [--for init|describe|teardown]`: the policy JSON on stdout, nothing else. Its ARNs are
 * in the partition of the region given (--region, AWS_REGION, AWS_DEFAULT_REGION), `aws` when none is: no region
 * is required, and neither the SDK nor the profile files are read, so it prints at once.
 */
export function runIamPolicy(
  out: NodeJS.WritableStream,
  options: { for?: string },
  globals: { region?: string } = {},
): void {
  const wanted = options.for;
  if (wanted !== undefined && !(POLICY_COMMANDS as readonly string[]).includes(wanted)) {
    throw new UsageError(`--for "${wanted}" is not one of: ${POLICY_COMMANDS.join(", ")}.`);
  }
  if (globals.region !== undefined && !REGION_NAME.test(globals.region)) {
    throw new UsageError(`--region "${globals.region}" is not a region name like us-east-1.`);
  }
  const partition = partitionOf(regionGiven(globals.region));
  const policy = buildIamPolicy(
    wanted === undefined ? POLICY_COMMANDS : [wanted as PolicyCommand],
    partition,
  );
  out.write(`${JSON.stringify(policy, null, 2)}\n`);
}
