import { describe, expect, it } from "vitest";
import { printable, printableLine } from "../../src/ui/printable.js";

describe("printable", () => {
  it("spells out control characters and bidirectional overrides a name could carry", () => {
    expect(printable("ok\rEVIL")).toBe("ok\\rEVIL");
    expect(printable("a\tb")).toBe("a\\tb");
    expect(printable("x\x1b[2Ay")).toBe("x\\x1b[2Ay");
    expect(printable("\x07bell\x7f\x9b")).toBe("\\x07bell\\x7f\\x9b");
    expect(printable("admin\u202egnp.exe")).toBe("admin\\u202egnp.exe");
  });

  it("keeps line breaks and the colour codes sm-autoscale writes", () => {
    expect(printable("\x1b[31m✖\x1b[39m one\ntwo")).toBe("\x1b[31m✖\x1b[39m one\ntwo");
  });

  it("printableLine also spells out line breaks", () => {
    expect(printableLine("endpoint/a\nforged line")).toBe("endpoint/a\\nforged line");
  });
});
