import type { Writable } from "node:stream";
import { Chalk, type ChalkInstance } from "chalk";
import { printable } from "./printable.js";

/**
 * Everything the user reads goes through here. Data (AWS CLI commands, tables, JSON) goes to stdout; prompts,
 * spinners, progress and logs go to stderr, so `sm-autoscale init --dry-run > plan.sh` is a runnable script.
 */
export interface Ui {
  readonly color: ChalkInstance;
  /** Whether stderr is a terminal that can show spinners (and colour is allowed). */
  readonly live: boolean;
  /** Whether stderr is a terminal at all: a person watches the progress, with or without colour. */
  readonly terminal: boolean;
  /** Whether stdout is a terminal, i.e. a person reads the data on the same screen as the messages. */
  readonly dataOnTerminal: boolean;
  data(text: string): void;
  info(text: string): void;
  note(text: string): void;
  success(text: string): void;
  warn(text: string): void;
  error(text: string): void;
  heading(text: string): void;
  spinner(text: string): Promise<Spinner>;
}

export interface Spinner {
  text: string;
  succeed(text?: string): void;
  fail(text?: string): void;
  warn(text?: string): void;
  info(text?: string): void;
  stop(): void;
}

export interface UiOptions {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  /** False with NO_COLOR, --no-color, or when stderr is not a terminal. */
  color: boolean;
}

export function createUi(options: UiOptions): Ui {
  const color = new Chalk({ level: options.color ? 1 : 0 });
  const live = options.color && Boolean(options.stderr.isTTY);
  // Everything on stderr is for a person's terminal: names from AWS in it are made printable (ui/printable.ts).
  const err = (line: string) => options.stderr.write(`${printable(line)}\n`);
  const symbols = {
    ok: color.green("✔"),
    fail: color.red("✖"),
    warn: color.yellow("⚠"),
    info: color.blue("ℹ"),
  };

  const plainSpinner = (initial: string): Spinner => {
    const s = {
      text: initial,
      succeed: (t?: string) => err(`${symbols.ok} ${t ?? s.text}`),
      fail: (t?: string) => err(`${symbols.fail} ${t ?? s.text}`),
      warn: (t?: string) => err(`${symbols.warn} ${t ?? s.text}`),
      info: (t?: string) => err(`${symbols.info} ${t ?? s.text}`),
      stop: () => {},
    };
    return s;
  };

  return {
    color,
    live,
    terminal: Boolean(options.stderr.isTTY),
    dataOnTerminal: Boolean(options.stdout.isTTY),
    data: (text) => options.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    info: (text) => err(text),
    note: (text) => err(color.dim(text)),
    success: (text) => err(`${symbols.ok} ${text}`),
    warn: (text) => err(`${symbols.warn} ${color.yellow(text)}`),
    error: (text) => err(`${symbols.fail} ${color.red(text)}`),
    heading: (text) => err(`\n${color.bold(text)}`),
    async spinner(text) {
      if (!live) return plainSpinner(text);
      const { default: ora } = await import("ora");
      const safe = (t: string | undefined) => (t === undefined ? undefined : printable(t));
      const o = ora({ text: printable(text), stream: options.stderr, discardStdin: false }).start();
      return {
        get text() {
          return o.text;
        },
        set text(t: string) {
          o.text = printable(t);
        },
        succeed: (t) => o.succeed(safe(t)),
        fail: (t) => o.fail(safe(t)),
        warn: (t) => o.warn(safe(t)),
        info: (t) => o.info(safe(t)),
        stop: () => o.stop(),
      };
    },
  };
}
