/**
 * An office database as the PostgreSQL tests start from it: a test database in the throwaway cluster,
 * migrated by IT's (the superuser's) socket connection, a laptop's demo cohort copied in, office users
 * added with passwords; and a keychain as the OS gives one, for Settings → Office database.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import pg from 'pg';
import { RosterQuery } from '../../src/shared/api/students';
import type { HandlerContext } from '../../src/main/handlers/context';
import { officeOnlyDb } from '../../src/main/handlers/context';
import type { Db } from '../../src/main/db/open';
import type { Keychain } from '../../src/main/office/connection';
import { postgresStore } from '../../src/main/store/postgres';
import { connectionConfig } from '../../src/main/store/postgres/connect';
import { copyLaptopToOffice } from '../../src/main/store/postgres/copy';
import { migratePostgres } from '../../src/main/store/postgres/migrate';
import { addOfficeUser, type OfficeRole } from '../../src/main/store/postgres/office-users';
import type { Store } from '../../src/main/store/store';
import type { ClusterInfo } from './cluster';
import { createTestDatabase, type TestDatabase } from './databases';

export interface Office {
  d: TestDatabase;
  /** IT's connection string (the superuser, over the socket). */
  ownerUrl: string;
  /** A password login's connection string (TLS not needed on 127.0.0.1). */
  urlOf(login: string): string;
  /** Adds an office user with this role and office name; returns their login. */
  addUser(role: OfficeRole, displayName: string, password: string, suffix?: string): Promise<string>;
  /** A session (its own pool) of a login added with addUser; closed by close(). */
  sessionOf(login: string, password: string): HandlerContext & { store: Store };
  /** A query as IT, on a connection of its own. */
  query<T extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** A migrated office database in the cluster; with `laptop`, that laptop's records copied in (as `office copy` does). */
export async function officeDatabase(cluster: ClusterInfo, laptop?: Db, asOf = '2026-11-26'): Promise<Office> {
  const d = await createTestDatabase(cluster);
  const ownerUrl = `postgres://${cluster.superuser}@/${d.name}?host=${encodeURIComponent(cluster.socketDir)}&port=${cluster.port}`;
  const asOwner = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client(connectionConfig(ownerUrl));
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  await asOwner(async (c) => {
    await migratePostgres(c);
    if (laptop) await copyLaptopToOffice(laptop, c as unknown as pg.PoolClient, { sourceName: 'laptop.db', asOf });
  });
  const sessions: Store[] = [];
  const urlOf = (login: string) => `postgres://${login}@127.0.0.1:${cluster.port}/${d.name}`;
  return {
    d,
    ownerUrl,
    urlOf,
    addUser: async (role, displayName, password, suffix = role) => {
      const login = `${d.name}_${suffix}`;
      await asOwner((c) => addOfficeUser(c, { login, displayName, role, password }));
      return login;
    },
    sessionOf(login, password) {
      const store = postgresStore(new pg.Pool({ ...connectionConfig(urlOf(login)), password }), { warmRoster: false });
      sessions.push(store);
      return { db: officeOnlyDb(), store, databasePath: 'office', actor: login };
    },
    query: (sql, params = []) => asOwner(async (c) => (await c.query(sql, params)).rows),
    async close() {
      for (const s of sessions) await s.close();
      await d.drop();
    },
  };
}

/** A keychain as the OS gives one: AES-256-GCM under a key this process holds (as safeStorage's is held by the OS). */
export function testKeychain(key = randomBytes(32)): Keychain {
  return {
    note: null,
    keeper: {
      encrypt(plain) {
        const iv = randomBytes(12);
        const c = createCipheriv('aes-256-gcm', key, iv);
        const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
        return Buffer.concat([iv, c.getAuthTag(), body]);
      },
      decrypt(data) {
        const d = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
        d.setAuthTag(data.subarray(12, 28));
        return Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8');
      },
    },
  };
}

/** The office the role tests sign in as: IT (a superuser client), a coordinator, a dean, two advisors and the committee. */
export const TEAM = [
  ['coord', 'Casey Coordinator', 'coordinator'],
  ['dean', 'Dr. Dana Dean', 'dean'],
  ['adams', 'Dr. Adams', 'advisor'],
  ['baker', 'Dr. Baker', 'advisor'],
  ['panel', 'Committee Panel', 'committee'],
] as const satisfies readonly (readonly [string, string, OfficeRole])[];
export type TeamMember = (typeof TEAM)[number][0];

export interface Team {
  d: TestDatabase;
  /** IT's connection (the superuser, search_path stepwise): what no role may do, the owner can try. */
  admin: pg.Client;
  /** Logins are cluster-wide: each test database gets its own, prefixed with its name. */
  login(who: string): string;
  /** How a person connects, as `psql` would: their own login and password over 127.0.0.1. */
  connection(who: string, password?: string): pg.ClientConfig;
  /** A new connection of theirs (closed by close()); rejects when the password is wrong. */
  signIn(who: string, password?: string): Promise<pg.Client>;
  /** Each member's connection, signed in. */
  as: Record<TeamMember, pg.Client>;
  close(): Promise<void>;
}

/** A migrated empty office database and its team, each signed in with their own password (`password`). */
export async function officeTeam(cluster: ClusterInfo, password: string): Promise<Team> {
  const d = await createTestDatabase(cluster);
  const admin = new pg.Client(d.config);
  await admin.connect();
  await migratePostgres(admin);
  await admin.query('SET search_path = stepwise');
  const login = (who: string) => `${d.name}_${who}`;
  for (const [who, name, role] of TEAM) await addOfficeUser(admin, { login: login(who), displayName: name, role, password });
  const open: pg.Client[] = [];
  const connection = (who: string, pw = password): pg.ClientConfig => ({ host: '127.0.0.1', port: cluster.port, database: d.name, user: login(who), password: pw });
  const signIn = async (who: string, pw = password) => {
    const c = new pg.Client(connection(who, pw));
    await c.connect();
    open.push(c);
    return c;
  };
  const clients = await Promise.all(TEAM.map(([who]) => signIn(who)));
  const as = Object.fromEntries(TEAM.map(([who], i) => [who, clients[i]])) as Record<TeamMember, pg.Client>;
  return {
    d,
    admin,
    login,
    connection,
    signIn,
    as,
    async close() {
      for (const c of open) await c.end().catch(() => undefined);
      await admin.end();
      await d.drop();
      const cleanup = new pg.Client({ ...d.config, database: 'postgres' });
      await cleanup.connect();
      for (const [who] of TEAM) await cleanup.query(`DROP ROLE IF EXISTS ${cleanup.escapeIdentifier(login(who))}`);
      await cleanup.end();
    },
  };
}

let markers = 0;

/**
 * Resolves once `store` has been told of every change committed before the call (its cached cohort
 * then answers for them): a marker announced now, on the channel its listener hears, reaches it after
 * every earlier announcement, as PostgreSQL delivers a session's notifications in commit order. A test
 * waits on this, never on time, between one session's write and another session's read.
 */
export async function caughtUp(store: Store, via: pg.Client): Promise<void> {
  // A roster by risk evaluates the cohort, which first makes sure the store listens: a marker sent before that would go unheard.
  await store.roster(RosterQuery.parse({ sort: 'risk', limit: 1 }));
  const marker = `test-marker-${process.pid}-${++markers}`;
  const told = new Promise<void>((resolve) => {
    const off = store.onChange((change) => {
      if (change.table !== marker) return;
      off();
      resolve();
    });
  });
  await via.query(`SELECT pg_notify('stepwise_changes', $1)`, [JSON.stringify({ table: marker, by: 'test' })]);
  await told;
}
