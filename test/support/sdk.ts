// SDK v3 client configuration for talking to the emulator (moto directly, or the proxy in front of it).

import { DEFAULT_REGION, DUMMY_CREDENTIALS } from "./env.js";

process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";

export interface EmulatorClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  maxAttempts: number;
}

/** Explicit config, so nothing is read from the environment or ~/.aws for endpoint, region or credentials. */
export function emulatorClientConfig(
  url: string,
  region: string = DEFAULT_REGION,
  opts: { accessKeyId?: string; maxAttempts?: number } = {},
): EmulatorClientConfig {
  return {
    endpoint: url,
    region,
    credentials: {
      accessKeyId: opts.accessKeyId || DUMMY_CREDENTIALS.accessKeyId,
      secretAccessKey: DUMMY_CREDENTIALS.secretAccessKey,
    },
    maxAttempts: opts.maxAttempts ?? 3,
  };
}
