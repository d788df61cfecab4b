/**
 * The desktop app itself, in two parts.
 *
 * 1. The real app: the built out/ launched in Electron through Playwright's Electron support, as
 *    `npm start` runs it, on a demo database made by `stepwise demo` (STEPWISE_DB points the app at
 *    it). The roster lists the database's students through the preload bridge and IPC, and the
 *    window's web preferences, read in the main process, are the locked-down ones. This needs
 *    Electron's binary, which `npm install` downloads from GitHub: where it is missing
 *    (ELECTRON_SKIP_BINARY_DOWNLOAD) the tests are skipped and say so in one line on stderr.
 *
 * 2. The packaged app: electron-builder packs the built out/ with electron-builder.json (a Linux
 *    `dir` target, a stand-in Electron: nothing is downloaded), and the files land where they must:
 *    the app in app.asar, better-sqlite3's addon and the report worker in app.asar.unpacked. Then
 *    the worker runs a committee report from app.asar.unpacked under plain Node, which cannot read
 *    an asar at all: anything it loads that was left in the asar would fail it. Needs
 *    electron-builder installed and a Linux host; skipped, with a line on stderr, elsewhere.
 */
import { spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportOptions } from '../../src/shared/api/reports';
import { openDatabase } from '../../src/main/db/open';
import { reportInWorker, useReportWorker } from '../../src/main/reports/report-thread';
import { reportInput } from '../../src/main/reports/workbook';
import { tempDir } from '../helpers';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OUT = path.join(ROOT, 'out');
const require = createRequire(import.meta.url);

function requireBuild(): void {
  for (const f of ['main/index.js', 'main/report-worker.js', 'preload/index.cjs', 'renderer/index.html']) {
    if (!fs.existsSync(path.join(OUT, f))) throw new Error(`No built app (out/${f}): run npm run build (npm run test:e2e does)`);
  }
}

/** A demo database of 300 students, made by the `stepwise` command. */
function demoDatabase(dir: string): string {
  const file = path.join(dir, 'stepwise.db');
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bin/stepwise.js'), 'demo', '--db', file, '--students', '300'], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`stepwise demo failed (${run.status}): ${run.stderr}`);
  return file;
}

// ---- 1. the real app in Electron -----------------------------------------------------------

/**
 * Electron's binary, found as `require('electron')` finds it (node_modules/electron/path.txt, or
 * ELECTRON_OVERRIDE_DIST_PATH), but without its fallback, which downloads the binary when missing.
 */
