/** An HTTPS webhook as a destination: its URL and the HMAC signing secret (write-only, into the keychain). */
import { type FormEvent, useRef, useState } from 'react';
import type { DestinationSettings, SettingsUpdate } from '../../../../src/api/desktop/contract.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { TextField } from '../../components/Fields.js';
import { WriteOnlySecret } from '../../components/WriteOnlySecret.js';
import { useAction } from '../../hooks/useAction.js';

export function WebhookForm({
  current,
  backend,
  onSave,
}: {
  current: DestinationSettings['webhook'];
  backend: string;
  onSave: (update: SettingsUpdate) => Promise<unknown>;
}) {
  const [url, setUrl] = useState(current?.url ?? '');
  const secret = useRef<HTMLInputElement>(null);
  const save = useAction(onSave);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const signingSecret = secret.current?.value ?? '';
    await save.run({ webhook: { url }, ...(signingSecret ? { secrets: { signingSecret } } : {}) });
    if (secret.current) secret.current.value = '';
  };
  return (
    <form onSubmit={submit} aria-labelledby="webhook-title">
      <h3 id="webhook-title">Webhook</h3>
      <div className="form-grid">
        <TextField
          label="Webhook URL"
          value={url}
          onChange={setUrl}
          placeholder="https://hooks.example.com/gatehouse"
          hint="https (http only to this machine); no credentials in the URL."
        />
        <WriteOnlySecret
          label="Signing secret"
          state={current?.signingSecret}
          backend={backend}
          inputRef={secret}
        />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={save.running || url === ''}>
          Save webhook
        </button>
        {current ? (
          <button type="button" className="danger" onClick={() => void save.run({ webhook: null })}>
            Remove
          </button>
        ) : null}
      </div>
      <ErrorNote error={save.error} title="Not saved" />
    </form>
  );
}
