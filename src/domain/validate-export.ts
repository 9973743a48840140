import { UsageError } from "../errors.js";
import { EXPORT_FORMATS, type ExportFormatId } from "../export/format.js";
import { checkName } from "./validate.js";

/** What `export` reads: the whole region, one endpoint (or one of its variants), or one inference component. */
export type ExportScope =
  | { kind: "all" }
  | { kind: "endpoint"; endpointName: string; variantName?: string | undefined }
  | { kind: "component"; endpointName: string; componentName: string };

/** `export`'s flags as the parser (argv.ts) hands them over. */
export interface ExportFlags {
  endpoint?: string;
  variant?: string;
  inferenceComponent?: string;
  all?: boolean;
  format?: string;
  out?: string;
  import?: boolean;
}

export interface ExportAnswers {
  scope: ExportScope;
  format: ExportFormatId;
  out?: string | undefined;
  imports: boolean;
}

const EXAMPLE = "Example: sm-autoscale export --endpoint my-endpoint --format terraform";

/**
 * Checks the flags; pure, never prompts, never calls AWS. `export` only reads and never asks anything, so what it
 * needs must be given: what to export (--endpoint or --all) and the format. Throws a UsageError (exit 2).
 */
export function validateExportFlags(flags: ExportFlags): ExportAnswers {
  if (flags.all && flags.endpoint !== undefined) {
    throw new UsageError(
      "--all and --endpoint cannot be used together: --all already covers every endpoint.",
    );
  }
  if (!flags.all && flags.endpoint === undefined) {
    throw new UsageError("--endpoint (or --all) is required: name what to export.", EXAMPLE);
  }
  for (const [flag, given] of [
    ["--variant", flags.variant],
    ["--inference-component", flags.inferenceComponent],
  ] as const) {
    if (given !== undefined && flags.endpoint === undefined) {
      throw new UsageError(`${flag} needs --endpoint: name the endpoint it belongs to.`, EXAMPLE);
    }
  }
  if (flags.variant !== undefined && flags.inferenceComponent !== undefined) {
    throw new UsageError(
      "--variant and --inference-component cannot be used together: give the variant, or one of its inference components.",
    );
  }
  if (flags.format === undefined) {
    throw new UsageError(`--format is required: one of ${EXPORT_FORMATS.join(", ")}.`, EXAMPLE);
  }
  const format = flags.format as ExportFormatId;
  if (flags.import && format !== "terraform") {
    throw new UsageError(
      `--import applies only to --format terraform (its import blocks); --format ${format} has none.`,
    );
  }
  const out = checkOut(flags.out);
  const endpointName = flags.endpoint === undefined ? undefined : checkName("--endpoint", flags.endpoint);
  const scope: ExportScope =
    endpointName === undefined
      ? { kind: "all" }
      : flags.inferenceComponent !== undefined
        ? {
            kind: "component",
            endpointName,
            componentName: checkName("--inference-component", flags.inferenceComponent),
          }
        : {
            kind: "endpoint",
            endpointName,
            variantName: flags.variant === undefined ? undefined : checkName("--variant", flags.variant),
          };
  return { scope, format, out, imports: flags.import ?? false };
}

/** --out: a directory to write the files in (created when missing). */
export function checkOut(out: string | undefined): string | undefined {
  if (out === undefined) return undefined;
  if (out.trim() === "") throw new UsageError("--out needs a directory to write the files in.");
  return out;
}
