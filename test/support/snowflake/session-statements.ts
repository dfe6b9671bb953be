/**
 * Statements the server answers itself, without PostgreSQL: USE ROLE|WAREHOUSE|DATABASE|SCHEMA, ALTER SESSION
 * SET|UNSET, SHOW NETWORK POLICIES|NETWORK RULES|WAREHOUSES|PARAMETERS, DESCRIBE NETWORK POLICY|NETWORK RULE|USER, and
 * transaction statements (each request runs in a transaction of its own, so BEGIN/COMMIT/ROLLBACK do nothing).
 */
import { publicKeyFingerprint } from './auth.js';
import { type Catalog, canUseWarehouse, effectivePolicy, grantedRoles, isNetworkAdmin } from './catalog.js';
import { SnowflakeError, sfErrors } from './errors.js';
import {
  allRules,
  type Column,
  describeNetworkPolicy,
  describeNetworkRule,
  showNetworkPolicies,
  showNetworkRules,
  type VirtualResult,
} from './network-policy.js';
import type { Session } from './sessions.js';
import type { Token } from './tokenizer.js';

const STATUS: VirtualResult = {
  columns: [{ name: 'status', type: 'text' }],
  rows: [['Statement executed successfully.']],
};

const isWord = (token: Token | undefined, ...words: string[]) =>
  token?.kind === 'word' && words.includes(token.value);

/** A name token's Snowflake name: unquoted words upper-cased, quoted ones as written, strings as their value. */
function nameOf(token: Token | undefined): string | undefined {
  if (token?.kind === 'word' || token?.kind === 'quoted' || token?.kind === 'string') return token.value;
  return undefined;
}

/** `a.b.c` from `index`: the parts and the index after the name. */
function dottedName(sig: readonly Token[], index: number): { parts: string[]; next: number } {
  const parts: string[] = [];
  let i = index;
  const first = nameOf(sig[i]);
  if (first === undefined) return { parts, next: i };
  parts.push(first);
  i++;
  while (sig[i]?.kind === 'punct' && sig[i]?.text === '.' && nameOf(sig[i + 1]) !== undefined) {
    parts.push(nameOf(sig[i + 1]) as string);
    i += 2;
  }
  return { parts, next: i };
}

function expectEnd(sig: readonly Token[], index: number): void {
  const extra = sig[index];
  if (extra) throw sfErrors.syntax(1, extra.start, extra.text);
}

function use(sig: readonly Token[], session: Session, catalog: Catalog): VirtualResult {
  let i = 1;
  let what = 'DATABASE';
  if (isWord(sig[i], 'ROLE', 'WAREHOUSE', 'DATABASE', 'SCHEMA', 'SECONDARY')) {
    what = (sig[i] as Token).value;
    i++;
  }
  if (what === 'SECONDARY') return STATUS;
  const { parts, next } = dottedName(sig, i);
  if (parts.length === 0) throw sfErrors.syntax(1, sig[i]?.start ?? 0, sig[i]?.text ?? '<EOF>');
  expectEnd(sig, next);
  const name = parts.at(-1) as string;
  switch (what) {
    case 'ROLE':
      if (!grantedRoles(session.user).includes(name)) {
        throw new SnowflakeError(
          '003013',
          `SQL access control error:\nRequested role '${name}' is not assigned to the executing user. Specify another role to activate.`,
          '42501',
        );
      }
      session.role = name;
      return STATUS;
    case 'WAREHOUSE':
      if (!canUseWarehouse(catalog, session.role, name)) throw sfErrors.objectMissingOrNoOperation();
      session.warehouse = name;
      return STATUS;
    case 'DATABASE':
      if (name !== catalog.database) throw sfErrors.objectMissing('Database', name);
      session.database = name;
      session.schema = catalog.schemas.has('PUBLIC') ? 'PUBLIC' : null;
      return STATUS;
    default: {
      const database = parts.length > 1 ? (parts[0] as string) : session.database;
      if (database !== catalog.database || !catalog.schemas.has(name)) {
        throw sfErrors.objectMissing('Schema', `${database ?? ''}.${name}`);
      }
      session.database = database;
      session.schema = name;
      return STATUS;
    }
  }
}

