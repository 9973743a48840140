import type { GlobalOptions } from "../cli.js";
import { endpointUrlProblem } from "../domain/endpoint-url.js";
import { regionProblem } from "../domain/region.js";
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
 * (exit 2): a profile that is not defined, a region that is not a region name wherever it came from (--region,
 * AWS_REGION, AWS_DEFAULT_REGION, the profile), named in the message. The one way every command finds them.
 *
 * `callsAws`: the command calls AWS. Then the region may also come from the EC2 instance metadata, and the
 * endpoint variables (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>) the SDK would send the calls to are checked
 * too. `iam-policy` calls nothing (not even the instance metadata), so it has neither.
 */
export async function resolveSettings(
  globals: Pick<GlobalOptions, "region" | "profile">,
  { callsAws }: { callsAws: boolean },
): Promise<Settings> {
  // The flag first, before anything is read: it is what was typed.
  const flagProblem =
    globals.region === undefined ? undefined : regionProblem(globals.region, { from: "--region" });
  if (flagProblem) throw flagProblem;
  const profile = globals.profile ?? process.env.AWS_PROFILE;
  await checkProfile(profile, globals.profile === undefined ? "AWS_PROFILE" : "--profile");
  const found = await resolveRegion(globals.region, profile, { instanceMetadata: callsAws });
  const problem = found && regionProblem(found.region, found.source);
  if (problem) throw problem;
  if (callsAws) {
    const endpoint = endpointUrlProblem(process.env);
    if (endpoint && !(await endpointVariablesIgnored(profile)))
      throw new UsageError(endpoint.message, endpoint.hint);
  }
  return { profile, region: found?.region };
}

/**
 * Whether the SDK ignores the endpoint variables: AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, else the profile's
 * `ignore_configured_endpoint_urls`, each taken only when exactly "true" or "false" (anything else is passed
 * over), as the SDK reads them (getIgnoreConfiguredEndpointUrls in @smithy/core's endpoint middleware).
 */
async function endpointVariablesIgnored(profile: string | undefined): Promise<boolean> {
  const { booleanSelector, loadConfig, SelectorType } = await import("@smithy/core/config");
  return loadConfig<boolean>(
    {
      environmentVariableSelector: (env) =>
        booleanSelector(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", SelectorType.ENV),
      configFileSelector: (values) =>
        booleanSelector(values, "ignore_configured_endpoint_urls", SelectorType.CONFIG),
      default: false,
    },
    profile ? { profile } : {},
  )().catch(() => false);
}
