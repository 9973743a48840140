// A loopback HTTP proxy in front of moto that
//   - counts AWS calls (service + operation, per protocol; see aws-protocol.ts) and the peak concurrency,
//   - adds an optional fixed latency to every AWS call,
//   - injects AWS-shaped faults (ThrottlingException & co., or a dropped connection),
//   - emulates AWS behaviour moto lacks (input checked against the botocore models, endpoint configs of every kind,
//     inference components, endpoint status, scaling activities, target-tracking alarms, step-policy alarms,
//     deregistration cascade, not-found codes, registration checks; see emulation.ts and hosting.ts),
// and forwards everything else to moto unchanged (bodies are buffered, not streamed).
//
// Point a client at it exactly like at moto: AWS_ENDPOINT_URL=<proxy.url>. The proxy's own calls to moto (for the
// emulation) go straight to moto and are not counted.
//
// Another process (a CLI child in a test, the demo, the benchmark) drives the same features through a small
// control API on the proxy itself; use `connectProxy(url)` rather than raw HTTP:
//   GET  /__proxy/health                 {"ok":true}
//   GET  /__proxy/calls                  {"calls":[...],"counts":{"Service.Operation":n},"maxInFlight":n}
//   POST /__proxy/calls/reset
//   POST /__proxy/latency                {"latencyMs":30}
//   POST /__proxy/status                 {"endpointName":"x","status":"Creating"|null,"region"?,"failureReason"?}
//   POST /__proxy/inference-component    {"name":"ic","region"?,"status"?,"failureReason"?,"currentCopyCount"?}
//   POST /__proxy/activity               ScalingActivityInput            -> the stored activity
//   DELETE /__proxy/activity             clear activities
//   POST /__proxy/quotas                 {"quotas":[SeededQuota...],"region"?} the Service Quotas listed there
//   DELETE /__proxy/quotas               no quotas
//   POST /__proxy/fault                  FaultRule without `when` (times -1 = unlimited) -> {"id":"..."}
//   GET  /__proxy/fault                  the active rules;  DELETE /__proxy/fault  clear them
//   GET  /__proxy/alarms                 the emulated target-tracking alarms per policy
//   GET  /__proxy/errors                 errors swallowed by the emulation (should be empty)
//   POST /__proxy/reset                  counts + faults + latency + emulation state

import { randomUUID } from "node:crypto";
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import {
  type CallInfo,
  identifyCall,
  type RenderedResponse,
  renderError,
  type WireProtocol,
} from "./aws-protocol.js";
import {
  AwsEmulation,
  type EmulatedPolicyAlarms,
  type EmulationOptions,
  type EndpointStatus,
  type InferenceComponentState,
  type ScalingActivity,
  type ScalingActivityInput,
  type SeededQuota,
} from "./emulation.js";

export type {
  EmulatedPolicyAlarms,
  EmulationOptions,
  EndpointStatus,
  InferenceComponentState,
  ScalingActivity,
  ScalingActivityInput,
  SeededQuota,
};

export interface StartProxyOptions {
  /** moto's URL, e.g. http://127.0.0.1:5000 */
  upstream: string;
  /** Fixed delay added to every AWS call (default 0). */
  latencyMs?: number;
  /** Switch individual emulations off (all on by default). */
  emulate?: EmulationOptions;
  /** Port to listen on (default: a free one). */
  port?: number;
}

export interface CallRecord {
  service: string;
  operation: string;
  region: string;
  protocol: WireProtocol;
  /** Parsed request parameters (JSON body or query parameters); undefined for CBOR. */
  params: Record<string, unknown> | undefined;
  /** HTTP status returned to the client (undefined while in flight or when the connection was dropped). */
  status?: number;
  /** Set when an injected fault answered this call: the error code, or "drop". */
  fault?: string;
  /** True when the proxy answered without asking moto (emulated operation or emulated check). */
  emulated?: boolean;
  /** Milliseconds from request received to response finished. */
  ms?: number;
}

