/**
 * `for each dataset ALIAS:` (legacy `for each table`) sections. Their checks can only become checks once the
 * data source's tables are known, so parsing keeps a template; `expandForEachDataset` instantiates it per table
 * with `${ALIAS}` bound to the table name and the header `checks for ALIAS being TABLE` (so identities differ).
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar } from 'yaml';
import type { ChecksSection } from './check-common.js';
import { readChecksSection } from './checks-section.js';
import type { ColumnConfiguration } from './column-configurations.js';
import { FileContext } from './context.js';
import { DiagnosticSink } from './diagnostics.js';
import type {
  Check,
  DatasetSelector,
  ForEachDatasetTemplate,
  Identifier,
  ParsedChecks,
  PartitionFilter,
  SodaclDiagnostic,
  SourceLocation,
} from './model.js';
import type { ParseOptions } from './parse.js';
import { didYouMean } from './suggest.js';
import { VariableScope } from './variables.js';
import type { YamlSource } from './yaml-source.js';
import { scalarToString } from './yaml-source.js';

/** What expansion needs from parse time; opaque to everything but this module. */
interface TemplateSource {
  yaml: YamlSource;
  checks: Node;
  fileVariables: Record<string, string>;
  filters: readonly PartitionFilter[];
  columnConfigurations: readonly ColumnConfiguration[];
  /** Diagnostics already reported when the template was validated, so expansion does not repeat them. */
  reported: Set<string>;
}

/** The shared declarations a template is read against. */
export interface ForEachEnvironment {
  fileVariables: Record<string, string>;
  filters: readonly PartitionFilter[];
  columnConfigurations: readonly ColumnConfiguration[];
  /** Variables as the rest of the file set sees them (env > -v > files). */
  scope: VariableScope;
  readFile?: ParseOptions['readFile'];
}

const SECTION_KEYS = ['datasets', 'checks'];

/** Reads a `for each dataset` section into a template, validating its checks once with a placeholder table. */
export function readForEachSection(
  alias: string,
  legacy: boolean,
  value: unknown,
  location: SourceLocation,
  context: FileContext,
  environment: ForEachEnvironment,
): ForEachDatasetTemplate | undefined {
  if (legacy)
    context.sink.warning(`"for each table" is deprecated; write "for each dataset ${alias}"`, location);
  if (!isMap(value)) {
    context.errorAt(`A "for each dataset" section must be a map with "datasets:" and "checks:"`, location);
    return undefined;
  }
  const errorsBefore = context.sink.errorCount;
  let selectors: DatasetSelector[] | undefined;
  let checks: Node | undefined;
  let datasetsKey: string | undefined;
  for (const pair of value.items as Pair<unknown, unknown>[]) {
    const key = isScalar(pair.key) ? scalarToString(pair.key) : undefined;
    if (key === 'datasets' || key === 'tables') {
      if (datasetsKey) {
        context.error(`"${key}" repeats "${datasetsKey}"; give one list of datasets`, pair.key as Node);
        continue;
      }
      datasetsKey = key;
      if (key === 'tables')
        context.sink.warning(
          '"tables:" is deprecated; write "datasets:"',
          context.source.locateNode(pair.key as Node),
        );
      selectors = readSelectors(key, pair.value, (pair.value ?? pair.key) as Node, context);
    } else if (key === 'checks') {
      if (!isSeq(pair.value) || pair.value.items.length === 0) {
        context.error('"checks" must be a non-empty list of checks', (pair.value ?? pair.key) as Node);
      } else checks = pair.value;
    } else {
      context.error(
        `Unknown key ${JSON.stringify(key ?? null)} in a "for each dataset" section.${key ? didYouMean(key, SECTION_KEYS) : ''} Keys: datasets, checks`,
        (pair.key ?? value) as Node,
      );
    }
  }
  if (!datasetsKey)
    context.errorAt('A "for each dataset" section needs "datasets:" (a list of names or patterns)', location);
  if (!checks && !value.items.some((p) => isScalar(p.key) && p.key.value === 'checks'))
    context.errorAt('A "for each dataset" section needs "checks:" (a list of checks)', location);
  if (context.sink.errorCount > errorsBefore || !selectors || !checks) return undefined;

  // Validate the checks now, with the alias itself standing in for a table, to report mistakes with their places.
  const validation = new DiagnosticSink();
  const source: TemplateSource = {
    yaml: context.source,
    checks,
    fileVariables: environment.fileVariables,
    filters: environment.filters,
    columnConfigurations: environment.columnConfigurations,
    reported: new Set(),
  };
  readTemplateChecks(
    alias,
    alias,
    location,
    source,
    validation,
    environment.scope.lookup,
    environment.readFile,
  );
  for (const diagnostic of validation.diagnostics) {
    source.reported.add(diagnosticKey(diagnostic));
    if (diagnostic.severity === 'error') context.sink.error(diagnostic.message, diagnostic.location);
    else context.sink.warning(diagnostic.message, diagnostic.location);
  }
  return { alias, selectors, location, source };
}

