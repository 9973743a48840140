import { describe, expect, it } from "vitest";
import { type InitFlags, missingInitFlags, validateInitFlags } from "../../src/domain/validate.js";
import { UsageError } from "../../src/errors.js";

const valid: InitFlags = { endpoint: "churn-predictor", min: "1", max: "4", target: "300", yes: true };

describe("validateInitFlags", () => {
  it("parses a valid set", () => {
    expect(validateInitFlags({ ...valid, scaleInCooldown: "600", scaleOutCooldown: "0" })).toMatchObject({
      endpoint: "churn-predictor",
      min: 1,
      max: 4,
      target: 300,
      safetyFactor: 0.5,
      scaleInCooldown: 600,
      scaleOutCooldown: 0,
      yes: true,
      dryRun: false,
    });
  });

  it("accepts --max-rps with a safety factor", () => {
    expect(validateInitFlags({ endpoint: "e", maxRps: "12.5", safetyFactor: "1" })).toMatchObject({
      maxRps: 12.5,
      safetyFactor: 1,
    });
  });

  // Each bad input: one line naming the field and the accepted form.
  it.each<[string, InitFlags, RegExp]>([
    ["min > max", { ...valid, min: "5", max: "2" }, /--min 5 is greater than --max 2/],
    ["non-integer min", { ...valid, min: "1.5" }, /--min must be a whole number\. Got "1\.5"/],
    ["non-numeric max", { ...valid, max: "lots" }, /--max must be a whole number/],
    // A negative count is a whole number, just below the minimum: say so, not "not a whole number".
    ["negative max", { ...valid, max: "-3" }, /--max must be at least 1\. Got "-3"/],
    ["max 0", { ...valid, max: "0" }, /--max must be at least 1\. Got "0"/],
    // A minimum of 0 passes here: whether the kind can rest at zero is known once it is read.
    ["negative min", { ...valid, min: "-1" }, /--min must be at least 0\. Got "-1"/],
    ["absurd max", { ...valid, max: "1000000" }, /--max must be at most 10000\. Got/],
    ["target 0", { ...valid, target: "0" }, /--target: the target must be greater than 0/],
    ["negative target", { ...valid, target: "-5" }, /--target: the target must be greater than 0/],
    ["target not a number", { ...valid, target: "fast" }, /--target: the target must be a number/],
    ["target absurdly large", { ...valid, target: "1e9" }, /per minute, not per second/],
    ["target Infinity", { ...valid, target: "Infinity" }, /--target: the target must be a number/],
    [
      "target 1e400 (Infinity once parsed)",
      { ...valid, target: "1e400" },
      /--target: the target must be at most 1000000/,
    ],
    ["target NaN", { ...valid, target: "NaN" }, /--target: the target must be a number/],
    [
      "max-rps absurdly large",
      { endpoint: "e", maxRps: "1e7" },
      /--max-rps must be at most 1000000\. Got "1e7"/,
    ],
    [
      "max-rps giving an absurd target",
      { endpoint: "e", maxRps: "50000" },
      /--max-rps must give a target of at most 1000000 invocations per instance per minute: 50000 × safety factor 0\.5 × 60 = 1500000/,
    ],
    [
      "max-rps giving a target that rounds to 0",
      { endpoint: "e", maxRps: "0.0001" },
      /--max-rps is too small: 0\.0001 × safety factor 0\.5 × 60 = 0 invocations per instance per minute/,
    ],
    ["safety factor 0", { endpoint: "e", maxRps: "10", safetyFactor: "0" }, /greater than 0 and at most 1/],
    [
      "safety factor 1.5",
      { endpoint: "e", maxRps: "10", safetyFactor: "1.5" },
      /greater than 0 and at most 1/,
    ],
    [
      "safety factor without max-rps",
      { ...valid, safetyFactor: "0.5" },
      /--safety-factor applies only with --max-rps/,
    ],
    [
      "max-rps 0",
      { endpoint: "e", maxRps: "0" },
      /--max-rps must be a number of requests per second greater than 0/,
    ],
    ["target with max-rps", { ...valid, maxRps: "10" }, /--target and --max-rps conflict/],
    [
      "endpoint with underscore",
      { ...valid, endpoint: "my_endpoint" },
      /--endpoint "my_endpoint" is not a valid SageMaker name/,
    ],
    [
      "endpoint with trailing hyphen",
      { ...valid, endpoint: "ep-" },
      /not a valid SageMaker name: use 1–63 letters/,
    ],
    [
      "endpoint too long",
      { ...valid, endpoint: "a".repeat(64) },
      /--endpoint .* is not a valid SageMaker name/,
    ],
    ["variant with a slash", { ...valid, variant: "a/b" }, /--variant "a\/b" is not a valid SageMaker name/],
    [
      "cooldown negative",
      { ...valid, scaleInCooldown: "-1" },
      /--scale-in-cooldown must be a whole number of seconds from 0 to 86400/,
    ],
    [
      "cooldown fractional",
      { ...valid, scaleOutCooldown: "1.5" },
      /--scale-out-cooldown must be a whole number of seconds/,
    ],
  ])("rejects %s", (_name, flags, message) => {
    let thrown: unknown;
    try {
      validateInitFlags(flags);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as UsageError).exitCode).toBe(2);
    expect((thrown as UsageError).message).toMatch(message);
    expect((thrown as UsageError).message).not.toContain("\n");
  });

  it("accepts the longest valid names", () => {
    expect(
      validateInitFlags({ ...valid, endpoint: `a${"-b".repeat(31)}`, variant: "A".repeat(63) }).endpoint,
    ).toHaveLength(63);
  });
});