export interface FaultRule {
  /** "PutScalingPolicy", "ApplicationAutoScaling.PutScalingPolicy", or "*" for every call. */
  operation: string;
  /** Only calls whose parameters contain this (deep partial match; arrays must match element-wise). */
  match?: Record<string, unknown>;
  /** Only calls for which this returns true (in-process only; not sent over the control API). */
  when?: (params: Record<string, unknown> | undefined, call: CallRecord) => boolean;
  /** How many matching calls to fail (default 1; Infinity or -1: until cleared). */
  times?: number;
  /** Default 400. */
  status?: number;
  /** Default "ThrottlingException". */
  code?: string;
  /** Default "Rate exceeded". */
  message?: string;
  /** Destroy the client's socket instead of answering (the SDK sees ECONNRESET / socket hang up). */
  drop?: boolean;
  /** Alias of drop. */
  connectionReset?: boolean;
  /**
   * "before" (default): fail without forwarding. "after": forward to moto first (the change happens), then
   * answer with the error or drop the connection - a lost response.
   */
  phase?: "before" | "after";
  /** With neither code, status nor drop: only delay matching calls by this much, then proceed normally. */
  delayMs?: number;
  /**
   * Hold matching calls (phase "before") until `release(id)`: a call in flight for as long as a test needs, to
   * send a signal or run another writer meanwhile, without guessing at timings. Every matching call is held
   * (unless `times` says otherwise), retries included. What the calls then meet is what `release` says:
   * nothing (they proceed, other fault rules included) or a fault of their own.
   */
  hold?: boolean;
  /**
   * A paginated read whose service repeats its page token: the request's NextToken is dropped before it is
   * answered (moto would reject a token it never gave), and the reply's NextToken is set to one constant, so every
   * page names the same next page, forever. (botocore stops such a listing with "The same next token was received
   * twice".) Not an error: the call is answered normally otherwise.
   */
  repeatNextToken?: boolean;
  /**
   * Answer with an HTML page, as a proxy or a wrong endpoint URL would, instead of AWS's reply; status 502 unless
   * `status` is given.
   */
  html?: boolean;
}

/** The NextToken every page names under a `repeatNextToken` fault. */
export const REPEATED_NEXT_TOKEN = "sm-proxy-repeated-token";

const HTML_PAGE =
  "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n" +
  "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n";

/** The call as if it had not carried a NextToken: its parameters and its JSON body. */
function withoutNextToken(call: CallInfo, body: Buffer): { call: CallInfo; body: Buffer } {
  if (!call.params || !("NextToken" in call.params)) return { call, body };
  const { NextToken: _, ...params } = call.params;
  const json = call.protocol === "json1.0" || call.protocol === "json1.1";
  return { call: { ...call, params }, body: json ? Buffer.from(JSON.stringify(params), "utf8") : body };
}

/**
 * A successful reply of a JSON protocol with its NextToken set to REPEATED_NEXT_TOKEN; any other reply unchanged.
 * (moto labels some JSON replies text/html, so the protocol decides, not the content type.)
 */
function withRepeatedToken(call: CallInfo, response: RenderedResponse): RenderedResponse {
  if (response.status !== 200 || (call.protocol !== "json1.0" && call.protocol !== "json1.1"))
    return response;
  const value = JSON.parse(response.body.toString("utf8") || "{}") as Record<string, unknown>;
  value["NextToken"] = REPEATED_NEXT_TOKEN;
  return { ...response, body: Buffer.from(JSON.stringify(value), "utf8") };
}

/** What a held call meets once released: an error or a dropped connection, applied before or after moto. */
export type ReleaseAs = Pick<FaultRule, "code" | "status" | "message" | "drop" | "phase">;

export interface ActiveFault {
  id: string;
  rule: Omit<FaultRule, "when"> & { when?: "function" };
  remaining: number;
  hits: number;
  /** For a hold rule: calls waiting now. */
  held?: number;
}

