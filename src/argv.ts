/**
 * The command-line grammar: argv parsed against a declarative table of commands and flags, and the help text
 * rendered from the same table. Pure, and small on purpose: it is all `sm-autoscale --help` loads. Node's own
 * `util.parseArgs` splits argv into tokens (`--flag value`, `--flag=value`, short aliases, `--`), with nothing to
 * read from disk (under a millisecond measured); this module judges the tokens against the table, with our
 * messages and exit code 2.
 *
 * The grammar: `sm-autoscale [global flags] <command> [<subcommand>] [flags]`, global flags anywhere; a command
 * either takes flags or groups subcommands that do (`schedule add`); `--flag value` or `--flag=value`; no
 * positional arguments. A flag that takes a value is given once: twice is a usage error naming both values (which
 * one was meant cannot be known, and last-wins would act on the one a user may not have looked at); a switch
 * given twice means what it means once. A value may start with `-` (a negative number reaches validation and is
 * reported there), but never with `--`, nor be a short flag: then the flag before it is missing its value.
 */
import { parseArgs } from "node:util";

export interface FlagSpec {
  /** As in help: "--min <n>", "-y, --yes", "--no-color". A `<value>` makes it take one; else it is a switch. */
  flags: string;
  description: string;
  /** The only values accepted. */
  choices?: readonly string[];
}

export interface CommandSpec {
  name: string;
  description: string;
  flags: readonly FlagSpec[];
  /** A group (`schedule`): its subcommands, each with its own flags; the group itself takes none. */
  subcommands?: readonly CommandSpec[];
}

export interface ProgramSpec {
  name: string;
  description: string;
  version: string;
  /** Accepted before or after the command. */
  flags: readonly FlagSpec[];
  commands: readonly CommandSpec[];
}

export type FlagValues = Record<string, string | boolean>;

export type Invocation =
  /** Print `text` on stdout and exit 0. */
  | { kind: "help" | "version"; text: string }
  /** `command` is the command's name, or a group's and its subcommand's: "schedule add". */
  | { kind: "command"; command: string; options: FlagValues; globals: FlagValues };