describe("missingInitFlags (no terminal)", () => {
  it("names every flag a non-interactive run must carry", () => {
    expect(missingInitFlags(validateInitFlags({}))).toEqual([
      "--endpoint",
      "--min",
      "--max",
      "--target (or --max-rps, for invocations)",
      "--yes (or --dry-run)",
    ]);
  });

  it("is satisfied by --max-rps instead of --target and by --dry-run instead of --yes", () => {
    expect(
      missingInitFlags(validateInitFlags({ endpoint: "e", min: "1", max: "2", maxRps: "5", dryRun: true })),
    ).toEqual([]);
  });
});

describe("--policy-type step", () => {
  const step: InitFlags = { endpoint: "e", min: "1", max: "4", policyType: "step", yes: true };

  it("takes thresholds and step sizes instead of a target", () => {
    expect(
      validateInitFlags({
        ...step,
        scaleOutAbove: "70",
        scaleOutBy: "2",
        scaleInBelow: "30.5",
        scaleInBy: "1",
      }),
    ).toMatchObject({
      policyType: "step",
      scaleOutAbove: 70,
      scaleOutBy: 2,
      scaleInBelow: 30.5,
      scaleInBy: 1,
    });
    expect(missingInitFlags(validateInitFlags({ ...step, scaleOutAbove: "70", scaleInBelow: "30" }))).toEqual(
      [],
    );
    expect(missingInitFlags(validateInitFlags(step))).toEqual([
      "--scale-out-above",
      "--scale-in-below (or --disable-scale-in)",
    ]);
    expect(
      missingInitFlags(validateInitFlags({ ...step, scaleOutAbove: "70", disableScaleIn: true })),
    ).toEqual([]);
  });

  it.each<[string, InitFlags, string]>([
    [
      "a step flag without --policy-type step",
      { endpoint: "e", scaleOutAbove: "70", scaleInBy: "2" },
      "--scale-out-above, --scale-in-by apply only to step scaling: add --policy-type step (or give --target for target tracking).",
    ],
    [
      "a target with step scaling",
      { ...step, target: "300" },
      "--target sets a target-tracking target; step scaling takes thresholds: --scale-out-above and --scale-in-below.",
    ],
    [
      "scale-in thresholds with --disable-scale-in",
      { ...step, disableScaleIn: true, scaleInBelow: "3" },
      "--disable-scale-in leaves out the scale-in step policy: drop --scale-in-below and --scale-in-by, or --disable-scale-in.",
    ],
    [
      "crossed thresholds",
      { ...step, scaleOutAbove: "10", scaleInBelow: "20" },
      "--scale-in-below 20: the scale-in threshold (20) must be below the scale-out threshold (10), or each step would undo the other.",
    ],
    [
      "a threshold of 0",
      { ...step, scaleOutAbove: "0" },
      '--scale-out-above must be a number greater than 0. Got "0".',
    ],
    [
      "a fractional step",
      { ...step, scaleOutBy: "1.5" },
      '--scale-out-by must be a whole number from 1 to 1000. Got "1.5".',
    ],
  ])("%s is a usage error naming the flag", (_, flags, message) => {
    expect(() => validateInitFlags(flags)).toThrow(new UsageError(message));
  });
});
