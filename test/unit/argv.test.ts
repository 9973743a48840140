import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ArgvError, type ProgramSpec, parseArgv, renderHelp, suggest } from "../../src/argv.js";

const PROGRAM: ProgramSpec = {
  name: "tool",
  description: "Does things.",
  version: "1.2.3",
  flags: [
    { flags: "--region <region>", description: "AWS region" },
    { flags: "--debug", description: "log more" },
    { flags: "--no-color", description: "plain output" },
  ],
  commands: [
    {
      name: "init",
      description: "set up",
      flags: [
        { flags: "--min <n>", description: "minimum instance count (≥ 1)" },
        { flags: "--max-rps <n>", description: "max requests per second" },
        { flags: "-y, --yes", description: "do not ask" },
      ],
    },
    {
      name: "policy",
      description: "print a policy",
      flags: [{ flags: "--for <command>", description: "one command", choices: ["init", "other"] }],
    },
  ],
};

const parse = (...args: string[]) => parseArgv(PROGRAM, args);

function usageError(args: string[]): ArgvError {
  try {
    parseArgv(PROGRAM, args);
  } catch (error) {
    expect(error).toBeInstanceOf(ArgvError);
    return error as ArgvError;
  }
  throw new Error(`no error for ${args.join(" ")}`);
}

describe("parseArgv", () => {
  it("camel-cases flags, takes global flags before or after the command, and values in both forms", () => {
    expect(parse("--region", "eu-west-1", "init", "--min=2", "--max-rps", "10", "-y", "--no-color")).toEqual({
      kind: "command",
      command: "init",
      options: { min: "2", maxRps: "10", yes: true },
      globals: { region: "eu-west-1", color: false },
    });
    expect(parse("init", "--debug", "--region", "us-east-1")).toMatchObject({
      globals: { debug: true, region: "us-east-1" },
    });
  });

  it("the last of a repeated flag wins; a value may start with one dash (a negative number)", () => {
    expect(parse("init", "--min", "1", "--min", "-1")).toMatchObject({ options: { min: "-1" } });
    expect(parse("init", "--min", "-x")).toMatchObject({ options: { min: "-x" } });
    expect(parse("init", "--min=-1")).toMatchObject({ options: { min: "-1" } });
    // Written with `=`, a value is taken as given, even one that looks like a flag.
    expect(parse("init", "--min=--yes")).toMatchObject({ options: { min: "--yes" } });
  });

  it("short flags may be grouped; `--` ends the flags and nothing may follow it", () => {
    expect(parse("init", "-yh")).toEqual({ kind: "help", text: renderHelp(PROGRAM, PROGRAM.commands[0]) });
    expect(parse("init", "--min", "1", "--")).toMatchObject({ options: { min: "1" } });
    expect(usageError(["-y", "--", "init"]).message).toBe("Missing a command: init or policy.");
    expect(usageError(["init", "-yx"]).message).toBe('Unknown option "-x" in "-yx".');
  });

  it("only the flags in the table: --no-color is not a pattern", () => {
    expect(usageError(["init", "--no-yes"]).message).toBe('Unknown option "--no-yes"; did you mean --yes?');
    expect(usageError(["init", "--color"]).message).toBe(
      'Unknown option "--color"; did you mean --no-color?',
    );
  });

  it("refuses a table that declares one flag in two forms", () => {
    const clash: ProgramSpec = {
      ...PROGRAM,
      commands: [
        { name: "a", description: "a", flags: [{ flags: "--name <n>", description: "a name" }] },
        { name: "b", description: "b", flags: [{ flags: "--name", description: "a switch" }] },
      ],
    };
    expect(() => parseArgv(clash, ["a"])).toThrow("--name is declared twice, in different forms");
  });

  it("a flag followed by another flag, a short flag or nothing is missing its value", () => {
    for (const args of [
      ["init", "--min"],
      ["init", "--min", "--yes"],
      ["init", "--min", "-y"],
      ["init", "--min", "--"],
    ]) {
      const error = usageError(args);
      expect(error.message).toBe("--min needs a value: minimum instance count (≥ 1).");
      expect(error.hint).toBe("Run tool init --help for the flags.");
      expect(error.exitCode).toBe(2);
    }
  });

  it("rejects unknown flags, suggesting a close one", () => {
    expect(usageError(["init", "--frobnicate"]).message).toBe('Unknown option "--frobnicate".');
    expect(usageError(["init", "--mni", "1"]).message).toBe('Unknown option "--mni"; did you mean --min?');
    expect(usageError(["init", "--for", "init"]).message).toBe('Unknown option "--for".');
    expect(usageError(["init", "-x"]).message).toBe('Unknown option "-x".');
  });

  it("rejects a value for a switch, a value outside the choices, and stray arguments", () => {
    expect(usageError(["init", "--yes=1"]).message).toBe('--yes takes no value. Got "--yes=1".');
    expect(usageError(["policy", "--for", "x"]).message).toBe('--for must be one of init, other. Got "x".');
    expect(usageError(["init", "extra"]).message).toBe(
      'Unexpected argument "extra": tool init takes only flags.',
    );
    expect(usageError(["init", "--", "extra"]).message).toBe(
      'Unexpected argument "extra": tool init takes only flags.',
    );
  });

  it("a missing or unknown command is a usage error naming the commands", () => {
    expect(usageError([]).message).toBe("Missing a command: init or policy.");
    expect(usageError(["--region", "x"]).message).toBe("Missing a command: init or policy.");
    const unknown = usageError(["inti"]);
    expect(unknown.message).toBe('Unknown command "inti"; did you mean init?');
    expect(unknown.hint).toBe("Run tool --help for the commands.");
  });

  it("--help wins over anything else, for the program or the command; so do `help` and --version", () => {
    expect(parse("--help")).toEqual({ kind: "help", text: renderHelp(PROGRAM, undefined) });
    expect(parse("init", "--frobnicate", "-h")).toEqual({
      kind: "help",
      text: renderHelp(PROGRAM, PROGRAM.commands[0]),
    });
    expect(parse("help", "policy")).toEqual({ kind: "help", text: renderHelp(PROGRAM, PROGRAM.commands[1]) });
    expect(parse("help", "--region", "x", "policy")).toEqual({
      kind: "help",
      text: renderHelp(PROGRAM, PROGRAM.commands[1]),
    });
    // Even where a flag that takes a value took it for its value.
    expect(parse("init", "--min", "-h")).toEqual({
      kind: "help",
      text: renderHelp(PROGRAM, PROGRAM.commands[0]),
    });
    expect(parse("--version")).toEqual({ kind: "version", text: "1.2.3\n" });
  });
});

