/**
 * The office's people: each signs in with a PostgreSQL login of their own, granted one of the four
 * group roles that migration 0005 creates, and listed in `office_users` with the name the office
 * knows them by (an advisor's students are those whose Advisor field is that name). Run by IT or by
 * `stepwise office add-user` on a connection allowed to create roles.
 */
import type { ClientBase } from 'pg';
import { z } from 'zod';
import { STEPWISE_SCHEMA } from './migrate';

export const OFFICE_ROLES = ['coordinator', 'dean', 'advisor', 'committee'] as const;
export type OfficeRole = (typeof OFFICE_ROLES)[number];

export const OfficeUserInput = z.object({
  /** A PostgreSQL login: lower-case letters, digits and _ (what IT's account names look like). */
  login: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a login is lower-case letters, digits and _, starting with a letter, at most 63 characters'),
  displayName: z.string().trim().min(1).max(120),
  role: z.enum(OFFICE_ROLES),
  password: z.string().min(12, 'a password of at least 12 characters').max(200),
});
export type OfficeUserInput = z.infer<typeof OfficeUserInput>;

export function groupRole(role: OfficeRole): string {
  return `stepwise_${role}`;
}

/** Creates the login (or, for an existing one, sets its password) and grants it exactly one office role. */
export async function addOfficeUser(admin: ClientBase, input: OfficeUserInput): Promise<void> {
  const u = OfficeUserInput.parse(input);
  const login = admin.escapeIdentifier(u.login);
  await admin.query('BEGIN');
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [u.login])).rowCount! > 0;
    await admin.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${login} LOGIN PASSWORD ${admin.escapeLiteral(u.password)}`);
    for (const other of OFFICE_ROLES) if (other !== u.role) await admin.query(`REVOKE ${groupRole(other)} FROM ${login}`);
    await admin.query(`GRANT ${groupRole(u.role)} TO ${login}`);
    await admin.query(`ALTER ROLE ${login} SET search_path = ${STEPWISE_SCHEMA}`);
    await admin.query(
      `INSERT INTO ${STEPWISE_SCHEMA}.office_users (login, display_name, role) VALUES ($1, $2, $3)
       ON CONFLICT (login) DO UPDATE SET display_name = excluded.display_name, role = excluded.role`,
      [u.login, u.displayName, u.role],
    );
    await admin.query('COMMIT');
  } catch (err) {
    await admin.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
