/**
 * A real HTTP receiver on 127.0.0.1 (port 0) that records every request — method, path, headers, exact body
 * bytes — and answers as Soda Cloud (login, commands, sample files with a fileId) or a webhook would, with scriptable faults for the next requests: an HTTP
 * status (with headers and body if given), a connection reset, a hang (the client must time out), a slow answer dribbled out in pieces.
 */
import { once } from 'node:events';
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { unspliceSodaBody } from '../../src/cloud/soda-body.js';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type Fault =
  | { status: number; headers?: Record<string, string>; body?: string }
  | 'reset'
  | 'hang'
  | 'slow';

interface ScriptedFault {
  fault: Fault;
  when: (request: RecordedRequest) => boolean;
}

export interface ReceiverOptions {
  /** Serve https with this certificate (PEM) instead of plain http. */
  tls?: { cert: string; key: string };
  apiKeyId?: string;
  apiKeySecret?: string;
}

export const isLogin = (request: RecordedRequest) => request.body.includes('"type":"login"');
export const isSampleUpload = (request: RecordedRequest) => request.path === '/api/scan/upload';
export const isInsert = (request: RecordedRequest) =>
  request.path === '/api/command' && request.body.includes('"type":"sodaCoreInsertScanResults"');

export class Receiver {
  readonly requests: RecordedRequest[] = [];
  readonly #faults: ScriptedFault[] = [];
  readonly #tokens = new Set<string>();
  readonly #hanging = new Set<ServerResponse>();
  #issued = 0;
  #files = 0;
  /** Every sample file taken (`POST /api/scan/upload`), by the fileId it was given. */
  readonly fileIds = new Map<string, RecordedRequest>();
  #waiters: Array<() => void> = [];

  private constructor(
    private readonly server: http.Server | https.Server,
    private readonly options: ReceiverOptions,
  ) {}

  static async start(options: ReceiverOptions = {}): Promise<Receiver> {
    let receiver: Receiver | undefined;
    const handler = (request: IncomingMessage, response: ServerResponse) => {
      void receiver?.handle(request, response);
    };
    const server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler);
    receiver = new Receiver(server, options);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `${this.options.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  /** The next request matching `when` (default: any) gets this fault instead of a normal answer. */
  fail(fault: Fault, when: (request: RecordedRequest) => boolean = () => true, times = 1): void {
    for (let i = 0; i < times; i++) this.#faults.push({ fault, when });
  }

  /** Every token issued so far stops working (the next command with one gets a 401). */
  revokeTokens(): void {
    this.#tokens.clear();
  }

  /** Resolves once `predicate` holds over the recorded requests: no polling, no sleeps. */
  async waitFor(predicate: (requests: RecordedRequest[]) => boolean): Promise<void> {
    while (!predicate(this.requests)) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  /** The Soda Cloud insert bodies, with token and type cut off by the exact inverse of the splice. */
  insertedDocuments(): Buffer[] {
    return this.requests
      .filter(isInsert)
      .map((request) => Buffer.from(unspliceSodaBody(request.body).document));
  }

  async close(): Promise<void> {
    for (const response of this.#hanging) response.destroy();
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const recorded: RecordedRequest = {
      method: request.method ?? '',
      path: request.url ?? '',
      headers: request.headers,
      body: Buffer.concat(chunks),
    };
    this.requests.push(recorded);
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();

    const index = this.#faults.findIndex((scripted) => scripted.when(recorded));
    const fault = index >= 0 ? this.#faults.splice(index, 1)[0]?.fault : undefined;
    if (fault === 'reset') {
      request.socket.resetAndDestroy();
      return;
    }
    if (fault === 'hang') {
      this.#hanging.add(response);
      return;
    }
    if (fault && typeof fault === 'object') {
      response
        .writeHead(fault.status, { 'Content-Type': 'application/json', ...fault.headers })
        .end(fault.body ?? '{"error":"scripted"}');
      return;
    }
    const { status, body } = this.answer(recorded);
    if (fault === 'slow') {
      // Headers now, the body in three pieces on later turns of the event loop.
      response.writeHead(status, {
        'Content-Type': 'application/json',
        'X-Soda-Trace-Id': `trace-${this.requests.length}`,
      });
      for (const piece of [body.slice(0, 2), body.slice(2, 4), body.slice(4)]) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        response.write(piece);
      }
      response.end();
      return;
    }
    response
      .writeHead(status, {
        'Content-Type': 'application/json',
        'X-Soda-Trace-Id': `trace-${this.requests.length}`,
      })
      .end(body);
  }

  private answer(request: RecordedRequest): { status: number; body: string } {
    if (request.path === '/api/scan/upload') {
      // As Soda Cloud: the login token in Authorization (no "Bearer"), the file as the raw body; a fileId back.
      const token = request.headers.authorization;
      if (!token || !this.#tokens.has(token)) return { status: 401, body: '{"error":"token"}' };
      const fileId = `file-${++this.#files}`;
      this.fileIds.set(fileId, request);
      return { status: 200, body: JSON.stringify({ fileId }) };
    }
    if (request.path !== '/api/command') return { status: 200, body: '{"ok":true}' };
    let parsed: { type?: string; apiKeyId?: string; apiKeySecret?: string; token?: string };
    try {
      parsed = JSON.parse(request.body.toString('utf8'));
    } catch {
      return { status: 400, body: '{"error":"not JSON"}' };
    }
    if (parsed.type === 'login') {
      const { apiKeyId = 'key-id', apiKeySecret = 'key-secret' } = this.options;
      if (parsed.apiKeyId !== apiKeyId || parsed.apiKeySecret !== apiKeySecret)
        return { status: 401, body: '{}' };
      const token = `token-${++this.#issued}`;
      this.#tokens.add(token);
      return { status: 200, body: JSON.stringify({ token }) };
    }
    if (!parsed.token || !this.#tokens.has(parsed.token)) return { status: 401, body: '{"error":"token"}' };
    return { status: 200, body: '{"scanId":"cloud-scan-1"}' };
  }
}
