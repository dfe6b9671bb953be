import { describe, expect, it } from 'vitest';
import { personalColumns, personalKind } from '../../../src/payload/personal.js';
import { fixtureResult } from './fixture.js';

describe('personal-looking column names', () => {
  it('flags the usual suspects by word, in any naming style', () => {
    expect(personalKind('email')).toBe('email');
    expect(personalKind('customer_email')).toBe('email');
    expect(personalKind('CustomerEmail')).toBe('email');
    expect(personalKind('contactemailaddress')).toBe('email');
    expect(personalKind('phone_number')).toBe('phone');
    expect(personalKind('SSN')).toBe('national id');
    expect(personalKind('first_name')).toBe('name');
    expect(personalKind('lastName')).toBe('name');
    expect(personalKind('home-address')).toBe('address');
    expect(personalKind('date_of_birth')).toBe('birth date');
    expect(personalKind('dob')).toBe('birth date');
    expect(personalKind('client_ip')).toBe('ip address');
  });

  it('leaves ordinary names alone', () => {
    for (const name of ['id', 'amount', 'country', 'created_at', 'cst_size', 'status', 'zipper_count']) {
      expect(personalKind(name)).toBeUndefined();
    }
  });

  it('lists the personal-looking columns a scan mentions, once per dataset', () => {
    expect(personalColumns(fixtureResult())).toEqual([
      { dataset: 'customers', column: 'email', kind: 'email' },
      { dataset: 'customers', column: 'ssn', kind: 'national id' },
      { dataset: 'orders', column: 'ssn', kind: 'national id' },
    ]);
  });
});
