/** Field classes as the preview shows them: a short label and a tone by how much of the data shows through. */
import type { FieldClass, WithheldReason } from '../../../../src/api/desktop/contract.js';
import type { Tone } from '../../components/Badge.js';

export const CLASS_INFO: Record<FieldClass, { label: string; tone: Tone; description: string }> = {
  identifier: {
    label: 'identifier',
    tone: 'info',
    description: 'data source, dataset, column, check and metric names',
  },
  schema: { label: 'schema', tone: 'info', description: 'column names and types' },
  outcome: { label: 'count / outcome', tone: 'neutral', description: 'counts and outcomes' },
  data: {
    label: 'data-derived',
    tone: 'attention',
    description: 'min, max, avg, sum, percentiles, freshness timestamps, user metrics',
  },
  sample: { label: 'sample row', tone: 'fail', description: 'values of failed rows' },
  sql: { label: 'SQL', tone: 'warn', description: 'query text' },
  definition: { label: 'definition', tone: 'neutral', description: 'check text, names, thresholds' },
  log: { label: 'log', tone: 'warn', description: 'logs and error messages' },
  metadata: { label: 'metadata', tone: 'neutral', description: 'timestamps, durations, format constants' },
};

export const WITHHELD_LABELS: Record<WithheldReason, string> = {
  level: 'withheld by the privacy level',
  withhold_values: 'value withheld',
  exclude_columns: 'excluded column',
  hash_identifiers: 'name hashed',
};
