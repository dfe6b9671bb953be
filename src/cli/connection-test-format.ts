/**
 * The connection test on a terminal: a live step list redrawn in place on a TTY, one plain line per finished step
 * elsewhere (CI logs, pipes); then each step's findings, what to do, and the IP allowlisting summary.
 */
import type { ConnectionTestReport, StepReport, StepStatus } from '../diagnostics/report.js';
import { colours, padOrCut } from './format.js';

type Paint = ReturnType<typeof colours>;

const ICONS: Record<StepStatus, string> = {
  pending: '·',
  running: '…',
  pass: '✔',
  fail: '✖',
  attention: '!',
  skipped: '-',
};

const STYLES: Record<StepStatus, Parameters<Paint>[0]> = {
  pending: 'gray',
  running: 'cyan',
  pass: 'green',
  fail: 'red',
  attention: 'yellow',
  skipped: 'gray',
};

const NAME_WIDTH = 17;

/**
 * One line per step: icon, name, status word, the one-line message and the duration. Cut to `width` on a
 * terminal, where the block is redrawn in place; whole in logs and pipes (no width), where nothing repeats it.
 */
export function stepLine(step: StepReport, paint: Paint, width?: number): string {
  const status = padOrCut(step.status.toUpperCase(), 9);
  const duration = step.durationMs !== undefined ? ` (${step.durationMs} ms)` : '';
  const optional = step.mandatory ? '' : ' (optional)';
  const message = step.status === 'running' ? step.description : (step.message ?? '');
  const plain = `${ICONS[step.status]} ${padOrCut(`${step.name}${optional}`, NAME_WIDTH + 11)} ${status} ${message}${duration}`;
  return paint(STYLES[step.status], width === undefined ? plain : padOrCut(plain, width).trimEnd());
}

export interface StepDisplay {
  onStep(step: StepReport, index: number): void;
  stop(): void;
}

/** Live on a TTY (the block of step lines is redrawn on every change), else a line per finished step. */
export function stepDisplay(stream: NodeJS.WriteStream): StepDisplay {
  const paint = colours(stream);
  const steps: StepReport[] = [];
  if (!stream.isTTY) {
    return {
      onStep(step) {
        if (!['pending', 'running'].includes(step.status)) stream.write(`${stepLine(step, paint)}\n`);
      },
      stop() {},
    };
  }
  let drawn = 0;
  const redraw = () => {
    // A pseudo-terminal without a size reports 0 columns.
    const width = Math.max(40, (stream.columns || 100) - 1);
    // Back to the block's first line, then each line cleared and written again.
    let text = drawn > 0 ? `\x1b[${drawn}F` : '';
    for (const step of steps) text += `\x1b[2K${stepLine(step, paint, width)}\n`;
    stream.write(text);
    drawn = steps.length;
  };
  return {
    onStep(step, index) {
      steps[index] = step;
      // The initial `pending` list is drawn with the first step that starts, in one go.
      if (step.status !== 'pending') redraw();
    },
    stop() {
      if (drawn === 0) return;
      // The live lines were cut to the terminal's width (one row each, so redrawing in place works); the final
      // list is written whole, wrapping as the terminal wraps, so a narrow window loses no step's message.
      let text = `\x1b[${drawn}F\x1b[J`;
      for (const step of steps) text += `${stepLine(step, paint)}\n`;
      stream.write(text);
      drawn = 0;
    },
  };
}

function indent(text: string, prefix = '    '): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? '' : `${prefix}${line}`))
    .join('\n');
}

function stepDetails(step: StepReport, paint: Paint): string[] {
  const lines: string[] = [];
  for (const fact of step.facts ?? []) lines.push(`    ${fact.label}: ${fact.value}`);
  for (const item of step.items ?? []) lines.push(`    ${item.ok ? '✔' : '✖'} ${item.name}: ${item.detail}`);
  if (step.status === 'fail' || step.status === 'attention') {
    if (step.classification) {
      const code = step.classification.code ? `, ${step.classification.code}` : '';
      lines.push(`    Cause: ${step.classification.layer} / ${step.classification.kind}${code}`);
    }
    if (step.remediation) lines.push(paint('bold', '    What to do:'), indent(step.remediation, '      '));
    // A driver's message may span lines (Snowflake's "SQL access control error:\n…"): keep them under the label.
    if (step.raw) lines.push(`    Driver message: ${indent(step.raw, '      ').trimStart()}`);
  }
  if (lines.length === 0) return [];
  return [`  ${step.name}`, ...lines];
}

/** Everything after the step list: findings per step, IP allowlisting, the admin request, the verdict. */
export function renderDetails(report: ConnectionTestReport, stream: NodeJS.WriteStream): string {
  const paint = colours(stream);
  const lines: string[] = [''];
  for (const step of report.steps) lines.push(...stepDetails(step, paint));
  const ip = report.ip;
  const ipLines: string[] = [];
  if (ip.serverSeenIp) {
    const how =
      ip.serverSeenSource === 'rejection' ? "taken from the server's rejection" : 'from the session';
    ipLines.push(`  The server sees this machine as ${ip.serverSeenIp} (${how}).`);
  }
  if (ip.egress)
    ipLines.push(
      `  Public egress address: ${ip.egress.ip} (best guess from ${ip.egress.service}; VPNs and proxies differ).`,
    );
  if (ip.egressError) ipLines.push(`  Public egress address: unknown (${ip.egressError}).`);
  if (ip.allowlist) {
    ipLines.push(
      `  Allowlist (${ip.allowlist.source}): ${ip.allowlist.allowed ? 'admitted' : 'NOT admitted'}. ${ip.allowlist.reason}`,
    );
    for (const invalid of ip.allowlist.invalid)
      ipLines.push(`    unreadable ${invalid.rule}: ${invalid.error}`);
    for (const note of ip.allowlist.notes) ipLines.push(`    note: ${note}`);
  }
  if (ip.cloudEgress) {
    ipLines.push("  Soda Cloud's webhook addresses against the webhook allowlist:");
    for (const entry of ip.cloudEgress)
      ipLines.push(
        `    ${entry.allowed ? '✔' : '✖'} ${entry.address} (${entry.region.toUpperCase()}): ${entry.reason}`,
      );
  }
  if (ipLines.length > 0) lines.push('', paint('bold', 'IP allowlisting'), ...ipLines);
  if (ip.adminRequest) {
    lines.push(
      '',
      paint('bold', 'Request for the admin (copy and send):'),
      indent(ip.adminRequest.message.trimEnd(), '  '),
    );
  }
  const failed = report.steps.find((step) => step.mandatory && step.status === 'fail');
  lines.push(
    '',
    report.ok
      ? paint('green', `Connection test of ${report.dataSource} passed (${report.durationMs} ms).`)
      : paint(
          'red',
          `Connection test of ${report.dataSource} failed at ${failed?.name ?? 'a step'} (${report.durationMs} ms).`,
        ),
  );
  return `${lines.join('\n')}\n`;
}
