import type { ScalingActivity } from "@aws-sdk/client-application-auto-scaling";
import { failedOperation, isAccessDenied } from "../aws/error-codes.js";
import type { EndpointQuota } from "../aws/quotas.js";
import { endpointQuotaName } from "../aws/quotas.js";
import { readTargetState } from "../aws/scaling-read.js";
import { type EndpointCounts, readEndpointCounts } from "../aws/teardown-read.js";
import { type LiveSettings, renderSettingChanges, settingChanges } from "../domain/init-changes.js";
import type { QuotaUsage } from "../domain/quota-usage.js";
import type { ScalingKind, ScalingSubject } from "../domain/scaling-kinds.js";
import { formatNumber } from "../domain/suggest.js";
import { countOf } from "../domain/words.js";
import { CancelledError, CommandError, explainError } from "../errors.js";
import type { ExistingScaling, InitSettings } from "../plan/build-init.js";
import { renderSetInstanceCount } from "../plan/render-cli.js";
import { describePolicyLine } from "../ui/describe-policy.js";
import { type ChangeContext, withSpinner } from "./common.js";

/** What `init` says around its questions and its plan: the resource, the changes, the optional checks, the result. */
type InitContext = ChangeContext;

/** The resource as it is now: its capacity, and any autoscaling it has. */
export function showSubject(
  ctx: InitContext,
  kind: ScalingKind,
  subject: ScalingSubject,
  existing: ExistingScaling,
): void {
  const { ui } = ctx;
  ui.heading(kind.where(subject).replace(/ \(inference component\)$/, ""));
  if (kind.id === "inference-component") {
    const mis = subject.managedInstanceScaling;
    const instances =
      mis?.status === "ENABLED"
        ? `managed instance scaling ${mis.min ?? "?"} to ${mis.max ?? "?"} instances`
        : "no managed instance scaling";
    ui.info(
      `  Inference component on ${subject.endpointName}/${subject.variantName}: ${countOf(subject.component?.currentCopyCount, kind.unit)} now (desired ${subject.component?.desiredCopyCount ?? "?"}); the endpoint has ${instances}`,
    );
  } else if (kind.id === "serverless") {
    ui.info(
      `  Serverless, provisioned concurrency ${subject.serverless?.provisionedConcurrency ?? "?"} (MaxConcurrency ${subject.serverless?.maxConcurrency ?? "?"})`,
    );
  } else {
    const count = `${countOf(subject.currentInstanceCount, kind.unit)} now (desired ${subject.desiredInstanceCount ?? "?"})`;
    ui.info(`  ${kind.id === "async" ? "Asynchronous, " : ""}${subject.instanceType}, ${count}`);
  }
  if (existing.target) {
    ui.info(
      `  Already a scalable target: ${existing.target.MinCapacity} to ${existing.target.MaxCapacity} ${kind.capacityName}`,
    );
  } else {
    ui.info("  Not autoscaled yet");
  }
  for (const policy of existing.policies) ui.info(`  ${describePolicyLine(policy)}`);
}

/** Before → after of every value `init` sets, on a resource that has autoscaling already. */
export function showChanges(
  ctx: InitContext,
  kind: ScalingKind,
  where: string,
  live: LiveSettings,
  settings: InitSettings,
): void {
  const { ui } = ctx;
  const changes = settingChanges(live, settings, kind);
  ui.heading(`Changes to ${where}`);
  renderSettingChanges(changes).forEach((line, i) => {
    ui.info(changes[i]!.changed ? `  ${line}` : ui.color.dim(`  ${line}`));
  });
}

/**
 * Reads the autoscaling back and shows it. The changes are in place by now: a failed read changes nothing of
 * that, so it is a warning and the run still succeeds.
 */
