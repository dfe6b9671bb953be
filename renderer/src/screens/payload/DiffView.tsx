// biome-ignore-all lint/a11y/useSemanticElements: virtualised rows are absolutely placed divs; ARIA roles give them their table semantics.
// biome-ignore-all lint/a11y/useFocusableInteractive: each row gets its tabIndex from VirtualRows' props (a roving tabindex).
/** What changed since the last upload of the same scan definition, field by field with classes. */
import type { PayloadPreviewView } from '../../../../src/api/desktop/contract.js';
import { Badge, type Tone } from '../../components/Badge.js';
import { Ellipsis } from '../../components/Ellipsis.js';
import { VirtualRows } from '../../components/VirtualRows.js';
import { ClassBadge } from './ClassBadge.js';

const KIND_TONES: Record<string, Tone> = { added: 'pass', removed: 'fail', changed: 'warn' };

const short = (value: unknown): string => {
  if (value === undefined) return '';
  const text = JSON.stringify(value) ?? 'null';
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
};

export function DiffView({ preview }: { preview: PayloadPreviewView }) {
  if (!preview.diff) {
    return <p className="muted">{preview.diffNote ?? 'No comparison was asked for.'}</p>;
  }
  const { against, diff } = preview.diff;
  if (diff.identical) {
    return (
      <p className="note note-info" role="status">
        Identical to {against}.
      </p>
    );
  }
  return (
    <>
      <p>
        Compared with {against}: <Badge tone="pass">{diff.counts.added} added</Badge>{' '}
        <Badge tone="fail">{diff.counts.removed} removed</Badge>{' '}
        <Badge tone="warn">{diff.counts.changed} changed</Badge>
      </p>
      <VirtualRows
        count={diff.changes.length}
        label="Changes since the last upload"
        role="table"
        gridClass="diff-grid"
        header={
          <>
            <span>Change</span>
            <span>Field</span>
            <span>Class</span>
            <span>Before → after</span>
          </>
        }
        renderRow={(index, props) => {
          const change = diff.changes[index];
          if (!change) return null;
          const values =
            change.kind === 'changed'
              ? `${short(change.before)} → ${short(change.after)}`
              : short(change.kind === 'added' ? change.after : change.before);
          return (
            <div key={index} {...props} role="row" aria-rowindex={index + 1}>
              <span role="cell">
                <Badge tone={KIND_TONES[change.kind] ?? 'neutral'}>{change.kind}</Badge>
              </span>
              <span role="cell">
                <Ellipsis text={change.pointer} className="mono" />
              </span>
              <span role="cell">
                <ClassBadge fieldClass={change.fieldClass} />
              </span>
              <span role="cell">
                <Ellipsis text={values} className="mono" />
              </span>
            </div>
          );
        }}
      />
    </>
  );
}
