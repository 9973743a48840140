import type { Context } from "../context.js";
import { CommandError } from "../errors.js";

export async function runDescribe(
  _ctx: Context,
  _options: { endpoint?: string; json?: boolean; strict?: boolean },
): Promise<void> {
  throw new CommandError("describe is being built in the next issue.");
}
