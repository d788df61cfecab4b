/**
 * A fresh, empty PostgreSQL database per test file on the throwaway cluster the global setup
 * started: created through the superuser's socket connection, dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, inject } from 'vitest';
import type { ClusterInfo } from './cluster';

export function testCluster(): ClusterInfo | null {
  return inject('postgres').cluster;
}

/**
 * `describe` for PostgreSQL tests: runs where the test cluster is up; elsewhere one skipped suite
 * whose name says why (the global setup fails instead when STEPWISE_REQUIRE_POSTGRES=1).
 */
export function describePostgres(name: string, body: (cluster: ClusterInfo) => void): void {
  const state = inject('postgres');
  if (state.cluster) describe(name, () => body(state.cluster!));
  else describe.skip(`${name} — ${state.missing}`, () => {});
}

export function superuserConfig(cluster: ClusterInfo, database = 'postgres'): pg.ClientConfig {
  return { host: cluster.socketDir, port: cluster.port, user: cluster.superuser, database };
}

export interface TestDatabase {
  name: string;
  /** A superuser connection config for this database (the socket: no password). */
  config: pg.ClientConfig;
  drop(): Promise<void>;
}

export async function createTestDatabase(cluster: ClusterInfo, prefix = 'stepwise_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client(superuserConfig(cluster));
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    config: superuserConfig(cluster, name),
    async drop() {
      const c = new pg.Client(superuserConfig(cluster));
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
