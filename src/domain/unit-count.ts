import type { Signal } from "./scaling-kinds.js";

/**
 * The vCPU or GPU count a utilisation target is multiplied by (§8). sm-autoscale's own instance table
 * (instance-types.ts) is the authority for the types it lists; `--vcpus` / `--gpus` exist only for the types it
 * lacks, so a flag that disagrees with a listed type is refused with the table's figure, never taken over it.
 */
export type PerUnit = NonNullable<Signal["perUnit"]>;

/** What the table gives an instance type, or undefined for a type it has no row for. */
export type KnownFigures = (instanceType: string) => { vcpus: number; gpus: number } | undefined;

export type UnitCount =
  /** The count to multiply by, from the table or (for a type the table lacks) the flag. */
  | { count: number }
  /** The table has no figure for this type and no flag gave one: ask, or (without a terminal) require the flag. */
  | { missing: true }
  /** The signal cannot scale this instance type, or the flag contradicts the table: one sentence, a usage error. */
  | { problem: string };

export function unitFlag(per: PerUnit): "--vcpus" | "--gpus" {
  return per === "vCPU" ? "--vcpus" : "--gpus";
}

/** The `--metric` choices a `--vcpus` or `--gpus` count is for. */
export function unitFlagMetrics(per: PerUnit): string {
  return per === "vCPU" ? "--metric cpu" : "--metric gpu or gpu-memory";
}

/**
 * The count for `signal` on `instanceType` (undefined: not known), with `given` from the flag. Pure.
 * `otherChoices` names what to use instead when the type has no GPU ("cpu, memory, invocations or concurrency").
 */
export function unitCountOf(
  signal: Signal & { perUnit: PerUnit },
  instanceType: string | undefined,
  given: number | undefined,
  known: KnownFigures,
  otherChoices: string,
): UnitCount {
  const per = signal.perUnit;
  const flag = unitFlag(per);
  const figures = instanceType ? known(instanceType) : undefined;
  const table = figures ? (per === "vCPU" ? figures.vcpus : figures.gpus) : undefined;
  const disagrees = `${flag} ${given} disagrees with sm-autoscale's instance table: `;
  if (table === 0) {
    return {
      problem: `${given !== undefined ? disagrees : ""}${instanceType} has no GPU${given !== undefined ? ", so" : ":"} --metric ${signal.id} cannot scale it. Use ${otherChoices}.`,
    };
  }
  if (table !== undefined) {
    if (given !== undefined && given !== table) {
      return {
        problem: `${disagrees}${instanceType} has ${table} ${per}${table === 1 ? "" : "s"}. ${flag} is only for instance types the table lacks: leave it out.`,
      };
    }
    return { count: table };
  }
  return given !== undefined ? { count: given } : { missing: true };
}
