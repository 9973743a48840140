/** Small pieces of English shared by messages. */

/** "a real-time variant", "an inference component", "an asynchronous endpoint variant". */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
}
