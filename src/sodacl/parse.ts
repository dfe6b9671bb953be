/**
 * SodaCL check files → the check model: every check kind of Soda Core 3.5.6's open-source SodaCL.
 *
 * Where Gatehouse deliberately differs from Soda Core 3.5.6:
 * - Every unknown header, metric or key is an error with its place, never a logged skip.
 * - A line threshold together with warn:/fail: is an error (Soda silently ignores the blocks).
 * - A metric check without any threshold is an error at parse time (Soda logs it at evaluation).
 * - `${VAR}` is resolved per YAML value after parsing, so a variable cannot inject YAML structure; an undefined
 *   variable is an error instead of an empty string. Inside flow lists, quote it: ["${A}", b].
 * - Filters (partitions), column configurations and variables may be declared in any file of the set, in any
 *   order; an undeclared partition is an error at the partition name and its checks are not run.
 * - A check with any error is left out, so that no check runs with part of its configuration dropped.
 * - Freshness thresholds other than "< X"/"<= X" on the line or "when > X"/"when >= X" are errors (Soda ignores
 *   them silently); keys a check kind does not use (missing/valid keys on duplicates, warn/fail on references, …)
 *   are errors too. `samples columns` is read (Soda Core ignores it) and limits the sampled columns.
 */
import { isMap, isScalar, type Node, type Pair, type Scalar } from 'yaml';
import { readChecksSection } from './checks-section.js';
import { type ColumnConfiguration, readConfigurationsSection } from './column-configurations.js';
import { FileContext } from './context.js';
import { DiagnosticSink } from './diagnostics.js';
import { findFilter, readFilterSection } from './filters.js';
import { readForEachSection } from './for-each-dataset.js';
import { parseSectionHeader, type SectionHeader } from './headers.js';
import { formatIdentifier } from './identifiers.js';
import type {
  Check,
  ForEachDatasetTemplate,
  ParsedChecks,
  PartitionFilter,
  SodaclDiagnostic,
  SourceLocation,
} from './model.js';
import { resolveFileVariables, VARIABLE_NAME, VariableScope } from './variables.js';
import { scalarToString, YamlSource } from './yaml-source.js';

export interface CheckFileInput {
  filePath: string;
  text: string;
}

export { expandForEachDataset, selectDatasets } from './for-each-dataset.js';

export interface ParseOptions {
  /** Scan variables (the CLI's `-v KEY=VALUE`). */
  variables?: Record<string, string>;
  /**
   * Environment variables; they win over every other source, as in Soda. Not read from `process.env` by default,
   * so that parsing stays pure: the CLI passes `process.env`.
   */
  env?: Record<string, string | undefined>;
  /**
   * Reads a `sql_file` (its path made absolute against the check file's folder); undefined when it cannot.
   * Without it, `sql_file` keys are errors: the parser itself never touches the file system.
   */
  readFile?: (absolutePath: string) => string | undefined;
}

/** One top-level `header: value` entry of a file. */
interface Section {
  context: FileContext;
  keyNode: Scalar;
  /** The header as written, before `${VAR}` resolution. */
  written: string;
  location: SourceLocation;
  value: unknown;
}

/**
 * Parses SodaCL check files into the check model. Never throws on bad input: every problem is a diagnostic with
 * its file, line and column, and a check with any error is left out rather than run half-understood.
 * Variables, filters and column configurations may be declared in any of the files, in any order.
 */
