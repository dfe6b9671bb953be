/**
 * PostgreSQL results in Snowflake's JSON result format: `rowtype` (one entry per column: name, type, precision,
 * scale, length, nullable) and `rowset` (rows of strings, NULL as null), encoded exactly as snowflake-sdk decodes
 * them (connection/result/column.js):
 * - fixed/real: the number's text; boolean: "1"/"0";
 * - date: days since 1970-01-01; time: seconds since midnight as "s.nnnnnnnnn";
 * - timestamp_ntz/timestamp_ltz: epoch seconds as "s.nnnnnnnnn" (scale 9);
 * - timestamp_tz: "s.nnnnnnnnn tz" where tz is the UTC offset in minutes + 1440 (result version 1);
 * - binary: upper-case hex; variant/object/array: JSON text; text: as is.
 * PostgreSQL values arrive as text in ISO style with TimeZone UTC (the executor sets both).
 */
import { swapCase } from './names.js';

export interface RowType {
  name: string;
  database: string;
  schema: string;
  table: string;
  type: string;
  precision: number | null;
  scale: number | null;
  length: number | null;
  byteLength: number | null;
  nullable: boolean;
  collation: null;
}

export interface PgField {
  name: string;
  dataTypeID: number;
  dataTypeModifier: number;
  tableID: number;
  columnID: number;
}

/** Domains of the compat schema found on table columns: `tableID:columnID` → domain name. */
export type ColumnDomains = ReadonlyMap<string, string>;

export class EncodingError extends Error {
  override name = 'EncodingError';
}

const TEXT_LENGTH = 16_777_216;

const OID = {
  bool: 16,
  bytea: 17,
  int8: 20,
  int2: 21,
  int4: 23,
  oid: 26,
  json: 114,
  float4: 700,
  float8: 701,
  bpchar: 1042,
  varchar: 1043,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  numeric: 1700,
  jsonb: 3802,
} as const;

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const DATE = /^(\d{4,})-(\d{2})-(\d{2})( BC)?$/;
const TIMESTAMP =
  /^(\d{4,})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?)?( BC)?$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

function yearOf(text: string, bc: string | undefined): number {
  // PostgreSQL has no year 0: 1 BC is year 0 of the proleptic calendar.
  return bc ? 1 - Number(text) : Number(text);
}

/** Nanoseconds as Snowflake's "seconds.nanoseconds" text, negative values included (-1.5 s is "-1.500000000"). */
export function secondsText(nanos: bigint): string {
  const negative = nanos < 0n;
  const abs = negative ? -nanos : nanos;
  return `${negative ? '-' : ''}${abs / 1_000_000_000n}.${String(abs % 1_000_000_000n).padStart(9, '0')}`;
}

export function encodeDate(text: string): string {
  const match = DATE.exec(text);
  if (!match) throw new EncodingError(`Date value ${text} cannot be represented in Snowflake`);
  const [, y, m, d, bc] = match;
  return String(daysFromCivil(yearOf(y as string, bc), Number(m), Number(d)));
}

/** A timestamp's epoch nanoseconds and UTC offset in minutes (0 when it has none). */
export function parseTimestamp(text: string): { nanos: bigint; offsetMinutes: number } {
  const match = TIMESTAMP.exec(text);
  if (!match) throw new EncodingError(`Timestamp value ${text} cannot be represented in Snowflake`);
  const [, y, mo, d, h, mi, s, fraction, sign, oh, om, os, bc] = match;
  const days = BigInt(daysFromCivil(yearOf(y as string, bc), Number(mo), Number(d)));
  const secondsOfDay = BigInt(Number(h) * 3600 + Number(mi) * 60 + Number(s));
  const micros = BigInt((fraction ?? '').padEnd(6, '0') || '0');
  const offsetSeconds = sign
    ? (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om ?? 0) * 60 + Number(os ?? 0))
    : 0;
  const local = (days * 86_400n + secondsOfDay) * 1_000_000_000n + micros * 1000n;
  return {
    nanos: local - BigInt(offsetSeconds) * 1_000_000_000n,
    offsetMinutes: Math.trunc(offsetSeconds / 60),
  };
}

export function encodeTime(text: string): string {
  const match = TIME.exec(text);
  if (!match) throw new EncodingError(`Time value ${text} cannot be represented in Snowflake`);
  const [, h, mi, s, fraction] = match;
  const seconds = BigInt(Number(h) * 3600 + Number(mi) * 60 + Number(s));
  return secondsText(seconds * 1_000_000_000n + BigInt((fraction ?? '').padEnd(6, '0') || '0') * 1000n);
}

export function encodeBinary(text: string): string {
  if (!text.startsWith('\\x')) throw new EncodingError('bytea values must come in hex output format');
  return text.slice(2).toUpperCase();
}

