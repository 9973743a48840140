/**
 * The only module that imports @inquirer/prompts. Lists use `select`, whose type-to-jump is synchronous:
 * @inquirer/search 3.2 could resolve Enter with the choice shown before its (async) filter caught up, i.e.
 * confirm one endpoint on screen and return another; a tool that changes capacity cannot risk that.
 * Commands ask through the `Prompter` interface, by question
 * id, so tests can answer with a fake; prompts draw on stderr so stdout stays clean data.
 */
export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
  /** What the answer line shows once picked (default: name). */
  short?: string;
  /** A reason string greys the choice out and shows why it cannot be picked. */
  disabled?: string | false;
}

export interface Prompter {
  select<T>(q: { id: string; message: string; choices: Choice<T>[]; default?: T }): Promise<T>;
  /**
   * A number as people type it: decimals included ("0.5", ".8", "1e3"). Whether a value must be whole (a
   * capacity, seconds) is `validate`'s to say, with the same words as the flag. Enter takes the shown default.
   */
  number(q: {
    id: string;
    message: string;
    default?: number;
    validate: (value: number | undefined) => string | true;
  }): Promise<number>;
  confirm(q: { id: string; message: string; default: boolean }): Promise<boolean>;
  /** Pick any number of choices (space toggles, enter accepts); `validate` sees the values picked. */
  checkbox<T>(q: {
    id: string;
    message: string;
    choices: (Choice<T> & { checked?: boolean })[];
    validate?: (values: T[]) => string | true;
  }): Promise<T[]>;
  /** Free text, e.g. a name typed back to confirm a destructive action. */
  input(q: {
    id: string;
    message: string;
    /** What Enter gives. */
    default?: string;
    validate?: (value: string) => string | true;
  }): Promise<string>;
}

export async function createInquirerPrompter(io: {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}): Promise<Prompter> {
  const prompts = await import("@inquirer/prompts");
  const context = { input: io.input, output: io.output, clearPromptOnDone: false } as never;
  return {
    select: ({ message, choices, default: def }) =>
      prompts.select({ message, choices, default: def, pageSize: 12 }, context),
    number: async ({ message, default: def, validate }) => {
      // step "any": inquirer's default step of 1 refuses every decimal ("Value must be a multiple of 1") and
      // silently drops a decimal default, so that Enter then fails with "You must provide a valid numeric value".
      const value = await prompts.number(
        { message, default: def, required: true, step: "any", validate },
        context,
      );
      return value as number;
    },
    confirm: ({ message, default: def }) => prompts.confirm({ message, default: def }, context),
    checkbox: <T>({
      message,
      choices,
      validate,
    }: {
      message: string;
      choices: (Choice<T> & { checked?: boolean })[];
      validate?: (values: T[]) => string | true;
    }) =>
      prompts.checkbox<T>(
        {
          message,
          choices,
          pageSize: 12,
          ...(validate ? { validate: (picked) => validate(picked.map((c) => c.value)) } : {}),
        },
        context,
      ),
    input: ({ message, default: def, validate }) =>
      prompts.input(
        { message, ...(def !== undefined ? { default: def } : {}), ...(validate ? { validate } : {}) },
        context,
      ),
  };
}
