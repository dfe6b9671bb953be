/**
 * Column names written in a schema check, matched the way the database names columns. Snowflake reports unquoted
 * columns in upper case, so `id` written in a check means `ID` there (as in Soda, which upper-cases names for
 * Snowflake). A name that matches a reported column exactly is kept; any other is folded. Forbidden-column
 * patterns match in either form.
 */
import type { SchemaValidations } from '../../sodacl/model.js';
import type { SchemaColumn } from '../computation.js';

export function resolveSchemaNames(
  validations: SchemaValidations,
  columns: readonly SchemaColumn[],
  fold: ((name: string) => string) | undefined,
): SchemaValidations {
  if (!fold) return validations;
  const reported = new Set(columns.map((column) => column.name));
  const name = (written: string) => (reported.has(written) ? written : fold(written));
  const keys = <T>(record: Record<string, T> | undefined) =>
    record && Object.fromEntries(Object.entries(record).map(([key, value]) => [name(key), value]));
  const { requiredColumnMissing, forbiddenColumnPresent, mismatchingColumns } = validations;
  return {
    ...validations,
    ...(requiredColumnMissing ? { requiredColumnMissing: requiredColumnMissing.map(name) } : {}),
    ...(forbiddenColumnPresent
      ? {
          forbiddenColumnPresent: [
            ...new Set([...forbiddenColumnPresent, ...forbiddenColumnPresent.map(fold)]),
          ],
        }
      : {}),
    ...(validations.wrongColumnType ? { wrongColumnType: keys(validations.wrongColumnType) } : {}),
    ...(validations.wrongColumnIndex ? { wrongColumnIndex: keys(validations.wrongColumnIndex) } : {}),
    ...(mismatchingColumns
      ? {
          mismatchingColumns: {
            columns: keys(mismatchingColumns.columns) ?? {},
            optional: mismatchingColumns.optional.map(name),
          },
        }
      : {}),
  };
}
