import { instanceSpec } from "./instance-types.js";
import type { Signal } from "./scaling-kinds.js";

/**
 * The vCPU or GPU count a utilisation target is multiplied by (§8). sm-autoscale's own instance table
 * (instance-types.ts) is the authority for the types it lists; `--vcpus` / `--gpus` exist only for the types it
 * lacks, so a flag that disagrees with a listed type is refused with the table's figure, never taken over it.
 * A variant on instance pools has one scale only when every pool has the same count.
 */
export type PerUnit = NonNullable<Signal["perUnit"]>;

/** What the table gives an instance type, or undefined for a type it has no row for. */
export type KnownFigures = (instanceType: string) => { vcpus: number; gpus: number } | undefined;

/** The figures sm-autoscale ships (instance-types.ts). */
export const shippedFigures: KnownFigures = (type) => {
  const spec = instanceSpec(type);
  return spec ? { vcpus: spec.vcpus, gpus: spec.gpus } : undefined;
};

export type UnitCount =
  /** The count to multiply by, from the table or (for a type the table lacks) the flag. */
  | { count: number }
  /**
   * The table has no figure for these types and no flag gave one: ask, or (without a terminal) require the flag.
   * `sameAs`: the count the variant's other pools have, which the answer must match for one scale.
   */
  | { missing: string[]; sameAs?: { type: string; count: number } | undefined }
  /**
   * The signal cannot scale this variant, or the flag contradicts the table. `problem`: a sentence for the flag's
   * usage error; `reason`: a few words for a greyed-out choice.
   */
  | { problem: string; reason: string };

export function unitFlag(per: PerUnit): "--vcpus" | "--gpus" {
  return per === "vCPU" ? "--vcpus" : "--gpus";
}

/** The `--metric` choices a `--vcpus` or `--gpus` count is for. */
export function unitFlagMetrics(per: PerUnit): string {
  return per === "vCPU" ? "--metric cpu" : "--metric gpu or gpu-memory";
}

/** "1 GPU", "4 vCPUs". */
export function unitsOf(count: number, per: PerUnit): string {
  return `${count} ${per}${count === 1 ? "" : "s"}`;
}

/**
 * The count for `signal` on a variant of these instance types (one, or its pools; none when not known), with
 * `given` from the flag. Pure. `instead` names what to scale on when the signal cannot scale the variant
 * ("cpu, memory, invocations or concurrency").
 */
export function unitCountOf(
  signal: Signal & { perUnit: PerUnit },
  types: string[],
  given: number | undefined,
  known: KnownFigures,
  instead: string,
): UnitCount {
  const per = signal.perUnit;
  const flag = unitFlag(per);
  const rows = types.map((type) => {
    const figures = known(type);
    return { type, count: figures ? (per === "vCPU" ? figures.vcpus : figures.gpus) : undefined };
  });
  const disagrees = `${flag} ${given} disagrees with sm-autoscale's instance table: `;
  const noGpu = rows.find((r) => r.count === 0);
  if (noGpu) {
    const pool = rows.length > 1 ? " (one of its instance pools)" : "";
    return {
      problem: `${given !== undefined ? disagrees : ""}${noGpu.type}${pool} has no GPU${given !== undefined ? ", so" : ":"} --metric ${signal.id} cannot scale it. Use ${instead}.`,
      reason: `${noGpu.type} has no GPU`,
    };
  }
  if (given !== undefined) {
    const off = rows.find((r) => r.count !== undefined && r.count !== given);
    if (off) {
      return {
        problem: `${disagrees}${off.type} has ${unitsOf(off.count!, per)}. ${flag} is only for instance types the table lacks: leave it out.`,
        reason: `${off.type} has ${unitsOf(off.count!, per)}`,
      };
    }
  }
  const listed = rows.filter((r): r is { type: string; count: number } => r.count !== undefined);
  if (new Set(listed.map((r) => r.count)).size > 1) {
    const counts = listed.map((r) => `${r.type} ${r.count}`).join(", ");
    return {
      problem: `--metric ${signal.id} cannot scale it: its instance pools differ in ${per}s (${counts}), so the metric has no single scale across them. Use ${instead}.`,
      reason: `its pools differ in ${per}s: ${counts}`,
    };
  }
  if (given !== undefined) return { count: given };
  const missing = rows.filter((r) => r.count === undefined).map((r) => r.type);
  if (missing.length > 0 || rows.length === 0) return { missing, sameAs: listed[0] };
  return { count: listed[0]!.count };
}
