/**
 * Records every outbound connection this process starts while recording: TCP, TLS (tls.connect goes through
 * net.Socket#connect too), HTTP agents, fetch, and IPC paths. It wraps `net.Socket.prototype.connect`, so it sees
 * the host a client asked for before any DNS lookup (a probe of `metadata.google.internal` is recorded even when
 * the name does not resolve) and the address it reached once connected.
 *
 * Sockets a test's own fixtures open (e.g. the Snowflake test server's PostgreSQL pool) can be marked with
 * `ignoreSocket` so that only the code under test is judged.
 *
 * ```ts
 * const { result, connections } = await recordSockets(() => runScan(...));
 * expect(connections.map(c => `${c.host}:${c.port}`)).toEqual([`127.0.0.1:${server.port}`]);
 * ```
 */
import net from 'node:net';

export interface OutboundConnection {
  /** The host the client asked for (a name or an address), as passed to connect. */
  host: string | undefined;
  port: number | undefined;
  /** A Unix socket or named pipe, for IPC connections. */
  path?: string;
  /** Filled in once connected. */
  remoteAddress?: string;
  remotePort?: number;
  /** Where the connect call came from, for a failing assertion's message. */
  stack: string;
}

const IGNORED = Symbol('gatehouse.socket-recorder.ignored');

/** Leave this socket out of every recording (for test fixtures' own connections). */
export function ignoreSocket<T extends net.Socket>(socket: T): T {
  (socket as unknown as Record<symbol, boolean>)[IGNORED] = true;
  return socket;
}

/** The (port, host) / options / path forms of Socket#connect, normalised. */
function targetOf(args: readonly unknown[]): Pick<OutboundConnection, 'host' | 'port' | 'path'> {
  let first = args[0];
  // net.connect passes its normalised [options, callback] pair as one array argument.
  if (Array.isArray(first)) first = first[0];
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string; port?: number | string; path?: string };
    if (options.path) return { host: undefined, port: undefined, path: options.path };
    return {
      host: options.host ?? 'localhost',
      port: options.port === undefined ? undefined : Number(options.port),
    };
  }
  if (typeof first === 'string' && Number.isNaN(Number(first)))
    return { host: undefined, port: undefined, path: first };
  const host = typeof args[1] === 'string' ? args[1] : 'localhost';
  return { host, port: Number(first) };
}

let active: OutboundConnection[][] = [];
let original: typeof net.Socket.prototype.connect | undefined;

function install(): void {
  if (original) return;
  original = net.Socket.prototype.connect;
  const wrapped = function (this: net.Socket, ...args: unknown[]) {
    if (!(this as unknown as Record<symbol, boolean>)[IGNORED] && active.length > 0) {
      const record: OutboundConnection = { ...targetOf(args), stack: new Error().stack ?? '' };
      for (const recording of active) recording.push(record);
      this.once('connect', () => {
        record.remoteAddress = this.remoteAddress;
        record.remotePort = this.remotePort;
      });
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  };
  net.Socket.prototype.connect = wrapped as unknown as typeof net.Socket.prototype.connect;
}

function uninstall(): void {
  if (!original || active.length > 0) return;
  net.Socket.prototype.connect = original;
  original = undefined;
}

/** Record connections until `stop()`; recordings may overlap. */
export function startRecording(): { connections: OutboundConnection[]; stop: () => OutboundConnection[] } {
  install();
  const connections: OutboundConnection[] = [];
  active.push(connections);
  return {
    connections,
    stop() {
      active = active.filter((recording) => recording !== connections);
      uninstall();
      return connections;
    },
  };
}

/** Run `block` and return what it returned with every outbound connection started meanwhile. */
export async function recordSockets<T>(
  block: () => Promise<T>,
): Promise<{ result: T; connections: OutboundConnection[] }> {
  const recording = startRecording();
  try {
    const result = await block();
    return { result, connections: recording.connections };
  } finally {
    recording.stop();
  }
}
