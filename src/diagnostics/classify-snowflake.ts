/**
 * Snowflake errors → classifications. Matched on the text: the same failure arrives as 390422 from the REST API,
 * wrapped in 250001 by the Python connector, and worded differently by JDBC (anchors.md 4.1).
 */
import { doubleQuote } from '../connectors/dialect.js';
import { configuredName } from '../connectors/snowflake/dialect.js';
import { type ClassifyContext, hasCode, type Rule } from './classification.js';
import { parseIp } from './ip-address.js';

/** "Incoming request with IP/Token 1.2.3.4 is not allowed…" and JDBC's "IP 1.2.3.4 is not allowed…". */
const IP_BLOCKED = /\bIP(?:\/Token)?\s+(\S+?)\s+is not allowed to access Snowflake/i;

/** The user as an admin's statement names it, or an ellipsis to fill in. */
function userName(context: ClassifyContext): string {
  return context.user ? doubleQuote(configuredName(context.user)) : '…';
}

/** The data source as `gatehouse secrets set` takes it. */
function dataSourceName(context: ClassifyContext): string {
  return context.dataSource ?? '<data source>';
}

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

const patNeedsPolicy: Rule = (failure, context) =>
  hasCode(failure, '390432') || /Network policy is required/i.test(failure.message)
    ? {
        layer: 'network-policy',
        kind: 'snowflake-pat-needs-policy',
        code: '390432',
        summary: 'Snowflake refuses the programmatic access token: no network policy applies to this user.',
        remediation: `Ask the admin to attach a network policy to the user (ALTER USER ${userName(context)} SET NETWORK_POLICY = …), or to relax it with an authentication policy (PAT_POLICY = (NETWORK_POLICY_EVALUATION = …)).`,
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

/** Key-pair login refused: the JWT's key is not the one registered for the user (or the user is wrong). */
const keyRejected: Rule = (failure, context) =>
  hasCode(failure, '390144') || /JWT token is invalid/i.test(failure.message)
    ? {
        layer: 'auth',
        kind: 'snowflake-key-rejected',
        code: '390144',
        summary: `Snowflake rejected the key-pair login${context.user ? ` of user ${context.user}` : ''}.`,
        remediation: `Compare the key's fingerprint (in the message, and printed by \`gatehouse secrets set ${dataSourceName(context)} private_key\`) with RSA_PUBLIC_KEY_FP of DESC USER ${userName(context)}; if they differ, ask the admin to ALTER USER ${userName(context)} SET RSA_PUBLIC_KEY = '<your public key>'. Check the user name and account too.`,
      }
    : undefined;

/** OAuth access tokens and programmatic access tokens that expired or are not valid. */
const tokenRefused: Rule = (failure, context) => {
  const expired =
    hasCode(failure, '390318') ??
    (/(?:access )?token (?:has )?expired|expired (?:access )?token/i.test(failure.message)
      ? 'expired'
      : undefined);
  const invalid =
    hasCode(failure, '390303') ??
    (/invalid (?:OAuth )?access token|(?:programmatic )?access token is invalid/i.test(failure.message)
      ? 'invalid'
      : undefined);
  if (!expired && !invalid) return undefined;
  const code =
    expired && expired !== 'expired' ? expired : invalid && invalid !== 'invalid' ? invalid : undefined;
  return {
    layer: 'auth',
    kind: expired ? 'snowflake-token-expired' : 'snowflake-token-invalid',
    ...(code ? { code } : {}),
    summary: expired ? 'The Snowflake token has expired.' : 'Snowflake does not accept the token.',
    remediation: `Get a new OAuth access token or programmatic access token and store it with \`gatehouse secrets set ${dataSourceName(context)} token\`.`,
  };
};

/** Key material that could not be used, found before any network call (codes set by the Snowflake connector). */
const localKey: Rule = (failure, context) => {
  const code = hasCode(
    failure,
    'private-key-passphrase-wrong',
    'private-key-passphrase-missing',
    'private-key-not-a-key',
    'private-key-not-rsa',
  );
  if (!code) return undefined;
  const passphrase = code.startsWith('private-key-passphrase');
  const store = `\`gatehouse secrets set ${dataSourceName(context)} private_key_passphrase\``;
  // A passphrase in the file wins over the store: the connector says so, and the fix is in the file.
  const inFile = /private_key_passphrase in the configuration/.test(failure.message);
  return {
    layer: 'config',
    kind: passphrase ? 'snowflake-key-passphrase' : 'snowflake-key-unusable',
    code,
    summary: failure.message,
    remediation: inFile
      ? `Correct private_key_passphrase in configuration.yml (or the variable it names), or remove it from the file and store the right one with ${store}.`
      : passphrase
        ? `Store the passphrase of the key with ${store}.`
        : `Store the PEM contents of the RSA private key (.p8) with \`gatehouse secrets set ${dataSourceName(context)} private_key --stdin < rsa_key.p8\`.`,
  };
};

/**
 * A login that could not start (codes set by the Snowflake connector): its secret is neither in configuration.yml
 * nor in the store, or it is a browser login and there is no display to open a browser on. The message's first sentence says what is missing, the rest how to supply it.
 */
const loginNotStarted: Rule = (failure) => {
  const code = hasCode(failure, 'snowflake-secret-missing', 'snowflake-browser-no-display');
  if (!code) return undefined;
  const [what = failure.message, ...how] = failure.message.split(/(?<=\.)\s+(?=[A-Z])/);
  return {
    layer: 'config',
    kind: code,
    summary: what,
    remediation:
      how.join(' ') ||
      'Store the secret with `gatehouse secrets set <data source> <field>`, or set it in configuration.yml.',
  };
};

const roleNotGranted: Rule = (failure, context) => {
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
    remediation: `Ask the admin to GRANT ROLE ${role} TO USER ${userName(context)}, or configure a role the user has.`,
  };
};

