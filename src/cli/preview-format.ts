/** The preview as text: summary, class counts, personal columns, what was held back, the diff, and the tree. */
import type { PayloadPreview } from '../api/preview.js';
import { CLASS_LABELS, FIELD_CLASSES, type FieldClass } from '../payload/classes.js';
import type { PayloadDiff } from '../payload/diff.js';
import { type PreviewTree, rowClass, rowLabel, rowText, rowWithheld } from '../payload/preview-tree.js';

type Paint = (style: 'bold' | 'dim' | 'yellow' | 'red' | 'green', text: string) => string;

const REASONS = {
  level: 'not allowed at this level',
  withhold_values: 'withhold_values',
  exclude_columns: 'mentions an excluded column',
  hash_identifiers: 'would reveal a hashed name',
} as const;

export function renderSummary(preview: PayloadPreview, tree: PreviewTree, paint: Paint): string {
  const { prepared, policy } = preview;
  const lines = [
    paint('bold', `Payload of scan ${preview.scanId}`) +
      ` (scan definition ${prepared.definitionName}, data source ${prepared.dataSource})`,
    `Privacy level ${policy.level} (from ${preview.policySource}); policy SHA-256 ${prepared.policySha256}`,
    `${prepared.bytes.length} bytes of canonical UTF-8 JSON; SHA-256 ${paint('bold', prepared.sha256)}`,
  ];
  if (preview.dryRun) lines.push(paint('yellow', 'Dry run: nothing can be sent from this process.'));
  lines.push(
    '',
    paint('bold', 'Fields by class') + paint('dim', ' (in the document, withheld ones included)'),
  );
  for (const fieldClass of FIELD_CLASSES) {
    const count = tree.classCounts[fieldClass];
    lines.push(
      `  ${String(count).padStart(7)}  ${fieldClass.padEnd(10)} ${paint('dim', CLASS_LABELS[fieldClass])}` +
        classNote(preview, fieldClass, count, tree.withheldByClass[fieldClass], paint),
    );
  }
  if (tree.unknownFields.length > 0) {
    lines.push(paint('red', `  ${tree.unknownFields.length} field(s) of no known class, counted as data`));
  }
  if (preview.withheld.length > 0) {
    lines.push(
      '',
      paint(
        'bold',
        `Withheld: ${preview.withheld.length} value(s), sent as null, as a stand-in ("Check <identity>") or left out`,
      ),
    );
    for (const [reason, count] of Object.entries(tree.withheldCounts)) {
      lines.push(`  ${String(count).padStart(7)}  ${REASONS[reason as keyof typeof REASONS] ?? reason}`);
    }
  }
  if (preview.leftOut.length > 0) {
    lines.push('', paint('bold', 'Left out'));
    for (const left of preview.leftOut)
      lines.push(`  ${String(left.count).padStart(7)}  ${left.section}: ${left.reason}`);
  }
  lines.push('', paint('bold', 'Personal-looking columns'));
  if (preview.personal.length === 0) lines.push('  none found');
  for (const p of preview.personal) {
    const how =
      p.status === 'excluded'
        ? 'excluded: not mentioned'
        : p.status === 'hashed'
          ? 'named by a keyed hash'
          : 'named';
    const values =
      p.valuesIn.length > 0
        ? paint('red', `; values derived from it are sent: ${p.valuesIn.join(', ')}`)
        : '';
    const flag = (p.inSamples ? paint('red', '; its VALUES are in sample rows') : '') + values;
    lines.push(`  ${paint('yellow', '!')} ${p.dataset}.${p.column} (${p.kind}): ${how}${flag}`);
  }
  lines.push('', paint('bold', 'Laid out for'));
  lines.push(`  ${layoutLine(preview)}`);
  lines.push('', paint('bold', 'What each destination adds'));
  for (const d of preview.destinations) lines.push(`  ${d.destination.padEnd(10)} ${d.summary}`);
  return `${lines.join('\n')}\n`;
}

