/**
 * The HTTP requests one snowflake-sdk login makes, so that a login given up on (its timeout, Ctrl+C, a cancelled
 * run) is torn down at once. The SDK's own destroy waits for a connecting login to end, which against a silent
 * endpoint takes its request timeout (90 s) for each try, and keeps the process alive that long. Requests are
 * tied to the login by async context: every request started, directly or from a callback, inside `start`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

interface LoginContext {
  requests: Set<ClientRequest>;
  abandoned: boolean;
}

const login = new AsyncLocalStorage<LoginContext>();
let listening = false;

const abandonedError = () => new Error('the login was abandoned');

function onRequestStart(message: unknown): void {
  const context = login.getStore();
  if (!context) return;
  const { request } = message as { request: ClientRequest };
  // A retry the SDK sends after the login was given up on goes no further.
  if (context.abandoned) {
    request.destroy(abandonedError());
    return;
  }
  context.requests.add(request);
  request.once('close', () => context.requests.delete(request));
}

export interface LoginRequests {
  /** Destroys the login's requests in flight and every one it starts from now on. */
  abandon(): void;
}

/** Runs `start` (the SDK's `connect`), keeping hold of the HTTP requests it leads to. */
export function trackLoginRequests(start: () => void): LoginRequests {
  if (!listening) {
    subscribe('http.client.request.start', onRequestStart);
    listening = true;
  }
  const context: LoginContext = { requests: new Set(), abandoned: false };
  login.run(context, start);
  return {
    abandon() {
      context.abandoned = true;
      for (const request of context.requests) request.destroy(abandonedError());
      context.requests.clear();
    },
  };
}
