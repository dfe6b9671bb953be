/**
 * Add or edit a data source. The definition goes to configuration.yml; typed secrets go to the secret store in
 * the same call and the inputs are emptied at once. The form says where the secrets went.
 */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import type {
  DataSourceDefinition,
  DataSourceView,
  SaveDataSourceRequest,
  SaveDataSourceResult,
  SecretFieldCatalog,
} from '../../../../src/api/desktop/contract.js';
import { gatehouse } from '../../api.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { TextField } from '../../components/Fields.js';
import { useAction } from '../../hooks/useAction.js';
import { cleanDefinition, NAME_PATTERN } from './definition.js';
import { PostgresFields } from './PostgresFields.js';
import { type SecretElement, SecretInput } from './SecretInput.js';
import { SnowflakeFields } from './SnowflakeFields.js';
import { secretFieldsFor } from './secret-fields.js';

export function DataSourceForm({
  initial,
  existing,
  backend,
  secretFields,
  onSaved,
  onCancel,
}: {
  initial: DataSourceDefinition;
  /** The data source being edited; absent when adding. */
  existing?: DataSourceView;
  backend: string;
  /** Which secret fields each type and auth mode uses (from the data source list). */
  secretFields: SecretFieldCatalog;
  onSaved: (result: SaveDataSourceResult) => void;
  onCancel: () => void;
}) {
  const [definition, setDefinition] = useState<DataSourceDefinition>(initial);
  const secretInputs = useRef(new Map<string, SecretElement>());
  // Opened from a button above it: the keyboard starts in its first field, not three Tabs away.
  const formElement = useRef<HTMLFormElement>(null);
  useEffect(() => {
    formElement.current?.querySelector('input')?.focus();
  }, []);
  const save = useAction((request: SaveDataSourceRequest) => gatehouse().saveDataSource(request));
  const nameProblem =
    definition.name !== '' && !NAME_PATTERN.test(definition.name)
      ? 'Lower-case letters, digits and _ only, at least two characters, not starting with a digit.'
      : undefined;
  const fields = secretFieldsFor(secretFields, definition);
  const stateOf = (field: string) => existing?.secrets.find((secret) => secret.field === field)?.state;

  const register = (field: string, element: SecretElement | null) => {
    if (element) secretInputs.current.set(field, element);
    else secretInputs.current.delete(field);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (nameProblem) return;
    const secrets: Record<string, string> = {};
    for (const spec of fields) {
      const value = secretInputs.current.get(spec.field)?.value ?? '';
      if (value !== '') secrets[spec.field] = value;
    }
    const result = await save.run({
      definition: cleanDefinition(definition),
      ...(existing ? { originalName: existing.name } : {}),
      ...(Object.keys(secrets).length > 0 ? { secrets } : {}),
    });
    // Typed secrets leave the page whether or not the save worked: nothing lingers in the DOM.
    for (const element of secretInputs.current.values()) element.value = '';
    if (result) onSaved(result);
  };

  const title = `${existing ? 'Edit' : 'Add'} ${definition.type === 'postgres' ? 'PostgreSQL' : 'Snowflake'} data source`;
  return (
    <form className="card" onSubmit={submit} aria-label={title} ref={formElement}>
      <h2>{title}</h2>
      <div className="form-grid">
        <TextField
          label="Name"
          required
          value={definition.name}
          onChange={(name) => setDefinition({ ...definition, name })}
          hint={
            nameProblem ?? (
              <>
                As in <code>data_source NAME:</code> and <code>gatehouse scan -d NAME</code>.
              </>
            )
          }
        />
      </div>
      {definition.type === 'postgres' ? (
        <PostgresFields value={definition} onChange={setDefinition} />
      ) : (
        <SnowflakeFields value={definition} onChange={setDefinition} />
      )}
      {fields.length > 0 ? (
        <fieldset>
          <legend>Secrets — kept in {backend}, write-only</legend>
          <div className="form-grid">
            {fields.map((spec) => (
              <SecretInput
                key={spec.field}
                spec={spec}
                state={stateOf(spec.field)}
                backend={backend}
                register={register}
              />
            ))}
          </div>
        </fieldset>
      ) : (
        <p className="muted">This sign-in needs no stored secret.</p>
      )}
      <ErrorNote error={save.error} title="Not saved" />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.running || nameProblem !== undefined}>
          {save.running ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