/**
 * What a class count alone would hide: how many of those fields are withheld (a reviewer must not read "25
 * data-derived values" as 25 sent), and, for sample rows, the rows that leave in sample files, not the document.
 */
function classNote(
  preview: PayloadPreview,
  fieldClass: FieldClass,
  count: number,
  held: { inDocument: number; leftOut: number } | undefined,
  paint: Paint,
): string {
  const notes: string[] = [];
  if (held && held.inDocument > 0) {
    notes.push(held.inDocument === count ? `all ${count} withheld` : `${held.inDocument} of them withheld`);
  }
  if (held && held.leftOut > 0) notes.push(`${held.leftOut} more left out`);
  const files = preview.prepared.sampleFiles;
  if (fieldClass === 'sample' && files.length > 0) {
    const rows = files.reduce((sum, file) => sum + file.rows, 0);
    notes.push(
      paint('red', `plus ${rows} row(s) in ${files.length} sample file(s), listed after the document`),
    );
  }
  return notes.length > 0 ? ` — ${notes.join('; ')}` : '';
}

function layoutLine(preview: PayloadPreview): string {
  const destination = preview.destination ?? 'no configured destination';
  const files = preview.prepared.sampleFiles;
  if (preview.sampleLayout === 'files') {
    return files.length > 0
      ? `${destination}: sample rows go as ${files.length} separate file(s), listed after the document; the document names each by its SHA-256, so approving its hash approves them too`
      : `${destination}: sample rows would go as separate files; this payload has none`;
  }
  return `${destination}: sample rows, when the level lets them out, travel inside this document (file.rows); Soda Cloud would take them as separate files (--destination soda_cloud)`;
}

/** Each sample file as it will be sent: its File-Path, size, SHA-256, and every line of it. */
export function renderSampleFiles(preview: PayloadPreview, paint: Paint): string {
  const lines = [paint('bold', 'Sample files (POST /api/scan/upload, before the document)')];
  for (const [i, file] of preview.prepared.sampleFiles.entries()) {
    lines.push(
      `  [${i + 1}] ${file.path}: ${file.rows} row(s), ${file.bytes.length} bytes, SHA-256 ${paint('bold', file.sha256)} ${paint('dim', '[sample]')}`,
      `      named at ${file.pointer}`,
    );
    for (const line of new TextDecoder().decode(file.bytes).split('\n')) {
      if (line !== '') lines.push(`      ${paint('red', line)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function renderDiff(diff: PayloadDiff, against: string, paint: Paint): string {
  const lines = [
    paint('bold', `Compared with ${against}`) +
      (diff.identical
        ? ': identical'
        : `: ${diff.counts.added} added, ${diff.counts.removed} removed, ${diff.counts.changed} changed`),
  ];
  const sign = { added: '+', removed: '-', changed: '~' } as const;
  for (const change of diff.changes) {
    const values =
      change.kind === 'changed'
        ? `${JSON.stringify(change.before)} → ${JSON.stringify(change.after)}`
        : JSON.stringify(change.kind === 'added' ? change.after : change.before);
    lines.push(`  ${sign[change.kind]} ${change.pointer} [${change.fieldClass}] ${values}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderTree(tree: PreviewTree, paint: Paint): string {
  const out: string[] = [];
  for (let row = 0; row < tree.size; row++) {
    const indent = '  '.repeat(tree.depth[row] ?? 0);
    const fieldClass = rowClass(tree, row);
    const reason = rowWithheld(tree, row);
    const badge = fieldClass ? ` ${paint('dim', `[${fieldClass}]`)}` : '';
    const held = reason ? ` ${paint('yellow', `withheld: ${REASONS[reason]}`)}` : '';
    const text = rowText(tree, row);
    const shown = fieldClass === 'sample' || fieldClass === 'data' ? paint('red', text) : text;
    out.push(`${indent}${rowLabel(tree, row)}: ${shown}${badge}${held}`);
  }
  return `${out.join('\n')}\n`;
}
