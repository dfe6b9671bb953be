/** A folder for file exports (the air-gapped hand-over): the bytes and a .sha256 sidecar land there. */
import { type FormEvent, useState } from 'react';
import type { DestinationSettings, SettingsUpdate } from '../../../../src/api/desktop/contract.js';
import { gatehouse } from '../../api.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { TextField } from '../../components/Fields.js';
import { useAction } from '../../hooks/useAction.js';

export function FileExportForm({
  current,
  onSave,
}: {
  current: DestinationSettings['file'];
  onSave: (update: SettingsUpdate) => Promise<unknown>;
}) {
  const [path, setPath] = useState(current?.path ?? '');
  const save = useAction(onSave);
  const choose = async () => {
    const { paths } = await gatehouse().pickPaths({ purpose: 'export-folder' });
    if (paths[0]) setPath(paths[0]);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run({ file: { path } });
  };
  return (
    <form onSubmit={submit} aria-labelledby="file-export-title">
      <h3 id="file-export-title">File export</h3>
      <div className="form-grid">
        <TextField label="Export folder" value={path} onChange={setPath} />
      </div>
      <div className="actions">
        <button type="button" onClick={() => void choose()}>
          Choose folder…
        </button>
        <button type="submit" className="primary" disabled={save.running || path === ''}>
          Save file export
        </button>
        {current ? (
          <button type="button" className="danger" onClick={() => void save.run({ file: null })}>
            Remove
          </button>
        ) : null}
      </div>
      <ErrorNote error={save.error} title="Not saved" />
    </form>
  );
}
