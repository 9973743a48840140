import type { FlagValues } from "./argv.js";
import type { GlobalOptions } from "./cli.js";
import type { DescribeFlags } from "./commands/describe.js";
import type { Context } from "./context.js";
import type { InitFlags } from "./domain/validate.js";
import type { ExportFlags } from "./domain/validate-export.js";
import type { ScheduleFlags } from "./domain/validate-schedule.js";
import type { SimulateFlags } from "./domain/validate-simulate.js";
import type { TeardownFlags } from "./domain/validate-teardown.js";
import { exitWithFailure } from "./ui/failure.js";

/**
 * Runs one parsed command. The ES module side of the CLI (cli.ts is the CommonJS entry that parses and prints
 * help): each command's module, and the AWS SDK clients it needs, is imported only when that command runs.
 */
const RUN: Record<string, (options: FlagValues, globals: GlobalOptions) => Promise<void>> = {
  init: async (options, globals) => {
    const { runInit } = await import("./commands/init.js");
    await withContext(globals, (ctx) => runInit(ctx, options as InitFlags));
  },
  describe: async (options, globals) => {
    const { runDescribe } = await import("./commands/describe.js");
    await withContext(globals, (ctx) => runDescribe(ctx, options as DescribeFlags));
  },
  teardown: async (options, globals) => {
    const { runTeardown } = await import("./commands/teardown.js");
    await withContext(globals, (ctx) => runTeardown(ctx, options as TeardownFlags));
  },
  "schedule add": async (options, globals) => {
    const { runScheduleAdd } = await import("./commands/schedule.js");
    await withContext(globals, (ctx) => runScheduleAdd(ctx, options as ScheduleFlags));
  },
  "schedule list": async (options, globals) => {
    const { runScheduleList } = await import("./commands/schedule.js");
    await withContext(globals, (ctx) => runScheduleList(ctx, options as ScheduleFlags));
  },
  "schedule remove": async (options, globals) => {
    const { runScheduleRemove } = await import("./commands/schedule.js");
    await withContext(globals, (ctx) => runScheduleRemove(ctx, options as ScheduleFlags));
  },
  simulate: async (options, globals) => {
    const { runSimulate } = await import("./commands/simulate.js");
    await withContext(globals, (ctx) => runSimulate(ctx, options as SimulateFlags));
  },
  export: async (options, globals) => {
    const { runExport } = await import("./commands/export.js");
    await withContext(globals, (ctx) => runExport(ctx, options as ExportFlags));
  },
  "iam-policy": async (options, globals) => {
    const { runIamPolicy } = await import("./commands/iam-policy.js");
    await runIamPolicy(process.stdout, options as { for?: string }, globals);
  },
};

/** Runs `command`; on any error, one line, an optional hint and the exit code (errors.ts decides which). */
export async function runCommand(
  command: string,
  options: FlagValues,
  globals: GlobalOptions,
): Promise<void> {
  const run = RUN[command];
  if (!run) throw new Error(`no such command: ${command}`);
  try {
    await run(options, globals);
  } catch (error) {
    const { explainError } = await import("./errors.js");
    exitWithFailure(explainError(error), error, globals.debug ?? false, globals.color);
  }
}

/** Runs a command with its context; with --debug, ends with how many AWS calls the run made, failed or not. */
async function withContext(globals: GlobalOptions, command: (ctx: Context) => Promise<void>): Promise<void> {
  const { createContext } = await import("./runtime.js");
  const ctx = await createContext(globals);
  try {
    await command(ctx);
  } finally {
    if (ctx.debug) ctx.ui.note(`[debug] ${ctx.clients.callCount()} AWS call(s) in all`);
  }
}
