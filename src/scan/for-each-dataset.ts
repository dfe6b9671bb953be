/**
 * `for each dataset` sections: list the data source's tables once, select the ones each section names, and
 * instantiate its checks for each (the parser does the instantiating).
 */
import type { Connector } from '../connectors/connector.js';
import { expandForEachDataset, selectDatasets } from '../sodacl/for-each-dataset.js';
import type { Check, ForEachDatasetTemplate, SodaclDiagnostic } from '../sodacl/model.js';
import type { ParseOptions } from '../sodacl/parse.js';
import type { QueryRecord } from './result.js';

export interface ForEachExpansion {
  checks: Check[];
  diagnostics: SodaclDiagnostic[];
  queries: QueryRecord[];
}

export async function expandForEach(
  connector: Connector,
  templates: ForEachDatasetTemplate[],
  schema: string | undefined,
  options: ParseOptions,
  signal?: AbortSignal,
): Promise<ForEachExpansion> {
  if (templates.length === 0) return { checks: [], diagnostics: [], queries: [] };
  const sql = connector.dialect.tablesQuery(schema);
  const record: QueryRecord = { name: `${connector.dataSourceName}.tables`, sql };
  const started = performance.now();
  let tables: string[];
  try {
    tables = (await connector.query(sql, { signal })).rows.map((row) => String(row[0]));
  } catch (error) {
    record.error = (error as Error).message;
    const diagnostics = templates.map((template) => ({
      severity: 'error' as const,
      message: `for each dataset ${template.alias}: the data source's tables could not be listed: ${record.error}`,
      location: template.location,
    }));
    return { checks: [], diagnostics, queries: [record] };
  } finally {
    record.durationMs = performance.now() - started;
  }
  const checks: Check[] = [];
  const diagnostics: SodaclDiagnostic[] = [];
  for (const template of templates) {
    const selected = selectDatasets(template.selectors, tables);
    if (selected.length === 0) {
      diagnostics.push({
        severity: 'warning',
        message: `for each dataset ${template.alias}: no table of the data source matches its datasets list`,
        location: template.location,
      });
    }
    const expanded = expandForEachDataset(template, selected, options);
    checks.push(...expanded.checks);
    diagnostics.push(...expanded.diagnostics);
  }
  return { checks, diagnostics, queries: [record] };
}
