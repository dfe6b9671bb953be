/** The loud warning for a secret written in plain text in configuration.yml, with the one command that fixes it. */
import type { PlaintextSecret } from '../config/model.js';
import type { SecretBackendKind } from '../secrets/store.js';

/** A path as a shell word: quoted only when it needs to be. */
function shellWord(text: string): string {
  return /^[\w./:@%+=,-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

export function plaintextSecretWarning(
  secret: PlaintextSecret,
  configPath: string,
  backend?: SecretBackendKind,
): string {
  const { line, col } = secret.location;
  const owner = secret.dataSource === 'soda_cloud' ? 'soda_cloud' : `data source ${secret.dataSource}`;
  const where = `${configPath}:${line}:${col}`;
  const command = `gatehouse secrets import -c ${shellWord(configPath)}${backend ? ` --backend ${backend}` : ''}`;
  return `${secret.field} of ${owner} is stored in plain text in ${where} — move it into the keychain with: ${command}`;
}
