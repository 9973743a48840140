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
