/**
 * Before the tests: builds the `stepwise` command (out/cli), so the tests that run bin/stepwise.js
 * run the built command from the sources as they are now; and starts a throwaway PostgreSQL cluster
 * for the office-mode tests (test/pg/cluster.ts), stopped after the last test. Where PostgreSQL's
 * server programs are not installed, the PostgreSQL tests say so and do not run; `.ci/run`
 * installs them and sets STEPWISE_REQUIRE_POSTGRES=1, so in CI their absence is a failure.
 */
import type { TestProject } from 'vitest/node';
import { buildCli } from '../scripts/build-cli.mjs';
import { postgresBinDir, startCluster, type ClusterInfo } from './pg/cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test cluster, or null (with the reason) when PostgreSQL is not installed. */
    postgres: { cluster: ClusterInfo; missing: null } | { cluster: null; missing: string };
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  await buildCli();
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
