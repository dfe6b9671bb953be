/**
 * `- failed rows:` with exactly one of `fail condition:` (needs a dataset) or `fail query:`. Its value is the
 * number of failed rows; without warn:/fail: it fails when that number is above 0.
 */
import type { Node, Scalar } from 'yaml';
import { type CheckItem, commonFields, lineError } from './check-common.js';
import { checkSqlFragment, readCheckConfiguration, readText } from './check-config.js';
import type { FailedRowsCheck } from './model.js';

export function readFailedRowsCheck(item: CheckItem): FailedRowsCheck | undefined {
  const text = item.resolved.text;
  const after = /^\s*failed\s+rows/.exec(text)?.[0].length ?? 0;
  if (text.slice(after).trim() !== '') {
    const index = after + (text.slice(after).length - text.slice(after).trimStart().length);
    lineError(
      item,
      'A failed rows check takes no threshold on its line: use warn:/fail: "when …" under it',
      index,
    );
    return undefined;
  }
  const { context, section } = item;
  const found: { condition?: string; query?: string; keys: Scalar[] } = { keys: [] };
  const configuration = readCheckConfiguration(
    item.configNode,
    {
      kind: 'failed rows checks',
      keys: ['name', 'identity', 'attributes', 'samples limit', 'samples columns', 'warn', 'fail'],
      refused: {
        filter: '"filter" does not apply to failed rows checks; put the condition into "fail condition"',
      },
      missingValid: { refused: 'Missing and validity keys do not apply to failed rows checks' },
      specialKeys: ['fail condition', 'fail query'],
      readSpecial: (key, keyNode, value) => {
        if (key !== 'fail condition' && key !== 'fail query') return false;
        found.keys.push(keyNode);
        if (key === 'fail condition' && !section.dataset) {
          context.error(
            '"fail condition" needs a dataset: put this check under "checks for DATASET:", or use "fail query" here',
            keyNode,
          );
          return true;
        }
        const at = (value ?? keyNode) as Node;
        const sql = readText(key, value, context, at);
        if (sql !== undefined && (key === 'fail query' || checkSqlFragment(key, sql, context, at)))
          found[key === 'fail condition' ? 'condition' : 'query'] = sql.trim();
        return true;
      },
    },
    context,
  );
  if (!configuration) return undefined;
  if (found.keys.length === 0) {
    context.errorAt(
      section.dataset
        ? 'A failed rows check needs "fail condition: <SQL condition>" or "fail query: <SQL query>"'
        : 'A failed rows check under the data-source-level "checks:" needs "fail query: <SQL query>"',
      item.text.start,
    );
    return undefined;
  }
  if (found.keys.length > 1) {
    context.error(
      'A failed rows check takes either "fail condition" or "fail query", not both',
      found.keys[1],
    );
    return undefined;
  }
  const check: FailedRowsCheck = { ...commonFields(item, configuration), kind: 'failed-rows' };
  if (configuration.fail) check.fail = configuration.fail;
  if (configuration.warn) check.warn = configuration.warn;
  if (found.condition !== undefined) check.failCondition = found.condition;
  if (found.query !== undefined) check.failQuery = found.query;
  return check;
}
