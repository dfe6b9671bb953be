/** Column and dataset patterns as typed: comma- or line-separated, blanks dropped. */
export function parsePatterns(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter(Boolean);
}

export const formatPatterns = (patterns: readonly string[] | undefined): string =>
  (patterns ?? []).join(', ');
