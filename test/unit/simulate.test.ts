import { describe, expect, it } from "vitest";
import {
  instancesFor,
  SCALE_IN_MINUTES,
  SCALE_OUT_MINUTES,
  type SimulationSettings,
  settledStart,
  simulate,
} from "../../src/domain/simulate.js";

/** A trace of `minutes` minutes at `value` invocations each. */
const flat = (minutes: number, value: number) => Array.from({ length: minutes }, () => value);

const base: SimulationSettings = {
  targetValue: 100,
  minCapacity: 1,
  maxCapacity: 50,
  startCapacity: 1,
  scaleInCooldownSeconds: 300,
  scaleOutCooldownSeconds: 300,
  scaleInEnabled: true,
  warmupMinutes: 5,
  keepSeries: true,
};

const run = (trace: number[], settings: Partial<SimulationSettings> = {}) =>
  simulate(trace, { ...base, ...settings });

/** The minutes whose in-service instances were over the target, as indexes. */
function overTargetMinutes(trace: number[], inService: Int32Array, target: number): number[] {
  return trace.flatMap((v, i) => (v / inService[i]! > target ? [i] : []));
}

describe("known answers: a constant load", () => {
  it.each([
    // load, target, min, max, settles at
    [1000, 100, 1, 50, 10],
    [1001, 100, 1, 50, 11],
    [999.99, 100, 1, 50, 10],
    [300, 100, 1, 50, 3],
    [250, 100, 1, 50, 3],
    [5000, 100, 1, 8, 8],
    [10, 100, 2, 50, 2],
  ])(
    "%d invocations/min at target %d within [%d, %d] settles at %d after 3 minutes and the warm-up",
    (load, target, min, max, settled) => {
      const r = run(flat(60, load), {
        targetValue: target,
        minCapacity: min,
        maxCapacity: max,
        startCapacity: min,
      });
      const expected = Math.min(max, Math.max(min, Math.ceil(load / target)));
      expect(expected).toBe(settled);
      if (settled > min) {
        // Requested at the end of minute 3 (index 2), counted from minute index 3, serving from 3 + warm-up.
        expect(r.events[0]).toEqual({ at: SCALE_OUT_MINUTES, kind: "out", from: min, to: settled });
        expect(r.requested![SCALE_OUT_MINUTES - 1]).toBe(min);
        expect(r.requested![SCALE_OUT_MINUTES]).toBe(settled);
        expect(r.inService![SCALE_OUT_MINUTES + 4]).toBe(min);
        expect(r.inService![SCALE_OUT_MINUTES + 5]).toBe(settled);
        expect(r.events).toHaveLength(1);
      } else {
        expect(r.events).toEqual([]);
      }
      expect(r.requested![59]).toBe(settled);
      expect(r.inService![59]).toBe(settled);
    },
  );

  it("from above, it waits 15 minutes below 0.9 × target, then settles at ceil(load / target)", () => {
    const r = run(flat(60, 1000), { startCapacity: 20 });
    expect(r.events).toEqual([{ at: SCALE_IN_MINUTES, kind: "in", from: 20, to: 10 }]);
    expect(r.requested![SCALE_IN_MINUTES - 1]).toBe(20);
    expect(r.requested![SCALE_IN_MINUTES]).toBe(10);
    expect(r.instanceMinutes).toBe(15 * 20 + 45 * 10);
  });

  it("a settled start never moves; its cost is instances × minutes", () => {
    const trace = flat(1440, 1000);
    const start = settledStart(trace, base);
    expect(start).toBe(10);
    const r = run(trace, { startCapacity: start });
    expect(r.events).toEqual([]);
    expect(r.instanceHours).toBe(10 * 24);
    expect(r.maxInstances).toBe(10);
    expect(r.minutesOverTarget).toBe(0);
  });
});

