/**
 * The program directory and match-list imports (issue 15) on real SQLite files, from workbooks
 * written by openpyxl: header spellings as offices save them, located errors, atomic on error,
 * idempotent re-import (by program code; by graduate, season and specialty), one audited batch.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { invoke } from '../../src/main/handlers';
import type { HandlerContext } from '../../src/main/handlers/context';
import { readOutcomesMemory } from '../../src/main/db/outcomes-memory';
import type { InputOf, ProgressEvent } from '../../src/shared/api';
import type { TableImportResult } from '../../src/shared/api/outcomes';
import { tempDatabase } from '../helpers';
import { openpyxlWorkbook } from './import-support';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function fresh() {
  const t = await tempDatabase();
  dirs.push(t.dir);
  return t;
}

async function run(ctx: HandlerContext, name: 'programs.import' | 'outcomes.import', file: Uint8Array<ArrayBuffer>, fileName: string, dryRun = false): Promise<TableImportResult> {
  const input: InputOf<'programs.import'> = { file, fileName, dryRun, asOf: '2026-03-20' };
  const r = name === 'programs.import' ? await invoke(ctx, 'programs.import', input) : await invoke(ctx, 'outcomes.import', input);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

/** A FREIDA-style export: its own header spellings, a title row above the header. */
const DIRECTORY = `
ws = wb.active
ws.title = 'FREIDA export'
ws.append(['Programs saved 2026-03-01'])
ws.append(['Program Name', 'ACGME ID', 'Specialty', 'City', 'ST', 'Program Setting', 'Positions Offered', 'Visas Sponsored', 'Accepts COMLEX', 'Min Step 2 CK', 'Comments'])
ws.append(['Lakeside University Dermatology', '0801234001', 'Derm', 'Chicago', 'IL', 'University-based', 4, 'J-1', 'Yes', 245, None])
ws.append(['Prairie Community Dermatology', '0801234002', 'Dermatology', 'Peoria', 'IL', 'Community-based', 2, 'None', 'No', None, 'small program'])
ws.append(['Harbor Internal Medicine', '1401234003', 'IM', 'Boston', 'MA', 'Community-based, university-affiliated', 30, 'J-1 and H-1B', None, None, None])
`;

