import { z } from 'zod';
import { endpoint } from './contract';

/**
 * Settings → Office database (issue 12): which PostgreSQL database this app works on instead of the
 * laptop's file. The password is kept by the OS keychain (Electron's safeStorage) and never comes back
 * to the page; a shell without a keychain (the browser host, a Linux desktop without a keyring) can
 * test a connection but not keep one, and says why.
 */

export const OfficeConnection = z.object({
  /** A host name or address, or a Unix socket directory (/var/run/postgresql) on this machine. */
  host: z.string().trim().min(1, 'the server is required').max(255),
  port: z.number().int().min(1).max(65535),
  database: z.string().trim().min(1, 'the database is required').max(63),
  user: z.string().trim().min(1, 'your login is required').max(63),
  /** The office's own certificate authority (a PEM file), when IT's server certificate is not signed by a public one. */
  caFile: z
    .string()
    .trim()
    .max(1000)
    .nullable()
    .transform((v) => (v ? v : null)),
});
export type OfficeConnection = z.output<typeof OfficeConnection>;

export const OfficeLogin = OfficeConnection.extend({ password: z.string().max(1000) });
export type OfficeLogin = z.input<typeof OfficeLogin>;

export const OFFICE_ROLE_LABELS = {
  owner: 'Owner (IT: runs office init)',
  coordinator: 'Coordinator',
  dean: 'Dean',
  advisor: 'Advisor',
  committee: 'Committee (de-identified reports only)',
  none: 'No Stepwise role',
} as const;
export type OfficeRoleName = keyof typeof OFFICE_ROLE_LABELS;

export interface OfficeConnectionState {
  engine: 'sqlite' | 'postgres';
  /** The laptop file's path, or the office database's connection string without its password. */
  current: string;
  /** The login this window works as (an office database), else null. */
  user: string | null;
  role: OfficeRoleName | null;
  /** The office connection kept in Settings (null: this laptop's file), and whether its password is in the keychain. */
  saved: OfficeConnection | null;
  passwordKept: boolean;
  /** Whether this shell can keep a password in the OS keychain; if not, why not. */
  canKeepPassword: boolean;
  keychainNote: string | null;
  /** Why the kept connection is not in use (it failed when the app started), else null. */
  problem: string | null;
}

export interface OfficeTestResult {
  user: string;
  role: OfficeRoleName;
  students: number;
  schemaVersion: number;
  /** Whether the connection is encrypted (TLS); a socket or loopback connection need not be. */
  tls: boolean;
  server: string;
}

export const officeApi = {
  'office.connection': endpoint<OfficeConnectionState>()(z.object({})),
  /** Signs in once and says who and what this login is; keeps nothing. */
  'office.test': endpoint<OfficeTestResult>()(OfficeLogin),
  /** Signs in, keeps the connection (password in the keychain) and switches this window to it. */
  'office.connect': endpoint<OfficeConnectionState>()(OfficeLogin),
  /** Back to the laptop's own file; the kept connection and its password are forgotten. */
  'office.disconnect': endpoint<OfficeConnectionState>()(z.object({})),
};