export interface EmulatorProxy {
  url: string;
  port: number;
  upstream: string;
  stop(): Promise<void>;
  /** Every AWS call seen since the last resetCounts(), in arrival order. */
  calls(): CallRecord[];
  /** Calls per "Service.Operation", e.g. {"ApplicationAutoScaling.DescribeScalableTargets": 2}. */
  countBy(): Record<string, number>;
  /** Calls of one operation ("PutScalingPolicy" or "ApplicationAutoScaling.PutScalingPolicy"). */
  count(operation: string): number;
  /** Highest number of AWS calls in flight at the same time since the last resetCounts(). */
  maxInFlight(): number;
  resetCounts(): void;
  setLatency(ms: number): void;
  /** Returns the rule id. */
  inject(rule: FaultRule): string;
  /** Calls a hold rule is holding now. */
  held(id: string): number;
  /** Lets the calls a hold rule holds (and will hold) go on, as `as` says; the rule then holds no more. */
  release(id: string, as?: ReleaseAs): void;
  faults(): ActiveFault[];
  clearFaults(): void;
  /** Override EndpointStatus (null removes the override). Without region: every region. */
  setEndpointStatus(
    endpointName: string,
    status: EndpointStatus | string | null,
    opts?: { region?: string; failureReason?: string },
  ): void;
  /**
   * An inference component's status (e.g. "Creating"), failure reason (null removes it) or current copy count.
   * Without region: every region. Returns how many were changed.
   */
  setInferenceComponentState(
    name: string,
    state: InferenceComponentState,
    opts?: { region?: string },
  ): number;
  addScalingActivity(activity: ScalingActivityInput): ScalingActivity;
  clearScalingActivities(): void;
  /** The Service Quotas listed in `region` (default: every region without its own); replaces earlier ones. */
  setServiceQuotas(quotas: SeededQuota[], region?: string): void;
  emulatedAlarms(): EmulatedPolicyAlarms[];
  /** Errors swallowed by the emulation hooks (the call then fell back to plain forwarding). */
  emulationErrors(): string[];
  /** Counts, faults, latency back to the start value, and all emulation state. Does not touch moto. */
  resetState(): void;
}

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "content-length",
]);

const INTERNAL = "/__internal";

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function cleanHeaders(h: IncomingHttpHeaders | Record<string, string | string[] | number | undefined>) {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined || HOP_BY_HOP.has(k.toLowerCase())) continue;
    out[k.toLowerCase()] = typeof v === "number" ? String(v) : v;
  }
  return out;
}

function send(res: ServerResponse, r: RenderedResponse): void {
  if (res.headersSent || res.destroyed) return;
  const headers = cleanHeaders(r.headers);
  headers["content-length"] = String(r.body.length);
  res.writeHead(r.status, headers);
  res.end(r.body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, {
    status,
    headers: { "content-type": "application/json" },
    body: Buffer.from(JSON.stringify(value ?? null), "utf8"),
  });
}

/** Does `actual` contain everything in `expected`? */
export function partialMatch(expected: unknown, actual: unknown): boolean {
  if (expected === actual) return true;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      expected.length === actual.length &&
      expected.every((e, i) => partialMatch(e, actual[i]))
    );
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object") return false;
    const a = actual as Record<string, unknown>;
    return Object.entries(expected as Record<string, unknown>).every(([k, v]) => partialMatch(v, a[k]));
  }
  // Query-protocol parameters are strings: let 5 match "5" and true match "true".
  return (
    (typeof expected === "number" || typeof expected === "boolean") &&
    typeof actual === "string" &&
    String(expected) === actual
  );
}

function operationMatches(pattern: string, call: { service: string; operation: string }): boolean {
  return pattern === "*" || pattern === call.operation || pattern === `${call.service}.${call.operation}`;
}

function forward(
  upstream: URL,
  req: IncomingMessage,
  body: Buffer,
  path?: string,
): Promise<RenderedResponse> {
  return new Promise((resolve, reject) => {
    const headers = cleanHeaders(req.headers);
    headers["content-length"] = String(body.length);
    const up = httpRequest(
      {
        protocol: upstream.protocol,
        hostname: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: path ?? req.url,
        headers,
        agent: false,
      },
      (upRes) => {
        const chunks: Buffer[] = [];
        upRes.on("data", (c: Buffer) => chunks.push(c));
        upRes.on("end", () =>
          resolve({
            status: upRes.statusCode ?? 502,
            headers: cleanHeaders(upRes.headers),
            body: Buffer.concat(chunks),
          }),
        );
        upRes.on("error", reject);
      },
    );
    up.setTimeout(120_000, () => up.destroy(new Error("upstream timed out")));
    up.on("error", reject);
    up.end(body);
  });
}

