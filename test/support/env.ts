// Environment shared by everything that talks to the emulator (moto, optionally behind the proxy).
//
// The point of these helpers is isolation: a child process must never see the developer's real AWS profile,
// credentials, SSO cache or endpoint overrides, and must never reach real AWS.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Dummy credentials moto accepts. moto maps any non-numeric access key to account 123456789012. */
export const DUMMY_CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" } as const;
/** The account moto reports for {@link DUMMY_CREDENTIALS}. */
export const MOTO_ACCOUNT_ID = "123456789012";
export const DEFAULT_REGION = "us-east-1";

let tempHome: string | undefined;

/**
 * A per-process empty HOME directory (created once, removed when the process exits), so that no child reads
 * ~/.aws, ~/.config or anything else of the developer's.
 */
export function isolatedHome(): string {
  if (tempHome === undefined) {
    const dir = mkdtempSync(join(tmpdir(), "sm-autoscale-home-"));
    tempHome = dir;
    process.once("exit", () => {
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // best effort
      }
    });
  }
  return tempHome;
}

/**
 * The AWS part of a child environment pointing every AWS SDK (JS v3 and botocore) at `endpointUrl`.
 * AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE point at files that do not exist inside the isolated HOME.
 */
export function emulatorEnv(endpointUrl: string, region: string = DEFAULT_REGION): Record<string, string> {
  const home = isolatedHome();
  return {
    AWS_ENDPOINT_URL: endpointUrl,
    AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_CONFIG_FILE: join(home, "no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "no-aws-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_PAGER: "",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
}

/**
 * A clean base environment: PATH, an isolated HOME, a UTF-8 locale, NO_COLOR, and nothing else. In particular no
 * AWS_* variable of the parent leaks through (AWS_PROFILE, AWS_SESSION_TOKEN, AWS_ENDPOINT_URL_<SERVICE>, ...).
 */
export function cleanBaseEnv(): Record<string, string> {
  const home = isolatedHome();
  return {
    PATH: process.env["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: home,
    USERPROFILE: home,
    TMPDIR: process.env["TMPDIR"] ?? tmpdir(),
    LANG: "C.UTF-8",
    LC_ALL: "C.UTF-8",
    NO_COLOR: "1",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
}

/**
 * A person's terminal talking to the emulator: the clean base and emulator variables, TERM set, and colour left
 * on (no NO_COLOR), whatever the shell running the tests exports.
 */
export function terminalEnv(endpointUrl: string, region: string = DEFAULT_REGION): Record<string, string> {
  const env: Record<string, string> = { ...cleanBaseEnv(), ...emulatorEnv(endpointUrl, region) };
  delete env["NO_COLOR"];
  env["TERM"] = "xterm-256color";
  return env;
}

/** `process.env` without any AWS_* variable (used by the demo, which keeps the user's TERM, locale and so on). */
export function parentEnvWithoutAws(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith("AWS_")) out[k] = v;
  }
  return out;
}
