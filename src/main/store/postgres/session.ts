/**
 * Signing in to an office database from Settings: the store under the person's own login, and what
 * the database says about the session (who, which Stepwise role, whether TLS protects it).
 */
import pg from 'pg';
import type { OfficeRoleName } from '../../../shared/api/office';
import { connectionConfig } from './connect';
import { openPostgresStore } from './index';
import { schemaVersion } from './migrate';

export interface OfficeSessionFacts {
  user: string;
  role: OfficeRoleName;
  tls: boolean;
  server: string;
  schemaVersion: number;
  /** Students this login can see (0 before `office init`, or for the committee, who reads only de-identified views). */
  students: number;
}

const ROLE_SQL = `
  SELECT session_user AS "user",
    CASE
      WHEN pg_has_role(session_user, (SELECT nspowner FROM pg_namespace WHERE nspname = 'stepwise'), 'MEMBER') THEN 'owner'
      WHEN to_regrole('stepwise_coordinator') IS NOT NULL AND pg_has_role(session_user, 'stepwise_coordinator', 'MEMBER') THEN 'coordinator'
      WHEN to_regrole('stepwise_dean') IS NOT NULL AND pg_has_role(session_user, 'stepwise_dean', 'MEMBER') THEN 'dean'
      WHEN to_regrole('stepwise_advisor') IS NOT NULL AND pg_has_role(session_user, 'stepwise_advisor', 'MEMBER') THEN 'advisor'
      WHEN to_regrole('stepwise_committee') IS NOT NULL AND pg_has_role(session_user, 'stepwise_committee', 'MEMBER') THEN 'committee'
      ELSE 'none' END AS role,
    coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false) AS tls,
    current_setting('server_version') AS server`;

/** Who the login is on that database (one short connection); throws the driver's error, which names the cause. */
export async function officeSessionFacts(url: string, password: string | undefined): Promise<OfficeSessionFacts> {
  const client = new pg.Client({ ...connectionConfig(url), ...(password ? { password } : {}), connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const facts = (await client.query<Omit<OfficeSessionFacts, 'schemaVersion' | 'students'>>(ROLE_SQL)).rows[0];
    const version = await schemaVersion(client);
    const readable = version > 0 && (await client.query<{ ok: boolean }>(`SELECT has_table_privilege('stepwise.students', 'SELECT') AS ok`)).rows[0].ok;
    const students = readable ? Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM stepwise.students')).rows[0].n) : 0;
    return { ...facts, schemaVersion: version, students };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The store of an office database under this login, with what the database says about the session. */
export async function openOfficeSession(url: string, password: string | undefined) {
  const facts = await officeSessionFacts(url, password);
  if (facts.role === 'none')
    throw Object.assign(new Error(`${facts.user} has no Stepwise role on this database: IT adds one with stepwise office add-user ${facts.user} --role ROLE.`), { code: 'NO_ROLE' });
  const store = await openPostgresStore(url, { ...(password ? { password } : {}), connectionTimeoutMillis: 10_000 });
  return { store, facts };
}
