import { suggest } from "../argv.js";
import { UsageError } from "../errors.js";

/** Where the profile name came from: the flag, or the environment. */
export type ProfileSource = "--profile" | "AWS_PROFILE";

/** Names listed in the hint; beyond it, "and N more". */
const MAX_LISTED = 8;

/**
 * The two files the AWS SDK (and the AWS CLI) read named profiles from, as a user recognises them: the variable
 * that moved one, or its default place. An empty variable counts as unset, as in the SDK.
 */
export function profileFiles(env: Record<string, string | undefined>): [config: string, credentials: string] {
  return [
    env["AWS_CONFIG_FILE"] ? `${env["AWS_CONFIG_FILE"]} (AWS_CONFIG_FILE)` : "~/.aws/config",
    env["AWS_SHARED_CREDENTIALS_FILE"]
      ? `${env["AWS_SHARED_CREDENTIALS_FILE"]} (AWS_SHARED_CREDENTIALS_FILE)`
      : "~/.aws/credentials",
  ];
}

/**
 * Pure: the usage error for a profile that is not among those the files define, or undefined when it is there.
 * `known` are the profile names of both files, as the SDK reads them (`[profile x]` and `[default]` in the config
 * file, `[x]` in the credentials file). Exit 2: the invocation names something that is not there, found before
 * any AWS call, like a region that is not set.
 */
export function profileProblem(
  name: string,
  source: ProfileSource,
  known: readonly string[],
  files: readonly [string, string],
): UsageError | undefined {
  if (known.includes(name)) return undefined;
  const set = (profile: string) =>
    source === "--profile" ? `--profile ${profile}` : `AWS_PROFILE=${profile}`;
  if (name === "") {
    return new UsageError(`${source} is empty: name a profile from ${files[0]} or ${files[1]}.`);
  }
  const message = `Profile "${name}" (from ${source}) not found in ${files[0]} or ${files[1]}.`;
  const create = `aws configure --profile ${name}`;
  const orUnset = source === "AWS_PROFILE" ? ", or unset AWS_PROFILE" : "";
  if (known.length === 0) {
    return new UsageError(message, `No profile is defined there. Create this one with: ${create}${orUnset}`);
  }
  const sorted = [...known].sort();
  const listed =
    sorted.length > MAX_LISTED
      ? `${sorted.slice(0, MAX_LISTED).join(", ")} and ${sorted.length - MAX_LISTED} more`
      : sorted.join(", ");
  const similar = suggest(name, known);
  if (similar.length > 0) {
    return new UsageError(
      message,
      `Did you mean ${similar.map(set).join(" or ")}? Profiles there: ${listed}.`,
    );
  }
  return new UsageError(message, `Profiles there: ${listed}. Create this one with: ${create}${orUnset}`);
}
