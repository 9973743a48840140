import { createClients } from "./aws/clients.js";
import { resolveSettings } from "./aws/settings.js";
import type { GlobalOptions } from "./cli.js";
import type { Context } from "./context.js";
import {
  CancelledError,
  explainError,
  type InterruptSignal,
  SIGNAL_EXIT_CODE,
  stoppedBy,
  UsageError,
} from "./errors.js";
import { DEFAULT_RETRY } from "./plan/execute.js";
import { exitWithFailure, shouldColor } from "./ui/failure.js";
import { createUi } from "./ui/output.js";
import { createInquirerPrompter, type Prompter } from "./ui/prompter.js";

/** Builds the real Context for a command run. Tests build their own small fakes of the parts they need. */
export async function createContext(options: GlobalOptions): Promise<Context> {
  const color = shouldColor(options.color);
  const ui = createUi({ stdout: process.stdout, stderr: process.stderr, color });
  const { profile, region } = await resolveSettings(options, { callsAws: true });
  if (!region) {
    throw new UsageError(
      "No AWS region is set.",
      "Pass --region (e.g. --region us-east-1), set AWS_REGION, or set `region` in your AWS profile.",
    );
  }
  const debug = options.debug ?? false;
  let prompter: Promise<Prompter> | undefined;
  let interrupted: InterruptSignal | undefined;
  // Where the run is, for a signal: before any change, applying, or after (with what to say then).
  let phase: "before" | "applying" | { after: string } = "before";

  // A closed terminal (SIGHUP) or a reader gone from the pipe (`| head`) makes writes fail with EIO or EPIPE,
  // reported as 'error' events that would end the process mid-plan: the output is lost, the work must go on.
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
  // Ctrl-C outside a prompt (prompts catch it themselves, in raw mode), SIGTERM (CI cancelling a job, `docker
  // stop`, `kill`) and SIGHUP (the terminal closed) all mean "stop": while changes are applied, the executor
  // stops after the step in flight and puts back what this run changed; otherwise the run ends at once, saying
  // what state it left. Each exits with 128 + the signal's number.
  const onSignal = (signal: InterruptSignal) => {
    if (phase !== "applying") {
      const said =
        phase === "before"
          ? new CancelledError(
              `${signal === "SIGINT" ? "Cancelled" : stoppedBy(signal)}; no changes made.`,
              SIGNAL_EXIT_CODE[signal],
            )
          : new CancelledError(`${stoppedBy(signal)} ${phase.after}`, SIGNAL_EXIT_CODE[signal]);
      process.stderr.write("\n");
      exitWithFailure(explainError(said), undefined, false, options.color);
    }
    if (interrupted === undefined) {
      interrupted = signal;
      process.stderr.write(
        `\n${stoppedBy(signal)}: finishing the step in flight, then putting back what this run changed…\n`,
      );
    } else {
      // Quitting now would leave exactly the half-done state this waits to avoid.
      process.stderr.write("\nStill finishing: stopping now would leave the autoscaling half-changed.\n");
    }
  };
  for (const signal of Object.keys(SIGNAL_EXIT_CODE) as InterruptSignal[]) {
    process.on(signal, () => onSignal(signal));
  }

  return {
    ui,
    // A person can answer when the keys come from a terminal and the prompts (drawn on stderr) reach one; stdout
    // may be a file or a pipe: `init --dry-run > plan.sh` still asks.
    canPrompt: Boolean(process.stdin.isTTY && process.stderr.isTTY),
    prompter: () => {
      prompter ??= createInquirerPrompter({ input: process.stdin, output: process.stderr });
      return prompter;
    },
    clients: createClients({
      region,
      profile,
      debug: debug ? (line) => process.stderr.write(`${ui.color.dim(`[debug] ${line}`)}\n`) : undefined,
      warn: (line) => ui.warn(line),
    }),
    target: { region, profile },
    debug,
    retry: DEFAULT_RETRY,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    interrupted: () => interrupted !== undefined,
    interruptSignal: () => interrupted,
    async guardInterrupts(work) {
      phase = "applying";
      try {
        const result = await work();
        phase = { after: "after every change was applied." };
        return result;
      } catch (error) {
        phase = { after: "after the failure above; the state this run left is described there." };
        throw error;
      }
    },
  };
}
