import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SCALING_KINDS, type ScalingSubject } from "../../src/domain/scaling-kinds.js";

// Citations ([BOTO] …, [SM-ASYNC], §14, "facts doc", a bare AWS doc file name) belong in code comments, where the
// next reader checks them; in a message a user reads they are noise that names nothing they can open.
const TAG = /\[(?:BOTO|TF|[A-Z]{2,}-[A-Z0-9]{2,}(?:-[A-Z0-9]+)*)\]|§|facts doc|\(\S+\.html\)/;

const SRC = join(import.meta.dirname, "../../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** A line of code without its comment: whole-line comments dropped, a trailing `// …` cut (not a URL's `://`). */
function code(line: string): string {
  const trimmed = line.trim();
  if (trimmed.startsWith("//") || trimmed.startsWith("*") || trimmed.startsWith("/*")) return "";
  return line.replace(/(^|[^:])\/\/ .*$/, "$1");
}

describe("no source tags in what users read", () => {
  it("no string in src carries a citation tag (comments may)", () => {
    const found = sourceFiles(SRC).flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .map((line, i) => ({ where: `${file.slice(SRC.length + 1)}:${i + 1}`, line: code(line) }))
        .filter((l) => TAG.test(l.line))
        .map((l) => `${l.where}: ${l.line.trim()}`),
    );
    expect(found).toEqual([]);
  });

  it("every kind's limits, refusals and signal words are free of them", () => {
    const subject: ScalingSubject = {
      endpointName: "ep",
      variantName: "v",
      instanceType: "ml.t2.medium",
      serverless: { maxConcurrency: 20 },
      managedInstanceScaling: { status: "ENABLED", min: 1, max: 4 },
      component: { name: "ic" },
    };
    const words = SCALING_KINDS.flatMap((kind) => [
      kind.label,
      kind.floor(subject).why,
      kind.ceiling(subject)?.why ?? "",
      kind.refusal(subject)?.reason ?? "",
      kind.refusal(subject)?.hint ?? "",
      kind.fromZero?.(subject).warning ?? "",
      ...kind.signals.flatMap((s) => [
        s.when,
        s.short,
        s.targetUnit,
        ...s.explain,
        s.targetProblem(-1) ?? "",
        s.defaultTarget?.basis ?? "",
      ]),
    ]);
    expect(words.filter((w) => TAG.test(w))).toEqual([]);
  });
});
