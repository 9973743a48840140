import { awsErrorCode, failedOperation } from "../aws/error-codes.js";
import { readResourceState } from "../aws/probe.js";
import { sendStep } from "../aws/send-step.js";
import type { Context } from "../context.js";
import { CancelledError, explainError, SIGNAL_EXIT_CODE, stoppedBy } from "../errors.js";
import { describeRef, describeState, effectOf, stateMatches } from "../plan/effects.js";
import { type ExecutionResult, executePlan, type LeftChange } from "../plan/execute.js";
import { renderStepWithComment } from "../plan/render-cli.js";
import type { PlanStep, ScalingPlan } from "../plan/types.js";
import type { Spinner } from "../ui/output.js";

/**
 * Applies a plan for `init` and `teardown` alike: one spinner per step on stderr, and each step's AWS CLI
 * command on stdout as it runs. A failure or Ctrl-C rolls back what this run changed and says exactly what the
 * state is; the error then reaches the top-level handler.
 */
export async function applyPlan(
  ctx: Pick<
    Context,
    "ui" | "clients" | "target" | "retry" | "sleep" | "interrupted" | "interruptSignal" | "guardInterrupts"
  >,
  plan: ScalingPlan,
  wording: {
    already?: (step: PlanStep) => string;
    /**
     * What the undone steps could not put back, said after the rollback: registering a range moves the instance
     * count at once, and neither deregistering nor restoring the old range moves it back.
     */
    notUndone?: (undone: PlanStep[]) => string | undefined;
  } = {},
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
      probe: (ref) => readResourceState(ctx.clients, ref),
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
          if (outcome.status === "skipped") {
            const { service, operation } = failedOperation(outcome.error);
            const action = service && operation ? `${service}:${operation}` : outcome.step.operation;
            (spinner ?? { warn: (t: string) => ui.warn(t) }).warn(
              `${outcome.step.summary}: skipped, as your identity may not call ${action}. Going on: AWS uses the role if it exists, and the next step says so if it does not.`,
            );
            return;
          }
          const text =
            outcome.status === "already"
              ? (wording.already?.(outcome.step) ?? `${outcome.step.summary}: already done`)
              : outcome.confirmedByRead
                ? `${outcome.step.summary} (its reply was lost; read back: done)`
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
    const note = result.rollback ? wording.notUndone?.(result.rollback.undone) : undefined;
    if (note) ui.warn(note);
    reportResult(ctx, result);
    return result;
  });
}

/**
 * After a failure or an interrupt: says exactly what state the run left, then throws what the top-level handler
 * explains (the AWS error, or a CancelledError for Ctrl-C/SIGTERM/SIGHUP with their exit codes). Every sentence
 * rests on what the executor knows: a change it could not check is never called undone, and "as it was before"
 * is said only when every change of this run was undone or found as it was.
 */