export async function startProxy(options: StartProxyOptions): Promise<EmulatorProxy> {
  const upstream = new URL(options.upstream);
  const initialLatency = options.latencyMs ?? 0;
  let latencyMs = initialLatency;
  let records: CallRecord[] = [];
  let inFlight = 0;
  let peak = 0;
  type Gate = { held: number; release?: ReleaseAs | "proceed"; open: Promise<void>; opened: () => void };
  let faults: (ActiveFault & { when?: FaultRule["when"]; gate?: Gate })[] = [];
  // Created once the port is known: the emulation's own calls go through this proxy's /__internal path.
  let emulation = undefined as unknown as AwsEmulation;
  const debug = Boolean(process.env["SM_PROXY_DEBUG"]);

  const note = (where: string, call: CallInfo, err: unknown) => {
    const msg = `${where} ${call.service}.${call.operation}: ${err instanceof Error ? err.stack || err.message : String(err)}`;
    emulation.errors.push(msg);
    if (emulation.errors.length > 200) emulation.errors.shift();
    if (debug) process.stderr.write(`[proxy] ${msg}\n`);
  };

  const takeFault = (record: CallRecord, phase: "before" | "after") => {
    for (const f of faults) {
      if (f.rule.hold || (f.rule.phase ?? "before") !== phase || f.remaining <= 0) continue;
      if (!operationMatches(f.rule.operation, record)) continue;
      if (f.rule.match && !partialMatch(f.rule.match, record.params)) continue;
      if (f.when) {
        let ok = false;
        try {
          ok = f.when(record.params, record);
        } catch {
          ok = false;
        }
        if (!ok) continue;
      }
      f.remaining -= 1;
      f.hits += 1;
      return f.rule;
    }
    return undefined;
  };

  /** The gate of the first hold rule matching the call, counting the call against the rule. */
  const takeHold = (record: CallRecord): Gate | undefined => {
    for (const f of faults) {
      if (!f.rule.hold || !f.gate || f.remaining <= 0) continue;
      if (!operationMatches(f.rule.operation, record)) continue;
      if (f.rule.match && !partialMatch(f.rule.match, record.params)) continue;
      if (f.when && !f.when(record.params, record)) continue;
      f.remaining -= 1;
      f.hits += 1;
      return f.gate;
    }
    return undefined;
  };

  /** Returns true when the fault fully handled the call. */
  const applyFault = async (
    rule: ActiveFault["rule"],
    record: CallRecord,
    req: IncomingMessage,
    res: ServerResponse,
  ) => {
    if (rule.drop || rule.connectionReset) {
      record.fault = "drop";
      req.socket.destroy();
      res.destroy();
      return true;
    }
    const isDelayOnly =
      rule.delayMs !== undefined && rule.code === undefined && rule.status === undefined && !rule.html;
    if (rule.delayMs) await sleep(rule.delayMs);
    if (isDelayOnly) return false;
    if (rule.html) {
      record.fault = "html";
      send(res, {
        status: rule.status ?? 502,
        headers: { "content-type": "text/html" },
        body: Buffer.from(HTML_PAGE, "utf8"),
      });
      return true;
    }
    const code = rule.code ?? "ThrottlingException";
    record.fault = code;
    send(res, renderError(record.protocol, rule.status ?? 400, code, rule.message ?? "Rate exceeded"));
    return true;
  };

  const forwardOrError = async (call: CallInfo, req: IncomingMessage, body: Buffer, path?: string) => {
    try {
      return await forward(upstream, req, body, path);
    } catch (err) {
      return renderError(
        call.protocol,
        503,
        "ServiceUnavailable",
        `proxy could not reach moto at ${options.upstream}: ${String(err)}`,
      );
    }
  };

  /** The emulation's own calls: compatibility layer only; not counted, no latency, no faults. */
  const handleInternal = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const path = (req.url ?? "/").slice(INTERNAL.length) || "/";
    const call = identifyCall(req.method ?? "GET", path, req.headers, body);
    if (!call) {
      send(res, await forward(upstream, req, body, path));
      return;
    }
    const compat = emulation.compatRequest(call);
    if (compat?.respond) {
      send(res, compat.respond);
      return;
    }
    const response = await forwardOrError(call, req, compat?.body ?? body, path);
    send(res, emulation.compatResponse(call, response, compat?.ctx));
  };

  const handleAws = async (asked: CallInfo, sent: Buffer, req: IncomingMessage, res: ServerResponse) => {
    let call = asked;
    let body = sent;
    const record: CallRecord = {
      service: call.service,
      operation: call.operation,
      region: call.region,
      protocol: call.protocol,
      params: call.params,
    };
    records.push(record);
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    const started = performance.now();
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      inFlight -= 1;
      record.ms = Math.round(performance.now() - started);
      if (record.fault !== "drop") record.status = res.statusCode;
    };
    res.on("finish", finish);
    res.on("close", finish);

    if (latencyMs > 0) await sleep(latencyMs);
    const gate = takeHold(record);
    let afterRelease: ReleaseAs | undefined;
    if (gate) {
      gate.held += 1;
      await gate.open;
      gate.held -= 1;
      if (gate.release !== "proceed" && gate.release !== undefined) {
        afterRelease = gate.release;
        if ((afterRelease.phase ?? "before") === "before") {
          await applyFault({ operation: record.operation, ...afterRelease }, record, req, res);
          return;
        }
      }
    }
    const before = takeFault(record, "before");
    const repeatToken = Boolean(before?.repeatNextToken);
    if (repeatToken) {
      record.fault = "repeatNextToken";
      ({ call, body } = withoutNextToken(call, body));
    } else if (before && (await applyFault(before, record, req, res))) return;
    const reply = (response: RenderedResponse) =>
      send(res, repeatToken ? withRepeatedToken(call, response) : response);

    let pre: Awaited<ReturnType<AwsEmulation["pre"]>> | undefined;
    try {
      pre = await emulation.pre(call);
    } catch (err) {
      note("pre", call, err);
    }
    if (pre?.respond) {
      record.emulated = true;
      reply(pre.respond);
      return;
    }
    let compat: ReturnType<AwsEmulation["compatRequest"]>;
    try {
      compat = emulation.compatRequest(call);
    } catch (err) {
      note("compat", call, err);
    }
    if (compat?.respond) {
      record.emulated = true;
      reply(compat.respond);
      return;
    }
    let response = await forwardOrError(call, req, compat?.body ?? pre?.body ?? body);
    try {
      response = emulation.compatResponse(call, response, compat?.ctx);
    } catch (err) {
      note("compat", call, err);
    }
    try {
      response = await emulation.post(call, { response }, pre?.ctx);
    } catch (err) {
      note("post", call, err);
    }
    const after = afterRelease ?? takeFault(record, "after");
    if (after && (await applyFault({ operation: record.operation, ...after }, record, req, res))) return;
    reply(response);
  };

  const control = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const path = new URL(req.url ?? "/", "http://x").pathname.replace(/\/+$/, "");
    const method = req.method ?? "GET";
    const input = body.length > 0 ? (JSON.parse(body.toString("utf8")) as Record<string, unknown>) : {};
    const route = `${method} ${path}`;
    switch (route) {
      case "GET /__proxy/health":
        return sendJson(res, 200, { ok: true, upstream: options.upstream });
      case "GET /__proxy/calls":
        return sendJson(res, 200, {
          calls: api.calls(),
          counts: api.countBy(),
          maxInFlight: api.maxInFlight(),
        });
      case "POST /__proxy/calls/reset":
        api.resetCounts();
        return sendJson(res, 200, { ok: true });
      case "POST /__proxy/latency":
        api.setLatency(Number(input["latencyMs"] ?? 0));
        return sendJson(res, 200, { ok: true });
      case "POST /__proxy/status": {
        const opts: { region?: string; failureReason?: string } = {};
        if (typeof input["region"] === "string") opts.region = input["region"];
        if (typeof input["failureReason"] === "string") opts.failureReason = input["failureReason"];
        api.setEndpointStatus(
          String(input["endpointName"]),
          (input["status"] as string | null) ?? null,
          opts,
        );
        return sendJson(res, 200, { ok: true });
      }
      case "POST /__proxy/inference-component": {
        const { name, region, ...state } = input as { name?: unknown; region?: unknown };
        const changed = api.setInferenceComponentState(
          String(name),
          state as InferenceComponentState,
          typeof region === "string" ? { region } : {},
        );
        return sendJson(res, 200, { changed });
      }
      case "POST /__proxy/activity":
        return sendJson(res, 200, api.addScalingActivity(input as unknown as ScalingActivityInput));
      case "DELETE /__proxy/activity":
        api.clearScalingActivities();
        return sendJson(res, 200, { ok: true });
      case "POST /__proxy/quotas":
        api.setServiceQuotas(
          (input["quotas"] as SeededQuota[] | undefined) ?? [],
          typeof input["region"] === "string" ? input["region"] : undefined,
        );
        return sendJson(res, 200, { ok: true });
      case "DELETE /__proxy/quotas":
        api.setServiceQuotas([]);
        return sendJson(res, 200, { ok: true });
      case "POST /__proxy/fault": {
        const rule = { ...input } as unknown as FaultRule;
        if (rule.times === -1 || rule.times === null) rule.times = Number.POSITIVE_INFINITY;
        return sendJson(res, 200, { id: api.inject(rule) });
      }
      case "GET /__proxy/fault":
        return sendJson(
          res,
          200,
          api.faults().map((f) => ({ ...f, remaining: Number.isFinite(f.remaining) ? f.remaining : -1 })),
        );
      case "DELETE /__proxy/fault":
        api.clearFaults();
        return sendJson(res, 200, { ok: true });
      case "GET /__proxy/alarms":
        return sendJson(res, 200, api.emulatedAlarms());
      case "GET /__proxy/errors":
        return sendJson(res, 200, api.emulationErrors());
      case "POST /__proxy/reset":
        api.resetState();
        return sendJson(res, 200, { ok: true });
      default:
        return sendJson(res, 404, { error: `unknown control route ${route}` });
    }
  };

  const server = createServer((req, res) => {
    void (async () => {
      try {
        const body = await readBody(req);
        const path = req.url ?? "/";
        if (path.startsWith("/__proxy/")) {
          await control(req, res, body);
          return;
        }
        if (path === INTERNAL || path.startsWith(`${INTERNAL}/`) || path.startsWith(`${INTERNAL}?`)) {
          await handleInternal(req, res, body);
          return;
        }
        let call: CallInfo | undefined;
        try {
          call = identifyCall(req.method ?? "GET", path, req.headers, body);
        } catch {
          call = undefined;
        }
        if (call) {
          await handleAws(call, body, req, res);
          return;
        }
        send(res, await forward(upstream, req, body));
      } catch (err) {
        try {
          if (!res.headersSent && !res.destroyed) {
            send(res, {
              status: 502,
              headers: { "content-type": "text/plain" },
              body: Buffer.from(`sm-autoscale test proxy error: ${String(err)}`, "utf8"),
            });
          } else {
            res.destroy();
          }
        } catch {
          // nothing left to do
        }
      }
    })();
  });
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  server.on("clientError", (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  emulation = new AwsEmulation(`http://127.0.0.1:${port}${INTERNAL}`, options.emulate);

  const api: EmulatorProxy = {
    url: `http://127.0.0.1:${port}`,
    port,
    upstream: options.upstream,
    async stop() {
      emulation.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    calls: () => records.map((r) => ({ ...r })),
    countBy() {
      const out: Record<string, number> = {};
      for (const r of records) {
        const k = `${r.service}.${r.operation}`;
        out[k] = (out[k] ?? 0) + 1;
      }
      return out;
    },
    count: (operation) => records.filter((r) => operationMatches(operation, r)).length,
    maxInFlight: () => peak,
    resetCounts() {
      records = [];
      peak = inFlight;
    },
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    inject(rule) {
      const id = randomUUID();
      const { when, ...rest } = rule;
      // A hold holds every matching call until released: the SDK's retry of a held call that timed out is
      // held too, instead of slipping past while the test does what the hold is for.
      const times =
        rule.times === undefined
          ? rule.hold
            ? Number.POSITIVE_INFINITY
            : 1
          : rule.times < 0
            ? Number.POSITIVE_INFINITY
            : rule.times;
      const entry: ActiveFault & { when?: FaultRule["when"]; gate?: Gate } = {
        id,
        rule: when ? { ...rest, when: "function" } : rest,
        remaining: times,
        hits: 0,
      };
      if (when) entry.when = when;
      if (rule.hold) {
        let opened = () => {};
        const open = new Promise<void>((resolve) => {
          opened = resolve;
        });
        entry.gate = { held: 0, open, opened };
      }
      faults.push(entry);
      return id;
    },
    faults: () =>
      faults.map(({ when: _w, gate, ...f }) => ({
        ...f,
        rule: { ...f.rule },
        ...(gate ? { held: gate.held } : {}),
      })),
    held: (id) => faults.find((f) => f.id === id)?.gate?.held ?? 0,
    release(id, as) {
      const entry = faults.find((f) => f.id === id);
      if (!entry?.gate) throw new Error(`no hold rule ${id}`);
      entry.gate.release = as ?? "proceed";
      entry.remaining = 0;
      entry.gate.opened();
    },
    clearFaults() {
      // Nothing stays held once the rules are gone.
      for (const f of faults) f.gate?.opened();
      faults = [];
    },
    setEndpointStatus(endpointName, status, opts = {}) {
      emulation.setEndpointStatus(endpointName, status, opts.region, opts.failureReason);
    },
    setInferenceComponentState: (name, state, opts = {}) =>
      emulation.setInferenceComponentState(name, state, opts.region),
    addScalingActivity: (a) => emulation.addScalingActivity(a),
    clearScalingActivities: () => emulation.clearScalingActivities(),
    setServiceQuotas: (quotas, region) => emulation.setServiceQuotas(quotas, region),
    emulatedAlarms: () => emulation.emulatedAlarms(),
    emulationErrors: () => [...emulation.errors],
    resetState() {
      records = [];
      peak = inFlight;
      for (const f of faults) f.gate?.opened();
      faults = [];
      latencyMs = initialLatency;
      emulation.reset();
      emulation.errors.length = 0;
    },
  };
  return api;
}

// ---------------------------------------------------------------------------------------------- remote control

export interface RemoteProxy {
  url: string;
  calls(): Promise<CallRecord[]>;
  countBy(): Promise<Record<string, number>>;
  maxInFlight(): Promise<number>;
  resetCounts(): Promise<void>;
  setLatency(ms: number): Promise<void>;
  inject(rule: Omit<FaultRule, "when">): Promise<string>;
  faults(): Promise<ActiveFault[]>;
  clearFaults(): Promise<void>;
  setEndpointStatus(
    endpointName: string,
    status: EndpointStatus | string | null,
    opts?: { region?: string; failureReason?: string },
  ): Promise<void>;
  setInferenceComponentState(
    name: string,
    state: InferenceComponentState,
    opts?: { region?: string },
  ): Promise<number>;
  addScalingActivity(activity: ScalingActivityInput): Promise<ScalingActivity>;
  clearScalingActivities(): Promise<void>;
  setServiceQuotas(quotas: SeededQuota[], region?: string): Promise<void>;
  emulatedAlarms(): Promise<EmulatedPolicyAlarms[]>;
  emulationErrors(): Promise<string[]>;
  resetState(): Promise<void>;
}

/** Drive a proxy running in another process (or this one) through its control API. */
export function connectProxy(url: string): RemoteProxy {
  const base = url.replace(/\/+$/, "");
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { "content-type": "application/json" };
    }
    const res = await fetch(`${base}/__proxy/${path}`, init);
    const text = await res.text();
    if (!res.ok) throw new Error(`proxy control ${method} ${path} failed: HTTP ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const snapshot = () =>
    call<{ calls: CallRecord[]; counts: Record<string, number>; maxInFlight: number }>("GET", "calls");
  return {
    url: base,
    calls: async () => (await snapshot()).calls,
    countBy: async () => (await snapshot()).counts,
    maxInFlight: async () => (await snapshot()).maxInFlight,
    resetCounts: async () => void (await call("POST", "calls/reset")),
    setLatency: async (ms) => void (await call("POST", "latency", { latencyMs: ms })),
    inject: async (rule) => {
      const times = rule.times !== undefined && !Number.isFinite(rule.times) ? -1 : rule.times;
      return (await call<{ id: string }>("POST", "fault", { ...rule, times })).id;
    },
    faults: () => call<ActiveFault[]>("GET", "fault"),
    clearFaults: async () => void (await call("DELETE", "fault")),
    setEndpointStatus: async (endpointName, status, opts = {}) =>
      void (await call("POST", "status", { endpointName, status, ...opts })),
    setInferenceComponentState: async (name, state, opts = {}) =>
      (await call<{ changed: number }>("POST", "inference-component", { name, ...state, ...opts })).changed,
    addScalingActivity: (activity) => call<ScalingActivity>("POST", "activity", activity),
    clearScalingActivities: async () => void (await call("DELETE", "activity")),
    setServiceQuotas: async (quotas, region) =>
      void (await call("POST", "quotas", region === undefined ? { quotas } : { quotas, region })),
    emulatedAlarms: () => call<EmulatedPolicyAlarms[]>("GET", "alarms"),
    emulationErrors: () => call<string[]>("GET", "errors"),
    resetState: async () => void (await call("POST", "reset")),
  };
}
