/**
 * The product named by the remaining words of a chat command (names may have spaces:
 * `photometric power`), or undefined when there are none (every product).
 */
export function productNamed(words: readonly string[]): string | undefined {
  return words.length === 0 ? undefined : words.join(' ');
}
