/**
 * What a destination adds to the previewed bytes. Soda Cloud's `sodaCoreInsertScanResults` command carries the
 * document with two more top-level keys, `token` (the login token) and `type`. In canonical key order both
 * sort after every key of the document, so the body is the previewed bytes with exactly
 * `,"token":"…","type":"sodaCoreInsertScanResults"` put before the closing brace: nothing else moves.
 * A webhook and a file export carry the previewed bytes unchanged. Sample files (Soda Cloud, level full) go first,
 * each exactly as previewed, and the document's placeholder for each (`sha256:<its hash>`) becomes the id Soda
 * Cloud gave it (src/payload/sample-files.ts).
 */

export const SODA_CLOUD_TYPE = 'sodaCoreInsertScanResults';
export const TOKEN_PLACEHOLDER = '[added at send time]';

export interface AddedField {
  key: string;
  /** The value as it will stand in the body; the token is never shown. */
  shown: string;
  note: string;
}

export interface DestinationWrapping {
  destination: 'soda_cloud' | 'webhook' | 'file';
  added: AddedField[];
  summary: string;
}

export const DESTINATION_WRAPPINGS: DestinationWrapping[] = [
  {
    destination: 'soda_cloud',
    added: [
      { key: 'token', shown: TOKEN_PLACEHOLDER, note: 'the Soda Cloud login token, redacted here' },
      { key: 'type', shown: SODA_CLOUD_TYPE, note: 'the command name' },
    ],
    summary:
      `POST /api/scan/upload of each sample file (its exact bytes; level full only), then POST /api/command: ` +
      `these bytes with each "fileId":"sha256:…" swapped for the id Soda Cloud answered for that file, and ` +
      `,"token":"${TOKEN_PLACEHOLDER}","type":"${SODA_CLOUD_TYPE}" before the final }`,
  },
  { destination: 'webhook', added: [], summary: 'these bytes unchanged (the signature travels in a header)' },
  { destination: 'file', added: [], summary: 'these bytes unchanged' },
];

const CLOSE = 0x7d; // }

/**
 * The Soda Cloud request body for previewed document bytes. Refuses bytes that are not a canonical document
 * whose keys all sort before `token` (then the insertion would not be the whole difference).
 */
export function sodaCloudBody(documentBytes: Uint8Array, token: string): Uint8Array {
  if (documentBytes.length < 2 || documentBytes[documentBytes.length - 1] !== CLOSE) {
    throw new Error('The payload is not a JSON object');
  }
  const keys = Object.keys(JSON.parse(new TextDecoder().decode(documentBytes)) as object);
  if (keys.some((key) => key >= 'token')) {
    throw new Error('The payload already has a key that sorts at or after "token"');
  }
  const suffix = new TextEncoder().encode(
    `${keys.length > 0 ? ',' : ''}"token":${JSON.stringify(token)},"type":${JSON.stringify(SODA_CLOUD_TYPE)}}`,
  );
  const body = new Uint8Array(documentBytes.length - 1 + suffix.length);
  body.set(documentBytes.subarray(0, documentBytes.length - 1), 0);
  body.set(suffix, documentBytes.length - 1);
  return body;
}
