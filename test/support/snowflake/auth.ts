/**
 * Login checks per authenticator, as snowflake-sdk sends them in `POST /session/v1/login-request`:
 * - SNOWFLAKE (default): `data.PASSWORD`; a programmatic access token is also accepted as a password.
 * - SNOWFLAKE_JWT: `data.TOKEN`, an RS256 JWT whose issuer is `ACCOUNT.USER.SHA256:<fingerprint>` and subject
 *   `ACCOUNT.USER`; the fingerprint must name one of the user's registered public keys and the signature verify
 *   with it. (snowflake-sdk writes `iat`/`exp` in milliseconds; seconds are accepted too.)
 * - OAUTH: `data.TOKEN`, one of the user's OAuth tokens, not expired.
 * - PROGRAMMATIC_ACCESS_TOKEN: `data.TOKEN`; refused with 390432 when no network policy applies to the user.
 * - EXTERNALBROWSER: `data.TOKEN`, the token the identity provider handed the browser (one of the user's
 *   `ssoTokens`), and `data.PROOF_KEY`, the key the client made for this login.
 */
import { createHash, createPublicKey, type KeyObject, timingSafeEqual, verify } from 'node:crypto';
import * as z from 'zod/mini';
import { sfErrors } from './errors.js';
import type { ExpiringToken, UserSpec } from './model.js';

/** Snowflake's public-key fingerprint: `SHA256:` + base64 of the SHA-256 of the key's DER SubjectPublicKeyInfo. */
export function publicKeyFingerprint(key: string | KeyObject): string {
  const object = typeof key === 'string' ? createPublicKey(key) : key;
  const der = object.export({ format: 'der', type: 'spki' });
  return `SHA256:${createHash('sha256').update(der).digest('base64')}`;
}

export const LoginData = z.looseObject({
  ACCOUNT_NAME: z.optional(z.string()),
  LOGIN_NAME: z.optional(z.string()),
  PASSWORD: z.optional(z.nullable(z.string())),
  TOKEN: z.optional(z.nullable(z.string())),
  AUTHENTICATOR: z.optional(z.string()),
  PROOF_KEY: z.optional(z.nullable(z.string())),
  CLIENT_APP_ID: z.optional(z.string()),
  CLIENT_APP_VERSION: z.optional(z.string()),
  SESSION_PARAMETERS: z.optional(z.record(z.string(), z.unknown())),
});
export type LoginData = z.infer<typeof LoginData>;

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The token if the list holds it: 'valid', 'expired', or undefined when it is not there. */
function tokenState(tokens: readonly ExpiringToken[] | undefined, token: string, now: number) {
  const found = tokens?.find((candidate) => sameSecret(candidate.token, token));
  if (!found) return undefined;
  return found.expiresAt && found.expiresAt.getTime() <= now ? 'expired' : 'valid';
}

const JwtHeader = z.object({ alg: z.string() });
const JwtClaims = z.object({ iss: z.string(), sub: z.string(), iat: z.number(), exp: z.number() });

const base64url = (text: string) => Buffer.from(text, 'base64url');
/** snowflake-sdk puts milliseconds where the JWT standard wants seconds. */
const toMillis = (value: number) => (value > 1e11 ? value : value * 1000);

function verifyJwt(token: string, user: UserSpec, account: string, now: number): void {
  const parts = token.split('.');
  if (parts.length !== 3) throw sfErrors.jwtInvalid('not a JWT');
  const [headerText, claimsText, signature] = parts as [string, string, string];
  let header: z.infer<typeof JwtHeader>;
  let claims: z.infer<typeof JwtClaims>;
  try {
    header = JwtHeader.parse(JSON.parse(base64url(headerText).toString('utf8')));
    claims = JwtClaims.parse(JSON.parse(base64url(claimsText).toString('utf8')));
  } catch {
    throw sfErrors.jwtInvalid('unreadable header or claims');
  }
  if (header.alg !== 'RS256') throw sfErrors.jwtInvalid(`algorithm ${header.alg} is not RS256`);
  const subject = `${account.toUpperCase()}.${user.name.toUpperCase()}`;
  if (claims.sub !== subject) throw sfErrors.jwtInvalid(`subject ${claims.sub} is not ${subject}`);
  const prefix = `${subject}.`;
  if (!claims.iss.startsWith(prefix))
    throw sfErrors.jwtInvalid(`issuer ${claims.iss} does not start with ${prefix}`);
  const fingerprint = claims.iss.slice(prefix.length);
  const key = (user.rsaPublicKeys ?? [])
    .map((pem) => createPublicKey(pem))
    .find((candidate) => publicKeyFingerprint(candidate) === fingerprint);
  if (!key) throw sfErrors.jwtInvalid(`no public key of ${user.name} has fingerprint ${fingerprint}`);
  const signed = Buffer.from(`${headerText}.${claimsText}`);
  if (!verify('RSA-SHA256', signed, key, base64url(signature))) throw sfErrors.jwtInvalid('bad signature');
  if (toMillis(claims.exp) <= now) throw sfErrors.jwtInvalid('expired');
  if (toMillis(claims.iat) > now + 60_000) throw sfErrors.jwtInvalid('issued in the future');
}

export interface AuthContext {
  account: string;
  now: number;
  /** Whether a network policy applies to the user (a PAT needs one). */
  hasNetworkPolicy: boolean;
}

/** Throws the SnowflakeError Snowflake would answer; returns the authenticator used on success. */
export function authenticate(user: UserSpec, data: LoginData, ctx: AuthContext): string {
  const authenticator = (data.AUTHENTICATOR ?? 'SNOWFLAKE').toUpperCase();
  const token = data.TOKEN ?? '';
  switch (authenticator) {
    case 'SNOWFLAKE': {
      const password = data.PASSWORD ?? '';
      if (user.password !== undefined && password !== '' && sameSecret(user.password, password))
        return authenticator;
      const pat = tokenState(user.pats, password, ctx.now);
      if (pat && !ctx.hasNetworkPolicy) throw sfErrors.patNeedsPolicy();
      if (pat === 'valid') return 'PROGRAMMATIC_ACCESS_TOKEN';
      throw sfErrors.badCredentials();
    }
    case 'SNOWFLAKE_JWT':
      verifyJwt(token, user, ctx.account, ctx.now);
      return authenticator;
    case 'OAUTH': {
      const state = tokenState(user.oauthTokens, token, ctx.now);
      if (state === 'expired') throw sfErrors.oauthExpired();
      if (state !== 'valid') throw sfErrors.oauthInvalid();
      return authenticator;
    }
    case 'PROGRAMMATIC_ACCESS_TOKEN': {
      if (!ctx.hasNetworkPolicy) throw sfErrors.patNeedsPolicy();
      if (tokenState(user.pats, token, ctx.now) !== 'valid') throw sfErrors.badCredentials();
      return authenticator;
    }
    case 'EXTERNALBROWSER': {
      if (!data.PROOF_KEY) throw sfErrors.badCredentials();
      if (tokenState(user.ssoTokens, token, ctx.now) !== 'valid') throw sfErrors.badCredentials();
      return authenticator;
    }
    default:
      throw sfErrors.unsupportedAuthenticator(authenticator);
  }
}