/** Bad usage: exit 2 with one line and a hint, before anything runs. */
export class ArgvError extends Error {
  override name = "ArgvError";
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

interface Flag {
  spec: FlagSpec;
  long: string;
  short?: string | undefined;
  /** The property it sets, camelCase: --max-rps → maxRps; --no-color → color (false). */
  key: string;
  takesValue: boolean;
  negated: boolean;
  global: boolean;
}

const HELP: FlagSpec = { flags: "-h, --help", description: "display help for command" };
const VERSION: FlagSpec = { flags: "-V, --version", description: "output the version number" };

function toFlag(spec: FlagSpec, global: boolean): Flag {
  const long = /--[a-z0-9-]+/i.exec(spec.flags)?.[0];
  if (!long) throw new Error(`flag without a long name: ${spec.flags}`);
  const short = /(?:^|[\s,])(-[a-z0-9])(?:[\s,]|$)/i.exec(spec.flags)?.[1];
  const negated = long.startsWith("--no-");
  const key = long.slice(negated ? 5 : 2).replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return { spec, long, short, key, takesValue: /<[^>]+>/.test(spec.flags), negated, global };
}

/**
 * Something that can only be a flag, never a value: `--anything`, `--` itself, or a known short flag such as `-y`.
 * parseArgs (strict off) takes whatever follows a flag that takes a value as its value; this says when that is
 * a mistake.
 */
function looksLikeFlag(token: string, flags: readonly Flag[]): boolean {
  return token.startsWith("--") || flags.some((f) => f.short === token);
}

/** Commander's rule for "did you mean": the closest candidates within 3 edits and 40 % similarity. */
export function suggest(word: string, candidates: readonly string[]): string[] {
  const strip = (s: string) => s.replace(/^--/, "");
  const w = strip(word);
  let best = 4;
  let similar: string[] = [];
  for (const candidate of new Set(candidates)) {
    const c = strip(candidate);
    if (c.length <= 1) continue;
    const distance = editDistance(w, c);
    const length = Math.max(w.length, c.length);
    if ((length - distance) / length <= 0.4) continue;
    if (distance < best) {
      best = distance;
      similar = [candidate];
    } else if (distance === best) similar.push(candidate);
  }
  return similar.sort();
}

/** Damerau-Levenshtein distance (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** `Unknown option "--maxx"; did you mean --max?`, or `Unknown option "--x".` when nothing is close. */
const unknown = (what: string, name: string, similar: string[]) =>
  similar.length === 0
    ? `Unknown ${what} "${name}".`
    : `Unknown ${what} "${name}"; did you mean ${similar.length === 1 ? similar[0] : `one of ${similar.join(", ")}`}?`;

/** What `util.parseArgs` returns with `tokens: true`, in argv order. */
type Token =
  | { kind: "option"; index: number; name: string; rawName: string; value?: string; inlineValue?: boolean }
  | { kind: "positional"; index: number; value: string }
  | { kind: "option-terminator"; index: number };
type OptionToken = Extract<Token, { kind: "option" }>;
type PositionalToken = Extract<Token, { kind: "positional" }>;

/**
 * Splits `args` with Node's parser, knowing every flag of every command (so the command can be found wherever
 * global flags are). Strict mode is off on purpose: it rejects `--min -1` as "ambiguous" (a multi-line message)
 * before validation can say what a minimum must be, and words its own errors. So unknown flags come back as
 * tokens, and a flag that takes a value takes the next argument whatever it is; {@link parseArgv} judges both.
 * `--no-color` is declared as it is written: `allowNegative` (in Node 20.20, absent from the first Node 20
 * releases) would also accept `--no-yes` and `--no-debug`.
 */
function tokenize(args: readonly string[], flags: readonly Flag[]): Token[] {
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = {};
  for (const flag of flags) {
    const name = flag.long.slice(2);
    const option = { type: flag.takesValue ? ("string" as const) : ("boolean" as const) };
    const declared = options[name];
    if (declared && (declared.type !== option.type || declared.short !== flag.short?.slice(1))) {
      throw new Error(`${flag.long} is declared twice, in different forms`);
    }
    options[name] = flag.short ? { ...option, short: flag.short.slice(1) } : option;
  }
  const { tokens } = parseArgs({
    args: [...args],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  return tokens as Token[];
}

/** The flag a token names: by its long name, or by its short alias (`-y`; parseArgs reports it as `yes`). */
function flagOf(token: OptionToken, flags: readonly Flag[]): Flag | undefined {
  return token.rawName.startsWith("--")
    ? flags.find((f) => f.long === token.rawName)
    : flags.find((f) => f.short === token.rawName);
}

/** Parses the arguments after `node script` (argv.slice(2)). Throws an {@link ArgvError} for bad usage. */
export function parseArgv(program: ProgramSpec, args: readonly string[], width = 80): Invocation {
  const versionFlag = toFlag(VERSION, true);
  const helpFlag = toFlag(HELP, true);
  const globals = [...program.flags.map((s) => toFlag(s, true)), versionFlag, helpFlag];
  const everyFlag = [
    ...globals,
    ...program.commands
      .flatMap((c) => [c, ...(c.subcommands ?? [])])
      .flatMap((c) => c.flags.map((s) => toFlag(s, false))),
  ];
  const tokens = tokenize(args, everyFlag);
  const end = tokens.findIndex((t) => t.kind === "option-terminator");
  const options = end === -1 ? tokens : tokens.slice(0, end);
  const operands = options.filter((t): t is PositionalToken => t.kind === "positional");
  // The command is the first operand before any `--`.
  const commandToken = operands[0];
  const commandName = commandToken?.value;

  // --help and --version win over anything else, even where a flag before them took them for its value.
  const asked = (flag: Flag) =>
    options.some(
      (t) =>
        t.kind === "option" &&
        (flagOf(t, [flag]) !== undefined ||
          (!t.inlineValue && t.value !== undefined && (t.value === flag.long || t.value === flag.short))),
    );
  if (commandName === "help") {
    const about = operands[1]?.value;
    if (about === undefined) return { kind: "help", text: renderHelp(program, undefined, width) };
    const group = findCommand(program, about);
    const sub = operands[2]?.value;
    return {
      kind: "help",
      text:
        group.subcommands && sub !== undefined
          ? renderHelp(program, findSubcommand(program, group, sub), width, group)
          : renderHelp(program, group, width),
    };
  }
  const group = commandName === undefined ? undefined : findCommand(program, commandName);
  // A group's subcommand is the operand after it.
  const subToken = group?.subcommands ? operands[1] : undefined;
  const command = group?.subcommands && subToken ? findSubcommand(program, group, subToken.value) : group;
  if (asked(helpFlag)) {
    return {
      kind: "help",
      text: renderHelp(program, command, width, command === group ? undefined : group),
    };
  }
  if (asked(versionFlag)) return { kind: "version", text: `${program.version}\n` };
  if (!command) {
    throw new ArgvError(
      `Missing a command: ${listOr(program.commands.map((c) => c.name))}.`,
      `Run ${program.name} --help for what each does.`,
    );
  }
  if (command.subcommands) {
    throw new ArgvError(
      `Missing a subcommand: ${program.name} ${command.name} ${listOr(command.subcommands.map((c) => c.name))}.`,
      `Run ${program.name} ${command.name} --help for what each does.`,
    );
  }

  const path = command === group ? command.name : `${group!.name} ${command.name}`;
  const flags = [...globals, ...command.flags.map((s) => toFlag(s, false))];
  const helpHint = `Run ${program.name} ${path} --help for the flags.`;
  const unexpected = (token: string) =>
    new ArgvError(`Unexpected argument "${token}": ${program.name} ${path} takes only flags.`, helpHint);
  const values: { global: FlagValues; command: FlagValues } = { global: {}, command: {} };
  /** The value each flag that takes one was given, to refuse it a second. */
  const given = new Map<Flag, string>();
  for (const token of tokens) {
    if (token === commandToken || token === subToken) continue;
    if (token.kind === "option-terminator") continue;
    if (token.kind === "positional") throw unexpected(token.value);
    const flag = flagOf(token, flags);
    if (!flag) {
      const typed = args[token.index]!;
      if (!token.rawName.startsWith("--")) {
        // A short flag, alone (-x) or in a group parseArgs split (-yx: -y, then -x).
        const where = typed === token.rawName ? "" : ` in "${typed}"`;
        throw new ArgvError(`Unknown option "${token.rawName}"${where}.`, helpHint);
      }
      const similar = suggest(
        token.rawName,
        flags.map((f) => f.long),
      );
      throw new ArgvError(unknown("option", token.rawName, similar), helpHint);
    }
    const into = flag.global ? values.global : values.command;
    if (!flag.takesValue) {
      if (token.value !== undefined) {
        throw new ArgvError(`${flag.long} takes no value. Got "${args[token.index]}".`, helpHint);
      }
      into[flag.key] = !flag.negated;
      continue;
    }
    const value = token.value;
    if (value === undefined || (!token.inlineValue && looksLikeFlag(value, flags))) {
      throw new ArgvError(`${flag.long} needs a value: ${flag.spec.description}.`, helpHint);
    }
    if (flag.spec.choices && !flag.spec.choices.includes(value)) {
      throw new ArgvError(
        `${flag.long} must be one of ${flag.spec.choices.join(", ")}. Got "${value}".`,
        helpHint,
      );
    }
    const earlier = given.get(flag);
    if (earlier !== undefined) {
      throw new ArgvError(
        `${flag.long} was given twice (${shown(earlier)}, ${shown(value)}): give it once.`,
        helpHint,
      );
    }
    given.set(flag, value);
    into[flag.key] = value;
  }
  return { kind: "command", command: path, options: values.command, globals: values.global };
}

/** A value in a list: as typed, quoted where it would not read as one item (empty, spaces, commas). */
function shown(value: string): string {
  return value === "" || /[\s,"]/.test(value) ? JSON.stringify(value) : value;
}

function findCommand(program: ProgramSpec, name: string): CommandSpec {
  const command = program.commands.find((c) => c.name === name);
  if (command) return command;
  const similar = suggest(
    name,
    program.commands.map((c) => c.name),
  );
  throw new ArgvError(unknown("command", name, similar), `Run ${program.name} --help for the commands.`);
}

function findSubcommand(program: ProgramSpec, group: CommandSpec, name: string): CommandSpec {
  const subcommands = group.subcommands ?? [];
  const command = subcommands.find((c) => c.name === name);
  if (command) return command;
  const similar = suggest(
    name,
    subcommands.map((c) => c.name),
  );
  throw new ArgvError(
    unknown(
      "command",
      `${group.name} ${name}`,
      similar.map((s) => `${group.name} ${s}`),
    ),
    `Run ${program.name} ${group.name} --help for its commands.`,
  );
}

function listOr(items: string[]): string {
  return items.length <= 1
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/**
 * The help of the program, of one command (its flags, then the global ones), or of a group (its subcommands),
 * wrapped to `width`. A subcommand's help names its group (`parent`) in the usage line.
 */
export function renderHelp(
  program: ProgramSpec,
  command: CommandSpec | undefined,
  width = 80,
  parent?: CommandSpec,
): string {
  const sections: string[] = [];
  const table = (rows: [string, string][]) => {
    const left = Math.max(...rows.map(([term]) => term.length)) + 2;
    return rows
      .map(([term, text]) => `  ${term.padEnd(left)}${wrap(text, width - 2 - left, 2 + left)}`)
      .join("\n");
  };
  const flagRows = (specs: readonly FlagSpec[]) =>
    specs.map((s): [string, string] => [
      s.flags,
      s.choices ? `${s.description} (choices: ${s.choices.join(", ")})` : s.description,
    ]);
  const commandRows = (commands: readonly CommandSpec[], prefix: string) =>
    commands.flatMap((c): [string, string][] =>
      c.subcommands
        ? commandRows(c.subcommands, `${prefix}${c.name} `)
        : [[`${prefix}${c.name} [options]`, c.description]],
    );
  if (command?.subcommands) {
    sections.push(
      `Usage: ${program.name} ${command.name} <command> [options]`,
      wrap(command.description, width, 0),
    );
    sections.push(`Commands:\n${table(commandRows(command.subcommands, ""))}`);
    sections.push(`Options:\n${table(flagRows([HELP]))}`);
    sections.push(`Global options:\n${table(flagRows(program.flags))}`);
  } else if (command) {
    const path = parent ? `${parent.name} ${command.name}` : command.name;
    sections.push(`Usage: ${program.name} ${path} [options]`, wrap(command.description, width, 0));
    sections.push(`Options:\n${table(flagRows([...command.flags, HELP]))}`);
    sections.push(`Global options:\n${table(flagRows(program.flags))}`);
  } else {
    sections.push(`Usage: ${program.name} [options] [command]`, wrap(program.description, width, 0));
    sections.push(`Options:\n${table(flagRows([VERSION, ...program.flags, HELP]))}`);
    sections.push(
      `Commands:\n${table([...commandRows(program.commands, ""), ["help [command]", "display help for command"]])}`,
    );
  }
  return `${sections.join("\n\n")}\n`;
}

/** Word-wraps `text` to `columns`, continuation lines indented by `indent`. Never breaks a word. */
function wrap(text: string, columns: number, indent: number): string {
  if (columns < 20) return text;
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > columns) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`\n${" ".repeat(indent)}`);
}
