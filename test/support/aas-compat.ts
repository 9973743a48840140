// Application Auto Scaling compatibility layer for namespace sagemaker, applied by the proxy to every AAS call
// (the client's and the emulation's own), underneath the other emulations:
//
// 1. Dimensions moto 5.2.1 rejects. moto's ScalableDimension enum only knows sagemaker:variant:DesiredInstanceCount,
//    so `sagemaker:variant:DesiredProvisionedConcurrency` (serverless) and
//    `sagemaker:inference-component:DesiredCopyCount` fail with ValidationException. They are stored in moto under
//    DesiredInstanceCount with a marked ResourceId and translated back in every response (ResourceId,
//    ScalableDimension, ARNs, error messages), so clients only ever see the real AWS values:
//      endpoint/<ep>/variant/<v> + DesiredProvisionedConcurrency <-> endpoint/<ep>/variant/<v>~~provisioned-concurrency
//      inference-component/<ic> + DesiredCopyCount               <-> endpoint/~~inference-component/variant/<ic>
// 2. Describe semantics. moto's DescribeScalingPolicies filters ResourceId by substring (a filter for variant "AB"
//    also returns variant "A"), its DescribeScalableTargets NextToken is broken beyond two pages (it repeats the
//    same page forever), its DescribeScheduledActions does not paginate, and its default page sizes differ from
//    AWS. The proxy therefore fetches everything of the namespace from moto and filters and pages itself, with
//    AWS's page sizes: DescribeScalableTargets 1-50 (default 50), DescribeScalingPolicies 1-10 (default 10),
//    DescribeScheduledActions 1-50 (default 50). MaxResults outside the range -> ValidationException; a NextToken
//    the proxy did not issue -> InvalidNextTokenException.

import type { CallInfo, RenderedResponse } from "./aws-protocol.js";
import { renderError } from "./aws-protocol.js";

export const DIM_INSTANCE_COUNT = "sagemaker:variant:DesiredInstanceCount";
export const DIM_PROVISIONED_CONCURRENCY = "sagemaker:variant:DesiredProvisionedConcurrency";
export const DIM_COPY_COUNT = "sagemaker:inference-component:DesiredCopyCount";
export const SAGEMAKER_DIMENSIONS = [DIM_INSTANCE_COUNT, DIM_PROVISIONED_CONCURRENCY, DIM_COPY_COUNT];

const PC_SUFFIX = "~~provisioned-concurrency";
const IC_PREFIX = "endpoint/~~inference-component/variant/";
const IC_REAL_PREFIX = "inference-component/";

const DESCRIBE: Record<string, { key: string; max: number; namesField?: string; nameKey?: string }> = {
  DescribeScalableTargets: { key: "ScalableTargets", max: 50 },
  DescribeScalingPolicies: {
    key: "ScalingPolicies",
    max: 10,
    namesField: "PolicyNames",
    nameKey: "PolicyName",
  },
  DescribeScheduledActions: {
    key: "ScheduledActions",
    max: 50,
    namesField: "ScheduledActionNames",
    nameKey: "ScheduledActionName",
  },
};

export interface CompatContext {
  describe?: {
    operation: string;
    resourceIds?: string[];
    dimension?: string;
    names?: string[];
    offset: number;
    max: number;
  };
  /** The response may contain aliased ids: translate it back. */
  translate: boolean;
}

export function toMoto(resourceId: string, dimension: string): { resourceId: string; dimension: string } {
  if (dimension === DIM_PROVISIONED_CONCURRENCY) {
    return { resourceId: resourceId + PC_SUFFIX, dimension: DIM_INSTANCE_COUNT };
  }
  if (dimension === DIM_COPY_COUNT) {
    const name = resourceId.startsWith(IC_REAL_PREFIX) ? resourceId.slice(IC_REAL_PREFIX.length) : resourceId;
    return { resourceId: IC_PREFIX + name, dimension: DIM_INSTANCE_COUNT };
  }
  return { resourceId, dimension };
}

export function fromMoto(resourceId: string, dimension: string): { resourceId: string; dimension: string } {
  if (resourceId.endsWith(PC_SUFFIX)) {
    return { resourceId: resourceId.slice(0, -PC_SUFFIX.length), dimension: DIM_PROVISIONED_CONCURRENCY };
  }
  if (resourceId.startsWith(IC_PREFIX)) {
    return { resourceId: IC_REAL_PREFIX + resourceId.slice(IC_PREFIX.length), dimension: DIM_COPY_COUNT };
  }
  return { resourceId, dimension };
}

function unaliasString(s: string): string {
  if (!s.includes("~~")) return s;
  return s
    .replace(
      /resource ID: ([^,]*?)~~provisioned-concurrency, scalable dimension: sagemaker:variant:DesiredInstanceCount/g,
      `resource ID: $1, scalable dimension: ${DIM_PROVISIONED_CONCURRENCY}`,
    )
    .replace(
      /resource ID: endpoint\/~~inference-component\/variant\/([^,]*), scalable dimension: sagemaker:variant:DesiredInstanceCount/g,
      `resource ID: inference-component/$1, scalable dimension: ${DIM_COPY_COUNT}`,
    )
    .split(PC_SUFFIX)
    .join("")
    .split(IC_PREFIX)
    .join(IC_REAL_PREFIX);
}

function unaliasDeep(v: unknown): unknown {
  if (typeof v === "string") return unaliasString(v);
  if (Array.isArray(v)) return v.map(unaliasDeep);
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = unaliasDeep(x);
    if (typeof o["ResourceId"] === "string" && typeof o["ScalableDimension"] === "string") {
      const real = fromMoto(o["ResourceId"], o["ScalableDimension"]);
      out["ResourceId"] = real.resourceId;
      out["ScalableDimension"] = real.dimension;
    }
    return out;
  }
  return v;
}

