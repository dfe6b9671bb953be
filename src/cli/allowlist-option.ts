/** `--allowlist 10.0.0.0/8,deny:10.1.2.3` (repeatable): allowlist entries, each an address or CIDR block. */
import { InvalidArgumentError } from 'commander';

export function collectAllowlist(text: string, previous: string[] = []): string[] {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) throw new InvalidArgumentError('expected one or more addresses or CIDR blocks');
  return [...previous, ...entries];
}

/** `deny:CIDR` entries as deny rules; the rest allow. Malformed blocks are reported by the evaluation itself. */
export function allowlistEntries(
  entries: readonly string[],
): Array<string | { action: 'allow' | 'deny'; value: string }> {
  return entries.map((entry) => {
    const match = /^(allow|deny):(.+)$/i.exec(entry);
    return match
      ? { action: (match[1] as string).toLowerCase() as 'allow' | 'deny', value: match[2] as string }
      : entry;
  });
}

/** Seconds, e.g. `--timeout 2.5`. */
export function parseSeconds(text: string): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value <= 0 || value > 600) {
    throw new InvalidArgumentError(`expected a number of seconds above 0 and at most 600, got "${text}"`);
  }
  return value;
}

export function collectString(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