function readSelectors(
  key: string,
  value: unknown,
  at: Node,
  context: FileContext,
): DatasetSelector[] | undefined {
  if (!isSeq(value) || value.items.length === 0) {
    context.error(
      `"${key}" must be a non-empty list of dataset names, "include PATTERN" or "exclude PATTERN"`,
      at,
    );
    return undefined;
  }
  const selectors: DatasetSelector[] = [];
  for (const item of value.items) {
    if (!isScalar(item) || typeof item.value !== 'string') {
      context.error(
        `"${key}" entries must be dataset names or "include/exclude PATTERN"`,
        (item ?? value) as Node,
      );
      return undefined;
    }
    const resolved = context.resolveScalar(item as Scalar);
    if (!resolved) return undefined;
    const text = resolved.resolved.text.trim();
    const word = /^(include|exclude)\s+/.exec(text);
    const pattern = word ? text.slice(word[0].length).trim() : text;
    const problem =
      pattern === ''
        ? 'must not be empty'
        : /["'`[\]\s]/.test(pattern)
          ? 'must be a plain name or SQL LIKE pattern, without quotes or spaces'
          : pattern.includes('.')
            ? 'must name a dataset of the scanned data source, without a data source or schema prefix'
            : undefined;
    if (problem) {
      context.error(`"${key}" entry "${text}" ${problem}`, item);
      return undefined;
    }
    // A plain name without % is taken literally, so that the _ of table names does not act as a wildcard.
    const kind = word ? (word[1] as 'include' | 'exclude') : pattern.includes('%') ? 'include' : 'name';
    selectors.push({ kind, pattern });
  }
  return selectors;
}

/**
 * Instantiates a template for each table (in the given order): its checks are parsed with `${ALIAS}` bound to the
 * table. Diagnostics already reported when the template was parsed are not repeated.
 */
export function expandForEachDataset(
  template: ForEachDatasetTemplate,
  tables: string[],
  options: ParseOptions = {},
): ParsedChecks {
  const source = template.source as TemplateSource;
  const sink = new DiagnosticSink();
  const scope = new VariableScope(options.env ?? {}, options.variables ?? {}, source.fileVariables);
  const checks: Check[] = [];
  for (const table of tables) {
    checks.push(
      ...readTemplateChecks(
        template.alias,
        table,
        template.location,
        source,
        sink,
        scope.lookup,
        options.readFile,
      ),
    );
  }
  const seen = new Set(source.reported);
  const diagnostics = sink.diagnostics.filter((d) => {
    const key = diagnosticKey(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const variables: Record<string, string> = {};
  for (const name of Object.keys(source.fileVariables)) variables[name] = scope.lookup(name) ?? '';
  return { checks, forEach: [], variables, diagnostics };
}

function readTemplateChecks(
  alias: string,
  table: string,
  location: SourceLocation,
  source: TemplateSource,
  sink: DiagnosticSink,
  lookup: (name: string) => string | undefined,
  readFile: ParseOptions['readFile'],
): Check[] {
  // The alias is local to its section, so it wins over variables of the same name.
  const context = new FileContext(source.yaml, sink, (name) => (name === alias ? table : lookup(name)));
  const section: ChecksSection = {
    header: `checks for ${alias} being ${table}`,
    headerLocation: location,
    dataset: tableIdentifier(table),
    columnConfigurations: source.columnConfigurations,
    filters: source.filters,
    ...(readFile ? { readFile } : {}),
  };
  return readChecksSection(source.checks, section, context);
}

/** A table name as the data source reported it: quoted (case kept) unless it is a plain lower-case name. */
function tableIdentifier(table: string): Identifier {
  return { name: table, quoted: !/^[a-z_][a-z0-9_$]*$/.test(table) };
}

function diagnosticKey(d: SodaclDiagnostic): string {
  return `${d.severity}|${d.location.filePath}|${d.location.line}|${d.location.col}|${d.message}`;
}

/**
 * The tables a `datasets:` list selects, in `allTables` order: names (exact) and `include` patterns (SQL LIKE:
 * `%` any run, `_` one character) add tables, `exclude` patterns remove them and win; all case-insensitive.
 * A list with only excludes selects every other table.
 */
export function selectDatasets(
  selectors: readonly DatasetSelector[],
  allTables: readonly string[],
): string[] {
  const includes = selectors.filter((s) => s.kind !== 'exclude');
  const excludes = selectors.filter((s) => s.kind === 'exclude').map((s) => likeRegex(s.pattern));
  const matchers = includes.map((s) =>
    s.kind === 'name'
      ? (t: string) => t.toLowerCase() === s.pattern.toLowerCase()
      : (t: string) => likeRegex(s.pattern).test(t),
  );
  const selected: string[] = [];
  for (const table of allTables) {
    const included = matchers.length === 0 || matchers.some((matches) => matches(table));
    if (included && !excludes.some((regex) => regex.test(table)) && !selected.includes(table))
      selected.push(table);
  }
  return selected;
}

function likeRegex(pattern: string): RegExp {
  const body = [...pattern]
    .map((char) => (char === '%' ? '.*' : char === '_' ? '.' : char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'is');
}
