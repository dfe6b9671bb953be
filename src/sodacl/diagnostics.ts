import type { Severity, SodaclDiagnostic, SourceLocation } from './model.js';

/** Collects diagnostics so that parsing can go on after a problem and report every one of them. */
export class DiagnosticSink {
  readonly diagnostics: SodaclDiagnostic[] = [];

  error(message: string, location: SourceLocation): void {
    this.add('error', message, location);
  }

  warning(message: string, location: SourceLocation): void {
    this.add('warning', message, location);
  }

  get errorCount(): number {
    return this.diagnostics.filter((d) => d.severity === 'error').length;
  }

  private add(severity: Severity, message: string, location: SourceLocation): void {
    this.diagnostics.push({ severity, message, location });
  }
}
