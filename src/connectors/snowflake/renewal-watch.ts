/**
 * snowflake-sdk's renewal loop, seen from outside the SDK: when Snowflake answers 390112 (session token expired),
 * the SDK renews the token with the master token (`POST /session/token-request`) and re-sends the request; a
 * renewal that hands back no working token makes it do so forever (~70 times a second), with no error ever
 * reaching the caller. The SDK exposes neither its tokens nor its state, so the connector watches the process's
 * outgoing HTTP requests (Node's `http.client.request.start` diagnostics channel, which sees requests without
 * touching them): a statement's own query request (its path carries the statement's request id) tells which HTTP
 * agent its connection uses — each snowflake-sdk connection has agents of its own — and renewal requests through
 * that agent are counted for the statement. A real token lasts an hour or more, so a statement that sees several
 * renewals within a minute is in the loop.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';

/** More renewals than this within RENEWAL_WINDOW_MS on one connection is a loop. */
export const RENEWAL_LIMIT = 3;
const RENEWAL_WINDOW_MS = 60_000;

interface Watch {
  requestId: string;
  agent?: unknown;
  renewals: number[];
  onLoop: (renewals: number) => void;
}

const watches = new Set<Watch>();

function onRequest(message: unknown): void {
  // ClientRequest's `agent` is not in Node's types; it is the agent the request was made with.
  const request = (message as { request?: { path?: unknown; agent?: unknown } }).request;
  if (!request || typeof request.path !== 'string') return;
  const { path, agent } = request;
  if (path.includes('/session/token-request')) {
    const now = Date.now();
    for (const watch of watches) {
      if (watch.agent === undefined || watch.agent !== agent) continue;
      watch.renewals = watch.renewals.filter((at) => now - at < RENEWAL_WINDOW_MS);
      watch.renewals.push(now);
      if (watch.renewals.length > RENEWAL_LIMIT) watch.onLoop(watch.renewals.length);
    }
    return;
  }
  for (const watch of watches) {
    if (watch.agent === undefined && path.includes(`requestId=${watch.requestId}`)) watch.agent = agent;
  }
}

const CHANNEL = 'http.client.request.start';

/**
 * Watch the renewals of the connection running the statement with this request id; `onLoop` is called (possibly
 * more than once) when they exceed RENEWAL_LIMIT within a minute. Returns the function that stops watching.
 */
export function watchRenewals(requestId: string, onLoop: (renewals: number) => void): () => void {
  const watch: Watch = { requestId, renewals: [], onLoop };
  if (watches.size === 0) subscribe(CHANNEL, onRequest);
  watches.add(watch);
  return () => {
    if (!watches.delete(watch)) return;
    if (watches.size === 0) unsubscribe(CHANNEL, onRequest);
  };
}
