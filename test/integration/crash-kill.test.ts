/**
 * Crash safety (PRODUCT.md: "Imports are one transaction: killed mid-way, the database is as
 * before"): a child process is killed with SIGKILL in the middle of a large import and of a large
 * report export; the database must pass PRAGMA integrity_check and hold exactly what it held
 * before (a hash of every row of every table), and a killed export must leave no file under the
 * chosen name.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/db/open';
import { loadDemoCohort } from '../../src/main/demo/load';
import { spawnToCheckpoint, tempDatabase, tempDir } from '../helpers';
import { contentHash, countRows, integrityCheck } from './backup-fixtures';
import { ROOT } from './hostile-fixtures';

const NODE = path.join(ROOT, 'node_modules', 'node', 'bin', 'node');
const EXAMS = ['Pass', 'Fail', 'Pass', 'Pass', 'Scheduled'];

let dir: string;
beforeAll(() => {
  dir = tempDir('stepwise-crash-');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A single-sheet roster of `n` new students, each with a Step 1 result and a Step 2 CK score: a few hundred thousand rows to write. */
async function writeRoster(file: string, n: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
  const ws = wb.addWorksheet('Roster');
  ws.addRow(['Student ID', 'First name', 'Last name', 'Graduation year', 'Target specialty', 'Step 1 Result', 'Step 1 Date', 'Step 1 Attempts', 'Step 2 CK Score', 'Step 2 CK Date']).commit();
  for (let i = 0; i < n; i++) {
    const result = EXAMS[i % EXAMS.length];
    ws.addRow([`K${String(i).padStart(6, '0')}`, `First${i}`, `Last${i}`, 2026 + (i % 4), 'Internal Medicine', result, result === 'Scheduled' ? '2027-03-01' : '2025-05-10', result === 'Pass' && i % 7 === 0 ? 2 : null, 200 + (i % 90), '2026-06-15']).commit();
  }
  ws.commit();
  await wb.commit();
}

/** Settles a database after a crash (a normal open replays or discards its WAL), then hashes it. */
async function settledHash(file: string): Promise<string> {
  const db = await openDatabase(file);
  db.close();
  expect(integrityCheck(file)).toBe('ok');
  return contentHash(file);
}

describe('kill -9 in the middle of a large import', () => {
  it('leaves the database passing its integrity check and exactly as it was', async () => {
    const t = await tempDatabase();
    loadDemoCohort(t.db, { students: 300, seed: 11, asOf: '2026-11-26' }, { actor: 'fixture', context: 'demo cohort' });
    t.db.close();
    const before = contentHash(t.file);
    const roster = path.join(dir, 'roster.xlsx');
    await writeRoster(roster, 10_000);

    // The child holds once rows are written inside the import's transaction, the commit still ahead.
    const held = await spawnToCheckpoint(NODE, ['--import', 'tsx', path.join(ROOT, 'test/integration/crash-child.ts'), t.file, roster], 'import-writing', { cwd: ROOT });
    expect(held.stdout()).toMatch(/^progress \{.*"phase":"write"/m);
    held.child.kill('SIGKILL');
    const { code, signal } = await held.closed;
    expect(held.stderr()).toBe('');
    expect(signal).toBe('SIGKILL');
    expect(code).toBeNull();
    expect(held.stdout()).not.toMatch(/^done /m);

    expect(await settledHash(t.file)).toBe(before);
    expect(countRows(t.file, 'students')).toBe(300);

    // The same import, run to the end, does write: the kill is what kept the database as it was.
    const finished = spawn(NODE, ['--import', 'tsx', path.join(ROOT, 'test/integration/crash-child.ts'), t.file, roster], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    finished.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise((resolve) => finished.on('close', resolve));
    expect(out).toMatch(/^done \{"committed":true,"errors":0\}$/m);
    expect(countRows(t.file, 'students')).toBe(10_300);
  }, 300_000);
});

describe('kill -9 in the middle of a large report export', () => {
  it('leaves no file under the chosen name and the database exactly as it was', async () => {
    const t = await tempDatabase();
    loadDemoCohort(t.db, { students: 3_000, seed: 12, asOf: '2026-11-26' }, { actor: 'fixture', context: 'demo cohort' });
    t.db.close();
    const before = contentHash(t.file);

    const killExport = async (deidentify: boolean) => {
      // A folder of its own for each export: what one left behind cannot stand in for the other's file.
      const outDir = tempDir('stepwise-crash-report-');
      const out = path.join(outDir, 'committee.xlsx');
      const args = [path.join(ROOT, 'bin', 'stepwise.js'), 'report', '--db', t.file, '--out', out, '--as-of', '2026-11-26', ...(deidentify ? ['--deidentify'] : [])];
      // The export says when it is streaming the workbook into its temporary file; the kill lands then.
      const held = await spawnToCheckpoint(NODE, args, 'report-writing', { cwd: ROOT });
      expect(fs.readdirSync(outDir), 'the export is writing under a temporary name').toEqual([expect.stringMatching(/^\.committee\.xlsx\..*\.partial$/)]);
      held.child.kill('SIGKILL');
      expect((await held.closed).signal).toBe('SIGKILL');
      expect(fs.existsSync(out), 'no half-written workbook under the chosen name').toBe(false);
      for (const f of fs.readdirSync(outDir)) expect(f).toMatch(/^\.committee\.xlsx\..*\.partial$/);
      return outDir;
    };
    await killExport(false);
    expect(await settledHash(t.file), 'a plain export writes nothing to the database').toBe(before);
    const outDir = await killExport(true);
    // A de-identified export stores the database's pseudonym key the first time (one audited
    // setting, src/main/reports/pseudonyms.ts); apart from that key nothing may change.
    const copy = path.join(outDir, 'settled.db');
    expect(await settledHash(t.file)).toBeTypeOf('string');
    fs.copyFileSync(t.file, copy);
    const db = await openDatabase(copy);
    db.prepare(`DELETE FROM settings WHERE key = 'reports.pseudonymKey'`).run();
    db.prepare(`DELETE FROM audit_log WHERE entity = 'setting' AND entity_id LIKE 'reports.pseudonymKey%'`).run();
    db.close();
    expect(contentHash(copy)).toBe(before);
  }, 300_000);
});
