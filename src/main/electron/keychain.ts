/**
 * The OS keychain as Electron's safeStorage offers it (macOS Keychain, Windows DPAPI, the Linux
 * Secret Service or KWallet), for the office database's password. No `electron` import: the slice of
 * safeStorage used is a parameter, so a unit test drives exactly this code (test/unit/electron-keychain.test.ts).
 * On Linux without a keyring safeStorage falls back to a fixed key ("basic_text"): that is no
 * keychain, and the password is then not kept at all.
 */
import type { Keychain } from '../office/connection';

export interface SafeStorageSlice {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(data: Buffer): string;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
}

export function electronKeychain(safeStorage: SafeStorageSlice, platform: NodeJS.Platform): Keychain {
  if (!safeStorage.isEncryptionAvailable())
    return { keeper: null, note: 'the operating system offers this app no keychain, so the office password cannot be kept safely. Use the command line with PGPASSWORD or ~/.pgpass.' };
  if (platform === 'linux' && (safeStorage.getSelectedStorageBackend?.() ?? 'basic_text') === 'basic_text')
    return {
      keeper: null,
      note: 'this Linux desktop has no keyring (GNOME Keyring or KWallet), so the office password would be kept under a fixed key. Install a keyring, or use the command line with PGPASSWORD or ~/.pgpass.',
    };
  return { keeper: { encrypt: (plain) => safeStorage.encryptString(plain), decrypt: (data) => safeStorage.decryptString(data) }, note: null };
}
