/**
 * Importing into an office database (PostgreSQL) against importing into a laptop's (SQLite), the
 * same 100,000-student workbook written by openpyxl (bench/.data, made by import.bench.ts; made here
 * when missing), same run, each into a fresh database:
 *   - end to end, as IT or a coordinator waits: `stepwise import FILE --db …`, process start to exit;
 *   - in process, through the store (Store.importRoster), the file already in memory.
 * Goal (issue 12): PostgreSQL ≤ 1.5× SQLite. The office database is a throwaway cluster
 * (test/pg/cluster.ts; needs Debian's postgresql) on this machine's Unix socket.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ImportInput } from '../src/shared/api/import';
import { openDatabase } from '../src/main/db/open';
import { sqliteStore } from '../src/main/store/sqlite';
import { openPostgresStore } from '../src/main/store/postgres';
import { connectionConfig } from '../src/main/store/postgres/connect';
import { migratePostgres } from '../src/main/store/postgres/migrate';
import type { Store } from '../src/main/store/store';
import { postgresBinDir, startCluster } from '../test/pg/cluster';
import { processMs, report } from './report';

const here = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(here), '..');
const STUDENTS = Number(process.env.STEPWISE_BENCH_STUDENTS ?? 100_000);
const RUNS = Number(process.env.OFFICE_IMPORT_BENCH_RUNS ?? 3);

/** The openpyxl-written workbook of import.bench.ts (its `generate` step makes and caches it). */
function workbook(): string {
  const data = path.join(ROOT, 'bench', '.data');
  const file = path.join(data, `cohort-v2-${STUDENTS}-openpyxl.xlsx`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(data, { recursive: true });
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'import.bench.ts'), 'generate', data], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, STEPWISE_BENCH_STUDENTS: String(STUDENTS) } });
    if (r.status !== 0 || !fs.existsSync(file)) throw new Error('office import bench: the openpyxl workbook could not be made (python3-openpyxl is needed)');
  }
  return file;
}

async function main() {
  const bin = postgresBinDir();
  if (!bin) {
    process.stdout.write('office import bench: PostgreSQL is not installed here (apt-get install postgresql); nothing measured\n');
    return;
  }
  const file = workbook();
  const bytes = new Uint8Array(fs.readFileSync(file));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-bench-office-import-'));
  const cluster = await startCluster(bin);
  let n = 0;
  /** A fresh, initialised office database; its URL on the cluster's socket. */
  const freshOffice = async () => {
    const name = `office_${n++}`;
    const admin = new pg.Client({ host: cluster.socketDir, port: cluster.port, user: cluster.superuser, database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = `postgres://${cluster.superuser}@/${name}?host=${encodeURIComponent(cluster.socketDir)}&port=${cluster.port}`;
    const owner = new pg.Client(connectionConfig(url));
    await owner.connect();
    await migratePostgres(owner);
    await owner.end();
    return url;
  };
  try {
    const mb = (bytes.byteLength / 1048576).toFixed(1);
    const e2e: Record<'SQLite' | 'PostgreSQL', number[]> = { SQLite: [], PostgreSQL: [] };
    const inProcess: Record<'SQLite' | 'PostgreSQL', number[]> = { SQLite: [], PostgreSQL: [] };
    for (let i = 0; i < RUNS; i++) {
      e2e.SQLite.push(processMs([path.join(ROOT, 'bin', 'stepwise.js'), 'import', file, '--db', path.join(dir, `cli-${i}.db`)]));
      e2e.PostgreSQL.push(processMs([path.join(ROOT, 'bin', 'stepwise.js'), 'import', file, '--db', await freshOffice()]));
      const input = ImportInput.parse({ file: bytes, fileName: path.basename(file) });
      const stores: ['SQLite' | 'PostgreSQL', () => Promise<Store>][] = [
        ['SQLite', async () => sqliteStore(await openDatabase(path.join(dir, `store-${i}.db`)))],
        ['PostgreSQL', async () => openPostgresStore(await freshOffice())],
      ];
      for (const [name, open] of stores) {
        const store = await open();
        const t0 = performance.now();
        const r = await store.importRoster('commit', input, {}, 'bench');
        inProcess[name].push(performance.now() - t0);
        if (!r.committed || r.students.added !== STUDENTS) throw new Error(`${name}: the import wrote ${JSON.stringify({ committed: r.committed, students: r.students, errors: r.errors.slice(0, 3) })}`);
        if (name === 'PostgreSQL') await store.close();
      }
    }
    const best = (xs: number[]) => Math.min(...xs);
    // Each PostgreSQL run against the SQLite run just before it: the load moves between runs on a shared machine.
    const pairedMedian = (t: Record<'SQLite' | 'PostgreSQL', number[]>) => {
      const r = t.PostgreSQL.map((ms, i) => ms / t.SQLite[i]).sort((a, b) => a - b);
      return r.length % 2 ? r[(r.length - 1) / 2] : (r[r.length / 2 - 1] + r[r.length / 2]) / 2;
    };
    for (const [what, t] of [
      ['stepwise import, process start to exit', e2e],
      ['Store.importRoster, in-process', inProcess],
    ] as const) {
      report(`office import (openpyxl-written workbook, ${mb} MB, ${STUDENTS} students): ${what}, SQLite`, best(t.SQLite), 'ms');
      report(`office import (openpyxl-written workbook): ${what}, PostgreSQL`, best(t.PostgreSQL), 'ms');
      const ratio = best(t.PostgreSQL) / best(t.SQLite);
      report(`office import: ${what}, PostgreSQL / SQLite`, ratio, 'x', { text: '≤ 1.5', ok: ratio <= 1.5 });
      report(`office import: ${what}, PostgreSQL / SQLite, median of ${RUNS} paired runs`, pairedMedian(t), 'x');
    }
  } finally {
    cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
