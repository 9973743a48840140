import { awsErrorCode, awsErrorMessage, failedOperation, isAccessDenied } from "./aws/error-codes.js";
import { ENDPOINT_URL, serviceEndpointVariable } from "./domain/endpoint-url.js";
import { redactSecrets } from "./redact.js";
import { printable, printableLine } from "./ui/printable.js";

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

/** The signals that stop a run the way Ctrl-C does: what was changed is put back first, then the run exits. */
export type InterruptSignal = "SIGINT" | "SIGTERM" | "SIGHUP";

/** 128 + the signal's number, as shells report a process killed by it. */
export const SIGNAL_EXIT_CODE: Record<InterruptSignal, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** How the final line starts: "Interrupted; …", "Terminated (SIGTERM); …", "Hung up (SIGHUP); …". */
export function stoppedBy(signal: InterruptSignal): string {
  return signal === "SIGINT"
    ? "Interrupted"
    : signal === "SIGTERM"
      ? "Terminated (SIGTERM)"
      : "Hung up (SIGHUP)";
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

/**
 * A listing that cannot end: the service sent a page token it had sent before (it would loop forever), or more
 * pages than the API's limits allow (`holds`: what the cap stands for). Never a silently shortened list.
 */
export class PagingError extends Error {
  override name = "PagingError";
  constructor(
    /** The IAM action, "service:Operation". */
    readonly action: string,
    readonly problem: "repeated-token" | "too-many-pages",
    /** Pages read when it stopped. */
    readonly pages: number,
    readonly holds: string,
  ) {
    super(
      problem === "repeated-token"
        ? `${action} sent the same page token (NextToken) twice`
        : `${action} was still sending pages after ${pages}`,
    );
  }
}

export interface Explained {
  message: string;
  hint?: string | undefined;
  exitCode: number;
}

/** Network failures, in the user's words. */
const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  EPIPE: "connection closed",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "DNS lookup failed",
  ETIMEDOUT: "timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  TimeoutError: "timed out",
};

/** Longest AWS message shown; beyond it, the rest is cut. */
const MAX_MESSAGE_LENGTH = 400;

/**
 * Turns any error into one line, an optional hint and an exit code. The single place that does so; what it
 * returns is safe to print (credentials redacted) and holds no line break.
 */
export function explainError(error: unknown): Explained {
  const explained = explain(error);
  return {
    ...explained,
    message: printableLine(oneLine(redactSecrets(explained.message))),
    hint: explained.hint === undefined ? undefined : printable(redactSecrets(explained.hint)),
  };
}

function explain(error: unknown): Explained {
  if (error instanceof UsageError) return { message: error.message, hint: error.hint, exitCode: 2 };
  if (error instanceof CancelledError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof CommandError)
    return { message: error.message, hint: error.hint, exitCode: error.exitCode };
  if (error instanceof PagingError) return { ...explainPaging(error), exitCode: 1 };
  if (name(error) === "ExitPromptError" || name(error) === "AbortPromptError") {
    return { message: "Cancelled; no changes made.", exitCode: 130 };
  }
  return { ...explainAwsError(error), exitCode: 1 };
}

/**
 * Pure: an AWS message on one line. Some messages run over several paragraphs (SignatureDoesNotMatch quotes the
 * whole canonical request); the first one says what went wrong.
 */
