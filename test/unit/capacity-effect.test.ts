import { describe, expect, it } from "vitest";
import { capacityEffect, LARGE_LAUNCH } from "../../src/domain/capacity-effect.js";

const at = (count: number | undefined, min: number, max: number) =>
  capacityEffect({
    min,
    max,
    currentInstanceCount: count,
    desiredInstanceCount: count,
    instanceType: "ml.m5.large",
  });

describe("capacityEffect: what registering [min, max] does to the instance count at once (§14)", () => {
  it.each([
    [1, 3, 5, "launch", "Registering 3–5 launches 2 instances now: 1 → 3 (ml.m5.large).", false],
    [1, 2, 4, "launch", "Registering 2–4 launches 1 instance now: 1 → 2 (ml.m5.large).", false],
    [2, 1, 1, "scale-in", "Registering 1–1 scales in now: 2 → 1 (ml.m5.large).", true],
    [6, 1, 4, "scale-in", "Registering 1–4 scales in now: 6 → 4 (ml.m5.large).", true],
    [2, 1, 4, "stays", "Registering 1–4 keeps the instance count at 2 (ml.m5.large).", false],
    [4, 4, 4, "stays", "Registering 4–4 keeps the instance count at 4 (ml.m5.large).", false],
  ] as const)("%d instance(s), range %d–%d: %s", (count, min, max, kind, line, cautious) => {
    expect(at(count, min, max)).toMatchObject({ kind, line, cautious });
  });

  it(`launching more than ${LARGE_LAUNCH} instances at once asks for a deliberate yes`, () => {
    expect(at(1, 1 + LARGE_LAUNCH, 10).cautious).toBe(false);
    expect(at(1, 2 + LARGE_LAUNCH, 10)).toMatchObject({
      line: `Registering ${2 + LARGE_LAUNCH}–10 launches ${1 + LARGE_LAUNCH} instances now: 1 → ${2 + LARGE_LAUNCH} (ml.m5.large).`,
      cautious: true,
    });
    expect(at(1, 50, 60)).toMatchObject({ from: 1, to: 50, cautious: true });
  });

  it("moves the desired count, and says so when the running count differs", () => {
    expect(
      capacityEffect({ min: 1, max: 2, currentInstanceCount: 4, desiredInstanceCount: 3 }),
    ).toMatchObject({
      kind: "scale-in",
      from: 3,
      to: 2,
      line: "Registering 1–2 scales in now: 3 → 2 (4 running while the endpoint moves to 3).",
    });
  });

  it("says what it cannot know", () => {
    expect(at(undefined, 1, 4)).toEqual({
      kind: "unknown",
      line: "Registering 1–4 moves the instance count into that range at once; its current count is unknown (ml.m5.large).",
      cautious: false,
    });
    // An unknown count and a minimum that alone could be a large launch: a deliberate yes.
    expect(at(undefined, 50, 60).cautious).toBe(true);
  });
});