describe("parseArgv on any argv", () => {
  const words = fc.oneof(
    fc.constantFrom(
      ...["init", "policy", "help", "--", "-", "-y", "-h", "-V", "-x", "-yh", "-yx", "--yes", "--yes=1"],
      ...["--min", "--min=", "--min=-1", "--max-rps", "--region", "--debug", "--no-color", "--for", "--frob"],
      ...["1", "-1", "-5.5", "other", "eu-west-1"],
    ),
    fc.string({ maxLength: 6 }),
  );
  /** The long flag of each parsed key, to write a parse back as argv. */
  const LONG: Record<string, string> = {
    min: "--min",
    maxRps: "--max-rps",
    yes: "--yes",
    region: "--region",
    debug: "--debug",
    for: "--for",
  };
  const write = (values: Record<string, string | boolean>) =>
    Object.entries(values).map(([key, value]) =>
      key === "color" ? "--no-color" : value === true ? LONG[key]! : `${LONG[key]}=${value}`,
    );

  it("answers with an invocation or a usage error, and a parsed command reads the same written back", () => {
    fc.assert(
      fc.property(fc.array(words, { maxLength: 8 }), (args) => {
        let parsed: ReturnType<typeof parse>;
        try {
          parsed = parse(...args);
        } catch (error) {
          expect(error).toBeInstanceOf(ArgvError);
          expect((error as ArgvError).message).not.toContain("\n");
          return;
        }
        if (parsed.kind !== "command") return;
        expect(parse(parsed.command, ...write(parsed.options), ...write(parsed.globals))).toEqual(parsed);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("renderHelp", () => {
  it("lists the commands, or a command's flags then the global ones, wrapped to the width", () => {
    const help = renderHelp(PROGRAM, undefined);
    expect(help).toMatch(
      /^Usage: tool \[options\] \[command\]\n\nDoes things\.\n\nOptions:\n {2}-V, --version/,
    );
    expect(help).toContain("\nCommands:\n  init [options]    set up\n");
    const init = renderHelp(PROGRAM, PROGRAM.commands[0], 40);
    expect(init).toContain("Usage: tool init [options]");
    expect(init).toContain("  --max-rps <n>  max requests per second\n");
    expect(init).toContain("\nGlobal options:\n  --region <region>  AWS region\n");
    for (const line of init.split("\n")) expect(line.length).toBeLessThanOrEqual(40);
    expect(renderHelp(PROGRAM, PROGRAM.commands[1])).toContain("one command (choices: init, other)");
  });
});

describe("suggest", () => {
  it("offers the closest candidates only when they are close", () => {
    expect(suggest("--maxx", ["--max", "--min", "--max-rps"])).toEqual(["--max"]);
    expect(suggest("--frobnicate", ["--max", "--min"])).toEqual([]);
    expect(suggest("descibe", ["describe", "teardown"])).toEqual(["describe"]);
  });
});
