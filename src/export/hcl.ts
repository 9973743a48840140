/**
 * A small HCL writer for the Terraform export, laid out as `terraform fmt` lays it out: two-space indent, the `=`
 * of consecutive one-line attributes aligned, string escapes as the HCL spec has them (no `\b` or `\f`; `${` and
 * `%{` doubled so that they stay text, not templates).
 */

export type HclExpr = string | number | boolean | Raw | HclExpr[] | { [key: string]: HclExpr };

/** An expression written as it is: a reference (`aws_appautoscaling_target.x.resource_id`). */
export class Raw {
  constructor(readonly text: string) {}
}

export type HclItem =
  | { attr: string; value: HclExpr | undefined }
  | { block: string; labels?: string[]; body: HclItem[] }
  | { blank: true }
  | { comment: string };

/** An HCL quoted string. */
export function hclString(text: string): string {
  const escaped = text.replace(/[\\"\u0000-\u001f\u007f\u2028\u2029]|\$\{|%\{/g, (c) => {
    if (c === "${") return "$${";
    if (c === "%{") return "%%{";
    if (c === "\\") return "\\\\";
    if (c === '"') return '\\"';
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
  return `"${escaped}"`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function expr(value: HclExpr, indent: number): string {
  if (value instanceof Raw) return value.text;
  if (typeof value === "string") return hclString(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    // HCL's numeric literals take an exponent as JavaScript writes one (1e+21, 5e-324).
    return String(value);
  }
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => expr(v, indent)).join(", ")}]`;
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  const keys = entries.map(([k]) => (IDENTIFIER.test(k) ? k : hclString(k)));
  const width = Math.max(...keys.map((k) => k.length));
  const pad = " ".repeat(indent + 2);
  return `{\n${entries
    .map(([, v], i) => `${pad}${keys[i]!.padEnd(width)} = ${expr(v, indent + 2)}`)
    .join("\n")}\n${" ".repeat(indent)}}`;
}

function body(items: HclItem[], indent: number): string[] {
  const pad = " ".repeat(indent);
  const out: string[] = [];
  const present = items.filter((i) => !("attr" in i) || i.value !== undefined);
  let run: { attr: string; value: HclExpr }[] = [];
  const flush = () => {
    // terraform fmt aligns the `=` of a run of one-line attributes; a multi-line one ends the run, unaligned.
    let group: { attr: string; text: string }[] = [];
    const write = () => {
      const width = Math.max(...group.map((a) => a.attr.length));
      for (const a of group) out.push(`${pad}${a.attr.padEnd(width)} = ${a.text}`);
      group = [];
    };
    for (const a of run) {
      const text = expr(a.value, indent);
      if (text.includes("\n")) {
        if (group.length > 0) write();
        out.push(`${pad}${a.attr} = ${text}`);
      } else group.push({ attr: a.attr, text });
    }
    if (group.length > 0) write();
    run = [];
  };
  for (const item of present) {
    if ("attr" in item) {
      run.push(item as { attr: string; value: HclExpr });
      continue;
    }
    if (run.length > 0) flush();
    if ("blank" in item) out.push("");
    else if ("comment" in item) out.push(...item.comment.split("\n").map((l) => `${pad}# ${l}`.trimEnd()));
    else {
      const labels = (item.labels ?? []).map((l) => ` ${hclString(l)}`).join("");
      out.push(`${pad}${item.block}${labels} {`, ...body(item.body, indent + 2), `${pad}}`);
    }
  }
  if (run.length > 0) flush();
  return out;
}

/** A whole file: top-level items, each block separated from the next by a blank line. */
export function toHcl(items: HclItem[]): string {
  return `${body(items, 0).join("\n")}\n`;
}
