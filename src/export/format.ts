import { join } from "node:path";
import { shellQuote } from "../plan/shell.js";
import type { ExportModel } from "./model.js";

/** The formats `export` and `init --export` write. */
export const EXPORT_FORMATS = ["cloudformation", "cdk", "terraform", "ack"] as const;
export type ExportFormatId = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  /** The region the state was read in (or init would act in): for the commands in comments. */
  region: string;
  /** Terraform: `import {}` blocks that adopt the live resources. */
  imports?: boolean | undefined;
  /** Write a complete project (CDK: an app), not just the main file. */
  project?: boolean | undefined;
}

export interface ExportFile {
  /** Relative to the output directory, with forward slashes. */
  path: string;
  content: string;
}

export interface ExportOutput {
  /**
   * The files `--out DIR` writes; the first one is the main file, which is what stdout gets without --out. Their
   * paths, and the content of any that does not start with the header, do not depend on the model: --out is
   * checked with the files of an export of nothing before any AWS call (commands/export.ts checkOutPath).
   */
  files: ExportFile[];
  /**
   * What this format cannot express of the model, one line each: said on stderr and in the main file's header,
   * never dropped in silence.
   */
  cannot: string[];
  /**
   * What to know of how the code meets the live resources, one line each (Terraform's import blocks: what they
   * cannot adopt, and what terraform plan shows besides imports): said on stderr and in the main file's header,
   * apart from what is not in the file.
   */
  notes?: string[];
  /** What to run next, one line each, given the directory the files are in (or undefined for stdout). */
  next(dir: string | undefined): string[];
}

/** One module per format, each with this shape (style.md: variation as modules, not switches). */
export interface ExportFormat {
  id: ExportFormatId;
  /** "CloudFormation", "AWS CDK (TypeScript)". */
  label: string;
  render(model: ExportModel, options: ExportOptions): ExportOutput;
}

/**
 * A file of the export as a word of a printed command: in the output directory when there is one, quoted as the AWS
 * CLI renderer quotes (plan/shell.ts), and never read as an option ("./-x").
 */
export function shellPath(dir: string | undefined, file?: string): string {
  const path = dir === undefined ? (file ?? ".") : file === undefined ? dir : join(dir, file);
  return shellQuote(path.startsWith("-") ? `./${path}` : path);
}

/** How the header of every exported file starts: what `--out` recognises as an earlier export's file. */
export const EXPORTED_BY = "Exported by sm-autoscale";

/**
 * The header every format writes in its own comment syntax: where it comes from, what is not in it, and the notes
 * of the format (ExportOutput.notes) under their own title.
 */
export function headerLines(
  model: ExportModel,
  cannot: string[],
  intro: string[] = [],
  notes?: { title: string; lines: string[] },
): string[] {
  const lines = [`${EXPORTED_BY} from ${model.origin}.`, ...intro];
  const left = [...model.omitted, ...cannot];
  if (left.length > 0) {
    lines.push("", "Not in this file:");
    for (const line of left) lines.push(`- ${line}`);
  }
  if (notes && notes.lines.length > 0) {
    lines.push("", notes.title);
    for (const line of notes.lines) lines.push(`- ${line}`);
  }
  return lines;
}

/**
 * Text for one comment line: a line break would end the comment and let the rest be read as code, so each is
 * spelled out, those of YAML 1.1 (NEL), JavaScript (LS, PS) and HCL alike.
 */
export function commentText(text: string): string {
  return text.replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, (c) =>
    c === "\r\n" || c === "\n"
      ? "\\n"
      : c === "\r"
        ? "\\r"
        : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
