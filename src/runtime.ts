import { createClients, resolveRegion } from "./aws/clients.js";
import { checkProfile } from "./aws/profile.js";
import type { GlobalOptions } from "./cli.js";
import type { Context } from "./context.js";
import { REGION_NAME } from "./domain/partition.js";
import { CancelledError, explainError, UsageError } from "./errors.js";
import { DEFAULT_RETRY } from "./plan/execute.js";
import { exitWithFailure, shouldColor } from "./ui/failure.js";
import { createUi } from "./ui/output.js";
import { createInquirerPrompter, type Prompter } from "./ui/prompter.js";

/** Builds the real Context for a command run. Tests build their own small fakes of the parts they need. */
export async function createContext(options: GlobalOptions): Promise<Context> {
  const color = shouldColor(options.color);
  const ui = createUi({ stdout: process.stdout, stderr: process.stderr, color });
  const profile = options.profile ?? process.env.AWS_PROFILE;
  if (options.region !== undefined && !REGION_NAME.test(options.region)) {
    throw new UsageError(`--region "${options.region}" is not a region name like us-east-1.`);
  }
  await checkProfile(profile, options.profile === undefined ? "AWS_PROFILE" : "--profile");
  const region = await resolveRegion(options.region, profile);
  if (!region) {
    throw new UsageError(
      "No AWS region is set.",
      "Pass --region (e.g. --region us-east-1), set AWS_REGION, or set `region` in your AWS profile.",
    );
  }
  const debug = options.debug ?? false;
  let prompter: Promise<Prompter> | undefined;
  let interrupted = false;
  // Where the run is, for Ctrl-C: before any change, applying, or after (with what to say then).
  let phase: "before" | "applying" | { after: string } = "before";

  // Ctrl-C outside a prompt (prompts catch it themselves, in raw mode). While changes are applied, it asks the
  // executor to stop after the step in flight and roll back; otherwise it ends the run saying what state it left.
  process.on("SIGINT", () => {
    if (phase !== "applying") {
      const said = phase === "before" ? new CancelledError() : new CancelledError(phase.after);
      process.stderr.write("\n");
      exitWithFailure(explainError(said), undefined, false, options.color);
    }
    if (!interrupted) {
      interrupted = true;
      process.stderr.write(
        "\nInterrupted: finishing the step in flight, then putting back what this run changed…\n",
      );
    } else {
      // Quitting now would leave exactly the half-done state this waits to avoid.
      process.stderr.write("\nStill finishing: stopping now would leave the autoscaling half-changed.\n");
    }
  });

  return {
    ui,
    canPrompt: Boolean(process.stdin.isTTY && process.stdout.isTTY),
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
    interrupted: () => interrupted,
    async guardInterrupts(work) {
      phase = "applying";
      try {
        const result = await work();
        phase = { after: "Interrupted after every change was applied." };
        return result;
      } catch (error) {
        phase = { after: "Interrupted; the state this run left is described above." };
        throw error;
      }
    },
  };
}
