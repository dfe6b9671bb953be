/** The vault passphrase, asked for on the terminal (a new vault asks twice); without one, say which variable to set. */
import { SecretStoreError } from '../secrets/store.js';
import type { PassphraseSource } from '../secrets/vault.js';
import { canPrompt, promptHidden, promptHiddenTwice } from './hidden-input.js';

export const askPassphrase: PassphraseSource = async ({ path, creating }) => {
  if (!canPrompt()) {
    throw new SecretStoreError(
      'unavailable',
      `The vault ${path} needs a passphrase and there is no terminal to ask for it.`,
      'Set GATEHOUSE_VAULT_PASSPHRASE.',
    );
  }
  return creating
    ? promptHiddenTwice(`New vault ${path}: choose a passphrase: `)
    : promptHidden(`Passphrase for the vault ${path}: `);
};
