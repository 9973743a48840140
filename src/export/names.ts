import { createHash } from "node:crypto";
import { DIMENSION } from "../domain/constants.js";
import { parseResourceId } from "../domain/names.js";
import type { ExportModel, TargetKey } from "./model.js";

/**
 * The names each format gives the exported resources (CloudFormation logical IDs, CDK construct IDs, Terraform
 * resource names, Kubernetes object names), derived from the AWS names alone, so that the same resource keeps
 * its name from one export to the next. Where names spell the same (`my-ep` and `myEp`), the oldest resource keeps
 * the plain name and the others get a short hash of their AWS name appended, as does a name too long for the
 * format: so a resource created later never renames one already exported (in a deployed stack, a renamed
 * resource is replaced).
 */

/** The words of a name: split at anything not a letter or digit, and at camelCase humps ("AllTraffic"). */
export function words(name: string): string[] {
  // "SageMaker" is one word, not "Sage" and "Maker".
  const parts = name.replace(/SageMaker/g, "Sagemaker").split(/[^A-Za-z0-9]+/);
  return parts.flatMap((part) => part.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? []);
}

export const pascal = (ws: string[]) =>
  ws.map((w) => (w === "Sagemaker" ? "SageMaker" : w.charAt(0).toUpperCase() + w.slice(1))).join("");
export const snake = (ws: string[]) => ws.map((w) => w.toLowerCase()).join("_");
export const kebab = (ws: string[]) => ws.map((w) => w.toLowerCase()).join("-");

/** The words that name a scalable target: its endpoint and variant, or its inference component. */
export function targetWords(key: TargetKey): string[] {
  const parsed = parseResourceId(key.resourceId);
  if (parsed.kind === "variant") {
    return [
      ...words(parsed.endpointName),
      ...words(parsed.variantName),
      ...(key.dimension === DIMENSION.provisionedConcurrency ? ["provisioned", "concurrency"] : []),
    ];
  }
  if (parsed.kind === "inference-component") return words(parsed.inferenceComponentName);
  return words(key.resourceId);
}

export const hash8 = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 8);

export interface NameRule {
  /** The words joined as the format spells names. */
  join(ws: string[]): string;
  /** How a hash is appended: "Ab12cd34", "_ab12cd34", "-ab12cd34". */
  withHash(name: string, hash: string): string;
  maxLength: number;
  /** Makes a name the format accepts out of one that starts wrongly (a digit, for Terraform). */
  start?(name: string): string;
}

/**
 * Unique names for items identified by `id` (the AWS identity: stable), from their words. Of the items whose
 * names collide, the oldest (`created`; one not created yet counts as newest; then the smaller id) keeps the
 * name and the others get the hash of their id; so does a name that is too long.
 */
export function uniqueNames(items: NamedItem[], rule: NameRule): Map<string, string> {
  const candidate = (item: NamedItem) => {
    const suffix = item.suffix ?? [];
    const last = item.words.slice(-suffix.length).map((w) => w.toLowerCase());
    const ends = suffix.length > 0 && suffix.every((w, i) => w.toLowerCase() === last[i]);
    const name = rule.join(ends ? item.words : [...item.words, ...suffix]);
    return rule.start ? rule.start(name) : name;
  };
  const first = new Map<string, string>();
  /** The item that keeps each name: the oldest of those that spell it. */
  const keeper = new Map<string, NamedItem>();
  for (const item of items) {
    const name = candidate(item);
    first.set(item.id, name);
    const kept = keeper.get(name);
    if (kept === undefined || older(item, kept)) keeper.set(name, item);
  }
  const out = new Map<string, string>();
  for (const item of items) {
    const name = first.get(item.id)!;
    const clash = keeper.get(name)!.id !== item.id;
    const empty = item.words.length === 0;
    if (!clash && !empty && name.length <= rule.maxLength) {
      out.set(item.id, name);
      continue;
    }
    const hash = hash8(item.id);
    const room = rule.maxLength - rule.withHash("", hash).length;
    out.set(item.id, rule.withHash(name.slice(0, Math.max(room, 0)), hash));
  }
  return out;
}

/** Whether `a` was created before `b`: by creation time (none: not created yet, so newest), then by id. */
function older(a: NamedItem, b: NamedItem): boolean {
  const at = a.created?.getTime() ?? Number.POSITIVE_INFINITY;
  const bt = b.created?.getTime() ?? Number.POSITIVE_INFINITY;
  return at !== bt ? at < bt : a.id < b.id;
}

export interface NamedItem {
  /** The AWS identity of the resource: what the name is stable for. */
  id: string;
  /** When AWS created it (live resources; CloudWatch does not say for alarms). */
  created?: Date | undefined;
  words: string[];
  /** Words the name ends with ("target"; "policy" unless its words already end so). */
  suffix?: string[] | undefined;
}

/** The identities the names are keyed by. */
export const targetId = (key: TargetKey) => `target|${key.resourceId}|${key.dimension}`;
export const policyId = (key: TargetKey, name: string) => `policy|${key.resourceId}|${key.dimension}|${name}`;
export const scheduledActionId = (key: TargetKey, name: string) =>
  `scheduled|${key.resourceId}|${key.dimension}|${name}`;
export const alarmId = (name: string) => `alarm|${name}`;

/** Every resource of the model with its words: targets, policies, scheduled actions and alarms. */
export function namedItems(model: ExportModel): {
  targets: NamedItem[];
  policies: NamedItem[];
  scheduledActions: NamedItem[];
  alarms: NamedItem[];
} {
  return {
    targets: model.targets.map((t) => ({
      id: targetId(t.key),
      words: targetWords(t.key),
      created: t.created,
    })),
    policies: model.targets.flatMap((t) =>
      t.policies.map((p) => ({
        id: policyId(t.key, p.name),
        words: [...targetWords(t.key), ...words(p.name)],
        created: p.created,
      })),
    ),
    scheduledActions: model.targets.flatMap((t) =>
      t.scheduledActions.map((a) => ({
        id: scheduledActionId(t.key, a.name),
        words: [...targetWords(t.key), ...words(a.name)],
        created: a.created,
      })),
    ),
    alarms: model.alarms.map((a) => ({ id: alarmId(a.name), words: words(a.name) })),
  };
}
