/**
 * configuration.yml → validated data sources. Soda's `data_source NAME:` blocks, `${ENV}` anywhere
 * (the environment wins over scan variables), a legacy nested `connection:` map merged upward.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type * as z from 'zod/mini';
import { DATA_SOURCE_NAME } from './data-source-name.js';
import { DATA_SOURCE_HEADER, NOT_A_MAP } from './document.js';
import { ConfigError, unreadableConfiguration } from './errors.js';
import { snowflakeDataSource } from './load-snowflake.js';
import type {
  Configuration,
  DataSourceConfig,
  DestinationsConfig,
  PlaintextSecret,
  SodaCloudConfig,
} from './model.js';
import { type PrivacyConfig, privacyBlock, toPrivacyConfig } from './privacy.js';
import { samplerConfig } from './sampler.js';
import {
  destinationsBlock,
  PLANNED_TYPES,
  postgresBlock,
  SUPPORTED_TYPES,
  snowflakeBlock,
  sodaCloudBlock,
} from './schema.js';
import { SECRET_FIELDS } from './secret-fields.js';
import type { VariableSource } from './variables.js';
import { parseYamlTree, type YamlTree } from './yaml-tree.js';

export interface LoadOptions {
  env?: VariableSource;
  variables?: VariableSource;
  /**
   * The data sources this run uses: only their blocks are validated and have their `${VAR}`s resolved; the others
   * are known by name only, so another environment's block (its variables unset here, say) does not stop this
   * one. Default: every block.
   */
  only?: readonly string[];
}

/** `only` for a run that reads the destinations and the privacy policy, and no data source (preview, upload). */
export const NO_DATA_SOURCE: readonly string[] = [];

export async function loadConfiguration(filePath: string, options: LoadOptions = {}): Promise<Configuration> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    throw unreadableConfiguration(filePath, error, 'Pass the right path with -c.');
  }
  return parseConfiguration(filePath, text, options);
}

/** Soda v4's data source file: `type`, `name` and a `connection:` map at the top, one data source per file. */
function sodaV4Shape(root: object): boolean {
  return 'type' in root && 'connection' in root;
}

function sodaV4Message(root: Record<string, unknown>): string {
  const name =
    typeof root.name === 'string' && DATA_SOURCE_NAME.test(root.name) ? root.name : 'my_data_source';
  const type = typeof root.type === 'string' ? root.type : 'snowflake';
  return `This is a Soda v4 data source file (type, name and connection: at the top). Gatehouse reads Soda Core v3's configuration.yml, with \`data_source NAME:\` blocks: indent the file under \`data_source ${name}:\`, as \`data_source ${name}:\` / \`  type: ${type}\` / \`  connection:\` / \`    account: …\` (the keys under connection: stay as they are; drop name:), and use -d ${name}.`;
}

export function parseConfiguration(filePath: string, text: string, options: LoadOptions = {}): Configuration {
  const { only } = options;
  const used = (header: string) => {
    const name = DATA_SOURCE_HEADER.exec(header)?.[1];
    return only === undefined || name === undefined || only.includes(name);
  };
  const tree = parseYamlTree(filePath, text, options.env ?? process.env, options.variables, used);
  const root = tree.value ?? {};
  if (typeof root !== 'object' || Array.isArray(root)) {
    throw new ConfigError(NOT_A_MAP, tree.locate([]));
  }
  const dataSources: Record<string, DataSourceConfig> = {};
  const otherDataSources: string[] = [];
  const plaintextSecrets: PlaintextSecret[] = [];
  let sodaCloud: SodaCloudConfig | undefined;
  let destinations: DestinationsConfig | undefined;
  let privacy: PrivacyConfig | undefined;
  for (const [header, block] of Object.entries(root)) {
    if (header === 'privacy') {
      privacy = toPrivacyConfig(validate(privacyBlock, block ?? {}, tree, [header]));
      continue;
    }
    if (header === 'soda_cloud') {
      const parsed = validate(sodaCloudBlock, block ?? {}, tree, [header]);
      sodaCloud = {
        host: parsed.host,
        port: parsed.port,
        scheme: parsed.scheme ?? 'https',
        apiKeyId: parsed.api_key_id,
        apiKeySecret: parsed.api_key_secret === '' ? undefined : parsed.api_key_secret,
      };
      plaintextSecrets.push(...plaintextIn(tree, header, 'soda_cloud', 'soda_cloud'));
      continue;
    }
    if (header === 'destinations') {
      const parsed = validate(destinationsBlock, block ?? {}, tree, [header]);
      destinations = {
        webhook: parsed.webhook,
        file: parsed.file ? { path: resolve(dirname(filePath), parsed.file.path) } : undefined,
      };
      continue;
    }
    const match = DATA_SOURCE_HEADER.exec(header);
    if (!match?.[1] && sodaV4Shape(root)) {
      throw new ConfigError(sodaV4Message(root as Record<string, unknown>), tree.locate([header]));
    }
    if (!match?.[1]) {
      throw new ConfigError(
        `Unknown top-level key "${header}". Expected \`data_source NAME:\` blocks and optional \`soda_cloud:\`, \`destinations:\` and \`privacy:\` blocks.`,
        tree.locate([header]),
      );
    }
    const name = match[1];
    if (!DATA_SOURCE_NAME.test(name)) {
      throw new ConfigError(
        `Data source name "${name}" is invalid: use lower-case letters, digits and underscores, at least two characters, starting with a letter or underscore.`,
        tree.locate([header]),
      );
    }
    if (!used(header)) {
      otherDataSources.push(name);
      continue;
    }
    const ds = dataSource(name, block, tree, header);
    dataSources[name] = ds;
    plaintextSecrets.push(...plaintextIn(tree, header, name, ds.type));
  }
  plaintextSecrets.sort((a, b) => a.location.line - b.location.line || a.location.col - b.location.col);
  return {
    filePath,
    dataSources,
    ...(only ? { otherDataSources } : {}),
    plaintextSecrets,
    sodaCloud,
    destinations,
    ...(privacy ? { privacy } : {}),
  };
}

