/**
 * Network policies as Snowflake applies them to a request: the user's policy if it has one, else the account's;
 * the blocked list wins over the allowed list; a policy with no allowed entries allows every address it does not
 * block. Evaluated with src/diagnostics/cidr.ts against the address the server's socket saw. Also the rows of
 * `SHOW NETWORK POLICIES`, `DESCRIBE NETWORK POLICY`, `SHOW NETWORK RULES` and `DESCRIBE NETWORK RULE`.
 */
import { type AllowlistRule, evaluateAllowlist } from '../../../src/diagnostics/cidr.js';

export interface NetworkRule {
  name: string;
  /** IPv4/IPv6 addresses or CIDR blocks. */
  values: string[];
  database?: string;
  schema?: string;
  comment?: string;
}

export interface NetworkPolicy {
  name: string;
  allowedNetworkRules?: NetworkRule[];
  blockedNetworkRules?: NetworkRule[];
  /** Legacy ALLOWED_IP_LIST / BLOCKED_IP_LIST entries. */
  allowedIpList?: string[];
  blockedIpList?: string[];
  comment?: string;
}

export interface PolicyVerdict {
  allowed: boolean;
  reason: string;
}

export function evaluatePolicy(policy: NetworkPolicy, clientIp: string): PolicyVerdict {
  const rules: AllowlistRule[] = [];
  const add = (action: 'allow' | 'deny', values: readonly string[], label: string) => {
    for (const value of values) rules.push({ action, value, label });
  };
  for (const rule of policy.blockedNetworkRules ?? []) add('deny', rule.values, `network rule ${rule.name}`);
  add('deny', policy.blockedIpList ?? [], 'BLOCKED_IP_LIST');
  for (const rule of policy.allowedNetworkRules ?? []) add('allow', rule.values, `network rule ${rule.name}`);
  add('allow', policy.allowedIpList ?? [], 'ALLOWED_IP_LIST');
  const allowsSomething = rules.some((rule) => rule.action === 'allow');
  const verdict = evaluateAllowlist(rules, clientIp, {
    order: 'deny-wins',
    allowWhenNoMatch: !allowsSomething,
  });
  return { allowed: verdict.allowed, reason: verdict.reason };
}

export interface Column {
  name: string;
  type: 'text' | 'fixed' | 'timestamp_ltz';
}

export interface VirtualResult {
  columns: Column[];
  rows: Array<Array<string | null>>;
}

const qualified = (rule: NetworkRule, database: string, schema: string) =>
  `${rule.database ?? database}.${rule.schema ?? schema}.${rule.name}`;

/** Creation time shown for every policy and rule: the server's start, as epoch seconds. */
export function showNetworkPolicies(policies: readonly NetworkPolicy[], createdOn: string): VirtualResult {
  return {
    columns: [
      { name: 'created_on', type: 'timestamp_ltz' },
      { name: 'name', type: 'text' },
      { name: 'comment', type: 'text' },
      { name: 'entries_in_allowed_ip_list', type: 'fixed' },
      { name: 'entries_in_blocked_ip_list', type: 'fixed' },
      { name: 'entries_in_allowed_network_rules', type: 'fixed' },
      { name: 'entries_in_blocked_network_rules', type: 'fixed' },
    ],
    rows: policies.map((policy) => [
      createdOn,
      policy.name,
      policy.comment ?? null,
      String(policy.allowedIpList?.length ?? 0),
      String(policy.blockedIpList?.length ?? 0),
      String(policy.allowedNetworkRules?.length ?? 0),
      String(policy.blockedNetworkRules?.length ?? 0),
    ]),
  };
}

export function describeNetworkPolicy(
  policy: NetworkPolicy,
  database: string,
  schema: string,
): VirtualResult {
  const rows: Array<Array<string | null>> = [];
  const ruleList = (rules: readonly NetworkRule[]) =>
    JSON.stringify(rules.map((rule) => ({ fullyQualifiedRuleName: qualified(rule, database, schema) })));
  if (policy.allowedIpList?.length) rows.push(['ALLOWED_IP_LIST', policy.allowedIpList.join(',')]);
  if (policy.blockedIpList?.length) rows.push(['BLOCKED_IP_LIST', policy.blockedIpList.join(',')]);
  if (policy.allowedNetworkRules?.length)
    rows.push(['ALLOWED_NETWORK_RULE_LIST', ruleList(policy.allowedNetworkRules)]);
  if (policy.blockedNetworkRules?.length)
    rows.push(['BLOCKED_NETWORK_RULE_LIST', ruleList(policy.blockedNetworkRules)]);
  return {
    columns: [
      { name: 'name', type: 'text' },
      { name: 'value', type: 'text' },
    ],
    rows,
  };
}

/** Every rule of the policies, once each, in the order they appear. */
export function allRules(policies: readonly NetworkPolicy[]): NetworkRule[] {
  const seen = new Map<string, NetworkRule>();
  for (const policy of policies) {
    for (const rule of [...(policy.allowedNetworkRules ?? []), ...(policy.blockedNetworkRules ?? [])]) {
      if (!seen.has(rule.name)) seen.set(rule.name, rule);
    }
  }
  return [...seen.values()];
}

const RULE_COLUMNS: Column[] = [
  { name: 'created_on', type: 'timestamp_ltz' },
  { name: 'name', type: 'text' },
  { name: 'database_name', type: 'text' },
  { name: 'schema_name', type: 'text' },
  { name: 'owner', type: 'text' },
  { name: 'comment', type: 'text' },
  { name: 'type', type: 'text' },
  { name: 'mode', type: 'text' },
];

const ruleType = (rule: NetworkRule) => (rule.values.some((value) => value.includes(':')) ? 'IPV6' : 'IPV4');

/** A rule's values for RULE_COLUMNS, as SHOW and DESCRIBE both begin their rows. */
const ruleRow = (rule: NetworkRule, database: string, schema: string, createdOn: string) => [
  createdOn,
  rule.name,
  rule.database ?? database,
  rule.schema ?? schema,
  'ACCOUNTADMIN',
  rule.comment ?? null,
  ruleType(rule),
  'INGRESS',
];

export function showNetworkRules(
  rules: readonly NetworkRule[],
  database: string,
  schema: string,
  createdOn: string,
): VirtualResult {
  return {
    columns: [
      ...RULE_COLUMNS,
      { name: 'entries_in_valuelist', type: 'fixed' },
      { name: 'owner_role_type', type: 'text' },
    ],
    rows: rules.map((rule) => [
      ...ruleRow(rule, database, schema, createdOn),
      String(rule.values.length),
      'ROLE',
    ]),
  };
}

export function describeNetworkRule(
  rule: NetworkRule,
  database: string,
  schema: string,
  createdOn: string,
): VirtualResult {
  return {
    columns: [...RULE_COLUMNS, { name: 'value_list', type: 'text' }],
    rows: [[...ruleRow(rule, database, schema, createdOn), rule.values.join(',')]],
  };
}
