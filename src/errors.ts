import { awsErrorCode, awsErrorMessage, failedOperation } from "./aws/error-codes.js";

/** Bad flags or input: exit 2, before any AWS call. */
export class UsageError extends Error {
  override name = "UsageError";
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The user stopped at a prompt or declined: exit 130 (Ctrl-C) or 1, saying exactly what changed. */
export class CancelledError extends Error {
  override name = "CancelledError";
  constructor(
    message = "Cancelled; no changes made.",
    readonly exitCode = 130,
  ) {
    super(message);
  }
}

/** A failure the command understands (endpoint not found, nothing to configure): exit 1 with a hint. */
export class CommandError extends Error {
  override name = "CommandError";
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export interface Explained {
  message: string;
  hint?: string | undefined;
  exitCode: number;
}

const IAM_PREFIX: Record<string, string> = {
  "application-autoscaling": "application-autoscaling",
  sagemaker: "sagemaker",
  iam: "iam",
  cloudwatch: "cloudwatch",
  sts: "sts",
};

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
]);

/** Turns any error into one line, an optional hint and an exit code. The single place that does so. */
export function explainError(error: unknown): Explained {
  if (error instanceof UsageError) return { message: error.message, hint: error.hint, exitCode: 2 };
  if (error instanceof CancelledError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof CommandError)
    return { message: error.message, hint: error.hint, exitCode: error.exitCode };
  const name = (error as { name?: string } | null)?.name;
  if (name === "ExitPromptError" || name === "AbortPromptError") {
    return { message: "Cancelled; no changes made.", exitCode: 130 };
  }
  return { ...explainAwsError(error), exitCode: 1 };
}

function explainAwsError(error: unknown): { message: string; hint?: string } {
  const code = awsErrorCode(error) ?? "";
  const raw = awsErrorMessage(error);
  const { service, operation } = failedOperation(error);
  const call = operation ? `${service ? `${service} ` : ""}${operation}` : "the AWS call";
  const action = operation && service ? `${IAM_PREFIX[service] ?? service}:${operation}` : undefined;
  const sysCode =
    (error as { code?: string } | null)?.code ?? (error as { cause?: { code?: string } })?.cause?.code;

  if (
    code === "CredentialsProvider" ||
    name(error) === "CredentialsProviderError" ||
    /Could not load credentials/i.test(raw)
  ) {
    return {
      message: "No AWS credentials found.",
      hint: "Run `aws configure` or `aws sso login --profile NAME` and pass --profile NAME, or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.",
    };
  }
  if (
    /^(ExpiredToken|RequestExpired|TokenRefreshRequired)$/.test(code) ||
    (/expired/i.test(raw) && /token|credential/i.test(raw))
  ) {
    return {
      message: `Your AWS credentials have expired (${call}).`,
      hint: "Refresh them (for example `aws sso login`) and run the command again.",
    };
  }
  if (
    /^(InvalidClientTokenId|UnrecognizedClient|InvalidSignature|SignatureDoesNotMatch|IncompleteSignature)$/.test(
      code,
    )
  ) {
    return {
      message: `AWS rejected the credentials (${code}) on ${call}.`,
      hint: "Check the access key, secret and session token of the profile in use.",
    };
  }
  if (
    /^(AccessDenied|UnauthorizedOperation|AuthorizationError)$/.test(code) ||
    /not authorized to perform/i.test(raw)
  ) {
    return {
      message: `Access denied: your identity may not call ${action ?? call}.`,
      hint: `Grant ${action ?? "the missing action"} to it; \`sm-autoscale iam-policy\` prints the least-privilege policy.`,
    };
  }
  if (/^(Throttling|TooManyRequests|RequestLimitExceeded|SlowDown|RequestThrottled)$/.test(code)) {
    return {
      message: `AWS kept throttling ${call} (${raw || "Rate exceeded"}) after several retries.`,
      hint: "Wait a minute and run the command again; other tools in the account may be calling the same API.",
    };
  }
  if (NETWORK_CODES.has(String(sysCode)) || name(error) === "TimeoutError") {
    const endpoint = process.env.AWS_ENDPOINT_URL ? ` at ${process.env.AWS_ENDPOINT_URL}` : "";
    return {
      message: `Could not reach AWS${endpoint} for ${call} (${sysCode ?? name(error)}).`,
      hint: "Check your network or proxy settings, and AWS_ENDPOINT_URL if you set it.",
    };
  }
  if (code === "Validation") {
    return { message: `AWS rejected ${call}: ${raw}` };
  }
  if (code) return { message: `${call} failed: ${code}: ${raw}` };
  return { message: raw || String(error) };
}

function name(error: unknown): string | undefined {
  return (error as { name?: string } | null)?.name;
}
