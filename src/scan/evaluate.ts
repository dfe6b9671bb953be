/** How checks are named for people, as Soda names them. */
import type { Check } from '../sodacl/model.js';

/** `name:`, or the check line followed by its warn and fail conditions. */
export function displayNameOf(check: Check): string {
  if (check.name) return check.name;
  const extra = (['warn', 'fail'] as const)
    .filter((key) => typeof check.configuration[key] === 'string')
    .map((key) => ` ${key} ${String(check.configuration[key])}`)
    .join('');
  return `${check.source}${extra}`;
}
