/**
 * What the OS keychain's failures mean for a person. The native binding reports everything as one generic
 * error whose text names the cause; the text is matched here, once, so callers only see SecretStoreError codes.
 */
import { SecretStoreError } from './store.js';

export const VAULT_HINT = 'use the encrypted vault: GATEHOUSE_SECRET_BACKEND=vault';

/** What to do when the keychain cannot be reached, in this OS's terms. */
export function unavailableRemedy(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'linux' || platform === 'freebsd') {
    return (
      'Start a D-Bus session with an unlocked keyring (e.g. log in to a desktop session; headless: ' +
      `dbus-run-session + gnome-keyring-daemon --unlock) or ${VAULT_HINT}.`
    );
  }
  return `Check that this session can use the ${keychainDescription(platform)}, or ${VAULT_HINT}.`;
}

export const LOCKED_REMEDY = 'Unlock your keyring (your desktop asks for its password), then try again.';

export function keychainDescription(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'darwin':
      return 'macOS Keychain';
    case 'win32':
      return 'Windows Credential Manager';
    default:
      return 'Secret Service (GNOME Keyring / KWallet)';
  }
}

// A locked store: Secret Service's dismissed unlock prompt or locked collection, macOS's denied interaction.
const LOCKED = [
  /prompt was dismissed/i,
  /\blocked\b/i,
  /user canceled/i,
  /interaction is not allowed/i,
  /errSecInteractionNotAllowed|-25308/,
  /errSecAuthFailed|-25293/,
];

/** The whole message, causes included: the binding nests the useful part (`DBus error: …`) in `cause`. */
function fullText(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error && parts.length < 5; e = e.cause) {
    // Each level often repeats the one below it: keep a message only if it adds something.
    if (!parts.some((part) => part.includes(e.message))) parts.push(e.message);
  }
  return parts.length ? parts.join(': ') : String(error);
}

/** `action` says what was attempted: "store the secret warehouse:password". */
export function keychainError(error: unknown, action: string): SecretStoreError {
  if (error instanceof SecretStoreError) return error;
  const text = fullText(error);
  const where = keychainDescription();
  if (LOCKED.some((pattern) => pattern.test(text))) {
    return new SecretStoreError(
      'locked',
      `Could not ${action}: the ${where} is locked (${text}).`,
      LOCKED_REMEDY,
      {
        cause: error,
      },
    );
  }
  if (/did not receive a reply|\bNoReply\b/i.test(text)) {
    // The service owns its bus name but did not answer in time: with gnome-keyring that is a locked keyring whose
    // unlock prompt nobody answered (headless, the prompter can take longer to give up than the reply timeout), or
    // a stuck daemon. An unreachable service fails at once instead (no bus, no owner of the name).
    return new SecretStoreError(
      'locked',
      `Could not ${action}: the ${where} is locked or stuck: it did not answer in time, as when an unlock prompt is left unanswered (${text}).`,
      `${LOCKED_REMEDY} If it is already unlocked, restart the keyring daemon (gnome-keyring-daemon --replace).`,
      { cause: error },
    );
  }
  if (/too long/i.test(text)) {
    // Windows Credential Manager keeps at most 2,560 bytes per secret: a long private key does not fit.
    return new SecretStoreError(
      'invalid',
      `Could not ${action}: the value is too long for the ${where} (${text}).`,
      `Store it in the encrypted vault instead (--backend vault).`,
      { cause: error },
    );
  }
  if (/no result found/i.test(text)) {
    // gnome-keyring without a default (login) collection: nothing to store into until one is created.
    return new SecretStoreError(
      'unavailable',
      `Could not ${action}: the ${where} has no default keyring to keep secrets in (${text}).`,
      unavailableRemedy(),
      { cause: error },
    );
  }
  return new SecretStoreError(
    'unavailable',
    `Could not ${action}: the ${where} cannot be reached (${text}).`,
    unavailableRemedy(),
    { cause: error },
  );
}
