/** Labelled form fields: every input has a real <label>, an optional hint, and no layout shift on long values. */
import { type ReactNode, useId } from 'react';

interface Common {
  label: string;
  hint?: ReactNode;
  required?: boolean;
}

/** The hint's element id, for aria-describedby; none without a hint. */
const hintId = (id: string, hint: ReactNode) => (hint ? `${id}-hint` : undefined);

function Hint({ id, hint }: { id: string; hint: ReactNode }) {
  return hint ? (
    <small id={hintId(id, hint)} className="hint">
      {hint}
    </small>
  ) : null;
}

function Label({ id, label, required }: { id: string; label: string; required?: boolean }) {
  return (
    <label htmlFor={id}>
      {label}
      {required ? <span aria-hidden="true"> *</span> : null}
    </label>
  );
}

export function TextField({
  label,
  hint,
  required,
  value,
  onChange,
  placeholder,
  name,
}: Common & { value: string; onChange: (value: string) => void; placeholder?: string; name?: string }) {
  const id = useId();
  return (
    <div className="field">
      <Label id={id} label={label} required={required} />
      <input
        id={id}
        name={name}
        value={value}
        required={required}
        placeholder={placeholder}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={hintId(id, hint)}
      />
      <Hint id={id} hint={hint} />
    </div>
  );
}

/** A number that may be left empty (then the engine's default applies). */
export function NumberField({
  label,
  hint,
  required,
  value,
  onChange,
  min,
}: Common & { value: number | undefined; onChange: (value: number | undefined) => void; min?: number }) {
  const id = useId();
  return (
    <div className="field">
      <Label id={id} label={label} required={required} />
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={min}
        value={value ?? ''}
        required={required}
        onChange={(event) => onChange(event.target.value === '' ? undefined : Number(event.target.value))}
        aria-describedby={hintId(id, hint)}
      />
      <Hint id={id} hint={hint} />
    </div>
  );
}

export function SelectField<V extends string>({
  label,
  hint,
  value,
  options,
  onChange,
}: Common & {
  value: V;
  options: ReadonlyArray<{ value: V; label: string }>;
  onChange: (value: V) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <Label id={id} label={label} />
      <select
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value as V)}
        aria-describedby={hintId(id, hint)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Hint id={id} hint={hint} />
    </div>
  );
}

export function CheckboxField({
  label,
  hint,
  checked,
  onChange,
}: Common & { checked: boolean; onChange: (checked: boolean) => void }) {
  const id = useId();
  return (
    <div className="field field-checkbox">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        aria-describedby={hintId(id, hint)}
      />
      <Label id={id} label={label} />
      <Hint id={id} hint={hint} />
    </div>
  );
}
