/**
 * The AWS error code of a thrown SDK error, without the "Exception" suffix, so that the JSON protocols
 * ("ObjectNotFoundException") and the query protocols ("InvalidInput", "AccessDenied") compare alike.
 */
export function awsErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as { name?: unknown; Code?: unknown; code?: unknown };
  const raw = [e.Code, e.name, e.code].find((v): v is string => typeof v === "string" && v !== "Error");
  return raw?.replace(/Exception$/, "");
}

/**
 * True when AWS refused the call for want of a permission: AccessDenied(Exception) on every protocol, the older
 * codes some services still use, and any message in IAM's words.
 */
export function isAccessDenied(error: unknown): boolean {
  return (
    /^(AccessDenied|UnauthorizedOperation|AuthorizationError)$/.test(awsErrorCode(error) ?? "") ||
    /not authorized to perform/i.test(awsErrorMessage(error))
  );
}

export function awsErrorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null) {
    // Something thrown that is not an Error: never print "[object Object]".
    const e = error as { message?: unknown; Message?: unknown };
    const message = e.message ?? e.Message;
    return typeof message === "string" ? message : "";
  }
  return String(error);
}

/**
 * The operation and service an SDK error came from, the endpoint it was sent to (scheme, host and port) and the
 * region, attached by the middleware in clients.ts.
 */
export function failedOperation(error: unknown): {
  service?: string;
  operation?: string;
  endpoint?: string;
  region?: string;
} {
  if (typeof error !== "object" || error === null) return {};
  const e = error as { $smService?: string; $smOperation?: string; $smEndpoint?: string; $smRegion?: string };
  return { service: e.$smService, operation: e.$smOperation, endpoint: e.$smEndpoint, region: e.$smRegion };
}

/**
 * Whether a failed call may still have taken effect: it got no answer (connection reset or refused half-way, a
 * time-out), or an answer that is not a client error from AWS (a 5xx, something that is not AWS at all). A 4xx
 * error with an AWS error code is AWS saying it did not do it.
 */
export function isUnknownOutcome(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status === undefined || status < 400 || status >= 500) return true;
  return awsErrorCode(error) === undefined;
}
