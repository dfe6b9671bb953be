/**
 * Queries of their own (reference, fail query, user query): named as Soda names them,
 * `<ds>[.<dataset>[partition]].<what>[<detail>]`, and keyed by what they compute so identical ones run once.
 */
import { sortedJson } from '../../common/sorted-json.js';
import type { Computation } from '../computation.js';
import type { PlanContext } from './kind.js';

export type ScalarQuery = Extract<Computation, { type: 'scalar-query' }>;

export function scalarQuery(
  ctx: PlanContext,
  query: {
    /** The kind of query, e.g. `reference`; part of the key so different kinds never share. */
    what: string;
    /** Shown in the name's brackets, e.g. the columns. */
    detail: string;
    dataset?: string;
    partition?: string;
    sql: string;
  },
): ScalarQuery {
  const scope = query.dataset ? `.${query.dataset}${query.partition ? `[${query.partition}]` : ''}` : '';
  return {
    type: 'scalar-query',
    key: sortedJson({ type: query.what, sql: query.sql }),
    name: `${ctx.dataSource}${scope}.${query.what}[${query.detail}]`,
    dataset: query.dataset,
    partition: query.partition,
    sql: query.sql,
  };
}
