// Drive a command in a real pseudo-terminal, without native modules: util-linux `script -qfec CMD /dev/null`
// allocates the pty, runs CMD on it (stdin, stdout and stderr are the pty slave, so `process.stdin.isTTY` and
// `process.stdout.isTTY` are both true), relays our writes to it and its output back to us, and exits with the
// command's exit code (-e). The size is set with `stty cols N rows M` before exec-ing the command.
//
// Like a person, wait for the prompt before typing: keys written before the program switches the terminal to raw
// mode are line-buffered and echoed by the tty driver, not delivered as keypresses.
//
// waitFor() consumes output: each call searches only the output after the end of the previous match, so waiting
// twice for the same prompt waits for it to appear twice.

import { type ChildProcess, spawn } from "node:child_process";
import { StringDecoder } from "node:string_decoder";
import { cleanBaseEnv } from "./env.js";

export const KEY = {
  enter: "\r",
  up: "\x1b[A",
  down: "\x1b[B",
  right: "\x1b[C",
  left: "\x1b[D",
  ctrlC: "\x03",
  ctrlD: "\x04",
  backspace: "\x7f",
  tab: "\t",
  space: " ",
  escape: "\x1b",
} as const;

export interface SpawnPtyOptions {
  /** The complete environment of the command (TERM defaults to xterm-256color). */
  env?: Record<string, string>;
  /** Default 100. */
  cols?: number;
  /** Default 30. */
  rows?: number;
  cwd?: string;
}

export interface PtyProcess {
  pid: number | undefined;
  /** Send keys (see KEY) or text to the terminal. */
  write(keys: string): void;
  /** Resolve with the output from the previous match up to and including this one; reject on timeout or exit. */
  waitFor(pattern: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Everything printed so far, ANSI-stripped, CRLF -> LF. */
  output(): string;
  /** Everything printed so far, as received. */
  rawOutput(): string;
  /** The command's exit code (128+n if killed by signal n, -1 if unknown). */
  exit: Promise<number>;
  kill(signal?: NodeJS.Signals): void;
}

// CSI, OSC, and two-character escape sequences.
const ANSI =
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\|\x1b[@-Z\\-_]|\x1b[()][0-9A-Za-z]/g;

export function stripAnsi(s: string): string {
  return s.replace(ANSI, "").replace(/\r+\n/g, "\n").replace(/\r/g, "\n");
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function spawnPty(cmd: string, args: string[] = [], opts: SpawnPtyOptions = {}): PtyProcess {
  const cols = opts.cols ?? 100;
  const rows = opts.rows ?? 30;
  const command = `stty cols ${cols} rows ${rows} 2>/dev/null; exec ${[cmd, ...args].map(shellQuote).join(" ")}`;
  // Never the test runner's own environment: a user's AWS_PROFILE, credentials or NO_COLOR must not leak in.
  const env = { TERM: "xterm-256color", ...(opts.env ?? cleanBaseEnv()), SHELL: "/bin/sh" } as Record<
    string,
    string
  >;
  const child: ChildProcess = spawn("script", ["-qfec", command, "/dev/null"], {
    env,
    cwd: opts.cwd,
    stdio: ["pipe", "pipe", "pipe"],
    detached: true,
  });
  let raw = "";
  let cursor = 0;
  let exited = false;
  const listeners = new Set<() => void>();
  // A character of several bytes can be split between two chunks: a decoder per stream keeps the first part until
  // the rest arrives (Buffer.toString would turn each part into U+FFFD).
  const reader = () => {
    const decoder = new StringDecoder("utf8");
    return (c: Buffer) => {
      raw += decoder.write(c);
      for (const l of listeners) l();
    };
  };
  child.stdout?.on("data", reader());
  child.stderr?.on("data", reader());
  child.stdin?.on("error", () => {
    // the terminal went away
  });

  const exit = new Promise<number>((resolve) => {
    child.once("error", () => {
      exited = true;
      for (const l of listeners) l();
      resolve(-1);
    });
    child.once("close", (code, signal) => {
      exited = true;
      for (const l of listeners) l();
      if (code !== null) resolve(code);
      else if (signal) resolve(128 + (signalNumber(signal) ?? 0));
      else resolve(-1);
    });
  });
  const killTree = (signal: NodeJS.Signals) => {
    if (child.pid === undefined || exited) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      child.kill(signal);
    }
  };
  const onParentExit = () => killTree("SIGKILL");
  process.once("exit", onParentExit);
  void exit.then(() => process.removeListener("exit", onParentExit));

  return {
    pid: child.pid,
    write(keys) {
      if (!exited) child.stdin?.write(keys);
    },
    waitFor(pattern, timeoutMs = 45_000) {
      return new Promise<string>((resolve, reject) => {
        const check = (): boolean => {
          const text = stripAnsi(raw);
          const rest = text.slice(cursor);
          let end = -1;
          if (typeof pattern === "string") {
            const i = rest.indexOf(pattern);
            if (i >= 0) end = i + pattern.length;
          } else {
            const re = new RegExp(pattern.source, pattern.flags.replace("g", ""));
            const m = re.exec(rest);
            if (m) end = m.index + m[0].length;
          }
          if (end < 0) return false;
          cursor += end;
          resolve(rest.slice(0, end));
          return true;
        };
        if (check()) return;
        const fail = (why: string) =>
          new Error(`${why} waiting for ${String(pattern)}\n--- terminal output ---\n${stripAnsi(raw)}`);
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(fail(`timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        const listener = () => {
          if (check()) {
            clearTimeout(timer);
            listeners.delete(listener);
          } else if (exited) {
            clearTimeout(timer);
            listeners.delete(listener);
            reject(fail("the process exited"));
          }
        };
        listeners.add(listener);
      });
    },
    output: () => stripAnsi(raw),
    rawOutput: () => raw,
    exit,
    kill(signal = "SIGTERM") {
      killTree(signal);
      if (signal !== "SIGKILL") {
        const t = setTimeout(() => killTree("SIGKILL"), 2000);
        t.unref();
        void exit.then(() => clearTimeout(t));
      }
    },
  };
}

function signalNumber(signal: NodeJS.Signals): number | undefined {
  const map: Partial<Record<NodeJS.Signals, number>> = {
    SIGHUP: 1,
    SIGINT: 2,
    SIGQUIT: 3,
    SIGKILL: 9,
    SIGTERM: 15,
  };
  return map[signal];
}

/**
 * init's first two questions about a resource, answered with Enter: what drives scaling (the kind's default, or
 * the signal in place) and how (target tracking, or the policy type in place).
 */
export async function enterSignalAndPolicyType(pty: PtyProcess): Promise<void> {
  await pty.waitFor("What should drive scaling?");
  pty.write(KEY.enter);
  await pty.waitFor("How should it scale?");
  pty.write(KEY.enter);
}
