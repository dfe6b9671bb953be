/**
 * The test server's result encoding (checked against the arithmetic snowflake-sdk applies when decoding), its
 * network-policy evaluation and its translation of PostgreSQL errors.
 */
import { describe, expect, it } from 'vitest';
import {
  daysFromCivil,
  encodeDate,
  encodeResult,
  encodeTime,
  parseTimestamp,
  secondsText,
} from '../../support/snowflake/encode.js';
import { fromPostgres } from '../../support/snowflake/errors.js';
import { evaluatePolicy } from '../../support/snowflake/network-policy.js';

const field = (name: string, dataTypeID: number, dataTypeModifier = -1) => ({
  name,
  dataTypeID,
  dataTypeModifier,
  tableID: 0,
  columnID: 0,
});

describe('dates and times', () => {
  it('counts days from 1970-01-01 like Date.UTC, before and after the epoch', () => {
    for (const [y, m, d] of [
      [1970, 1, 1],
      [2024, 2, 29],
      [1969, 12, 31],
      [1900, 3, 1],
      [2400, 12, 31],
    ] as const) {
      expect(daysFromCivil(y, m, d)).toBe(Date.UTC(y, m - 1, d) / 86_400_000);
    }
    expect(encodeDate('2024-01-02')).toBe(String(Date.UTC(2024, 0, 2) / 86_400_000));
  });

  it('writes negative instants so that floor(seconds) and the fraction add up', () => {
    expect(secondsText(-1_500_000_000n)).toBe('-1.500000000');
    expect(secondsText(1_000_000_001n)).toBe('1.000000001');
  });

  it('reads timestamps with microseconds and UTC offsets', () => {
    const local = parseTimestamp('2024-01-02 03:04:05.123456');
    expect(local.nanos).toBe(BigInt(Date.UTC(2024, 0, 2, 3, 4, 5)) * 1_000_000n + 123_456_000n);
    const offset = parseTimestamp('2024-01-02 03:04:05+05:30');
    expect(offset.offsetMinutes).toBe(330);
    expect(offset.nanos).toBe(BigInt(Date.UTC(2024, 0, 1, 21, 34, 5)) * 1_000_000n);
  });

  it('writes times as seconds since midnight', () => {
    expect(encodeTime('01:02:03.5')).toBe('3723.500000000');
  });
});

describe('encodeResult', () => {
  const domains = new Map<string, string>();

  it('encodes each PostgreSQL type as the Snowflake type snowflake-sdk decodes', () => {
    const fields = [
      field('id', 23),
      field('amount', 1700, ((10 << 16) | 2) + 4),
      field('ratio', 1700),
      field('f', 701),
      field('ok', 16),
      field('d', 1082),
      field('ts', 1114),
      field('tz', 1184),
      field('v', 3802),
      field('b', 17),
      field('name', 1043, 14),
    ];
    const { rowtype, rowset } = encodeResult(
      fields,
      [
        [
          '1',
          '12.50',
          '0.125',
          '1.5',
          't',
          '1970-01-03',
          '1970-01-01 00:00:01.25',
          '1970-01-01 02:00:00+02',
          '{"a":1}',
          '\\x0aff',
          'x',
        ],
        [null, null, '3', null, 'f', null, null, null, null, null, null],
      ],
      { database: 'DB', schema: 'S', domains },
    );
    expect(rowtype.map((c) => [c.name, c.type, c.precision, c.scale])).toEqual([
      ['ID', 'fixed', 38, 0],
      ['AMOUNT', 'fixed', 10, 2],
      ['RATIO', 'fixed', 38, 3],
      ['F', 'real', null, null],
      ['OK', 'boolean', null, null],
      ['D', 'date', null, null],
      ['TS', 'timestamp_ntz', 0, 9],
      ['TZ', 'timestamp_tz', 0, 9],
      ['V', 'variant', null, null],
      ['B', 'binary', null, null],
      ['NAME', 'text', null, null],
    ]);
    expect(rowtype[10]?.length).toBe(10);
    expect(rowset[0]).toEqual([
      '1',
      '12.50',
      '0.125',
      '1.5',
      '1',
      '2',
      '1.250000000',
      '0.000000000 1560',
      '{"a":1}',
      '0AFF',
      'x',
    ]);
    expect(rowset[1]?.[4]).toBe('0');
    expect(rowset[1]?.[0]).toBeNull();
  });

  it('uses the compat domain of a table column to tell VARIANT, ARRAY and TIMESTAMP_LTZ apart', () => {
    const columns = [
      { ...field('a', 3802), tableID: 7, columnID: 1 },
      { ...field('l', 1184), tableID: 7, columnID: 2 },
    ];
    const encoded = encodeResult(columns, [['[1]', '1970-01-01 00:00:00+00']], {
      database: null,
      schema: null,
      domains: new Map([
        ['7:1', 'array'],
        ['7:2', 'timestamp_ltz'],
      ]),
    });
    expect(encoded.rowtype.map((c) => c.type)).toEqual(['array', 'timestamp_ltz']);
    expect(encoded.rowset[0]).toEqual(['[1]', '0.000000000']);
  });
});

