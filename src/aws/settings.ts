import type { GlobalOptions } from "../cli.js";
import { REGION_NAME } from "../domain/partition.js";
import { UsageError } from "../errors.js";
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
 * (exit 2): a --region that is not a region name, a profile that is not defined. The one way every command finds
 * them, `iam-policy` included (it takes no instance metadata: it makes no network call at all).
 */
export async function resolveSettings(
  globals: Pick<GlobalOptions, "region" | "profile">,
  { instanceMetadata }: { instanceMetadata: boolean },
): Promise<Settings> {
  if (globals.region !== undefined && !REGION_NAME.test(globals.region)) {
    throw new UsageError(`--region "${globals.region}" is not a region name like us-east-1.`);
  }
  const profile = globals.profile ?? process.env.AWS_PROFILE;
  await checkProfile(profile, globals.profile === undefined ? "AWS_PROFILE" : "--profile");
  const region = await resolveRegion(globals.region, profile, { instanceMetadata });
  return { profile, region };
}
