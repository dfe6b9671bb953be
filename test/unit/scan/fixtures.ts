/** What the check-kind unit tests share: a planning context on PostgreSQL and identifier shorthand. */
import { postgresDialect } from '../../../src/connectors/postgres/dialect.js';
import type { PlanContext } from '../../../src/scan/kinds/kind.js';
import type { Identifier } from '../../../src/sodacl/model.js';

export const ctx: PlanContext = {
  dialect: postgresDialect,
  schema: 'sales',
  dataSource: 'pg',
  scanStart: new Date(),
  variables: {},
};

export const id = (name: string, quoted = false): Identifier => ({ name, quoted });
