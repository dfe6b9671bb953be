/**
 * User-defined metrics: an unknown metric name whose configuration defines it with `<name> expression:` (an SQL
 * aggregate inlined into the dataset's aggregate query), `<name> query:` or `<name> sql_file:` (a query whose
 * first column of its first row is the value). `failed rows query|sql_file` add samples.
 * `sql_file` paths are relative to the check file's folder; the caller reads files (the parser stays pure).
 */
import { dirname, resolve } from 'node:path';
import type { Node, Scalar } from 'yaml';
import { type CheckItem, commonFields, lineError, resolveThresholds } from './check-common.js';
import { checkSqlFragment, readCheckConfiguration, readText } from './check-config.js';
import { type MetricCall, parseLineThreshold, problem } from './check-line.js';
import type { UserMetricCheck } from './model.js';

type Source = 'expression' | 'query' | 'sql_file';

/**
 * Metric names Soda's own checks give the metrics they report, which no metric spec parses: a user-defined metric
 * of that name would pass in the Soda Cloud document for one of them, and a count there (the payload lets counts
 * out at every privacy level, src/payload/classes.ts COUNT_METRICS), though it holds whatever its SQL selects.
 */
const RESERVED_METRIC_NAMES: ReadonlySet<string> = new Set(['reference', 'schema']);

export function readUserMetricCheck(item: CheckItem, call: MetricCall): UserMetricCheck | undefined {
  const metricName = call.nameToken.text;
  if (RESERVED_METRIC_NAMES.has(metricName.toLowerCase())) {
    return void lineError(
      item,
      `${metricName} is the metric of Soda's ${metricName} checks; give the user-defined metric a name of its own`,
      call.nameToken.start,
    );
  }
  const [argument, ...extra] = call.args;
  const usage = `${metricName} takes at most one column, which only labels its result: ${metricName} or ${metricName}(column)`;
  const bad = extra[0]
    ? problem(usage, extra[0].token)
    : argument && argument.kind !== 'column'
      ? problem(usage, argument.token)
      : undefined;
  if (bad) return void lineError(item, bad.problem.message, bad.problem.index);
  const line = parseLineThreshold(call.stream, item.resolved);
  if (!line.ok) return void lineError(item, line.problem.message, line.problem.index);

  const { context, section } = item;
  const definitions: { source: Source; keyNode: Scalar; sql?: string }[] = [];
  const failedRows: { keyNode: Scalar; sql?: string }[] = [];
  const configuration = readCheckConfiguration(
    item.configNode,
    {
      kind: 'user-defined metric checks',
      keys: ['name', 'identity', 'attributes', 'samples limit', 'samples columns', 'warn', 'fail'],
      refused: {
        filter: `"filter" does not apply to a user-defined metric (Soda does not allow it with an expression); put the condition into the metric's SQL`,
      },
      missingValid: { refused: 'Missing and validity keys do not apply to user-defined metrics' },
      specialKeys: [
        `${metricName} expression`,
        `${metricName} query`,
        `${metricName} sql_file`,
        'failed rows query',
        'failed rows sql_file',
      ],
      readSpecial: (key, keyNode, value) => {
        const failed = /^failed rows (query|sql_file)$/.exec(key);
        if (failed) {
          failedRows.push({ keyNode, sql: readSql(item, key, failed[1] as Source, keyNode, value) });
          return true;
        }
        const own = /^(.+) (expression|query|sql_file)$/.exec(key);
        if (!own) return false;
        const [, prefix, source] = own as unknown as [string, string, Source];
        if (prefix !== metricName) {
          context.error(
            `The key prefix must equal the metric name: "${key}" does not define "${metricName}"; write "${metricName} ${source}"`,
            keyNode,
          );
          return true;
        }
        if (source === 'expression' && !section.dataset) {
          context.error(
            `"${key}" needs a dataset: put this check under "checks for DATASET:", or use "${metricName} query" here`,
            keyNode,
          );
          return true;
        }
        definitions.push({ source, keyNode, sql: readSql(item, key, source, keyNode, value) });
        return true;
      },
    },
    context,
  );
  if (!configuration) return undefined;
  if (definitions.length > 1) {
    context.error(
      `"${metricName}" is defined more than once; keep one of "${metricName} expression", "${metricName} query" or "${metricName} sql_file"`,
      definitions[1]?.keyNode,
    );
    return undefined;
  }
  if (failedRows.length > 1) {
    context.error(
      'Give either "failed rows query" or "failed rows sql_file", not both',
      failedRows[1]?.keyNode,
    );
    return undefined;
  }
  const [definition] = definitions;
  if (!definition || definition.sql === undefined) return undefined;
  const thresholds = resolveThresholds(item, line.threshold, configuration, { example: metricName });
  if (!thresholds) return undefined;

  const check: UserMetricCheck = {
    ...commonFields(item, configuration),
    kind: 'user-metric',
    metricName,
    ...thresholds,
  };
  if (argument?.kind === 'column') check.column = argument.identifier;
  if (definition.source === 'expression') check.expression = definition.sql;
  else check.query = definition.sql;
  const failedRowsQuery = failedRows[0]?.sql;
  if (failedRowsQuery !== undefined) check.failedRowsQuery = failedRowsQuery;
  return check;
}

/** The SQL of an expression/query key, or of the file a sql_file key names. */
function readSql(
  item: CheckItem,
  key: string,
  source: Source,
  keyNode: Scalar,
  value: unknown,
): string | undefined {
  const at = (value ?? keyNode) as Node;
  const text = readText(key, value, item.context, at);
  if (text === undefined) return undefined;
  if (source === 'expression' && !checkSqlFragment(key, text, item.context, at)) return undefined;
  if (source !== 'sql_file') return text.trim();
  const path = resolve(dirname(item.context.source.filePath), text.trim());
  const content = item.section.readFile?.(path);
  if (content === undefined) {
    item.context.error(
      item.section.readFile
        ? `"${key}": cannot read the SQL file ${path}`
        : `"${key}": SQL files cannot be read here (no file access was given to the parser): ${path}`,
      at,
    );
    return undefined;
  }
  if (content.trim() === '') {
    item.context.error(`"${key}": the SQL file ${path} is empty`, at);
    return undefined;
  }
  return content.trim();
}
