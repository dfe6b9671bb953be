/**
 * A write-only secret input. Uncontrolled on purpose: the value lives only in the DOM input while typed (React
 * state would keep it and mirror it into the `value` attribute), goes to the engine once on save, and the
 * input is emptied afterwards. A stored secret is never shown: only the word "stored" and where.
 */
import { useId } from 'react';
import type { SecretState } from '../../../../src/api/desktop/contract.js';
import { Badge } from '../../components/Badge.js';
import type { SecretFieldView } from './secret-fields.js';

export type SecretElement = HTMLInputElement | HTMLTextAreaElement;

const STATE_TEXT: Record<SecretState, string> = {
  stored: 'stored',
  missing: 'not stored',
  'in-file': 'in plain text in the file',
  'env-reference': 'from an environment variable',
  unknown: 'unknown',
};

export function SecretStateBadge({ field, state }: { field: string; state: SecretState }) {
  const tone =
    state === 'stored' || state === 'env-reference' ? 'pass' : state === 'in-file' ? 'fail' : 'warn';
  return (
    <Badge tone={tone}>
      {field}: {STATE_TEXT[state]}
    </Badge>
  );
}

function stateLine(state: SecretState | undefined, backend: string): string {
  switch (state) {
    case 'stored':
      return `Stored in ${backend}. Leave empty to keep it; type a new one to replace it.`;
    case 'in-file':
      return 'Written in plain text in configuration.yml. Type it here to move it into the keychain.';
    case 'env-reference':
      return 'Taken from an environment variable named in the file. Typing one here stores it instead.';
    case 'unknown':
      return 'The secret store could not be read, so whether one is stored is unknown.';
    default:
      return `Not stored yet. It will be kept in ${backend}, never in a file.`;
  }
}

export function SecretInput({
  spec,
  state,
  backend,
  register,
}: {
  spec: SecretFieldView;
  state: SecretState | undefined;
  backend: string;
  register: (field: string, element: SecretElement | null) => void;
}) {
  const id = useId();
  const common = {
    id,
    name: `secret-${spec.field}`,
    autoComplete: 'new-password',
    spellCheck: false,
    'aria-describedby': `${id}-state`,
    'data-secret-field': spec.field,
  } as const;
  return (
    <div className="field">
      <label htmlFor={id}>
        {spec.label}
        {spec.required && state !== 'stored' ? <span aria-hidden="true"> *</span> : null}
      </label>
      {spec.multiline ? (
        <textarea {...common} rows={4} ref={(element) => register(spec.field, element)} />
      ) : (
        <input {...common} type="password" ref={(element) => register(spec.field, element)} />
      )}
      <small id={`${id}-state`} className="hint">
        {state === 'stored' ? <Badge tone="pass">stored</Badge> : null} {stateLine(state, backend)}
        {spec.hint ? ` ${spec.hint}` : ''}
      </small>
    </div>
  );
}