export async function showResult(
  ctx: InitContext,
  kind: ScalingKind,
  subject: ScalingSubject,
): Promise<void> {
  const { ui } = ctx;
  const where = kind.where(subject);
  const next = `Next: sm-autoscale describe --endpoint ${subject.endpointName}`;
  let after: Awaited<ReturnType<typeof readTargetState>>;
  try {
    after = await withSpinner(ctx, "Reading back the result", () =>
      readTargetState(ctx.clients, kind.resourceId(subject), kind.dimension),
    );
  } catch (error) {
    ui.warn(
      `The changes above are in place, but reading them back failed: ${explainError(error).message} See them with \`sm-autoscale describe --endpoint ${subject.endpointName}\`.`,
    );
    return;
  }
  if (!after.target) {
    // Applied, then removed by someone else before the read (a teardown, the console): say what is true now.
    ui.warn(
      `The changes above were applied, but ${where} has no scalable target now: another writer removed it since. See \`sm-autoscale describe --endpoint ${subject.endpointName}\`.`,
    );
    return;
  }
  ui.heading(`Autoscaling of ${where} is now:`);
  ui.info(
    `  Scalable target   ${after.target.MinCapacity} to ${after.target.MaxCapacity} ${kind.capacityName}`,
  );
  for (const policy of after.policies) ui.info(`  ${describePolicyLine(policy)}`);
  ui.info("");
  ui.info(next);
}

/**
 * Registering moved the instance count (from → to) the moment it ran; rolling the autoscaling back does not move
 * it again. Says so, with the command that sets the count back.
 */
export function instanceCountNotRestored(
  ctx: InitContext,
  endpointName: string,
  variantName: string,
  from: number,
  to: number,
): string {
  const command = renderSetInstanceCount(endpointName, variantName, from, ctx.target);
  return `Registering had already moved the instance count (${from} → ${to}), and rolling back the autoscaling does not move it back. To return to ${from}: ${command}`;
}

/**
 * A step failed. The plan was built on the endpoint as read before; if it has been deleted since, or has left
 * InService, that is the cause whatever words AWS used, so say it plainly. Otherwise the error stands.
 */
