import { describe, expect, it } from 'vitest';
import { checkSpliceable, unspliceSodaBody } from '../../../src/cloud/soda-body.js';
import { sodaCloudBody as spliceSodaBody } from '../../../src/payload/destination.js';
import { preparedPayload } from '../../support/payloads.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('Soda Cloud body splice (as sent) and its inverse', () => {
  it('adds token and type before the closing brace and nothing else; the inverse gives the bytes back', () => {
    const { bytes: document } = preparedPayload('scan-1');
    const body = spliceSodaBody(document, 'tok"en\\1');
    const text = new TextDecoder().decode(body);
    expect(text.startsWith(new TextDecoder().decode(document).slice(0, -1))).toBe(true);
    expect(text.endsWith(',"token":"tok\\"en\\\\1","type":"sodaCoreInsertScanResults"}')).toBe(true);
    const back = unspliceSodaBody(body);
    expect(Buffer.from(back.document).equals(Buffer.from(document))).toBe(true);
    expect(back).toMatchObject({ token: 'tok"en\\1', type: 'sodaCoreInsertScanResults' });
    // The body is itself canonical: parsing and re-sorting changes nothing.
    expect(Object.keys(JSON.parse(text)).slice(-2)).toEqual(['token', 'type']);
  });

  it('handles the empty object', () => {
    const body = spliceSodaBody(bytes('{}'), 't');
    expect(new TextDecoder().decode(body)).toBe('{"token":"t","type":"sodaCoreInsertScanResults"}');
    expect(new TextDecoder().decode(unspliceSodaBody(body).document)).toBe('{}');
  });

  it('refuses documents that already hold a key sorting at or after token', () => {
    expect(() => checkSpliceable(bytes('{"type":"x"}'))).toThrow(/sorts at or after "token"/);
    expect(() => checkSpliceable(bytes('[1]'))).toThrow(/not a JSON object/);
  });
});
