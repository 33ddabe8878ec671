/** A LIKE pattern matching `text` anywhere, with LIKE's own wildcards escaped. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
