/**
 * The office connection kept in Settings (issue 12): where the office's PostgreSQL database is and who
 * signs in, in a small JSON file next to the laptop's database, and the password apart from it,
 * encrypted by the OS keychain (Electron's safeStorage) — never in a plain file. Shell-neutral: the
 * Electron shell hands in its keychain; a shell without one can test a connection but not keep it.
 */
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OfficeConnection } from '../../shared/api/office';

/** The OS keychain's encryption, as Electron's safeStorage offers it. */
export interface SecretKeeper {
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

/** A shell's keychain: a keeper, or why there is none (said on the Settings page). */
export type Keychain = { keeper: SecretKeeper; note: null } | { keeper: null; note: string };

const CONNECTION_FILE = 'office-connection.json';
const PASSWORD_FILE = 'office-password.bin';

/** The connection string for a kept connection: a socket directory or a server (TLS verified beyond loopback: store/postgres/connect.ts). */
export function officeUrl(c: OfficeConnection): string {
  const user = encodeURIComponent(c.user);
  const database = encodeURIComponent(c.database);
  if (c.host.startsWith('/')) return `postgres://${user}@/${database}?host=${encodeURIComponent(c.host)}&port=${c.port}`;
  const host = c.host.includes(':') && !c.host.startsWith('[') ? `[${c.host}]` : c.host;
  return `postgres://${user}@${host}:${c.port}/${database}${c.caFile ? `?sslrootcert=${encodeURIComponent(c.caFile)}` : ''}`;
}

/** The kept connection and its password, in one folder (the app's user-data folder). */
export class OfficeConnectionFiles {
  constructor(
    private readonly dir: string,
    private readonly keychain: Keychain,
  ) {}

  get canKeepPassword(): boolean {
    return this.keychain.keeper !== null;
  }

  get keychainNote(): string | null {
    return this.keychain.note;
  }

  /** The kept connection, or null; a damaged file reads as none (and is said to be damaged by `problem`). */
  read(): { connection: OfficeConnection | null; problem: string | null } {
    const file = path.join(this.dir, CONNECTION_FILE);
    if (!existsSync(file)) return { connection: null, problem: null };
    try {
      return { connection: OfficeConnection.parse(JSON.parse(readFileSync(file, 'utf8'))), problem: null };
    } catch (err) {
      return { connection: null, problem: `The office connection kept in ${file} cannot be read (${(err as Error).message.split('\n')[0]}); set it again in Settings → Office database.` };
    }
  }

  hasPassword(): boolean {
    return existsSync(path.join(this.dir, PASSWORD_FILE));
  }

  /** The kept password, decrypted by the keychain; null when none is kept or the keychain cannot open it. */
  password(): string | null {
    const file = path.join(this.dir, PASSWORD_FILE);
    if (!this.keychain.keeper || !existsSync(file)) return null;
    try {
      return this.keychain.keeper.decrypt(readFileSync(file));
    } catch {
      return null;
    }
  }

  /** Keeps a connection and its password; refused (nothing written) where there is no keychain. */
  save(connection: OfficeConnection, password: string): void {
    if (!this.keychain.keeper) throw new Error(this.keychain.note);
    const secret = this.keychain.keeper.encrypt(password);
    writePrivate(path.join(this.dir, PASSWORD_FILE), secret);
    writePrivate(path.join(this.dir, CONNECTION_FILE), `${JSON.stringify(connection, null, 2)}\n`);
  }

  forget(): void {
    rmSync(path.join(this.dir, CONNECTION_FILE), { force: true });
    rmSync(path.join(this.dir, PASSWORD_FILE), { force: true });
  }
}

/** Written readable by this user only (on POSIX; Windows keeps user-data private by its ACLs). */
function writePrivate(file: string, data: string | Buffer): void {
  writeFileSync(file, data, { mode: 0o600 });
  chmodSync(file, 0o600);
}
