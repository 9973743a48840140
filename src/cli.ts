import { Command, CommanderError, Option } from "commander";
import type { Context } from "./context.js";

/**
 * The entry point. It declares every command and flag, but a command's module (and the AWS SDK clients it
 * needs) is imported only when that command runs, so `--help` loads neither the SDK nor inquirer.
 */
export interface GlobalOptions {
  region?: string;
  profile?: string;
  debug?: boolean;
  color?: boolean;
}

const VERSION = "0.1.0";

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    await fail(error, program.opts<GlobalOptions>().debug ?? false);
  }
}

function buildProgram(): Command {
  const program = new Command("sm-autoscale")
    .description("Set up, show and remove automatic scaling for Amazon SageMaker endpoints.")
    .version(VERSION)
    .option(
      "--region <region>",
      "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region)",
    )
    .option("--profile <name>", "named profile from your AWS config")
    .option("--debug", "log every AWS call and show stack traces")
    .option("--no-color", "plain output (also NO_COLOR=1)")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });

  program
    .command("init")
    .description("configure target-tracking autoscaling for an endpoint variant, step by step")
    .option("--endpoint <name>", "endpoint to configure")
    .option("--variant <name>", "production variant (asked only when the endpoint has several)")
    .option("--min <n>", "minimum instance count (≥ 1)")
    .option("--max <n>", "maximum instance count (≥ min)")
    .addOption(new Option("--target <n>", "target invocations per instance per minute").conflicts("maxRps"))
    .option(
      "--max-rps <n>",
      "max requests per second one instance sustains (from a load test); target = rps × safety factor × 60",
    )
    .option("--safety-factor <f>", "with --max-rps: fraction of max to aim for, in (0, 1]", undefined)
    .option("--scale-in-cooldown <seconds>", "seconds between scale-in activities (default 300)")
    .option("--scale-out-cooldown <seconds>", "seconds between scale-out activities (default 300)")
    .option("--disable-scale-in", "never remove instances automatically")
    .option(
      "--replace-custom-policies",
      "delete other target-tracking policies on the variant (kept by default)",
    )
    .option("-y, --yes", "apply without asking for confirmation")
    .option("--dry-run", "print the plan as AWS CLI commands on stdout and change nothing")
    .action(async (options, command: Command) => {
      const { runInit } = await import("./commands/init.js");
      await runInit(await contextFor(command), options);
    });

  program
    .command("describe")
    .description("show the live autoscaling of every endpoint, with what is wrong and how to fix it")
    .option("--endpoint <name>", "only this endpoint")
    .option("--json", "machine-readable output on stdout")
    .option("--strict", "exit 3 when there are findings of severity error or warning (for CI)")
    .action(async (options, command: Command) => {
      const { runDescribe } = await import("./commands/describe.js");
      await runDescribe(await contextFor(command), options);
    });

  program
    .command("teardown")
    .description("remove autoscaling safely: policies, scheduled actions, then the scalable target")
    .option("--endpoint <name>", "endpoint whose autoscaling to remove")
    .option("--variant <name>", "only this variant")
    .addOption(
      new Option("--all", "every SageMaker scalable target in the region, orphans included").conflicts(
        "endpoint",
      ),
    )
    .option("-y, --yes", "remove without asking for confirmation")
    .option("--dry-run", "print the AWS CLI commands on stdout and change nothing")
    .action(async (options, command: Command) => {
      const { runTeardown } = await import("./commands/teardown.js");
      await runTeardown(await contextFor(command), options);
    });

  program
    .command("iam-policy")
    .description("print the least-privilege IAM policy sm-autoscale needs")
    .addOption(
      new Option("--for <command>", "only what one command needs").choices(["init", "describe", "teardown"]),
    )
    .action(async (options) => {
      const { runIamPolicy } = await import("./commands/iam-policy.js");
      runIamPolicy(process.stdout, options);
    });

  return program;
}

async function contextFor(command: Command): Promise<Context> {
  const { createContext } = await import("./runtime.js");
  return createContext(command.optsWithGlobals<GlobalOptions>());
}

async function fail(error: unknown, debug: boolean): Promise<never> {
  if (error instanceof CommanderError) {
    // Help and version are not failures; usage errors (unknown flags, conflicts) exit 2.
    if (
      error.code === "commander.helpDisplayed" ||
      error.code === "commander.version" ||
      error.exitCode === 0
    ) {
      process.exit(0);
    }
    process.exit(2);
  }
  const { explainError } = await import("./errors.js");
  const explained = explainError(error);
  const useColor = !process.env.NO_COLOR && Boolean(process.stderr.isTTY);
  const red = (s: string) => (useColor ? `\x1b[31m${s}\x1b[39m` : s);
  process.stderr.write(`${red("✖")} ${explained.message}\n`);
  if (explained.hint) process.stderr.write(`  ${explained.hint}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(explained.exitCode);
}
