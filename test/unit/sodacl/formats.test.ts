import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES, formatRegex, isNumericFormat } from '../../../src/sodacl/formats.js';

/** For each format: values it must accept and values it must reject. */
const SAMPLES: Record<string, { good: string[]; bad: string[] }> = {
  integer: { good: ['42', '-7', ' + 3 ', '0'], bad: ['4.2', 'x', '', '--1'] },
  'positive integer': { good: ['42', '+7'], bad: ['-7', '4.2'] },
  'negative integer': { good: ['-42', '- 7', '0', '000'], bad: ['42', '+1'] },
  decimal: { good: ['4.2', '-4,2', '.5', '7'], bad: ['4.2.1', 'a', '4.'] },
  'positive decimal': { good: ['4.2', '+,5'], bad: ['-4.2'] },
  'negative decimal': { good: ['-4.2', '0,0', '.0'], bad: ['4.2', '-'] },
  'decimal point': { good: ['4.2', '-.5'], bad: ['4,2'] },
  'positive decimal point': { good: ['4.2', '+4'], bad: ['-4.2', '4,2'] },
  'negative decimal point': { good: ['-4.2', '0.0'], bad: ['4.2', '-4,2'] },
  'decimal comma': { good: ['4,2', '-,5'], bad: ['4.2'] },
  'positive decimal comma': { good: ['4,2'], bad: ['-4,2', '4.2'] },
  'negative decimal comma': { good: ['-4,2', '0,0'], bad: ['4,2', '-4.2'] },
  percentage: { good: ['4.2%', '-5 %', '10,5%'], bad: ['4.2', '%'] },
  'positive percentage': { good: ['4.2%', '+1%'], bad: ['-1%'] },
  'negative percentage': { good: ['-4.2%', '0%'], bad: ['4%'] },
  'percentage point': { good: ['4.2%'], bad: ['4,2%'] },
  'positive percentage point': { good: ['4.2%'], bad: ['-4.2%', '4,2%'] },
  'negative percentage point': { good: ['-4.2%', '0.0%'], bad: ['4.2%', '-4,2%'] },
  'percentage comma': { good: ['4,2%'], bad: ['4.2%'] },
  'positive percentage comma': { good: ['4,2%'], bad: ['-4,2%', '4.2%'] },
  'negative percentage comma': { good: ['-4,2%', '0,0%'], bad: ['4,2%', '-4.2%'] },
  money: { good: ['12.50 EUR', '-3,5 usd', '7 GBP'], bad: ['12.50', '12 Eur', '12 EURO'] },
  'money point': { good: ['1,234.50 EUR', '12 USD'], bad: ['1.234,50 EUR', '1,234x50 EUR', '1,23 EUR'] },
  'money comma': { good: ['1.234,50 EUR', '12 USD'], bad: ['1,234.50 EUR', '1.23 EUR'] },
  'date us': { good: ['12/31/2024', '1-2-99', '01.02.2024'], bad: ['31/12/2024', '2024-01-02', '12/31'] },
  'date eu': { good: ['31/12/2024', '1.2.99'], bad: ['12/31/2024', '32/01/2024'] },
  'date inverse': { good: ['2024/12/31', '99-1-2'], bad: ['31/12/2024', '2024-13-01'] },
  'date iso 8601': {
    good: [
      '2024-10-05',
      '20241005',
      '2024-12-31T23:59:59Z',
      '2024-01-01 15:30',
      '2024-W05-3',
      '2024-123',
      '2024-06-01T10:00:00.123+02:00',
    ],
    bad: ['2024-13-01', '2024-10-05T24:00', '1899-01-01', '2024/10/05', 'today'],
  },
  'time 24h': { good: ['23:59', '0:00:00', '13:05:09.5'], bad: ['24:00', '12:60', '12'] },
  'time 24h nosec': { good: ['23:59', '7:05'], bad: ['23:59:00', '24:00'] },
  'time 12h': { good: ['12:59', '1:00:00'], bad: ['13:00', '12:61'] },
  'time 12h nosec': { good: ['11:30'], bad: ['11:30:00', '13:30'] },
  'timestamp 24h': { good: ['23:59:59', '0:0:0,5'], bad: ['23:59', '24:00:00'] },
  'timestamp 12h': { good: ['12:59:59'], bad: ['12:59', '13:00:00'] },
  uuid: {
    good: ['123e4567-e89b-12d3-a456-426614174000', 'ABCDEF00-0000-0000-0000-000000000000'],
    bad: ['123e4567e89b12d3a456426614174000', 'g23e4567-e89b-12d3-a456-426614174000'],
  },
  'ip address': { good: ['192.168.0.1'], bad: ['192.168.0', '1.2.3.4.5', '1921.1.1.1'] },
  'ipv4 address': { good: ['10.0.0.255'], bad: ['10.0.0', 'a.b.c.d'] },
  'ipv6 address': {
    good: [
      '2001:0db8:85a3:0000:0000:8a2e:0370:7334',
      '::1',
      'fe80::1%eth0',
      '::ffff:192.168.0.1',
      '2001:db8::',
    ],
    bad: ['2001:db8:::1', '12345::', 'not an ip', '1.2.3.4'],
  },
  email: {
    good: ['ana@example.com', 'jörg.müller+tag@mail.example.de', 'a_b-c%d@x-y.org'],
    bad: ['ana@example', 'ana.example.com', 'a b@c.com', 'ana@example.company'],
  },
  'phone number': {
    good: ['555-123-4567', '+1 (555) 123-4567', '555.123.4567', '123 4567'],
    bad: ['5551234567x', '12-34', 'call me'],
  },
  'credit card number': {
    good: ['4111111111111111', '4111-1111-1111-1111', '4111 1111 1111 1111', '12345678901234'],
    bad: ['abc411111111111111', '411111111111111111111', '4111-1111-1111', '1234567890123'],
  },
};