export async function endpointChangedSince(
  ctx: InitContext,
  endpointName: string,
  error: unknown,
): Promise<unknown> {
  if (error instanceof CancelledError) return error;
  let now: EndpointCounts;
  try {
    now = await readEndpointCounts(ctx.clients, endpointName);
  } catch {
    return error;
  }
  if (!now.exists) {
    return new CommandError(
      `Endpoint "${endpointName}" no longer exists in ${ctx.target.region}: it was deleted while its autoscaling was being set up.`,
      "AWS removes an endpoint's autoscaling with the endpoint. Run `sm-autoscale init` again once the endpoint exists.",
    );
  }
  if (now.status && now.status !== "InService") {
    return new CommandError(
      `Endpoint "${endpointName}" became ${now.status} while its autoscaling was being set up, and AWS refused the change.`,
      "Wait until it is InService, then run this again.",
    );
  }
  return error;
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** An optional read as a value: it never rejects, so it can run beside the questions and be looked at later. */
export function settle<T>(work: Promise<T>): Promise<Settled<T>> {
  return work.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/**
 * One line for an optional read that failed: the IAM action it needs, whether it was denied or failed otherwise,
 * and what the run does without it.
 */
export function optionalReadProblem(action: string, error: unknown, without: string): string {
  if (isAccessDenied(error)) return `${action} is denied to your identity: ${without}.`;
  return `${action} failed (${explainError(error).message.replace(/\.$/, "")}): ${without}.`;
}

/**
 * Warn when the maximum exceeds what the account's quota for the instance type leaves: the quota less what the
 * other variants read already run of it (domain/quota-usage.ts). Where only this endpoint was read, the note says
 * that other endpoints share the quota and were not counted. A read that fails is only a note.
 */
export async function reportQuota(
  ctx: InitContext,
  instanceType: string | undefined,
  max: number,
  read: Settled<EndpointQuota | undefined>,
  usage: QuotaUsage | undefined,
  self: { endpointName: string },
): Promise<void> {
  const { ui } = ctx;
  if (!instanceType) return;
  if (!read.ok) {
    const { service, operation } = failedOperation(read.error);
    ui.note(
      optionalReadProblem(
        service && operation ? `${service}:${operation}` : "servicequotas:ListServiceQuotas",
        read.error,
        `the maximum was not checked against the account's quota for ${instanceType}`,
      ),
    );
    return;
  }
  const quota = read.value;
  if (!quota) {
    ui.note(
      `Service Quotas lists no "${endpointQuotaName(instanceType)}" quota here: the maximum was not checked against one.`,
    );
    return;
  }
  const { region } = ctx.target;
  const code = quota.code ? ` (quota code ${quota.code})` : "";
  // Without an applied value, Service Quotas has only AWS's default for the type: say which it is.
  const which = `${quota.isDefault ? "the default quota" : "this account's quota"} of ${formatNumber(quota.value)} for "${quota.name}"`;
  const inUse = usage?.inUse ?? 0;
  const room = Math.max(0, quota.value - inUse);
  const fails = `scale-outs past it fail with ResourceLimitExceeded. Request an increase in Service Quotas${code}.`;
  if (max > quota.value) {
    ui.warn(`The maximum of ${max} is above ${which} in ${region}, shared by all its endpoints: ${fails}`);
    return;
  }
  const where = usage ? runningElsewhere(usage, self.endpointName) : "";
  const notCounted = usage ? uncountedClause(usage) : "";
  if (max > room) {
    ui.warn(
      `The maximum of ${max} is above what ${which} leaves in ${region}: ${inUse} already run ${where}, leaving ${room === 0 ? "none" : room}${notCounted}; ${fails}`,
    );
    return;
  }
  if (usage?.scope === "region") {
    ui.note(
      inUse === 0
        ? `The maximum of ${max} is within ${which}, and no other variant in ${region} runs ${instanceType}${notCounted}.`
        : `The maximum of ${max} fits ${which} in ${region}: ${inUse} already run ${where}, leaving ${room}${notCounted}.`,
    );
    return;
  }
  const less = inUse === 0 ? "" : `, less the ${inUse} ${where} (${room} left)`;
  ui.note(
    `The maximum of ${max} is within ${which}${less}; all endpoints in ${region} share that quota, and what the other endpoints run of it was not checked.`,
  );
}

/** "on ranker-shadow (2) and this endpoint's other variants (1)". */
function runningElsewhere(usage: QuotaUsage, endpointName: string): string {
  const parts = usage.byEndpoint.map((e) =>
    e.endpointName === endpointName
      ? `this endpoint's other variants (${e.count})`
      : `${e.endpointName} (${e.count})`,
  );
  const listed =
    parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
  return usage.byEndpoint.length === 1 && usage.byEndpoint[0]!.endpointName === endpointName
    ? `on this endpoint's other variants`
    : `on ${listed}`;
}

/** What the count leaves out, said where it matters: "; 1 endpoint not InService was not counted". */
function uncountedClause(usage: QuotaUsage): string {
  const parts = [
    usage.unread > 0
      ? `${usage.unread} endpoint${usage.unread === 1 ? "" : "s"} not InService or not readable`
      : undefined,
    usage.uncounted > 0
      ? `${usage.uncounted} variant${usage.uncounted === 1 ? "" : "s"} whose count of the type is not reported`
      : undefined,
  ].filter((p) => p !== undefined);
  if (parts.length === 0) return "";
  const many = usage.unread + usage.uncounted > 1;
  return ` (${parts.join(" and ")} ${many ? "were" : "was"} not counted)`;
}

/** facts §9 Limits: hitting the account's instance quota shows only as a failed scaling activity. */
export function reportLimitActivity(ctx: InitContext, read: Settled<ScalingActivity[]>): void {
  const { ui } = ctx;
  if (!read.ok) {
    ui.note(
      optionalReadProblem(
        "application-autoscaling:DescribeScalingActivities",
        read.error,
        "recent scaling failures were not checked",
      ),
    );
    return;
  }
  const hit = read.value.find((a) => /ResourceLimitExceeded/.test(a.StatusMessage ?? ""));
  if (!hit) return;
  const when = hit.StartTime ? ` on ${hit.StartTime.toISOString().slice(0, 16).replace("T", " ")} UTC` : "";
  const what = (hit.StatusMessage ?? "").replace(/\s+/g, " ").trim();
  ui.warn(`A recent scaling of this variant${when} hit the account's instance quota: ${what}`);
}
