/**
 * A small YAML writer for the exported CloudFormation templates and Kubernetes manifests: block style, two-space
 * indent, keys in the order given, CloudFormation's short-form tags (`!Ref`, `!Sub`). A string is written plain
 * only when it cannot be read back as anything else (YAML 1.1 and 1.2 alike: no `yes`, `off`, `1e3`, `0x1f`,
 * no indicator, no `: ` or ` #`); other printable ASCII is single-quoted; anything else is double-quoted with
 * JSON's escapes, which YAML reads the same, plus the characters YAML does not allow raw.
 */

import { commentText } from "./format.js";

/** A scalar written with a YAML tag: `!Ref Name`. */
export class Tagged {
  constructor(
    readonly tag: string,
    readonly value: string,
  ) {}
}

export type YamlValue =
  | string
  | number
  | boolean
  | null
  | Tagged
  | YamlValue[]
  | { [key: string]: YamlValue };

const PLAIN = /^[A-Za-z][A-Za-z0-9_./(),-]*(?:[ :]+[A-Za-z0-9_./(),-]+)*$/;
const RESERVED = /^(?:y|n|yes|no|on|off|true|false|null|nan|inf)$/i;

/** A string as a YAML scalar. */
export function scalar(text: string): string {
  if (PLAIN.test(text) && !RESERVED.test(text) && !/: /.test(text)) return text;
  // Printable ASCII reads back as it is between single quotes, where only a quote is doubled.
  if (/^[\x20-\x7e]*$/.test(text)) return `'${text.replace(/'/g, "''")}'`;
  // JSON escapes quotes, backslashes and C0 controls; YAML also refuses DEL, C1 controls (NEL aside, which a
  // reader would take for a line break), the surrogates and the BOM unescaped: spell those out too.
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function number(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  const text = String(n);
  // An exponent reads as a number in YAML 1.1 too only with a dot in the mantissa and a sign: 5e-324 → 5.0e-324.
  const m = /^(-?\d+)(\.\d+)?e([+-])(\d+)$/.exec(text);
  return m ? `${m[1]}${m[2] ?? ".0"}e${m[3]}${m[4]}` : text;
}

function inline(value: Exclude<YamlValue, YamlValue[] | { [key: string]: YamlValue }>): string {
  if (value === null) return "null";
  if (value instanceof Tagged) return `${value.tag} ${scalar(value.value)}`;
  if (typeof value === "string") return scalar(value);
  if (typeof value === "number") return number(value);
  return value ? "true" : "false";
}

const isMap = (v: YamlValue): v is { [key: string]: YamlValue } =>
  v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Tagged);

/** The lines of a value at `indent` spaces; a map or list that is empty is written inline ({} or []). */
function lines(value: YamlValue, indent: number): string[] {
  const pad = " ".repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${pad}[]`];
    return value.flatMap((item) => {
      if ((isMap(item) && Object.keys(item).length > 0) || (Array.isArray(item) && item.length > 0)) {
        const inner = lines(item, indent + 2);
        // The first line of the item follows the dash.
        return [`${pad}- ${inner[0]!.slice(indent + 2)}`, ...inner.slice(1)];
      }
      return [`${pad}- ${isMap(item) ? "{}" : Array.isArray(item) ? "[]" : inline(item)}`];
    });
  }
  if (isMap(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return [`${pad}{}`];
    return entries.flatMap(([key, item]) => {
      const k = `${pad}${scalar(key)}:`;
      if (Array.isArray(item) && item.length > 0) return [k, ...lines(item, indent + 2)];
      if (isMap(item) && Object.keys(item).length > 0) return [k, ...lines(item, indent + 2)];
      return [`${k} ${isMap(item) ? "{}" : Array.isArray(item) ? "[]" : inline(item)}`];
    });
  }
  return [`${pad}${inline(value)}`];
}

/** One YAML document: the value, after its comment lines. */
export function toYaml(value: YamlValue, comments: string[] = []): string {
  return [...comments.map(comment), ...lines(value, 0)].join("\n") + "\n";
}

/** A comment line; a line break in it would end the comment, so it is spelled out. */
export function comment(text: string): string {
  return text === "" ? "#" : `# ${commentText(text)}`;
}
