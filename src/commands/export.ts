import { constants } from "node:fs";
import { access, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type {
  ScalableDimension,
  ScalingPolicy,
  ScheduledAction,
} from "@aws-sdk/client-application-auto-scaling";
import { describeEndpoint, type EndpointDetail } from "../aws/discover.js";
import { isAccessDenied } from "../aws/error-codes.js";
import { readExportState } from "../aws/export-read.js";
import { listSageMakerScheduledActions } from "../aws/scaling-read.js";
import type { Context } from "../context.js";
import { scalingKindOf } from "../domain/scaling-kinds.js";
import { type ExportFlags, type ExportScope, validateExportFlags } from "../domain/validate-export.js";
import { CommandError, UsageError } from "../errors.js";
import { ACK } from "../export/ack.js";
import { CDK } from "../export/cdk.js";
import { CLOUDFORMATION } from "../export/cloudformation.js";
import { EXPORTED_BY, type ExportFile, type ExportFormat, type ExportFormatId } from "../export/format.js";
import {
  type ExportModel,
  exportModelFromLive,
  exportModelFromPlan,
  shown,
  withLiveScheduledActions,
} from "../export/model.js";
import { TERRAFORM } from "../export/terraform.js";
import { buildInitPlan, type ExistingScaling, type InitSettings, kindOf } from "../plan/build-init.js";
import { shellQuote } from "../plan/shell.js";
import { withSpinner } from "./common.js";

export const FORMATS: Record<ExportFormatId, ExportFormat> = {
  cloudformation: CLOUDFORMATION,
  cdk: CDK,
  terraform: TERRAFORM,
  ack: ACK,
};

type ExportContext = Pick<Context, "ui" | "clients" | "target">;

/**
 * `sm-autoscale export`: validate → read → describe → write. It reads the live autoscaling of a scope (targets,
 * every policy, the step policies' alarms, scheduled actions) and writes it as code, on stdout or as files in
 * --out; it never changes anything and never prompts. What the format cannot express, or the read could not see,
 * is said on stderr and in the code's header.
 */
export async function runExport(ctx: ExportContext, flags: ExportFlags): Promise<void> {
  const answers = validateExportFlags(flags);
  const { region } = ctx.target;
  if (answers.out !== undefined) await checkOutPath(answers.out, answers.format, region);
  const what = scopeText(answers.scope);
  const state = await withSpinner(ctx, `Reading the autoscaling of ${what} in ${region}`, () =>
    readExportState(ctx.clients, answers.scope),
  );
  if (state.targets.length === 0) {
    const endpoint =
      answers.scope.kind === "endpoint" ? await endpointForHint(ctx, answers.scope.endpointName) : undefined;
    throw new CommandError(
      `Nothing to export: ${what} has no autoscaling in ${region} (no scalable target).`,
      nothingToExportHint(answers.scope, answers.format, endpoint),
    );
  }
  const model = exportModelFromLive(state, `the live autoscaling of ${what} in ${region}`);
  await writeExport(ctx, model, answers.format, { out: answers.out, imports: answers.imports });
}

/** The endpoint and the kind of its variants, for the hint; undefined when it cannot be read (config denied). */
async function endpointForHint(ctx: ExportContext, name: string): Promise<EndpointDetail | undefined> {
  // Best effort: the export has failed already, and the hint falls back to what the flags say.
  return describeEndpoint(ctx.clients, name).catch(() => undefined);
}

/**
 * What to do when a scope has no scalable target: set it up with init, with the flags that name it, or export
 * what init would configure. Where init cannot set it up (an endpoint that is not InService, burstable instances,
 * serverless on demand: scaling-kinds.ts refusal), why not, instead. Pure.
 */
export function nothingToExportHint(
  scope: ExportScope,
  format: ExportFormatId,
  endpoint: EndpointDetail | undefined,
): string {
  if (scope.kind === "all") return "Check the region (--region); set autoscaling up with sm-autoscale init.";
  const init = (flags: string) => {
    const command = `sm-autoscale init --endpoint ${shellQuote(scope.endpointName)}${flags}`;
    return `Set it up with ${command}, or export what init would configure: ${command} … --export ${format}.`;
  };
  if (scope.kind === "component") {
    return init(` --inference-component ${shellQuote(scope.componentName)}`);
  }
  const given = scope.variantName === undefined ? "" : ` --variant ${shellQuote(scope.variantName)}`;
  if (endpoint === undefined) return init(given);
  if (endpoint.status !== "InService") {
    return `Endpoint ${scope.endpointName} is ${endpoint.status}, not InService: sm-autoscale init can set up its autoscaling once it is InService.`;
  }
  const variants = endpoint.variants.filter(
    (v) => scope.variantName === undefined || v.variantName === scope.variantName,
  );
  const refusals = variants.map((v) => {
    const kind = scalingKindOf(v.kind);
    return {
      variant: v,
      refusal: kind.refusal({
        endpointName: v.endpointName,
        variantName: v.variantName,
        instanceType: v.instanceType ?? v.instancePools?.[0],
        serverless: v.serverless,
      }),
    };
  });
  const open = refusals.filter((r) => r.refusal === undefined);
  if (open.length === 0 && refusals.length > 0) {
    const why = refusals.map((r) => r.refusal!.reason).join(" ");
    return `${why} Until then, sm-autoscale init cannot set it up either.`;
  }
  // Of several variants, init would ask which: name the one it can set up when the others it cannot.
  const only =
    given === "" && open.length === 1 && refusals.length > 1
      ? ` --variant ${shellQuote(open[0]!.variant.variantName)}`
      : given;
  return init(only);
}

function scopeText(scope: ExportScope): string {
  switch (scope.kind) {
    case "all":
      return "every SageMaker endpoint";
    case "endpoint":
      return scope.variantName === undefined
        ? `endpoint ${scope.endpointName}`
        : `${scope.endpointName}/${scope.variantName}`;
    case "component":
      return `inference component ${scope.componentName} of ${scope.endpointName}`;
  }
}

/** What `init … --export` hands over: the configuration it settled on, and what it read. */
export interface InitExport {
  settings: InitSettings;
  existing: ExistingScaling;
  /** The custom policies init would delete. */
  replace: ScalingPolicy[];
}

/**
 * `init … --export FORMAT`: the configuration init would apply, as code. The plan is built the way init builds
 * it, against no existing state, so that it declares the whole configuration (target, policy, the step policy and
 * alarm that leave zero) rather than what differs from today. The scheduled actions on the target, which init
 * keeps, are read and declared with it, so that the code recreates the whole target; what init would delete, and
 * the policies it would keep beside its own, are named.
 */
export async function exportInit(
  ctx: ExportContext,
  init: InitExport,
  format: ExportFormatId,
  out: string | undefined,
): Promise<void> {
  const { kind, subject } = kindOf(init.settings);
  const plan = buildInitPlan(init.settings, { policies: [] }, init.replace);
  const key = { resourceId: kind.resourceId(subject), dimension: kind.dimension };
  const scheduled = init.existing.target ? await readScheduledActions(ctx, key) : { actions: [] };
  let model = exportModelFromPlan(
    plan,
    `what sm-autoscale init would configure for ${kind.where(subject)} in ${ctx.target.region}` +
      (scheduled.actions.length > 0 ? ", with the scheduled actions it keeps on the target" : ""),
  );
  if (scheduled.actions.length > 0) model = withLiveScheduledActions(model, key, scheduled.actions);
  if (scheduled.unread) {
    model.omitted.push(
      `The scheduled actions of ${shown(key.resourceId)} could not be read (${scheduled.unread}): init keeps any there are on the target, but this code does not declare them.`,
    );
  }
  const written = new Set(
    plan.steps.flatMap((s) => (s.operation === "PutScalingPolicy" ? [s.input.PolicyName] : [])),
  );
  const replaced = new Set(init.replace.map((p) => p.PolicyName));
  for (const p of init.existing.policies) {
    if (written.has(p.PolicyName) || replaced.has(p.PolicyName)) continue;
    model.omitted.push(
      `The policy "${shown(p.PolicyName ?? "")}" on ${shown(kind.resourceId(subject))} stays beside the one init writes: not in this code; sm-autoscale export --endpoint ${shellQuote(subject.endpointName)} exports all that is live.`,
    );
  }
  await writeExport(ctx, model, format, { out, imports: false });
}

/**
 * The scheduled actions on the target init configures: denied, the export goes on and says what it could not see.
 */
async function readScheduledActions(
  ctx: ExportContext,
  key: { resourceId: string; dimension: ScalableDimension },
): Promise<{ actions: ScheduledAction[]; unread?: string }> {
  try {
    return {
      actions: await withSpinner(ctx, "Reading its scheduled actions", () =>
        listSageMakerScheduledActions(ctx.clients, key),
      ),
    };
  } catch (error) {
    if (!isAccessDenied(error)) throw error;
    return { actions: [], unread: "access denied to application-autoscaling:DescribeScheduledActions" };
  }
}

/** Renders the model in the format; the main file on stdout, or every file in `out`; then what is left out. */
export async function writeExport(
  ctx: Pick<Context, "ui" | "target">,
  model: ExportModel,
  formatId: ExportFormatId,
  options: { out?: string | undefined; imports: boolean },
): Promise<void> {
  const { ui } = ctx;
  const format = FORMATS[formatId];
  const output = format.render(model, {
    region: ctx.target.region,
    imports: options.imports,
    project: options.out !== undefined,
  });
  // Checked again with the very files to write, before anything is said of what they hold.
  if (options.out !== undefined) await checkOutDir(options.out, output.files);
  const notes = output.notes ?? [];
  for (const line of [...model.omitted, ...output.cannot, ...notes]) ui.warn(line);
  if (options.out === undefined) {
    ui.data(output.files[0]!.content);
  } else {
    for (const file of output.files) {
      const path = join(options.out, file.path);
      try {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, file.content);
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? String(error);
        throw new CommandError(
          `Could not write ${path}: ${reason}.`,
          "Check that --out names a directory you can write to.",
        );
      }
      ui.success(`Wrote ${path}`);
    }
  }
  const policies = count(model, "policies");
  const actions = count(model, "scheduledActions");
  ui.info(
    `${format.label}: ${plural(model.targets.length, "scalable target")}, ${plural(policies, "policy", "policies")}, ` +
      `${plural(actions, "scheduled action")}, ${plural(model.alarms.length, "alarm")}` +
      (output.cannot.length > 0
        ? "; what the format cannot hold is listed above."
        : notes.length > 0
          ? "; what its import blocks do not adopt as they are is listed above."
          : "."),
  );
  for (const line of output.next(options.out)) ui.info(`Next: ${line}`);
}

