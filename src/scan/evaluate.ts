/** How checks are named for people, as Soda names them. */
import type { Check } from '../sodacl/model.js';

/** `name:`, or the check line followed by its warn and fail conditions. */
export function displayNameOf(check: Check): string {
  if (check.name) return check.name;
  // Soda's SchemaCheckCfg default: its warn/fail blocks are maps, never part of the name.
  if (check.kind === 'schema') return 'Schema Check';
  const extra = (['warn', 'fail'] as const)
    .filter((key) => typeof check.configuration[key] === 'string')
    .map((key) => ` ${key} ${String(check.configuration[key])}`)
    .join('');
  return `${check.source}${extra}`;
}
