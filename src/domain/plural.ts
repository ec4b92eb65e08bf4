/** `1 license`, `3 licenses`: a count with its noun, for replies and CLI lines. */
export function plural(count: number, noun: string, many = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : many}`;
}