describe("known answers: a step up", () => {
  it.each([0, 1, 5, 12])(
    "with a %d-minute warm-up: exactly 3 minutes above target, plus the warm-up",
    (warmup) => {
      // 20 minutes at the target on one instance (load 100 is not above 100), then three times the traffic.
      const trace = [...flat(20, 100), ...flat(60, 300)];
      const r = run(trace, { warmupMinutes: warmup });
      expect(overTargetMinutes(trace, r.inService!, 100)).toEqual(
        Array.from({ length: SCALE_OUT_MINUTES + warmup }, (_, i) => 20 + i),
      );
      expect(r.minutesOverTarget).toBe(SCALE_OUT_MINUTES + warmup);
      // The scale-out is decided at the end of the 3rd minute above target; cost counts from then.
      expect(r.events).toEqual([{ at: 23, kind: "out", from: 1, to: 3 }]);
      expect(r.requested![22]).toBe(1);
      expect(r.requested![23]).toBe(3);
      expect(r.inService![22 + warmup]).toBe(1);
      expect(r.inService![23 + warmup]).toBe(3);
    },
  );

  it("two minutes above target are not enough: the alarm needs 3 in a row", () => {
    const trace = [...flat(10, 100), 300, 300, 100, 300, 300, ...flat(30, 100)];
    const r = run(trace);
    expect(r.events).toEqual([]);
    expect(r.minutesOverTarget).toBe(4);
  });

  it("minutes above capacity count against max RPS × 60 per instance in service; null without it", () => {
    const trace = [...flat(20, 100), ...flat(60, 300)];
    // One instance serves up to 200 a minute: 300 on one instance is over it until the 3 instances serve.
    const withCapacity = run(trace, { capacityPerMinute: 200 });
    expect(withCapacity.minutesOverCapacity).toBe(3 + 5);
    expect(run(trace).minutesOverCapacity).toBeNull();
  });
});

describe("known answers: a drop", () => {
  // Settled at 10 instances on 1000 a minute, then half the traffic from minute 30.
  const trace = [...flat(30, 1000), ...flat(60, 500)];

  it("waits exactly 15 minutes below 0.9 × target, then scales in to ceil(load / target)", () => {
    const r = run(trace, { startCapacity: 10 });
    expect(r.events).toEqual([{ at: 30 + SCALE_IN_MINUTES, kind: "in", from: 10, to: 5 }]);
    expect(r.requested![44]).toBe(10);
    expect(r.requested![45]).toBe(5);
  });

  it("a load at 0.9 × target or above never scales in", () => {
    // 900 on 10 instances is 90 a minute each: exactly 0.9 × 100, not below.
    const r = run([...flat(30, 1000), ...flat(120, 900)], { startCapacity: 10 });
    expect(r.events).toEqual([]);
  });

  it("one minute back at the target restarts the 15", () => {
    const broken = [...flat(30, 1000), ...flat(14, 500), 1000, ...flat(60, 500)];
    const r = run(broken, { startCapacity: 10 });
    expect(r.events).toEqual([{ at: 45 + SCALE_IN_MINUTES, kind: "in", from: 10, to: 5 }]);
  });

  it("zero traffic scales in to the minimum", () => {
    const r = run([...flat(30, 1000), ...flat(60, 0)], { startCapacity: 10, minCapacity: 2 });
    expect(r.events).toEqual([{ at: 45, kind: "in", from: 10, to: 2 }]);
  });
});

describe("known answers: cooldowns", () => {
  // Settled at 10 on 1000; down to 500 from minute 30 (in to 5 at 45); down to 100 from minute 45, so that the
  // minutes stay below the threshold after the first scale-in and a second one is due at once.
  const staircase = [...flat(30, 1000), ...flat(15, 500), ...flat(60, 100)];

  it.each([
    [0, 46],
    [300, 50],
    [600, 55],
    [3600, 105],
  ])("a scale-in cooldown of %d s blocks the next scale-in until minute %d", (cooldown, next) => {
    const r = run(staircase, { startCapacity: 10, scaleInCooldownSeconds: cooldown });
    expect(r.events).toEqual([
      { at: 45, kind: "in", from: 10, to: 5 },
      { at: next, kind: "in", from: 5, to: 1 },
    ]);
  });

  it("a cooldown that is not a whole number of minutes ends at the first minute after it", () => {
    const r = run(staircase, { startCapacity: 10, scaleInCooldownSeconds: 301 });
    expect(r.events[1]).toEqual({ at: 51, kind: "in", from: 5, to: 1 });
  });

  it("a scale-out during the scale-in cooldown happens at once, and ends the cooldown", () => {
    // A scale-in at 45 (cooldown one hour), a surge at 50 (out at 53), then a drop from 60: scaled in after 15
    // minutes below the threshold (at 75), not when the hour is over (105).
    const trace = [...flat(30, 1000), ...flat(20, 500), ...flat(10, 2000), ...flat(60, 100)];
    const r = run(trace, { startCapacity: 10, scaleInCooldownSeconds: 3600, warmupMinutes: 0 });
    expect(r.events).toEqual([
      { at: 45, kind: "in", from: 10, to: 5 },
      { at: 53, kind: "out", from: 5, to: 20 },
      { at: 75, kind: "in", from: 20, to: 1 },
    ]);
  });

  it("capacity just added counts toward the next scale-out: traffic rising during the warm-up is never added twice", () => {
    // 1 instance; from minute 10 the traffic climbs by 100 a minute. Out at 13 to ceil(400/100) = 4; while the
    // 4 warm up (10 minutes) the endpoint is Updating; then one scale-out to what the last minute needs.
    const trace = [...flat(10, 50), ...Array.from({ length: 40 }, (_, i) => 200 + i * 100)];
    const r = run(trace, { warmupMinutes: 10, scaleOutCooldownSeconds: 0 });
    expect(r.events.slice(0, 2)).toEqual([
      { at: 13, kind: "out", from: 1, to: 4 },
      { at: 23, kind: "out", from: 4, to: 14 },
    ]);
    // The scale-out cooldown's length changes nothing in this model (simulate.ts, rule 8).
    expect(run(trace, { warmupMinutes: 10, scaleOutCooldownSeconds: 3600 }).events).toEqual(r.events);
  });
});

