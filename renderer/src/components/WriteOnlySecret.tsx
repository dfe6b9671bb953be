/**
 * A write-only secret field for settings (API key secret, signing secret): uncontrolled, so the value is never in
 * React state; the parent reads it through `inputRef` on save and empties it. Shows only whether one is stored.
 */
import { type RefObject, useId } from 'react';
import type { SecretState } from '../../../src/api/desktop/contract.js';
import { Badge } from './Badge.js';

export function WriteOnlySecret({
  label,
  state,
  backend,
  inputRef,
}: {
  label: string;
  state: SecretState | undefined;
  backend: string;
  inputRef: RefObject<HTMLInputElement | null>;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        type="password"
        autoComplete="new-password"
        aria-describedby={`${id}-state`}
      />
      <small id={`${id}-state`} className="hint">
        {state === 'stored' ? (
          <>
            <Badge tone="pass">stored</Badge> in {backend}. Leave empty to keep it.
          </>
        ) : state === 'in-file' ? (
          'Written in plain text in configuration.yml: type it here to move it into the keychain.'
        ) : (
          `Not stored. It will be kept in ${backend}.`
        )}
      </small>
    </div>
  );
}
