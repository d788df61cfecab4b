/**
 * Office mode (PostgreSQL) against the laptop (SQLite), 100,000 students, same run, same data: a
 * demo cohort built in SQLite, then moved into a throwaway PostgreSQL cluster (test/pg/cluster.ts;
 * needs Debian's postgresql) by `office copy`, whose time is reported too. Each then answers, in
 * process and through the store (median of RUNS after a warm-up):
 *   - the flags of the whole cohort (cohortFlagsFrom: read in chunks and evaluated);
 *   - the roster's first page by name and by risk: on SQLite cold = its cohort index built; on
 *     PostgreSQL cold = the cohort read and evaluated into memory, warm = served from it (until the
 *     database announces a change).
 * Not measured yet, because office mode does not do them yet: importing into PostgreSQL, the
 * dashboard and the committee report on PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/main/db/open';
import { loadDemoCohort } from '../src/main/demo/load';
import { cohortFlagsFrom } from '../src/main/flags/cohort';
import { RosterQuery } from '../src/shared/api/students';
import { sqliteStore } from '../src/main/store/sqlite';
import { openPostgresStore } from '../src/main/store/postgres';
import { connectionConfig } from '../src/main/store/postgres/connect';
import { copyLaptopToOffice } from '../src/main/store/postgres/copy';
import { migratePostgres } from '../src/main/store/postgres/migrate';
import type { Store } from '../src/main/store/store';
import { postgresBinDir, startCluster } from '../test/pg/cluster';
import { report } from './report';

const STUDENTS = Number(process.env.STEPWISE_BENCH_STUDENTS ?? 100_000);
const AS_OF = '2026-05-01';
const RUNS = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function ms(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function main() {
  const bin = postgresBinDir();
  if (!bin) {
    process.stdout.write('office bench: PostgreSQL is not installed here (apt-get install postgresql); nothing measured\n');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-bench-office-'));
  const cluster = await startCluster(bin);
  try {
    const laptop = await openDatabase(path.join(dir, 'laptop.db'));
    loadDemoCohort(laptop, { students: STUDENTS, seed: 2027, asOf: AS_OF }, { actor: 'bench', context: 'office benchmark' });
    const admin = new pg.Client({ host: cluster.socketDir, port: cluster.port, user: cluster.superuser, database: 'postgres' });
    await admin.connect();
    await admin.query('CREATE DATABASE office');
    await admin.end();
    const url = `postgres://${cluster.superuser}@/office?host=${encodeURIComponent(cluster.socketDir)}&port=${cluster.port}`;
    const owner = new pg.Client(connectionConfig(url));
    await owner.connect();
    await migratePostgres(owner);
    const copyMs = await ms(() => copyLaptopToOffice(laptop, owner as unknown as pg.PoolClient, { sourceName: 'laptop.db', asOf: AS_OF }));
    await owner.query('VACUUM ANALYZE');
    await owner.end();
    report(`office: office copy of ${STUDENTS} students (COPY, then counts and every student's flags compared)`, copyMs, 'ms');

    const lite = sqliteStore(laptop);
    const office = await openPostgresStore(url);
    const engines: [string, Store][] = [
      ['SQLite', lite],
      ['PostgreSQL', office],
    ];
    const flags: Record<string, number> = {};
    for (const [name, store] of engines) {
      const runs: number[] = [];
      for (let i = 0; i <= RUNS; i++) {
        const t = await ms(() => cohortFlagsFrom(store, { asOf: AS_OF }));
        if (i) runs.push(t);
      }
      flags[name] = median(runs);
      report(`office: whole-cohort flags through the store, ${name}`, flags[name], 'ms');
    }
    report('office: whole-cohort flags, PostgreSQL / SQLite', flags.PostgreSQL / flags.SQLite, 'x');

    for (const sort of ['name', 'risk'] as const) {
      const q = RosterQuery.parse({ asOf: AS_OF, sort, limit: 100 });
      for (const [name, store] of engines) {
        // Cold: a fresh store (SQLite: a fresh connection, so its cohort index is empty).
        const coldStore = name === 'SQLite' ? sqliteStore(await openDatabase(path.join(dir, 'laptop.db'))) : await openPostgresStore(url);
        const cold = await ms(() => coldStore.roster(q));
        const warm: number[] = [];
        for (let i = 0; i < RUNS; i++) warm.push(await ms(() => coldStore.roster(q)));
        if (name === 'PostgreSQL') await coldStore.close();
        report(`office: roster first page by ${sort}, ${name}, cold`, cold, 'ms');
        report(`office: roster first page by ${sort}, ${name}, warm`, median(warm), 'ms', sort === 'name' ? undefined : undefined);
      }
    }
    await office.close();
    laptop.close();
  } finally {
    cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
