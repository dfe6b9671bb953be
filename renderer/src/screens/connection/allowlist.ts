/** Allowlist rules as typed, one per line: `10.0.0.0/8` (allow), or `deny 10.1.0.0/16`, `allow 192.0.2.7`. */
import type { AllowlistEntry } from '../../../../src/api/desktop/contract.js';

export function parseAllowlist(text: string): AllowlistEntry[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^(allow|deny)\s+(\S+)$/i.exec(line);
      return match
        ? { action: (match[1] as string).toLowerCase() as 'allow' | 'deny', value: match[2] as string }
        : line;
    });
}