function electronBinary(): string | null {
  let pkg: string;
  try {
    pkg = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(pkg, 'path.txt');
  const executable = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? path.join(override, executable || 'electron') : executable ? path.join(pkg, 'dist', executable) : null;
  return binary && fs.existsSync(binary) ? binary : null;
}

const BINARY = electronBinary();
const NO_DISPLAY = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const SKIP_APP = !BINARY
  ? "no Electron binary installed (ELECTRON_SKIP_BINARY_DOWNLOAD); run it where npm installed Electron's binary"
  : NO_DISPLAY
    ? 'no display for Electron (DISPLAY and WAYLAND_DISPLAY unset); run it under xvfb-run'
    : null;
if (SKIP_APP) process.stderr.write(`electron-app.test.ts: skipped: ${SKIP_APP}\n`);

/** The web preferences the window was created with, as the main process holds them. */
interface WindowPreferences {
  windows: number;
  contextIsolation?: boolean;
  sandbox?: boolean;
  nodeIntegration?: boolean;
  nodeIntegrationInWorker?: boolean;
  nodeIntegrationInSubFrames?: boolean;
  webSecurity?: boolean;
  allowRunningInsecureContent?: boolean;
  webviewTag?: boolean;
  preload?: string;
}

describe.skipIf(SKIP_APP)('the desktop app in Electron', () => {
  let dir: string;
  let dbFile: string;
  let app: ElectronApplication;
  let page: Page;
  let students: number;
  let first: { first_name: string; last_name: string };
  const problems: string[] = [];

  beforeAll(async () => {
    requireBuild();
    dir = tempDir('stepwise-electron-');
    dbFile = demoDatabase(dir);
    // What the roster must show, read before the app opens the file.
    const db = new Database(dbFile, { readonly: true });
    students = (db.prepare('SELECT count(*) AS n FROM students').get() as { n: number }).n;
    first = db.prepare('SELECT first_name, last_name FROM students ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, id LIMIT 1').get() as typeof first;
    db.close();
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
    // The app's own database, and Electron's profile in the test's folder, not the user's: --user-data-dir,
    // and on Linux XDG_CONFIG_HOME too (userData is $XDG_CONFIG_HOME/Stepwise there).
    Object.assign(env, { STEPWISE_DB: dbFile, XDG_CONFIG_HOME: path.join(dir, 'config') });
    // No executablePath: Playwright then finds Electron through require('electron') itself (the binary is
    // there: checked above) and injects its loader, which holds the app's 'ready' until Playwright is attached.
    // The app folder, not the main file: Electron reads package.json (name, "main", "type": "module") as in a package.
    app = await _electron.launch({ args: [`--user-data-dir=${path.join(dir, 'profile')}`, ROOT], cwd: ROOT, env, timeout: 60_000 });
    // The app reports its own failures on stderr as "Stepwise: …" lines (a backup that failed, say); Chromium's noise is not ours.
    app.process().stderr?.on('data', (c: Buffer) => {
      for (const line of c.toString().split('\n')) if (line.startsWith('Stepwise: ')) problems.push(`main process: ${line}`);
    });
    page = await app.firstWindow({ timeout: 60_000 });
    page.on('pageerror', (err) => problems.push(`uncaught in the page: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console.error in the page: ${msg.text()}`);
    });
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    await app?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows the roster of the demo database', async () => {
    expect(students).toBe(300);

    expect(await page.title()).toBe('Stepwise');
    expect(page.url()).toMatch(/^file:\/\/.*\/out\/renderer\/index\.html/);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Roster', exact: true }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/roster/);
    await expect.poll(() => page.getByTestId('roster-count').textContent(), { timeout: 30_000 }).toBe(`${students} students`);
    await expect.poll(() => page.getByRole('row').nth(1).textContent()).toContain(`${first.last_name}, ${first.first_name}`);
    const shots = path.join(ROOT, 'test-results/screens');
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'electron-roster.png') });
    expect(problems).toEqual([]);
  });

  it('locks the window down: context isolation, sandbox, no Node integration, web security', async () => {
    const prefs = await app.evaluate(({ BrowserWindow }): WindowPreferences => {
      const windows = BrowserWindow.getAllWindows();
      // getLastWebPreferences: the preferences the page runs with (in Electron, not in its typings).
      const contents = windows[0].webContents as unknown as { getLastWebPreferences?: () => Omit<WindowPreferences, 'windows'> | null };
      if (typeof contents.getLastWebPreferences !== 'function') throw new Error('webContents.getLastWebPreferences() is gone from this Electron');
      const p = contents.getLastWebPreferences() ?? {};
      return {
        windows: windows.length,
        contextIsolation: p.contextIsolation,
        sandbox: p.sandbox,
        nodeIntegration: p.nodeIntegration,
        nodeIntegrationInWorker: p.nodeIntegrationInWorker,
        nodeIntegrationInSubFrames: p.nodeIntegrationInSubFrames,
        webSecurity: p.webSecurity,
        allowRunningInsecureContent: p.allowRunningInsecureContent,
        webviewTag: p.webviewTag,
        preload: p.preload,
      };
    });
    expect(prefs).toMatchObject({
      windows: 1,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(prefs.preload).toMatch(/out[\\/]preload[\\/]index\.cjs$/);
    // And as the page sees it: no Node in its world.
    const inPage = await page.evaluate(() => {
      const g = globalThis as Record<string, unknown>;
      return { require: typeof g.require, process: typeof g.process, module: typeof g.module, Buffer: typeof g.Buffer };
    });
    expect(inPage).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', Buffer: 'undefined' });
    expect(problems).toEqual([]);
  });
});

// ---- 2. the packaged app -------------------------------------------------------------------

const BUILDER_CLI = (() => {
  try {
    return require.resolve('electron-builder/cli.js');
  } catch {
    return null;
  }
})();
const SKIP_PACK = !BUILDER_CLI ? 'electron-builder is not installed' : process.platform !== 'linux' ? 'it packs a Linux app, and runs its addon: Linux hosts only' : null;
if (SKIP_PACK) process.stderr.write(`electron-app.test.ts: packaging check skipped: ${SKIP_PACK}\n`);

