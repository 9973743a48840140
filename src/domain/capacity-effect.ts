/**
 * RegisterScalableTarget "changes the resource's current capacity to a value that is inside of this range"
 * (facts doc §14): registering [min, max] moves the variant's instance count into it at once, before any
 * policy or alarm is involved. This says what that move is, in one line, before anyone is asked to agree.
 */

/**
 * Launching more instances than this at once deserves a deliberate yes: a step of one to three is an ordinary
 * adjustment of a small fleet, while a larger jump (a typo such as --min 50 for 5, or a range copied from another
 * endpoint) multiplies the bill at once and can hit the account's instance quota. Above it the confirmation
 * defaults to No.
 */
export const LARGE_LAUNCH = 3;

export interface CapacityEffectInput {
  min: number;
  max: number;
  /** The variant's counts from DescribeEndpoint. The desired count is what AAS clamps; current is what runs. */
  currentInstanceCount?: number | undefined;
  desiredInstanceCount?: number | undefined;
  instanceType?: string | undefined;
  /** What the capacity counts (default instances): copies of an inference component, provisioned concurrency. */
  unit?: { one: string; many: string } | undefined;
}

export interface CapacityEffect {
  kind: "launch" | "scale-in" | "stays" | "unknown";
  from?: number | undefined;
  to?: number | undefined;
  /** One line, e.g. "Registering 3–5 launches 2 instances now: 1 → 3 (ml.m5.large)". */
  line: string;
  /** True when the change deserves a deliberate yes: it removes instances, or launches more than LARGE_LAUNCH. */
  cautious: boolean;
}

export function capacityEffect(input: CapacityEffectInput): CapacityEffect {
  const range = `${input.min}–${input.max}`;
  const unit = input.unit ?? { one: "instance", many: "instances" };
  const instances = unit.many === "instances";
  const from = input.desiredInstanceCount ?? input.currentInstanceCount;
  const type = input.instanceType ? ` (${input.instanceType})` : "";
  if (from === undefined) {
    return {
      kind: "unknown",
      line: `Registering ${range} moves the ${instances ? "instance count" : `number of ${unit.many}`} into that range at once; its current count is unknown${type}.`,
      // Not knowing the count, a minimum that alone could be a large launch (or a maximum that could scale in
      // anything above it) is treated as one.
      cautious: input.min > LARGE_LAUNCH,
    };
  }
  const to = Math.min(Math.max(from, input.min), input.max);
  const running =
    input.currentInstanceCount !== undefined &&
    input.desiredInstanceCount !== undefined &&
    input.currentInstanceCount !== input.desiredInstanceCount
      ? ` (${input.currentInstanceCount} running while the endpoint moves to ${input.desiredInstanceCount})`
      : "";
  if (to > from) {
    const n = to - from;
    return {
      kind: "launch",
      from,
      to,
      line: `Registering ${range} ${instances ? "launches" : "adds"} ${n} ${n === 1 ? unit.one : unit.many} now: ${from} → ${to}${type}${running}.`,
      cautious: n > LARGE_LAUNCH,
    };
  }
  if (to < from) {
    return {
      kind: "scale-in",
      from,
      to,
      line: `Registering ${range} scales in now: ${from} → ${to}${type}${running}.`,
      cautious: true,
    };
  }
  return {
    kind: "stays",
    from,
    to,
    line: `Registering ${range} keeps the ${instances ? "instance count" : `number of ${unit.many}`} at ${from}${type}${running}.`,
    cautious: false,
  };
}
