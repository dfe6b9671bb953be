/**
 * The Soda Cloud command body is the approved document with `token` and `type` added. They are spliced in as text
 * right after the opening brace, never by re-serialising, so the document's bytes go out unchanged and anyone
 * holding the body can cut the prefix off again and get exactly the approved bytes back (`unspliceSodaBody`).
 */
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

export const INSERT_SCAN_RESULTS = 'sodaCoreInsertScanResults';

function prefix(token: string, type: string): string {
  return `{"token":${JSON.stringify(token)},"type":${JSON.stringify(type)}`;
}

/** Refuses documents the splice would make ambiguous: not an object, or already holding `token` or `type`. */
export function checkSpliceable(document: Uint8Array): void {
  if (document[0] !== OPEN_BRACE) throw new Error('the approved document does not start with "{"');
  const parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(document)) as Record<
    string,
    unknown
  >;
  for (const key of ['token', 'type']) {
    if (Object.hasOwn(parsed, key)) throw new Error(`the approved document already has a top-level "${key}"`);
  }
}

export function spliceSodaBody(document: Uint8Array, token: string, type = INSERT_SCAN_RESULTS): Uint8Array {
  checkSpliceable(document);
  const head = new TextEncoder().encode(prefix(token, type) + (document[1] === CLOSE_BRACE ? '' : ','));
  const body = new Uint8Array(head.length + document.length - 1);
  body.set(head, 0);
  body.set(document.subarray(1), head.length);
  return body;
}

/** The exact inverse: the token, the type, and the document bytes as approved. */
export function unspliceSodaBody(body: Uint8Array): { token: string; type: string; document: Uint8Array } {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  const match = /^\{"token":("(?:[^"\\]|\\.)*"),"type":("(?:[^"\\]|\\.)*")(,?)/.exec(text);
  if (!match?.[1] || !match[2]) throw new Error('the body does not start with the spliced token and type');
  const cut = new TextEncoder().encode(match[0]).length;
  const rest = body.subarray(cut);
  if (match[3] === '' && rest[0] !== CLOSE_BRACE) throw new Error('the body is not a spliced document');
  const document = new Uint8Array(rest.length + 1);
  document[0] = OPEN_BRACE;
  document.set(rest, 1);
  return { token: JSON.parse(match[1]), type: JSON.parse(match[2]), document };
}
