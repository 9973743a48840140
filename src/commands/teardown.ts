import { mapLimit } from "../aws/concurrency.js";
import { isAccessDenied } from "../aws/error-codes.js";
import {
  type EndpointCounts,
  INFERENCE_COMPONENTS_ACTION,
  OWN_ALARMS_ACTION,
  readEndpointCounts,
  readTeardownState,
} from "../aws/teardown-read.js";
import type { Context } from "../context.js";
import { DIMENSION } from "../domain/constants.js";
import { parseResourceId } from "../domain/names.js";
import {
  type TeardownChoice,
  type TeardownFlags,
  validateTeardownFlags,
} from "../domain/validate-teardown.js";
import { CancelledError } from "../errors.js";
import {
  buildTeardownPlan,
  describeResource,
  isEmpty,
  scopeState,
  type TeardownScope,
  type TeardownState,
  type TeardownTarget,
} from "../plan/build-teardown.js";
import { printableLine } from "../ui/printable.js";
import { applyPlan } from "./apply.js";
import { announceWhere, type ChangeContext, printDryRun, showPlan, withSpinner } from "./common.js";

type TeardownContext = ChangeContext;

/** DescribeEndpoint calls in flight at once when saying what each endpoint keeps. */
const DESCRIBE_CONCURRENCY = 4;

/**
 * `sm-autoscale teardown`: validate → ask → execute → recommend. Removes the scaling policies, scheduled actions,
 * our own alarms and the scalable targets; never the endpoint, whose instance count stays where it is.
 */
export async function runTeardown(ctx: TeardownContext, flags: TeardownFlags): Promise<void> {
  // validate: flags only, before any AWS call
  const answers = validateTeardownFlags(flags, ctx.canPrompt);
  const { ui } = ctx;
  const region = ctx.target.region;

  await announceWhere(ctx);

  // ask
  const { scope, state } = await askWhat(ctx, answers.choice);
  if (isEmpty(state)) {
    ui.success(`Nothing to remove: ${await nothingThere(ctx, scope, region)}`);
    return;
  }

  // execute
  const plan = buildTeardownPlan(state, titleOf(scope, state, region));
  const keeps = await withSpinner(ctx, "Reading the endpoints' current instance counts", () =>
    whatEndpointsKeep(ctx, state.targets),
  );
  showPlan(ctx, plan);
  for (const line of keeps.lines) ui.info(line);
  if (keeps.note) ui.note(keeps.note);

  if (answers.dryRun) {
    printDryRun(ctx, plan, "teardown");
    return;
  }

  if (!answers.yes) await confirm(ctx, scope, region);

  ui.heading("Applying");
  await applyPlan(ctx, plan, { already: (step) => `${step.summary}: already gone` });

  // recommend
  const count = state.targets.length;
  ui.success(
    count > 0
      ? `Removed the autoscaling of ${count} scalable target${count === 1 ? "" : "s"}; every endpoint keeps its current instance count.`
      : "Removed the alarms sm-autoscale had left behind.",
  );
  // An endpoint whose only targets were its inference components' is named by the scope.
  const hostsComponents = state.targets.some(
    (t) => parseResourceId(t.target.ResourceId ?? "").kind === "inference-component",
  );
  const endpoints =
    scope.kind === "endpoint" && keeps.existing.length === 0 && hostsComponents
      ? [scope.endpointName]
      : keeps.existing;
  ui.info("");
  ui.info(
    endpoints.length === 1
      ? `Next: sm-autoscale describe --endpoint ${endpoints[0]}`
      : "Next: sm-autoscale describe",
  );
}

async function askWhat(
  ctx: TeardownContext,
  choice: TeardownChoice,
): Promise<{ scope: TeardownScope; state: TeardownState }> {
  if (choice.kind !== "ask") {
    const scope: TeardownScope = choice;
    const read = await readWhatIsThere(ctx, scope, "Reading the autoscaling to remove");
    return { scope, state: scopeState(read, scope) };
  }

  const all: TeardownScope = { kind: "all" };
  const read = await readWhatIsThere(ctx, all, `Reading the autoscaling in ${ctx.target.region}`);
  // Nothing left but alarms of ours whose targets are gone: offer to remove those.
  if (read.targets.length === 0) return { scope: all, state: scopeState(read, all) };

  const byResource = new Map<string, TeardownTarget[]>();
  for (const t of read.targets) {
    const id = t.target.ResourceId ?? "";
    byResource.set(id, [...(byResource.get(id) ?? []), t]);
  }
  const resourceIds = await (await ctx.prompter()).checkbox({
    id: "targets",
    message: "Remove the autoscaling of which scalable targets? (space to pick, enter to go on)",
    choices: [...byResource.entries()].map(([id, targets]) => ({
      name: targets.map((t) => choiceLine(ctx, t)).join("; "),
      value: id,
    })),
    validate: (picked) => (picked.length > 0 ? true : "Pick at least one, or press Ctrl-C to cancel."),
  });
  const scope: TeardownScope = { kind: "resources", resourceIds };
  return { scope, state: scopeState(read, scope) };
}

