import { createHash } from "node:crypto";
import { DIMENSION } from "../domain/constants.js";
import { parseResourceId } from "../domain/names.js";
import type { ExportModel, TargetKey } from "./model.js";

/**
 * The names each format gives the exported resources (CloudFormation logical IDs, CDK construct IDs, Terraform
 * resource names, Kubernetes object names), derived from the AWS names alone, so that the same resource keeps
 * its name from one export to the next. Two resources whose names spell the same (`my-ep` and `myEp`), or a name
 * too long for the format, get a short hash of the AWS name appended: still stable, and unique.
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
 * Unique names for items identified by `id` (the AWS identity: stable), from their words. Names that collide
 * between different ids, or are too long, all get the hash of their id.
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
  const seen = new Map<string, Set<string>>();
  for (const item of items) {
    const name = candidate(item);
    first.set(item.id, name);
    seen.set(name, (seen.get(name) ?? new Set()).add(item.id));
  }
  const out = new Map<string, string>();
  for (const item of items) {
    const name = first.get(item.id)!;
    const clash = (seen.get(name)?.size ?? 0) > 1;
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

export interface NamedItem {
  /** The AWS identity of the resource: what the name is stable for. */
  id: string;
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
    targets: model.targets.map((t) => ({ id: targetId(t.key), words: targetWords(t.key) })),
    policies: model.targets.flatMap((t) =>
      t.policies.map((p) => ({
        id: policyId(t.key, p.name),
        words: [...targetWords(t.key), ...words(p.name)],
      })),
    ),
    scheduledActions: model.targets.flatMap((t) =>
      t.scheduledActions.map((a) => ({
        id: scheduledActionId(t.key, a.name),
        words: [...targetWords(t.key), ...words(a.name)],
      })),
    ),
    alarms: model.alarms.map((a) => ({ id: alarmId(a.name), words: words(a.name) })),
  };
}
