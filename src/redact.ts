/**
 * Keeps credentials out of everything sm-autoscale prints from outside its own making: AWS error messages, stack
 * traces and --debug lines. AWS itself echoes secrets in some errors (a SignatureDoesNotMatch message quotes the
 * canonical request, session token included), and a credential process may put them in its own errors.
 *
 * Two nets: the credential values in use (from the environment, and whatever the SDK resolved, remembered by
 * clients.ts), and the shapes a signed request leaves in text (headers, query parameters, access key ids).
 */

const REDACTED = "[redacted]";

/** Secrets shorter than this are not replaced by value: too likely to match ordinary text. */
const MIN_SECRET_LENGTH = 8;

const SECRET_ENV = ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_ACCESS_KEY_ID"];

const SHAPES: RegExp[] = [
  // A whole Authorization header (scheme, Credential=, SignedHeaders=, Signature=), up to the end of the line.
  /\bauthorization\s*[:=]\s*[^\r\n]*/gi,
  // Session tokens as a header ("x-amz-security-token:…" in a canonical request) or a presigned-URL parameter.
  /\bx-amz-security-token\s*[:=]\s*[^\s&,;'"]+/gi,
  /\b(?:x-amz-)?signature\s*=\s*[0-9a-f]+/gi,
  /\b(?:x-amz-)?credential\s*=\s*[^\s&,;'"]+/gi,
  // A credentials file or `aws configure` echo.
  /\baws_(?:secret_access_key|session_token|security_token)\s*[=:]\s*\S+/gi,
  // Access key ids: long-term (AKIA…) and temporary (ASIA…).
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
];

const remembered = new Set<string>();

/** Adds credential values (resolved by the SDK) to those never printed. */
export function rememberSecrets(...values: (string | undefined)[]): void {
  for (const value of values) if (value && value.length >= MIN_SECRET_LENGTH) remembered.add(value);
}

/** The credential values in use: the environment's and those remembered. */
export function knownSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = SECRET_ENV.map((name) => env[name]).filter(
    (v): v is string => v !== undefined && v.length >= MIN_SECRET_LENGTH,
  );
  return [...new Set([...fromEnv, ...remembered])];
}

/** Pure: `text` with every given secret and every credential-shaped fragment replaced by "[redacted]". */
export function redactSecrets(text: string, secrets: readonly string[] = knownSecrets()): string {
  let out = text;
  // Longest first, so a token that contains another secret is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join(REDACTED);
  }
  for (const shape of SHAPES) out = out.replace(shape, REDACTED);
  return out;
}
