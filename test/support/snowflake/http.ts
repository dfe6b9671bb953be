/**
 * HTTP plumbing of the Snowflake-protocol server: request bodies (snowflake-sdk gzips them, and says so in
 * Content-Encoding only sometimes, so the gzip magic decides), the session token in the Authorization header,
 * the client's address, and JSON answers in Snowflake's envelope.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { parseIp } from '../../../src/diagnostics/ip-address.js';
import type { SnowflakeError } from './errors.js';

export async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  let raw = Buffer.concat(chunks);
  if (raw.length === 0) return undefined;
  if (raw[0] === 0x1f && raw[1] === 0x8b) raw = gunzipSync(raw);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** `Authorization: Snowflake Token="…"` → the token. */
export function tokenOf(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization ?? '';
  return /^Snowflake Token="([^"]*)"$/.exec(header)?.[1];
}

/** The peer's address, IPv4-mapped IPv6 shown as IPv4, canonical text. */
export function clientIpOf(request: IncomingMessage): string {
  const remote = request.socket.remoteAddress ?? '';
  const parsed = parseIp(remote.startsWith('::ffff:') ? remote.slice(7) : remote);
  return parsed.ok ? parsed.value.text : remote;
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

export function success(response: ServerResponse, data: unknown): void {
  sendJson(response, 200, { success: true, code: null, message: null, data });
}

/** Snowflake answers failures with HTTP 200 and `success: false`; snowflake-sdk reads code, message, sqlState. */
export function failure(
  response: ServerResponse,
  error: SnowflakeError,
  data: Record<string, unknown> = {},
): void {
  sendJson(response, 200, {
    success: false,
    code: error.code,
    message: error.message,
    data: {
      ...data,
      errorCode: error.code,
      ...(error.sqlState ? { sqlState: error.sqlState } : {}),
      internalError: false,
    },
  });
}