/** The secret fields of a block written literally in the file, top level or in a legacy `connection:` map. */
function plaintextIn(tree: YamlTree, header: string, dataSource: string, type: string): PlaintextSecret[] {
  const found: PlaintextSecret[] = [];
  for (const field of SECRET_FIELDS[type] ?? []) {
    for (const path of [
      [header, field],
      [header, 'connection', field],
    ]) {
      const scalar = tree.scalar(path);
      if (scalar?.literal) found.push({ dataSource, field, location: scalar.location });
    }
  }
  return found;
}

function dataSource(name: string, block: unknown, tree: YamlTree, header: string): DataSourceConfig {
  if (typeof block !== 'object' || block === null || Array.isArray(block)) {
    throw new ConfigError(`Data source "${name}" must be a map of settings.`, tree.locate([header]));
  }
  // Soda's legacy layout nests settings under `connection:`; top-level keys win.
  const { connection, ...rest } = block as Record<string, unknown>;
  const merged = typeof connection === 'object' && connection !== null ? { ...connection, ...rest } : rest;
  const type = merged.type;
  if (type === undefined) {
    throw new ConfigError(
      `Data source "${name}" has no \`type\`. Supported: ${SUPPORTED_TYPES.join(', ')}.`,
      tree.locate([header]),
    );
  }
  if ((PLANNED_TYPES as readonly unknown[]).includes(type)) {
    throw new ConfigError(
      `Data source "${name}": type ${String(type)} is not supported yet by this version of Gatehouse.`,
      tree.locate([header, 'type']),
    );
  }
  if (type === 'snowflake') {
    return snowflakeDataSource(name, validate(snowflakeBlock, merged, tree, [header]), tree, header);
  }
  if (type !== 'postgres') {
    throw new ConfigError(
      `Data source "${name}" has unknown type "${String(type)}". Supported: ${SUPPORTED_TYPES.join(', ')}.`,
      tree.locate([header, 'type']),
    );
  }
  const parsed = validate(postgresBlock, merged, tree, [header]);
  return {
    type: 'postgres',
    name,
    host: parsed.host,
    port: parsed.port,
    username: parsed.username,
    password: parsed.password === '' ? undefined : parsed.password,
    database: parsed.database,
    schema: parsed.schema,
    sslmode: parsed.sslmode,
    sslrootcert: parsed.sslrootcert,
    sslcert: parsed.sslcert,
    sslkey: parsed.sslkey,
    connectionTimeoutMs: Math.round(parsed.connection_timeout * 1000),
    poolSize: parsed.pool_size,
    statementTimeoutMs: Math.round(parsed.statement_timeout * 1000),
    sampler: samplerConfig(parsed),
  };
}

function validate<T extends z.ZodMiniType>(
  schema: T,
  value: unknown,
  tree: YamlTree,
  at: string[],
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new ConfigError(`Invalid settings under ${at.join('.')}`, tree.locate(at));
  const path = [...at, ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part))];
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys;
    const allowed =
      'shape' in schema ? Object.keys((schema as unknown as z.ZodMiniObject).shape).join(', ') : '';
    throw new ConfigError(
      `Unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')} in ${at.join('.')}. Allowed keys: ${allowed}.`,
      tree.locate([...path, keys[0] ?? '']),
    );
  }
  const field = issue.path.length > 0 ? `"${issue.path.join('.')}"` : at.join('.');
  const given = issue.path.reduce<unknown>(
    (inner, part) =>
      inner && typeof inner === 'object' ? (inner as Record<PropertyKey, unknown>)[part] : undefined,
    value,
  );
  throw new ConfigError(
    given === undefined
      ? `Missing required key ${field} in ${at.join('.')}.`
      : `Invalid value for ${field}: ${describeIssue(issue)}.`,
    tree.locate(path),
  );
}

/** zod's type names, as a configuration file's author reads them. */
const EXPECTED: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  object: 'a map of keys',
  record: 'a map of keys',
  array: 'a list',
};

/** zod/mini carries no message catalogue: say what was expected from the issue itself. */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  switch (issue.code) {
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'invalid_type':
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}`;
    case 'too_small':
      return `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${String(issue.minimum)}`;
    case 'too_big':
      return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}`;
    case 'invalid_union': {
      // A branch that accepted the value's type but not the value knows best ("abc" for a port: not a whole
      // number); when every branch refused the type, name the types that would do.
      const branches = issue.errors.map((branch) => branch[0]).filter((first) => first !== undefined);
      const closest = branches.find((first) => first.code !== 'invalid_type');
      if (closest) return describeIssue(closest);
      const expected = [
        ...new Set(
          branches.map((first) =>
            first.code === 'invalid_type' ? (EXPECTED[first.expected] ?? first.expected) : '',
          ),
        ),
      ].filter((name) => name !== '');
      return expected.length > 0 ? `expected ${expected.join(' or ')}` : 'expected text or a number';
    }
    default:
      return issue.message;
  }
}
