// The botocore service models that ship with the installed aws CLI v1 (botocore/data/<service>/<version>/
// service-2.json.gz), read at run time, so the emulator checks inputs and shapes outputs exactly as the model the
// aws CLI (and, generated from the same Smithy models, the JS SDK v3) uses:
//
//   validateInput(service, operation, params)  the problems AWS's request validation reports for `params`:
//                                              required members, string length and pattern, numeric range, list and
//                                              map size, enum membership (ValidationException), and a JSON value of
//                                              the wrong type (SerializationException).
//   toWire(service, shape, value)              a value of the emulator's own (Dates for timestamps) as the awsJson
//                                              wire form of `shape`; throws ModelError when it breaks the model
//                                              (unmodelled member, missing required member, wrong type, bad enum):
//                                              an emulator bug, never an answer.
//   outputProblems(service, operation, wire)   what in a wire reply breaks the operation's output shape (tests).
//   conform(service, shape, wire)              a reply from moto trimmed to the shape: unmodelled members dropped,
//                                              structures that miss a required member dropped (moto's
//                                              `DataCaptureConfig: {}`), so clients parse what AWS could send.
//
// Message format: AWS's request validation ("1 validation error detected: Value '0' at 'maxResults' failed to
// satisfy constraint: Member must have value greater than or equal to 1"), as seen in SageMaker and Application
// Auto Scaling ValidationException messages (and copied by moto, e.g. moto/sagemaker/models.py). Member paths are
// the member names with a lower-case first letter, list elements `<list>.<n>.member` (1-based).
// UNCONFIRMED: that AWS ignores members the model does not know (the emulator ignores them in inputs), and the
// SerializationException wording for a value of the wrong JSON type.
//
// Where the models are: $SM_AUTOSCALE_BOTOCORE_DATA (the botocore/data directory), else the botocore that
// `python3` imports (the aws CLI v1 on this machine kind is a pip install in the same interpreter).

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

export interface ShapeRef {
  shape: string;
  timestampFormat?: string;
}

export interface Shape {
  type: string;
  members?: Record<string, ShapeRef>;
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  required?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  union?: boolean;
  timestampFormat?: string;
}

export interface ServiceModel {
  metadata: Record<string, unknown>;
  operations: Record<string, { input?: ShapeRef; output?: ShapeRef; errors?: ShapeRef[] }>;
  shapes: Record<string, Shape>;
}

/** The friendly service names of aws-protocol.ts -> botocore/data/<dir>. */
const SERVICE_DIRS: Record<string, string> = {
  SageMaker: "sagemaker/2017-07-24",
  ApplicationAutoScaling: "application-autoscaling/2016-02-06",
  CloudWatch: "cloudwatch/2010-08-01",
  ServiceQuotas: "service-quotas/2019-06-24",
};

export class ModelError extends Error {
  override name = "ModelError";
}

let dataDir: string | undefined;
const models = new Map<string, ServiceModel>();

/** The botocore/data directory of the installed aws CLI v1. */
export function botocoreDataDir(): string {
  if (dataDir !== undefined) return dataDir;
  const fromEnv = process.env["SM_AUTOSCALE_BOTOCORE_DATA"];
  if (fromEnv) {
    dataDir = fromEnv;
    return dataDir;
  }
  let dir: string;
  try {
    dir = execFileSync(
      "python3",
      ["-c", "import botocore, os; print(os.path.join(os.path.dirname(botocore.__file__), 'data'))"],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 20_000 },
    ).trim();
  } catch (err) {
    throw new Error(
      `The emulator reads the botocore service models of the aws CLI v1, but python3 could not import botocore ` +
        `(${err instanceof Error ? err.message.split("\n")[0] : String(err)}). Install the aws CLI v1 ` +
        "(`pip install awscli`) or set SM_AUTOSCALE_BOTOCORE_DATA to a botocore/data directory.",
    );
  }
  dataDir = dir;
  return dataDir;
}

