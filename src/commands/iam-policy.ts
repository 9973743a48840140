import { resolveSettings } from "../aws/settings.js";
import { buildIamPolicy, POLICY_COMMANDS, type PolicyCommand } from "../domain/iam-policy.js";
import { partitionOf } from "../domain/partition.js";
import { UsageError } from "../errors.js";

/**
 * `sm-autoscale iam-policy [--for init|describe|teardown…]`: the policy JSON on stdout, nothing else. Its ARNs
 * are in the partition of the region the other commands would act in (--region, AWS_REGION, AWS_DEFAULT_REGION,
 * then the profile's region), `aws` when none is set; the region and the profile (--profile, AWS_PROFILE) are
 * checked as for every command, exit 2 when wrong. No AWS call and no network call: the instance metadata the
 * other commands fall back on for a region is not asked.
 */
export async function runIamPolicy(
  out: NodeJS.WritableStream,
  options: { for?: string },
  globals: { region?: string; profile?: string } = {},
): Promise<void> {
  const wanted = options.for;
  if (wanted !== undefined && !(POLICY_COMMANDS as readonly string[]).includes(wanted)) {
    throw new UsageError(`--for "${wanted}" is not one of: ${POLICY_COMMANDS.join(", ")}.`);
  }
  const { region } = await resolveSettings(globals, { callsAws: false });
  const policy = buildIamPolicy(
    wanted === undefined ? POLICY_COMMANDS : [wanted as PolicyCommand],
    partitionOf(region),
  );
  out.write(`${JSON.stringify(policy, null, 2)}\n`);
}
