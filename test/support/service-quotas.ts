// Service Quotas, which moto 5.2.1 does not implement: ListServiceQuotas and GetServiceQuota over the quotas a test
// seeds (per region, or for every region), answered by the proxy (see emulation.ts, proxy.ts).
//
// Source: the botocore model service-quotas/2019-06-24/service-2.json shipped with the aws CLI (botocore
// 1.43.11): awsJson1_1, target prefix ServiceQuotasV20190624, signing name servicequotas. Input is checked
// against that model before anything is answered:
//   ServiceCode   required; string 1-63, pattern [a-zA-Z][a-zA-Z0-9-]{1,63}
//   QuotaCode     GetServiceQuota: required; ListServiceQuotas: optional filter; 1-128, [a-zA-Z][a-zA-Z0-9-]{1,128}
//   MaxResults    integer 1-100 (absent: 100 here; AWS says "a value appropriate to the operation")
//   NextToken     string up to 2048, pattern ^[a-zA-Z0-9/+]*={0,2}$ (so the tokens minted here are base64)
//   QuotaAppliedAtLevel  ACCOUNT | RESOURCE | ALL
// Malformed input gets AWS's common ValidationException (Service Quotas API reference, Common Errors); an
// unknown QuotaCode and a token not minted here get the modelled NoSuchResourceException and
// InvalidPaginationTokenException. Output members follow the model's ServiceQuota shape.

import { type CallInfo, type RenderedResponse, renderError, renderJson } from "./aws-protocol.js";
import { MOTO_ACCOUNT_ID } from "./env.js";

export interface SeededQuota {
  /** Default "sagemaker". */
  serviceCode?: string;
  quotaName: string;
  quotaCode: string;
  value: number;
  /** Default true. */
  adjustable?: boolean;
  /**
   * False: the account has no applied value, so ListServiceQuotas leaves the quota out ("If the applied quota
   * value is not available for a quota, the quota is not retrieved", model doc of ListServiceQuotas) and only
   * ListAWSDefaultServiceQuotas lists it. Default true.
   */
  applied?: boolean;
}

const SERVICE_NAMES: Record<string, string> = { sagemaker: "Amazon SageMaker" };
const SERVICE_CODE = /^[a-zA-Z][a-zA-Z0-9-]{1,63}$/;
const QUOTA_CODE = /^[a-zA-Z][a-zA-Z0-9-]{1,128}$/;
const NEXT_TOKEN = /^[a-zA-Z0-9/+]*={0,2}$/;
const LEVELS = new Set(["ACCOUNT", "RESOURCE", "ALL"]);
const ANY_REGION = "*";

export class ServiceQuotasEmulation {
  private seeds = new Map<string, SeededQuota[]>();

  /** Replace the quotas seen in `region` (default: every region without its own). */
  set(quotas: SeededQuota[], region?: string): void {
    this.seeds.set(
      region ?? ANY_REGION,
      quotas.map((q) => ({ ...q })),
    );
  }

  clear(): void {
    this.seeds.clear();
  }

  handles(call: CallInfo): boolean {
    return (
      call.service === "ServiceQuotas" &&
      (call.operation === "ListServiceQuotas" ||
        call.operation === "GetServiceQuota" ||
        call.operation === "ListAWSDefaultServiceQuotas")
    );
  }

