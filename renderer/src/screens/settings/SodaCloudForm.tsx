/** Soda Cloud as a destination: host, scheme, API key id, and the API key secret (write-only, into the keychain). */
import { type FormEvent, useRef, useState } from 'react';
import type { DestinationSettings, SettingsUpdate } from '../../../../src/api/desktop/contract.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { NumberField, SelectField, TextField } from '../../components/Fields.js';
import { WriteOnlySecret } from '../../components/WriteOnlySecret.js';
import { useAction } from '../../hooks/useAction.js';

export function SodaCloudForm({
  current,
  backend,
  onSave,
}: {
  current: DestinationSettings['sodaCloud'];
  backend: string;
  onSave: (update: SettingsUpdate) => Promise<unknown>;
}) {
  const [host, setHost] = useState(current?.host ?? 'cloud.soda.io');
  const [port, setPort] = useState(current?.port);
  const [scheme, setScheme] = useState<'https' | 'http'>(current?.scheme ?? 'https');
  const [apiKeyId, setApiKeyId] = useState(current?.apiKeyId ?? '');
  const secret = useRef<HTMLInputElement>(null);
  const save = useAction(onSave);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const apiKeySecret = secret.current?.value ?? '';
    await save.run({
      sodaCloud: { host, scheme, ...(port ? { port } : {}), ...(apiKeyId ? { apiKeyId } : {}) },
      ...(apiKeySecret ? { secrets: { apiKeySecret } } : {}),
    });
    if (secret.current) secret.current.value = '';
  };
  return (
    <form onSubmit={submit} aria-labelledby="soda-cloud-title">
      <h3 id="soda-cloud-title">Soda Cloud</h3>
      <div className="form-grid">
        <TextField label="Host" value={host} onChange={setHost} />
        <NumberField label="Port" value={port} min={1} onChange={setPort} hint="Default 443." />
        <SelectField
          label="Scheme"
          value={scheme}
          options={[
            { value: 'https', label: 'https' },
            { value: 'http', label: 'http (loopback only)' },
          ]}
          onChange={setScheme}
        />
        <TextField label="API key id" value={apiKeyId} onChange={setApiKeyId} />
        <WriteOnlySecret
          label="API key secret"
          state={current?.apiKeySecret}
          backend={backend}
          inputRef={secret}
        />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={save.running}>
          Save Soda Cloud
        </button>
        {current ? (
          <button type="button" className="danger" onClick={() => void save.run({ sodaCloud: null })}>
            Remove
          </button>
        ) : null}
      </div>
      <ErrorNote error={save.error} title="Not saved" />
    </form>
  );
}
