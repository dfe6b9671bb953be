/** Parsing of repeatable CLI options, validated at the edge. */
import { InvalidArgumentError } from 'commander';

/** `-v KEY=VALUE`, repeatable: collects into a map. */
export function collectVariable(pair: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = pair.indexOf('=');
  const key = at > 0 ? pair.slice(0, at).trim() : '';
  if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(key)) {
    throw new InvalidArgumentError(`expected KEY=VALUE with KEY a variable name, got "${pair}"`);
  }
  return { ...previous, [key]: pair.slice(at + 1) };
}

/** A whole number ≥ 1, e.g. `--limit 20`. */
export function parsePositiveInt(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new InvalidArgumentError(`expected a whole number of at least 1, got "${text}"`);
  }
  return Number(text);
}
