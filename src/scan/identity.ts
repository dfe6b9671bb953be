/**
 * Identities in Soda's form: 8 hex characters of BLAKE2b (digest size 4) for checks, and
 * `metric-<scan>-<ds>-<table>[-<partition>][-<column>]-<name>[-<hash>]` for metrics. Unlike Soda's, the metric
 * hash covers every key that changes the computation, so different metrics never share an identity.
 */
import { basename } from 'node:path';
import { blake2b } from '@noble/hashes/blake2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { Document } from 'yaml';
import { sodaIdentityYaml } from '../sodacl/identity-yaml.js';
import type { Check } from '../sodacl/model.js';

export function shortHash(parts: ReadonlyArray<string | undefined>): string {
  const hash = blake2b.create({ dkLen: 4 });
  for (const part of parts) if (part !== undefined) hash.update(utf8ToBytes(part));
  return bytesToHex(hash.digest());
}

export interface CheckIdentities {
  v1: string;
  v2: string;
  v3: string;
  v4?: string;
}

/** Line numbers and names are not inputs: moving or renaming a check keeps its history. */
export function checkIdentities(check: Check, dataSource: string): CheckIdentities {
  // Checks parsed before identityConfiguration existed (saved results) get it from the plain configuration.
  const config =
    check.identityConfiguration ?? sodaIdentityYaml(new Document(check.configuration).contents, '');
  const v1 = shortHash([check.header, check.source, config]);
  const v2 = shortHash([check.header, check.source, config, dataSource]);
  const v3 = shortHash([check.header, check.source, config, dataSource, basename(check.location.filePath)]);
  const user = check.configuration.identity;
  return typeof user === 'string' ? { v1, v2, v3, v4: user } : { v1, v2, v3 };
}

export function metricIdentity(
  scanDefinition: string,
  dataSource: string,
  parts: {
    dataset?: string;
    partition?: string;
    column?: string;
    metricName: string;
    computationKey?: string;
  },
): string {
  const segments = [
    'metric',
    scanDefinition,
    dataSource,
    parts.dataset,
    parts.partition,
    parts.column,
    parts.metricName,
  ];
  const base = segments.filter((segment) => segment !== undefined && segment !== '').join('-');
  return parts.computationKey ? `${base}-${shortHash([parts.computationKey])}` : base;
}