/** One service's model (cached for the process). */
export function loadModel(service: string): ServiceModel {
  const cached = models.get(service);
  if (cached) return cached;
  const sub = SERVICE_DIRS[service];
  if (!sub) throw new Error(`no botocore model known for service ${service}`);
  const base = join(botocoreDataDir(), sub);
  const gz = join(base, "service-2.json.gz");
  const text = existsSync(gz)
    ? gunzipSync(readFileSync(gz)).toString("utf8")
    : readFileSync(join(base, "service-2.json"), "utf8");
  const model = JSON.parse(text) as ServiceModel;
  models.set(service, model);
  return model;
}

export function hasModel(service: string): boolean {
  return service in SERVICE_DIRS;
}

/** The input or output shape name of an operation. */
export function operationShape(service: string, operation: string, which: "input" | "output") {
  const op = loadModel(service).operations[operation];
  if (!op) throw new Error(`${service} has no operation ${operation} in its model`);
  return op[which]?.shape;
}

// ------------------------------------------------------------------------------------------------ patterns

const compiled = new Map<string, RegExp | null>();

/**
 * A model pattern as a JS RegExp matching the whole value (the models' patterns are Java regular expressions
 * matched against the whole string). Java's POSIX classes become their ASCII sets, except \p{Print} (Application
 * Auto Scaling's PolicyName), which here means "no control character": Java's own \p{Print} is US-ASCII only, but
 * whether AWS compiles its patterns with Unicode classes is UNCONFIRMED, so the emulator does not refuse non-ASCII
 * names that AWS may accept. A pattern JS cannot compile is not checked (null).
 */
export function modelPattern(pattern: string): RegExp | null {
  if (compiled.has(pattern)) return compiled.get(pattern) ?? null;
  const posix: Record<string, string> = {
    Print: "\\P{Cc}",
    Graph: "\\x21-\\x7E",
    Alnum: "a-zA-Z0-9",
    Alpha: "a-zA-Z",
    Digit: "0-9",
    Upper: "A-Z",
    Lower: "a-z",
    Punct: "!-\\/:-@\\[-`{-~",
    Space: " \\t\\n\\x0B\\f\\r",
    ASCII: "\\x00-\\x7F",
  };
  // \p{Print} alone -> [\x20-\x7E]; inside a class [...\p{Print}...] -> its range.
  let source = pattern.replace(/\[([^\]]*)\]/g, (whole, inner: string) =>
    inner.includes("\\p{") && Object.keys(posix).some((k) => inner.includes(`\\p{${k}}`))
      ? `[${inner.replace(/\\p\{(\w+)\}/g, (m, name: string) => posix[name] ?? m)}]`
      : whole,
  );
  source = source.replace(/\\p\{(\w+)\}/g, (m, name: string) => (posix[name] ? `[${posix[name]}]` : m));
  let re: RegExp | null;
  try {
    re = new RegExp(`^(?:${source})$`, "u");
  } catch {
    try {
      re = new RegExp(`^(?:${source})$`);
    } catch {
      re = null;
    }
  }
  compiled.set(pattern, re);
  return re;
}

// ------------------------------------------------------------------------------------------------ checking

interface Problem {
  kind: "validation" | "serialization" | "model";
  text: string;
}

const lowerFirst = (s: string) => (s ? s[0]?.toLowerCase() + s.slice(1) : s);
const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date);

function shown(v: unknown): string {
  if (typeof v === "string") return v;
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v) ?? String(v);
}

function constraint(path: string, value: unknown, text: string): Problem {
  return {
    kind: "validation",
    text: `Value ${value === null ? "null" : `'${shown(value)}'`} at '${path}' failed to satisfy constraint: ${text}`,
  };
}

/**
 * Walk `value` against `shapeName`. mode "input": unknown members are ignored, values arrive in their wire form.
 * mode "output": the emulator's own value: unknown members and missing required members are model errors.
 */
