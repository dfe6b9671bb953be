/**
 * How many fields of each class the bytes hold (and the rows of any sample files that go with them), and how many
 * the policy held back and why.
 */
import type { FieldClass, PayloadPreviewView, WithheldReason } from '../../../../src/api/desktop/contract.js';
import { Badge } from '../../components/Badge.js';
import { plural } from '../../format.js';
import { CLASS_INFO, WITHHELD_LABELS } from './classes.js';

/** One entry of each section the builder can leave out, for "1 log left out", "3 checks left out". */
const SECTION_ENTRY: Record<PayloadPreviewView['leftOut'][number]['section'], string> = {
  checks: 'check',
  metrics: 'metric',
  queries: 'query',
  logs: 'log',
};

/** What the count alone hides: how many of those fields are withheld, as the CLI's preview says it. */
function heldNote(preview: PayloadPreviewView, fieldClass: FieldClass): string {
  const held = preview.withheldByClass[fieldClass];
  const count = preview.classCounts[fieldClass];
  const notes: string[] = [];
  if (held && held.inDocument > 0) {
    notes.push(
      held.inDocument === count
        ? `all ${count.toLocaleString('en')} withheld`
        : `${held.inDocument.toLocaleString('en')} withheld`,
    );
  }
  if (held && held.leftOut > 0) notes.push(`${held.leftOut.toLocaleString('en')} more left out`);
  return notes.length > 0 ? ` (${notes.join(', ')})` : '';
}

/** Sample files are all rows of class `sample`, outside the document's fields. */
const sampleRows = (preview: PayloadPreviewView) =>
  preview.sampleFiles.reduce((sum, file) => sum + file.rows, 0);

export function ClassCounts({ preview }: { preview: PayloadPreviewView }) {
  const classes = (Object.keys(CLASS_INFO) as FieldClass[]).filter((c) => (preview.classCounts[c] ?? 0) > 0);
  const withheld = Object.entries(preview.withheldCounts) as Array<[WithheldReason, number]>;
  return (
    <section aria-labelledby="class-counts-title">
      <h3 id="class-counts-title">Fields by class</h3>
      <ul className="class-counts plain-list" data-testid="class-counts">
        {classes.map((fieldClass) => (
          <li key={fieldClass} data-class={fieldClass}>
            <Badge tone={CLASS_INFO[fieldClass].tone} title={CLASS_INFO[fieldClass].description}>
              {CLASS_INFO[fieldClass].label}: {preview.classCounts[fieldClass].toLocaleString('en')}
              {heldNote(preview, fieldClass)}
            </Badge>
          </li>
        ))}
        {preview.sampleFiles.length > 0 ? (
          <li data-class="sample" data-in="sample-files">
            <Badge tone={CLASS_INFO.sample.tone} title={CLASS_INFO.sample.description}>
              {CLASS_INFO.sample.label}: {plural(sampleRows(preview), 'row')} in{' '}
              {plural(preview.sampleFiles.length, 'sample file')}
            </Badge>
          </li>
        ) : null}
      </ul>
      {withheld.length > 0 ? (
        <p>
          Held back:{' '}
          {withheld
            .map(([reason, count]) => `${count.toLocaleString('en')} ${WITHHELD_LABELS[reason]}`)
            .join(', ')}
          .
        </p>
      ) : null}
      {preview.leftOut.length > 0 ? (
        <ul>
          {preview.leftOut.map((entry) => (
            <li key={`${entry.section}:${entry.reason}`}>
              {entry.count === 1
                ? `1 ${SECTION_ENTRY[entry.section]}`
                : `${entry.count.toLocaleString('en')} ${entry.section}`}{' '}
              left out: {entry.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
