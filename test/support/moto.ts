// Starts a private moto_server (moto 5, "server mode") on a free loopback port.
//
// Lifetime: moto runs in its own process group (so Ctrl-C in a terminal reaches the CLI under test, not moto) and
// is killed with that group by `stop()`, by a synchronous `exit` handler, and - if this process dies without running
// handlers (SIGKILL, crash) - by the kernel, through PR_SET_PDEATHSIG set in a tiny python3 exec wrapper.

import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

export interface Moto {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  /** Kill moto (the whole process group) and wait for it to exit. Idempotent. */
  stop(): Promise<void>;
  /** Forget every resource in every region and account (`POST /moto-api/reset`). */
  reset(): Promise<void>;
}

export interface StartMotoOptions {
  /** Give up after this long (default 30 s). */
  timeoutMs?: number;
  /** Pipe moto's request log to this process's stderr (default false; the last lines are kept for errors). */
  verbose?: boolean;
}

const HOST = "127.0.0.1";

// Execs moto_server with PR_SET_PDEATHSIG=SIGKILL, so moto dies with the process that spawned it even when that
// process is SIGKILLed. The ppid check closes the race where the parent died before prctl ran.
const PDEATHSIG_WRAPPER = [
  "import ctypes, os, signal, sys",
  "try:",
  "    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)",
  "except Exception:",
  "    pass",
  "if os.getppid() != int(sys.argv[1]):",
  "    sys.exit(1)",
  "os.execvp(sys.argv[2], sys.argv[2:])",
].join("\n");

/** A port that was free a moment ago (listen on port 0, read it, close). */
export async function freePort(): Promise<number> {
  return await new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once("error", reject);
    srv.listen(0, HOST, () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr !== null ? addr.port : 0;
      srv.close(() => (port > 0 ? resolve(port) : reject(new Error("could not allocate a free port"))));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/moto-api/`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

function spawnMoto(port: number, useWrapper: boolean): ChildProcess {
  const motoArgs = ["-H", HOST, "-p", String(port)];
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONUNBUFFERED: "1" };
  for (const k of Object.keys(env)) if (k.startsWith("AWS_")) delete env[k];
  const [cmd, args] = useWrapper
    ? ["python3", ["-c", PDEATHSIG_WRAPPER, String(process.pid), "moto_server", ...motoArgs]]
    : ["moto_server", motoArgs];
  return spawn(cmd, args, { detached: true, stdio: ["ignore", "pipe", "pipe"], env });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

interface Attempt {
  child: ChildProcess;
  exited: Promise<number | null>;
  log: () => string;
}

function attempt(port: number, verbose: boolean, useWrapper: boolean): Attempt {
  const child = spawnMoto(port, useWrapper);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    if (verbose) process.stderr.write(chunk);
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.once("error", (err) => {
      lines.push(String(err));
      resolve((err as NodeJS.ErrnoException).code === "ENOENT" ? -2 : -1);
    });
  });
  return { child, exited, log: () => lines.join("\n") };
}

export async function startMoto(options: StartMotoOptions = {}): Promise<Moto> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  let useWrapper = process.platform === "linux";
  let lastLog = "";

  for (let tries = 0; tries < 4 && Date.now() < deadline; tries++) {
    const port = await freePort();
    const url = `http://${HOST}:${port}`;
    const a = attempt(port, options.verbose ?? false, useWrapper);
    let exitCode: number | null | undefined;
    void a.exited.then((c) => {
      exitCode = c;
    });

    while (exitCode === undefined && Date.now() < deadline) {
      if (await answers(url)) break;
      await sleep(100);
    }

    if (exitCode === undefined && Date.now() < deadline) {
      const child = a.child;
      const onExit = () => killGroup(child, "SIGKILL");
      process.once("exit", onExit);
      let stopped: Promise<void> | undefined;
      return {
        url,
        port,
        stop() {
          stopped ??= (async () => {
            process.removeListener("exit", onExit);
            if (exitCode !== undefined) return;
            killGroup(child, "SIGTERM");
            const timer = setTimeout(() => killGroup(child, "SIGKILL"), 3000);
            await a.exited;
            clearTimeout(timer);
            // The wrapper execs, so the group is moto itself; make sure nothing of it lingers.
            killGroup(child, "SIGKILL");
          })();
          return stopped;
        },
        async reset() {
          const res = await fetch(`${url}/moto-api/reset`, { method: "POST" });
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`moto reset failed: HTTP ${res.status}`);
        },
      };
    }

    lastLog = a.log();
    killGroup(a.child, "SIGKILL");
    await a.exited;
    if (exitCode === -2 && useWrapper) {
      // python3 is missing: run moto_server directly (it then relies on the exit handler only).
      useWrapper = false;
      continue;
    }
    if (exitCode === -2) {
      throw new Error(
        'moto_server was not found on PATH. Install it with `pip install "moto[server]"` (moto 5 is expected).',
      );
    }
    if (exitCode === undefined) break; // timed out
    if (!/address already in use|port .* in use/i.test(lastLog)) {
      throw new Error(
        `moto_server exited with code ${exitCode} before it answered on ${url}.\n--- moto_server output ---\n${lastLog}`,
      );
    }
    // Someone grabbed the port between our probe and moto's bind: try another one.
  }
  throw new Error(
    `moto_server did not answer on 127.0.0.1 within ${Math.round(timeoutMs / 1000)} s ` +
      `(is moto installed and \`moto_server -H 127.0.0.1 -p PORT\` runnable?).\n--- moto_server output ---\n${lastLog}`,
  );
}
