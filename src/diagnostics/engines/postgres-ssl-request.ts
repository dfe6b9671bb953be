/**
 * PostgreSQL's TLS start: the client sends an SSLRequest packet on the plain socket and the server answers with one
 * byte, `S` (go ahead with the TLS handshake) or `N` (no TLS here). Only then does the handshake begin.
 */
import type { Duplex } from 'node:stream';

/** Length 8, then the SSLRequest code 1234.5679 (80877103), both big-endian int32. */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

export class ProtocolError extends Error {
  override name = 'ProtocolError';
  readonly code = 'EPROTO';
}

/** True when the server agrees to TLS, false when it has none. Rejects on a non-PostgreSQL answer or abort. */
export function postgresSslRequest(socket: Duplex, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
      signal.removeEventListener('abort', onAbort);
    };
    const onData = (chunk: Buffer) => {
      cleanup();
      // Anything after the answer byte would be unencrypted data injected before the handshake (CVE-2021-23222).
      if (chunk.length !== 1) {
        reject(
          new ProtocolError(`The server answered the SSLRequest with ${chunk.length} bytes instead of 1.`),
        );
        return;
      }
      const answer = String.fromCharCode(chunk[0] as number);
      if (answer === 'S') resolve(true);
      else if (answer === 'N') resolve(false);
      else
        reject(
          new ProtocolError(
            `The server answered the SSLRequest with ${JSON.stringify(answer)}: this port may not be PostgreSQL.`,
          ),
        );
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' }));
    };
    const onAbort = () => {
      cleanup();
      reject(signal.reason);
    };
    if (signal.aborted) return onAbort();
    socket.on('data', onData);
    socket.once('error', onError);
    socket.once('close', onClose);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.write(SSL_REQUEST);
  });
}
