/** The PostgreSQL keys of a data source (Soda's configuration.yml keys). */
import type { PostgresDefinition, SslMode } from '../../../../src/api/desktop/contract.js';
import { NumberField, SelectField, TextField } from '../../components/Fields.js';

const SSL_MODES: Array<{ value: SslMode; label: string }> = [
  { value: 'disable', label: 'disable — no TLS' },
  { value: 'allow', label: 'allow' },
  { value: 'prefer', label: 'prefer (default)' },
  { value: 'require', label: 'require — TLS, no certificate check' },
  { value: 'verify-ca', label: 'verify-ca — TLS, trusted CA' },
  { value: 'verify-full', label: 'verify-full — TLS, trusted CA and host name' },
];

export function PostgresFields({
  value,
  onChange,
}: {
  value: PostgresDefinition;
  onChange: (value: PostgresDefinition) => void;
}) {
  const set = <K extends keyof PostgresDefinition>(key: K, next: PostgresDefinition[K]) =>
    onChange({ ...value, [key]: next });
  return (
    <>
      <div className="form-grid">
        <TextField label="Host" required value={value.host} onChange={(v) => set('host', v)} />
        <NumberField
          label="Port"
          value={value.port}
          min={1}
          onChange={(v) => set('port', v)}
          hint="Default 5432."
        />
        <TextField label="Database" required value={value.database} onChange={(v) => set('database', v)} />
        <TextField label="User name" required value={value.username} onChange={(v) => set('username', v)} />
        <TextField
          label="Schema"
          value={value.schema ?? ''}
          onChange={(v) => set('schema', v)}
          hint="Becomes the session's search_path."
        />
        <SelectField
          label="TLS (sslmode)"
          value={value.sslmode ?? 'prefer'}
          options={SSL_MODES}
          onChange={(v) => set('sslmode', v)}
        />
      </div>
      <details>
        <summary>Certificates and limits</summary>
        <div className="form-grid">
          <TextField
            label="CA bundle (sslrootcert)"
            value={value.sslrootcert ?? ''}
            onChange={(v) => set('sslrootcert', v)}
          />
          <TextField
            label="Client certificate (sslcert)"
            value={value.sslcert ?? ''}
            onChange={(v) => set('sslcert', v)}
          />
          <TextField
            label="Client key file (sslkey)"
            value={value.sslkey ?? ''}
            onChange={(v) => set('sslkey', v)}
          />
          <NumberField
            label="Connection timeout (s)"
            value={value.connectionTimeout}
            min={1}
            onChange={(v) => set('connectionTimeout', v)}
          />
          <NumberField
            label="Pool size"
            value={value.poolSize}
            min={1}
            onChange={(v) => set('poolSize', v)}
            hint="Queries a scan may run at once (default 2)."
          />
          <NumberField
            label="Statement timeout (s)"
            value={value.statementTimeout}
            min={0}
            onChange={(v) => set('statementTimeout', v)}
            hint="Per query; 0 = none."
          />
        </div>
      </details>
    </>
  );
}
