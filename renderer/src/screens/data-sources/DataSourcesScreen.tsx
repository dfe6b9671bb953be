/** Data sources: the list with where each one's secrets stand, add and edit forms, and import. */
import { useEffect, useRef, useState } from 'react';
import type { DataSourceDefinition, DataSourceView } from '../../../../src/api/desktop/contract.js';
import { gatehouse } from '../../api.js';
import { Badge } from '../../components/Badge.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { Loading } from '../../components/Loading.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';
import { plural } from '../../format.js';
import { useAction } from '../../hooks/useAction.js';
import { useLoad } from '../../hooks/useLoad.js';
import { useNavigation } from '../../navigation.js';
import { useShown } from '../Screens.js';
import { DataSourceForm } from './DataSourceForm.js';
import { DataSourceRow } from './DataSourceRow.js';
import { NEW_POSTGRES, NEW_SNOWFLAKE } from './definition.js';
import { ImportButton, ImportNotes, useImportConfiguration } from './ImportConfiguration.js';

type Editing = { definition: DataSourceDefinition; existing?: DataSourceView; key: number };

export function DataSourcesScreen() {
  const shown = useShown();
  const { navigate, dataSourcesEdited, selection, select } = useNavigation();
  const list = useLoad(() => gatehouse().listDataSources(), [shown]);
  const [editing, setEditing] = useState<Editing>();
  // What the last save or removal did. It takes the focus: the form or row the user acted in is gone.
  const [saved, setSaved] = useState<string>();
  const savedNote = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (saved) savedNote.current?.focus();
  }, [saved]);
  const remove = useAction((name: string) => gatehouse().removeDataSource({ name }));
  const importing = useImportConfiguration(() => void list.reload());
  const backend = list.data?.backend;
  const backendName = backend?.description ?? 'the secret store';

  const open = (definition: DataSourceDefinition, existing?: DataSourceView) => {
    setSaved(undefined);
    setEditing({ definition, existing, key: Date.now() });
  };

  return (
    <>
      <ScreenHeader title="Data sources">
        <button type="button" onClick={() => open(NEW_POSTGRES)}>
          Add PostgreSQL
        </button>
        <button type="button" onClick={() => open(NEW_SNOWFLAKE)}>
          Add Snowflake
        </button>
        <ImportButton action={importing} />
      </ScreenHeader>
      <ImportNotes action={importing} />
      {backend ? (
        backend.available ? (
          <p className="muted">
            Secrets are kept in <strong>{backend.description}</strong>; the app can only ask whether one is
            stored.
          </p>
        ) : (
          <div className="note note-warn" role="status">
            <strong>{backend.description} is not available.</strong>{' '}
            <span className="pre-line">{backend.problem}</span>
          </div>
        )
      ) : null}
      {saved ? (
        <div className="note note-pass" role="status" ref={savedNote} tabIndex={-1}>
          {saved}
        </div>
      ) : null}
      {editing && list.data ? (
        <DataSourceForm
          key={editing.key}
          initial={editing.definition}
          existing={editing.existing}
          backend={backendName}
          secretFields={list.data.secretFields}
          onCancel={() => {
            setEditing(undefined);
            // The form and its Cancel button are gone: the keyboard goes on from the top of the screen.
            document.getElementById('main')?.focus();
          }}
          onSaved={(result) => {
            const before = editing.existing?.name;
            // The data source chosen on Connection test and Scan follows its rename (not the list's first one).
            if (before && selection.dataSource === before) select({ dataSource: result.dataSource.name });
            dataSourcesEdited(
              result.dataSource.name,
              ...(before && before !== result.dataSource.name ? [before] : []),
            );
            setEditing(undefined);
            const count = result.storedSecrets.length;
            const stored = count
              ? ` Its ${result.storedSecrets.join(' and ')} ${count === 1 ? 'is' : 'are'} now in ${result.backend.description}.`
              : '';
            // The fingerprint is what the user compares with Snowflake's DESC USER … RSA_PUBLIC_KEY_FP.
            const key = result.keyPair?.fingerprint
              ? ` Public key fingerprint: ${result.keyPair.fingerprint} (compare it with RSA_PUBLIC_KEY_FP in Snowflake's DESC USER).`
              : result.keyPair?.note
                ? ` ${result.keyPair.note}`
                : '';
            const deleted = result.deletedSecrets?.length
              ? ` Its ${result.deletedSecrets.join(' and ')}, which its sign-in no longer uses, ${result.deletedSecrets.length === 1 ? 'was' : 'were'} deleted from ${result.backend.description}.`
              : '';
            setSaved(`Saved data source ${result.dataSource.name}.${stored}${key}${deleted}`);
            void list.reload();
          }}
        />
      ) : null}
      {list.loading && !list.data ? <Loading text="Reading the data sources…" /> : null}
      <ErrorNote error={list.error} title="The data sources could not be read" />
      <ErrorNote error={remove.error} title="Not removed" />
      {list.data?.fileProblem ? (
        <div className="note note-error" role="alert">
          <strong>{list.data.configPath} does not parse:</strong>{' '}
          <span className="pre-line">{list.data.fileProblem}</span>
        </div>
      ) : null}
      {list.data ? (
        <div className="card">
          <p className="muted">
            From <span className="mono">{list.data.configPath}</span>{' '}
            <Badge tone="neutral">{plural(list.data.dataSources.length, 'data source')}</Badge>
          </p>
          {list.data.dataSources.length === 0 ? (
            <p>No data sources yet. Add one, or import a configuration.yml you already use with Soda.</p>
          ) : (
            <ul className="plain-list" aria-label="Data sources">
              {list.data.dataSources.map((view) => (
                <DataSourceRow
                  key={view.name}
                  view={view}
                  onEdit={() => view.definition && open(view.definition, view)}
                  onTest={() => navigate('connection', { dataSource: view.name })}
                  onRemove={async () => {
                    setSaved(undefined);
                    const removed = await remove.run(view.name);
                    if (!removed) return;
                    dataSourcesEdited(view.name);
                    const count = removed.deletedSecrets.length;
                    setSaved(
                      `Removed data source ${view.name}.${
                        count
                          ? ` Its ${removed.deletedSecrets.join(' and ')} ${count === 1 ? 'was' : 'were'} deleted from ${backendName}.`
                          : ''
                      }`,
                    );
                    void list.reload();
                  }}
                />
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </>
  );
}
