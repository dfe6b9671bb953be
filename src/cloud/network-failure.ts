/**
 * A failed exchange in words a reviewer on a flaky network can act on: what happened (not just ENOTFOUND) and what
 * to do. The system code stays in parentheses for whoever has to dig further.
 */
import { DeliveryError } from './errors.js';

/** What a socket-level code means, and what to do about it; undefined for codes without a better wording. */
function networkWords(code: string): string | undefined {
  switch (code) {
    case 'ENOTFOUND':
      return 'the name does not resolve (DNS); check the address, and whether this network needs a sign-in page first (hotel or guest Wi-Fi)';
    case 'EAI_AGAIN':
      return 'the DNS lookup failed for now; check the network connection';
    case 'ECONNREFUSED':
      return 'the connection was refused, nothing is listening there; check the address and port, or whether it is down';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'the connection was cut off mid-exchange';
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return 'no route to it from this network; check the network connection';
    default:
      return undefined;
  }
}

/** A socket that failed before any answer: said in words, always worth another try later. */
export function unreachable(error: unknown, target: string, via = ''): DeliveryError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const words = networkWords(code);
  const message = words
    ? `Could not reach ${target}${via}: ${words} (${code}).`
    : `Could not reach ${target}${via}: ${code || (error as Error).message}.`;
  return new DeliveryError(message, true, undefined, { cause: error });
}

/** The proxy itself could not be reached: HTTPS_PROXY is wrong or the proxy is down, not the destination. */
export function proxyUnreachable(error: unknown, proxy: URL): DeliveryError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const words = networkWords(code) ?? (error as Error).message;
  return new DeliveryError(
    `Could not reach the proxy ${proxy.host} named in HTTPS_PROXY: ${words}${code ? ` (${code})` : ''}. Nothing was sent; check HTTPS_PROXY (or NO_PROXY) with your IT department.`,
    true,
    undefined,
    { cause: error },
  );
}

/** No complete answer in time: a stalled network or a busy receiver, both worth another try later. */
export function noAnswer(target: string, timeoutMs: number): DeliveryError {
  return new DeliveryError(
    `${target} gave no complete answer within ${timeoutMs} ms: a stalled network or an overloaded receiver; worth trying again later.`,
    true,
  );
}

/** The proxy stayed silent before the tunnel was up: the silence is the proxy's, not the destination's. */
export function proxySilent(proxy: URL, target: string, timeoutMs: number): DeliveryError {
  return new DeliveryError(
    `The proxy ${proxy.host} named in HTTPS_PROXY gave no answer within ${timeoutMs} ms when asked to reach ${target}: check HTTPS_PROXY with your IT department. Nothing was sent.`,
    true,
  );
}

/** A proxy that answered CONNECT with something other than 200. */
export function proxyRefused(proxy: URL, target: string, status: number): DeliveryError {
  const advice =
    status === 407
      ? 'it wants credentials: ask your IT department for them and put them in HTTPS_PROXY as http://user:password@host:port'
      : status === 403
        ? `its policy blocks ${target}: ask your IT department to allow it`
        : status >= 500
          ? 'the proxy or its upstream failed; this may pass'
          : 'ask your IT department whether this proxy may reach that address';
  return new DeliveryError(
    `The proxy ${proxy.host} refused to open a tunnel to ${target} (HTTP ${status}): ${advice}. Nothing was sent.`,
    status >= 500 || status === 429,
    status,
  );
}

/** The certificate check failed: which way it failed decides what helps. */
export function certificateFailure(error: unknown, host: string): DeliveryError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const detail = code || (error as Error).message;
  let advice: string;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || /altname/i.test((error as Error).message)) {
    advice = `the certificate is for another name than ${host.replace(/:\d+$/, '')}: check the address in the configuration; a network that intercepts traffic (hotel or guest Wi-Fi sign-in page) can also cause this`;
  } else if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    advice =
      code === 'CERT_HAS_EXPIRED'
        ? "the certificate has expired: the receiver's operator must renew it (or check this computer's clock)"
        : "the certificate is not valid yet: check this computer's clock";
  } else {
    advice =
      'it is not signed by a trusted authority: if a corporate proxy re-signs TLS or the receiver uses a private CA, point NODE_EXTRA_CA_CERTS at that CA certificate';
  }
  return new DeliveryError(
    `The TLS certificate of ${host} could not be verified (${detail}): ${advice}. Nothing was sent.`,
    false,
    undefined,
    { cause: error },
  );
}
