/**
 * Office mode (PostgreSQL) against the laptop (SQLite), 100,000 students, same run, same data: a
 * demo cohort built in SQLite, then moved into a throwaway PostgreSQL cluster (test/pg/cluster.ts;
 * needs Debian's postgresql) by `office copy`, whose time is reported too. Each then answers, in
 * process and through the store (median of RUNS after a warm-up):
 *   - the flags of the whole cohort (cohortFlagsFrom: read in chunks and evaluated);
 *   - the roster's first page by name and by risk: on SQLite cold = its cohort index built; on
 *     PostgreSQL cold = the cohort read and evaluated into memory, warm = served from it (until the
 *     database announces a change).
 *   - the dashboard: its eight views for the whole cohort, through the handlers (the page asks them
 *     at once), cold (the cohort evaluated first) and warm (median);
 *   - the roster in Chromium (the web host over the office database, as the office's people use it):
 *     time from navigation to the roster's first rows drawn, by name and by risk; cold = a fresh host
 *     whose store has evaluated nothing yet (and a browser that has not loaded the page's code),
 *     warm = the page loaded again with the cohort evaluated and held. Needs `npm run build`.
 *   - the committee workbook through the store (Store.reportSource: SQLite reads its own file, an
 *     office database is first read into a private snapshot file), as bytes in memory like the
 *     Reports page; and `stepwise report --db …` on each engine from process start to exit, against
 *     Node loading exceljs plus the baseline (report.bench.ts gives SQLite's alone, in fresh processes).
 * The import into PostgreSQL is measured by office-import.bench.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { chromium, type Page } from 'playwright-core';
import { openDatabase } from '../src/main/db/open';
import { loadDemoCohort } from '../src/main/demo/load';
import { cohortFlagsFrom } from '../src/main/flags/cohort';
import { RosterQuery } from '../src/shared/api/students';
import { invoke } from '../src/main/handlers';
import { officeOnlyDb, type HandlerContext } from '../src/main/handlers/context';
import { committeeReportBytes } from '../src/main/reports/output';
import { ReportOptions } from '../src/shared/api/reports';
import { sqliteStore } from '../src/main/store/sqlite';
import { openPostgresStore } from '../src/main/store/postgres';
import { connectionConfig } from '../src/main/store/postgres/connect';
import { copyLaptopToOffice } from '../src/main/store/postgres/copy';
import { migratePostgres } from '../src/main/store/postgres/migrate';
import type { Store } from '../src/main/store/store';
import { startWebHost } from '../src/main/web/server';
import { postgresBinDir, startCluster } from '../test/pg/cluster';
import { CHROMIUM, CHROMIUM_ARGS, RENDERER_DIR } from '../test/e2e/harness';
import { processMs, report, reportCells, writeBaseline } from './report';

const STUDENTS = Number(process.env.STEPWISE_BENCH_STUDENTS ?? 100_000);
const AS_OF = '2026-05-01';
const RUNS = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function ms(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Records when the roster's first data row appears (as bench/roster.bench.ts). */
const PROBE = `
  window.__firstRowsAt = null;
  new MutationObserver(() => {
    if (window.__firstRowsAt === null && document.querySelector('[role=row][aria-rowindex="2"] [role=gridcell]')) window.__firstRowsAt = performance.now();
  }).observe(document, { subtree: true, childList: true });
`;

