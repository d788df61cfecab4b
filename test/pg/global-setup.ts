/**
 * Starts the throwaway PostgreSQL cluster (cluster.ts) for a test run and provides it to the tests
 * (`inject('postgres')`, see databases.ts); returns the teardown. Where PostgreSQL's server programs
 * are not installed, the PostgreSQL tests say so and do not run; `.ci/run` installs them and sets
 * STEPWISE_REQUIRE_POSTGRES=1, so in CI their absence is a failure.
 */
import type { TestProject } from 'vitest/node';
import { postgresBinDir, startCluster, type ClusterInfo } from './cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test cluster, or null (with the reason) when PostgreSQL is not installed. */
    postgres: { cluster: ClusterInfo; missing: null } | { cluster: null; missing: string };
  }
}

export async function setupPostgres(project: TestProject): Promise<() => void> {
  const binDir = postgresBinDir();
  if (!binDir) {
    const missing = 'PostgreSQL is not installed here (apt-get install postgresql): the office-mode (PostgreSQL) tests did not run.';
    if (process.env.STEPWISE_REQUIRE_POSTGRES === '1') throw new Error(`${missing} STEPWISE_REQUIRE_POSTGRES=1 requires them.`);
    process.stderr.write(`${missing}\n`);
    project.provide('postgres', { cluster: null, missing });
    return () => {};
  }
  const cluster = await startCluster(binDir);
  project.provide('postgres', { cluster: { socketDir: cluster.socketDir, port: cluster.port, superuser: cluster.superuser, dataDir: cluster.dataDir }, missing: null });
  return () => cluster.stop();
}

export default setupPostgres;