/** Reads the autoscaling in scope; says so when our alarms could not be read (none of them is removed then). */
async function readWhatIsThere(ctx: TeardownContext, scope: TeardownScope, doing: string) {
  const read = await withSpinner(ctx, doing, () => readTeardownState(ctx.clients, scope));
  if (read.ownAlarmsDenied) {
    ctx.ui.warn(
      `Could not read the alarms sm-autoscale creates: access denied to ${OWN_ALARMS_ACTION}; none is removed (a later teardown with that permission removes any left behind).`,
    );
  }
  if (read.inferenceComponentsDenied && scope.kind === "endpoint") {
    ctx.ui.warn(
      `Could not list the inference components of ${scope.endpointName}: access denied to ${INFERENCE_COMPONENTS_ACTION}; their autoscaling is not removed (a later teardown with that permission removes it).`,
    );
  }
  return read;
}

function choiceLine(ctx: Pick<Context, "ui">, t: TeardownTarget): string {
  const { target, policies, scheduledActions } = t;
  const details = [
    `${target.MinCapacity}–${target.MaxCapacity}`,
    `${policies.length} ${policies.length === 1 ? "policy" : "policies"}`,
    ...(scheduledActions.length > 0
      ? [`${scheduledActions.length} scheduled action${scheduledActions.length === 1 ? "" : "s"}`]
      : []),
  ].join(", ");
  return `${describeResource(target.ResourceId ?? "", target.ScalableDimension)}  ${ctx.ui.color.dim(details)}`;
}

async function confirm(ctx: TeardownContext, scope: TeardownScope, region: string): Promise<void> {
  const prompter = await ctx.prompter();
  if (scope.kind === "all") {
    // Removing a whole region's autoscaling deserves more than a y/N: the user types where it happens.
    await prompter.input({
      id: "confirmRegion",
      message: `This removes the autoscaling of every SageMaker scalable target in ${region}. Type the region name to confirm:`,
      validate: (value) =>
        value.trim() === region ? true : `Type ${region} exactly to go on, or press Ctrl-C to cancel.`,
    });
    return;
  }
  const ok = await prompter.confirm({ id: "confirm", message: "Remove this autoscaling?", default: false });
  if (!ok) throw new CancelledError("Cancelled; no changes made.", 1);
}

/**
 * One line per endpoint (and inference component) in the plan, saying that only its autoscaling goes: the
 * instance count stays where it is now. An endpoint that no longer exists is said to be one. The counts are only
 * shown, so a denied DescribeEndpoint is a note, not a failure: the lines then say "its current instance count".
 */
export async function whatEndpointsKeep(
  ctx: Pick<Context, "clients">,
  targets: TeardownTarget[],
): Promise<{ lines: string[]; existing: string[]; note?: string | undefined }> {
  const names = endpointNames(targets);
  let denied = false;
  const counts = await mapLimit(names, DESCRIBE_CONCURRENCY, async (name) => {
    try {
      return await readEndpointCounts(ctx.clients, name);
    } catch (error) {
      if (!isAccessDenied(error)) throw error;
      denied = true;
      return undefined;
    }
  });
  const unknown: EndpointCounts = { exists: true, variants: [] };
  const lines = names.map((name, i) => keepsLine(name, counts[i] ?? unknown, targets));
  for (const t of targets) {
    const parsed = parseResourceId(t.target.ResourceId ?? "");
    if (parsed.kind === "inference-component") {
      lines.push(
        `Removing autoscaling only: inference component ${parsed.inferenceComponentName} keeps its current copy count; nothing on it changes.`,
      );
    }
  }
  return {
    lines,
    // Unknown is taken to exist: it only decides the "Next:" hint.
    existing: names.filter((_, i) => counts[i]?.exists ?? true),
    note: denied
      ? `Could not read the endpoints' instance counts: access denied to ${ENDPOINT_COUNTS_ACTION}; teardown changes only autoscaling either way.`
      : undefined,
  };
}

const ENDPOINT_COUNTS_ACTION = "sagemaker:DescribeEndpoint";

