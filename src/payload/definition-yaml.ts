/**
 * A check's `definition`, as Soda Core sends it (reference/soda-cloud-scan-results.json): a check without
 * configuration is its header and its line, indented, with no list dash and no final newline; a check with one is
 * written exactly as `yaml.stringify({[header]: [{line: configuration}]}, {lineWidth: 0})` writes it. The library builds a
 * document model per call, some 30 µs: 150 ms of a 5,000-check payload. Most checks are one plain line with at
 * most a few plain scalar keys, and for that shape the text is fixed; the fast path writes it directly and
 * everything else goes to the library. test/unit/payload/definition-yaml.test.ts checks the two agree wherever
 * the fast path answers.
 */
import { stringify } from 'yaml';

/**
 * A string the library writes as a plain scalar, key or value, on one line (yaml 2's `plainString`): it starts
 * with a letter, `_` or `(` (so no indicator, number, `.inf`, `~` or document marker); printable ASCII only; no
 * `: `, no ` #`, no trailing space or colon; not a null or boolean of the core schema; short enough to stay an
 * implicit key (the library makes keys over 1024 characters explicit).
 */
const PLAIN = /^[A-Za-z_(][\x20-\x7e]{0,999}$/;
const NOT_PLAIN = /: | #|[ :]$/;
const KEYWORD = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;

function plain(text: string): boolean {
  return PLAIN.test(text) && !NOT_PLAIN.test(text) && !KEYWORD.test(text);
}

/** A configuration value in its plain YAML form, or undefined when only the library can write it. */
function plainValue(value: unknown): string | undefined {
  if (typeof value === 'string') return plain(value) ? value : undefined;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value);
  return undefined;
}

/** The fast path's text, or undefined when the check is not of the plain shape. */
export function plainDefinition(
  header: string,
  source: string,
  configuration: Record<string, unknown>,
): string | undefined {
  if (!plain(header) || !plain(source)) return undefined;
  let text = `${header}:\n  - ${source}`;
  let keys = 0;
  for (const key in configuration) {
    const value = plainValue(configuration[key]);
    if (value === undefined || !plain(key)) return undefined;
    text += `${keys++ === 0 ? ':' : ''}\n      ${key}: ${value}`;
  }
  return `${text}\n`;
}

export function definitionYaml(
  header: string,
  source: string,
  configuration: Record<string, unknown>,
): string {
  if (Object.keys(configuration).length === 0) return `${header}:\n  ${source}`;
  const fast = plainDefinition(header, source, configuration);
  if (fast !== undefined) return fast;
  return stringify({ [header]: [{ [source]: configuration }] }, { lineWidth: 0 });
}