/** `ALTER SESSION SET A = 1, B = 'x'` / `ALTER SESSION UNSET A, B`. */
function alterSession(sig: readonly Token[], session: Session): VirtualResult {
  const action = sig[2];
  if (!isWord(action, 'SET', 'UNSET')) throw sfErrors.syntax(1, action?.start ?? 0, action?.text ?? '<EOF>');
  let i = 3;
  const pairs: Array<[string, string | undefined]> = [];
  while (i < sig.length) {
    const name = sig[i];
    if (name?.kind !== 'word') throw sfErrors.syntax(1, name?.start ?? 0, name?.text ?? '<EOF>');
    i++;
    if (action?.value === 'SET') {
      if (sig[i]?.text !== '=') throw sfErrors.syntax(1, sig[i]?.start ?? 0, sig[i]?.text ?? '<EOF>');
      let negative = false;
      if (sig[i + 1]?.text === '-') {
        negative = true;
        i++;
      }
      const value = sig[i + 1];
      if (!value || !['string', 'number', 'word'].includes(value.kind)) {
        throw sfErrors.syntax(1, value?.start ?? 0, value?.text ?? '<EOF>');
      }
      pairs.push([name.value, `${negative ? '-' : ''}${value.kind === 'word' ? value.value : value.value}`]);
      i += 2;
    } else {
      pairs.push([name.value, undefined]);
    }
    if (sig[i]?.text === ',') i++;
  }
  if (pairs.length === 0) throw sfErrors.syntax(1, action?.start ?? 0, '<EOF>');
  for (const [name, value] of pairs) {
    if (name === 'STATEMENT_TIMEOUT_IN_SECONDS' && value !== undefined && !/^\d+$/.test(value)) {
      throw sfErrors.invalidParameter(`${name} = ${value}`);
    }
  }
  for (const [name, value] of pairs) {
    if (value === undefined) session.params.delete(name);
    else session.params.set(name, value);
  }
  return STATUS;
}

/** SQL LIKE, case-insensitive as SHOW … LIKE is. */
function like(pattern: string): (name: string) => boolean {
  const regex = pattern
    .split('')
    .map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const compiled = new RegExp(`^${regex}$`, 'is');
  return (name) => compiled.test(name);
}

/** The `LIKE '…'` of a SHOW statement, anywhere after the object kind. */
function likeFilter(sig: readonly Token[]): (name: string) => boolean {
  const at = sig.findIndex((token) => isWord(token, 'LIKE'));
  const pattern = at === -1 ? undefined : sig[at + 1];
  return pattern?.kind === 'string' ? like(pattern.value) : () => true;
}

function filterRows(result: VirtualResult, keep: (name: string) => boolean, column = 1): VirtualResult {
  return { ...result, rows: result.rows.filter((row) => keep(row[column] ?? '')) };
}

function show(sig: readonly Token[], session: Session, catalog: Catalog): VirtualResult {
  const keep = likeFilter(sig);
  const schema = session.schema ?? 'PUBLIC';
  if (isWord(sig[1], 'NETWORK') && isWord(sig[2], 'POLICIES')) {
    const visible = isNetworkAdmin(catalog, session.role) ? [...catalog.policies.values()] : [];
    return filterRows(showNetworkPolicies(visible, catalog.createdOn), keep);
  }
  if (isWord(sig[1], 'NETWORK') && isWord(sig[2], 'RULES')) {
    const visible = isNetworkAdmin(catalog, session.role) ? allRules([...catalog.policies.values()]) : [];
    return filterRows(showNetworkRules(visible, catalog.database, schema, catalog.createdOn), keep);
  }
  if (isWord(sig[1], 'WAREHOUSES')) {
    const columns: Column[] = [
      { name: 'name', type: 'text' },
      { name: 'state', type: 'text' },
      { name: 'type', type: 'text' },
      { name: 'size', type: 'text' },
      { name: 'auto_resume', type: 'text' },
      { name: 'resource_monitor', type: 'text' },
    ];
    const rows = [...catalog.warehouses.values()]
      .filter((warehouse) => canUseWarehouse(catalog, session.role, warehouse.name))
      .map((warehouse) => [
        warehouse.name,
        warehouse.suspended ? 'SUSPENDED' : 'STARTED',
        'STANDARD',
        'X-Small',
        String(warehouse.autoResume ?? true),
        warehouse.resourceMonitor ?? 'null',
      ]);
    return filterRows({ columns, rows }, keep, 0);
  }
  if (isWord(sig[1], 'PARAMETERS')) return showParameters(sig, session, catalog, keep);
  throw sfErrors.unsupported(`SHOW ${sig[1]?.text ?? ''} on the test server`);
}

/** `SHOW PARAMETERS [LIKE …] [IN ACCOUNT | IN USER name | IN SESSION]`: the NETWORK_POLICY parameter and the session's. */
function showParameters(
  sig: readonly Token[],
  session: Session,
  catalog: Catalog,
  keep: (name: string) => boolean,
): VirtualResult {
  const columns: Column[] = [
    { name: 'key', type: 'text' },
    { name: 'value', type: 'text' },
    { name: 'default', type: 'text' },
    { name: 'level', type: 'text' },
    { name: 'description', type: 'text' },
    { name: 'type', type: 'text' },
  ];
  const at = sig.findIndex((token) => isWord(token, 'IN'));
  const scope = at === -1 ? 'SESSION' : (sig[at + 1]?.value ?? 'SESSION');
  const rows: Array<Array<string | null>> = [];
  if (scope === 'ACCOUNT') {
    rows.push([
      'NETWORK_POLICY',
      catalog.accountPolicy ?? '',
      '',
      catalog.accountPolicy ? 'ACCOUNT' : '',
      'Network policy',
      'STRING',
    ]);
  } else if (scope === 'USER') {
    const named = nameOf(sig[at + 2]);
    const user = named === undefined ? session.user : catalog.users.get(named.toUpperCase());
    if (named !== undefined && named.toUpperCase() !== session.user.name.toUpperCase()) {
      if (!isNetworkAdmin(catalog, session.role)) throw sfErrors.insufficientPrivileges('USER', named);
    }
    if (!user) throw sfErrors.objectMissing('User', named ?? '');
    const own = user.networkPolicy;
    rows.push([
      'NETWORK_POLICY',
      own ?? effectivePolicy(catalog, user)?.name ?? '',
      '',
      own ? 'USER' : catalog.accountPolicy ? 'ACCOUNT' : '',
      'Network policy',
      'STRING',
    ]);
  } else {
    for (const [name, value] of session.params) rows.push([name, value, '', 'SESSION', '', 'STRING']);
  }
  return filterRows({ columns, rows }, keep, 0);
}

