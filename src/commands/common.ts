import { callerIdentity } from "../aws/discover.js";
import type { Context } from "../context.js";
import { renderPlanScript, renderStepWithComment } from "../plan/render-cli.js";
import type { ScalingPlan } from "../plan/types.js";

/** What a command that changes AWS needs from the context: init and teardown. */
export type ChangeContext = Pick<
  Context,
  | "ui"
  | "canPrompt"
  | "prompter"
  | "clients"
  | "target"
  | "retry"
  | "sleep"
  | "interrupted"
  | "guardInterrupts"
>;

/**
 * Runs a read with a spinner on a live terminal. On a terminal without colour (NO_COLOR, --no-color) it says the
 * same as a plain line first: colour goes, information stays, and a long read never looks stuck. Off a terminal
 * (a pipe, a CI log) progress stays unsaid, as it always was: only results and problems are written there.
 */
export async function withSpinner<T>(
  ctx: Pick<Context, "ui">,
  text: string,
  work: () => Promise<T>,
): Promise<T> {
  if (ctx.ui.terminal && !ctx.ui.live) ctx.ui.note(`${text}…`);
  const spinner = await ctx.ui.spinner(text);
  try {
    return await work();
  } finally {
    spinner.stop();
  }
}

/** Says where the command acts (account, region, profile) before it changes anything. */
export async function announceWhere(ctx: Pick<Context, "ui" | "clients" | "target">): Promise<void> {
  const identity = await withSpinner(ctx, "Checking your AWS identity", () => callerIdentity(ctx.clients));
  ctx.ui.info(
    `Acting as ${identity.arn} in account ${identity.account}, region ${ctx.target.region}` +
      `${ctx.target.profile ? `, profile ${ctx.target.profile}` : ""}.`,
  );
}

/** Each step of the plan with its AWS CLI command, on stderr: the conversation before the confirmation. */
export function showPlan(ctx: Pick<Context, "ui" | "target">, plan: ScalingPlan): void {
  const { ui } = ctx;
  ui.heading(`Plan: ${plan.title}`);
  for (const [i, step] of plan.steps.entries()) {
    ui.info(`${i + 1}. ${step.summary}`);
    ui.note(indent(renderStepWithComment(step, ctx.target).split("\n").slice(1).join("\n"), 5));
  }
}

/** --dry-run: the plan as a bash script on stdout; nothing is sent. */
export function printDryRun(ctx: Pick<Context, "ui" | "target">, plan: ScalingPlan, command: string): void {
  ctx.ui.heading("Dry run: nothing was changed. The plan, as AWS CLI commands:");
  ctx.ui.data(renderPlanScript(plan, ctx.target));
  ctx.ui.note(
    `Save it as a script with: sm-autoscale ${command} … --dry-run > ${command.replace(/ /g, "-")}.sh`,
  );
}

function indent(text: string, spaces: number): string {
  const pad = " ".repeat(spaces);
  return text
    .split("\n")
    .map((l) => pad + l)
    .join("\n");
}
