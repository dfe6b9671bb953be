/** Connection test: pick a data source, watch each step live, then read the network verdict. */
import { useRef, useState } from 'react';
import type { ConnectionTestReport, StepReport } from '../../../../src/api/desktop/contract.js';
import { gatehouse, newRunId, withRunEvents } from '../../api.js';
import { Badge } from '../../components/Badge.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { CheckboxField, SelectField } from '../../components/Fields.js';
import { Loading } from '../../components/Loading.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { formatDuration } from '../../format.js';
import { useAction } from '../../hooks/useAction.js';
import { useLoad } from '../../hooks/useLoad.js';
import { useNavigation } from '../../navigation.js';
import { useShown } from '../Screens.js';
import { parseAllowlist } from './allowlist.js';
import { IpPanel } from './IpPanel.js';
import { StepItem } from './StepItem.js';

export function ConnectionScreen() {
  const shown = useShown();
  const { selection, select, navigate, dataSourceEdits } = useNavigation();
  const sources = useLoad(() => gatehouse().listDataSources(), [shown]);
  const names = sources.data?.dataSources.map((view) => view.name) ?? [];
  const dataSource =
    selection.dataSource && names.includes(selection.dataSource) ? selection.dataSource : names[0];
  const [egressIp, setEgressIp] = useState(false);
  const [allowlistText, setAllowlistText] = useState('');
  const [steps, setSteps] = useState<StepReport[]>([]);
  const [report, setReport] = useState<ConnectionTestReport>();
  // The user stopped this run: its verdict says so, not "failed" (a cancelled step reports as a failure).
  const [cancelled, setCancelled] = useState(false);
  const runId = useRef<string>(undefined);
  // How many times the tested data source had been edited when its test started: an edit since (a password
  // fixed, a port changed) makes the report out of date, and it must not keep saying "works" or "failed".
  const [testedEdit, setTestedEdit] = useState(0);
  const outdated = report !== undefined && (dataSourceEdits[report.dataSource] ?? 0) !== testedEdit;

  const test = useAction(async (name: string) => {
    const id = newRunId();
    runId.current = id;
    setSteps([]);
    setReport(undefined);
    setCancelled(false);
    setTestedEdit(dataSourceEdits[name] ?? 0);
    try {
      const result = await withRunEvents(
        id,
        (event) => {
          if (event.type !== 'connection-step') return;
          setSteps((current) => {
            const next = [...current];
            next[event.index] = event.step;
            return next;
          });
        },
        () => {
          const allowlist = parseAllowlist(allowlistText);
          return gatehouse().testConnection({
            runId: id,
            dataSource: name,
            egressIp,
            ...(selection.checkPaths.length > 0 ? { checkPaths: selection.checkPaths } : {}),
            ...(allowlist.length > 0 ? { allowlist } : {}),
          });
        },
      );
      setReport(result);
      setSteps(result.steps);
      return result;
    } finally {
      runId.current = undefined;
    }
  });
  const cancel = () => {
    if (!runId.current) return;
    setCancelled(true);
    void gatehouse().cancelRun({ runId: runId.current });
  };

  return (
    <>
      <ScreenHeader title="Connection test" />
      <ErrorNote error={sources.error} title="The data sources could not be read" />
      {sources.loading && !sources.data ? <Loading text="Reading the data sources…" /> : null}
      {sources.data && names.length === 0 ? (
        <div className="card" data-testid="connection-empty">
          <p>
            There is no data source to test yet. Add one (or import a configuration.yml), then test it here.
          </p>
          <button type="button" className="primary" onClick={() => navigate('data-sources')}>
            Go to Data sources
          </button>
        </div>
      ) : null}
      {dataSource ? (
        <div className="card">
          <div className="form-grid">
            <SelectField
              label="Data source"
              value={dataSource}
              options={names.map((name) => ({ value: name, label: name }))}
              onChange={(name) => select({ dataSource: name })}
            />
            <CheckboxField
              label="Also look up this machine's public address"
              hint="Asks an echo service on the internet: the only connection beyond the data source."
              checked={egressIp}
              onChange={setEgressIp}
            />
          </div>
          <div className="field">
            <label htmlFor="allowlist-rules">Allowlist rules to check (optional)</label>
            <textarea
              id="allowlist-rules"
              rows={3}
              value={allowlistText}
              onChange={(event) => setAllowlistText(event.target.value)}
              placeholder={'10.0.0.0/8\ndeny 10.1.0.0/16'}
              aria-describedby="allowlist-hint"
            />
            <small id="allowlist-hint" className="hint">
              One address or CIDR block per line (a cloud security group, a firewall); <code>deny</code>{' '}
              before one blocks it. The address the server sees is checked against them.
            </small>
          </div>
          {selection.checkPaths.length > 0 ? (
            <p className="muted">
              The datasets of the opened check files are checked for existence and read access.
            </p>
          ) : null}
          <div className="actions">
            <button
              type="button"
              className="primary"
              onClick={() => void test.run(dataSource)}
              disabled={test.running}
            >
              {test.running ? 'Testing…' : 'Test connection'}
            </button>
            {test.running ? (
              <button type="button" onClick={cancel}>
                Cancel
              </button>
            ) : null}
          </div>
        </div>
      ) : null}
      <ErrorNote error={test.error} title="The test could not run" />
      {report ? (
        <div
          className={`note ${outdated ? 'note-warn' : report.ok ? 'note-pass' : cancelled ? 'note-warn' : 'note-error'}`}
          role="status"
          data-testid="connection-verdict"
        >
          {outdated ? (
            <>
              <Badge tone="neutral">Out of date</Badge> {report.dataSource} was changed after this test: test
              it again to learn whether it works now. The steps below are the old test's.
            </>
          ) : report.ok ? (
            <>
              <Badge tone="pass">Connected</Badge> {report.dataSource} works (
              {formatDuration(report.durationMs)}).
            </>
          ) : cancelled ? (
            <>
              <Badge tone="neutral">Cancelled</Badge> The test of {report.dataSource} was stopped before it
              finished: run it again to learn whether it works.
            </>
          ) : (
            <>
              <Badge tone="fail">Failed</Badge> {report.dataSource} cannot be used yet: see the failed step
              below.
            </>
          )}
        </div>
      ) : null}
      {steps.length > 0 ? (
        <section className="card" aria-labelledby="steps-title">
          <h2 id="steps-title">Steps</h2>
          <ol className="step-list" aria-live="polite">
            {steps.map((step) => (step ? <StepItem key={step.id} step={step} /> : null))}
          </ol>
        </section>
      ) : null}
      {report ? <IpPanel ip={report.ip} /> : null}
    </>
  );
}