/** `DESCRIBE USER name`: its properties, with the fingerprints of its public keys; for itself or an admin. */
function describeUser(sig: readonly Token[], session: Session, catalog: Catalog): VirtualResult {
  const { parts, next } = dottedName(sig, 2);
  expectEnd(sig, next);
  const name = parts.at(-1);
  if (name === undefined) throw sfErrors.syntax(1, sig[2]?.start ?? 0, sig[2]?.text ?? '<EOF>');
  const user = catalog.users.get(name.toUpperCase());
  const self = session.user.name.toUpperCase() === name.toUpperCase();
  if (!self && !isNetworkAdmin(catalog, session.role)) throw sfErrors.insufficientPrivileges('USER', name);
  if (!user) throw sfErrors.objectMissing('User', name);
  const keys = user.rsaPublicKeys ?? [];
  const properties: Array<[string, string | null]> = [
    ['NAME', user.name.toUpperCase()],
    ['LOGIN_NAME', user.name.toUpperCase()],
    ['DISABLED', String(user.disabled ?? false)],
    ['DEFAULT_WAREHOUSE', user.defaultWarehouse ?? null],
    ['DEFAULT_ROLE', user.defaultRole ?? null],
    ['RSA_PUBLIC_KEY_FP', keys[0] ? publicKeyFingerprint(keys[0]) : null],
    ['RSA_PUBLIC_KEY_2_FP', keys[1] ? publicKeyFingerprint(keys[1]) : null],
    ['HAS_PASSWORD', String(user.password !== undefined)],
  ];
  return {
    columns: [
      { name: 'property', type: 'text' },
      { name: 'value', type: 'text' },
      { name: 'default', type: 'text' },
      { name: 'description', type: 'text' },
    ],
    rows: properties.map(([property, value]) => [property, value ?? 'null', 'null', '']),
  };
}

function describe(sig: readonly Token[], session: Session, catalog: Catalog): VirtualResult {
  if (isWord(sig[1], 'USER')) return describeUser(sig, session, catalog);
  if (!isWord(sig[1], 'NETWORK') || !isWord(sig[2], 'POLICY', 'RULE')) {
    throw sfErrors.unsupported(`DESCRIBE ${sig[1]?.text ?? ''} on the test server`);
  }
  const { parts, next } = dottedName(sig, 3);
  expectEnd(sig, next);
  const name = parts.at(-1);
  if (name === undefined) throw sfErrors.syntax(1, sig[3]?.start ?? 0, sig[3]?.text ?? '<EOF>');
  const schema = session.schema ?? 'PUBLIC';
  const kind = (sig[2] as Token).value === 'POLICY' ? 'NETWORK POLICY' : 'NETWORK RULE';
  if (!isNetworkAdmin(catalog, session.role)) throw sfErrors.insufficientPrivileges(kind, name);
  if (kind === 'NETWORK POLICY') {
    const policy = catalog.policies.get(name);
    if (!policy) throw sfErrors.objectMissing('Network policy', name);
    return describeNetworkPolicy(policy, catalog.database, schema);
  }
  const rule = allRules([...catalog.policies.values()]).find((candidate) => candidate.name === name);
  if (!rule) throw sfErrors.objectMissing('Network rule', name);
  return describeNetworkRule(rule, catalog.database, schema, catalog.createdOn);
}

/** The statement's answer when the server handles it itself, else undefined (it goes to PostgreSQL). */
export function sessionStatement(
  sig: readonly Token[],
  session: Session,
  catalog: Catalog,
): VirtualResult | undefined {
  const first = sig[0];
  if (isWord(first, 'USE')) return use(sig, session, catalog);
  if (isWord(first, 'ALTER') && isWord(sig[1], 'SESSION')) return alterSession(sig, session);
  if (isWord(first, 'SHOW')) return show(sig, session, catalog);
  if (isWord(first, 'DESC', 'DESCRIBE')) return describe(sig, session, catalog);
  if (isWord(first, 'BEGIN', 'START', 'COMMIT', 'ROLLBACK')) return STATUS;
  return undefined;
}
