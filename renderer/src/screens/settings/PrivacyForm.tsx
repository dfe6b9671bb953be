/**
 * The privacy policy: the level, columns never mentioned, values withheld, names hashed, sample columns, and
 * per-dataset overrides. Saved into configuration.yml's `privacy:` block; the next preview shows its effect.
 */
import { type FormEvent, useState } from 'react';
import type { PrivacyConfig, PrivacyLevel, PrivacyRules } from '../../../../src/api/desktop/contract.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { CheckboxField, SelectField, TextField } from '../../components/Fields.js';
import { useAction } from '../../hooks/useAction.js';
import { formatPatterns, parsePatterns } from './patterns.js';

const LEVELS: Array<{ value: PrivacyLevel; label: string; description: string }> = [
  {
    value: 'strict',
    label: 'Strict',
    description:
      'names, schema, counts and outcomes, scan metadata; no data-derived values, SQL, check text or logs',
  },
  {
    value: 'standard',
    label: 'Standard',
    description:
      'also data-derived values (min, max, avg…), SQL, check text, warning and error logs; no samples',
  },
  {
    value: 'full',
    label: 'Full',
    description: 'also failed-row samples (within the sample columns) and every log',
  },
];

type WithholdMode = 'none' | 'all' | 'columns';

interface Override {
  pattern: string;
  rules: PrivacyRules;
}

export function PrivacyForm({
  initial,
  isDefault,
  onSave,
}: {
  initial: PrivacyConfig;
  isDefault: boolean;
  onSave: (privacy: PrivacyConfig) => Promise<unknown>;
}) {
  const [level, setLevel] = useState(initial.level);
  const [exclude, setExclude] = useState(formatPatterns(initial.excludeColumns));
  const [withholdMode, setWithholdMode] = useState<WithholdMode>(
    initial.withholdValues === true ? 'all' : Array.isArray(initial.withholdValues) ? 'columns' : 'none',
  );
  const [withholdColumns, setWithholdColumns] = useState(
    Array.isArray(initial.withholdValues) ? formatPatterns(initial.withholdValues) : '',
  );
  const [hash, setHash] = useState(initial.hashIdentifiers);
  const [sampleColumns, setSampleColumns] = useState(formatPatterns(initial.sampleColumns));
  const [overrides, setOverrides] = useState<Override[]>(
    Object.entries(initial.datasets).map(([pattern, rules]) => ({ pattern, rules })),
  );
  const save = useAction(onSave);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const datasets: Record<string, PrivacyRules> = {};
    for (const override of overrides)
      if (override.pattern.trim()) datasets[override.pattern.trim()] = override.rules;
    const samples = parsePatterns(sampleColumns);
    void save.run({
      level,
      excludeColumns: parsePatterns(exclude),
      withholdValues:
        withholdMode === 'all' ? true : withholdMode === 'columns' ? parsePatterns(withholdColumns) : false,
      hashIdentifiers: hash,
      ...(samples.length > 0 ? { sampleColumns: samples } : {}),
      datasets,
    });
  };
  const setOverride = (index: number, change: Partial<Override>) =>
    setOverrides(overrides.map((o, i) => (i === index ? { ...o, ...change } : o)));

  return (
    <form className="card" onSubmit={submit} aria-labelledby="privacy-title">
      <h2 id="privacy-title">Privacy</h2>
      {isDefault ? (
        <p className="muted">The default policy applies: the file has no privacy block yet.</p>
      ) : null}
      <fieldset>
        <legend>Level</legend>
        {LEVELS.map((option) => (
          <label key={option.value} className="radio">
            <input
              type="radio"
              name="privacy-level"
              value={option.value}
              checked={level === option.value}
              onChange={() => setLevel(option.value)}
            />{' '}
            <strong>{option.label}</strong> — {option.description}
          </label>
        ))}
      </fieldset>
      <div className="form-grid">
        <TextField
          label="Columns never mentioned"
          value={exclude}
          onChange={setExclude}
          hint="Patterns, comma-separated; * matches any run (e.g. ssn, *_email)."
        />
        <SelectField<WithholdMode>
          label="Data-derived values"
          value={withholdMode}
          options={[
            { value: 'none', label: 'Send them (as the level allows)' },
            { value: 'all', label: 'Withhold all' },
            { value: 'columns', label: 'Withhold those of some columns' },
          ]}
          onChange={setWithholdMode}
        />
        {withholdMode === 'columns' ? (
          <TextField
            label="Withhold values of columns"
            value={withholdColumns}
            onChange={setWithholdColumns}
          />
        ) : null}
        <TextField
          label="Sample columns"
          value={sampleColumns}
          onChange={setSampleColumns}
          hint="The only columns a sample row may carry (level full). Empty: any column not excluded."
        />
        <CheckboxField
          label="Hash dataset and column names"
          hint="Names become a keyed hash; the key stays on this machine."
          checked={hash}
          onChange={setHash}
        />
      </div>
      <h3>Per-dataset overrides</h3>
      {overrides.length === 0 ? <p className="muted">None: every dataset follows the rules above.</p> : null}
      {overrides.map((override, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; the pattern itself is being typed.
        <div key={index} className="form-grid override">
          <TextField
            label="Dataset pattern"
            value={override.pattern}
            onChange={(pattern) => setOverride(index, { pattern })}
          />
          <SelectField<PrivacyLevel | ''>
            label="Level"
            value={override.rules.level ?? ''}
            options={[
              { value: '', label: 'as above' },
              ...LEVELS.map((l) => ({ value: l.value, label: l.label })),
            ]}
            onChange={(value) => {
              const { level: _old, ...rest } = override.rules;
              setOverride(index, { rules: value ? { ...rest, level: value } : rest });
            }}
          />
          <TextField
            label="Also never mention"
            value={formatPatterns(override.rules.excludeColumns)}
            onChange={(text) =>
              setOverride(index, { rules: { ...override.rules, excludeColumns: parsePatterns(text) } })
            }
          />
          <button type="button" onClick={() => setOverrides(overrides.filter((_, i) => i !== index))}>
            Remove override
          </button>
        </div>
      ))}
      <div className="actions">
        <button type="button" onClick={() => setOverrides([...overrides, { pattern: '', rules: {} }])}>
          Add an override
        </button>
        <button type="submit" className="primary" disabled={save.running}>
          Save privacy
        </button>
        {save.result && !save.running ? <span role="status">Saved.</span> : null}
      </div>
      <ErrorNote error={save.error} title="Not saved" />
    </form>
  );
}