export function parseChecks(files: CheckFileInput[], options: ParseOptions = {}): ParsedChecks {
  const sink = new DiagnosticSink();
  const env = options.env ?? {};
  const cliVariables = options.variables ?? {};
  const sections = files.flatMap((file) => readSections(file, sink));

  const declared = collectFileVariables(sections, sink);
  const higher = new VariableScope(env, cliVariables, {}).lookup;
  const { values, problems } = resolveFileVariables(declared.values, higher);
  for (const [name, messages] of problems) {
    const location = declared.locations.get(name);
    if (location) for (const message of messages) sink.error(message, location);
  }
  const scope = new VariableScope(env, cliVariables, values);
  const variables: Record<string, string> = {};
  for (const name of Object.keys(values)) variables[name] = scope.lookup(name) ?? (values[name] as string);

  const headers = sections.map((section) => classifySection(section, scope));
  const filters: PartitionFilter[] = [];
  const columnConfigurations: ColumnConfiguration[] = [];
  for (const { section, header } of headers) {
    if (header?.kind === 'filter') {
      readFilterSection(
        header.dataset,
        header.partition,
        section.value,
        section.location,
        section.context,
        filters,
      );
    } else if (header?.kind === 'configurations') {
      readConfigurationsSection(
        header.dataset,
        section.value,
        section.location,
        section.context,
        columnConfigurations,
      );
    }
  }

  const checks: Check[] = [];
  const forEach: ForEachDatasetTemplate[] = [];
  const shared = {
    columnConfigurations,
    filters,
    ...(options.readFile ? { readFile: options.readFile } : {}),
  };
  for (const { section, header, resolvedHeader } of headers) {
    if (header?.kind === 'data-source-checks') {
      checks.push(
        ...readChecksSection(
          section.value,
          { header: section.written, headerLocation: section.location, ...shared },
          section.context,
        ),
      );
      continue;
    }
    if (header?.kind === 'for-each-dataset') {
      const template = readForEachSection(
        header.alias,
        header.legacy,
        section.value,
        section.location,
        section.context,
        { fileVariables: values, scope, ...shared },
      );
      if (template) forEach.push(template);
      continue;
    }
    if (header?.kind !== 'checks') continue;
    let partitionFilter: string | undefined;
    let declaredPartition = true;
    if (header.partition !== undefined) {
      const filter = findFilter(filters, header.dataset, header.partition);
      if (filter) partitionFilter = filter.where;
      else {
        declaredPartition = false;
        const index = resolvedHeader?.originalIndex(header.partitionIndex ?? 0) ?? 0;
        sink.error(
          `Filter not declared: ${formatIdentifier(header.dataset)} [${header.partition}]; add "filter ${formatIdentifier(header.dataset)} [${header.partition}]:" with "where: <SQL condition>"`,
          section.context.source.scalarText(section.keyNode).locate(index),
        );
      }
    }
    const found = readChecksSection(
      section.value,
      {
        header: section.written,
        headerLocation: section.location,
        dataset: header.dataset,
        ...(header.partition !== undefined ? { partition: header.partition } : {}),
        ...(partitionFilter !== undefined ? { partitionFilter } : {}),
        ...shared,
      },
      section.context,
    );
    // Checks of an undeclared partition are still read, to report their own errors, but never run unfiltered.
    if (declaredPartition) checks.push(...found);
  }

  return { checks, forEach, variables, diagnostics: sortDiagnostics(sink.diagnostics, files) };
}

/** The top-level entries of one file; a file must be a map (or empty). */
function readSections(file: CheckFileInput, sink: DiagnosticSink): Section[] {
  const source = YamlSource.parse(file.filePath, file.text, sink);
  const root = source.root;
  if (root === null || (isScalar(root) && root.value === null)) return [];
  const context = new FileContext(source, sink, () => undefined);
  if (!isMap(root)) {
    // `checks for customers` with its colon forgotten reads as one long text: say so.
    const header =
      isScalar(root) &&
      typeof root.value === 'string' &&
      /^\s*(checks|filter|configurations|for each|variables)\b/.test(root.value);
    context.error(
      'A check file must be a map of section headers, e.g. "checks for customers:" followed by a list' +
        (header ? '; is the ":" after the first header missing?' : ''),
      root,
    );
    return [];
  }
  const sections: Section[] = [];
  for (const pair of root.items as Pair<unknown, unknown>[]) {
    if (!isScalar(pair.key) || pair.key.value === null) {
      context.error('A section header must be text, e.g. "checks for customers"', (pair.key ?? root) as Node);
      continue;
    }
    sections.push({
      context,
      keyNode: pair.key,
      written: scalarToString(pair.key),
      location: source.locateNode(pair.key),
      value: pair.value,
    });
  }
  return sections;
}

