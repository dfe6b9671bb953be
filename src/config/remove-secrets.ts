/**
 * Find the secrets written in plain text in configuration.yml and compute the file without them, byte for byte
 * the same otherwise: every comment, blank line, quote style and line ending stays. The yaml package's Document
 * gives each key's and value's source range; the new text is the old one with exactly those lines cut out
 * (re-serialising the Document would reformat the user's file). `${VAR}` references are no secret and stay.
 */
import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, type Pair, parseDocument, type YAMLMap } from 'yaml';
import type { SourceLocation } from '../sodacl/model.js';
import { DATA_SOURCE_HEADER, isConfigurationKey, parseConfigYaml } from './document.js';
import { ConfigError } from './errors.js';
import { SECRET_FIELDS } from './secret-fields.js';
import { hasVariableReference } from './variables.js';

export interface FoundSecret {
  /** The data source's name, or `soda_cloud`. */
  dataSource: string;
  field: string;
  value: string;
  location: SourceLocation;
}

export interface SecretRemoval {
  /** In file order. */
  secrets: FoundSecret[];
  /** The file without the lines of those keys (the same text when there are none). */
  text: string;
  /** How many top-level keys of a configuration.yml the file has: none means it is no configuration.yml. */
  blocks: number;
  /**
   * Lines written in place of a removed one so that the settings keep their meaning: a Snowflake block whose
   * `private_key` implied key-pair login gets `authenticator: snowflake_jwt` (without it, it would log in with a
   * password).
   */
  added: Array<{ dataSource: string; line: string }>;
}

/** The login mode a Snowflake block's `private_key` implies when it names no authenticator (as Soda reads it). */
const KEY_PAIR = { key: 'authenticator', value: 'snowflake_jwt' } as const;

/** For a block whose type is missing or unknown: every data-source secret field counts. */
const ANY_DATA_SOURCE_FIELDS = [
  ...new Set(
    Object.entries(SECRET_FIELDS).flatMap(([type, fields]) => (type === 'soda_cloud' ? [] : fields)),
  ),
];

interface Cut {
  secret: FoundSecret;
  /** Where the entry stands: its block's key, and whether inside that block's `connection:` map. */
  header: string;
  inConnection: boolean;
  start: number;
  end: number;
  /** A line written where the entry was (see SecretRemoval.added). */
  replacement?: { key: string; value: string; text: string };
}

export function planSecretRemoval(filePath: string, text: string): SecretRemoval {
  const { doc, at } = parseConfigYaml(filePath, text);
  const cuts: Cut[] = [];
  let blocks = 0;
  if (isMap(doc.contents)) {
    for (const block of doc.contents.items) {
      const header = isScalar(block.key) ? String(block.key.value) : '';
      const name = header === 'soda_cloud' ? header : DATA_SOURCE_HEADER.exec(header)?.[1];
      if (isConfigurationKey(header)) blocks++;
      if (!name || !isMap(block.value)) continue;
      const fields = header === 'soda_cloud' ? (SECRET_FIELDS.soda_cloud ?? []) : fieldsOf(block.value);
      for (const inConnection of [false, true]) {
        const map = inConnection ? block.value.get('connection', true) : block.value;
        if (!isMap(map)) continue;
        for (const pair of map.items) {
          const cut = cutFor(pair, name, fields, text, at);
          if (!cut) continue;
          const keyPair = cut.secret.field === 'private_key' && impliesKeyPair(block.value);
          cuts.push({
            ...cut,
            header,
            inConnection,
            ...(keyPair ? { replacement: keyPairLine(text, cut) } : {}),
          });
        }
      }
    }
  }
  cuts.sort((a, b) => a.start - b.start);
  let result = '';
  let from = 0;
  for (const cut of cuts) {
    result += text.slice(from, cut.start) + (cut.replacement?.text ?? '');
    from = cut.end;
  }
  result += text.slice(from);
  verify(filePath, doc.toJS(), result, cuts);
  const added = cuts.flatMap(({ secret, replacement }) =>
    replacement ? [{ dataSource: secret.dataSource, line: `${replacement.key}: ${replacement.value}` }] : [],
  );
  return { secrets: cuts.map((cut) => cut.secret), text: result, blocks, added };
}

/** A Snowflake block with no `authenticator` (top level or in `connection:`): its private_key decides the login. */
function impliesKeyPair(block: YAMLMap): boolean {
  const connection = block.get('connection');
  const inner = isMap(connection) ? connection : undefined;
  const type = block.get('type') ?? inner?.get('type');
  return type === 'snowflake' && !block.has(KEY_PAIR.key) && !inner?.has(KEY_PAIR.key);
}

