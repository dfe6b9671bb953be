/**
 * configuration.yml as YAML: the document with its line counter, parsed the same way wherever the file is read
 * (duplicate keys are errors), its first syntax error a ConfigError at its line and column; and the
 * `data_source NAME:` header that names a block.
 */
import { type Document, LineCounter, parseDocument } from 'yaml';
import type { SourceLocation } from '../sodacl/model.js';
import { ConfigError } from './errors.js';

/** What a file whose top level is not a map is told. */
export const NOT_A_MAP = 'The configuration must be a map of `data_source NAME:` blocks.';

/** `data_source NAME` → NAME in group 1. */
export const DATA_SOURCE_HEADER = /^data_source\s+(\S+)$/;

/** The top-level keys a configuration.yml may have: `data_source NAME`, `soda_cloud`, `destinations`, `privacy`. */
export function isConfigurationKey(header: string): boolean {
  return ['soda_cloud', 'destinations', 'privacy'].includes(header) || DATA_SOURCE_HEADER.test(header);
}

export interface ParsedConfigText {
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The file, line and column of an offset in the text. */
  at(offset: number): SourceLocation;
}

export function parseConfigYaml(filePath: string, text: string): ParsedConfigText {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number): SourceLocation => ({ filePath, ...lineCounter.linePos(offset) });
  const firstError = doc.errors[0];
  if (firstError) {
    throw new ConfigError(`Invalid YAML: ${firstError.message.split('\n')[0]}`, at(firstError.pos[0]));
  }
  return { doc, lineCounter, at };
}
