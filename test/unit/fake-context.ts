import { PassThrough } from "node:stream";
import type { Clients } from "../../src/aws/clients.js";
import type { Context } from "../../src/context.js";
import { createUi } from "../../src/ui/output.js";
import type { Choice, Prompter } from "../../src/ui/prompter.js";

/** Answers by question id; an unexpected question fails the test. A function answer sees the choices. */
export type Answers = Record<string, unknown | ((choices: Choice<unknown>[]) => unknown)>;

/** As an answer: what Enter takes, i.e. the question's default (for a list, its default or first choice). */
export const ENTER = Symbol("enter");

export interface FakeContext extends Context {
  stdout(): string;
  stderr(): string;
  asked: string[];
  /** The default each question offered, by id (a list's: its default or first selectable choice). */
  defaults: Record<string, unknown>;
}

export function fakeContext(options: {
  clients: Clients;
  canPrompt?: boolean;
  answers?: Answers;
  interrupted?: () => boolean;
}): FakeContext {
  const out = collector();
  const err = collector();
  const asked: string[] = [];
  const defaults: Record<string, unknown> = {};
  const answer = (id: string, offered: unknown, choices?: Choice<unknown>[]) => {
    asked.push(id);
    defaults[id] = offered;
    const answers = options.answers ?? {};
    if (!(id in answers)) throw new Error(`unexpected question "${id}"`);
    const a = answers[id];
    if (a === ENTER) {
      if (offered === undefined) throw new Error(`Enter on "${id}", which offers no default`);
      return offered;
    }
    if (typeof a === "function") return (a as (c: Choice<unknown>[]) => unknown)(choices ?? []);
    if (a instanceof Error) throw a;
    return a;
  };
  const prompter: Prompter = {
    select: async (q) =>
      answer(
        q.id,
        q.default ?? q.choices.find((c) => !c.disabled)?.value,
        q.choices as Choice<unknown>[],
      ) as never,
    number: async (q) => {
      const value = answer(q.id, q.default) as number;
      const valid = q.validate(value);
      if (valid !== true) throw new Error(`answer ${value} to "${q.id}" rejected: ${valid}`);
      return value;
    },
    confirm: async (q) => answer(q.id, q.default) as boolean,
    checkbox: async (q) => {
      const values = answer(
        q.id,
        q.choices.filter((c) => c.checked).map((c) => c.value),
        q.choices as Choice<unknown>[],
      ) as never[];
      const valid = q.validate?.(values) ?? true;
      if (valid !== true) throw new Error(`answer to "${q.id}" rejected: ${valid}`);
      return values;
    },
    input: async (q) => {
      const value = answer(q.id, q.default) as string;
      const valid = q.validate?.(value) ?? true;
      if (valid !== true) throw new Error(`answer "${value}" to "${q.id}" rejected: ${valid}`);
      return value;
    },
  };
  return {
    ui: createUi({ stdout: out.stream, stderr: err.stream, color: false }),
    canPrompt: options.canPrompt ?? false,
    prompter: async () => prompter,
    clients: options.clients,
    target: { region: "us-east-1" },
    debug: false,
    retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 },
    sleep: async () => {},
    interrupted: options.interrupted ?? (() => false),
    guardInterrupts: async (work) => work(),
    stdout: out.text,
    stderr: err.text,
    asked,
    defaults,
  };
}

function collector(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { stream, text: () => text };
}