describe('network policies', () => {
  const policy = {
    name: 'OFFICE',
    allowedNetworkRules: [{ name: 'OFFICE_NET', values: ['10.0.0.0/8', '127.0.0.0/8'] }],
    blockedNetworkRules: [{ name: 'BAD', values: ['127.0.0.2'] }],
  };

  it('allows listed addresses and lets the blocked list win', () => {
    expect(evaluatePolicy(policy, '10.1.2.3').allowed).toBe(true);
    expect(evaluatePolicy(policy, '127.0.0.1').allowed).toBe(true);
    expect(evaluatePolicy(policy, '127.0.0.2').allowed).toBe(false);
    expect(evaluatePolicy(policy, '192.168.0.1').allowed).toBe(false);
  });

  it('allows everything not blocked when the policy allows nothing explicitly', () => {
    expect(evaluatePolicy({ name: 'P', blockedIpList: ['127.0.0.1'] }, '127.0.0.3').allowed).toBe(true);
    expect(evaluatePolicy({ name: 'P', blockedIpList: ['127.0.0.1'] }, '127.0.0.1').allowed).toBe(false);
  });
});

describe('PostgreSQL errors as Snowflake errors', () => {
  const sql = 'SET x TO 1;\nSELECT nope FROM t';
  const offset = 'SET x TO 1;\n'.length;

  it('maps missing tables, columns, functions and syntax errors to Snowflake codes', () => {
    expect(
      fromPostgres({ code: '42P01', message: 'relation "orders" does not exist' }, sql, offset, 0),
    ).toMatchObject({
      code: '002003',
      sqlState: '02000',
      message: "SQL compilation error:\nObject 'ORDERS' does not exist or not authorized.",
    });
    const column = fromPostgres(
      { code: '42703', message: 'column "nope" does not exist', position: String(offset + 8) },
      sql,
      offset,
      0,
    );
    expect(column.code).toBe('000904');
    expect(column.message).toContain("invalid identifier 'NOPE'");
    expect(column.message).toContain('line 1 at position 7');
    expect(
      fromPostgres({ code: '42883', message: 'function foo(integer) does not exist' }, sql, offset, 0)
        .message,
    ).toContain('Unknown function FOO');
    expect(
      fromPostgres({ code: '42601', message: 'syntax error at or near "FROM"' }, sql, offset, 0).code,
    ).toBe('001003');
  });

  it('tells a statement timeout from a cancel', () => {
    expect(
      fromPostgres({ code: '57014', message: 'canceling statement due to statement timeout' }, sql, 0, 5),
    ).toMatchObject({
      code: '000630',
      message: 'Statement reached its statement or warehouse timeout of 5 second(s) and was canceled.',
    });
    expect(
      fromPostgres({ code: '57014', message: 'canceling statement due to user request' }, sql, 0, 5).code,
    ).toBe('000604');
  });
});
