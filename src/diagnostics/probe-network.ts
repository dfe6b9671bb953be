/**
 * The engine-independent network steps: DNS resolution and a TCP connect to each address. Each reports what it
 * found per address, and classifies a failure with the shared driver-error rules.
 */
import { lookup } from 'node:dns/promises';
import { isIP, Socket } from 'node:net';
import type { ClassifyContext } from './classification.js';
import { classifyError } from './classify-error.js';
import type { StepItem } from './report.js';
import type { ProbeResult } from './step-runner.js';

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
  const classification = classifyError(error, context);
  return {
    status: 'fail',
    message: classification.summary,
    remediation: classification.remediation,
    raw: classification.raw,
    classification,
    ...extra,
  };
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

/** Connect to every address at once; the step passes when at least one accepts. */
export async function connectEach(
  addresses: readonly string[],
  port: number,
  context: ClassifyContext,
  signal: AbortSignal,
  localAddress?: string,
): Promise<TcpFinding> {
  const attempts = await Promise.all(
    addresses.map(async (address) => {
      const started = performance.now();
      try {
        const socket = await connectTcp(address, port, signal, localAddress);
        socket.destroy();
        return { address, ms: Math.round(performance.now() - started) };
      } catch (error) {
        return { address, error };
      }
    }),
  );
  const items: StepItem[] = attempts.map((attempt) => {
    const name = `${attempt.address} port ${port}`;
    if (!('error' in attempt)) return { name, ok: true, detail: `connected in ${attempt.ms} ms` };
    const code = (attempt.error as NodeJS.ErrnoException).code ?? '';
    return { name, ok: false, detail: TCP_WORDS[code] ?? (attempt.error as Error).message };
  });
  const reachable = attempts.filter((attempt) => !('error' in attempt)).map((attempt) => attempt.address);
  if (reachable.length > 0) {
    const others =
      items.length > reachable.length ? ` (${items.length - reachable.length} other addresses failed)` : '';
    return {
      reachable,
      result: {
        status: 'pass',
        message: `Port ${port} accepts connections on ${reachable.join(', ')}${others}.`,
        items,
      },
    };
  }
  const first = attempts.find((attempt) => 'error' in attempt);
  return {
    reachable,
    result: failure(first && 'error' in first ? first.error : new Error('no address'), context, { items }),
  };
}
