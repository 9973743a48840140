import { type ProfileSource, profileFiles, profileProblem } from "../domain/profile.js";

/**
 * Fails with one line (exit 2) when the profile to use is not defined, before any client is built. Left to the
 * SDK, a missing profile is found late and said badly: the region lookup finds nothing ("No AWS region is set"),
 * the credential chain skips the profile and ends in "Could not load credentials from any providers", and when
 * AWS_ACCESS_KEY_ID is also set it first prints a nine-line warning about multiple credential sources. The AWS
 * CLI stops at once ("The config profile (x) could not be found"); so does this.
 *
 * Reads the files with the SDK's own loader (the same paths, parser and cache the credential chain then uses).
 */
export async function checkProfile(name: string | undefined, source: ProfileSource): Promise<void> {
  // An empty AWS_PROFILE is no profile, to the SDK as here; an empty --profile is a mistake.
  if (name === undefined || (name === "" && source === "AWS_PROFILE")) return;
  const { parseKnownFiles } = await import("@smithy/core/config");
  const profiles = await parseKnownFiles({});
  // The config file's other sections come back prefixed; they are not profiles.
  const known = Object.keys(profiles).filter((key) => !/^(sso-session|services)\./.test(key));
  const problem = profileProblem(name, source, known, profileFiles(process.env));
  if (problem) throw problem;
}
