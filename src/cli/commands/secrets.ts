/**
 * `gatehouse secrets set|list|delete|status`: data-source secrets in the OS keychain (or the vault, or read from
 * the environment). Values go in through a hidden prompt or standard input and are never printed. Exit code 3
 * for every error, and for `status` when the backend does not work.
 */
import {
  checkSecretRef,
  deleteSecret,
  listSecrets,
  type SecretsContext,
  secretsStatus,
  setSecret,
} from '../../api/secrets.js';
import { describeKeySecret } from '../../api/snowflake-key.js';
import { type SecretBackendKind, SecretStoreError } from '../../secrets/store.js';
import { canPrompt, PromptCancelled, promptHiddenTwice, readStdinValue } from '../hidden-input.js';
import { askPassphrase } from '../vault-passphrase.js';

export interface SecretsOptions {
  backend?: SecretBackendKind;
  workspace?: string;
}

const context: SecretsContext = { passphrase: askPassphrase };

/** Errors a user can fix: one clear line on stderr, exit 3. Anything else is a bug and propagates. */
async function handled(run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof SecretStoreError || error instanceof PromptCancelled) {
      process.stderr.write(`gatehouse: ${error.message}\n`);
      return 3;
    }
    throw error;
  }
}

async function readValue(ref: string, fromStdin: boolean | undefined): Promise<string> {
  if (fromStdin) return readStdinValue();
  if (!canPrompt()) {
    throw new SecretStoreError(
      'invalid',
      'No terminal to type the secret in.',
      `Pipe it in with --stdin, e.g. \`printenv PGPASSWORD | gatehouse secrets set ${ref.replace(':', ' ')} --stdin\`.`,
    );
  }
  return promptHiddenTwice(`Secret for ${ref} (not shown): `);
}

export function runSecretsSetCommand(
  dataSource: string,
  field: string,
  options: SecretsOptions & { stdin?: boolean },
): Promise<number> {
  return handled(async () => {
    checkSecretRef({ dataSource, field });
    const value = await readValue(`${dataSource}:${field}`, options.stdin);
    // A Snowflake key or passphrase is checked before it is stored; its public fingerprint is shown after.
    const key = await describeKeySecret({ ...options, dataSource, field, value }, context);
    const result = await setSecret({ ...options, dataSource, field, value }, context);
    process.stdout.write(`Stored ${dataSource}:${field} in the ${result.backend.description}.\n`);
    if (key?.fingerprint) {
      process.stdout.write(
        `Public key fingerprint: ${key.fingerprint}\n(Snowflake shows it as RSA_PUBLIC_KEY_FP in DESC USER; they must be equal.)\n`,
      );
    }
    if (key?.note) process.stdout.write(`${key.note}\n`);
    return 0;
  });
}

export function runSecretsDeleteCommand(
  dataSource: string,
  field: string,
  options: SecretsOptions,
): Promise<number> {
  return handled(async () => {
    const result = await deleteSecret({ ...options, dataSource, field }, context);
    process.stdout.write(
      result.deleted
        ? `Deleted ${dataSource}:${field} from the ${result.backend.description}.\n`
        : `No secret ${dataSource}:${field} in the ${result.backend.description}: nothing to delete.\n`,
    );
    return 0;
  });
}

export function runSecretsListCommand(options: SecretsOptions & { json?: boolean }): Promise<number> {
  return handled(async () => {
    const { secrets, backend } = await listSecrets(options, context);
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ backend, secrets }, null, 2)}\n`);
      return 0;
    }
    if (secrets.length === 0) {
      process.stdout.write(`No secrets stored in the ${backend.description}.\n`);
      return 0;
    }
    const width = Math.max('DATA SOURCE'.length, ...secrets.map((ref) => ref.dataSource.length));
    const lines = secrets.map((ref) => `${ref.dataSource.padEnd(width)}  ${ref.field}`);
    process.stdout.write(`${'DATA SOURCE'.padEnd(width)}  FIELD\n${lines.join('\n')}\n`);
    const count = secrets.length === 1 ? '1 secret' : `${secrets.length} secrets`;
    process.stdout.write(`\n${count} in the ${backend.description}.\n`);
    return 0;
  });
}

export function runSecretsStatusCommand(options: SecretsOptions & { json?: boolean }): Promise<number> {
  return handled(async () => {
    const status = await secretsStatus(options, context);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    } else {
      process.stdout.write(`Backend: ${status.kind} — ${status.description}\n`);
      process.stdout.write(status.available ? 'Status: works\n' : `Status: not usable\n${status.problem}\n`);
    }
    return status.available ? 0 : 3;
  });
}