/** A session without a database or schema: none configured (and no default), or the configured one is not there. */
const noNamespace: Rule = (failure, context) => {
  const match = /does not have a current (database|schema)/i.exec(failure.message);
  if (!match) return undefined;
  const key = (match[1] ?? 'database').toLowerCase() as 'database' | 'schema';
  const configured = context[key];
  const code = hasCode(failure, '090105', '090106') ?? failure.codes[0];
  return {
    layer: configured ? 'privileges' : 'config',
    kind: `snowflake-no-${key}`,
    ...(code ? { code } : {}),
    summary: configured
      ? `The configured ${key} ${configured} is not usable: it does not exist or the role may not use it.`
      : `No ${key} in this session: the data source names none and the user has no default.`,
    remediation: configured
      ? `Check ${key}: in configuration.yml, and ask the admin to GRANT USAGE ON ${key.toUpperCase()} … to ${context.role ? `role ${context.role}` : 'the role'}.`
      : `Add ${key}: to the data source in configuration.yml.`,
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
  const missing =
    /(?:Object|Database|Schema|Table|Warehouse) '([^']+)' does not exist or not authorized/i.exec(message);
  // The object kind may be two words: NETWORK POLICY, NETWORK RULE, RESOURCE MONITOR…
  const denied = /Insufficient privileges to operate on ([A-Z]+(?: [A-Z]+)*) '([^']+)'/i.exec(message);
  if (!missing && !denied) return undefined;
  const code = hasCode(failure, '42501', '002003', '003001', '42S02') ?? failure.codes[0];
  const name = missing?.[1] ?? denied?.[2] ?? '';
  // The configured database or schema itself (the connection test's Access step): no table to grant SELECT on.
  const namespace = /^(Database|Schema) '[^']+' does not exist or not authorized/i.exec(message)?.[1];
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
      : namespace
        ? `Check ${namespace.toLowerCase()}: in configuration.yml, and ask the admin to GRANT USAGE ON ${namespace.toUpperCase()} ${name} to ${role}.`
        : denied && !/^(?:TABLE|VIEW|SCHEMA|DATABASE)$/i.test(denied[1] ?? '')
          ? `Ask the admin to grant ${role} the privilege it needs on ${denied[1]} '${name}', or use a role that has it.`
          : `Check the name, and ask the admin to grant ${role} USAGE on the database and schema and SELECT on the table.`,
  };
};

/** The session token kept being refused after renewal (the connector stops snowflake-sdk's renewal loop). */
const renewalLoop: Rule = (failure) =>
  hasCode(failure, '390112') && /renewed it \d+ times/.test(failure.message)
    ? {
        layer: 'auth',
        kind: 'snowflake-session-renewal-loop',
        code: '390112',
        summary: 'Snowflake kept refusing the session token after each renewal.',
        remediation:
          "Try again; if it repeats, ask the Snowflake admin about the user's session policy, and check for a proxy that alters Snowflake's responses.",
      }
    : undefined;

export const SNOWFLAKE_RULES: readonly Rule[] = [
  renewalLoop,
  ipBlocked,
  patNeedsPolicy,
  badCredentials,
  keyRejected,
  tokenRefused,
  localKey,
  loginNotStarted,
  roleNotGranted,
  noNamespace,
  warehouse,
  objectAccess,
];
