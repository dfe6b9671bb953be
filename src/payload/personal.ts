/**
 * Column names that look personal (email, phone, ssn, name, address, birth…), flagged in the preview so a
 * reviewer looks twice. A heuristic on the name's words, never a verdict: it flags, it does not withhold.
 */
import type { ScanResult } from '../scan/result.js';
import { visitColumnNames } from './names.js';

/** Whole words of a column name (snake_case, camelCase, kebab or dotted). */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

const PERSONAL_WORDS = new Map<string, string>([
  ...['email', 'mail', 'emailaddress'].map((w): [string, string] => [w, 'email']),
  ...['phone', 'mobile', 'tel', 'telephone', 'cell', 'fax', 'msisdn'].map((w): [string, string] => [
    w,
    'phone',
  ]),
  ...['ssn', 'sin', 'nin', 'bsn', 'nino', 'passport', 'taxid', 'tin', 'nationalid'].map(
    (w): [string, string] => [w, 'national id'],
  ),
  ...['name', 'firstname', 'lastname', 'surname', 'fullname', 'forename', 'username', 'givenname'].map(
    (w): [string, string] => [w, 'name'],
  ),
  ...['address', 'addr', 'street', 'zip', 'zipcode', 'postcode', 'postal'].map((w): [string, string] => [
    w,
    'address',
  ]),
  ...['birth', 'birthday', 'birthdate', 'dob'].map((w): [string, string] => [w, 'birth date']),
  ...['iban', 'card', 'creditcard', 'ccn'].map((w): [string, string] => [w, 'financial']),
  ...['ip', 'ipaddress'].map((w): [string, string] => [w, 'ip address']),
  ...['gender', 'sex', 'ethnicity', 'religion'].map((w): [string, string] => [w, 'sensitive attribute']),
]);

/** Substrings that mark a name as personal even when glued to other words (`customeremail`). */
const GLUED = ['email', 'phone', 'birth', 'address', 'passport', 'surname', 'firstname', 'lastname'];

/** Why a column name looks personal, or undefined. */
export function personalKind(column: string): string | undefined {
  for (const word of words(column)) {
    const kind = PERSONAL_WORDS.get(word);
    if (kind) return kind;
  }
  const lower = column.toLowerCase();
  const glued = GLUED.find((part) => lower.includes(part));
  return glued ? (PERSONAL_WORDS.get(glued) ?? glued) : undefined;
}

export interface PersonalColumn {
  dataset: string;
  column: string;
  /** email, phone, national id, name, address, birth date, … */
  kind: string;
}

/** The personal-looking columns a scan's results mention, per dataset, in first-seen order. */
export function personalColumns(result: ScanResult): PersonalColumn[] {
  const found = new Map<string, PersonalColumn>();
  const consider = (dataset: string | undefined, column: string | undefined) => {
    if (!dataset || !column) return;
    const key = `${dataset}\u0000${column}`;
    if (found.has(key)) return;
    const kind = personalKind(column);
    if (kind) found.set(key, { dataset, column, kind });
  };
  visitColumnNames(result, consider);
  return [...found.values()];
}
