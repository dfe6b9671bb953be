/**
 * Checks: open check files or a folder, see every SodaCL error and warning at its line. The opened paths and
 * variables are what the Scan screen runs.
 */
import { useState } from 'react';
import type { CheckFilesView, PickPathsRequest } from '../../../../src/api/desktop/contract.js';
import { gatehouse } from '../../api.js';
import { Badge } from '../../components/Badge.js';
import { Ellipsis } from '../../components/Ellipsis.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { plural } from '../../format.js';
import { arrowKeyNavigation } from '../../hooks/arrowKeys.js';
import { useAction } from '../../hooks/useAction.js';
import { useNavigation } from '../../navigation.js';
import { FileView } from './FileView.js';
import { formatVariables, parseVariables } from './variables.js';

export function ChecksScreen() {
  const { selection, select, navigate } = useNavigation();
  const [variablesText, setVariablesText] = useState(formatVariables(selection.variables));
  const [fileIndex, setFileIndex] = useState(0);
  const [focusLine, setFocusLine] = useState<{ line: number }>();
  const parsedVariables = parseVariables(variablesText);
  const open = useAction((paths: string[], variables: Record<string, string>) =>
    gatehouse().openCheckFiles({ paths, variables }),
  );

  const load = async (paths: string[]) => {
    const view = await open.run(paths, parsedVariables.variables);
    if (view) {
      // A reload (the same files, one just fixed on disk) stays on the file the user was looking at.
      const reload = paths.join('\n') === selection.checkPaths.join('\n');
      select({ checkPaths: paths, variables: parsedVariables.variables });
      setFileIndex((current) => (reload && current < view.files.length ? current : 0));
      setFocusLine(undefined);
    }
  };
  const pick = async (purpose: PickPathsRequest['purpose']) => {
    const { paths } = await gatehouse().pickPaths({ purpose });
    if (paths.length > 0) await load(paths);
  };

  const view: CheckFilesView | undefined = open.result;
  const file = view?.files[fileIndex];
  const errors = view?.diagnostics.filter((d) => d.severity === 'error').length ?? 0;
  const warnings = (view?.diagnostics.length ?? 0) - errors;

  return (
    <>
      <ScreenHeader title="Checks">
        <button type="button" onClick={() => void pick('check-files')}>
          Open check files…
        </button>
        <button type="button" onClick={() => void pick('check-folder')}>
          Open folder…
        </button>
        {selection.checkPaths.length > 0 ? (
          <button type="button" onClick={() => void load(selection.checkPaths)} disabled={open.running}>
            Reload files
          </button>
        ) : null}
      </ScreenHeader>
      <details className="card">
        <summary>Scan variables</summary>
        <label htmlFor="scan-variables">
          One <code>KEY=VALUE</code> per line, for <code>{'${KEY}'}</code> in the check files.
        </label>
        <textarea
          id="scan-variables"
          rows={3}
          value={variablesText}
          onChange={(event) => setVariablesText(event.target.value)}
        />
        {parsedVariables.problems.map((problem) => (
          <p key={problem} className="muted">
            {problem}
          </p>
        ))}
      </details>
      <ErrorNote error={open.error} title="The check files could not be read" />
      {view ? (
        <>
          <div className="stats" role="status">
            <span className="stat">
              <strong>{view.files.length}</strong> {view.files.length === 1 ? 'file' : 'files'}
            </span>
            <span className="stat">
              <strong>{view.checks.length}</strong> {view.checks.length === 1 ? 'check' : 'checks'}
            </span>
            <span className="stat">
              <Badge tone={errors ? 'fail' : 'pass'}>{plural(errors, 'error')}</Badge>
            </span>
            <span className="stat">
              <Badge tone={warnings ? 'warn' : 'neutral'}>{plural(warnings, 'warning')}</Badge>
            </span>
            {view.forEach.length > 0 ? (
              <span className="stat muted">
                {view.forEach.length} <code>for each dataset</code> sections (expanded when a scan lists the
                tables)
              </span>
            ) : null}
            <button
              type="button"
              className="primary"
              disabled={errors > 0}
              onClick={() => navigate('scan')}
              title={errors > 0 ? 'Fix the errors first' : undefined}
            >
              Scan these checks
            </button>
            {/* A disabled button says why where it can be seen, not only in a tooltip. */}
            {errors > 0 ? (
              <span className="muted" data-testid="scan-blocked">
                Fix the {errors === 1 ? 'error' : 'errors'} below to scan these checks.
              </span>
            ) : null}
          </div>
          {view.diagnostics.length > 0 ? (
            <section className="card" aria-labelledby="problems-title">
              <h2 id="problems-title">Problems</h2>
              <ul className="plain-list" onKeyDown={arrowKeyNavigation()}>
                {view.diagnostics.map((diagnostic) => (
                  <li
                    key={`${diagnostic.location.filePath}:${diagnostic.location.line}:${diagnostic.location.col}:${diagnostic.message}`}
                  >
                    <button
                      type="button"
                      className="link"
                      data-nav-item
                      onClick={() => {
                        setFileIndex(
                          Math.max(
                            0,
                            view.files.findIndex((f) => f.path === diagnostic.location.filePath),
                          ),
                        );
                        setFocusLine({ line: diagnostic.location.line });
                      }}
                    >
                      {diagnostic.location.filePath}:{diagnostic.location.line}:{diagnostic.location.col}
                    </button>{' '}
                    <Badge tone={diagnostic.severity === 'error' ? 'fail' : 'warn'}>
                      {diagnostic.severity}
                    </Badge>{' '}
                    {diagnostic.message}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <div
            role="tablist"
            aria-label="Check files"
            className="tabs"
            onKeyDown={arrowKeyNavigation('horizontal')}
          >
            {view.files.map((entry, index) => {
              const count = view.diagnostics.filter((d) => d.location.filePath === entry.path).length;
              return (
                <button
                  key={entry.path}
                  type="button"
                  role="tab"
                  data-nav-item
                  aria-selected={index === fileIndex}
                  tabIndex={index === fileIndex ? 0 : -1}
                  onClick={() => {
                    setFileIndex(index);
                    setFocusLine(undefined);
                  }}
                >
                  <Ellipsis text={entry.path.split(/[\\/]/).pop() ?? entry.path} />
                  {count ? ` (${plural(count, 'problem')})` : ''}
                </button>
              );
            })}
          </div>
          {file ? (
            <div role="tabpanel" aria-label={file.path}>
              <p className="muted">
                <Ellipsis text={file.path} />
              </p>
              <FileView
                file={file}
                diagnostics={view.diagnostics.filter((d) => d.location.filePath === file.path)}
                focus={focusLine}
              />
            </div>
          ) : null}
        </>
      ) : (
        <p className="muted">
          Open SodaCL check files (or a folder of them) to see their checks and any errors.
        </p>
      )}
    </>
  );
}
