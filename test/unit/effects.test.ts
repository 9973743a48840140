import { describe, expect, it } from "vitest";
import { buildInitPlan, type ExistingScaling } from "../../src/plan/build-init.js";
import { effectOf, normalize, stateMatches } from "../../src/plan/effects.js";

const existing: ExistingScaling = {
  target: {
    ServiceNamespace: "sagemaker",
    ResourceId: "endpoint/e/variant/v",
    ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
    MinCapacity: 2,
    MaxCapacity: 8,
    RoleARN: "r",
    CreationTime: new Date(0),
  },
  policies: [],
};
const settings = {
  endpointName: "e",
  variantName: "v",
  minCapacity: 1,
  maxCapacity: 4,
  targetValue: 300,
  scaleInCooldown: 300,
  scaleOutCooldown: 300,
  disableScaleIn: false,
};
const plan = buildInitPlan(settings, existing);

describe("effectOf", () => {
  it("derives a registration's before and after from the step and its undo", () => {
    expect(effectOf(plan.steps[0]!)).toEqual({
      resource: {
        kind: "target",
        key: {
          ServiceNamespace: "sagemaker",
          ResourceId: "endpoint/e/variant/v",
          ScalableDimension: "sagemaker:variant:DesiredInstanceCount",
        },
      },
      after: { exists: true, fields: { MinCapacity: 1, MaxCapacity: 4 }, partial: true },
      before: { exists: true, fields: { MinCapacity: 2, MaxCapacity: 8 }, partial: true },
    });
  });

  it("a policy this run creates was absent before; the service-linked role has no effect to compare", () => {
    expect(effectOf(plan.steps[1]!)?.before).toEqual({ exists: false });
    const fresh = buildInitPlan(settings, { policies: [] });
    expect(fresh.steps[0]?.operation).toBe("CreateServiceLinkedRole");
    expect(effectOf(fresh.steps[0]!)).toBeUndefined();
  });
});

describe("stateMatches", () => {
  it("compares what a write sets; defaults a read spells out (false, empty objects) count as unset", () => {
    const written = { exists: true as const, fields: normalize({ TargetValue: 300, DisableScaleIn: false }) };
    const read = {
      exists: true as const,
      fields: normalize({ TargetValue: 300, DisableScaleIn: false, Suspended: { A: false } }),
    };
    expect(stateMatches(written, read)).toBe(true);
    expect(
      stateMatches(written, { exists: true, fields: normalize({ TargetValue: 300, DisableScaleIn: true }) }),
    ).toBe(false);
    expect(stateMatches(written, { exists: true, fields: { TargetValue: 301 } })).toBe(false);
    expect(stateMatches(written, { exists: false })).toBe(false);
    expect(stateMatches({ exists: false }, { exists: false })).toBe(true);
  });

  it("a registration is compared on what it sets: a suspension set by someone else is neither", () => {
    const registered = effectOf(plan.steps[0]!)!.after;
    const read = {
      exists: true as const,
      fields: normalize({
        MinCapacity: 1,
        MaxCapacity: 4,
        SuspendedState: { DynamicScalingInSuspended: true },
      }),
    };
    expect(stateMatches(registered, read)).toBe(true);
    expect(stateMatches(registered, { exists: true, fields: { MinCapacity: 1, MaxCapacity: 5 } })).toBe(
      false,
    );
  });

  it("dates compare by instant", () => {
    const a = normalize({ StartTime: new Date("2026-01-01T00:00:00Z") });
    const b = normalize({ StartTime: new Date(Date.parse("2026-01-01T00:00:00.000Z")) });
    expect(stateMatches({ exists: true, fields: a }, { exists: true, fields: b })).toBe(true);
  });
});
