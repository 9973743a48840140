import { awsErrorCode } from "../aws/error-codes.js";
import { sendStep } from "../aws/send-step.js";
import type { Context } from "../context.js";
import { CancelledError } from "../errors.js";
import { type ExecutionResult, executePlan } from "../plan/execute.js";
import { renderStepWithComment } from "../plan/render-cli.js";
import type { PlanStep, ScalingPlan } from "../plan/types.js";
import type { Spinner } from "../ui/output.js";

/**
 * Applies a plan for `init` and `teardown` alike: one spinner per step on stderr, and each step's AWS CLI
 * command on stdout as it runs. A failure or Ctrl-C rolls back what this run changed and says exactly what the
 * state is; the error then reaches the top-level handler.
 */
export async function applyPlan(
  ctx: Pick<Context, "ui" | "clients" | "target" | "retry" | "sleep" | "interrupted" | "guardInterrupts">,
  plan: ScalingPlan,
  wording: { already?: (step: PlanStep) => string } = {},
): Promise<ExecutionResult> {
  const { ui } = ctx;
  // On a terminal the spinner line above a command already says what it does; in a file or pipe the comment
  // carries it, so the output stays a readable script.
  const command = (step: PlanStep) => {
    const rendered = renderStepWithComment(step, ctx.target);
    return ui.dataOnTerminal ? rendered.slice(rendered.indexOf("\n") + 1) : rendered;
  };
  let spinner: Spinner | undefined;
  // Reported inside the guard: a run that failed or was interrupted leaves it by throwing, so that a Ctrl-C
  // afterwards is not taken for one after a complete change.
  return ctx.guardInterrupts(async () => {
    const result = await executePlan(plan, {
      send: (step) => sendStep(ctx.clients, step),
      sleep: ctx.sleep,
      retry: ctx.retry,
      interrupted: ctx.interrupted,
      events: {
        stepStart: async (step, index, total) => {
          spinner = undefined;
          const s = await ui.spinner(`[${index + 1}/${total}] ${step.summary}`);
          spinner = s;
        },
        retrying: (step, error, attempt, delay) => {
          const text = `${step.summary} (${awsErrorCode(error) ?? "error"}; retry ${attempt} in ${(delay / 1000).toFixed(1)} s)`;
          if (spinner) spinner.text = text;
          else ui.note(text);
        },
        stepEnd: (outcome) => {
          const text =
            outcome.status === "already"
              ? (wording.already?.(outcome.step) ?? `${outcome.step.summary}: already done`)
              : outcome.step.summary;
          (spinner ?? { succeed: (t: string) => ui.success(t) }).succeed(text);
          ui.data(command(outcome.step));
        },
        stepFailed: (step) => {
          (spinner ?? { fail: (t: string) => ui.error(t) }).fail(`${step.summary}: failed`);
          ui.data(`# FAILED: ${renderStepWithComment(step, ctx.target).replace(/^# /, "")}`);
        },
        undoStart: (undo) => ui.info(`  ↩ ${undo.summary}`),
        undoEnd: (undo, error) => {
          if (error) ui.error(`  could not ${lowerFirst(undo.summary)}`);
          else ui.data(command(undo));
        },
      },
    });
    reportResult(ctx, result);
    return result;
  });
}

/**
 * After a failure or an interrupt: says exactly what state the run left, then throws what the top-level handler
 * explains (the AWS error, or a CancelledError for Ctrl-C, exit 130).
 */
function reportResult(ctx: Pick<Context, "ui" | "target">, result: ExecutionResult): void {
  const { ui } = ctx;
  if (!result.failure && !result.interrupted) return;
  const rolledBack = result.rollback;
  const changed = result.outcomes.filter((o) => o.status === "done" && (o.step.undo || o.step.irreversible));
  let state: string;
  if (rolledBack?.failure) {
    const kept = changed
      .filter((o) => !rolledBack.undone.includes(o.step))
      .map((o) => `  - ${o.step.summary}`);
    ui.error(
      `Could not put everything back. Still in place from this run:\n${kept.join("\n")}\n` +
        "  Run `sm-autoscale describe` to see the state, then fix it or run `sm-autoscale teardown`.",
    );
    state = "some changes could not be rolled back (see above)";
  } else if (rolledBack && rolledBack.undone.length > 0) {
    ui.warn(
      `Rolled back this run's ${rolledBack.undone.length} change(s); the autoscaling is as it was before.`,
    );
    state = `this run's ${rolledBack.undone.length} change(s) were rolled back: the autoscaling is as it was before`;
  } else if (rolledBack || changed.length === 0) {
    ui.note("No autoscaling had been changed yet.");
    state = "no changes made";
  } else if (result.failure) {
    // Past the point of no return: what is done stays, and a second run completes the rest.
    ui.warn(
      `Kept this run's changes, as a step that cannot be undone had run:\n${changed.map((o) => `  - ${o.step.summary}`).join("\n")}\n` +
        "  Run the same command again to finish.",
    );
    state = "this run's changes were kept (see above)";
  } else {
    state = "the plan was finished, as a step that cannot be undone had run: every change was applied";
  }
  if (result.interrupted) throw new CancelledError(`Interrupted; ${state}.`);
  if (result.failure) throw result.failure.error;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