  respond(call: CallInfo): RenderedResponse {
    const p = call.params;
    if (!p) return invalid(call, "Request body is not valid JSON.");
    const serviceCode = p["ServiceCode"];
    const problem =
      stringProblem("serviceCode", serviceCode, SERVICE_CODE, 1, 63, true) ??
      stringProblem("quotaCode", p["QuotaCode"], QUOTA_CODE, 1, 128, call.operation === "GetServiceQuota");
    if (problem) return invalid(call, problem);
    const quotas = (this.seeds.get(call.region) ?? this.seeds.get(ANY_REGION) ?? [])
      .filter((q) => (q.serviceCode ?? "sagemaker") === serviceCode)
      // Defaults: every quota of the service. Applied values: only those the account has.
      .filter((q) => call.operation === "ListAWSDefaultServiceQuotas" || q.applied !== false)
      .map((q) => shape(q, call.region));

    if (call.operation === "GetServiceQuota") {
      const quota = quotas.find((q) => q.QuotaCode === p["QuotaCode"]);
      if (!quota) {
        return renderError(
          call.protocol,
          400,
          "NoSuchResourceException",
          `The request failed because the specified quota ${String(p["QuotaCode"])} does not exist for service ${String(serviceCode)}.`,
        );
      }
      return renderJson(call.protocol, { Quota: quota });
    }

    const level = p["QuotaAppliedAtLevel"];
    if (level !== undefined && !(typeof level === "string" && LEVELS.has(level))) {
      return invalid(
        call,
        `1 validation error detected: Value '${String(level)}' at 'quotaAppliedAtLevel' failed to satisfy constraint: Member must satisfy enum value set: [ACCOUNT, RESOURCE, ALL]`,
      );
    }
    const max = p["MaxResults"] ?? 100;
    if (typeof max !== "number" || !Number.isInteger(max) || max < 1 || max > 100) {
      return invalid(
        call,
        `1 validation error detected: Value '${String(max)}' at 'maxResults' failed to satisfy constraint: Member must have value ${typeof max === "number" && max < 1 ? "greater than or equal to 1" : "less than or equal to 100"}`,
      );
    }
    let offset = 0;
    const token = p["NextToken"];
    if (token !== undefined) {
      const tokenProblem = stringProblem("nextToken", token, NEXT_TOKEN, 0, 2048, false);
      if (tokenProblem) return invalid(call, tokenProblem);
      const decoded = decodeOffset(String(token));
      if (decoded === undefined) {
        return renderError(
          call.protocol,
          400,
          "InvalidPaginationTokenException",
          "Invalid input: the pagination token is not valid.",
        );
      }
      offset = decoded;
    }
    const filtered =
      p["QuotaCode"] === undefined ? quotas : quotas.filter((q) => q.QuotaCode === p["QuotaCode"]);
    const page = filtered.slice(offset, offset + max);
    const out: Record<string, unknown> = { Quotas: page };
    if (offset + max < filtered.length) out["NextToken"] = encodeOffset(offset + max);
    return renderJson(call.protocol, out);
  }
}

function shape(q: SeededQuota, region: string) {
  const serviceCode = q.serviceCode ?? "sagemaker";
  return {
    ServiceCode: serviceCode,
    ServiceName: SERVICE_NAMES[serviceCode] ?? serviceCode,
    QuotaArn: `arn:aws:servicequotas:${region || "us-east-1"}:${MOTO_ACCOUNT_ID}:${serviceCode}/${q.quotaCode}`,
    QuotaCode: q.quotaCode,
    QuotaName: q.quotaName,
    Value: q.value,
    Unit: "None",
    Adjustable: q.adjustable ?? true,
    GlobalQuota: false,
    QuotaAppliedAtLevel: "ACCOUNT",
  };
}

function stringProblem(
  member: string,
  value: unknown,
  pattern: RegExp,
  min: number,
  max: number,
  required: boolean,
): string | undefined {
  if (value === undefined) {
    return required
      ? `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`
      : undefined;
  }
  if (typeof value !== "string") return `Value at '${member}' must be a string.`;
  if (value.length < min || value.length > max) {
    return `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must have length between ${min} and ${max}`;
  }
  if (!pattern.test(value)) {
    return `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern.source}`;
  }
  return undefined;
}

function invalid(call: CallInfo, message: string): RenderedResponse {
  return renderError(call.protocol, 400, "ValidationException", message);
}

function encodeOffset(offset: number): string {
  return Buffer.from(`sq:${offset}`, "utf8").toString("base64");
}

function decodeOffset(token: string): number | undefined {
  const m = /^sq:(\d+)$/.exec(Buffer.from(token, "base64").toString("utf8"));
  return m ? Number(m[1]) : undefined;
}
