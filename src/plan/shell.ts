/** Characters that need no quoting in bash (a conservative set: nothing that globs, expands or splits). */
const SAFE = /^[A-Za-z0-9_\-.,:/@%+=]+$/;

/**
 * Quotes a value for bash so that it arrives as exactly one argument, unchanged. Single quotes stop every
 * expansion ($, backticks, globbing, history); a single quote inside is written as '\''.
 */
export function shellQuote(value: string): string {
  if (value !== "" && SAFE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
