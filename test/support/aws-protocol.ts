// Just enough of the AWS wire protocols for the emulator proxy: tell which service and operation a request is,
// parse its parameters, and render an AWS-shaped error or JSON response for it.
//
// What the installed clients actually send (checked against the SDK v3 packages in node_modules and botocore
// 1.43.11 behind the aws CLI v1):
//   - SageMaker, Application Auto Scaling: awsJson1_1, `X-Amz-Target: SageMaker.<Op>` /
//     `AnyScaleFrontendService.<Op>` (both SDK v3 and aws CLI).
//   - CloudWatch: awsJson1_0 with awsQueryCompatible, `X-Amz-Target: GraniteServiceVersion20100801.<Op>` and
//     `x-amzn-query-mode: true` (both SDK v3 and aws CLI v1). Older clients use awsQuery (`Action=` form body);
//     the botocore model also lists smithy-rpc-v2-cbor (`POST /service/<S>/operation/<Op>`,
//     `smithy-protocol: rpc-v2-cbor`), which is recognised here too.
//   - IAM, STS: awsQuery, form body `Action=<Op>&Version=...`.
//   - Service Quotas: awsJson1_1, `X-Amz-Target: ServiceQuotasV20190624.<Op>`, signing name servicequotas.
// The service is taken from the SigV4 credential scope (`Credential=AKID/date/region/service/aws4_request`) when
// there is one, else from the target prefix.

import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export type WireProtocol = "json1.0" | "json1.1" | "query" | "cbor" | "unknown";

export interface CallInfo {
  /** Friendly service name: ApplicationAutoScaling, SageMaker, CloudWatch, IAM, STS (or the raw signing name). */
  service: string;
  operation: string;
  /** From the credential scope; "" if the request is unsigned. */
  region: string;
  /** Access key id from the credential scope; "" if unsigned. */
  accessKeyId: string;
  protocol: WireProtocol;
  /** Parsed parameters: the JSON body, or the flat query parameters (`Action`, `RoleName`, `Foo.member.1`...). */
  params: Record<string, unknown> | undefined;
}

const BY_SIGNING_NAME: Record<string, string> = {
  "application-autoscaling": "ApplicationAutoScaling",
  sagemaker: "SageMaker",
  monitoring: "CloudWatch",
  cloudwatch: "CloudWatch",
  iam: "IAM",
  sts: "STS",
  servicequotas: "ServiceQuotas",
};

const BY_TARGET_PREFIX: Record<string, string> = {
  AnyScaleFrontendService: "ApplicationAutoScaling",
  SageMaker: "SageMaker",
  GraniteServiceVersion20100801: "CloudWatch",
  AWSSecurityTokenServiceV20110615: "STS",
  ServiceQuotasV20190624: "ServiceQuotas",
};

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

function credentialScope(headers: IncomingHttpHeaders, url: URL) {
  const auth = header(headers, "authorization") ?? "";
  const m = /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/.exec(auth);
  if (m) return { accessKeyId: m[1] ?? "", region: m[3] ?? "", signingName: m[4] ?? "" };
  // Presigned style (X-Amz-Credential in the query string).
  const q = url.searchParams.get("X-Amz-Credential");
  const parts = q?.split("/");
  if (parts && parts.length >= 5) {
    return { accessKeyId: parts[0] ?? "", region: parts[2] ?? "", signingName: parts[3] ?? "" };
  }
  return { accessKeyId: "", region: "", signingName: "" };
}

