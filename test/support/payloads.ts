/** Prepared payloads built by hand, as the payload builder would: canonical JSON bytes and their SHA-256. */

import { sha256Hex } from '../../src/common/sha256.js';
import { sortedJson } from '../../src/common/sorted-json.js';
import type { PreparedPayload } from '../../src/payload/prepared.js';

/** A scan-results-like document with non-ASCII text and escapes, so a re-encoding anywhere would show. */
export function preparedPayload(scanId: string, extra: Record<string, unknown> = {}): PreparedPayload {
  const document = {
    definitionName: 'nightly',
    defaultDataSource: 'warehouse',
    dataTimestamp: '2026-11-29T14:08:20+00:00',
    hasFailures: true,
    checks: [{ name: 'Émails présents — “quoted” \\ tab\t', outcome: 'fail', diagnostics: { value: 4 } }],
    metrics: [{ identity: `metric-${scanId}`, metricName: 'missing_count', value: 4 }],
    scanId,
    ...extra,
  };
  const bytes = new TextEncoder().encode(sortedJson(document));
  return {
    scanId,
    definitionName: 'nightly',
    dataSource: 'warehouse',
    bytes,
    sha256: sha256Hex(bytes),
    policySha256: 'a'.repeat(64),
    sampleFiles: [],
  };
}
