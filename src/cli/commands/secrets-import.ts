/**
 * `gatehouse secrets import -c configuration.yml [--backend …] [--dry-run]`: move the secrets written in plain
 * text in the file into the secret store, and say where the backup (which still holds them) is. Exit 0 when done
 * (or nothing to do), 3 on any error, with the file unchanged.
 */
import { type ImportSecretsResult, importSecrets, SecretsImportError } from '../../api/secrets-import.js';
import { redact } from '../../common/redaction.js';
import { ConfigError } from '../../config/errors.js';
import type { PlaintextSecret } from '../../config/model.js';
import { type SecretBackendKind, SecretStoreError } from '../../secrets/store.js';
import { PromptCancelled } from '../hidden-input.js';
import { askPassphrase } from '../vault-passphrase.js';

export interface SecretsImportOptions {
  configuration: string;
  backend?: SecretBackendKind;
  workspace?: string;
  dryRun?: boolean;
}

export async function runSecretsImportCommand(options: SecretsImportOptions): Promise<number> {
  try {
    const result = await importSecrets(
      {
        configPath: options.configuration,
        backend: options.backend,
        workspace: options.workspace,
        dryRun: options.dryRun ?? false,
      },
      { passphrase: askPassphrase },
    );
    process.stdout.write(report(result));
    return 0;
  } catch (error) {
    const known =
      error instanceof SecretsImportError ||
      error instanceof ConfigError ||
      error instanceof SecretStoreError ||
      error instanceof PromptCancelled;
    if (!known) throw error;
    process.stderr.write(`gatehouse: ${redact(error.message)}\n`);
    process.stderr.write(`${options.configuration} was not changed.\n`);
    return 3;
  }
}

function lines(moved: PlaintextSecret[]): string {
  return moved
    .map(
      ({ dataSource, field, location }) =>
        `  ${dataSource} ${field}  (${location.filePath}:${location.line}:${location.col})\n`,
    )
    .join('');
}

function shellQuote(text: string): string {
  return /^[\w./:@%+=,-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

export function report(result: ImportSecretsResult): string {
  const { configPath, moved, store } = result;
  if (moved.length === 0 || !store) return `No secrets in plain text in ${configPath}: nothing to move.\n`;
  const count = `${moved.length} secret${moved.length === 1 ? '' : 's'}`;
  // Without its private_key in the file, a Snowflake block that named no authenticator would log in with a password.
  const added = result.added
    .map(({ dataSource, line }) => `  ${dataSource}: ${line} (its private_key chose key-pair login)\n`)
    .join('');
  if (result.dryRun) {
    const adding = added ? `and would write in their place:\n${added}` : '';
    return `Would move ${count} from ${configPath} into ${store.name}:\n${lines(moved)}${adding}Dry run: nothing was stored and the file is unchanged.\n`;
  }
  const backup = result.backupPath ?? '';
  return (
    `Moved ${count} from ${configPath} into ${store.name}:\n${lines(moved)}` +
    (added ? `Written in their place, so that the login mode stays the same:\n${added}` : '') +
    `Each was read back from ${store.name} and matched before its line was removed from the file.\n` +
    `\nBackup of the original file: ${backup} (readable by you only).\n` +
    'It still holds the secrets in plain text: check the new configuration, then delete the backup:\n' +
    `  rm ${shellQuote(backup)}\n`
  );
}
