/**
 * The HTTPS webhook: POST exactly the approved bytes, signed with HMAC-SHA256 under a secret from the secret store
 * (`webhook` / `signing_secret`), with the payload hash as idempotency key so a receiver can drop a repeat.
 */

import { createHmac } from 'node:crypto';
import { sha256Hex } from '../common/sha256.js';
import {
  DEFAULT_HTTP_SETTINGS,
  type Delivery,
  type Destination,
  type HttpSettings,
  userAgent,
} from './destination.js';
import type { DestinationRef, Receipt } from './destination-ref.js';
import { refuseSampleFiles } from './errors.js';
import { httpRequest } from './http.js';
import { refusedAnswer } from './http-answer.js';
import { checkedUrl } from './loopback.js';

export const WEBHOOK_SECRET_REF = { dataSource: 'webhook', field: 'signing_secret' } as const;
export const SIGNATURE_HEADER = 'X-Gatehouse-Signature';

export function webhookSignature(secret: string, bytes: Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(bytes).digest('hex')}`;
}

export function webhookRef(url: string): DestinationRef {
  return { kind: 'webhook', address: checkedUrl(url, 'webhook url').href };
}

export class WebhookDestination implements Destination {
  readonly ref: DestinationRef;
  readonly network = true;
  readonly #url: URL;

  constructor(
    url: string,
    /** Read at the first delivery only. */
    private readonly signingSecret: () => Promise<string>,
    private readonly http: HttpSettings = DEFAULT_HTTP_SETTINGS,
  ) {
    this.#url = checkedUrl(url, 'webhook url');
    this.ref = { kind: 'webhook', address: this.#url.href };
  }

  async deliver({ bytes, sha256, sampleFiles }: Delivery): Promise<Receipt> {
    refuseSampleFiles(sampleFiles, 'A webhook');
    const response = await httpRequest({
      url: this.#url,
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': userAgent(),
        'Idempotency-Key': sha256,
        [SIGNATURE_HEADER]: webhookSignature(await this.signingSecret(), bytes),
      },
      body: bytes,
      timeoutMs: this.http.timeoutMs,
      env: this.http.env,
      ca: this.http.ca,
    });
    if (response.status < 200 || response.status > 299) {
      throw refusedAnswer(response, {
        who: 'The webhook',
        credentials:
          'check the signing secret (gatehouse secrets set webhook signing_secret) with the receiver’s operator',
      });
    }
    return {
      status: response.status,
      responseSha256: sha256Hex(response.body),
    };
  }
}