describe('programs.import', () => {
  it('reads a FREIDA export, resolves specialty names, and a re-import updates by program code without duplicating', async () => {
    const { db, ctx } = await fresh();
    const first = await run(ctx, 'programs.import', openpyxlWorkbook(DIRECTORY), 'freida.xlsx');
    expect(first.errors).toEqual([]);
    expect(first).toMatchObject({ committed: true, counts: { programs: { added: 3, updated: 0 } } });
    expect(first.sheets[0]).toMatchObject({ name: 'FREIDA export', kind: 'programs', headerRow: 2, dataRows: 3 });
    const derm = readOutcomesMemory(db, { specialty: 'Dermatology' }).programs;
    expect(derm.map((p) => [p.name, p.code, p.positions, p.visa, p.comlexAccepted, p.stepCkMinimum, p.kind])).toEqual([
      ['Lakeside University Dermatology', '0801234001', 4, 'J-1', true, 245, 'academic'],
      ['Prairie Community Dermatology', '0801234002', 2, 'none', false, null, 'community'],
    ]);

    // The same file again: nothing changes, no second batch.
    const again = await run(ctx, 'programs.import', openpyxlWorkbook(DIRECTORY), 'freida.xlsx');
    expect(again).toMatchObject({ committed: true, counts: { programs: { added: 0, updated: 0 } } });
    expect(db.prepare(`SELECT count(*) FROM programs`).pluck().get()).toBe(3);
    expect(db.prepare(`SELECT count(*) FROM import_batches`).pluck().get()).toBe(1);

    // A later directory: one program grew, one blank cell keeps what is stored.
    const later = await run(
      ctx,
      'programs.import',
      openpyxlWorkbook(`
ws = wb.active
ws.append(['Program code', 'Positions', 'Visa sponsorship', 'Accepts COMLEX'])
ws.append(['0801234001', 5, None, 'yes'])
`),
      'nrmp.xlsx',
    );
    expect(later).toMatchObject({ committed: true, counts: { programs: { added: 0, updated: 1 } } });
    const lakeside = readOutcomesMemory(db).programs.find((p) => p.code === '0801234001')!;
    expect([lakeside.positions, lakeside.visa, lakeside.name]).toEqual([5, 'J-1', 'Lakeside University Dermatology']);
    const audit = db.prepare(`SELECT entity, field, old_value AS o, new_value AS n, context FROM audit_log WHERE entity IN ('program', 'import_batch') ORDER BY id`).all();
    expect(audit).toEqual([
      expect.objectContaining({ entity: 'import_batch', context: 'import freida.xlsx' }),
      { entity: 'program', field: 'positions', o: '4', n: '5', context: 'import nrmp.xlsx' },
      expect.objectContaining({ entity: 'import_batch', context: 'import nrmp.xlsx' }),
    ]);
    const batch = JSON.parse(db.prepare(`SELECT new_value FROM audit_log WHERE entity = 'import_batch' ORDER BY id LIMIT 1`).pluck().get() as string);
    expect(batch).toMatchObject({ file: 'freida.xlsx', programsAdded: 3, programsUpdated: 0 });
    expect(batch.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads a directory saved as CSV (semicolons, a byte-order mark, CRLF) like a workbook', async () => {
    const { db, ctx } = await fresh();
    const csv = '\uFEFFProgram Name;NRMP Code;Specialty;State;Visa Sponsorship;Accepts COMLEX\r\nHarbor Pediatrics;1235320C0;Peds;MA;J-1, H-1B;Y\r\n';
    const r = await run(ctx, 'programs.import', new Uint8Array(Buffer.from(csv, 'utf8')), 'freida.csv');
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ committed: true, counts: { programs: { added: 1, updated: 0 } } });
    expect(readOutcomesMemory(db, { specialty: 'Pediatrics' }).programs.map((p) => [p.code, p.state, p.visa, p.comlexAccepted])).toEqual([['1235320C0', 'MA', 'J-1 and H-1B', true]]);
  });

  it('rejects the whole file with every error located (sheet, row, column, reason) and writes nothing', async () => {
    const { db, ctx } = await fresh();
    const r = await run(
      ctx,
      'programs.import',
      openpyxlWorkbook(`
ws = wb.active
ws.title = 'Directory'
ws.append(['Program name', 'Program code', 'Specialty', 'Positions', 'Visa', 'Accepts COMLEX', 'Minimum Step 2 CK'])
ws.append(['Good Program', 'A100', 'Pediatrics', 8, 'H-1B', 'no', 230])
ws.append(['Bad Visa', 'A101', 'Pediatrics', 8, 'Yes', 'no', None])
ws.append(['No Specialty Known', 'A102', 'Astrology', 8, None, None, None])
ws.append(['Twice', 'A100', 'Pediatrics', None, None, None, None])
ws.append(['No Code', None, 'Pediatrics', None, None, None, None])
ws.append(['Odd', 'A104', 'Pediatrics', 'many', None, 'perhaps', 400])
ws.append([None, 'A105', 'Pediatrics', None, None, None, None])
`),
      'directory.xlsx',
    );
    expect(r.committed).toBe(false);
    expect(r.errors.map((e) => [e.sheet, e.row, e.column, e.message])).toEqual([
      ['Directory', 3, 'Visa', '"Yes" does not say which visas: write None, J-1, H-1B, or J-1 and H-1B'],
      ['Directory', 4, 'Specialty', '"Astrology" is not in the specialty table (Specialties page): add it there, or give one of its names'],
      ['Directory', 5, 'Program code', 'program code A100 is already on Directory!2: one row per program'],
      ['Directory', 6, 'Program code', 'no program code: every program needs its NRMP or ACGME code (re-imports update by it)'],
      ['Directory', 7, 'Positions', '"many" is not a number'],
      ['Directory', 7, 'Accepts COMLEX', '"perhaps" is not yes or no (accepts COMLEX)'],
      ['Directory', 7, 'Minimum Step 2 CK', 'minimum Step 2 CK 400 is outside 1–300'],
      ['Directory', 8, 'Program name', 'program A105 is new: it needs its program name'],
    ]);
    expect(db.prepare(`SELECT count(*) FROM programs`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM import_batches`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM audit_log`).pluck().get()).toBe(0);
  });
});

/** A match list: outcomes sheet plus a sheet of per-program applications. */
const MATCH_LIST = `
ws = wb.active
ws.title = 'Match 2025'
ws.append(['Student ID', 'Match Year', 'Specialty Applied', 'Programs Applied', 'Gold Signals', 'Silver Signals', 'Interviews Offered', 'Programs Ranked', 'Match Result', 'NRMP Code', 'Matched Program', 'Step 2 CK', 'Consent'])
ws.append(['G001', 2025, 'Derm', 60, 3, 25, 9, 9, 'Matched', '0801234001', 'Lakeside University Dermatology', 262, 'Yes'])
ws.append(['G002', 2025, 'Dermatology', 75, 3, 25, 4, 4, 'Did not match', None, None, 248, 'No'])
ws.append(['G003', 2025, 'Internal Medicine', 40, 3, 12, 14, 12, 'SOAP', None, 'Harbor IM (prelim)', 236, 'yes'])
apps = wb.create_sheet('Applications')
apps.append(['Student ID', 'Season', 'Program Code', 'Signal', 'Interview Offered'])
apps.append(['G001', 2025, '0801234001', 'Gold', 'Yes'])
apps.append(['G001', 2025, '0801234002', None, 'No'])
apps.append(['G002', 2025, '0801234001', 'Silver', 'No'])
`;

