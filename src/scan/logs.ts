/** The scan's log, in Soda Cloud's `logs[]` shape; levels decide `hasErrors` and exit code 3. */
import { redact } from '../common/redaction.js';
import type { SourceLocation } from '../sodacl/model.js';
import type { LogEntry, LogLevel } from './result.js';

export class ScanLog {
  readonly entries: LogEntry[] = [];

  add(level: LogLevel, message: string, location?: SourceLocation): void {
    this.entries.push({
      level,
      // Every message, whoever wrote it (a driver, a user's SQL), passes here: no registered secret gets through.
      message: redact(message),
      timestamp: new Date().toISOString(),
      ...(location ? { location } : {}),
    });
  }

  info(message: string, location?: SourceLocation): void {
    this.add('info', message, location);
  }

  warning(message: string, location?: SourceLocation): void {
    this.add('warning', message, location);
  }

  error(message: string, location?: SourceLocation): void {
    this.add('error', message, location);
  }

  get hasErrors(): boolean {
    return this.entries.some((entry) => entry.level === 'error');
  }
}