/** Polls an expression in the page (waitForFunction would compile it inside the page, which the CSP forbids). */
async function until(page: Page, expression: string, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * The roster in Chromium, by name and by risk, cold and warm: on the office database, and on the
 * laptop's SQLite file in the same run (what the page itself costs on this machine at this load).
 */
async function rosterInChromium(url: string, laptopFile: string): Promise<void> {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    process.stderr.write('office bench: no built renderer (npm run build): the roster in Chromium is not measured\n');
    return;
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    for (const sort of ['name', 'risk'] as const)
      for (const engine of ['SQLite', 'PostgreSQL'] as const) {
        // A fresh store (nothing evaluated; SQLite: a fresh connection, its cohort index empty) behind a
        // fresh host, and a browser context with an empty cache.
        const db = engine === 'SQLite' ? await openDatabase(laptopFile) : null;
        const store = db ? sqliteStore(db) : await openPostgresStore(url);
        const ctx: HandlerContext = db ? { db, store, databasePath: laptopFile, actor: 'bench' } : { db: officeOnlyDb(), store, databasePath: 'office', actor: 'bench' };
        const host = await startWebHost({ ctx, rendererDir: RENDERER_DIR, port: 0 });
        const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
        await context.addInitScript(PROBE);
        const page = await context.newPage();
        const load = async () => {
          await page.goto('about:blank');
          await page.goto(`${host.url}#/roster?asOf=${AS_OF}${sort === 'risk' ? '&sort=risk' : ''}`);
          await until(page, 'window.__firstRowsAt !== null');
          return (await page.evaluate('window.__firstRowsAt')) as number;
        };
        try {
          const cold = await load();
          // Warm: the cohort evaluated and held (by name, the first load started it in the background).
          await store.roster(RosterQuery.parse({ asOf: AS_OF, sort: 'risk', limit: 1 }));
          const warm: number[] = [];
          for (let i = 0; i < RUNS; i++) warm.push(await load());
          report(`office: roster first rows in Chromium by ${sort}, ${engine}, cold (fresh host and browser cache)`, cold, 'ms', { text: '< 1000', ok: cold < 1000 });
          report(`office: roster first rows in Chromium by ${sort}, ${engine}, warm (cohort held; median of ${RUNS} page loads)`, median(warm), 'ms', { text: '< 1000', ok: median(warm) < 1000 });
        } finally {
          await context.close();
          await host.close();
          if (db) db.close();
          else await store.close();
        }
      }
  } finally {
    await browser.close();
  }
}

/** A laptop file and its office database, built here (a throwaway cluster) or given by STEPWISE_BENCH_LAPTOP and STEPWISE_BENCH_OFFICE (built earlier, same seed and date). */
async function prepare(dir: string): Promise<{ laptopFile: string; url: string; stop: () => void } | null> {
  const given = { laptopFile: process.env.STEPWISE_BENCH_LAPTOP, url: process.env.STEPWISE_BENCH_OFFICE };
  if (given.laptopFile && given.url) return { laptopFile: given.laptopFile, url: given.url, stop: () => undefined };
  const bin = postgresBinDir();
  if (!bin) {
    process.stdout.write('office bench: PostgreSQL is not installed here (apt-get install postgresql); nothing measured\n');
    return null;
  }
  const cluster = await startCluster(bin);
  try {
    const laptopFile = path.join(dir, 'laptop.db');
    const laptop = await openDatabase(laptopFile);
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
    laptop.close();
    report(`office: office copy of ${STUDENTS} students (COPY, then counts and every student's flags compared)`, copyMs, 'ms');
    return { laptopFile, url, stop: () => cluster.stop() };
  } catch (err) {
    cluster.stop();
    throw err;
  }
}