/** `authenticator: snowflake_jwt` at the removed entry's indentation, with the file's line ending. */
function keyPairLine(
  text: string,
  cut: Omit<Cut, 'header' | 'inConnection'>,
): NonNullable<Cut['replacement']> {
  const line = text.slice(cut.start, cut.end);
  const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
  const eol = line.includes('\r\n') ? '\r\n' : '\n';
  return { ...KEY_PAIR, text: `${indent}${KEY_PAIR.key}: ${KEY_PAIR.value}${eol}` };
}

/** The secret fields for a data source block's `type` (top level or in `connection:`). */
function fieldsOf(block: YAMLMap): readonly string[] {
  const connection = block.get('connection');
  const type = block.get('type') ?? (isMap(connection) ? connection.get('type') : undefined);
  return (typeof type === 'string' ? SECRET_FIELDS[type] : undefined) ?? ANY_DATA_SOURCE_FIELDS;
}

/** The lines to cut for a plaintext secret entry, or undefined when the entry is no plaintext secret. */
function cutFor(
  pair: Pair,
  dataSource: string,
  fields: readonly string[],
  text: string,
  at: (offset: number) => SourceLocation,
): Omit<Cut, 'header' | 'inConnection'> | undefined {
  if (!isScalar(pair.key) || !fields.includes(String(pair.key.value))) return undefined;
  const field = String(pair.key.value);
  const value = pair.value;
  if (!isScalar(value) || value.value === null || !value.range || !pair.key.range) return undefined;
  const secret = typeof value.value === 'string' ? value.value : String(value.value);
  if (secret === '' || hasVariableReference(secret)) return undefined;
  const location = at(value.range[0]);
  const refuse = (why: string): never => {
    throw new ConfigError(
      `Cannot remove ${field} of ${dataSource} from the file: ${why}. Rewrite that entry as \`${field}: …\` on a line of its own, or remove it by hand after storing it with \`gatehouse secrets set ${dataSource} ${field}\`.`,
      location,
    );
  };
  if (value.anchor) refuse('its value has an anchor that other entries may refer to');
  const keyStart = pair.key.range[0];
  const start = text.lastIndexOf('\n', keyStart - 1) + 1;
  if (text.slice(start, keyStart).trim() !== '') refuse('it shares its line with other YAML (flow style)');
  const valueEnd = value.range[1];
  // A block scalar's range already ends after its last line break; a plain or quoted one ends mid-line.
  if (text[valueEnd - 1] === '\n')
    return { secret: { dataSource, field, value: secret, location }, start, end: valueEnd };
  const lineBreak = text.indexOf('\n', valueEnd);
  const end = lineBreak === -1 ? text.length : lineBreak + 1;
  const rest = text.slice(valueEnd, lineBreak === -1 ? text.length : lineBreak).trim();
  if (rest !== '' && !rest.startsWith('#')) refuse('it shares its line with other YAML (flow style)');
  return { secret: { dataSource, field, value: secret, location }, start, end };
}

/**
 * The new text must mean exactly the old one without the removed keys: anything else (a layout this cut does
 * not understand) is an error, and the file is left alone.
 */
function verify(filePath: string, before: unknown, after: string, cuts: Cut[]): void {
  const expected = structuredClone(before) as Record<string, Record<string, Record<string, unknown>>>;
  for (const { secret, header, inConnection, replacement } of cuts) {
    const block = expected[header];
    const map = inConnection ? block?.connection : block;
    if (map) delete map[secret.field];
    if (map && replacement) map[replacement.key] = replacement.value;
  }
  const rewritten = parseDocument(after, { uniqueKeys: true });
  const actual = rewritten.errors.length === 0 ? rewritten.toJS() : undefined;
  if (!isDeepStrictEqual(normalise(actual), normalise(expected))) {
    throw new ConfigError(
      `Cannot remove the secrets from ${filePath} without changing other settings; nothing was changed. Remove them by hand after storing them with \`gatehouse secrets set\`.`,
    );
  }
}

/** A `connection:` map emptied by the cut reads back as null: the same settings. */
function normalise(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null), (_key, inner) =>
    inner && typeof inner === 'object' && !Array.isArray(inner) && Object.keys(inner).length === 0
      ? null
      : inner,
  );
}
