/**
 * Snowflake errors → classifications. Matched on the text: the same failure arrives as 390422 from the REST API,
 * wrapped in 250001 by the Python connector, and worded differently by JDBC (anchors.md 4.1).
 */
import { hasCode, type Rule } from './classification.js';
import { parseIp } from './ip-address.js';

/** "Incoming request with IP/Token 1.2.3.4 is not allowed…" and JDBC's "IP 1.2.3.4 is not allowed…". */
const IP_BLOCKED = /\bIP(?:\/Token)?\s+(\S+?)\s+is not allowed to access Snowflake/i;

/** Quotes and brackets some wrappers add around the address. */
function stripAddress(text: string): string {
  return text.replace(/^["'[(<]+/, '').replace(/["'\])>]+$/, '');
}

const ipBlocked: Rule = (failure, context) => {
  const match = IP_BLOCKED.exec(failure.message);
  if (!match) return undefined;
  const ip = parseIp(stripAddress(match[1] ?? ''));
  const seen = ip.ok ? ip.value.text : 'your address';
  return {
    layer: 'network-policy',
    kind: 'snowflake-ip-blocked',
    code: '390422',
    ...(ip.ok ? { clientIp: ip.value.text } : {}),
    summary: `A Snowflake network policy blocks ${seen}${context.user ? ` for user ${context.user}` : ''}.`,
    remediation: `Ask the Snowflake admin to add ${seen} (the address Snowflake saw) to the network rule of the policy that applies to this user (user > security integration > account), and check it is not in a blocked list.`,
  };
};

const patNeedsPolicy: Rule = (failure) =>
  hasCode(failure, '390432') || /Network policy is required/i.test(failure.message)
    ? {
        layer: 'network-policy',
        kind: 'snowflake-pat-needs-policy',
        code: '390432',
        summary: 'Snowflake refuses the programmatic access token: no network policy applies to this user.',
        remediation:
          'Ask the admin to attach a network policy to the user (ALTER USER … SET NETWORK_POLICY = …), or to relax it with an authentication policy (PAT_POLICY = (NETWORK_POLICY_EVALUATION = …)).',
      }
    : undefined;

const badCredentials: Rule = (failure) =>
  hasCode(failure, '390100') || /Incorrect username or password was specified/i.test(failure.message)
    ? {
        layer: 'auth',
        kind: 'bad-credentials',
        code: '390100',
        summary: 'Snowflake rejected the user name or password.',
        remediation:
          'Check the user name and the stored password or token; ask the admin whether the user is locked or disabled.',
      }
    : undefined;

const roleNotGranted: Rule = (failure) => {
  const match = /Role '([^']+)' specified in the connect string is not granted to this user/i.exec(
    failure.message,
  );
  if (!match && !hasCode(failure, '390189')) return undefined;
  const role = match?.[1] ?? 'the configured role';
  const code = hasCode(failure, '390189') ?? failure.codes[0];
  return {
    layer: 'access',
    kind: 'snowflake-role-not-granted',
    ...(code ? { code } : {}),
    summary: `Role ${role} is not granted to this user.`,
    remediation: `Ask the admin to GRANT ROLE ${role} TO USER …, or configure a role the user has.`,
  };
};

const warehouse: Rule = (failure, context) => {
  const { message } = failure;
  if (/No active warehouse selected/i.test(message)) {
    const name = context.warehouse ? ` ${context.warehouse}` : '';
    return {
      layer: 'access',
      kind: 'snowflake-no-warehouse',
      ...(failure.codes[0] ? { code: failure.codes[0] } : {}),
      summary: `No usable warehouse in this session${name ? ` (configured:${name})` : ''}.`,
      remediation: `Set a warehouse in configuration.yml; Snowflake reports this too when the warehouse${name} does not exist or the role lacks USAGE on it.`,
    };
  }
  const suspended = /Warehouse '([^']+)' (?:is suspended|cannot be resumed)[^.]*/i.exec(message);
  if (suspended) {
    return {
      layer: 'access',
      kind: 'snowflake-warehouse-suspended',
      ...(failure.codes[0] ? { code: failure.codes[0] } : {}),
      summary: `${suspended[0]}.`,
      remediation:
        'Ask the admin to resume the warehouse, grant OPERATE on it, or raise the resource monitor quota.',
    };
  }
  return undefined;
};

const objectAccess: Rule = (failure, context) => {
  const { message } = failure;
  const missing = /(?:Object|Database|Schema|Table) '([^']+)' does not exist or not authorized/i.exec(
    message,
  );
  const denied = /Insufficient privileges to operate on (\w+) '([^']+)'/i.exec(message);
  if (!missing && !denied) return undefined;
  const code = hasCode(failure, '42501', '002003', '003001', '42S02') ?? failure.codes[0];
  const name = missing?.[1] ?? denied?.[2] ?? '';
  const isWarehouse = !!context.warehouse && name.toUpperCase() === context.warehouse.toUpperCase();
  const role = context.role ? `role ${context.role}` : 'the current role';
  return {
    layer: isWarehouse ? 'access' : 'privileges',
    kind: isWarehouse
      ? 'snowflake-warehouse-missing'
      : missing
        ? 'snowflake-object-missing'
        : 'snowflake-insufficient-privileges',
    ...(code ? { code } : {}),
    summary: missing
      ? `'${name}' does not exist or ${role} may not see it.`
      : `${context.role ? `Role ${context.role}` : 'The current role'} lacks privileges on ${denied?.[1]} '${name}'.`,
    remediation: isWarehouse
      ? `Check the warehouse name, and ask the admin to GRANT USAGE ON WAREHOUSE ${name} to ${role}.`
      : `Check the name, and ask the admin to grant ${role} USAGE on the database and schema and SELECT on the table.`,
  };
};

export const SNOWFLAKE_RULES: readonly Rule[] = [
  ipBlocked,
  patNeedsPolicy,
  badCredentials,
  roleNotGranted,
  warehouse,
  objectAccess,
];