function check(
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  path: string,
  problems: Problem[],
  mode: "input" | "output",
): void {
  const shape = model.shapes[shapeName];
  if (!shape) {
    problems.push({ kind: "model", text: `unknown shape ${shapeName}` });
    return;
  }
  const wrongType = (expected: string): void => {
    problems.push({
      kind: mode === "input" ? "serialization" : "model",
      text: `${path || shapeName}: expected ${expected} (${shapeName}), got ${Array.isArray(value) ? "array" : typeof value} ${shown(value).slice(0, 60)}`,
    });
  };
  switch (shape.type) {
    case "structure": {
      if (!isRecord(value)) {
        wrongType("an object");
        return;
      }
      const members = shape.members ?? {};
      for (const req of shape.required ?? []) {
        if (value[req] === undefined || value[req] === null) {
          if (mode === "input") problems.push(constraint(join2(path, req), null, "Member must not be null"));
          else
            problems.push({
              kind: "model",
              text: `${join2(path, req)}: required member missing (${shapeName})`,
            });
        }
      }
      let set = 0;
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined || v === null) continue;
        const ref = members[k];
        if (!ref) {
          if (mode === "output")
            problems.push({ kind: "model", text: `${join2(path, k)}: not a member of ${shapeName}` });
          continue;
        }
        set += 1;
        check(model, ref.shape, v, join2(path, k), problems, mode);
      }
      if (shape.union && set > 1) {
        problems.push({ kind: "validation", text: `Only one member of '${path || shapeName}' may be set` });
      }
      return;
    }
    case "list": {
      if (!Array.isArray(value)) {
        wrongType("an array");
        return;
      }
      sizeChecks(shape, value.length, value, path, problems, "length");
      value.forEach((item, i) => {
        if (shape.member) check(model, shape.member.shape, item, `${path}.${i + 1}.member`, problems, mode);
      });
      return;
    }
    case "map": {
      if (!isRecord(value)) {
        wrongType("an object");
        return;
      }
      const entries = Object.entries(value);
      sizeChecks(shape, entries.length, value, path, problems, "length");
      for (const [k, v] of entries) {
        if (shape.key) check(model, shape.key.shape, k, `${path}.${k}.key`, problems, mode);
        if (shape.value) check(model, shape.value.shape, v, `${path}.${k}.value`, problems, mode);
      }
      return;
    }
    case "string": {
      if (typeof value !== "string") {
        wrongType("a string");
        return;
      }
      if (shape.enum && !shape.enum.includes(value)) {
        problems.push(
          constraint(path, value, `Member must satisfy enum value set: [${shape.enum.join(", ")}]`),
        );
        return;
      }
      sizeChecks(shape, [...value].length, value, path, problems, "length");
      if (shape.pattern) {
        const re = modelPattern(shape.pattern);
        if (re && !re.test(value)) {
          problems.push(
            constraint(path, value, `Member must satisfy regular expression pattern: ${shape.pattern}`),
          );
        }
      }
      return;
    }
    case "integer":
    case "long": {
      if (typeof value !== "number" || !Number.isInteger(value)) {
        wrongType("an integer");
        return;
      }
      sizeChecks(shape, value, value, path, problems, "value");
      return;
    }
    case "float":
    case "double": {
      if (typeof value !== "number" || !Number.isFinite(value)) {
        wrongType("a number");
        return;
      }
      sizeChecks(shape, value, value, path, problems, "value");
      return;
    }
    case "boolean":
      if (typeof value !== "boolean") wrongType("a boolean");
      return;
    case "timestamp": {
      const ok =
        value instanceof Date
          ? !Number.isNaN(value.getTime())
          : typeof value === "number"
            ? Number.isFinite(value)
            : typeof value === "string" && !Number.isNaN(Date.parse(value));
      if (!ok) wrongType("a timestamp");
      return;
    }
    case "blob":
      if (typeof value !== "string") wrongType("a base64 string");
      return;
    default:
      return;
  }
}

function join2(path: string, member: string): string {
  return path ? `${path}.${lowerFirst(member)}` : lowerFirst(member);
}

function sizeChecks(
  shape: Shape,
  n: number,
  value: unknown,
  path: string,
  problems: Problem[],
  what: "length" | "value",
): void {
  if (shape.min !== undefined && n < shape.min) {
    problems.push(constraint(path, value, `Member must have ${what} greater than or equal to ${shape.min}`));
  } else if (shape.max !== undefined && n > shape.max) {
    problems.push(constraint(path, value, `Member must have ${what} less than or equal to ${shape.max}`));
  }
}

export interface InputProblem {
  code: "ValidationException" | "SerializationException";
  message: string;
}

