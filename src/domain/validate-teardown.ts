import { UsageError } from "../errors.js";
import { checkName } from "./validate.js";

/** `teardown`'s flags as the parser (argv.ts) hands them over. */
export interface TeardownFlags {
  endpoint?: string;
  variant?: string;
  all?: boolean;
  yes?: boolean;
  dryRun?: boolean;
}

/** What the flags ask for: one endpoint (or one of its variants), every target in the region, or to choose. */
export type TeardownChoice =
  | { kind: "endpoint"; endpointName: string; variantName?: string | undefined }
  | { kind: "all" }
  | { kind: "ask" };

export interface TeardownAnswers {
  choice: TeardownChoice;
  yes: boolean;
  dryRun: boolean;
}

/**
 * Checks only the flags given, and whether the run can go on without a terminal; pure, never prompts, never calls
 * AWS. Throws a UsageError (exit 2) naming the flag.
 */
export function validateTeardownFlags(flags: TeardownFlags, canPrompt: boolean): TeardownAnswers {
  if (flags.all && flags.endpoint !== undefined) {
    throw new UsageError(
      "--all and --endpoint cannot be used together: --all already covers every endpoint.",
    );
  }
  if (flags.variant !== undefined && flags.endpoint === undefined) {
    throw new UsageError(
      "--variant needs --endpoint: name the endpoint the variant belongs to.",
      "Example: sm-autoscale teardown --endpoint my-endpoint --variant AllTraffic",
    );
  }
  const endpointName = flags.endpoint === undefined ? undefined : checkName("--endpoint", flags.endpoint);
  const variantName = flags.variant === undefined ? undefined : checkName("--variant", flags.variant);
  const yes = flags.yes ?? false;
  const dryRun = flags.dryRun ?? false;
  const choice: TeardownChoice =
    endpointName !== undefined
      ? { kind: "endpoint", endpointName, variantName }
      : flags.all
        ? { kind: "all" }
        : { kind: "ask" };

  if (!canPrompt) {
    if (choice.kind === "ask") {
      throw new UsageError(
        "--endpoint (or --all) is required when not running interactively (no terminal).",
        "Example: sm-autoscale teardown --endpoint my-endpoint --yes",
      );
    }
    if (!yes && !dryRun) {
      throw new UsageError(
        "--yes is required to remove autoscaling when not running interactively (no terminal); no changes made.",
        "Pass --yes to confirm, or --dry-run to print the AWS CLI commands without changing anything.",
      );
    }
  }
  return { choice, yes, dryRun };
}
