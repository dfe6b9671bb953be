/**
 * The key-pair fingerprint against `openssl`'s own computation (Snowflake's documented recipe:
 * `openssl rsa -pubin -in rsa_key.pub -outform DER | openssl dgst -sha256 -binary | openssl enc -base64`), for keys
 * made by `openssl genrsa` / `openssl pkcs8`, encrypted and not.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadPrivateKey,
  PrivateKeyError,
  publicKeyFingerprint,
} from '../../../src/connectors/snowflake/private-key.js';
import { itWhen } from '../../support/prerequisites.js';

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version']);
    return true;
  } catch {
    return false;
  }
})();

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-sf-key-'));
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

/** Snowflake's recipe, run by openssl itself. */
function opensslFingerprint(publicKeyFile: string): string {
  const der = openssl('rsa', '-pubin', '-in', publicKeyFile, '-outform', 'DER');
  const digest = execFileSync('openssl', ['dgst', '-sha256', '-binary'], { input: der });
  return `SHA256:${execFileSync('openssl', ['enc', '-base64', '-A'], { input: digest }).toString().trim()}`;
}

describe('Snowflake private keys', () => {
  itWhen(hasOpenssl, 'the openssl command')(
    'fingerprints unencrypted and encrypted keys as openssl does',
    () => {
      openssl('genrsa', '-out', 'rsa.pem', '2048');
      openssl('pkcs8', '-topk8', '-inform', 'PEM', '-in', 'rsa.pem', '-out', 'rsa_key.p8', '-nocrypt');
      openssl(
        'pkcs8',
        '-topk8',
        '-v2',
        'aes-256-cbc',
        '-in',
        'rsa.pem',
        '-out',
        'rsa_key_enc.p8',
        '-passout',
        'pass:s3cret-pass',
      );
      openssl('rsa', '-in', 'rsa.pem', '-pubout', '-out', 'rsa_key.pub');
      const expected = opensslFingerprint('rsa_key.pub');
      expect(expected).toMatch(/^SHA256:[A-Za-z0-9+/]{43}=$/);
      const plain = readFileSync(join(dir, 'rsa_key.p8'), 'utf8');
      const encrypted = readFileSync(join(dir, 'rsa_key_enc.p8'), 'utf8');
      const traditional = readFileSync(join(dir, 'rsa.pem'), 'utf8');
      expect(publicKeyFingerprint(loadPrivateKey(plain, undefined))).toBe(expected);
      expect(publicKeyFingerprint(loadPrivateKey(encrypted, 's3cret-pass'))).toBe(expected);
      expect(publicKeyFingerprint(loadPrivateKey(traditional, undefined))).toBe(expected);
    },
  );

  itWhen(hasOpenssl, 'the openssl command')('tells a wrong, a missing passphrase and a non-key apart', () => {
    openssl('genrsa', '-out', 'other.pem', '2048');
    openssl(
      'pkcs8',
      '-topk8',
      '-v2',
      'aes-256-cbc',
      '-in',
      'other.pem',
      '-out',
      'other_enc.p8',
      '-passout',
      'pass:right',
    );
    const encrypted = readFileSync(join(dir, 'other_enc.p8'), 'utf8');
    const kindOf = (pem: string, passphrase?: string) => {
      try {
        loadPrivateKey(pem, passphrase);
        return 'loaded';
      } catch (error) {
        return error instanceof PrivateKeyError ? error.kind : String(error);
      }
    };
    expect(kindOf(encrypted, 'wrong')).toBe('passphrase-wrong');
    expect(kindOf(encrypted)).toBe('passphrase-missing');
    expect(kindOf(encrypted, 'right')).toBe('loaded');
    expect(kindOf('/home/me/rsa_key.p8')).toBe('not-a-key');
    openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ec.pem');
    expect(kindOf(readFileSync(join(dir, 'ec.pem'), 'utf8'))).toBe('not-rsa');
  });
});

describe('a private key held on one line', () => {
  it('with its line breaks written as \\n (CI secrets, .env files): read as the PEM it is, encrypted or not', () => {
    const make = (cipher?: string) =>
      generateKeyPairSync('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: cipher
          ? { type: 'pkcs8', format: 'pem', cipher, passphrase: 'pw-1234' }
          : { type: 'pkcs8', format: 'pem' },
      }).privateKey;
    const plain = make();
    const encrypted = make('aes-256-cbc');
    const oneLine = (pem: string) => pem.trimEnd().replaceAll('\n', '\\n');
    expect(oneLine(plain)).not.toContain('\n');
    expect(publicKeyFingerprint(loadPrivateKey(oneLine(plain), undefined))).toBe(
      publicKeyFingerprint(loadPrivateKey(plain, undefined)),
    );
    expect(publicKeyFingerprint(loadPrivateKey(oneLine(encrypted), 'pw-1234'))).toBe(
      publicKeyFingerprint(loadPrivateKey(encrypted, 'pw-1234')),
    );
    // Windows line ends written out (\r\n) too.
    const crlf = plain.trimEnd().replaceAll('\n', '\\r\\n');
    expect(() => loadPrivateKey(crlf, undefined)).not.toThrow();
  });
});
