/** The datasets parsed check files read: each check's own, and the other side of references and comparisons. */
import type { Identifier, ParsedChecks } from '../sodacl/model.js';

export function datasetsOfChecks(parsed: ParsedChecks): Identifier[] {
  const found = new Map<string, Identifier>();
  const add = (id: Identifier | undefined) => {
    if (id) found.set(`${id.quoted ? 'q' : 'u'}:${id.name}`, id);
  };
  for (const check of parsed.checks) {
    add(check.dataset);
    if (check.kind === 'reference' || check.kind === 'row-count-comparison') add(check.otherDataset);
  }
  return [...found.values()];
}
