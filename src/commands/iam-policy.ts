import { buildIamPolicy, POLICY_COMMANDS, type PolicyCommand } from "../domain/iam-policy.js";
import { UsageError } from "../errors.js";

/** `sm-autoscale iam-policy [--for init|describe|teardown]`: the policy JSON on stdout, nothing else. */
export function runIamPolicy(out: NodeJS.WritableStream, options: { for?: string }): void {
  const wanted = options.for;
  if (wanted !== undefined && !(POLICY_COMMANDS as readonly string[]).includes(wanted)) {
    throw new UsageError(`--for "${wanted}" is not one of: ${POLICY_COMMANDS.join(", ")}.`);
  }
  const policy = buildIamPolicy(wanted === undefined ? POLICY_COMMANDS : [wanted as PolicyCommand]);
  out.write(`${JSON.stringify(policy, null, 2)}\n`);
}
