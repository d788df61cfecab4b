/**
 * Before the tests: builds the `stepwise` command (out/cli), so the tests that run bin/stepwise.js
 * run the built command from the sources as they are now; and starts a throwaway PostgreSQL cluster
 * for the office-mode tests (test/pg/global-setup.ts), stopped after the last test.
 */
import type { TestProject } from 'vitest/node';
import { buildCli } from '../scripts/build-cli.mjs';
import { setupPostgres } from './pg/global-setup';

export default async function setup(project: TestProject): Promise<() => void> {
  await buildCli();
  return setupPostgres(project);
}