/**
 * What can be known of --out before any AWS call (a usage error, exit 2, comes before any): that it is a
 * directory, or can be made in the nearest part of its path that exists, which this process can write in; and that
 * it holds no file the export would replace that an export did not write. The names of the files a format writes do
 * not depend on what is exported, nor does the content of a file without the export's header (the CDK app's
 * package.json, cdk.json, tsconfig.json), so the files of an export of nothing say it all. writeExport checks the
 * files again once it has them, before anything is written or said of them.
 */
export async function checkOutPath(out: string, formatId: ExportFormatId, region: string): Promise<void> {
  const hint = "Name a directory you can write to (it is created when missing).";
  let existing = out;
  let info = await stat(existing).catch((e: NodeJS.ErrnoException) => e);
  // The nearest part of the path that exists: where the directory would be made.
  while (info instanceof Error && (info.code === "ENOENT" || info.code === "ENOTDIR")) {
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
    info = await stat(existing).catch((e: NodeJS.ErrnoException) => e);
  }
  const made = existing === out ? "" : ` cannot be made: ${existing}`;
  if (info instanceof Error) {
    throw new UsageError(`--out ${out}${made} cannot be read (${info.code ?? info.message}).`, hint);
  }
  if (!info.isDirectory()) {
    throw new UsageError(
      made
        ? `--out ${out}${made} is a file.`
        : `--out ${out} is a file: name a directory (it is created when missing).`,
      made ? hint : undefined,
    );
  }
  const denied = await access(existing, constants.W_OK | constants.X_OK).then(
    () => undefined,
    (e: NodeJS.ErrnoException) => e.code ?? e.message,
  );
  if (denied !== undefined) {
    throw new UsageError(`--out ${out}${made} is not writable (${denied}).`, hint);
  }
  if (made) return;
  const empty: ExportModel = { origin: "", targets: [], alarms: [], omitted: [] };
  await checkOutDir(out, FORMATS[formatId].render(empty, { region, project: true }).files);
}

