/** Scan: run the opened checks against a data source with live progress and cancel; results and history. */
import { useRef, useState } from 'react';
import type { ScanResultView } from '../../../../src/api/desktop/contract.js';
import { gatehouse, newRunId, withRunEvents } from '../../api.js';
import { Badge } from '../../components/Badge.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { CheckboxField, SelectField, TextField } from '../../components/Fields.js';
import { Loading } from '../../components/Loading.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { useAction } from '../../hooks/useAction.js';
import { useLoad } from '../../hooks/useLoad.js';
import { useNavigation } from '../../navigation.js';
import { useShown } from '../Screens.js';
import { foldProgress, NO_PROGRESS, type ProgressState } from './progress.js';
import { ScanHistory } from './ScanHistory.js';
import { ScanProgressView } from './ScanProgressView.js';
import { ScanResults } from './ScanResults.js';

const EXIT_TEXT = ['all checks passed', 'warnings', 'failures', 'errors'] as const;

export function ScanScreen() {
  const shown = useShown();
  const { selection, select, navigate } = useNavigation();
  const sources = useLoad(() => gatehouse().listDataSources(), [shown]);
  const names = sources.data?.dataSources.map((view) => view.name) ?? [];
  const dataSource =
    selection.dataSource && names.includes(selection.dataSource) ? selection.dataSource : names[0];
  const [samples, setSamples] = useState(false);
  const [scanName, setScanName] = useState('');
  const [progress, setProgress] = useState<ProgressState>(NO_PROGRESS);
  const [shownResult, setShownResult] = useState<{ result: ScanResultView; id?: string }>();
  const [finished, setFinished] = useState<{
    exitCode: 0 | 1 | 2 | 3;
    cancelled: boolean;
    historyError?: string;
  }>();
  const runId = useRef<string>(undefined);

  const scan = useAction(async (name: string) => {
    const id = newRunId();
    runId.current = id;
    setProgress(NO_PROGRESS);
    setFinished(undefined);
    try {
      const run = await withRunEvents(
        id,
        (event) => {
          if (event.type === 'scan-progress') setProgress((current) => foldProgress(current, event.progress));
        },
        () =>
          gatehouse().runScan({
            runId: id,
            dataSource: name,
            checkPaths: selection.checkPaths,
            variables: selection.variables,
            samples,
            ...(scanName.trim() ? { scanName: scanName.trim() } : {}),
          }),
      );
      setShownResult({ result: run.result, id: run.historyId });
      setFinished({ exitCode: run.exitCode, cancelled: run.cancelled, historyError: run.historyError });
      if (run.historyId) select({ scanId: run.historyId });
      return run;
    } finally {
      runId.current = undefined;
    }
  });
  const open = useAction(async (id: string) => {
    const saved = await gatehouse().showScan({ id });
    setShownResult({ result: saved.result, id: saved.id });
    setFinished(undefined);
    select({ scanId: saved.id });
    return saved;
  });

  return (
    <>
      <ScreenHeader title="Scan" />
      <ErrorNote error={sources.error} title="The data sources could not be read" />
      <div className="card">
        <div className="form-grid">
          {dataSource ? (
            <SelectField
              label="Data source"
              value={dataSource}
              options={names.map((name) => ({ value: name, label: name }))}
              onChange={(name) => select({ dataSource: name })}
            />
          ) : sources.data ? (
            <p>
              No data source yet.{' '}
              <button type="button" className="link" onClick={() => navigate('data-sources')}>
                Add one on Data sources
              </button>
            </p>
          ) : (
            <Loading text="Reading the data sources…" />
          )}
          <TextField
            label="Scan definition name"
            value={scanName}
            onChange={setScanName}
            placeholder="gatehouse"
            hint="How Soda Cloud groups scans."
          />
          <CheckboxField
            label="Collect failed-row samples"
            hint="Off by default: while off, no sample query runs."
            checked={samples}
            onChange={setSamples}
          />
        </div>
        <p>
          Checks:{' '}
          {selection.checkPaths.length > 0 ? (
            <span className="mono">{selection.checkPaths.join(', ')}</span>
          ) : (
            <span className="muted">none opened yet</span>
          )}{' '}
          <button type="button" className="link" onClick={() => navigate('checks')}>
            {selection.checkPaths.length > 0 ? 'Change…' : 'Open checks…'}
          </button>
        </p>
        <button
          type="button"
          className="primary"
          disabled={scan.running || !dataSource || selection.checkPaths.length === 0}
          onClick={() => dataSource && void scan.run(dataSource)}
        >
          {scan.running ? 'Scanning…' : 'Run scan'}
        </button>
      </div>
      {scan.running ? (
        <ScanProgressView
          progress={progress}
          onCancel={() => runId.current && void gatehouse().cancelRun({ runId: runId.current })}
        />
      ) : null}
      <ErrorNote error={scan.error} title="The scan could not run" />
      <ErrorNote error={open.error} title="The scan could not be opened" />
      {finished ? (
        <div
          className={`note ${finished.exitCode === 0 ? 'note-pass' : finished.exitCode === 1 ? 'note-warn' : 'note-error'}`}
          role="status"
          data-testid="scan-verdict"
        >
          {finished.cancelled ? <Badge tone="neutral">Cancelled</Badge> : null} Finished with{' '}
          {EXIT_TEXT[finished.exitCode]} (exit code {finished.exitCode}).
          {finished.historyError ? ` Not saved in the history: ${finished.historyError}` : ''}
          {shownResult?.id ? (
            <>
              {' '}
              <button
                type="button"
                className="link"
                onClick={() => navigate('payload', { scanId: shownResult.id })}
              >
                Preview what would be uploaded
              </button>
            </>
          ) : null}
        </div>
      ) : null}
      <ScanHistory
        reloadKey={`${shown}:${shownResult?.id}`}
        current={shownResult?.id}
        onOpen={(id) => void open.run(id)}
      />
      {shownResult ? <ScanResults key={shownResult.id ?? 'unsaved'} result={shownResult.result} /> : null}
    </>
  );
}
