/**
 * The datasets checks read: each check's own, and the other side of references and comparisons; then any more
 * given (the names `for each dataset` sections list), each once.
 */
import type { Check, Identifier } from '../sodacl/model.js';

export function datasetsOfChecks(checks: readonly Check[], more: readonly Identifier[] = []): Identifier[] {
  const found = new Map<string, Identifier>();
  const add = (id: Identifier | undefined) => {
    // Unquoted names fold to one case in both engines (lower in PostgreSQL, upper in Snowflake): one table.
    const key = id && (id.quoted ? `q:${id.name}` : `u:${id.name.toLowerCase()}`);
    if (id && key && !found.has(key)) found.set(key, id);
  };
  for (const check of checks) {
    add(check.dataset);
    if (check.kind === 'reference' || check.kind === 'row-count-comparison') add(check.otherDataset);
  }
  for (const id of more) add(id);
  return [...found.values()];
}
