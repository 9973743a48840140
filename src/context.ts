import type { Clients } from "./aws/clients.js";
import type { InterruptSignal } from "./errors.js";
import type { RetryPolicy } from "./plan/execute.js";
import type { Target } from "./plan/types.js";
import type { Ui } from "./ui/output.js";
import type { Prompter } from "./ui/prompter.js";

/**
 * One context per run, injected into every command: streams and UI, whether we may prompt, the prompter and
 * the AWS clients (both created lazily), and the global flags. Steps take the `Pick<Context, …>` they need.
 */
export interface Context {
  ui: Ui;
  /**
   * True when a person can answer: stdin and stderr (where prompts are drawn) are terminals. stdout may be
   * redirected: `init --dry-run > plan.sh` still asks. (GitHub CLI checks stdout because it prompts there.)
   */
  canPrompt: boolean;
  prompter(): Promise<Prompter>;
  clients: Clients;
  target: Target;
  debug: boolean;
  retry: RetryPolicy;
  sleep(ms: number): Promise<void>;
  /** True once Ctrl-C was pressed (or SIGTERM or SIGHUP came) while changes were being applied. */
  interrupted(): boolean;
  /** Which signal that was, for the final line and the exit code (default: SIGINT, Ctrl-C). */
  interruptSignal?(): InterruptSignal | undefined;
  /**
   * Marks the stretch where changes are applied: there, Ctrl-C must not kill the process mid-step but only set
   * `interrupted()`. Whether `work` resolves or throws tells what a later Ctrl-C leaves: every change applied, or
   * the state the failure report described.
   */
  guardInterrupts<T>(work: () => Promise<T>): Promise<T>;
}
