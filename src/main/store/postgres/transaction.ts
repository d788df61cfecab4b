import type pg from 'pg';
import type { AuditContext } from '../../db/audit';

/** Runs fn in one transaction on one connection, the audit context set for the database's triggers. */
export async function inTransaction<T>(pool: pg.Pool, who: AuditContext, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // The actor is the session's login (the database writes it); the context says where the change came from.
    await client.query(`SELECT set_config('stepwise.context', $1, true)`, [who.context ?? '']);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
