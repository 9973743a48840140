import type { Context } from "../context.js";
import { CommandError } from "../errors.js";

export async function runTeardown(_ctx: Context, _options: Record<string, unknown>): Promise<void> {
  throw new CommandError("teardown is being built in the next issue.");
}
