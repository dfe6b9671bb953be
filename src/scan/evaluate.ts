/** How checks are named for people, as Soda names them. */
import { defaultNameAsWritten } from '../sodacl/check-common.js';
import type { Check } from '../sodacl/model.js';

/** `name:`, or the check line followed by its warn and fail conditions, variables resolved (as Soda does). */
export function displayNameOf(check: Check): string {
  if (check.name) return check.name;
  // Soda's SchemaCheckCfg default: its warn/fail blocks are maps, never part of the name.
  if (check.kind === 'schema') return 'Schema Check';
  return check.resolvedDefaultName ?? defaultNameAsWritten(check.source, check.configuration);
}