describe("known answers: bounds and disabled scale-in", () => {
  it("never above the maximum: the minutes over target go on instead", () => {
    const r = run([...flat(10, 100), ...flat(30, 10_000)], { maxCapacity: 4, warmupMinutes: 0 });
    expect(r.maxInstances).toBe(4);
    expect(r.events).toEqual([{ at: 13, kind: "out", from: 1, to: 4 }]);
    expect(r.minutesOverTarget).toBe(30);
  });

  it("never below the minimum, wherever it starts", () => {
    const r = run(flat(120, 0), { minCapacity: 3, startCapacity: 1 });
    expect(Math.min(...r.requested!)).toBe(3);
    expect(r.events).toEqual([]);
  });

  it("disabled scale-in never removes an instance", () => {
    const trace = [...flat(10, 100), ...flat(30, 2000), ...flat(600, 0)];
    const r = run(trace, { scaleInEnabled: false });
    expect(r.scaleIns).toBe(0);
    expect(r.requested![trace.length - 1]).toBe(20);
    for (let i = 1; i < trace.length; i++)
      expect(r.requested![i]).toBeGreaterThanOrEqual(r.requested![i - 1]!);
  });

  it("instancesFor rounds up and clamps", () => {
    const sizing = { targetValue: 100, minCapacity: 2, maxCapacity: 9 };
    expect(instancesFor(0, sizing)).toBe(2);
    expect(instancesFor(300, sizing)).toBe(3);
    expect(instancesFor(300.01, sizing)).toBe(4);
    expect(instancesFor(5000, sizing)).toBe(9);
    expect(instancesFor(0.1 + 0.2, { ...sizing, targetValue: 0.1, minCapacity: 1 })).toBe(3);
  });

  it("refuses settings it cannot model", () => {
    expect(() => run([1], { minCapacity: 0 })).toThrow(/minCapacity/);
    expect(() => run([1], { maxCapacity: 0 })).toThrow(/maxCapacity/);
    expect(() => run([1], { targetValue: 0 })).toThrow(/targetValue/);
    expect(() => run([1], { warmupMinutes: 1.5 })).toThrow(/warmupMinutes/);
  });
});

describe("what the model does not promise: a higher target can cost more", () => {
  it("one instance more delays the lower target's alarm past a surge", () => {
    // At 201 a minute, target 100 starts on 3 instances and target 101 on 2. At 250 the 2 are over 101 and the
    // 3 are not under 100: the higher target's alarm is two minutes ahead when the surge comes, so it scales out
    // two minutes earlier, to as many instances (100): it pays for them longer.
    const trace = [201, 250, 250, ...flat(60, 10_000)];
    const settings = { warmupMinutes: 0, maxCapacity: 200 };
    const low = run(trace, {
      ...settings,
      targetValue: 100,
      startCapacity: settledStart(trace, { ...base, targetValue: 100 }),
    });
    const high = run(trace, {
      ...settings,
      targetValue: 101,
      startCapacity: settledStart(trace, { ...base, targetValue: 101 }),
    });
    expect(low.events).toEqual([{ at: 6, kind: "out", from: 3, to: 100 }]);
    expect(high.events).toEqual([{ at: 4, kind: "out", from: 2, to: 100 }]);
    expect(high.instanceMinutes - low.instanceMinutes).toBe(190);
  });

  it("the higher target's scale-in threshold can hold it above what the lower one scales in to", () => {
    // 2205 a minute: target 100 on 23 instances, target 100.5 on 22. At 2000, 2000/23 = 87 is below 90 (target
    // 100 scales in to 20) while 2000/22 = 90.9 is not below 90.45: target 100.5 keeps its 22.
    const trace = [...flat(30, 2205), ...flat(120, 2000)];
    const at = (targetValue: number) =>
      run(trace, { targetValue, startCapacity: settledStart(trace, { ...base, targetValue }) });
    expect(at(100).requested![149]).toBe(20);
    expect(at(100.5).requested![149]).toBe(22);
    expect(at(100.5).instanceMinutes).toBeGreaterThan(at(100).instanceMinutes);
  });
});
