/**
 * Import the data sources of an existing configuration.yml; plain-text secrets in it move into the keychain.
 * The button lives in the screen's header and what happened is said below it, in the screen's body: a note in the
 * header's action bar would stretch across it and push the buttons onto lines of their own.
 */
import type { ImportConfigurationResult } from '../../../../src/api/desktop/contract.js';
import { gatehouse } from '../../api.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { type Action, useAction } from '../../hooks/useAction.js';

type ImportAction = Action<[], ImportConfigurationResult | 'cancelled'>;

async function pickAndImport(): Promise<ImportConfigurationResult | 'cancelled'> {
  const { paths } = await gatehouse().pickPaths({ purpose: 'configuration' });
  const path = paths[0];
  if (!path) return 'cancelled';
  return gatehouse().importConfiguration({ path });
}

export function useImportConfiguration(onImported: () => void): ImportAction {
  return useAction(async () => {
    const result = await pickAndImport();
    if (result !== 'cancelled') onImported();
    return result;
  });
}

export function ImportButton({ action }: { action: ImportAction }) {
  return (
    <button type="button" onClick={() => void action.run()} disabled={action.running}>
      Import configuration.yml…
    </button>
  );
}

export function ImportNotes({ action }: { action: ImportAction }) {
  const result = action.result === 'cancelled' ? undefined : action.result;
  return (
    <>
      <ErrorNote error={action.error} title="Import failed" />
      {result ? (
        <div className="note note-info" role="status" data-testid="import-result">
          <p>
            Imported: {result.imported.length > 0 ? result.imported.join(', ') : 'nothing'}.
            {result.skipped.length > 0 ? ` Skipped (name already used): ${result.skipped.join(', ')}.` : ''}
          </p>
          {result.movedSecrets.length > 0 ? (
            <p>
              Moved out of the file into {result.backend.description}:{' '}
              {result.movedSecrets.map((moved) => `${moved.dataSource} ${moved.field}`).join(', ')}.
            </p>
          ) : null}
          {result.addedLines.map((added) => (
            <p key={`${added.dataSource}:${added.line}`}>
              Added to {added.dataSource} in its place: <code>{added.line}</code> (it keeps the same sign-in).
            </p>
          ))}
          {result.sourceWarning ? <p className="pre-line">{result.sourceWarning}</p> : null}
        </div>
      ) : null}
    </>
  );
}