/** Raw values of every `variables:` section; a name declared twice keeps the later value, with a warning. */
function collectFileVariables(
  sections: Section[],
  sink: DiagnosticSink,
): { values: Record<string, string>; locations: Map<string, SourceLocation> } {
  const values: Record<string, string> = {};
  const locations = new Map<string, SourceLocation>();
  for (const section of sections) {
    if (section.written.trim() !== 'variables') continue;
    const { value, context } = section;
    if (value === null || (isScalar(value) && value.value === null)) continue;
    if (!isMap(value)) {
      sink.error('"variables" must be a map of names to values', section.location);
      continue;
    }
    for (const pair of value.items as Pair<unknown, unknown>[]) {
      const name = isScalar(pair.key) ? scalarToString(pair.key) : undefined;
      if (name === undefined || !VARIABLE_NAME.test(name)) {
        context.error(
          'A variable name must be letters, digits and _, not starting with a digit',
          (pair.key ?? value) as Node,
        );
        continue;
      }
      const raw = isScalar(pair.value) ? pair.value.value : undefined;
      if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
        context.error(
          `Variable "${name}" must have a text or number value`,
          (pair.value ?? pair.key) as Node,
        );
        continue;
      }
      const location = context.source.locateNode(pair.key as Node);
      const earlier = locations.get(name);
      if (earlier) {
        sink.warning(
          `Variable "${name}" is declared again (first at ${earlier.filePath}:${earlier.line}); this later value wins`,
          location,
        );
      }
      values[name] =
        isScalar(pair.value) && typeof raw !== 'string' ? scalarToString(pair.value) : String(raw);
      locations.set(name, location);
    }
  }
  return { values, locations };
}

function classifySection(section: Section, scope: VariableScope) {
  const fileContext = new FileContext(section.context.source, section.context.sink, scope.lookup);
  const boundSection = { ...section, context: fileContext };
  if (section.written.trim() === 'variables')
    return { section: boundSection, header: undefined, resolvedHeader: undefined };
  const resolved = fileContext.resolveScalar(section.keyNode);
  if (!resolved) return { section: boundSection, header: undefined, resolvedHeader: undefined };
  const header: SectionHeader = parseSectionHeader(resolved.resolved.text);
  if (header.kind === 'unsupported' && header.cloudOnly) {
    fileContext.sink.warning(
      `${header.feature} are Soda Cloud features that Gatehouse does not run: this section is skipped, the other sections run`,
      section.location,
    );
  } else if (header.kind === 'unsupported') {
    fileContext.errorAt(
      `${header.feature} are not supported yet; take this section out of the files given to gatehouse (the other sections still run)`,
      section.location,
    );
  } else if (header.kind === 'invalid') {
    fileContext.errorAt(
      header.message,
      fileContext.locateResolved(resolved.text, resolved.resolved, header.index),
    );
  }
  return { section: boundSection, header, resolvedHeader: resolved.resolved };
}

/** Diagnostics in file order, then by position, so that output is stable whatever order the passes ran in. */
function sortDiagnostics(diagnostics: SodaclDiagnostic[], files: CheckFileInput[]): SodaclDiagnostic[] {
  const fileOrder = new Map(files.map((file, index) => [file.filePath, index]));
  return diagnostics
    .map((diagnostic, index) => ({ diagnostic, index }))
    .sort((a, b) => {
      const fa = fileOrder.get(a.diagnostic.location.filePath) ?? 0;
      const fb = fileOrder.get(b.diagnostic.location.filePath) ?? 0;
      return (
        fa - fb ||
        a.diagnostic.location.line - b.diagnostic.location.line ||
        a.diagnostic.location.col - b.diagnostic.location.col ||
        a.index - b.index
      );
    })
    .map(({ diagnostic }) => diagnostic);
}
