/** Import the data sources of an existing configuration.yml; plain-text secrets in it move into the keychain. */
import type { ImportConfigurationResult } from '../../../../src/api/desktop/contract.js';
import { gatehouse } from '../../api.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { useAction } from '../../hooks/useAction.js';

async function pickAndImport(): Promise<ImportConfigurationResult | 'cancelled'> {
  const { paths } = await gatehouse().pickPaths({ purpose: 'configuration' });
  const path = paths[0];
  if (!path) return 'cancelled';
  return gatehouse().importConfiguration({ path });
}

export function ImportConfiguration({ onImported }: { onImported: () => void }) {
  const action = useAction(async () => {
    const result = await pickAndImport();
    if (result !== 'cancelled') onImported();
    return result;
  });
  const result = action.result === 'cancelled' ? undefined : action.result;
  return (
    <div>
      <button type="button" onClick={() => void action.run()} disabled={action.running}>
        Import configuration.yml…
      </button>
      <ErrorNote error={action.error} title="Import failed" />
      {result ? (
        <div className="note note-info" role="status">
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
          {result.sourceWarning ? <p className="pre-line">{result.sourceWarning}</p> : null}
        </div>
      ) : null}
    </div>
  );
}
