import type { ApplicationAutoScalingClient } from "@aws-sdk/client-application-auto-scaling";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { IAMClient } from "@aws-sdk/client-iam";
import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
import type { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import type { STSClient } from "@aws-sdk/client-sts";
import { profileFiles } from "../domain/profile.js";
import type { RegionSource } from "../domain/region.js";
import { redactSecrets, rememberSecrets } from "../redact.js";

/**
 * The only module that constructs AWS SDK clients. Each client package is imported on first use (the SageMaker
 * client alone costs about 0.3 s to load) and memoised. No explicit `endpoint` is ever set, so
 * AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> work; the tests use them to reach the local emulator.
 */
export interface AwsSettings {
  region: string;
  profile?: string | undefined;
  /** Receives one line per API call (operation, input, status, time). Never headers or credentials. */
  debug?: ((line: string) => void) | undefined;
  /** Receives the SDK's warnings, one line each (see {@link sdkWarning}); without it they go to console.warn. */
  warn?: ((line: string) => void) | undefined;
}

export interface Clients {
  sagemaker(): Promise<SageMakerClient>;
  autoscaling(): Promise<ApplicationAutoScalingClient>;
  iam(): Promise<IAMClient>;
  cloudwatch(): Promise<CloudWatchClient>;
  sts(): Promise<STSClient>;
  servicequotas(): Promise<ServiceQuotasClient>;
  /** AWS calls sent so far (retries not counted), for --debug's closing summary. */
  callCount(): number;
}

// The SDK prints a Node version notice on Node 20; it is not the user's concern here. (Empty counts as unset.)
if (!process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
}

/** SDK-level retries for throttling and transient faults (standard mode: exponential backoff with jitter). */
const MAX_ATTEMPTS = 5;

/**
 * The SDK waits forever by default: for a TCP connection to a black-holed address, and for an answer from a
 * server that accepted the connection and went silent (measured: a silent server hung `init` indefinitely).
 * With every call tried MAX_ATTEMPTS times, these bound a dead network to about half a minute (connect) or a
 * minute (silence). AWS APIs connect in well under a second, and the slowest call here (PutScalingPolicy, which
 * creates alarms) answers within a few seconds; a timed-out call is retried, and every write is idempotent.
 */
const CONNECTION_TIMEOUT_MS = 5_000;
const SOCKET_IDLE_TIMEOUT_MS = 10_000;

interface MiddlewareContext {
  commandName?: string;
  /** Set by the SDK's endpoint middleware before the request is sent. */
  endpointV2?: { url?: URL };
}

interface MiddlewareClient {
  middlewareStack: {
    add(
      mw: (
        next: (a: unknown) => Promise<unknown>,
        ctx: MiddlewareContext,
      ) => (a: unknown) => Promise<unknown>,
      o: { step: "initialize"; name: string },
    ): void;
  };
  config?: { credentials?: unknown };
}

export function createClients(settings: AwsSettings): Clients {
  let calls = 0;
  const common = {
    region: settings.region,
    ...(settings.profile ? { profile: settings.profile } : {}),
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, socketTimeout: SOCKET_IDLE_TIMEOUT_MS },
    // Without a logger the SDK writes its warnings with console.warn, several lines each. Its per-call info and
    // debug logs are dropped: --debug writes its own lines (below).
    logger: {
      trace: () => {},
      debug: () => {},
      info: () => {},
      warn: (message: unknown) => {
        const line = sdkWarning(String(message), settings.profile);
        if (settings.warn) settings.warn(line);
        else console.warn(line);
      },
      error: () => {},
    },
  };
  const debug = settings.debug ? (line: string) => settings.debug?.(redactSecrets(line)) : undefined;

  // Tags every error with the service and operation that failed, the endpoint it went to and the region, so one
  // handler can name the IAM action and the host; counts calls and writes --debug lines.
  const instrument = <C>(client: C, service: string): C => {
    const sdkClient = client as unknown as MiddlewareClient;
    let credentialsRemembered = false;
    sdkClient.middlewareStack.add(
      (next, context) => async (args) => {
        const operation = (context.commandName ?? "Unknown").replace(/Command$/, "");
        calls++;
        const started = Date.now();
        debug?.(`→ ${service} ${operation} ${safeJson((args as { input?: unknown }).input)}`);
        try {
          const result = await next(args);
          debug?.(`← ${service} ${operation} ok in ${Date.now() - started} ms`);
          if (!credentialsRemembered) {
            credentialsRemembered = true;
            await rememberCredentials(sdkClient);
          }
          return result;
        } catch (error) {
          if (typeof error === "object" && error !== null) {
            const url = context.endpointV2?.url;
            Object.assign(error, {
              $smService: service,
              $smOperation: operation,
              $smRegion: settings.region,
              ...(url ? { $smEndpoint: `${url.protocol}//${url.host}` } : {}),
            });
          }
          debug?.(`← ${service} ${operation} failed in ${Date.now() - started} ms: ${(error as Error).name}`);
          throw error;
        }
      },
      { step: "initialize", name: "smAutoscaleInstrument" },
    );
    return client;
  };

  const lazy = <T>(make: () => Promise<T>): (() => Promise<T>) => {
    let client: Promise<T> | undefined;
    return () => {
      client ??= make();
      return client;
    };
  };

  return {
    sagemaker: lazy(async () => {
      const { SageMakerClient } = await import("@aws-sdk/client-sagemaker");
      return instrument(new SageMakerClient(common), "sagemaker");
    }),
    autoscaling: lazy(async () => {
      const { ApplicationAutoScalingClient } = await import("@aws-sdk/client-application-auto-scaling");
      return instrument(new ApplicationAutoScalingClient(common), "application-autoscaling");
    }),
    iam: lazy(async () => {
      const { IAMClient } = await import("@aws-sdk/client-iam");
      return instrument(new IAMClient(common), "iam");
    }),
    cloudwatch: lazy(async () => {
      const { CloudWatchClient } = await import("@aws-sdk/client-cloudwatch");
      return instrument(new CloudWatchClient(common), "cloudwatch");
    }),
    sts: lazy(async () => {
      const { STSClient } = await import("@aws-sdk/client-sts");
      return instrument(new STSClient(common), "sts");
    }),
    servicequotas: lazy(async () => {
      const { ServiceQuotasClient } = await import("@aws-sdk/client-service-quotas");
      return instrument(new ServiceQuotasClient(common), "servicequotas");
    }),
    callCount: () => calls,
  };
}

