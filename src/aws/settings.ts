import type { GlobalOptions } from "../cli.js";
import { regionProblem } from "../domain/region.js";
import { resolveRegion } from "./clients.js";
import { checkProfile } from "./profile.js";

/** The profile and region a command works with. */
export interface Settings {
  /** --profile, else AWS_PROFILE; undefined for the SDK's default. */
  profile: string | undefined;
  /** Undefined when none is set anywhere. */
  region: string | undefined;
}

/**
 * The profile and region of a run, from the global flags and the environment, each checked before any AWS call
 * (exit 2): a profile that is not defined, a region that is not a region name wherever it came from (--region,
 * AWS_REGION, AWS_DEFAULT_REGION, the profile), named in the message. The one way every command finds
 * them, `iam-policy` included (it takes no instance metadata: it makes no network call at all).
 */
export async function resolveSettings(
  globals: Pick<GlobalOptions, "region" | "profile">,
  { instanceMetadata }: { instanceMetadata: boolean },
): Promise<Settings> {
  // The flag first, before anything is read: it is what was typed.
  const flagProblem =
    globals.region === undefined ? undefined : regionProblem(globals.region, { from: "--region" });
  if (flagProblem) throw flagProblem;
  const profile = globals.profile ?? process.env.AWS_PROFILE;
  await checkProfile(profile, globals.profile === undefined ? "AWS_PROFILE" : "--profile");
  const found = await resolveRegion(globals.region, profile, { instanceMetadata });
  const problem = found && regionProblem(found.region, found.source);
  if (problem) throw problem;
  return { profile, region: found?.region };
}
