/**
 * Fuzzing the import with mutated real workbooks: bytes of a valid .xlsx (written by exceljs, the
 * three-sheet template shape) and of the XML inside it are flipped, truncated and duplicated with a
 * fixed seed. Whatever the mutation, the import must answer — a result with located errors, or a
 * typed error — in one-line messages, never throw or crash, and a commit must leave the database
 * either unchanged or consistently changed (integrity_check ok). 100 cases within the test's 60 s.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../src/main/handlers';
import type { ImportResult } from '../../src/shared/api';
import { tempDatabase, tempDir } from '../helpers';
import { contentHash, integrityCheck } from './backup-fixtures';
import { readZip, seededRandom, zipBuffer } from './hostile-fixtures';

const CASES = 100;
const SEED = 20261126;

let dir: string;
let original: Buffer;
let entries: { name: string; data: Buffer }[];

beforeAll(async () => {
  dir = tempDir('stepwise-fuzz-');
  const wb = new ExcelJS.Workbook();
  const students = wb.addWorksheet('Students');
  students.addRow(['Student ID', 'First name', 'Last name', 'Email', 'Graduation year', 'Applicant type', 'Target specialty', 'Advisor', 'USCE months', 'Notes']);
  for (let i = 0; i < 25; i++)
    students.addRow([`Z${100 + i}`, `First${i}`, `Last${i}`, `s${i}@school.edu`, 2026 + (i % 3), ['US MD', 'US DO', 'IMG'][i % 3], 'Internal Medicine', 'Dr. Hayashi', i % 6, i % 4 ? null : 'met twice']);
  const exams = wb.addWorksheet('Exams');
  exams.addRow(['Student ID', 'Exam', 'Date', 'Result', 'Score']);
  for (let i = 0; i < 25; i++) {
    exams.addRow([`Z${100 + i}`, 'Step 1', new Date(Date.UTC(2025, 4, 1 + i)), i % 9 ? 'Pass' : 'Fail', null]);
    exams.addRow([`Z${100 + i}`, 'Step 2 CK', new Date(Date.UTC(2026, 5, 1 + i)), null, 220 + i]);
  }
  const practice = wb.addWorksheet('Practice');
  practice.addRow(['Student ID', 'Exam', 'Form', 'Date', 'Score', 'Pass probability (%)']);
  for (let i = 0; i < 25; i++) practice.addRow([`Z${100 + i}`, 'Step 2 CK', 'NBME 12', new Date(Date.UTC(2026, 3, 1 + i)), 230 + i, null]);
  wb.created = wb.modified = new Date(Date.UTC(2026, 10, 26));
  // Re-zipped by our own writer (no timestamps), so the same seed always mutates the same bytes.
  entries = readZip(Buffer.from(await wb.xlsx.writeBuffer()));
  const file = path.join(dir, 'original.xlsx');
  zipBuffer(file, entries);
  original = fs.readFileSync(file);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Mutation = { describe: string; bytes: Buffer };

function mutate(rand: () => number, n: number): Mutation {
  const pick = (max: number) => Math.floor(rand() * max);
  const kind = n % 6;
  if (kind < 3) {
    // The zip's own bytes: flip a few, cut it short, or repeat a slice.
    const b = Buffer.from(original);
    if (kind === 0) {
      const flips = 1 + pick(8);
      for (let i = 0; i < flips; i++) b[pick(b.length)] ^= 1 << pick(8);
      return { describe: `zip: ${flips} bit flips`, bytes: b };
    }
    if (kind === 1) {
      const at = pick(b.length);
      return { describe: `zip: truncated at ${at}`, bytes: b.subarray(0, at) };
    }
    const from = pick(b.length);
    const len = 1 + pick(512);
    const at = pick(b.length);
    return { describe: `zip: ${len} bytes from ${from} repeated at ${at}`, bytes: Buffer.concat([b.subarray(0, at), b.subarray(from, from + len), b.subarray(at)]) };
  }
  // The XML inside: damage one part, then zip it up properly so the reader gets past the zip layer.
  const parts = entries.map((e) => ({ name: e.name, data: Buffer.from(e.data) }));
  const xmlParts = parts.filter((p) => p.name.endsWith('.xml') || p.name.endsWith('.rels'));
  const target = xmlParts[pick(xmlParts.length)];
  const d = target.data;
  let what: string;
  if (kind === 3) {
    const flips = 1 + pick(6);
    for (let i = 0; i < flips; i++) d[pick(d.length)] = ' <>/"=&#0x9z'.charCodeAt(pick(12));
    what = `${flips} characters replaced`;
  } else if (kind === 4) {
    const at = pick(d.length);
    target.data = d.subarray(0, at);
    what = `truncated at ${at}`;
  } else {
    const from = pick(d.length);
    const len = 1 + pick(400);
    const at = pick(d.length);
    target.data = Buffer.concat([d.subarray(0, at), d.subarray(from, from + len), d.subarray(at)]);
    what = `${len} characters from ${from} repeated at ${at}`;
  }
  const file = path.join(dir, `case-${n}.xlsx`);
  zipBuffer(file, parts);
  const bytes = fs.readFileSync(file);
  fs.rmSync(file);
  return { describe: `${target.name}: ${what}`, bytes };
}

function expectOneLine(text: string, where: string): void {
  expect(text, where).not.toMatch(/\n|^\s+at /);
  expect(text.length, where).toBeLessThan(1000);
}

describe('fuzzing the import with mutated workbooks', () => {
  it('the unmutated workbook imports cleanly (so the mutations are what the import meets)', async () => {
    const t = await tempDatabase();
    const r = await invoke(t.ctx, 'import.commit', { file: new Uint8Array(original), fileName: 'roster.xlsx', asOf: '2026-11-26' });
    t.db.close();
    expect(r.ok && r.value).toMatchObject({ committed: true, errorCount: 0, students: { added: 25 } });
  });

  it(`${CASES} mutations (seed ${SEED}): an answer every time, one-line messages, a sound database`, async () => {
    const rand = seededRandom(SEED);
    const t = await tempDatabase();
    const outcomes = { committed: 0, rejected: 0, typedError: 0 };
    try {
      for (let n = 0; n < CASES; n++) {
        const m = mutate(rand, n);
        const where = `case ${n} (${m.describe})`;
        // Every fifth case commits (into the same database); the others preview.
        const name = n % 5 === 0 ? 'import.commit' : 'import.preview';
        t.db.pragma('wal_checkpoint(TRUNCATE)');
        const before = contentHash(t.file);
        const r = await invoke(t.ctx, name, { file: new Uint8Array(m.bytes), fileName: 'roster.xlsx', asOf: '2026-11-26', detailLimit: 5 });
        if (!r.ok) {
          outcomes.typedError++;
          expect(['INVALID_INPUT', 'REJECTED'], `${where}: ${r.error.code} ${r.error.message}`).toContain(r.error.code);
          expectOneLine(r.error.message, where);
        } else {
          const result = r.value as ImportResult;
          for (const p of [...result.errors, ...result.warnings]) expectOneLine(p.message, where);
          if (result.committed) outcomes.committed++;
          else outcomes.rejected++;
          if (name === 'import.preview' || !result.committed) {
            t.db.pragma('wal_checkpoint(TRUNCATE)');
            expect(contentHash(t.file), `${where}: nothing written`).toBe(before);
          }
        }
      }
      t.db.pragma('wal_checkpoint(TRUNCATE)');
      expect(integrityCheck(t.file)).toBe('ok');
    } finally {
      t.db.close();
    }
    // The mutations reach every outcome: some files still import, most are refused.
    expect(outcomes.rejected + outcomes.typedError).toBeGreaterThan(CASES / 2);
    process.stderr.write(`[fuzz] ${JSON.stringify(outcomes)}\n`);
  }, 60_000);
});