const MULTIPLE_SOURCES = "Multiple credential sources detected";

/**
 * Pure: one of the SDK's warnings in one line. The one it prints when a profile is chosen while
 * AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are also set (nine lines, naming AWS_PROFILE even when the profile came
 * from --profile) becomes what happens: the profile is used, as with the AWS CLI's --profile. Any other warning
 * is kept, its whitespace folded.
 */
export function sdkWarning(message: string, profile: string | undefined): string {
  if (message.includes(MULTIPLE_SOURCES) && profile) {
    return `Using profile ${profile}; AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the environment are not used.`;
  }
  return message.replace(/\s+/g, " ").trim();
}

/**
 * Remembers the credentials the SDK resolved (from whatever source: environment, profile, SSO, role), so that
 * no output can echo them. Called after a successful call, when the memoised provider answers at once.
 */
async function rememberCredentials(client: MiddlewareClient): Promise<void> {
  const provider = client.config?.credentials;
  if (typeof provider !== "function") return;
  try {
    const identity = (await provider()) as
      | { accessKeyId?: string; secretAccessKey?: string; sessionToken?: string }
      | undefined;
    rememberSecrets(identity?.accessKeyId, identity?.secretAccessKey, identity?.sessionToken);
  } catch {
    // Nothing to remember.
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}

/**
 * The region to act in, and where it came from, as the SDK would find it but with empty values counted as unset:
 * --region, then AWS_REGION, then AWS_DEFAULT_REGION (which the JS SDK does not read), then the profile's `region`
 * in the shared files (read with the SDK's own loader, files and precedence: the credentials file's wins), then,
 * with `instanceMetadata`, the EC2 instance's region from its metadata service (the SDK's last resort; skipped
 * where AWS_EC2_METADATA_DISABLED is set). Undefined when none is set. Without `instanceMetadata` it makes no
 * network call at all (`iam-policy`). Nothing is checked here: see regionProblem.
 */
export async function resolveRegion(
  flag: string | undefined,
  profile: string | undefined,
  { instanceMetadata = true }: { instanceMetadata?: boolean } = {},
): Promise<{ region: string; source: RegionSource } | undefined> {
  if (flag) return { region: flag, source: { from: "--region" } };
  for (const variable of ["AWS_REGION", "AWS_DEFAULT_REGION"] as const) {
    const region = process.env[variable];
    if (region) return { region, source: { from: variable } };
  }
  const config = await import("@smithy/core/config");
  const init = profile ? { profile } : {};
  const fromProfile = await config
    .loadConfig<string | undefined>(
      {
        environmentVariableSelector: () => undefined,
        configFileSelector: config.NODE_REGION_CONFIG_OPTIONS.configFileSelector,
        default: undefined,
      },
      { ...config.NODE_REGION_CONFIG_FILE_OPTIONS, ...init },
    )()
    .catch(() => undefined);
  if (fromProfile) {
    // Which file holds it, for a message: the credentials file's wins when both do (as just read).
    const name = config.getProfileName(init);
    const { credentialsFile } = await config.loadSharedConfigFiles();
    const [configName, credentialsName] = profileFiles(process.env);
    const where =
      credentialsFile[name]?.["region"] === fromProfile
        ? ({ in: "credentials", file: credentialsName } as const)
        : ({ in: "config", file: configName } as const);
    return { region: fromProfile, source: { from: "profile", profile: name, ...where } };
  }
  if (!instanceMetadata) return undefined;
  const fromInstance = config.NODE_REGION_CONFIG_OPTIONS.default;
  try {
    const region = typeof fromInstance === "function" ? await fromInstance() : fromInstance;
    return region ? { region, source: { from: "instance-metadata" } } : undefined;
  } catch {
    return undefined;
  }
}