function parseJson(body: Buffer): Record<string, unknown> | undefined {
  if (body.length === 0) return {};
  try {
    const v: unknown = JSON.parse(body.toString("utf8"));
    return v !== null && typeof v === "object" && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Identify an AWS API call. Returns undefined for anything that is not one (e.g. moto's own /moto-api/). */
export function identifyCall(
  method: string,
  rawUrl: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): CallInfo | undefined {
  const url = new URL(rawUrl, "http://proxy.invalid");
  if (url.pathname.startsWith("/moto-api")) return undefined;
  const scope = credentialScope(headers, url);
  const fromScope = scope.signingName ? (BY_SIGNING_NAME[scope.signingName] ?? scope.signingName) : undefined;
  const base = { region: scope.region, accessKeyId: scope.accessKeyId };

  const target = header(headers, "x-amz-target");
  if (target?.includes(".")) {
    const dot = target.lastIndexOf(".");
    const prefix = target.slice(0, dot);
    const contentType = header(headers, "content-type") ?? "";
    return {
      ...base,
      service: fromScope ?? BY_TARGET_PREFIX[prefix] ?? prefix,
      operation: target.slice(dot + 1),
      protocol: contentType.includes("1.0") ? "json1.0" : "json1.1",
      params: parseJson(body),
    };
  }

  const cbor = /^\/service\/([^/]+)\/operation\/([^/]+)$/.exec(url.pathname);
  if (cbor || header(headers, "smithy-protocol") === "rpc-v2-cbor") {
    const prefix = cbor?.[1] ?? "";
    return {
      ...base,
      service: fromScope ?? BY_TARGET_PREFIX[prefix] ?? prefix,
      operation: cbor?.[2] ?? "Unknown",
      protocol: "cbor",
      params: undefined,
    };
  }

  const params: Record<string, string> = {};
  for (const [k, v] of url.searchParams) params[k] = v;
  const contentType = header(headers, "content-type") ?? "";
  if (method === "POST" && contentType.includes("application/x-www-form-urlencoded")) {
    for (const [k, v] of new URLSearchParams(body.toString("utf8"))) params[k] = v;
  }
  const action = params["Action"];
  if (action) {
    return { ...base, service: fromScope ?? "Unknown", operation: action, protocol: "query", params };
  }
  if (fromScope) {
    return {
      ...base,
      service: fromScope,
      operation: `${method} ${url.pathname}`,
      protocol: "unknown",
      params,
    };
  }
  return undefined;
}

export interface RenderedResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

const xmlEscape = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** An AWS error in the wire format of `protocol`. */
export function renderError(
  protocol: WireProtocol,
  status: number,
  code: string,
  message: string,
): RenderedResponse {
  const requestId = randomUUID();
  const type = status >= 500 ? "Receiver" : "Sender";
  if (protocol === "query" || protocol === "unknown") {
    const xml =
      `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Type>${type}</Type>` +
      `<Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`;
    return {
      status,
      headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
      body: Buffer.from(xml, "utf8"),
    };
  }
  const headers: Record<string, string> = {
    "x-amzn-requestid": requestId,
    "x-amzn-errortype": code,
    // awsQueryCompatible services (CloudWatch) read the query-style code from here.
    "x-amzn-query-error": `${code};${type}`,
  };
  if (protocol === "cbor") {
    headers["content-type"] = "application/cbor";
    headers["smithy-protocol"] = "rpc-v2-cbor";
    return { status, headers, body: encodeCbor({ __type: code, message }) };
  }
  headers["content-type"] =
    protocol === "json1.0" ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
  return { status, headers, body: Buffer.from(JSON.stringify({ __type: code, message }), "utf8") };
}

/** A successful awsJson response. */
export function renderJson(protocol: WireProtocol, value: unknown): RenderedResponse {
  return {
    status: 200,
    headers: {
      "content-type": protocol === "json1.0" ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1",
      "x-amzn-requestid": randomUUID(),
    },
    body: Buffer.from(JSON.stringify(value), "utf8"),
  };
}

/** Parse an error response (JSON or query XML) into its code and message; undefined if it is not one. */
export function parseError(status: number, body: Buffer): { code: string; message: string } | undefined {
  if (status < 400) return undefined;
  const text = body.toString("utf8");
  try {
    const j = JSON.parse(text) as Record<string, unknown>;
    const raw = String(j["__type"] ?? j["code"] ?? "");
    const code = raw.includes("#") ? (raw.split("#").pop() ?? raw) : raw;
    return { code, message: String(j["message"] ?? j["Message"] ?? "") };
  } catch {
    const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
    const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? "";
    return code ? { code, message } : undefined;
  }
}

// --- minimal CBOR encoder (strings, numbers, booleans, null, arrays, maps) for rpc-v2-cbor errors ---

function cborHead(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) {
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(n, 1);
    return b;
  }
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

export function encodeCbor(value: unknown): Buffer {
  if (value === null || value === undefined) return Buffer.from([0xf6]);
  if (value === true) return Buffer.from([0xf5]);
  if (value === false) return Buffer.from([0xf4]);
  if (typeof value === "number") {
    if (Number.isInteger(value) && value >= 0 && value < 2 ** 32) return cborHead(0, value);
    if (Number.isInteger(value) && value < 0 && value >= -(2 ** 32)) return cborHead(1, -1 - value);
    const b = Buffer.alloc(9);
    b[0] = 0xfb;
    b.writeDoubleBE(value, 1);
    return b;
  }
  if (typeof value === "string") {
    const s = Buffer.from(value, "utf8");
    return Buffer.concat([cborHead(3, s.length), s]);
  }
  if (Array.isArray(value)) return Buffer.concat([cborHead(4, value.length), ...value.map(encodeCbor)]);
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return Buffer.concat([
      cborHead(5, entries.length),
      ...entries.flatMap(([k, v]) => [encodeCbor(k), encodeCbor(v)]),
    ]);
  }
  return encodeCbor(String(value));
}
