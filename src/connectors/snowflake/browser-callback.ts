/**
 * Browser SSO (EXTERNALBROWSER) makes snowflake-sdk listen on a local port for the identity provider's redirect,
 * which carries the login token. The SDK calls `server.listen(port)` with no host, which listens on every
 * interface: anyone on the network could reach the port during the login, send a token of their own, or end the
 * login with one stray connection. Before the SDK loads, its callback-server factory is wrapped so the server
 * listens on 127.0.0.1 only (the redirect goes to `localhost`). If this SDK version has no such factory, browser
 * login is refused rather than left open to the network.
 */
import type { Server } from 'node:net';

export const CALLBACK_HOST = '127.0.0.1';

type Factory = (...args: unknown[]) => Server;

let wrapped: boolean | undefined;

/**
 * Wrap the SDK's callback-server factory (once; before the SDK itself loads). Returns whether it is wrapped.
 * Imported by its path in the package, so a bundler that includes snowflake-sdk (the desktop app's main bundle)
 * wraps the very module its bundled SDK uses, and a bundle that leaves it external (the CLI) the one in node_modules.
 */
export async function bindBrowserCallbackToLoopback(): Promise<boolean> {
  if (wrapped !== undefined) return wrapped;
  try {
    const module = (await import('snowflake-sdk/dist/lib/authentication/authentication_util.js')) as {
      default?: { createServer?: unknown };
    };
    const util = module.default;
    const original = util?.createServer;
    if (!util || typeof original !== 'function') {
      wrapped = false;
      return wrapped;
    }
    util.createServer = (...args: unknown[]) => {
      const server = (original as Factory)(...args);
      const listen = server.listen.bind(server) as (port: number, host: string) => Server;
      // The SDK passes only the port (0 for any free one, or browserRedirectPort).
      server.listen = ((port?: unknown) =>
        listen(typeof port === 'number' ? port : 0, CALLBACK_HOST)) as Server['listen'];
      return server;
    };
    wrapped = true;
  } catch {
    wrapped = false;
  }
  return wrapped;
}

/** Whether browser logins listen on loopback only (false until the SDK is loaded, or if the wrap failed). */
export function browserCallbackIsLoopback(): boolean {
  return wrapped === true;
}