type Kind =
  | 'fixed'
  | 'real'
  | 'text'
  | 'boolean'
  | 'date'
  | 'time'
  | 'timestamp_ntz'
  | 'timestamp_ltz'
  | 'timestamp_tz'
  | 'variant'
  | 'object'
  | 'array'
  | 'binary';

function kindOf(field: PgField, domain: string | undefined): Kind {
  if (domain === 'variant' || domain === 'object' || domain === 'array' || domain === 'timestamp_ltz')
    return domain;
  switch (field.dataTypeID) {
    case OID.bool:
      return 'boolean';
    case OID.int2:
    case OID.int4:
    case OID.int8:
    case OID.oid:
    case OID.numeric:
      return 'fixed';
    case OID.float4:
    case OID.float8:
      return 'real';
    case OID.date:
      return 'date';
    case OID.time:
      return 'time';
    case OID.timestamp:
      return 'timestamp_ntz';
    case OID.timestamptz:
      return 'timestamp_tz';
    case OID.json:
    case OID.jsonb:
      return 'variant';
    case OID.bytea:
      return 'binary';
    default:
      return 'text';
  }
}

function encodeValue(kind: Kind, text: string): string {
  switch (kind) {
    case 'boolean':
      return text === 't' ? '1' : '0';
    case 'date':
      return encodeDate(text);
    case 'time':
      return encodeTime(text);
    case 'timestamp_ntz':
    case 'timestamp_ltz':
      return secondsText(parseTimestamp(text).nanos);
    case 'timestamp_tz': {
      const { nanos, offsetMinutes } = parseTimestamp(text);
      return `${secondsText(nanos)} ${offsetMinutes + 1440}`;
    }
    case 'binary':
      return encodeBinary(text);
    default:
      return text;
  }
}

/** Digits after the decimal point, for NUMERIC columns without a declared scale. */
function fractionDigits(text: string): number {
  const dot = text.indexOf('.');
  return dot === -1 ? 0 : text.length - dot - 1;
}

export interface EncodeContext {
  database: string | null;
  schema: string | null;
  domains: ColumnDomains;
}

export function encodeResult(
  fields: readonly PgField[],
  rows: ReadonlyArray<ReadonlyArray<string | null>>,
  ctx: EncodeContext,
): { rowtype: RowType[]; rowset: Array<Array<string | null>> } {
  const kinds = fields.map((field) => kindOf(field, ctx.domains.get(`${field.tableID}:${field.columnID}`)));
  const rowset = rows.map((row) =>
    row.map((value, index) => (value === null ? null : encodeValue(kinds[index] as Kind, value))),
  );
  const rowtype = fields.map((field, index): RowType => {
    const kind = kinds[index] as Kind;
    let precision: number | null = null;
    let scale: number | null = null;
    let length: number | null = null;
    if (kind === 'fixed') {
      precision = 38;
      scale = 0;
      if (field.dataTypeID === OID.numeric) {
        if (field.dataTypeModifier >= 4) {
          precision = ((field.dataTypeModifier - 4) >> 16) & 0xffff;
          scale = (field.dataTypeModifier - 4) & 0xffff;
        } else {
          scale = Math.min(
            37,
            Math.max(0, ...rows.map((row) => (row[index] ? fractionDigits(row[index]) : 0))),
          );
        }
      }
    } else if (kind === 'time' || kind.startsWith('timestamp')) {
      scale = 9;
      precision = 0;
    } else if (kind === 'text') {
      length =
        (field.dataTypeID === OID.varchar || field.dataTypeID === OID.bpchar) && field.dataTypeModifier >= 4
          ? field.dataTypeModifier - 4
          : TEXT_LENGTH;
    } else if (kind === 'binary') {
      length = 8_388_608;
    }
    return {
      name: swapCase(field.name),
      database: ctx.database ?? '',
      schema: ctx.schema ?? '',
      table: '',
      type: kind,
      precision,
      scale,
      length,
      byteLength: length === null ? null : Math.min(length * 4, TEXT_LENGTH),
      nullable: true,
      collation: null,
    };
  });
  return { rowtype, rowset };
}

/** The rowtype of a result the server makes itself (SHOW, DESCRIBE, status lines), names kept as given. */
export function virtualRowtype(
  columns: ReadonlyArray<{ name: string; type: 'text' | 'fixed' | 'timestamp_ltz' }>,
  ctx: Omit<EncodeContext, 'domains'>,
): RowType[] {
  return columns.map((column) => ({
    name: column.name,
    database: ctx.database ?? '',
    schema: ctx.schema ?? '',
    table: '',
    type: column.type,
    precision: column.type === 'fixed' ? 38 : column.type === 'timestamp_ltz' ? 0 : null,
    scale: column.type === 'fixed' ? 0 : column.type === 'timestamp_ltz' ? 9 : null,
    length: column.type === 'text' ? TEXT_LENGTH : null,
    byteLength: column.type === 'text' ? TEXT_LENGTH : null,
    nullable: true,
    collation: null,
  }));
}
