/**
 * The columns each dataset had in the newest saved scan of a data source that measured them (a `schema` metric),
 * for `when schema changes`. Headers say which scans hold schemas, so only those files are read in full.
 */
import { readFile } from 'node:fs/promises';
import type { SchemaColumn } from '../scan/computation.js';
import type { SchemaColumnRecord } from '../scan/result.js';
import { savedScanHeaders } from './headers.js';
import { scanFilePath } from './location.js';
import { decodeScanFile } from './scan-file.js';

export interface PreviousSchemas {
  /** Dataset name as the checks wrote it → its columns. */
  schemas: Map<string, SchemaColumn[]>;
  warnings: string[];
}

/** Every dataset's latest recorded schema for the data source, or only `datasets`' when given. */
export async function previousSchemas(
  workspace: string,
  dataSource: string,
  datasets?: readonly string[],
): Promise<PreviousSchemas> {
  const warnings: string[] = [];
  const schemas = new Map<string, SchemaColumn[]>();
  const wanted = (dataset: string) => !schemas.has(dataset) && (!datasets || datasets.includes(dataset));
  for await (const { id, header } of savedScanHeaders(workspace, warnings)) {
    if (header.summary.dataSource !== dataSource || !header.schemaDatasets.some(wanted)) continue;
    let metrics: ReturnType<typeof decodeScanFile>['result']['metrics'];
    try {
      metrics = decodeScanFile(await readFile(scanFilePath(workspace, id))).result.metrics;
    } catch (error) {
      warnings.push(`Skipped scans/${id}.json: ${(error as Error).message}`);
      continue;
    }
    for (const metric of metrics) {
      if (metric.metricName !== 'schema' || metric.dataset === undefined || !wanted(metric.dataset)) continue;
      if (!Array.isArray(metric.value)) continue;
      schemas.set(metric.dataset, metric.value.filter(isColumnRecord).map(toColumn));
    }
    if (datasets?.every((dataset) => schemas.has(dataset))) break;
  }
  return { schemas, warnings };
}

export async function previousSchema(
  workspace: string,
  dataSource: string,
  dataset: string,
): Promise<SchemaColumn[] | undefined> {
  return (await previousSchemas(workspace, dataSource, [dataset])).schemas.get(dataset);
}

function isColumnRecord(value: unknown): value is SchemaColumnRecord {
  return typeof value === 'object' && value !== null && 'columnName' in value && 'sourceDataType' in value;
}

function toColumn(column: SchemaColumnRecord): SchemaColumn {
  return { name: String(column.columnName), type: String(column.sourceDataType) };
}
