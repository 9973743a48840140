/** Small pieces of English shared by messages. */

/** "a real-time variant", "an inference component", "an asynchronous endpoint variant". */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
}

/** "1 copy", "2 copies", "? instances" (a count not known is plural). */
export function countOf(n: number | undefined, unit: { one: string; many: string }): string {
  return `${n ?? "?"} ${n === 1 ? unit.one : unit.many}`;
}