/** What AWS's request validation would say about `params` for `operation`; undefined when they pass. */
export function validateInput(
  service: string,
  operation: string,
  params: Record<string, unknown> | undefined,
): InputProblem | undefined {
  const model = loadModel(service);
  const shapeName = model.operations[operation]?.input?.shape;
  if (!shapeName) return undefined;
  const problems: Problem[] = [];
  check(model, shapeName, params ?? {}, "", problems, "input");
  const serialization = problems.find((p) => p.kind === "serialization");
  if (serialization) return { code: "SerializationException", message: serialization.text };
  const validation = problems.filter((p) => p.kind === "validation");
  if (validation.length === 0) return undefined;
  const n = validation.length;
  return {
    code: "ValidationException",
    message: `${n} validation error${n === 1 ? "" : "s"} detected: ${validation.map((p) => p.text).join("; ")}`,
  };
}

/** Every way the wire value breaks `shapeName` (an output walk: strict). */
export function shapeProblems(service: string, shapeName: string, value: unknown): string[] {
  const problems: Problem[] = [];
  check(loadModel(service), shapeName, value, "", problems, "output");
  return problems.map((p) => p.text);
}

/** Every way a wire reply breaks the operation's output shape. */
export function outputProblems(service: string, operation: string, wire: unknown): string[] {
  const shapeName = operationShape(service, operation, "output");
  if (!shapeName) return [];
  return shapeProblems(service, shapeName, wire);
}

// ------------------------------------------------------------------------------------------------ output

function epochSeconds(v: unknown): number {
  const ms = v instanceof Date ? v.getTime() : typeof v === "number" ? v * 1000 : Date.parse(String(v));
  return Math.round(ms) / 1000;
}

function wireValue(model: ServiceModel, shapeName: string, value: unknown): unknown {
  const shape = model.shapes[shapeName];
  if (!shape || value === undefined || value === null) return value;
  switch (shape.type) {
    case "structure": {
      if (!isRecord(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const ref = shape.members?.[k];
        if (v === undefined || v === null) continue;
        out[k] = ref ? wireValue(model, ref.shape, v) : v;
      }
      return out;
    }
    case "list":
      return Array.isArray(value) && shape.member
        ? value.map((x) => wireValue(model, shape.member?.shape ?? "", x))
        : value;
    case "map": {
      if (!isRecord(value) || !shape.value) return value;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = wireValue(model, shape.value.shape, v);
      return out;
    }
    case "timestamp":
      // awsJson: epoch seconds (botocore and the SDK v3 also accept ISO strings; numbers are what AWS sends).
      return epochSeconds(value);
    default:
      return value;
  }
}

/** The emulator's value as the wire form of `shapeName`; throws ModelError when it breaks the model. */
export function toWire(service: string, shapeName: string, value: unknown): unknown {
  const model = loadModel(service);
  const wire = wireValue(model, shapeName, value);
  const problems = shapeProblems(service, shapeName, wire);
  if (problems.length > 0) {
    throw new ModelError(
      `emulated ${service} ${shapeName} breaks the model: ${problems.slice(0, 5).join("; ")}`,
    );
  }
  return wire;
}

/** The output of an operation in wire form (see toWire). */
export function outputToWire(service: string, operation: string, value: unknown): unknown {
  const shapeName = operationShape(service, operation, "output");
  if (!shapeName) return {};
  return toWire(service, shapeName, value);
}

/**
 * A wire value trimmed to `shapeName`: members the shape does not have are dropped, and so are structures that
 * miss a required member (a client would otherwise meet a shape AWS never sends).
 */
export function conform(service: string, shapeName: string, value: unknown): unknown {
  const model = loadModel(service);
  const walk = (name: string, v: unknown, top = false): unknown => {
    const shape = model.shapes[name];
    if (!shape || v === undefined || v === null) return v;
    if (shape.type === "structure") {
      if (!isRecord(v)) return undefined;
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const ref = shape.members?.[k];
        if (!ref) continue;
        const c = walk(ref.shape, x);
        if (c !== undefined && c !== null) out[k] = c;
      }
      if (!top && (shape.required ?? []).some((r) => out[r] === undefined)) return undefined;
      return out;
    }
    if (shape.type === "list") {
      if (!Array.isArray(v)) return undefined;
      return v.map((x) => walk(shape.member?.shape ?? "", x)).filter((x) => x !== undefined);
    }
    return v;
  };
  return walk(shapeName, value, true);
}
