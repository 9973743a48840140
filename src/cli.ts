import { ArgvError, type Invocation, type ProgramSpec, parseArgv } from "./argv.js";
import { exitWithFailure } from "./ui/failure.js";

/**
 * The entry point, bundled as CommonJS (dist/cli.cjs): it declares every command and flag, parses them, and
 * prints help and usage errors without loading anything else. Node starts a CommonJS program several
 * milliseconds faster than an ES module one, which is most of `--help`'s budget (README, Performance). A command
 * runs on the ES module side (run.ts), where its module and the AWS SDK clients it needs are imported only then.
 */
export interface GlobalOptions {
  region?: string;
  profile?: string;
  debug?: boolean;
  color?: boolean;
}

const VERSION = "0.1.0";

const PROGRAM: ProgramSpec = {
  name: "sm-autoscale",
  description: "Set up, show and remove automatic scaling for Amazon SageMaker endpoints.",
  version: VERSION,
  flags: [
    {
      flags: "--region <region>",
      description: "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region)",
    },
    { flags: "--profile <name>", description: "named profile from your AWS config" },
    { flags: "--debug", description: "log every AWS call and show stack traces" },
    { flags: "--no-color", description: "plain output (also NO_COLOR=1)" },
  ],
  commands: [
    {
      name: "init",
      description:
        "configure autoscaling for an endpoint variant or inference component (real-time, async, serverless provisioned concurrency), step by step",
      flags: [
        { flags: "--endpoint <name>", description: "endpoint to configure" },
        {
          flags: "--variant <name>",
          description: "production variant (asked only when the endpoint has several)",
        },
        {
          flags: "--inference-component <name>",
          description: "inference component to scale (asked only when the endpoint hosts several)",
        },
        {
          flags: "--min <n>",
          description:
            "minimum capacity: instances, copies or provisioned concurrency (0 only for async endpoints and inference components that allow it)",
        },
        { flags: "--max <n>", description: "maximum capacity (≥ min)" },
        {
          flags: "--target <n>",
          description:
            "target value of the kind's metric: invocations per instance (or copy) per minute, queued requests per instance (async), fraction of provisioned concurrency in use (serverless)",
        },
        {
          flags: "--max-rps <n>",
          description:
            "max requests per second one instance (or copy) sustains, from a load test; target = rps × safety factor × 60",
        },
        {
          flags: "--metric <signal>",
          description:
            "what drives scaling (default: invocations; async: backlog; serverless: provisioned-concurrency); only the kind's own are accepted",
          choices: [
            "invocations",
            "concurrency",
            "cpu",
            "gpu",
            "gpu-memory",
            "memory",
            "backlog",
            "provisioned-concurrency",
          ],
        },
        {
          flags: "--vcpus <n>",
          description:
            "with --metric cpu, for an instance type sm-autoscale has no figures for: its vCPU count",
        },
        {
          flags: "--gpus <n>",
          description:
            "with --metric gpu or gpu-memory, for an instance type sm-autoscale has no figures for: its GPU count",
        },
        {
          flags: "--no-scale-from-zero",
          description:
            "with --min 0: leave out the step policy and alarm that take the endpoint or component out of zero (added by default)",
        },
        {
          flags: "--safety-factor <f>",
          description: "with --max-rps: fraction of max to aim for, in (0, 1]",
        },
        {
          flags: "--scale-in-cooldown <seconds>",
          description: "seconds between scale-in activities (default 300)",
        },
        {
          flags: "--scale-out-cooldown <seconds>",
          description: "seconds between scale-out activities (default 300)",
        },
        { flags: "--disable-scale-in", description: "never remove instances automatically" },
        {
          flags: "--policy-type <type>",
          description:
            "target-tracking (default: keeps the metric near --target) or step (adds or removes a fixed amount when the metric crosses your thresholds, through CloudWatch alarms of its own)",
          choices: ["target-tracking", "step"],
        },
        {
          flags: "--scale-out-above <n>",
          description:
            "with --policy-type step: add capacity while the metric is above n (on the target's scale: a percentage of the instance for cpu/gpu)",
        },
        {
          flags: "--scale-out-by <n>",
          description:
            "with --policy-type step: instances (or copies, or units) each scale-out adds (default 1)",
        },
        {
          flags: "--scale-in-below <n>",
          description:
            "with --policy-type step: remove capacity while the metric is below n (below --scale-out-above)",
        },
        {
          flags: "--scale-in-by <n>",
          description:
            "with --policy-type step: instances (or copies, or units) each scale-in removes (default 1)",
        },
        {
          flags: "--replace-custom-policies",
          description:
            "delete the variant's target-tracking policies that sm-autoscale did not write (kept by default; its own other signals stay)",
        },
        { flags: "-y, --yes", description: "apply without asking for confirmation" },
        {
          flags: "--dry-run",
          description: "print the plan as AWS CLI commands on stdout and change nothing",
        },
        {
          flags: "--export <format>",
          description:
            "write the configuration as code instead of applying it (same rules as --dry-run; nothing is changed)",
          choices: ["cloudformation", "cdk", "terraform", "ack"],
        },
        {
          flags: "--out <dir>",
          description:
            "with --export: write the files in this directory (CDK: a complete app) instead of stdout",
        },
      ],
    },
    {
      name: "describe",
      description: "show the live autoscaling of every endpoint, with what is wrong and how to fix it",
      flags: [
        { flags: "--endpoint <name>", description: "only this endpoint" },
        { flags: "--json", description: "machine-readable output on stdout" },
        {
          flags: "--strict",
          description: "exit 3 when there are findings of severity error or warning (for CI)",
        },
      ],
    },
    {
      name: "teardown",
      description: "remove autoscaling safely: policies, scheduled actions, then the scalable target",
      flags: [
        { flags: "--endpoint <name>", description: "endpoint whose autoscaling to remove" },
        { flags: "--variant <name>", description: "only this variant" },
        {
          flags: "--all",
          description:
            "every SageMaker scalable target in the region, orphans included (not with --endpoint)",
        },
        { flags: "-y, --yes", description: "remove without asking for confirmation" },
        { flags: "--dry-run", description: "print the AWS CLI commands on stdout and change nothing" },
      ],
    },
    {
      name: "simulate",
      description:
        "replay a variant's own traffic (up to 15 days) through target tracking for several targets: what each costs, how hot it runs, and the cheapest within a risk budget",
      flags: [
        { flags: "--endpoint <name>", description: "endpoint whose traffic to replay" },
        {
          flags: "--variant <name>",
          description: "production variant (needed when the endpoint has several)",
        },
        { flags: "--hours <n>", description: "replay the last n hours (1–360)" },
        { flags: "--days <n>", description: "replay the last n days (1–15, default 14)" },
        {
          flags: "--min <n>",
          description: "minimum instances (default: the live scalable target's, else 1)",
        },
        {
          flags: "--max <n>",
          description: "maximum instances (default: the live scalable target's, else 4 × the instances now)",
        },
        {
          flags: "--targets <list>",
          description:
            "target values to compare, comma-separated (default: the suggestion, the live target and a spread around them)",
        },
        {
          flags: "--max-rps <n>",
          description: "requests per second one instance sustains: counts the minutes above that capacity",
        },
        {
          flags: "--price-per-hour <amount>",
          description: "price of one instance-hour, to show the cost in money (no price is assumed)",
        },
        {
          flags: "--warmup <minutes>",
          description: "minutes from a scale-out until the new instances serve (default 5, an assumption)",
        },
        { flags: "--json", description: "machine-readable output on stdout" },
      ],
    },
    {
      name: "export",
      description:
        "write the live autoscaling (targets, policies, step-policy alarms, scheduled actions) as code: CloudFormation, CDK, Terraform or ACK manifests; changes nothing",
      flags: [
        { flags: "--endpoint <name>", description: "the endpoint whose autoscaling to export" },
        { flags: "--variant <name>", description: "only this variant" },
        {
          flags: "--inference-component <name>",
          description: "only this inference component of the endpoint",
        },
        {
          flags: "--all",
          description: "every SageMaker scalable target in the region (not with --endpoint)",
        },
        {
          flags: "--format <format>",
          description: "the code to write",
          choices: ["cloudformation", "cdk", "terraform", "ack"],
        },
        {
          flags: "--out <dir>",
          description: "write the files in this directory (CDK: a complete app) instead of stdout",
        },
        {
          flags: "--import",
          description: "with --format terraform: add import blocks that adopt the live resources",
        },
      ],
    },
    {
      name: "iam-policy",
      description:
        "print the least-privilege IAM policy sm-autoscale needs, its ARNs in the partition of the region (aws-cn, aws-us-gov…; aws when no region is set)",
      flags: [
        {
          flags: "--for <command>",
          description: "only what one command needs",
          choices: ["init", "describe", "teardown", "schedule", "simulate", "export"],
        },
      ],
    },
    {
      name: "schedule",
      description:
        "scheduled actions: set a scalable target's minimum and maximum at given times (cron, rate or once)",
      flags: [],
      subcommands: [
        {
          name: "add",
          description:
            "add (or replace) a scheduled action on an endpoint variant or inference component that is already autoscaled",
          flags: [
            { flags: "--endpoint <name>", description: "endpoint whose scalable target the action changes" },
            {
              flags: "--variant <name>",
              description: "production variant (asked only when the endpoint has several)",
            },
            {
              flags: "--inference-component <name>",
              description: "inference component (asked only when the endpoint hosts several)",
            },
            {
              flags: "--name <name>",
              description: "name of the action: 1–256 characters, no : / | (one name per target)",
            },
            {
              flags: "--schedule <expression>",
              description:
                "'cron(minutes hours day-of-month month day-of-week year)', 'rate(value unit)' or 'at(yyyy-mm-ddThh:mm:ss)'",
            },
            {
              flags: "--timezone <zone>",
              description: "IANA time zone of cron() and at() times, e.g. Europe/Berlin (default UTC)",
            },
            {
              flags: "--start <time>",
              description:
                "first run and start of a recurring schedule, e.g. 2030-01-31T08:00:00Z (RFC 3339)",
            },
            { flags: "--end <time>", description: "end of a recurring schedule (RFC 3339)" },
            { flags: "--min <n>", description: "minimum capacity while the action applies" },
            {
              flags: "--max <n>",
              description: "maximum capacity while the action applies (at least one of the two)",
            },
            { flags: "-y, --yes", description: "apply without asking for confirmation" },
            {
              flags: "--dry-run",
              description: "print the plan as AWS CLI commands on stdout and change nothing",
            },
          ],
        },
        {
          name: "list",
          description:
            "list the scheduled actions of an endpoint, or of the whole region, with when each runs next",
          flags: [
            { flags: "--endpoint <name>", description: "only this endpoint (default: the whole region)" },
            { flags: "--variant <name>", description: "only this variant of the endpoint" },
            {
              flags: "--inference-component <name>",
              description: "only this inference component of the endpoint",
            },
            { flags: "--json", description: "machine-readable output on stdout" },
          ],
        },
        {
          name: "remove",
          description: "remove a scheduled action; the target keeps its current minimum and maximum",
          flags: [
            {
              flags: "--endpoint <name>",
              description: "endpoint the action is on (default: the whole region)",
            },
            { flags: "--variant <name>", description: "variant the action is on" },
            { flags: "--inference-component <name>", description: "inference component the action is on" },
            { flags: "--name <name>", description: "name of the action (asked in a terminal)" },
            { flags: "-y, --yes", description: "remove without asking for confirmation" },
            { flags: "--dry-run", description: "print the AWS CLI command on stdout and change nothing" },
          ],
        },
      ],
    },
  ],
};

/** The command names, for the demo (scripts/demo.ts) to tell a command from flags meant for `init`. */
export const COMMAND_NAMES: readonly string[] = PROGRAM.commands.map((command) => command.name);

export async function main(argv: string[]): Promise<void> {
  let invocation: Invocation;
  try {
    const width = process.stdout.isTTY ? (process.stdout.columns ?? 80) : 80;
    invocation = parseArgv(PROGRAM, argv.slice(2), width);
  } catch (error) {
    // The parse failed, so its flags are unknown: --debug and --no-color count wherever they were typed.
    if (error instanceof ArgvError) {
      exitWithFailure(error, error, argv.includes("--debug"), !argv.includes("--no-color"));
    }
    throw error;
  }
  if (invocation.kind !== "command") {
    process.stdout.write(invocation.text);
    return;
  }
  // Kept as import() in the CommonJS bundle: the ES module side, with every command behind its own import().
  const { runCommand } = await import("./run.js");
  await runCommand(invocation.command, invocation.options, invocation.globals as GlobalOptions);
}