/**
 * --out may hold an earlier export, which is replaced, but nothing else: a file of the same name that sm-autoscale
 * did not write (an existing CDK app's package.json, a SAM project's template.yaml) stops the export before any
 * file is written. An export's own file starts with its header, or is what this export would write.
 */
async function checkOutDir(out: string, files: ExportFile[]): Promise<void> {
  const isDirectory = await stat(out).then(
    (s) => s.isDirectory(),
    () => undefined,
  );
  if (isDirectory === false) {
    throw new UsageError(`--out ${out} is a file: name a directory (it is created when missing).`);
  }
  if (isDirectory === undefined) return;
  const foreign: string[] = [];
  for (const file of files) {
    const existing = await readFile(join(out, file.path), "utf8").catch(() => undefined);
    if (existing === undefined || existing === file.content || writtenByExport(existing)) continue;
    foreign.push(file.path);
  }
  if (foreign.length > 0) {
    throw new UsageError(
      `--out ${out} already holds ${foreign.join(", ")}, which sm-autoscale did not write: nothing was written.`,
      "Name a new or empty directory, or move those files away first.",
    );
  }
}

/** Whether a file starts with the header of an export (after a #! line), in any format's comment syntax. */
function writtenByExport(text: string): boolean {
  const lines = text.split("\n", 2);
  const first = lines[0]?.startsWith("#!") ? lines[1] : lines[0];
  return (
    first !== undefined && (first.startsWith(`# ${EXPORTED_BY}`) || first.startsWith(`// ${EXPORTED_BY}`))
  );
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function count(model: ExportModel, what: "policies" | "scheduledActions"): number {
  return model.targets.reduce((n, t) => n + t[what].length, 0);
}
