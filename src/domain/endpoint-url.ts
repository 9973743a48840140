/** Free of imports: errors.ts names these variables in its hints. */

/**
 * The AWS SDK's `serviceId` of each client sm-autoscale builds, by the service name its errors are tagged with
 * (aws/clients.ts; the IAM action prefix). The SDK derives the endpoint variable a client reads from it.
 */
export const SERVICE_IDS: Readonly<Record<string, string>> = {
  sagemaker: "SageMaker",
  "application-autoscaling": "Application Auto Scaling",
  cloudwatch: "CloudWatch",
  iam: "IAM",
  sts: "STS",
  servicequotas: "Service Quotas",
};

/** The variable that points every client elsewhere, unless it has one of its own. */
export const ENDPOINT_URL = "AWS_ENDPOINT_URL";

/**
 * The variable that points one service's client elsewhere: AWS_ENDPOINT_URL_ and the serviceId's words in capitals,
 * joined by `_` (AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING), as the SDK reads it (getEndpointUrlConfig in
 * @smithy/core's endpoint middleware).
 */
export function serviceEndpointVariable(service: string): string | undefined {
  const id = SERVICE_IDS[service];
  return id === undefined
    ? undefined
    : [ENDPOINT_URL, ...id.split(" ").map((w) => w.toUpperCase())].join("_");
}

/**
 * The endpoint variables some client of a run reads, in the order a problem is reported: AWS_ENDPOINT_URL when a
 * client has no variable of its own, then each service's own. As in the SDK, an empty variable counts as unset, and
 * a service's own variable wins over AWS_ENDPOINT_URL.
 */
export function endpointVariablesRead(env: Record<string, string | undefined>): string[] {
  const own = Object.keys(SERVICE_IDS).map((service) => serviceEndpointVariable(service)!);
  const read = own.filter((variable) => env[variable]);
  if (read.length < own.length && env[ENDPOINT_URL]) read.unshift(ENDPOINT_URL);
  return read;
}

/**
 * Pure: what is wrong with an endpoint variable whose value is not an http(s) URL (a usage error, exit 2), or
 * undefined. The SDK turns
 * the value into a URL at the first call and fails there ("sagemaker DescribeEndpoint failed: TypeError: Invalid
 * URL"), or worse, takes `localhost:4566` for a URL of scheme `localhost:` and sends the call who knows where; so
 * it is checked before any, naming the variable and its value. Only variables a client reads are checked (see
 * {@link endpointVariablesRead}); whether the SDK ignores them all (AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) is the
 * caller's to know.
 */
export function endpointUrlProblem(
  env: Record<string, string | undefined>,
): { message: string; hint: string } | undefined {
  for (const variable of endpointVariablesRead(env)) {
    const value = env[variable]!;
    if (isHttpUrl(value)) continue;
    return {
      message: `${variable} ${JSON.stringify(value)} is not an http(s) URL like https://host or http://localhost:4566.`,
      hint: "Set it to the address of the endpoint to call instead of AWS, or unset it to reach AWS itself.",
    };
  }
  return undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}
