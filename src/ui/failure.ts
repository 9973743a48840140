import { redactSecrets } from "../redact.js";
import { printable, printableLine } from "./printable.js";

/**
 * How every run that fails ends: `✖ message` on stderr, the hint indented on the next line, the stack only with
 * --debug (credentials redacted), then the exit code. Free of dependencies but redact.ts and printable.ts (both
 * import-free), so the argument parser can use it without loading anything.
 */
export interface Failure {
  message: string;
  hint?: string | undefined;
  exitCode: number;
}

/**
 * Whether output to stderr is coloured: never with `--no-color` (`colorFlag` false) or NO_COLOR (any non-empty
 * value), nor when stderr is not a terminal. The one rule for the whole UI and the final error line.
 */
export function shouldColor(colorFlag: boolean | undefined): boolean {
  return colorFlag !== false && !process.env.NO_COLOR && Boolean(process.stderr.isTTY);
}

/** `colorFlag`: the parsed `--no-color` (false), when the run got that far; NO_COLOR and the terminal still apply. */
export function exitWithFailure(
  failure: Failure,
  error: unknown,
  debug: boolean,
  colorFlag?: boolean | undefined,
): never {
  const cross = shouldColor(colorFlag) ? "\x1b[31m✖\x1b[39m" : "✖";
  // A message may quote what was typed or what AWS named: never let it steer the terminal.
  process.stderr.write(`${cross} ${printableLine(failure.message)}\n`);
  if (failure.hint) process.stderr.write(`  ${printable(failure.hint)}\n`);
  // The stack starts with the error's message, which AWS may have filled with the signed request.
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${redactSecrets(error.stack)}\n`);
  process.exit(failure.exitCode);
}
