/** A finished scan: its counts, the filtered table of checks, and the chosen check's details. */
import { useMemo, useState } from 'react';
import type { ScanResultView } from '../../../../src/api/desktop/contract.js';
import { Badge } from '../../components/Badge.js';
import { formatTime } from '../../format.js';
import { CheckDetails } from './CheckDetails.js';
import { applyFilter, NO_FILTER, type ResultFilter } from './filters.js';
import { ResultFilters } from './ResultFilters.js';
import { ResultsTable } from './ResultsTable.js';

export function ScanResults({ result }: { result: ScanResultView }) {
  const [filter, setFilter] = useState<ResultFilter>(NO_FILTER);
  const [selected, setSelected] = useState<number>();
  const rows = useMemo(() => applyFilter(result.checks, filter), [result, filter]);
  const check = selected === undefined ? undefined : result.checks[selected];
  const errors = result.logs.filter((log) => log.level === 'error');
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">
        Results{' '}
        <span className="muted">
          — {result.dataSource}, {formatTime(result.scanStartTimestamp)}
        </span>
      </h2>
      {result.hasErrors ? (
        <div className="note note-error" role="alert">
          <Badge tone="fail">Errors</Badge> The scan had errors.
          {errors.length > 0 ? (
            <ul>
              {errors.slice(0, 5).map((log) => (
                <li key={`${log.timestamp}:${log.message}`} className="pre-line">
                  {log.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <ResultFilters checks={result.checks} filter={filter} onChange={setFilter} shown={rows.length} />
      <ResultsTable checks={result.checks} rows={rows} selected={selected} onSelect={setSelected} />
      {check ? <CheckDetails check={check} dataSource={result.dataSource} /> : null}
    </section>
  );
}
