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

  it("a flag that takes a value, given twice, is a usage error naming both values, whatever their form", () => {
    const cases: [args: string[], message: string, command: string][] = [
      [["init", "--min", "1", "--min", "-1"], "--min was given twice (1, -1)", "init"],
      [["init", "--min=1", "--min", "2"], "--min was given twice (1, 2)", "init"],
      [["init", "--min", "1", "--min=1"], "--min was given twice (1, 1)", "init"],
      [
        ["--region", "eu-west-1", "init", "--region=us-east-1"],
        "--region was given twice (eu-west-1, us-east-1)",
        "init",
      ],
      [
        ["init", "--max-rps", "10", "--max-rps", "1 0", "--max-rps", "3"],
        '--max-rps was given twice (10, "1 0")',
        "init",
      ],
      [["policy", "--for", "init", "--for", "other"], "--for was given twice (init, other)", "policy"],
    ];
    for (const [args, message, command] of cases) {
      const error = usageError(args);
      expect(error.message).toBe(`${message}: give it once.`);
      expect(error.exitCode).toBe(2);
      expect(error.hint).toBe(`Run tool ${command} --help for the flags.`);
    }
  });

  it("a switch given twice means what it means once", () => {
    expect(parse("init", "-y", "--yes", "--debug", "--no-color", "--debug", "--no-color")).toMatchObject({
      options: { yes: true },
      globals: { debug: true, color: false },
    });
  });

  it("a value may start with one dash (a negative number)", () => {
    expect(parse("init", "--min", "-1")).toMatchObject({ options: { min: "-1" } });
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

describe("subcommands", () => {
  const GROUPED: ProgramSpec = {
    ...PROGRAM,
    commands: [
      ...PROGRAM.commands,
      {
        name: "schedule",
        description: "scheduled things",
        flags: [],
        subcommands: [
          {
            name: "add",
            description: "add one",
            flags: [
              { flags: "--name <name>", description: "its name" },
              { flags: "-y, --yes", description: "do not ask" },
            ],
          },
          { name: "list", description: "list them", flags: [{ flags: "--json", description: "as JSON" }] },
        ],
      },
    ],
  };
  const group = GROUPED.commands[2]!;
  const parseGrouped = (...args: string[]) => parseArgv(GROUPED, args);
  const groupedError = (args: string[]): ArgvError => {
    try {
      parseArgv(GROUPED, args);
    } catch (error) {
      expect(error).toBeInstanceOf(ArgvError);
      return error as ArgvError;
    }
    throw new Error(`no error for ${args.join(" ")}`);
  };

  it("names the command by its group and subcommand; global flags anywhere, its own flags only", () => {
    expect(parseGrouped("--debug", "schedule", "--name", "x", "add", "-y", "--region=eu-west-1")).toEqual({
      kind: "command",
      command: "schedule add",
      options: { name: "x", yes: true },
      globals: { debug: true, region: "eu-west-1" },
    });
    expect(parseGrouped("schedule", "list", "--json")).toMatchObject({
      command: "schedule list",
      options: { json: true },
    });
    expect(groupedError(["schedule", "list", "--name", "x"]).message).toBe('Unknown option "--name".');
    expect(groupedError(["schedule", "list", "--name", "x"]).hint).toBe(
      "Run tool schedule list --help for the flags.",
    );
    expect(groupedError(["schedule", "add", "extra"]).message).toBe(
      'Unexpected argument "extra": tool schedule add takes only flags.',
    );
  });

  it("a missing or unknown subcommand: exit 2, naming them, with did-you-mean", () => {
    const missing = groupedError(["schedule", "--debug"]);
    expect(missing.message).toBe("Missing a subcommand: tool schedule add or list.");
    expect(missing.hint).toBe("Run tool schedule --help for what each does.");
    expect(missing.exitCode).toBe(2);
    const unknown = groupedError(["schedule", "lst", "--json"]);
    expect(unknown.message).toBe('Unknown command "schedule lst"; did you mean schedule list?');
    expect(unknown.hint).toBe("Run tool schedule --help for its commands.");
    expect(groupedError(["schedule", "remove"]).message).toBe('Unknown command "schedule remove".');
    expect(groupedError(["schedul", "add"]).message).toBe(
      'Unknown command "schedul"; did you mean schedule?',
    );
  });

  it("help of the group, of a subcommand, and the program's listing every subcommand", () => {
    const groupHelp = renderHelp(GROUPED, group);
    expect(parseGrouped("schedule", "--help")).toEqual({ kind: "help", text: groupHelp });
    expect(parseGrouped("help", "schedule")).toEqual({ kind: "help", text: groupHelp });
    expect(groupHelp).toMatch(
      /^Usage: tool schedule <command> \[options\]\n\nscheduled things\n\nCommands:\n {2}add \[options\] +add one\n {2}list \[options\] +list them\n/,
    );
    const addHelp = renderHelp(GROUPED, group.subcommands![0], 80, group);
    expect(parseGrouped("schedule", "add", "--name", "-h")).toEqual({ kind: "help", text: addHelp });
    expect(parseGrouped("help", "schedule", "add")).toEqual({ kind: "help", text: addHelp });
    expect(addHelp).toMatch(
      /^Usage: tool schedule add \[options\]\n\nadd one\n\nOptions:\n {2}--name <name> +its name\n/,
    );
    expect(renderHelp(GROUPED, undefined)).toContain(
      "  schedule add [options]   add one\n  schedule list [options]  list them\n",
    );
    expect(groupedError(["help", "schedule", "ad"]).message).toBe(
      'Unknown command "schedule ad"; did you mean schedule add?',
    );
  });

  it("property: a parsed subcommand reads the same written back", () => {
    const words = fc.oneof(
      fc.constantFrom(
        "schedule",
        "add",
        "list",
        "init",
        "--name",
        "--name=a b",
        "-y",
        "--json",
        "--debug",
        "x",
        "--",
      ),
      fc.string({ maxLength: 5 }),
    );
    fc.assert(
      fc.property(fc.array(words, { maxLength: 7 }), (args) => {
        let parsed: ReturnType<typeof parseGrouped>;
        try {
          parsed = parseGrouped(...args);
        } catch (error) {
          expect(error).toBeInstanceOf(ArgvError);
          expect((error as ArgvError).message).not.toContain("\n");
          return;
        }
        if (parsed.kind !== "command") return;
        const back = Object.entries({ ...parsed.options, ...parsed.globals }).map(([key, value]) =>
          value === true ? `--${key}` : key === "color" ? "--no-color" : `--${key}=${value}`,
        );
        expect(parseGrouped(...parsed.command.split(" "), ...back)).toEqual(parsed);
      }),
      { numRuns: 1000 },
    );
  });
});
