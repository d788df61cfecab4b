/** The throwaway cluster itself: reachable through its socket as the superuser, and over TCP only with a password. */
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { createTestDatabase, describePostgres, type TestDatabase } from '../pg/databases';

describePostgres('the test PostgreSQL cluster', (cluster) => {
  const made: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of made) await d.drop();
  });

  it('serves a fresh database per test file through its socket', async () => {
    const d = await createTestDatabase(cluster);
    made.push(d);
    const c = new pg.Client(d.config);
    await c.connect();
    const r = await c.query<{ db: string; version: string }>('SELECT current_database() AS db, current_setting($1) AS version', ['server_version_num']);
    await c.end();
    expect(r.rows[0].db).toBe(d.name);
    expect(Number(r.rows[0].version)).toBeGreaterThanOrEqual(150000);
  });

  it('refuses a TCP connection without the right password', async () => {
    const c = new pg.Client({ host: '127.0.0.1', port: cluster.port, user: cluster.superuser, database: 'postgres', password: 'wrong' });
    await expect(c.connect()).rejects.toThrow(/password authentication failed/);
  });
});
