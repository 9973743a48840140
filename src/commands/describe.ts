import { Chalk } from "chalk";
import { endpointNotFound } from "../aws/discover.js";
import { readRegion } from "../aws/region-read.js";
import type { Context } from "../context.js";
import {
  buildDescribeModel,
  failingFindings,
  OPTIONAL_READ,
  type OptionalRead,
  toDescribeJson,
} from "../domain/describe-model.js";
import { checkName } from "../domain/validate.js";
import { renderDescribe } from "../ui/describe-view.js";
import { printable, printableDeep } from "../ui/printable.js";
import { withSpinner } from "./common.js";

export interface DescribeFlags {
  endpoint?: string;
  json?: boolean;
  strict?: boolean;
}

/** Where the data goes: a terminal gets colour and wrapping, anything else stable plain text. */
export interface Stdout {
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

/** Exit code of `describe --strict` when there are findings (errors or warnings), so CI can tell it apart. */
export const STRICT_EXIT_CODE = 3;

type DescribeContext = Pick<Context, "ui" | "clients" | "target">;

/**
 * `sm-autoscale describe`: validate → read → model → print → exit code. Only reads; never prompts.
 * An AWS error propagates to the top-level handler (exit 1), except an optional read denied: one warning, and the
 * rest is shown. Findings fail the run only with --strict (exit 3).
 */
export async function runDescribe(
  ctx: DescribeContext,
  flags: DescribeFlags,
  stdout: Stdout = process.stdout,
  now: () => Date = () => new Date(),
): Promise<void> {
  // validate: before any AWS call
  const endpointName = flags.endpoint === undefined ? undefined : checkName("--endpoint", flags.endpoint);

  const { ui } = ctx;
  const { region } = ctx.target;
  const read = await withSpinner(
    ctx,
    endpointName ? `Reading autoscaling of ${endpointName} in ${region}` : `Reading autoscaling in ${region}`,
    () => readRegion(ctx.clients, region, { endpointName }),
  );
  if (endpointName !== undefined && read.details.length === 0 && read.targets.length === 0) {
    throw endpointNotFound(endpointName, region);
  }

  // Optional reads AWS denied: the rest is shown, these as unknown (null in --json).
  for (const which of read.unread) ui.warn(unreadWarning(which));

  const readAt = now();
  const model = buildDescribeModel(read, { target: ctx.target, now: readAt });
  if (flags.json) {
    ui.data(JSON.stringify(toDescribeJson(model), null, 2));
  } else {
    const tty = Boolean(stdout.isTTY);
    ui.data(
      // Names from AWS in the table are made printable; --json needs nothing, JSON escapes them itself.
      printable(
        renderDescribe(printableDeep(model), {
          // ui.color follows stderr; data on stdout is coloured only when stdout is a terminal too.
          color: tty ? ui.color : new Chalk({ level: 0 }),
          width: tty ? Math.max(stdout.columns ?? 80, 40) : undefined,
          now: readAt,
        }),
      ),
    );
  }
  if (flags.strict && failingFindings(model).length > 0) process.exitCode = STRICT_EXIT_CODE;
}

/** "Could not read scaling activities: access denied to application-autoscaling:DescribeScalingActivities; …" */
export function unreadWarning(which: OptionalRead): string {
  const { what, action } = OPTIONAL_READ[which];
  return `Could not read ${what}: access denied to ${action}; shown as unknown.`;
}