function reportResult(
  ctx: Pick<Context, "ui" | "target" | "interruptSignal">,
  result: ExecutionResult,
): void {
  const { ui } = ctx;
  if (!result.failure && !result.interrupted) return;
  const rolledBack = result.rollback;
  const uncertain = result.failure?.applied === "unknown" ? result.failure : undefined;
  const changed = result.outcomes.filter(
    (o) =>
      (o.status === "done" || (o.status === "already" && o.maybeThisRun)) &&
      (o.step.undo || o.step.irreversible),
  );
  let state: string;
  if (rolledBack) {
    for (const left of rolledBack.left) ui.warn(leftLine(left));
    const settled = new Set([
      ...rolledBack.undone,
      ...rolledBack.asBefore,
      ...rolledBack.left.map((l) => l.step),
    ]);
    if (rolledBack.failure) {
      const { step: undo, error } = rolledBack.failure;
      const kept = [...changed.map((o) => o.step), ...(uncertain ? [uncertain.step] : [])]
        .filter((step) => !settled.has(step))
        .map(
          (step) => `  - ${step.summary}${step === uncertain?.step ? " (may not have taken effect)" : ""}`,
        );
      ui.error(
        `Could not put everything back: ${lowerFirst(undo.summary)} failed: ${explainError(error).message}\n` +
          `Still in place from this run:\n${kept.join("\n")}\n` +
          "  Run `sm-autoscale describe` to see the state, then fix it or run `sm-autoscale teardown`.",
      );
      state = "some changes could not be rolled back (see above)";
    } else if (rolledBack.left.length > 0) {
      const n = rolledBack.undone.length;
      ui.warn(
        `${n > 0 ? `Rolled back ${n} of this run's changes` : "Rolled back none of this run's changes"}; left ${rolledBack.left.length} as found (see above).`,
      );
      state = `${n > 0 ? `${n} of this run's changes were rolled back` : "nothing was rolled back"}, and ${rolledBack.left.length} left as found (see above)`;
    } else if (rolledBack.undone.length > 0) {
      ui.warn(
        `Rolled back this run's ${rolledBack.undone.length} change(s); the autoscaling is as it was before.`,
      );
      state = `this run's ${rolledBack.undone.length} change(s) were rolled back: the autoscaling is as it was before`;
    } else if (rolledBack.asBefore.length > 0) {
      // Something of this run's may have been done and undone by others since; the reads say how it is now.
      ui.warn("Read back: the autoscaling is as it was before this run.");
      state = "the autoscaling is as it was before (read back)";
    } else {
      ui.note("No autoscaling had been changed yet.");
      state = "no changes made";
    }
  } else if (changed.length === 0 && !uncertain) {
    ui.note("No autoscaling had been changed yet.");
    state = "no changes made";
  } else if (result.failure) {
    // Past the point of no return: what is done stays, and a second run completes the rest.
    const lines = [
      ...changed.map((o) => `  - ${o.step.summary}`),
      ...(uncertain ? [`  - ${uncertain.step.summary} (may or may not have taken effect)`] : []),
    ];
    ui.warn(
      `Kept this run's changes, as a step that cannot be undone had run:\n${lines.join("\n")}\n` +
        "  Run the same command again to finish.",
    );
    state = "this run's changes were kept (see above)";
  } else {
    state = "the plan was finished, as a step that cannot be undone had run: every change was applied";
  }
  if (uncertain && !rolledBack) {
    ui.warn(uncertainLine(uncertain.step, uncertain.checkError));
  }
  if (result.interrupted) {
    const signal = ctx.interruptSignal?.() ?? "SIGINT";
    throw new CancelledError(`${stoppedBy(signal)}; ${state}.`, SIGNAL_EXIT_CODE[signal]);
  }
  if (result.failure) throw result.failure.error;
}

/** Why the rollback left one change as it found it. */
function leftLine(left: LeftChange): string {
  const effect = effectOf(left.step);
  const what = effect ? describeRef(effect.resource) : left.step.summary;
  if (left.readError !== undefined) {
    return `Left ${what} as it is: could not read it to check whether it holds this run's change (${inParens(left.readError)}). Check it with \`sm-autoscale describe\`.`;
  }
  const now = left.now;
  if (effect && now && stateMatches(effect.after, now) && now.exists && now.dependents?.length) {
    // Still as this run registered it, but it holds what others wrote since: deregistering would delete that.
    return `Left ${what} registered: it now holds ${now.dependents.join(", ")}, which this run did not write; deregistering it would delete ${now.dependents.length === 1 ? "it" : "them"} too.`;
  }
  const found = effect && now ? ` (now ${describeState(effect.resource, now)})` : "";
  return `Left ${what} as it is: another writer changed it after this run did${found}.`;
}

/** A failed step whose effect nobody could check. */
function uncertainLine(step: PlanStep, checkError: unknown): string {
  const why = checkError === undefined ? "" : `; reading it back failed too (${inParens(checkError)})`;
  return `"${step.summary}" may or may not have taken effect: its call ended without an answer${why}. Check with \`sm-autoscale describe\`.`;
}

/** An error's one line, to quote inside a sentence: without its closing full stop. */
function inParens(error: unknown): string {
  return explainError(error).message.replace(/\.$/, "");
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
