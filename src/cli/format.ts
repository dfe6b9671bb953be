/** Terminal text: colour only on a terminal that wants it (NO_COLOR, FORCE_COLOR respected). */
import { styleText } from 'node:util';

type Style = Parameters<typeof styleText>[0];

export function colours(stream: NodeJS.WriteStream) {
  const enabled =
    process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0'
      ? true
      : !process.env.NO_COLOR && stream.isTTY === true;
  return (style: Style, text: string) => (enabled ? styleText(style, text) : text);
}

/** Numbers as people read them: integers whole, others with up to 4 decimals. */
export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toFixed(4)));
}

/** Pad to a width, cutting long text with an ellipsis so columns stay aligned. */
export function padOrCut(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}