describe('named formats', () => {
  it('has every format of Soda Core, and samples for each', () => {
    expect([...FORMAT_NAMES].sort()).toEqual(Object.keys(SAMPLES).sort());
    expect(FORMAT_NAMES).toHaveLength(41);
  });

  it.each(FORMAT_NAMES.map((name) => [name]))(
    '%s compiles, accepts its good samples and rejects its bad ones',
    (name) => {
      const source = formatRegex(name) as string;
      const regex = new RegExp(source);
      const samples = SAMPLES[name] as { good: string[]; bad: string[] };
      for (const good of samples.good)
        expect(regex.test(good), `${name} should accept ${JSON.stringify(good)}`).toBe(true);
      for (const bad of samples.bad)
        expect(regex.test(bad), `${name} should reject ${JSON.stringify(bad)}`).toBe(false);
    },
  );

  it.each(FORMAT_NAMES.map((name) => [name]))('%s is portable: anchored, no backslash', (name) => {
    const source = formatRegex(name) as string;
    // A backslash would need doubling in Snowflake string literals and means other things inside POSIX brackets.
    expect(source).not.toContain('\\');
    expect(source.startsWith('^')).toBe(true);
    expect(source.endsWith('$')).toBe(true);
    // Every alternative must sit inside a group, or it escapes the anchors (Soda's credit card pattern did).
    let depth = 0;
    for (const char of source) {
      if (char === '(') depth++;
      else if (char === ')') depth--;
      else if (char === '|') expect(depth, `top-level | in ${name}`).toBeGreaterThan(0);
    }
  });

  it('knows which formats are numeric', () => {
    const numeric = FORMAT_NAMES.filter(isNumericFormat);
    expect(numeric).toHaveLength(24);
    expect(numeric).toContain('money comma');
    expect(numeric).toContain('negative percentage point');
    expect(isNumericFormat('date us')).toBe(false);
    expect(isNumericFormat('email')).toBe(false);
    expect(isNumericFormat('bogus')).toBe(false);
  });

  it('returns undefined for unknown names, which are exact', () => {
    expect(formatRegex('Email')).toBeUndefined();
    expect(formatRegex('toString')).toBeUndefined();
    expect(formatRegex('constructor')).toBeUndefined();
  });
});