/** Pure: the sentence for one endpoint, from DescribeEndpoint's answer and the targets being removed. */
export function keepsLine(endpointName: string, counts: EndpointCounts, targets: TeardownTarget[]): string {
  if (!counts.exists) {
    // The name comes from an orphan's ResourceId, which may hold line breaks: never a line of its own.
    return `Endpoint ${printableLine(endpointName)} does not exist (any more): removing the autoscaling it left behind; there is no endpoint to change.`;
  }
  const mine = targets.flatMap((t) => {
    const parsed = parseResourceId(t.target.ResourceId ?? "");
    return parsed.kind === "variant" && parsed.endpointName === endpointName
      ? [{ variantName: parsed.variantName, dimension: t.target.ScalableDimension }]
      : [];
  });
  const parts = mine.map(({ variantName, dimension }) => {
    const live = counts.variants.find((v) => v.variantName === variantName);
    if (dimension === DIMENSION.provisionedConcurrency) {
      return {
        variantName,
        text:
          live?.provisionedConcurrency === undefined
            ? "current provisioned concurrency"
            : `provisioned concurrency of ${live.provisionedConcurrency}`,
        instances: undefined,
      };
    }
    const n = live?.currentInstanceCount;
    return {
      variantName,
      text: n === undefined ? "current instance count" : `${n} instance(s)`,
      instances: n,
    };
  });
  let kept: string;
  if (parts.length === 1) {
    const only = parts[0]!;
    kept = only.instances === undefined ? `its ${only.text}` : `its current ${only.text}`;
    // On an endpoint of several variants, the count is that variant's, not the endpoint's.
    if (counts.variants.length > 1) kept += ` on variant ${only.variantName}`;
  } else if (parts.every((p) => p.instances !== undefined)) {
    const total = parts.reduce((sum, p) => sum + (p.instances ?? 0), 0);
    kept = `its current ${total} instance(s) (${parts.map((p) => `${p.variantName}: ${p.instances}`).join(", ")})`;
  } else {
    kept = `its current capacity (${parts.map((p) => `${p.variantName}: ${p.text}`).join(", ")})`;
  }
  return `Removing autoscaling only: endpoint ${endpointName} keeps ${kept}; nothing on the endpoint itself changes.`;
}

function endpointNames(targets: TeardownTarget[]): string[] {
  const names = targets.flatMap((t) => {
    const parsed = parseResourceId(t.target.ResourceId ?? "");
    return parsed.kind === "variant" ? [parsed.endpointName] : [];
  });
  return [...new Set(names)].sort();
}

async function nothingThere(
  ctx: Pick<Context, "clients">,
  scope: TeardownScope,
  region: string,
): Promise<string> {
  switch (scope.kind) {
    case "endpoint": {
      // A typo and a clean endpoint (or variant) both have nothing to remove; only the first needs its name checked.
      const counts = await endpointCounts(ctx, scope.endpointName);
      if (counts?.exists === false) {
        return `there is no endpoint "${scope.endpointName}" in ${region}, and no autoscaling left behind by one of that name. Check the name and the region; \`sm-autoscale describe\` lists what there is.`;
      }
      if (scope.variantName === undefined)
        return `endpoint ${scope.endpointName} has no autoscaling in ${region}.`;
      const variants = counts?.variants.map((v) => v.variantName) ?? [];
      if (variants.length > 0 && !variants.includes(scope.variantName)) {
        return `endpoint ${scope.endpointName} has no variant "${scope.variantName}" (its variants: ${variants.join(", ")}), and no autoscaling left behind by one of that name. Check the name.`;
      }
      return `variant ${scope.variantName} of endpoint ${scope.endpointName} has no autoscaling in ${region}.`;
    }
    case "all":
      return `there is no SageMaker autoscaling in ${region}.`;
    case "resources":
      return "the chosen targets have no autoscaling any more.";
  }
}

/** Whether the endpoint exists, and its variants; undefined when that cannot be read (it only shapes the message). */
async function endpointCounts(
  ctx: Pick<Context, "clients">,
  endpointName: string,
): Promise<EndpointCounts | undefined> {
  try {
    return await readEndpointCounts(ctx.clients, endpointName);
  } catch {
    return undefined;
  }
}

function titleOf(scope: TeardownScope, state: TeardownState, region: string): string {
  const n = state.targets.length;
  const targets = `${n} scalable target${n === 1 ? "" : "s"}`;
  switch (scope.kind) {
    case "endpoint":
      return scope.variantName === undefined
        ? `Remove the autoscaling of endpoint ${scope.endpointName} (${targets})`
        : `Remove the autoscaling of ${scope.endpointName}/${scope.variantName}`;
    case "all":
      return `Remove every SageMaker autoscaling in ${region} (${targets})`;
    case "resources":
      return `Remove the autoscaling of ${targets}`;
  }
}
