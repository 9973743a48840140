// Run the built CLI (bin/sm-autoscale.js -> dist/cli.cjs; `npm run build` first) and the aws CLI v1 as child
// processes against the emulator, with an isolated environment: a clean PATH-only base, a temporary empty HOME, dummy
// credentials, no AWS_* variable from the parent, stdin not a TTY. When no endpoint is given, AWS_ENDPOINT_URL
// points at a closed local port, so a forgotten endpoint fails fast instead of reaching real AWS.

import { spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cleanBaseEnv, DEFAULT_REGION, emulatorEnv } from "./env.js";

/** The repository root (two levels above test/support). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const CLI_BIN = join(REPO_ROOT, "bin", "sm-autoscale.js");
/** Nothing listens on the discard port: requests fail with ECONNREFUSED at once. */
const NOWHERE = "http://127.0.0.1:9";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
  /** Set when the process was killed by a signal. */
  signal?: NodeJS.Signals;
}

export interface RunCliOptions {
  /** Merged last, over the clean base and the emulator variables. */
  env?: Record<string, string>;
  /** Written to stdin, which is then closed (stdin is always a pipe, never a TTY). */
  input?: string;
  /** Default 30 s; the child is then SIGKILLed and runCli rejects with its output so far. */
  timeoutMs?: number;
  /** Shorthand for env: emulatorEnv(endpoint, region). */
  endpoint?: string;
  region?: string;
  /** Default the repository root. */
  cwd?: string;
}

function run(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  opts: { input?: string; timeoutMs?: number; cwd?: string; label: string },
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { env, cwd: opts.cwd ?? REPO_ROOT, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.stdin.on("error", () => {
      // the child may exit without reading its input
    });
    child.stdin.end(opts.input ?? "");
    const timeoutMs = opts.timeoutMs ?? 30_000;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      const result: RunResult = {
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        ms: Math.round(performance.now() - started),
      };
      if (signal) result.signal = signal;
      if (timedOut) {
        reject(
          new Error(
            `${opts.label} timed out after ${timeoutMs} ms\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`,
          ),
        );
      } else {
        resolvePromise(result);
      }
    });
  });
}

function childEnv(
  endpoint: string | undefined,
  region: string | undefined,
  extra: Record<string, string> = {},
) {
  return {
    ...cleanBaseEnv(),
    ...emulatorEnv(endpoint ?? NOWHERE, region ?? DEFAULT_REGION),
    ...extra,
  };
}

/** A CLI run in progress: its output so far, a way to signal it, and its result. */
export interface RunningCli {
  pid: number | undefined;
  stdout(): string;
  stderr(): string;
  kill(signal: NodeJS.Signals): void;
  /** Resolves when the process has exited (never rejects on a non-zero code). */
  result: Promise<RunResult>;
}

/** Starts `node bin/sm-autoscale.js ...args` without waiting for it; stdin is an empty pipe. */
export function startCli(args: string[], opts: RunCliOptions = {}): RunningCli {
  const env = childEnv(opts.endpoint, opts.region, opts.env);
  const started = performance.now();
  const child = spawn(process.execPath, [CLI_BIN, ...args], {
    env,
    cwd: opts.cwd ?? REPO_ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => {
    out += c.toString("utf8");
  });
  child.stderr.on("data", (c: Buffer) => {
    err += c.toString("utf8");
  });
  child.stdin.on("error", () => {});
  child.stdin.end(opts.input ?? "");
  const result = new Promise<RunResult>((resolvePromise, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => {
      const r: RunResult = {
        code: code ?? (signal ? 128 : 1),
        stdout: out,
        stderr: err,
        ms: Math.round(performance.now() - started),
      };
      if (signal) r.signal = signal;
      resolvePromise(r);
    });
  });
  return {
    pid: child.pid,
    stdout: () => out,
    stderr: () => err,
    kill: (signal) => child.kill(signal),
    result,
  };
}

/**
 * Waits until `condition()` holds, checking every 20 ms. The deadline is only there to name what never
 * happened (`what`, and `context()` such as the output so far) before the test's own timeout would.
 */
export async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  context: () => string = () => "",
  timeoutMs = 45_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${context()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `node bin/sm-autoscale.js ...args`. */
export function runCli(args: string[], opts: RunCliOptions = {}): Promise<RunResult> {
  const env = childEnv(opts.endpoint, opts.region, opts.env);
  const runOpts: { input?: string; timeoutMs?: number; cwd?: string; label: string } = {
    label: `sm-autoscale ${args.join(" ")}`,
  };
  if (opts.input !== undefined) runOpts.input = opts.input;
  if (opts.timeoutMs !== undefined) runOpts.timeoutMs = opts.timeoutMs;
  if (opts.cwd !== undefined) runOpts.cwd = opts.cwd;
  return run(process.execPath, [CLI_BIN, ...args], env, runOpts);
}

export interface RunAwsCliOptions {
  /** Default 120 s (each aws CLI v1 command costs about a second of Python start-up). */
  timeoutMs?: number;
  /** Run with `bash -e -o pipefail` (default true): stop at the first failing command. */
  errexit?: boolean;
}

/**
 * Run a bash script (e.g. the `aws ...` commands the CLI printed) with the aws CLI pointed at the emulator.
 * `env` must contain AWS_ENDPOINT_URL (use `emulatorEnv(url, region)`); AWS_REGION/AWS_DEFAULT_REGION, dummy
 * credentials, an empty config (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE), AWS_PAGER="" and JSON output are
 * filled in when missing.
 */
export function runAwsCli(
  script: string,
  env: Record<string, string>,
  opts: RunAwsCliOptions = {},
): Promise<RunResult> {
  const endpoint = env["AWS_ENDPOINT_URL"];
  if (!endpoint)
    throw new Error("runAwsCli: env.AWS_ENDPOINT_URL is required (never run the aws CLI against AWS)");
  const region = env["AWS_DEFAULT_REGION"] ?? env["AWS_REGION"] ?? DEFAULT_REGION;
  const full = {
    ...childEnv(endpoint, region),
    AWS_DEFAULT_OUTPUT: "json",
    ...env,
    AWS_PAGER: "",
  };
  const flags = opts.errexit === false ? [] : ["-e", "-o", "pipefail"];
  return run("bash", [...flags, "-c", script], full, {
    timeoutMs: opts.timeoutMs ?? 120_000,
    label: "aws CLI script",
  });
}