/** Files under a folder, relative, with forward slashes. */
function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** Every file the report worker loads from the app (itself and its chunks), and the packages it imports. */
/** C++ headers better-sqlite3 is compiled against: a dependency in its package.json, loaded by nothing at run time. */
const BUILD_ONLY = new Set(['node-addon-api']);

/** These packages and every package they depend on (optional ones where installed), from node_modules. */
function dependencyClosure(packages: readonly string[]): string[] {
  const seen = new Set<string>();
  const walk = (name: string) => {
    const file = path.join(ROOT, 'node_modules', name, 'package.json');
    if (seen.has(name) || BUILD_ONLY.has(name) || !fs.existsSync(file)) return;
    seen.add(name);
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    for (const d of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) walk(d);
  };
  packages.forEach(walk);
  return [...seen];
}

function workerClosure(entry: string): { files: string[]; packages: string[] } {
  // esbuild follows the imports as Node would (static and dynamic), without executing anything.
  const { metafile } = buildSync({ entryPoints: [entry], absWorkingDir: ROOT, bundle: true, write: false, platform: 'node', format: 'esm', packages: 'external', metafile: true, logLevel: 'silent' });
  const files = Object.keys(metafile.inputs);
  const packages = new Set<string>();
  for (const input of Object.values(metafile.inputs))
    for (const imp of input.imports)
      if (imp.external && !imp.path.startsWith('node:') && !builtinModules.includes(imp.path)) packages.add(imp.path.split('/').slice(0, imp.path.startsWith('@') ? 2 : 1).join('/'));
  return { files: files.map((f) => f.split(path.sep).join('/')), packages: [...packages] };
}

