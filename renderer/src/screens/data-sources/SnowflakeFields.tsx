/** The Snowflake keys of a data source, with every auth mode. */
import type { SnowflakeAuthMode, SnowflakeDefinition } from '../../../../src/api/desktop/contract.js';
import { NumberField, SelectField, TextField } from '../../components/Fields.js';
import { SNOWFLAKE_AUTH_LABELS } from './secret-fields.js';

const AUTH_MODES = (Object.keys(SNOWFLAKE_AUTH_LABELS) as SnowflakeAuthMode[]).map((mode) => ({
  value: mode,
  label: SNOWFLAKE_AUTH_LABELS[mode],
}));

export function SnowflakeFields({
  value,
  onChange,
}: {
  value: SnowflakeDefinition;
  onChange: (value: SnowflakeDefinition) => void;
}) {
  const set = <K extends keyof SnowflakeDefinition>(key: K, next: SnowflakeDefinition[K]) =>
    onChange({ ...value, [key]: next });
  return (
    <>
      <div className="form-grid">
        <TextField
          label="Account"
          required
          value={value.account}
          onChange={(v) => set('account', v)}
          placeholder="myorg-myaccount"
        />
        <TextField label="User name" required value={value.username} onChange={(v) => set('username', v)} />
        <SelectField
          label="Sign-in"
          value={value.authenticator}
          options={AUTH_MODES}
          onChange={(v) => set('authenticator', v)}
          hint={
            value.authenticator === 'externalbrowser'
              ? 'Opens your identity provider in the browser; nothing is stored.'
              : undefined
          }
        />
        <TextField label="Warehouse" value={value.warehouse ?? ''} onChange={(v) => set('warehouse', v)} />
        <TextField label="Role" value={value.role ?? ''} onChange={(v) => set('role', v)} />
        <TextField label="Database" value={value.database ?? ''} onChange={(v) => set('database', v)} />
        <TextField label="Schema" value={value.schema ?? ''} onChange={(v) => set('schema', v)} />
      </div>
      <details>
        <summary>Endpoint and limits</summary>
        <div className="form-grid">
          <TextField
            label="Host"
            value={value.host ?? ''}
            onChange={(v) => set('host', v)}
            hint="Only for a private-link endpoint."
          />
          <NumberField label="Port" value={value.port} min={1} onChange={(v) => set('port', v)} />
          <SelectField
            label="Protocol"
            value={value.protocol ?? 'https'}
            options={[
              { value: 'https', label: 'https' },
              { value: 'http', label: 'http (test servers only)' },
            ]}
            onChange={(v) => set('protocol', v)}
          />
          <NumberField
            label="Connection timeout (s)"
            value={value.connectionTimeout}
            min={1}
            onChange={(v) => set('connectionTimeout', v)}
          />
        </div>
      </details>
    </>
  );
}
