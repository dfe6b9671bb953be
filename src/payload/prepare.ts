/**
 * ScanResult + policy → PreparedPayload: the document is serialised exactly once, here; the preview, the
 * approval and the uploader all work from these bytes and their SHA-256.
 */
import { sha256Hex } from '../common/sha256.js';
import { DEFAULT_PRIVACY, type PrivacyConfig } from '../config/privacy.js';
import type { ScanResult } from '../scan/result.js';
import { type BuildOptions, type BuiltDocument, buildPolicedDocument } from './build.js';
import { canonicalBytes } from './canonical.js';
import { policySha256 } from './policy.js';
import type { PreparedPayload } from './prepared.js';

export interface PayloadBuild extends BuiltDocument {
  prepared: PreparedPayload;
}

export function buildPayload(
  result: ScanResult,
  policy: PrivacyConfig = DEFAULT_PRIVACY,
  options: BuildOptions = {},
): PayloadBuild {
  const built = buildPolicedDocument(result, policy, options);
  const bytes = canonicalBytes(built.document);
  return {
    ...built,
    prepared: {
      scanId: result.scanId,
      definitionName: result.definitionName,
      dataSource: result.dataSource,
      bytes,
      sha256: sha256Hex(bytes),
      policySha256: policySha256(policy),
      sampleFiles: built.sampleFiles,
    },
  };
}

export function preparePayload(
  result: ScanResult,
  policy: PrivacyConfig = DEFAULT_PRIVACY,
  options: BuildOptions = {},
): PreparedPayload {
  return buildPayload(result, policy, options).prepared;
}

export { needsSalt } from './policy.js';
