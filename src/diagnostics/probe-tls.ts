/**
 * The TLS step: open a connection of its own, let the engine start TLS (PostgreSQL's SSLRequest), handshake
 * without letting Node refuse the certificate, then judge it as the sslmode would: CA trust, expiry, host name.
 * So the report can say *what* is wrong with a certificate, not only that the handshake failed.
 */
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { checkServerIdentity, type PeerCertificate, type TLSSocket, connect as tlsConnect } from 'node:tls';
import type { ClassifyContext } from './classification.js';
import type { EngineTarget } from './engines/engine.js';
import { connectTcp, failure, untilAborted } from './probe-network.js';
import type { ProbeResult } from './step-runner.js';

export interface TlsProbeInput {
  target: EngineTarget;
  /** An address that accepted a TCP connection. */
  address: string;
  startTls?: (socket: Duplex, signal: AbortSignal) => Promise<boolean>;
  localAddress?: string;
}

function handshake(socket: Duplex, target: EngineTarget, signal: AbortSignal): Promise<TLSSocket> {
  const host = target.host.replace(/^\[|\]$/g, '');
  const secure = tlsConnect({
    ...target.tls.options,
    socket,
    // RFC 6066: SNI carries names only.
    ...(isIP(host) ? {} : { servername: host }),
    rejectUnauthorized: false,
    // `authorized` then means the CA chain only; the host name is judged on its own below.
    checkServerIdentity: () => undefined,
  });
  return untilAborted(
    new Promise<TLSSocket>((resolve, reject) => {
      secure.once('secureConnect', () => resolve(secure));
      secure.once('error', reject);
    }),
    signal,
  ).catch((error: unknown) => {
    secure.destroy();
    throw error;
  });
}

function names(value: Record<string, unknown> | undefined): string {
  if (!value) return '';
  return Object.entries(value)
    .map(([key, part]) => `${key}=${Array.isArray(part) ? part.join('+') : String(part)}`)
    .join(', ');
}

function certificateError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

function authorizationCode(socket: TLSSocket): string {
  const reason = socket.authorizationError as unknown;
  if (typeof reason === 'string') return reason;
  const error = reason as { code?: string; message?: string } | undefined;
  return error?.code ?? error?.message ?? 'CERT_UNTRUSTED';
}

function certificateFacts(
  socket: TLSSocket,
  certificate: PeerCertificate,
  hostOk: boolean,
): ProbeResult['facts'] {
  const cipher = socket.getCipher();
  return [
    { label: 'Protocol', value: `${socket.getProtocol() ?? 'unknown'}${cipher ? ` (${cipher.name})` : ''}` },
    { label: 'Subject', value: names(certificate.subject as unknown as Record<string, unknown>) },
    { label: 'Issuer', value: names(certificate.issuer as unknown as Record<string, unknown>) },
    { label: 'Valid', value: `${certificate.valid_from} – ${certificate.valid_to}` },
    ...(certificate.subjectaltname ? [{ label: 'Names', value: certificate.subjectaltname }] : []),
    {
      label: 'CA trust',
      value: socket.authorized ? 'trusted' : `not trusted (${authorizationCode(socket)})`,
    },
    { label: 'Host name', value: hostOk ? 'matches' : 'does not match' },
  ];
}

export async function probeTls(
  input: TlsProbeInput,
  context: ClassifyContext,
  signal: AbortSignal,
): Promise<ProbeResult> {
  const { target } = input;
  const plan = target.tls;
  if (plan.use === 'none') {
    return { status: 'skipped', message: `No TLS (${plan.setting}): the connection is not encrypted.` };
  }
  let socket: Duplex | undefined;
  try {
    socket = await connectTcp(input.address, target.port, signal, input.localAddress);
    const accepted = input.startTls ? await input.startTls(socket, signal) : true;
    if (!accepted) {
      if (plan.use === 'optional') {
        return {
          status: 'pass',
          message: `The server offers no TLS; with ${plan.setting} the connection goes unencrypted.`,
          facts: [{ label: 'Encryption', value: 'none (the server does not support TLS)' }],
        };
      }
      return failure(new Error('The server does not support SSL connections'), context);
    }
    const secure = await handshake(socket, target, signal);
    socket = secure;
    const certificate = secure.getPeerCertificate();
    const host = target.host.replace(/^\[|\]$/g, '');
    const hostError = checkServerIdentity(host, certificate);
    const facts = certificateFacts(secure, certificate, hostError === undefined);
    if (plan.verifyCa && !secure.authorized) {
      const code = authorizationCode(secure);
      return failure(certificateError(code, `certificate verification failed: ${code}`), context, { facts });
    }
    if (plan.verifyHost && hostError) return failure(hostError, context, { facts });
    const checked = [plan.verifyCa ? 'trusted' : '', plan.verifyHost ? 'names the host' : '']
      .filter(Boolean)
      .join(' and ');
    const verdict = checked
      ? `the certificate is ${checked}`
      : `the certificate is not verified (${plan.setting})`;
    return { status: 'pass', message: `${secure.getProtocol() ?? 'TLS'} handshake done; ${verdict}.`, facts };
  } catch (error) {
    return failure(error, context);
  } finally {
    socket?.destroy();
  }
}
