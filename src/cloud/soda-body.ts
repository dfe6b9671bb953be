/**
 * The Soda Cloud command body is the approved document with `,"token":…,"type":…` spliced in as text before the
 * closing brace (`sodaCloudBody` in src/payload/destination.ts — the very function whose addition the preview
 * describes), so the document's bytes go out unchanged. Here: the checks made before logging in, and the exact
 * inverse, which cuts the addition off again and gives back the approved bytes.
 */
const CLOSE_BRACE = 0x7d;

/** Refuses documents the splice would make ambiguous: not an object, or with a key at or after `token`. */
export function checkSpliceable(document: Uint8Array): string[] {
  if (document[0] !== 0x7b || document[document.length - 1] !== CLOSE_BRACE) {
    throw new Error('the approved document is not a JSON object');
  }
  const parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(document)) as unknown;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('the approved document is not a JSON object');
  }
  const keys = Object.keys(parsed);
  if (keys.some((key) => key >= 'token')) {
    throw new Error('the approved document has a top-level key that sorts at or after "token"');
  }
  return keys;
}

const TAIL = /(,?)"token":("(?:[^"\\]|\\.)*"),"type":("(?:[^"\\]|\\.)*")\}$/;

/** The exact inverse: the token, the type, and the document bytes as approved. */
export function unspliceSodaBody(body: Uint8Array): { token: string; type: string; document: Uint8Array } {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  const match = TAIL.exec(text);
  if (!match?.[2] || !match[3]) throw new Error('the body does not end with the spliced token and type');
  const cut = new TextEncoder().encode(match[0]).length;
  const document = new Uint8Array(body.length - cut + 1);
  document.set(body.subarray(0, body.length - cut), 0);
  document[document.length - 1] = CLOSE_BRACE;
  if (match[1] === '' && document.length !== 2) throw new Error('the body is not a spliced document');
  return { token: JSON.parse(match[2]), type: JSON.parse(match[3]), document };
}
