/**
 * The engine-independent network steps: DNS resolution and a TCP connect to each address. Each reports what it
 * found per address, and classifies a failure with the shared driver-error rules.
 */
import { lookup } from 'node:dns/promises';
import { isIP, Socket } from 'node:net';
import type { ClassifyContext } from './classification.js';
import { classifyError } from './classify-error.js';
import type { StepItem } from './report.js';
import { classifiedResult, type ProbeResult } from './step-runner.js';

/** Settle with the promise, or reject with the signal's reason as soon as it aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export function failure(
  error: unknown,
  context: ClassifyContext,
  extra: Partial<ProbeResult> = {},
): ProbeResult {
  return classifiedResult(classifyError(error, context), extra);
}

export interface DnsFinding {
  addresses: string[];
  result: ProbeResult;
}

export async function resolveHost(
  host: string,
  context: ClassifyContext,
  signal: AbortSignal,
): Promise<DnsFinding> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare)) {
    return {
      addresses: [bare],
      result: {
        status: 'pass',
        message: `${bare} is an IP address: no lookup needed.`,
        facts: [{ label: 'Address', value: bare }],
      },
    };
  }
  try {
    // The system resolver (hosts file, VPN DNS), as the driver uses it.
    const found = await untilAborted(lookup(bare, { all: true, verbatim: true }), signal);
    const addresses = [...new Set(found.map((entry) => entry.address))];
    return {
      addresses,
      result: {
        status: 'pass',
        message: `${bare} resolves to ${addresses.join(', ')}.`,
        facts: addresses.map((address) => ({ label: 'Address', value: address })),
      },
    };
  } catch (error) {
    return { addresses: [], result: failure(error, context) };
  }
}

/** Open a TCP connection; the caller owns the socket. Rejects with the socket error, or the signal's reason. */
export function connectTcp(
  address: string,
  port: number,
  signal: AbortSignal,
  localAddress?: string,
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const onAbort = () => {
      socket.destroy();
      reject(signal.reason);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(error);
    });
    socket.connect({ host: address, port, ...(localAddress ? { localAddress } : {}) }, () => {
      signal.removeEventListener('abort', onAbort);
      resolve(socket);
    });
  });
}

const TCP_WORDS: Record<string, string> = {
  ECONNREFUSED: 'refused (nothing listens on the port)',
  ETIMEDOUT: 'timed out (no answer at all)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'reset',
};

export interface TcpFinding {
  /** The addresses that accepted a connection, in resolution order. */
  reachable: string[];
  result: ProbeResult;
}

type Attempt = { ms: number } | { error: unknown };

/**
 * Connect to every address at once. The first that accepts ends the step (the driver needs only one), so a
 * black-holed address beside a working one does not hold it up; those still pending are listed as not waited for.
 */
export async function connectEach(
  addresses: readonly string[],
  port: number,
  context: ClassifyContext,
  signal: AbortSignal,
  localAddress?: string,
): Promise<TcpFinding> {
  const done = new AbortController();
  const attempts: Array<Attempt | undefined> = addresses.map(() => undefined);
  await new Promise<void>((resolve) => {
    let pending = addresses.length;
    if (pending === 0) resolve();
    addresses.forEach((address, index) => {
      const started = performance.now();
      connectTcp(address, port, AbortSignal.any([signal, done.signal]), localAddress).then(
        (socket) => {
          socket.destroy();
          attempts[index] = { ms: Math.round(performance.now() - started) };
          done.abort();
          resolve();
        },
        (error: unknown) => {
          if (!done.signal.aborted) attempts[index] = { error };
          if (--pending === 0) resolve();
        },
      );
    });
  });
  const items: StepItem[] = addresses.map((address, index) => {
    const name = `${address} port ${port}`;
    const attempt = attempts[index];
    if (!attempt) return { name, ok: false, detail: 'not waited for: another address accepted first' };
    if ('ms' in attempt) return { name, ok: true, detail: `connected in ${attempt.ms} ms` };
    const code = (attempt.error as NodeJS.ErrnoException).code ?? '';
    return { name, ok: false, detail: TCP_WORDS[code] ?? (attempt.error as Error).message };
  });
  const reachable = addresses.filter((_, index) => {
    const attempt = attempts[index];
    return attempt !== undefined && 'ms' in attempt;
  });
  if (reachable.length > 0) {
    return {
      reachable,
      result: {
        status: 'pass',
        message: `Port ${port} accepts connections on ${reachable.join(', ')}.`,
        items,
      },
    };
  }
  const first = attempts.find(
    (attempt): attempt is { error: unknown } => attempt !== undefined && 'error' in attempt,
  );
  return {
    reachable,
    result: failure(first ? first.error : new Error(`No address to connect to on port ${port}`), context, {
      items,
    }),
  };
}
