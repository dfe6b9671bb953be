/**
 * The keychain store's probe and error mapping, with the native binding replaced by a fake that behaves as the
 * real one does in the failure modes that are hard to stage: a write that "succeeds" while a read-back answers
 * null (the no-session-bus trap), and the binding's error texts. The real keyring is tested in
 * test/integration/secrets-keychain.test.ts.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => ({
  stored: new Map<string, string>(),
  /** When set, every call rejects with this message. */
  failWith: undefined as string | undefined,
  /** The no-bus trap: writes vanish, reads answer null. */
  forgetful: false,
  calls: [] as string[],
}));

vi.mock('@napi-rs/keyring', () => {
  const fail = () => (fake.failWith ? Promise.reject(new Error(fake.failWith)) : undefined);
  class AsyncEntry {
    constructor(
      readonly service: string,
      readonly account: string,
    ) {}
    async setPassword(value: string): Promise<void> {
      fake.calls.push(`set ${this.account}`);
      await fail();
      if (!fake.forgetful) fake.stored.set(this.account, value);
    }
    async getPassword(): Promise<string | null> {
      fake.calls.push(`get ${this.account}`);
      await fail();
      return fake.stored.get(this.account) ?? null;
    }
    async deleteCredential(): Promise<boolean> {
      await fail();
      return fake.stored.delete(this.account);
    }
  }
  return {
    AsyncEntry,
    findCredentialsAsync: async () => {
      await fail();
      return [...fake.stored].map(([account, password]) => ({ account, password }));
    },
  };
});

const { KeychainStore } = await import('../../../src/secrets/keychain.js');
const { SecretStoreError } = await import('../../../src/secrets/store.js');

const REF = { dataSource: 'warehouse', field: 'password' };

async function rejection(promise: Promise<unknown>): Promise<InstanceType<typeof SecretStoreError>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SecretStoreError);
  return error as InstanceType<typeof SecretStoreError>;
}

beforeEach(() => {
  fake.stored.clear();
  fake.failWith = undefined;
  fake.forgetful = false;
  fake.calls = [];
});

describe('KeychainStore', () => {
  it('probes once per store, then trusts a null as "not stored"; lists names without probe entries', async () => {
    const store = new KeychainStore();
    expect(await store.get(REF)).toBeUndefined();
    await store.set(REF, 'v');
    expect(await store.get(REF)).toBe('v');
    expect(await store.list()).toEqual([REF]);
    expect(fake.calls.filter((call) => call.startsWith('set .probe:'))).toHaveLength(1);
    expect([...fake.stored.keys()]).toEqual(['warehouse:password']);
  });

  it('a write that reads back null is "unavailable", never "no secret stored"', async () => {
    fake.forgetful = true;
    const store = new KeychainStore();
    const error = await rejection(store.get(REF));
    expect(error.code).toBe('unavailable');
    expect(error.message).toContain('gave nothing back');
    expect(error.message).toContain('GATEHOUSE_SECRET_BACKEND=vault');
    expect((await rejection(store.list())).code).toBe('unavailable');
    expect(await store.status()).toMatchObject({ available: false, code: 'unavailable' });
  });

  it('maps the binding errors: no bus → unavailable with the fix; dismissed unlock prompt → locked', async () => {
    fake.failWith = "Couldn't access platform storage: AccessDenied";
    const noBus = await rejection(new KeychainStore().set(REF, 'v'));
    expect(noBus.code).toBe('unavailable');
    if (process.platform === 'linux') expect(noBus.message).toContain('dbus-run-session');

    fake.failWith = "Couldn't access platform storage: Secret Service: unlock prompt was dismissed";
    const locked = await rejection(new KeychainStore().get(REF));
    expect(locked.code).toBe('locked');
    expect(locked.message).toContain('Unlock your keyring');

    // A D-Bus reply timeout: the service is there but waits on an unanswered unlock prompt (or is stuck).
    fake.failWith =
      "Couldn't access platform storage: Platform failure: DBus error: Did not receive a reply. Possible causes include: the reply timeout expired";
    const noReply = await rejection(new KeychainStore().get(REF));
    expect(noReply.code).toBe('locked');
    expect(noReply.message).toContain('is locked or stuck');
    expect(noReply.remedy).toContain('Unlock your keyring');
  });

  it('retries the probe after a failure (the user may have unlocked the keyring since)', async () => {
    const store = new KeychainStore();
    fake.failWith = 'unlock prompt was dismissed';
    expect((await store.status()).available).toBe(false);
    fake.failWith = undefined;
    expect((await store.status()).available).toBe(true);
  });
});