describe('outcomes.import', () => {
  it('imports a match list and its applications; only consenting graduates reach the memory; a re-import changes nothing', async () => {
    const { db, ctx } = await fresh();
    await run(ctx, 'programs.import', openpyxlWorkbook(DIRECTORY), 'freida.xlsx');
    const r = await run(ctx, 'outcomes.import', openpyxlWorkbook(MATCH_LIST), 'match-2025.xlsx');
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ committed: true, counts: { outcomes: { added: 3, updated: 0 }, applications: { added: 3, updated: 0 }, consents: { added: 3, updated: 0 } } });
    expect(r.sheets.map((s) => [s.name, s.kind, s.dataRows])).toEqual([
      ['Match 2025', 'outcomes', 3],
      ['Applications', 'applications', 3],
    ]);
    expect(r.warnings.map((w) => w.message)).toEqual(['3 graduates are not on the roster (G001, G002, G003): their scores at application are the list\'s own']);

    const memory = readOutcomesMemory(db);
    // G002 said no: their outcome and their application are in no aggregate.
    expect(memory.outcomes.map((o) => [o.studentId, o.specialty, o.result, o.matchedProgramCode, o.ckAtApplication, o.interviews])).toEqual([
      ['G001', 'Dermatology', 'matched', '0801234001', 262, 9],
      ['G003', 'Internal Medicine', 'soap', null, 236, 14],
    ]);
    expect(memory.applications.map((a) => [a.programCode, a.signal, a.interviewOffered])).toEqual([
      ['0801234001', 'gold', true],
      ['0801234002', null, false],
    ]);
    expect(db.prepare(`SELECT count(*) FROM match_outcomes`).pluck().get()).toBe(3);

    const again = await run(ctx, 'outcomes.import', openpyxlWorkbook(MATCH_LIST), 'match-2025.xlsx');
    expect(again).toMatchObject({ committed: true, counts: { outcomes: { added: 0, updated: 0 }, applications: { added: 0, updated: 0 }, consents: { added: 0, updated: 0 } } });
    expect(db.prepare(`SELECT count(*) FROM import_batches`).pluck().get()).toBe(2);
    expect(db.prepare(`SELECT count(*) FROM outcome_applications`).pluck().get()).toBe(3);
  });

  it("takes the CK at application from the roster where it has one, and says so when the list differs", async () => {
    const { db, ctx } = await fresh();
    db.prepare(`INSERT INTO students (id, first_name, last_name, grad_year, created_at, updated_at) VALUES ('G001', 'Ana', 'Ruiz', 2025, 'now', 'now')`).run();
    db.prepare(`INSERT INTO exam_attempts (student_id, exam, test_date, outcome, score, created_at) VALUES ('G001', 'STEP2CK', '2024-08-01', 'PASS', 255, 'now'), ('G001', 'STEP2CK', '2025-02-01', 'PASS', 270, 'now')`).run();
    const r = await run(ctx, 'outcomes.import', openpyxlWorkbook(MATCH_LIST), 'match-2025.xlsx');
    expect(r.committed).toBe(true);
    expect(r.warnings.map((w) => [w.sheet, w.row, w.column, w.message])).toContainEqual([
      'Match 2025',
      2,
      'Step 2 CK',
      "the roster has G001's Step 2 CK before the 2025 Match as 255, the list 262: the roster's is kept",
    ]);
    expect(db.prepare(`SELECT ck_at_application FROM match_outcomes WHERE student_id = 'G001'`).pluck().get()).toBe(255);
  });

  it('rejects a match list with located errors and writes nothing, however many rows were good', async () => {
    const { db, ctx } = await fresh();
    const r = await run(
      ctx,
      'outcomes.import',
      openpyxlWorkbook(`
ws = wb.active
ws.title = 'Outcomes'
ws.append(['Student ID', 'Season', 'Specialty', 'Applications', 'Interviews', 'Rank list length', 'Result', 'Matched program'])
ws.append(['G010', 2024, 'Pediatrics', 30, 12, 10, 'Matched', 'Children\\'s Hospital'])
ws.append(['G011', 2024, 'Pediatrics', 30, 40, None, 'Matched', None])
ws.append(['G012', 2024, 'Pediatrics', 30, 10, 12, 'Maybe', None])
ws.append(['G013', 2024, 'Pediatrics', 20, 5, 5, 'Did not match', 'Somewhere'])
ws.append(['G010', 2024, 'Peds', None, None, None, 'Matched', None])
apps = wb.create_sheet('Applications')
apps.append(['Student ID', 'Season', 'Program code', 'Signal'])
apps.append(['G099', 2024, 'P100', 'Platinum'])
`),
      'bad.xlsx',
    );
    expect(r.committed).toBe(false);
    expect(r.errors.map((e) => [e.sheet, e.row, e.column, e.message])).toEqual([
      ['Outcomes', 3, 'Interviews', '40 interviews from 30 applications'],
      ['Outcomes', 4, 'Result', '"Maybe" is not a match result: Matched, SOAP, Did not match or Withdrew'],
      ['Outcomes', 5, 'Matched program', 'a program is named but the result is "Did not match"'],
      ['Outcomes', 6, 'Student ID', "G010's 2024 season in Pediatrics is already on Outcomes!2: one row per graduate, season and specialty"],
      ['Applications', 2, 'Signal', '"Platinum" is not a signal: Gold, Silver, Yes (a signal where the specialty has one kind) or No'],
    ]);
    for (const t of ['match_outcomes', 'outcome_applications', 'outcome_consents', 'import_batches', 'audit_log']) expect(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get()).toBe(0);
  });

  it('a dry run counts what the file would do and writes nothing', async () => {
    const { db, ctx } = await fresh();
    const r = await run(ctx, 'outcomes.import', openpyxlWorkbook(MATCH_LIST), 'match-2025.xlsx', true);
    expect(r).toMatchObject({ committed: false, errorCount: 0, counts: { outcomes: { added: 3, updated: 0 } } });
    expect(db.prepare(`SELECT count(*) FROM match_outcomes`).pluck().get()).toBe(0);
  });

  it("a dual applicant's applications need their specialty: without a Specialty column they are an error at the row", async () => {
    const { db, ctx } = await fresh();
    const dual = (withSpecialty: boolean) => `
ws = wb.active
ws.title = 'Outcomes'
ws.append(['Student ID', 'Season', 'Specialty', 'Result'])
ws.append(['G020', 2025, 'Dermatology', 'Did not match'])
ws.append(['G020', 2025, 'Internal Medicine', 'Matched'])
apps = wb.create_sheet('Applications')
apps.append(['Student ID', 'Season', ${withSpecialty ? "'Specialty', " : ''}'Program code', 'Signal'])
apps.append(['G020', 2025, ${withSpecialty ? "'IM', " : ''}'1401234003', 'gold'])
`;
    const without = await run(ctx, 'outcomes.import', openpyxlWorkbook(dual(false)), 'dual.xlsx');
    expect(without.errors.map((e) => [e.sheet, e.row, e.column, e.message])).toEqual([['Applications', 2, 'Student ID', 'G020 applied in 2 specialties in 2025: add a Specialty column to say which']]);
    expect(db.prepare(`SELECT count(*) FROM match_outcomes`).pluck().get()).toBe(0);
    const withIt = await run(ctx, 'outcomes.import', openpyxlWorkbook(dual(true)), 'dual.xlsx');
    expect(withIt).toMatchObject({ committed: true, counts: { outcomes: { added: 2 }, applications: { added: 1 } } });
    expect(db.prepare(`SELECT o.specialty FROM outcome_applications a JOIN match_outcomes o ON o.id = a.outcome_id`).pluck().all()).toEqual(['Internal Medicine']);
  });

  it('tells the page its progress under the job ID: reading, then checking and writing every row', async () => {
    const { ctx } = await fresh();
    const events: ProgressEvent[] = [];
    const input: InputOf<'outcomes.import'> = { file: openpyxlWorkbook(MATCH_LIST), fileName: 'match-2025.xlsx', jobId: 'job-7', asOf: '2026-03-20' };
    const r = await invoke({ ...ctx, progress: (e) => events.push(e) }, 'outcomes.import', input);
    expect(r.ok).toBe(true);
    expect(events.map((e) => [e.jobId, e.phase, e.done, e.total])).toEqual([
      ['job-7', 'read', 0, null],
      ['job-7', 'write', 0, 6],
      ['job-7', 'write', 6, 6],
    ]);
  });
});
