/**
 * PRODUCT.md: "Imports are one transaction: killed mid-way, the database is as before." A child
 * process imports a large template workbook and is killed with SIGKILL once it reports writing
 * (read from its progress lines, not guessed with a sleep). A preview writes inside the same kind
 * of transaction and rolls it back, so killing a preview must leave nothing either.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openDatabase } from '../../src/main/db/open';
import { spawnToCheckpoint, tempDatabase, tempDir } from '../helpers';
import { commit, snapshot, xlsx } from './import-support';

const ROOT = path.resolve(import.meta.dirname, '../..');
let dir: string;
beforeAll(() => {
  dir = tempDir('stepwise-import-kill-');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A template workbook of `n` students, each with two exam attempts and two practice exams (about 5n rows). */
async function writeTemplate(file: string, n: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const st = wb.addWorksheet('Students');
  st.addRow(['Student ID', 'First name', 'Last name', 'Graduation year']).commit();
  for (let i = 0; i < n; i++) st.addRow([`Z${i}`, `First${i}`, `Last${i}`, 2026 + (i % 4)]).commit();
  st.commit();
  const ex = wb.addWorksheet('Exams');
  ex.addRow(['Student ID', 'Exam', 'Date', 'Result', 'Score']).commit();
  for (let i = 0; i < n; i++) {
    ex.addRow([`Z${i}`, 'Step 1', '2025-05-02', i % 9 ? 'Pass' : 'Fail', null]).commit();
    ex.addRow([`Z${i}`, 'Step 2 CK', '2026-06-30', null, 200 + (i % 90)]).commit();
  }
  ex.commit();
  const pr = wb.addWorksheet('Practice');
  pr.addRow(['Student ID', 'Exam', 'Form', 'Date', 'Score']).commit();
  for (let i = 0; i < n; i++) {
    pr.addRow([`Z${i}`, 'Step 2 CK', 'NBME 13', '2026-05-01', 220 + (i % 60)]).commit();
    pr.addRow([`Z${i}`, 'Step 2 CK', 'UWSA 2', '2026-06-01', 225 + (i % 60)]).commit();
  }
  pr.commit();
  await wb.commit();
}

function integrity(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

/** Runs the child through npm (as `npm exec -- node --import tsx …`); once it holds inside the import's transaction with rows written, kills its whole process group. */
async function killWhileWriting(dbFile: string, file: string, mode: 'preview' | 'commit') {
  const held = await spawnToCheckpoint('npm', ['exec', '--', 'node', '--import', 'tsx', path.join(ROOT, 'test/integration/import-kill-child.ts'), dbFile, file, mode], 'import-writing', {
    cwd: ROOT,
    detached: true,
  });
  const writing = [...held.stdout().matchAll(/^progress (\{.*\})$/gm)].map((m) => JSON.parse(m[1]) as { phase: string; done: number }).filter((p) => p.phase === 'write' && p.done > 0);
  // npm and the node it started: the whole group goes.
  process.kill(-held.child.pid!, 'SIGKILL');
  const { signal } = await held.closed;
  return { writing, signal, stdout: held.stdout(), stderr: held.stderr() };
}

describe('kill -9 in the middle of an import', () => {
  it('leaves the database exactly as before and intact, whether it was committing or previewing', async () => {
    const t = await tempDatabase();
    // Something to lose: a few students and their exams already recorded.
    await commit(t.ctx, await xlsx((wb) => {
      const ws = wb.addWorksheet('Students');
      ws.addRow(['Student ID', 'First name', 'Last name', 'Graduation year', 'Step 1 Result', 'Step 1 Date']);
      for (let i = 0; i < 50; i++) ws.addRow([`OLD${i}`, 'Old', `Timer${i}`, 2027, 'Pass', '2025-05-01']);
    }), 'before.xlsx');
    const before = snapshot(t.db);
    t.db.close();
    const file = path.join(dir, 'big.xlsx');
    await writeTemplate(file, 6_000);

    for (const mode of ['commit', 'preview'] as const) {
      const run = await killWhileWriting(t.file, file, mode);
      expect(run.writing.length, `${mode}: the child holds with rows written; its output ended ${run.stdout.slice(-300)} ${run.stderr.slice(-300)}`).toBeGreaterThan(0);
      expect(run.signal).toBe('SIGKILL');
      expect(run.stdout).not.toMatch(/^done /m);
      // Opening replays or discards the write-ahead log, as the app does on its next start.
      const db = await openDatabase(t.file);
      try {
        expect(snapshot(db)).toEqual(before);
      } finally {
        db.close();
      }
      expect(integrity(t.file)).toBe('ok');
    }
  }, 300_000);
});