describe.skipIf(SKIP_PACK)('the packaged app (electron-builder, Linux dir target, a stand-in Electron)', () => {
  let dir: string;
  let unpacked: string;
  let inAsar: Set<string>;
  let unpackedFiles: string[];

  beforeAll(() => {
    requireBuild();
    dir = tempDir('stepwise-pack-');
    // What electron-builder copies in place of Electron's download: only the executable's name matters here.
    const electronDist = path.join(dir, 'electron-dist');
    fs.mkdirSync(path.join(electronDist, 'resources'), { recursive: true });
    fs.writeFileSync(path.join(electronDist, 'electron'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    for (const f of ['LICENSE', 'LICENSES.chromium.html', 'version']) fs.writeFileSync(path.join(electronDist, f), 'stand-in\n');
    const output = path.join(dir, 'dist');
    const arch = process.arch === 'arm64' ? '--arm64' : '--x64';
    const run = spawnSync(
      process.execPath,
      [BUILDER_CLI!, '--linux', 'dir', arch, '--publish', 'never', '--projectDir', ROOT, '--config', 'electron-builder.json', `-c.electronDist=${electronDist}`, `-c.directories.output=${output}`],
      { cwd: ROOT, encoding: 'utf8', timeout: 170_000 },
    );
    if (run.status !== 0) throw new Error(`electron-builder failed (${run.status ?? run.signal}):\n${run.stdout}\n${run.stderr}`);
    const appDir = fs.readdirSync(output).find((d) => /^linux(-\w+)?-unpacked$/.test(d));
    if (!appDir) throw new Error(`electron-builder made no linux-unpacked folder: ${fs.readdirSync(output).join(', ')}`);
    const resources = path.join(output, appDir, 'resources');
    const asar = createRequire(BUILDER_CLI!)('@electron/asar') as { listPackage(archive: string, options: { isPack: boolean }): string[] };
    inAsar = new Set(asar.listPackage(path.join(resources, 'app.asar'), { isPack: false }).map((p) => p.split(path.sep).join('/').replace(/^\//, '')));
    unpacked = path.join(resources, 'app.asar.unpacked');
    unpackedFiles = filesUnder(unpacked);
  });

  // The packed app is some 35 MB.
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('packs the built app into app.asar, with its packages, and none of the checkout', () => {
    const built = ['main', 'preload', 'renderer'].flatMap((d) => filesUnder(path.join(OUT, d)).map((f) => `out/${d}/${f}`));
    expect(built.filter((f) => !inAsar.has(f)), 'built files missing from the package').toEqual([]);
    for (const f of ['package.json', 'node_modules/exceljs/package.json', 'node_modules/csv-parse/package.json', 'node_modules/zod/package.json', 'node_modules/better-sqlite3/lib/index.js']) expect(inAsar.has(f), f).toBe(true);
    const foreign = [...inAsar].filter((f) => /^(src|test|bench|scripts|bin|resources|out\/cli)\//.test(f) || /^node_modules\/(tsx|esbuild|@esbuild)\//.test(f) || /^node_modules\/better-sqlite3\/(deps|src)\//.test(f));
    expect(foreign, 'checkout files in the package').toEqual([]);
    // Every package the built app loads (statically or lazily, as exceljs is) is in the package.
    const loaded = ['main/index.js', 'main/report-worker.js'].flatMap((entry) => workerClosure(path.join(OUT, entry)).packages);
    expect(loaded).toEqual(expect.arrayContaining(['better-sqlite3', 'exceljs', 'zod']));
    expect([...new Set(loaded)].filter((p) => p !== 'electron' && !inAsar.has(`node_modules/${p}/package.json`) && !unpackedFiles.includes(`node_modules/${p}/package.json`)), 'packages the app loads, left out').toEqual([]);
  });

  it("unpacks better-sqlite3 (this platform's addons only) and the report worker with everything it imports", () => {
    const addons = unpackedFiles.filter((f) => f.startsWith('node_modules/better-sqlite3/prebuilds/'));
    expect(addons.length).toBeGreaterThan(0);
    expect(addons.filter((f) => !/\/linux-(x64|arm64)\.node$/.test(f)), "other platforms' addons").toEqual([]);
    expect(addons).toContain(`node_modules/better-sqlite3/prebuilds/linux-${process.arch}.node`);
    const closure = workerClosure(path.join(OUT, 'main/report-worker.js'));
    expect(closure.files.filter((f) => !unpackedFiles.includes(f)), 'worker files left in the asar').toEqual([]);
    expect(closure.packages.filter((p) => !unpackedFiles.includes(`node_modules/${p}/package.json`)), 'worker packages left in the asar').toEqual([]);
    // And the packages those load in turn (node-postgres, for an office database's records, has a dozen).
    expect(dependencyClosure(closure.packages).filter((p) => !unpackedFiles.includes(`node_modules/${p}/package.json`)), 'worker packages’ dependencies left in the asar').toEqual([]);
    // The package.json beside them makes out/main's .js files ES modules there too; it is the packaged one (desktopName added).
    const pkg = JSON.parse(fs.readFileSync(path.join(unpacked, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg).toMatchObject({ type: 'module', main: 'out/main/index.js', desktopName: 'stepwise.desktop' });
    expect(pkg.devDependencies).toBeUndefined();
  });

  it('loads the office database reader of the report worker (node-postgres and all it needs) from app.asar.unpacked alone', () => {
    const chunk = fs.readdirSync(path.join(unpacked, 'out/main/chunks')).find((f) => f.startsWith('report-records-'));
    expect(chunk, 'the worker’s office reader chunk').toBeDefined();
    // A plain Node process, which cannot read the asar: every module must resolve inside the unpacked folder.
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(pathToFileURL(path.join(unpacked, 'out/main/chunks', chunk!)).href)}); console.log(Object.keys(m).length > 0)`], { encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('true');
  });

  it('runs a committee report in the worker from app.asar.unpacked alone (plain Node cannot read the asar)', async () => {
    const dbFile = demoDatabase(fs.mkdtempSync(path.join(dir, 'db-')));
    const db = await openDatabase(dbFile);
    useReportWorker(path.join(unpacked, 'out/main/report-worker.js'));
    try {
      const input = reportInput(db, ReportOptions.parse({ asOf: '2026-11-26' }), { who: { actor: 'e2e', context: 'packaged worker' } });
      const thread = await reportInWorker(db.name, input, {});
      expect(thread, 'the worker did not start from app.asar.unpacked').not.toBeNull();
      let messages = 0;
      try {
        for await (const _ of thread!.messages) messages++;
      } finally {
        await thread!.close();
      }
      expect(messages).toBeGreaterThan(1);
    } finally {
      useReportWorker(null);
      db.close();
    }
  });
});