const json = (v: unknown) => Buffer.from(JSON.stringify(v), "utf8");

function validationError(call: CallInfo, message: string) {
  return renderError(call.protocol, 400, "ValidationException", message);
}

export function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset }), "utf8").toString("base64url");
}

export function decodeToken(token: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { o?: unknown };
    return typeof parsed.o === "number" && Number.isInteger(parsed.o) && parsed.o >= 0 ? parsed.o : undefined;
  } catch {
    return undefined;
  }
}

/** Check MaxResults against AWS's documented range. */
export function checkMaxResults(call: CallInfo, value: unknown, max: number): RenderedResponse | number {
  if (value === undefined || value === null) return max;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    return validationError(
      call,
      `1 validation error detected: Value '${String(value)}' at 'maxResults' failed to satisfy constraint: Member must have value ${n < 1 ? "greater than or equal to 1" : `less than or equal to ${max}`}`,
    );
  }
  return n;
}

/** Applies to AAS calls for namespace sagemaker. */
export function appliesTo(call: CallInfo): boolean {
  return call.service === "ApplicationAutoScaling" && call.params?.["ServiceNamespace"] === "sagemaker";
}

/** Rewrite the request for moto, or answer it (validation errors). */
export function translateRequest(
  call: CallInfo,
): { body?: Buffer; respond?: RenderedResponse; ctx: CompatContext } | undefined {
  if (!appliesTo(call) || !call.params) return undefined;
  const p = call.params;
  const d = DESCRIBE[call.operation];
  if (d) {
    const max = checkMaxResults(call, p["MaxResults"], d.max);
    if (typeof max !== "number") return { respond: max, ctx: { translate: false } };
    let offset = 0;
    if (typeof p["NextToken"] === "string") {
      const o = decodeToken(p["NextToken"]);
      if (o === undefined) {
        return {
          respond: renderError(call.protocol, 400, "InvalidNextTokenException", "Invalid token"),
          ctx: { translate: false },
        };
      }
      offset = o;
    }
    const dimension = typeof p["ScalableDimension"] === "string" ? p["ScalableDimension"] : undefined;
    if (dimension !== undefined && !SAGEMAKER_DIMENSIONS.includes(dimension)) {
      return {
        respond: validationError(call, "Unsupported service namespace, resource type or scalable dimension"),
        ctx: { translate: false },
      };
    }
    const describe: NonNullable<CompatContext["describe"]> = { operation: call.operation, offset, max };
    if (dimension !== undefined) describe.dimension = dimension;
    if (Array.isArray(p["ResourceIds"]) && p["ResourceIds"].length > 0) {
      describe.resourceIds = p["ResourceIds"].map(String);
    } else if (typeof p["ResourceId"] === "string" && p["ResourceId"] !== "") {
      describe.resourceIds = [p["ResourceId"]];
    }
    const names = d.namesField ? p[d.namesField] : undefined;
    if (Array.isArray(names) && names.length > 0) describe.names = names.map(String);
    // Everything of the namespace, in one page; filtering and paging happen in translateResponse.
    const upstream: Record<string, unknown> = { ServiceNamespace: "sagemaker" };
    if (call.operation !== "DescribeScheduledActions") upstream["MaxResults"] = 1_000_000;
    return { body: json(upstream), ctx: { describe, translate: true } };
  }
  if (typeof p["ResourceId"] === "string" && typeof p["ScalableDimension"] === "string") {
    const m = toMoto(p["ResourceId"], p["ScalableDimension"]);
    if (m.resourceId !== p["ResourceId"] || m.dimension !== p["ScalableDimension"]) {
      return {
        body: json({ ...p, ResourceId: m.resourceId, ScalableDimension: m.dimension }),
        ctx: { translate: true },
      };
    }
  }
  return { ctx: { translate: true } };
}

/** Translate moto's answer back; for the Describe calls, filter and page it. */
export function translateResponse(
  _call: CallInfo,
  resp: RenderedResponse,
  ctx: CompatContext,
): RenderedResponse {
  if (!ctx.translate) return resp;
  const text = resp.body.toString("utf8");
  const ok = resp.status >= 200 && resp.status < 300;
  if (!ctx.describe) {
    if (!text.includes("~~")) return resp;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return resp;
    }
    return { ...resp, body: json(unaliasDeep(parsed)) };
  }
  if (!ok) return { ...resp, body: Buffer.from(unaliasString(text), "utf8") };
  const d = DESCRIBE[ctx.describe.operation];
  if (!d) return resp;
  const body = JSON.parse(text) as Record<string, unknown>;
  const all = Array.isArray(body[d.key]) ? (body[d.key] as unknown[]) : [];
  const f = ctx.describe;
  const items = (unaliasDeep(all) as Record<string, unknown>[]).filter(
    (x) =>
      (f.resourceIds === undefined || f.resourceIds.includes(String(x["ResourceId"]))) &&
      (f.dimension === undefined || x["ScalableDimension"] === f.dimension) &&
      (f.names === undefined || (d.nameKey !== undefined && f.names.includes(String(x[d.nameKey])))),
  );
  const page = items.slice(f.offset, f.offset + f.max);
  const out: Record<string, unknown> = { [d.key]: page };
  if (f.offset + f.max < items.length) out["NextToken"] = encodeToken(f.offset + f.max);
  return { ...resp, body: json(out) };
}
