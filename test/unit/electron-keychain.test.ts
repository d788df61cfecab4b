/** The office password is kept only by a real OS keychain (Electron's safeStorage), never under Linux's fixed-key fallback. */
import { describe, expect, it } from 'vitest';
import { electronKeychain, type SafeStorageSlice } from '../../src/main/electron/keychain';

function safeStorage(available: boolean, backend?: string): SafeStorageSlice & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    isEncryptionAvailable: () => available,
    encryptString: (plain) => (calls.push('encrypt'), Buffer.from([...Buffer.from(plain)].reverse())),
    decryptString: (data) => (calls.push('decrypt'), Buffer.from([...data].reverse()).toString()),
    ...(backend ? { getSelectedStorageBackend: () => backend } : {}),
  };
}

describe('the keychain for the office password', () => {
  it.each([
    ['darwin', undefined],
    ['win32', undefined],
    ['linux', 'gnome_libsecret'],
    ['linux', 'kwallet5'],
  ] as const)('uses safeStorage on %s (%s)', (platform, backend) => {
    const s = safeStorage(true, backend);
    const chain = electronKeychain(s, platform);
    expect(chain.note).toBeNull();
    const sealed = chain.keeper!.encrypt('s3cret');
    expect(sealed.toString()).not.toContain('s3cret');
    expect(chain.keeper!.decrypt(sealed)).toBe('s3cret');
    expect(s.calls).toEqual(['encrypt', 'decrypt']);
  });

  it("keeps nothing where safeStorage has no keychain, or only Linux's fixed-key fallback, and says what to do instead", () => {
    const none = electronKeychain(safeStorage(false), 'darwin');
    expect(none).toEqual({ keeper: null, note: expect.stringMatching(/no keychain.*PGPASSWORD/) });
    const basic = electronKeychain(safeStorage(true, 'basic_text'), 'linux');
    expect(basic).toEqual({ keeper: null, note: expect.stringMatching(/no keyring \(GNOME Keyring or KWallet\).*fixed key/) });
    expect(electronKeychain(safeStorage(true), 'linux').keeper).toBeNull();
  });
});
