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