export function oneLine(message: string): string {
  const first = message.trim().split(/\r?\n\s*\r?\n/)[0] ?? "";
  const flat = first.replace(/\s+/g, " ").trim();
  return flat.length > MAX_MESSAGE_LENGTH ? `${flat.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : flat;
}

function explainAwsError(error: unknown): { message: string; hint?: string } {
  const code = awsErrorCode(error) ?? "";
  const raw = oneLine(awsErrorMessage(error));
  const { service, operation, endpoint, region } = failedOperation(error);
  const call = operation ? `${service ? `${service} ` : ""}${operation}` : "the AWS call";
  // The service names tagged on errors (clients.ts, send-step.ts) are the IAM action prefixes themselves.
  // The denied action is the one AWS names, when it names one: registering a target, for one, may need
  // iam:CreateServiceLinkedRole, and that is what must be granted.
  const named = /not authorized to perform:? ([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(raw)?.[1];
  const action = named ?? (operation && service ? `${service}:${operation}` : undefined);
  const sysCode =
    (error as { code?: string } | null)?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;

  // First: the text of such an error is whatever the reply held (an HTML page), which must not pass for an AWS
  // message in the checks below.
  if (status !== undefined && isNotAwsReply(error, code, raw)) {
    return {
      message: `${call} failed: the endpoint${endpoint ? ` ${endpoint}` : ""} answered with something that is not AWS (HTTP ${status}).`,
      hint: endpointHint(
        service,
        `No endpoint variable is set, so AWS's own address for ${region ?? "the region"} answered: check the region (--region), and whether a firewall or proxy on your network answers in AWS's place. --debug shows each call.`,
      ),
    };
  }

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
  if (isAccessDenied(error)) {
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
  // The executor retries these for a while (facts doc §9); reaching here means they outlasted the retries.
  if (code === "FailedResourceAccess") {
    return {
      message: `AWS could not create or read the CloudWatch alarms of the scaling policy (${call}), even after several retries: ${raw}`,
      hint: "CloudWatch throttling or IAM permissions still propagating pass within minutes: run the command again. If it persists, check that the role AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint exists and is unchanged.",
    };
  }
  if (code === "ConcurrentUpdate") {
    return {
      message: `Another change to the same scalable target kept ${call} waiting, even after several retries.`,
      hint: "Another tool or person may be changing this autoscaling now: wait a minute, check with `sm-autoscale describe`, and run the command again.",
    };
  }
  const network = NETWORK_CODES[String(sysCode)] ?? NETWORK_CODES[String(name(error))];
  if (network) {
    return {
      message: `Could not reach ${endpoint ?? "AWS"} for ${call}: ${network} (${sysCode ?? name(error)}).`,
      hint: endpointHint(
        service,
        "Check your network connection, VPN or firewall, then run the command again.",
      ),
    };
  }
  if (code === "Validation") {
    return { message: `AWS rejected ${call}: ${raw}` };
  }
  if (code) return { message: `${call} failed: ${code}${raw ? `: ${raw}` : "."}` };
  return { message: raw || "Unexpected error.", hint: "Run again with --debug to see the details." };
}

/**
 * A reply the SDK could not read as AWS: its deserializer failed on the body (an HTML error page of a proxy, a
 * wrong AWS_ENDPOINT_URL; JSON protocols throw a SyntaxError "Unexpected token '<'", the query protocol an XML
 * parse error), marked by the raw `$response` it attaches, with no AWS `$fault`; or an error reply that held no AWS
 * code or message, which the SDK names "Unknown" (the query protocol, on an HTML 5xx page).
 */
function isNotAwsReply(error: unknown, code: string, raw: string): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as { $response?: unknown; $fault?: unknown };
  if (e.$response !== undefined && e.$fault === undefined) return true;
  return /^(Unknown|UnknownError)$/.test(raw) || (raw === "" && /^(Unknown|UnknownError)?$/.test(code));
}

/** What went wrong with a listing, and that the service (or a proxy) is at fault, not the user. */
function explainPaging(error: PagingError): { message: string; hint: string } {
  const pages = `${error.pages} page${error.pages === 1 ? "" : "s"}`;
  return {
    message:
      error.problem === "repeated-token"
        ? `${error.action} sent the same page token (NextToken) twice, after ${pages}: the listing would never end, so it was stopped.`
        : `${error.action} was still sending pages after ${pages}, more than ${error.holds} fill: stopped rather than show part of the list.`,
    hint: endpointHint(
      error.action.split(":")[0],
      "The service, or a proxy between you and AWS, is at fault: run the command again later. --debug shows each call.",
    ),
  };
}

/**
 * When an endpoint variable points the SDK elsewhere, that is the first suspect; else the given advice. SDK clients
 * read AWS_ENDPOINT_URL_<SERVICE> first, then AWS_ENDPOINT_URL.
 */
function endpointHint(service: string | undefined, otherwise: string): string {
  for (const variable of [service ? serviceEndpointVariable(service) : undefined, ENDPOINT_URL]) {
    const url = variable ? process.env[variable] : undefined;
    if (variable && url) return `${variable} is set to ${url}: check it, or unset it to reach AWS itself.`;
  }
  return otherwise;
}

function name(error: unknown): string | undefined {
  return (error as { name?: string } | null)?.name;
}
