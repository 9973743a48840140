/**
 * Text as it may reach a terminal. Names come from AWS (a ResourceId may hold tabs and line breaks, an alarm
 * name almost anything) and AWS echoes them in its messages: printed raw, a carriage return or an escape
 * sequence could overwrite a line, move the cursor or forge output. Every control character (C0, DEL, C1) and
 * every bidirectional override is spelled out as an escape instead (`\r`, `\x1b`, `\u202e`), except the line
 * breaks and colour codes sm-autoscale writes itself (SGR sequences, `ESC [ … m`). Import-free, so the
 * argument parser's failure path can use it too.
 */
const UNSAFE =
  /\x1b\[[0-9;]*m|[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\t": "\\t", "\r": "\\r" };

export function printable(text: string): string {
  return text.replace(UNSAFE, (match) => {
    if (match.length > 1) return match; // a colour code
    const code = match.charCodeAt(0);
    return (
      NAMED[match] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`)
    );
  });
}

/** The same for one line: line breaks spelled out too. */
export function printableLine(text: string): string {
  return printable(text).replace(/\n/g, "\\n");
}

/**
 * Every string in a value made a printable line, for a view that interpolates names into its own lines (the
 * describe table): a name cannot then break or forge a line of the view. Other values are kept as they are.
 */
export function printableDeep<T>(value: T): T {
  if (typeof value === "string") return printableLine(value) as T;
  if (Array.isArray(value)) return value.map((v) => printableDeep(v)) as T;
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, printableDeep(v)])) as T;
  }
  return value;
}
