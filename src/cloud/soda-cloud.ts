/**
 * The Soda Cloud-compatible destination (reference/sodacl.md §3.1): log in with the API key, then
 * `POST /api/command` with the approved document plus `token` and `type`. On a 401 it logs in again once, as
 * Soda Core does. Sample files (`/api/scan/upload`) are not sent: Gatehouse's documents carry no sample files yet.
 */

import { redact, registerSecret } from '../common/redaction.js';
import { sha256Hex } from '../common/sha256.js';
import type { SodaCloudConfig } from '../config/model.js';
import { sodaCloudBody } from '../payload/destination.js';
import {
  DEFAULT_HTTP_SETTINGS,
  type Delivery,
  type Destination,
  type HttpSettings,
  userAgent,
} from './destination.js';
import type { DestinationRef, Receipt } from './destination-ref.js';
import { DeliveryError, DestinationConfigError, retryableStatus } from './errors.js';
import { type HttpResponse, httpRequest } from './http.js';
import { checkedUrl } from './loopback.js';
import { checkSpliceable } from './soda-body.js';

/** `{scheme}://{host}{:port}/api/command`: the one address the approval names. */
export function sodaCloudCommandUrl(config: SodaCloudConfig): URL {
  if (!config.host) {
    throw new DestinationConfigError('The soda_cloud block has no host (e.g. host: cloud.soda.io).');
  }
  const host = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
  return checkedUrl(
    `${config.scheme}://${host}${config.port ? `:${config.port}` : ''}/api/command`,
    'soda_cloud address',
  );
}

export function sodaCloudRef(config: SodaCloudConfig): DestinationRef {
  return { kind: 'soda_cloud', address: sodaCloudCommandUrl(config).href };
}

export interface SodaCloudCredentials {
  apiKeyId: string;
  /** Read only when a login is needed, so listing or an offline run never touches the secret store. */
  apiKeySecret: () => Promise<string>;
}

/** A short, redacted excerpt of an answer, for error messages. */
function excerpt(response: HttpResponse): string {
  const text = redact(response.body.toString('utf8', 0, Math.min(response.body.length, 300)).trim());
  return text ? `: ${text}` : '';
}

export class SodaCloudDestination implements Destination {
  readonly ref: DestinationRef;
  readonly network = true;
  readonly #url: URL;
  #token: string | undefined;

  constructor(
    config: SodaCloudConfig,
    private readonly credentials: SodaCloudCredentials,
    private readonly http: HttpSettings = DEFAULT_HTTP_SETTINGS,
  ) {
    this.#url = sodaCloudCommandUrl(config);
    this.ref = { kind: 'soda_cloud', address: this.#url.href };
  }

  async deliver({ bytes, sha256 }: Delivery): Promise<Receipt> {
    try {
      checkSpliceable(bytes);
    } catch (error) {
      throw new DeliveryError(`This payload cannot go to Soda Cloud: ${(error as Error).message}.`, false);
    }
    let response = await this.#post(sodaCloudBody(bytes, await this.#currentToken()), sha256);
    if (response.status === 401) {
      // The token expired or was revoked: one new login, one more try (Soda Core's `_execute_request`).
      this.#token = undefined;
      response = await this.#post(sodaCloudBody(bytes, await this.#currentToken()), sha256);
      if (response.status === 401) {
        throw new DeliveryError('Soda Cloud refused a freshly issued token (HTTP 401).', false, 401);
      }
    }
    if (response.status < 200 || response.status > 299) {
      throw new DeliveryError(
        `Soda Cloud answered HTTP ${response.status}${excerpt(response)}`,
        retryableStatus(response.status),
        response.status,
      );
    }
    const trace = response.headers['x-soda-trace-id'];
    return {
      status: response.status,
      responseSha256: sha256Hex(response.body),
      ...(typeof trace === 'string' ? { id: trace } : {}),
    };
  }

  #post(body: Uint8Array, idempotencyKey?: string): Promise<HttpResponse> {
    return httpRequest({
      url: this.#url,
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': userAgent(),
        ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
      },
      body,
      timeoutMs: this.http.timeoutMs,
      env: this.http.env,
      ca: this.http.ca,
    });
  }

  async #currentToken(): Promise<string> {
    this.#token ??= await this.#login();
    return this.#token;
  }

  async #login(): Promise<string> {
    const apiKeySecret = await this.credentials.apiKeySecret();
    registerSecret(apiKeySecret);
    const body = JSON.stringify({ type: 'login', apiKeyId: this.credentials.apiKeyId, apiKeySecret });
    const response = await this.#post(new TextEncoder().encode(body));
    if (response.status !== 200) {
      throw new DeliveryError(
        `Soda Cloud login failed (HTTP ${response.status})${response.status === 401 || response.status === 403 ? ': check soda_cloud api_key_id and the stored api_key_secret' : excerpt(response)}.`,
        retryableStatus(response.status),
        response.status,
      );
    }
    let token: unknown;
    try {
      token = (JSON.parse(response.body.toString('utf8')) as { token?: unknown }).token;
    } catch {
      token = undefined;
    }
    if (typeof token !== 'string' || token === '') {
      throw new DeliveryError('Soda Cloud login answered without a token.', false, response.status);
    }
    registerSecret(token);
    return token;
  }
}
