/**
 * The saved-scan file: one JSON document whose first line is a small header, so a listing reads a few hundred
 * bytes per scan instead of parsing every result:
 *
 *   {"format":"gatehouse-scan/1","bytes":N,"summary":{…},"schemaDatasets":[…],
 *   "result":{…the ScanResult…}}
 *
 * JSON.stringify never emits a raw newline, so the first newline always ends the header. `bytes` is the length of
 * everything after it: a truncated (or appended-to) file is caught with one fstat, without reading the result.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import * as z from 'zod/mini';
import type { ScanResult } from '../scan/result.js';
import { WorkspaceError } from './errors.js';
import { scanSummarySchema, schemaDatasetsOf, summarize } from './summary.js';

const FORMAT = 'gatehouse-scan/1';
/** A header is a few hundred bytes; this bound only stops a runaway read of a file that has no header. */
const MAX_HEADER_BYTES = 1 << 20;

const headerSchema = z.object({
  format: z.literal(FORMAT),
  bytes: z.int().check(z.minimum(0)),
  summary: scanSummarySchema,
  schemaDatasets: z.array(z.string()),
});

export type ScanFileHeader = z.infer<typeof headerSchema>;

/** Just enough shape that rendering a hand-edited or foreign file cannot crash. */
const resultSchema = z.looseObject({
  scanId: z.string(),
  definitionName: z.string(),
  dataSource: z.string(),
  dataTimestamp: z.string(),
  scanStartTimestamp: z.string(),
  scanEndTimestamp: z.string(),
  checks: z.array(
    z.looseObject({
      check: z.looseObject({}),
      displayName: z.string(),
      outcome: z.nullable(z.enum(['pass', 'warn', 'fail'])),
    }),
  ),
  metrics: z.array(z.looseObject({ metricName: z.string() })),
  queries: z.array(z.looseObject({ name: z.string() })),
  logs: z.array(z.looseObject({ level: z.string(), message: z.string() })),
  hasErrors: z.boolean(),
  hasWarnings: z.boolean(),
  hasFailures: z.boolean(),
});

export function encodeScanFile(id: string, result: ScanResult): string {
  const body = `"result":${JSON.stringify(result)}}\n`;
  const header = {
    format: FORMAT,
    bytes: Buffer.byteLength(body),
    summary: summarize(id, result),
    schemaDatasets: schemaDatasetsOf(result),
  };
  return `${JSON.stringify(header).slice(0, -1)},\n${body}`;
}

const corrupt = (why: string) => new WorkspaceError('corrupt', why);

/** The header line (without its newline) → header; checks the file is as long as the header says. */
function parseHeader(line: string, headerBytes: number, fileBytes: number): ScanFileHeader {
  if (!line.endsWith(',')) throw corrupt('it does not start with a Gatehouse scan header');
  let parsed: unknown;
  try {
    parsed = JSON.parse(`${line.slice(0, -1)}}`);
  } catch {
    throw corrupt('its header is not valid JSON');
  }
  const header = headerSchema.safeParse(parsed);
  if (!header.success) throw corrupt('its header is not a Gatehouse scan header');
  const expected = headerBytes + header.data.bytes;
  if (fileBytes !== expected) {
    throw corrupt(`it has ${fileBytes} bytes where ${expected} were written (truncated or modified)`);
  }
  return header.data;
}

/**
 * Reads only the header line of a saved scan. Synchronous on purpose: for a thousand small reads the thread-pool
 * round trips of the async API cost three times the work itself (measured: ~95 ms against ~30 ms); callers yield
 * to the event loop between batches instead.
 */
export function readScanHeader(path: string): ScanFileHeader {
  const fd = openSync(path, 'r');
  try {
    const { size } = fstatSync(fd);
    let buffer = Buffer.alloc(Math.min(size, 4096));
    let filled = 0;
    for (;;) {
      const bytesRead = readSync(fd, buffer, filled, buffer.length - filled, filled);
      filled += bytesRead;
      const newline = buffer.subarray(0, filled).indexOf(10);
      if (newline >= 0) return parseHeader(buffer.toString('utf8', 0, newline), newline + 1, size);
      if (bytesRead === 0 || filled >= MAX_HEADER_BYTES) throw corrupt('it has no Gatehouse scan header');
      if (filled === buffer.length) {
        buffer = Buffer.concat([buffer, Buffer.alloc(Math.min(buffer.length, MAX_HEADER_BYTES - filled))]);
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** A whole saved scan, checked: header, length, and the result's shape. */
export function decodeScanFile(bytes: Buffer): { header: ScanFileHeader; result: ScanResult } {
  const newline = bytes.indexOf(10);
  if (newline < 0) throw corrupt('it has no Gatehouse scan header');
  const header = parseHeader(bytes.toString('utf8', 0, newline), newline + 1, bytes.length);
  let document: unknown;
  try {
    document = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw corrupt('it is not valid JSON');
  }
  const result = resultSchema.safeParse((document as { result?: unknown } | null)?.result);
  if (!result.success) throw corrupt('its result is not a scan result');
  return { header, result: result.data as unknown as ScanResult };
}