const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Which parts to measure (STEPWISE_BENCH_PARTS, comma-separated; default all). */
const PARTS = new Set((process.env.STEPWISE_BENCH_PARTS ?? 'flags,roster,dashboard,chromium,report').split(','));

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-bench-office-'));
  const prepared = await prepare(dir).catch((err: unknown) => {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  if (!prepared) return fs.rmSync(dir, { recursive: true, force: true });
  const { laptopFile, url } = prepared;
  try {
    const laptop = await openDatabase(laptopFile);
    const lite = sqliteStore(laptop);
    const office = await openPostgresStore(url);
    const engines: [string, Store][] = [
      ['SQLite', lite],
      ['PostgreSQL', office],
    ];
    if (PARTS.has('flags')) {
      // The two engines alternate round by round (the same load on the shared machine for both).
      const runs: Record<string, number[]> = { SQLite: [], PostgreSQL: [] };
      for (let i = 0; i <= RUNS; i++)
        for (const [name, store] of engines) {
          const t = await ms(() => cohortFlagsFrom(store, { asOf: AS_OF }));
          if (i) runs[name].push(t);
        }
      for (const [name] of engines) report(`office: whole-cohort flags through the store, ${name} (median; rounds ${runs[name].map(Math.round).join(', ')})`, median(runs[name]), 'ms');
      const paired = runs.PostgreSQL.map((t, i) => t / runs.SQLite[i]);
      report(`office: whole-cohort flags, PostgreSQL / SQLite (median of paired rounds: ${paired.map((x) => x.toFixed(2)).join(', ')})`, median(paired), 'x');
    }

    if (PARTS.has('roster'))
    for (const sort of ['name', 'risk'] as const) {
      const q = RosterQuery.parse({ asOf: AS_OF, sort, limit: 100 });
      for (const [name, store] of engines) {
        // Cold: a fresh store (SQLite: a fresh connection, so its cohort index is empty).
        const coldStore = name === 'SQLite' ? sqliteStore(await openDatabase(laptopFile)) : await openPostgresStore(url);
        const cold = await ms(() => coldStore.roster(q));
        const warm: number[] = [];
        for (let i = 0; i < RUNS; i++) warm.push(await ms(() => coldStore.roster(q)));
        if (name === 'PostgreSQL') await coldStore.close();
        report(`office: roster first page by ${sort}, ${name}, cold`, cold, 'ms');
        report(`office: roster first page by ${sort}, ${name}, warm`, median(warm), 'ms', sort === 'name' ? undefined : undefined);
      }
    }
    // The dashboard as the page asks it: its eight views at once, for the whole cohort; then each view
    // alone, warm, as the goal reads ("dashboard queries < 100 ms"): the slowest one is reported.
    const VIEWS = ['dashboard.counts', 'dashboard.ckBySpecialty', 'dashboard.ckTimeline', 'dashboard.riskByClass', 'dashboard.practiceTrend', 'dashboard.atRisk', 'dashboard.followUps', 'dashboard.options'] as const;
    const view = async (ctx: HandlerContext, name: (typeof VIEWS)[number]) => {
      const r = await invoke(ctx, name, (name === 'dashboard.options' ? {} : { asOf: AS_OF }) as never);
      if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    };
    if (PARTS.has('dashboard'))
    for (const [name] of engines) {
      // Cold: a fresh connection (SQLite: an empty cohort index; PostgreSQL: no evaluated cohort yet).
      const fresh = name === 'SQLite' ? sqliteStore(await openDatabase(laptopFile)) : await openPostgresStore(url);
      const ctx: HandlerContext = name === 'SQLite' ? { db: laptop, store: fresh, databasePath: laptopFile, actor: 'bench' } : { db: officeOnlyDb(), store: fresh, databasePath: 'office', actor: 'bench' };
      const cold = await ms(() => Promise.all(VIEWS.map((v) => view(ctx, v))));
      const slowest: [string, number] = ['', 0];
      for (const v of VIEWS) {
        const warm: number[] = [];
        for (let i = 0; i < RUNS; i++) warm.push(await ms(() => view(ctx, v)));
        if (median(warm) > slowest[1]) [slowest[0], slowest[1]] = [v, median(warm)];
      }
      // A filter not asked before (a person choosing another class or advisor): each view's first
      // answer for it, the cohort held. The page asks its views at once, so the first of them finds the
      // filter's students; each view here is asked first for a filter of its own, to time that too.
      const advisors = (await fresh.dashboard.options()).advisors;
      const newFilter: [string, number] = ['', 0];
      for (const [i, v] of VIEWS.entries()) {
        if (v === 'dashboard.options') continue;
        const t = await ms(async () => {
          const r = await invoke(ctx, v, { asOf: AS_OF, advisor: advisors[i % advisors.length] } as never);
          if (!r.ok) throw new Error(`${v}: ${r.error.message}`);
        });
        if (t > newFilter[1]) [newFilter[0], newFilter[1]] = [v, t];
      }
      if (name === 'PostgreSQL') await fresh.close();
      report(`office: dashboard, all eight views at once, ${name}, cold (cohort evaluated first)`, cold, 'ms');
      report(`office: dashboard, slowest view warm (${slowest[0]}), ${name}`, slowest[1], 'ms', { text: '< 100', ok: slowest[1] < 100 });
      report(`office: dashboard, slowest view's first answer for a filter not asked before (${newFilter[0]}), ${name}`, newFilter[1], 'ms', { text: '< 100', ok: newFilter[1] < 100 });
    }

    if (PARTS.has('chromium')) await rosterInChromium(url, laptopFile);

    if (PARTS.has('report')) {
      // Against exceljs's streaming writer writing the same cells (report.bench.ts's baseline), the
      // engines and the baseline alternating round by round.
      const sheets = reportCells(laptop, ReportOptions.parse({ asOf: AS_OF }));
      const runs: Record<string, number[]> = { baseline: [], SQLite: [], PostgreSQL: [] };
      for (let i = 0; i <= RUNS; i++) {
        const file = path.join(dir, 'baseline.xlsx');
        const b = await ms(() => writeBaseline(sheets, file));
        fs.rmSync(file);
        if (i) runs.baseline.push(b);
        const round: Record<string, number> = {};
        for (const [name, store] of engines) {
          const t = await ms(async () => {
            const source = await store.reportSource(AS_OF);
            try {
              await committeeReportBytes(source.db, ReportOptions.parse({ asOf: AS_OF }), { who: { actor: 'bench', context: 'bench' } });
            } finally {
              await source.release();
            }
          });
          if (i) runs[name].push(t);
          round[name] = t;
        }
        process.stderr.write(`office bench: report round ${i}${i ? '' : ' (warm-up)'}: baseline ${Math.round(b)} ms, SQLite ${Math.round(round.SQLite)} ms, PostgreSQL ${Math.round(round.PostgreSQL)} ms, load ${os.loadavg()[0].toFixed(1)}\n`);
      }
      report(`office: committee workbook baseline, exceljs streaming writer, same cells, no styles (median of ${RUNS})`, median(runs.baseline), 'ms');
      for (const [name] of engines) {
        report(`office: committee workbook (${STUDENTS} students) through the store, ${name} (median of ${RUNS})`, median(runs[name]), 'ms');
        const paired = runs[name].map((t, i) => t / runs.baseline[i]);
        report(`office: committee workbook through the store, ${name} / baseline (paired rounds: ${paired.map((x) => x.toFixed(2)).join(', ')})`, median(paired), 'x', { text: '≤ 1.5', ok: median(paired) <= 1.5 });
      }
      const ratio = runs.PostgreSQL.map((t, i) => t / runs.SQLite[i]);
      report('office: committee workbook, PostgreSQL / SQLite (paired rounds)', median(ratio), 'x');

      // End to end, as a person waits: `stepwise report` from process start to exit on each engine,
      // against the least a process writing those cells could take (report.bench.ts's measure): Node
      // starting and loading exceljs, a process of its own, plus the baseline's writing above.
      const cli: Record<string, number[]> = { startUp: [], SQLite: [], PostgreSQL: [] };
      for (let i = 0; i <= RUNS; i++) {
        const startUp = processMs(['--input-type=module', '-e', "await import('exceljs')"]);
        const round: Record<string, number> = { startUp };
        for (const [name, db] of [['SQLite', laptopFile], ['PostgreSQL', url]] as const) {
          const out = path.join(dir, `cli-${name}.xlsx`);
          round[name] = processMs([path.join(ROOT, 'bin', 'stepwise.js'), 'report', '--db', db, '--out', out, '--as-of', AS_OF]);
          fs.rmSync(out);
        }
        process.stderr.write(`office bench: stepwise report round ${i}${i ? '' : ' (warm-up)'}: start-up ${Math.round(startUp)} ms, SQLite ${Math.round(round.SQLite)} ms, PostgreSQL ${Math.round(round.PostgreSQL)} ms, load ${os.loadavg()[0].toFixed(1)}\n`);
        if (i) for (const k of Object.keys(cli)) cli[k].push(round[k]);
      }
      const least = median(cli.startUp) + median(runs.baseline);
      report('office: Node starting and loading exceljs, a process of its own (median)', median(cli.startUp), 'ms');
      for (const name of ['SQLite', 'PostgreSQL'] as const) {
        report(`office: stepwise report --db (${name}), process start to exit (median of ${RUNS})`, median(cli[name]), 'ms');
        report(`office: stepwise report (${name}) / (start-up + baseline), end to end (medians)`, median(cli[name]) / least, 'x', { text: '≤ 1.5', ok: median(cli[name]) / least <= 1.5 });
      }
    }

    await office.close();
    laptop.close();
  } finally {
    prepared.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
