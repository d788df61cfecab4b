import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, expect, vi } from 'vitest';
import { contextFor, DatabaseHolder } from '../../src/main/backup';
import type { CheckpointName } from '../../src/main/checkpoint';
import { openDatabase, type Db } from '../../src/main/db/open';
import { loadDemoCohort } from '../../src/main/demo/load';
import { startWebHost, type WebHost } from '../../src/main/web/server';
import { tempDir } from '../helpers';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const RENDERER_DIR = path.resolve(import.meta.dirname, '../../out/renderer');
const ROOT = path.resolve(import.meta.dirname, '../..');
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Errors the watched pages raised (an uncaught exception, a rejected promise nobody handled, a
 * `console.error`, a resource that failed to load) since the last test ended. Every test of a
 * file that imports this harness fails if its page raised one: the hooks below are registered on
 * the importing file's root suite.
 */
const pageProblems: string[] = [];
const watched = new Set<Page>();

/** Records the page's errors against the running test (startApp does this for its page). */
export function watchPageErrors(page: Page): void {
  watched.add(page);
  page.on('close', () => watched.delete(page));
  page.on('pageerror', (err) => pageProblems.push(`uncaught in the page: ${err.stack ?? err.message}`));
  page.on('crash', () => pageProblems.push('the page crashed'));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const at = msg.location();
    pageProblems.push(`console.error in the page: ${msg.text()}${at.url ? ` (${at.url}:${at.lineNumber})` : ''}`);
  });
}

/**
 * The errors raised so far, emptied. A round trip to each page first: the protocol delivers its
 * events in order, so whatever the page raised before that answer has been recorded by then.
 */
async function takePageProblems(): Promise<string[]> {
  for (const page of watched) await page.evaluate(() => 0).catch(() => undefined);
  return pageProblems.splice(0);
}

/**
 * `expect.poll` gives up after one second by default: a page still catching up on a loaded machine
 * (two shared cores, a benchmark beside it) would fail a correct test. A poll returns as soon as its
 * condition holds, so a longer limit costs a passing test nothing; it only bounds a failing one.
 * This file's tests only (every test file runs in its own fork, which evaluates this module).
 */
// Only inside a vitest run: the benchmarks (bench/roster.bench.ts, import-page.bench.ts) use this harness too.
if (process.env.VITEST) {
  vi.setConfig({ expect: { poll: { timeout: 15_000, interval: 50 } } });

  afterEach(async () => {
    expect(await takePageProblems(), 'errors raised in the page during this test').toEqual([]);
  });
  // Registered before the test file's own afterAll, so it runs after it (after hooks run in reverse): what a page raised while its app was closed.
  afterAll(() => {
    expect(pageProblems.splice(0), 'errors raised in the page after the last test').toEqual([]);
  });
}

export interface E2eApp {
  db: Db;
  dbFile: string;
  host: Pick<WebHost, 'url' | 'port' | 'close'>;
  browser: Browser;
  page: Page;
  screenshotDir: string;
  /** Only with `checkpoint`: resolves once the host process says it holds at that checkpoint. */
  checkpointReached: Promise<void> | null;
  close(): Promise<void>;
}

/**
 * The web host as its own process (`npm run web`), started with `STEPWISE_CHECKPOINT=name`
 * (src/main/checkpoint.ts): the checkpoint is per process, so a test can hold this host's work at
 * a named point without touching any other test's. Resolves once the host prints its URL.
 */
async function startHostProcess(dbFile: string, checkpoint: CheckpointName): Promise<{ host: E2eApp['host']; checkpointReached: Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main/web-host.ts'), '--db', dbFile, '--port', '0', '--renderer', RENDERER_DIR], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    // The actor named by the shell, as for the in-process host: no first-run question for the user's name.
    env: { ...process.env, STEPWISE_CHECKPOINT: checkpoint, STEPWISE_ACTOR: 'e2e-advisor' },
  });
  let out = '';
  let err = '';
  const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(`the web host exited (code ${code}, signal ${signal}); stdout: ${out.slice(-500)} stderr: ${err.slice(-500)}`)));
  const line = `checkpoint ${checkpoint}\n`;
  const checkpointReached = new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
      if (err.includes(line)) resolve();
    });
    void exited.then((why) => reject(new Error(`no checkpoint ${checkpoint}: ${why}`)));
  });
  // Not waited on unless a test asks; a host that exits before it reaches the checkpoint must not be an unhandled rejection meanwhile.
  checkpointReached.catch(() => undefined);
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^Open: (\S+)$/m.exec(out);
      if (m) resolve(m[1]);
    });
    void exited.then((why) => reject(new Error(why)));
  });
  return {
    checkpointReached,
    host: {
      url,
      port: Number(new URL(url).port),
      async close() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
      },
    },
  };
}

/**
 * A demo database, the web host over it, and a Chromium page already at the tokened URL. With
 * `checkpoint`, the host runs as its own process that holds at that checkpoint (startHostProcess).
 * The host names the actor itself ('e2e-advisor'), so the app does not ask for the user's name;
 * with `actorFromSettings` it is chosen as the shells choose it (the name set in Settings, else
 * the OS user), so a database without a name gets the first-run question.
 */
export async function startApp(
  opts: { students?: number; asOf?: string; empty?: boolean; colorScheme?: 'light' | 'dark'; checkpoint?: CheckpointName; actorFromSettings?: boolean } = {},
): Promise<E2eApp> {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) throw new Error('No built renderer: run npm run build (npm run test:e2e does)');
  const dir = tempDir('stepwise-e2e-');
  const dbFile = path.join(dir, 'stepwise.db');
  const db = await openDatabase(dbFile);
  if (!opts.empty) loadDemoCohort(db, { students: opts.students ?? 300, seed: 2027, asOf: opts.asOf ?? '2026-11-26' }, { actor: 'e2e', context: 'demo cohort' });
  const { host, checkpointReached } = opts.checkpoint
    ? await startHostProcess(dbFile, opts.checkpoint)
    : {
        host: await startWebHost({ ctx: opts.actorFromSettings ? contextFor(new DatabaseHolder(dbFile, db)) : { db, databasePath: dbFile, actor: 'e2e-advisor' }, rendererDir: RENDERER_DIR, port: 0 }),
        checkpointReached: null,
      };
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme: opts.colorScheme ?? 'light' });
  const page = await context.newPage();
  watchPageErrors(page);
  await page.goto(host.url);
  const screenshotDir = path.resolve(import.meta.dirname, '../../test-results/screens');
  fs.mkdirSync(screenshotDir, { recursive: true });
  return {
    db,
    dbFile,
    host,
    browser,
    page,
    screenshotDir,
    checkpointReached,
    async close() {
      await browser.close();
      await host.close();
      db.close();
    },
  };
}
