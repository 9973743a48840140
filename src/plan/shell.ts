/** Characters that need no quoting in bash (a conservative set: nothing that globs, expands or splits). */
const SAFE = /^[A-Za-z0-9_\-.,:/@%+=]+$/;

/**
 * Quotes a value for bash so that it arrives as exactly one argument, unchanged. Single quotes stop every
 * expansion ($, backticks, globbing, history); a single quote inside is written as '\''.
 */
export function shellQuote(value: string): string {
  if (value !== "" && SAFE.test(value)) return value;
  // A control character (a ResourceId may hold line breaks and tabs) would be carried verbatim by single quotes
  // and split the printed command over lines a reader cannot tell apart: bash's $'…' spells it out instead.
  if (CONTROL.test(value)) return ansiC(value);
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const CONTROL = /[\u0000-\u001f\u007f]/;

/** bash ANSI-C quoting: backslash, single quote and control characters escaped; everything else as it is. */
function ansiC(value: string): string {
  const escaped = value.replace(/[\\'\u0000-\u001f\u007f]/g, (c) => {
    if (c === "\\") return "\\\\";
    if (c === "'") return "\\'";
    const named: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
    return named[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
  return `$'${escaped}'`;
}
