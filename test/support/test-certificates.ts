/**
 * Throwaway X.509 material made with the `openssl` command: certificate authorities and the server and client
 * certificates they sign. EC P-256 keys, because they are generated in milliseconds.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from './run-command.js';

export interface CertificateAuthority {
  certFile: string;
  keyFile: string;
}

export interface IssuedCertificate {
  certFile: string;
  keyFile: string;
}

const KEY_OPTIONS = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
const DAYS = ['-days', '2'];

/** An openssl config holding only what we ask for, so the system's defaults cannot add or clash. */
async function writeConfig(path: string, commonName: string, extensions: string[]): Promise<string> {
  const text = [
    '[req]',
    'distinguished_name = dn',
    'prompt = no',
    '[dn]',
    `CN = ${commonName}`,
    '[ext]',
    ...extensions,
    '',
  ].join('\n');
  await writeFile(path, text);
  return path;
}

export async function createCertificateAuthority(dir: string, name: string, commonName: string) {
  const ca: CertificateAuthority = { certFile: join(dir, `${name}.crt`), keyFile: join(dir, `${name}.key`) };
  const config = await writeConfig(join(dir, `${name}.cnf`), commonName, [
    'basicConstraints = critical, CA:TRUE',
    'keyUsage = critical, keyCertSign, cRLSign',
    'subjectKeyIdentifier = hash',
  ]);
  await runCommand('openssl', [
    'req',
    '-x509',
    ...KEY_OPTIONS,
    ...DAYS,
    '-config',
    config,
    '-extensions',
    'ext',
    '-keyout',
    ca.keyFile,
    '-out',
    ca.certFile,
  ]);
  return ca;
}

export interface CertificateRequest {
  /** File name stem for the .crt and .key. */
  name: string;
  /** For client certificates PostgreSQL's `cert` auth compares this to the user name. */
  commonName: string;
  usage: 'serverAuth' | 'clientAuth';
  /** e.g. `DNS:localhost`, `IP:127.0.0.1`. */
  subjectAltNames?: string[];
  /** Validity in days from now (default 2); -1 gives a certificate that expired as it was made. */
  days?: number;
}

export async function issueCertificate(
  ca: CertificateAuthority,
  dir: string,
  request: CertificateRequest,
): Promise<IssuedCertificate> {
  const issued = { certFile: join(dir, `${request.name}.crt`), keyFile: join(dir, `${request.name}.key`) };
  const csrFile = join(dir, `${request.name}.csr`);
  const config = await writeConfig(join(dir, `${request.name}.cnf`), request.commonName, [
    'basicConstraints = CA:FALSE',
    'keyUsage = critical, digitalSignature, keyEncipherment',
    `extendedKeyUsage = ${request.usage}`,
    'authorityKeyIdentifier = keyid',
    ...(request.subjectAltNames?.length ? [`subjectAltName = ${request.subjectAltNames.join(', ')}`] : []),
  ]);
  await runCommand('openssl', [
    'req',
    '-new',
    ...KEY_OPTIONS,
    '-config',
    config,
    '-keyout',
    issued.keyFile,
    '-out',
    csrFile,
  ]);
  await runCommand('openssl', [
    'x509',
    '-req',
    '-in',
    csrFile,
    '-CA',
    ca.certFile,
    '-CAkey',
    ca.keyFile,
    '-CAcreateserial',
    ...(request.days !== undefined ? ['-days', String(request.days)] : DAYS),
    '-extfile',
    config,
    '-extensions',
    'ext',
    '-out',
    issued.certFile,
  ]);
  return issued;
}
