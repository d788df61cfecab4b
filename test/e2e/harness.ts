import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openDatabase, type Db } from '../../src/main/db/open';
import { loadDemoCohort } from '../../src/main/demo/load';
import { startWebHost, type WebHost } from '../../src/main/web/server';
import { tempDir } from '../helpers';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const RENDERER_DIR = path.resolve(import.meta.dirname, '../../out/renderer');
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

export interface E2eApp {
  db: Db;
  dbFile: string;
  host: WebHost;
  browser: Browser;
  page: Page;
  screenshotDir: string;
  close(): Promise<void>;
}

/** A demo database, the web host over it, and a Chromium page already at the tokened URL. */
export async function startApp(opts: { students?: number; asOf?: string; empty?: boolean; colorScheme?: 'light' | 'dark' } = {}): Promise<E2eApp> {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) throw new Error('No built renderer: run npm run build (npm run test:e2e does)');
  const dir = tempDir('stepwise-e2e-');
  const dbFile = path.join(dir, 'stepwise.db');
  const db = await openDatabase(dbFile);
  if (!opts.empty) loadDemoCohort(db, { students: opts.students ?? 300, seed: 2027, asOf: opts.asOf ?? '2026-11-26' }, { actor: 'e2e', context: 'demo cohort' });
  const host = await startWebHost({ ctx: { db, databasePath: dbFile, actor: 'e2e-advisor' }, rendererDir: RENDERER_DIR, port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme: opts.colorScheme ?? 'light' });
  const page = await context.newPage();
  page.on('pageerror', (err) => process.stderr.write(`[page error] ${err.message}\n`));
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
    async close() {
      await browser.close();
      await host.close();
      db.close();
    },
  };
}
