import { expect } from 'vitest';
import type { Check, MetricCheck, ParsedChecks, SodaclDiagnostic, Zone } from '../../../src/sodacl/model.js';
import { type ParseOptions, parseChecks } from '../../../src/sodacl/parse.js';

export const FILE = 'checks.yml';

export function parse(text: string, options?: ParseOptions): ParsedChecks {
  return parseChecks([{ filePath: FILE, text }], options);
}

export function errors(result: ParsedChecks): SodaclDiagnostic[] {
  return result.diagnostics.filter((d) => d.severity === 'error');
}

/** Parses checks of one dataset section and expects exactly one check and no error. */
export function singleCheck(lines: string, options?: ParseOptions): MetricCheck {
  const result = parse(`checks for t:\n${lines}`, options);
  expect(errors(result)).toEqual([]);
  expect(result.checks).toHaveLength(1);
  return result.checks[0] as MetricCheck;
}

/** The one error of a parse, with its place. */
export function singleError(
  text: string,
  options?: ParseOptions,
): { message: string; line: number; col: number } {
  const result = parse(text, options);
  const found = errors(result);
  expect(found, JSON.stringify(found)).toHaveLength(1);
  const [error] = found as [SodaclDiagnostic];
  return { message: error.message, line: error.location.line, col: error.location.col };
}

/** Whether a value lies in a zone, with the Zone semantics documented in model.ts. */
export function inZone(zone: Zone, x: number): boolean {
  const lower = [zone.gt === undefined || x > zone.gt, zone.gte === undefined || x >= zone.gte];
  const upper = [zone.lt === undefined || x < zone.lt, zone.lte === undefined || x <= zone.lte];
  const hasLower = zone.gt !== undefined || zone.gte !== undefined;
  const hasUpper = zone.lt !== undefined || zone.lte !== undefined;
  const lowerOk = lower.every(Boolean);
  const upperOk = upper.every(Boolean);
  if (zone.union && hasLower && hasUpper) return lowerOk || upperOk;
  return lowerOk && upperOk;
}

/** Parses a file whose checks are all metric checks, typed as such (asserted, so a wrong kind fails the test). */
export function parseMetrics(
  text: string,
  options?: ParseOptions,
): Omit<ParsedChecks, 'checks'> & { checks: MetricCheck[] } {
  const result = parse(text, options);
  for (const check of result.checks) expect(check.kind).toBe('metric');
  return result as Omit<ParsedChecks, 'checks'> & { checks: MetricCheck[] };
}

/** Narrows checks that must all be metric checks. */
export function metricChecks(checks: readonly Check[]): MetricCheck[] {
  for (const check of checks) expect(check.kind).toBe('metric');
  return checks as MetricCheck[];
}

/** Parses a whole file that must give exactly one check of `kind` and no error. */
export function onlyCheck<K extends Check['kind']>(
  kind: K,
  text: string,
  options?: ParseOptions,
): Extract<Check, { kind: K }> {
  const result = parse(text, options);
  expect(errors(result)).toEqual([]);
  expect(result.checks).toHaveLength(1);
  expect(result.checks[0]?.kind).toBe(kind);
  return result.checks[0] as Extract<Check, { kind: K }>;
}

/** Every error of a parse as [message, line, col], for exact comparisons. */
export function errorList(text: string, options?: ParseOptions): [string, number, number][] {
  return errors(parse(text, options)).map((e) => [e.message, e.location.line, e.location.col]);
}
