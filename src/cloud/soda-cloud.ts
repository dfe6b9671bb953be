/**
 * The Soda Cloud-compatible destination (reference/sodacl.md §3.1–3.2): log in with the API key; send each
 * approved sample file with `POST /api/scan/upload` (level full only: other payloads have none); then
 * `POST /api/command` with the approved document, its sample-file placeholders swapped for the ids Soda Cloud
 * gave, plus `token` and `type`. On a 401 it logs in again once, as Soda Core does.
 */

import { registerSecret } from '../common/redaction.js';
import { sha256Hex } from '../common/sha256.js';
import type { SodaCloudConfig } from '../config/model.js';
import { sodaCloudBody } from '../payload/destination.js';
import { replaceFileIds } from '../payload/sample-files.js';
import {
  DEFAULT_HTTP_SETTINGS,
  type Delivery,
  type DeliveryFile,
  type Destination,
  type HttpSettings,
  userAgent,
} from './destination.js';
import type { DestinationRef, Receipt } from './destination-ref.js';
import { DeliveryError, DestinationConfigError } from './errors.js';
import { type HttpResponse, httpRequest } from './http.js';
import { answerExcerpt, refusedAnswer } from './http-answer.js';
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

/** Where the API key secret is kept when configuration.yml leaves it out. */
export const SODA_CLOUD_SECRET_REF = { dataSource: 'soda_cloud', field: 'api_key_secret' } as const;

export function sodaCloudRef(config: SodaCloudConfig): DestinationRef {
  return { kind: 'soda_cloud', address: sodaCloudCommandUrl(config).href };
}

export interface SodaCloudCredentials {
  apiKeyId: string;
  /** Read only when a login is needed, so listing or an offline run never touches the secret store. */
  apiKeySecret: () => Promise<string>;
}

/**
 * A 200 to the login without a token. An HTML page instead of JSON is what a hotel or guest network's sign-in
 * portal (or a proxy's login page) answers in place of the real server: say so, it is the likely cause.
 */
function noToken(response: HttpResponse): DeliveryError {
  const type = String(response.headers['content-type'] ?? '');
  const html = /html/i.test(type) || /^\s*<(!doctype|html)/i.test(response.body.toString('utf8', 0, 100));
  const why = html
    ? ': the answer is a web page, not JSON — a network sign-in page (hotel or guest Wi-Fi) or a proxy may be answering in its place; sign in to the network, or check the soda_cloud host'
    : ''; // no excerpt otherwise: a login answer may carry credentials under another name
  return new DeliveryError(`Soda Cloud login answered without a token${why}.`, false, response.status);
}

/** A non-empty string field of a JSON answer; undefined when the body is not JSON or the field is not there. */
function jsonString(response: HttpResponse, key: string): string | undefined {
  try {
    const value = (JSON.parse(response.body.toString('utf8')) as Record<string, unknown>)[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}

export class SodaCloudDestination implements Destination {
  readonly ref: DestinationRef;
  readonly network = true;
  readonly #url: URL;
  /** Sample files go to the same origin as the command the approval names. */
  readonly #uploadUrl: URL;
  #token: string | undefined;

  constructor(
    config: SodaCloudConfig,
    private readonly credentials: SodaCloudCredentials,
    private readonly http: HttpSettings = DEFAULT_HTTP_SETTINGS,
  ) {
    this.#url = sodaCloudCommandUrl(config);
    this.#uploadUrl = new URL('/api/scan/upload', this.#url);
    this.ref = { kind: 'soda_cloud', address: this.#url.href };
  }

  async deliver({ bytes, sha256, sampleFiles }: Delivery): Promise<Receipt> {
    try {
      checkSpliceable(bytes);
    } catch (error) {
      throw new DeliveryError(`This payload cannot go to Soda Cloud: ${(error as Error).message}.`, false);
    }
    // Sample files first, as Soda Core does: the document refers to the ids they get.
    const ids = new Map<string, string>();
    for (const file of sampleFiles) ids.set(file.sha256, await this.#uploadSample(file));
    let document = bytes;
    if (sampleFiles.length > 0) {
      try {
        document = replaceFileIds(bytes, ids);
      } catch (error) {
        throw new DeliveryError(`This payload cannot go to Soda Cloud: ${(error as Error).message}.`, false);
      }
    }
    const response = await this.#withToken(
      (token) => this.#post(this.#url, sodaCloudBody(document, token), { 'Idempotency-Key': sha256 }),
      'the scan results',
    );
    const trace = response.headers['x-soda-trace-id'];
    return {
      status: response.status,
      responseSha256: sha256Hex(response.body),
      ...(typeof trace === 'string' ? { id: trace } : {}),
      ...(sampleFiles.length > 0
        ? { sampleFileIds: sampleFiles.map((file) => ids.get(file.sha256) ?? '') }
        : {}),
    };
  }

  /** `POST /api/scan/upload` of one approved sample file, exactly its bytes; answers Soda Cloud's `fileId`. */
  async #uploadSample(file: DeliveryFile): Promise<string> {
    const response = await this.#withToken(
      (token) =>
        this.#post(this.#uploadUrl, file.bytes, {
          Authorization: token,
          'Content-Type': 'application/octet-stream',
          'Is-V3': 'true',
          'File-Path': file.path,
          'Idempotency-Key': file.sha256,
        }),
      `the sample file ${file.path}`,
    );
    const fileId = jsonString(response, 'fileId');
    if (fileId === undefined) {
      throw new DeliveryError(
        `Soda Cloud took the sample file ${file.path} but answered without a fileId${answerExcerpt(response)}.`,
        false,
        response.status,
      );
    }
    return fileId;
  }

  /**
   * One request with the current token; on a 401 (expired or revoked) one new login and one more try, as Soda
   * Core's `_execute_request`. Anything but a 2xx is a DeliveryError naming what was being sent.
   */
  async #withToken(send: (token: string) => Promise<HttpResponse>, what: string): Promise<HttpResponse> {
    let response = await send(await this.#currentToken());
    if (response.status === 401) {
      this.#token = undefined;
      response = await send(await this.#currentToken());
      if (response.status === 401) {
        throw new DeliveryError(
          `Soda Cloud refused a freshly issued token for ${what} (HTTP 401): the login works but the key may not send results; check the API key's role in Soda Cloud, or whether it was revoked.`,
          false,
          401,
        );
      }
    }
    if (response.status < 200 || response.status > 299) {
      throw refusedAnswer(response, {
        who: 'Soda Cloud',
        to: what,
        credentials: 'check that the API key (soda_cloud api_key_id) may upload scan results',
      });
    }
    return response;
  }

  #post(url: URL, body: Uint8Array, headers: Record<string, string> = {}): Promise<HttpResponse> {
    return httpRequest({
      url,
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': userAgent(), ...headers },
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
    const response = await this.#post(this.#url, new TextEncoder().encode(body));
    if (response.status === 401 || response.status === 403) {
      throw new DeliveryError(
        `Soda Cloud login failed (HTTP ${response.status}): check soda_cloud api_key_id and the stored api_key_secret (gatehouse secrets set soda_cloud api_key_secret).`,
        false,
        response.status,
      );
    }
    if (response.status !== 200) {
      throw refusedAnswer(response, {
        who: 'Soda Cloud',
        to: 'the login',
        credentials: 'check soda_cloud api_key_id and the stored api_key_secret',
      });
    }
    const token = jsonString(response, 'token');
    if (token === undefined) throw noToken(response);
    registerSecret(token);
    return token;
  }
}
