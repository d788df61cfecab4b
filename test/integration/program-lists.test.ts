import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/main/db/open';
import { invoke } from '../../src/main/handlers';
import type { HandlerContext } from '../../src/main/handlers/context';
import type { ProgramListView } from '../../src/shared/api/program-lists';
import { tempDatabase } from '../helpers';
import { seedSchool, type SchoolPrograms } from './program-lists-fixtures';

let db: Db;
let ctx: HandlerContext;
let dir: string;
let P: SchoolPrograms;
beforeEach(async () => {
  ({ db, ctx, dir } = await tempDatabase());
  P = seedSchool(db);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function build(studentId: string, specialty: 'target' | 'backup' = 'target'): Promise<ProgramListView> {
  const r = await invoke(ctx, 'programList.build', { studentId, specialty, asOf: '2026-09-01' });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const lineOf = (v: ProgramListView, id: number) => v.lines.find((l) => l.programId === id)!;

describe('programList.build on a real database', () => {
  it('lists every program of the target specialty with its line, from consenting graduates only', async () => {
    const v = await build('S-MD');
    expect(v).toMatchObject({ specialty: 'Dermatology', specialtyKnown: true, ckScore: 246, applicantType: 'US_MD', saved: null });
    expect(v.lines.map((l) => l.name).sort()).toEqual(
      ['Harbor Health Dermatology', 'Lakeside University Dermatology', 'Prairie State Dermatology', 'Riverbend Community Dermatology', 'Summit Medical Center Dermatology'].sort(),
    );
    // 8 consenting graduates matched at D1; the 5 who declined and the 1 never asked (CK 275–280) are not counted.
    const d1 = lineOf(v, P.d1.id);
    expect(d1).toMatchObject({ computedTier: 'target', evidence: { kind: 'program', n: 8, years: '2022–2025' } });
    expect(d1.because).toBe('Target: CK 246 is at the 37th percentile of 8 graduates who matched here, 2022–2025 (their median CK 248.5): target (25th to 75th).');
    expect(d1.signals).toContain('signalled this program 3 times (3 gold)');
    // CK minimum 250 above the student's 246: not eligible, with the reason.
    expect(lineOf(v, P.ckMinimum.id)).toMatchObject({ tier: 'not-eligible', because: "Not eligible: publishes a Step 2 CK minimum of 250; the student's CK is 246 (program directory)." });
    // No graduates matched at the uncoded program: the school's specialty distribution (14 matched).
    const uncoded = lineOf(v, P.uncoded.id);
    expect(uncoded.evidence).toMatchObject({ kind: 'school-specialty', n: 14, years: '2022–2025' });
    expect(uncoded.because).toContain('The program has no code to link outcomes to;');
    // A US MD needs no visa and is not COMLEX-only: both programs are listed with tiers.
    expect(lineOf(v, P.noVisa.id).eligible).toBe(true);
    expect(lineOf(v, P.noComlex.id).eligible).toBe(true);
    expect(v.counts).toMatchObject({ 'not-eligible': 1, excluded: 0 });
    expect(v.method.join(' ')).toContain('ties counted half');
  });

  it('an IMG at a program without visa sponsorship, a DO without USMLE at one refusing COMLEX', async () => {
    const img = await build('S-IMG');
    expect(lineOf(img, P.noVisa.id).because).toBe('Not eligible: does not sponsor visas, and an IMG is taken to need one (program directory).');
    expect(lineOf(img, P.uncoded.id).notKnown).toEqual(['visa sponsorship not known']);
    const dO = await build('S-DO');
    expect(lineOf(dO, P.noComlex.id).tier).toBe('not-eligible');
    // No CK yet: no tier from nothing.
    expect(lineOf(dO, P.d1.id)).toMatchObject({ tier: 'no-evidence', because: expect.stringContaining('no passing Step 2 CK score yet') });
    expect(lineOf(dO, P.uncoded.id).because).toContain('Not known: whether COMLEX is accepted not known');
  });

  it('builds the backup specialty list, and refuses a student with no specialty or no record', async () => {
    const backup = await build('S-MD', 'backup');
    expect(backup.specialty).toBe('Internal Medicine');
    expect(backup.lines.map((l) => l.programId)).toEqual([P.im1.id]);
    // No graduate's IM outcome: the national reference (IM 254, Settings).
    expect(backup.lines[0].because).toContain("below Internal Medicine's reference CK 254");
    // By name or alias, for the one of the two it means.
    const byName = await invoke(ctx, 'programList.build', { studentId: 'S-MD', specialty: 'IM', asOf: '2026-09-01' });
    expect(byName).toMatchObject({ ok: true, value: { which: 'backup', specialty: 'Internal Medicine' } });
    expect(await invoke(ctx, 'programList.build', { studentId: 'S-MD', specialty: 'dermatology' })).toMatchObject({ ok: true, value: { which: 'target' } });
    expect(await invoke(ctx, 'programList.build', { studentId: 'S-MD', specialty: 'Pediatrics' })).toMatchObject({
      ok: false,
      error: { code: 'REJECTED', message: '"Pediatrics" is neither student S-MD\'s target specialty (Derm) nor backup specialty (Internal Medicine).' },
    });
    expect(await invoke(ctx, 'programList.build', { studentId: 'S-NONE', specialty: 'target' })).toMatchObject({ ok: false, error: { code: 'REJECTED', message: expect.stringContaining('no target specialty recorded') } });
    expect(await invoke(ctx, 'programList.build', { studentId: 'NOPE', specialty: 'target' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('programList.save', () => {
  it('saves the advisor\'s entries (audited), applies them, and refuses a stale version with CONFLICT', async () => {
    const entries = [
      { programId: P.d1.id, tierOverride: 'reach' as const, pinned: true, excluded: false, annotation: 'Away rotation in July' },
      { programId: P.noVisa.id, tierOverride: null, pinned: false, excluded: true, annotation: null },
    ];
    const first = await invoke(ctx, 'programList.save', { studentId: 'S-MD', specialty: 'target', entries, version: null, asOf: '2026-09-01' });
    if (!first.ok) throw new Error(first.error.message);
    const d1 = lineOf(first.value, P.d1.id);
    expect(d1).toMatchObject({ computedTier: 'target', tier: 'reach', pinned: true, annotation: 'Away rotation in July', overrideNote: 'Advisor set Reach (computed: Target).' });
    expect(first.value.saved).toMatchObject({ version: 1, savedBy: 'test-advisor' });
    expect(first.value.lines.at(-1)!.programId).toBe(P.noVisa.id);
    const audit = db.prepare(`SELECT actor, action, entity FROM audit_log WHERE entity = 'program_list'`).all();
    expect(audit).toEqual([{ actor: 'test-advisor', action: 'insert', entity: 'program_list' }]);

    // Built again, the saved entries are applied.
    expect(lineOf(await build('S-MD'), P.d1.id).tier).toBe('reach');

    // A second advisor saves on version 1; the first, still on "no list", is refused and nothing changes.
    const second = await invoke({ ...ctx, actor: 'dr-baker' }, 'programList.save', { studentId: 'S-MD', specialty: 'target', entries: [], version: 1 });
    expect(second.ok).toBe(true);
    const stale = await invoke(ctx, 'programList.save', { studentId: 'S-MD', specialty: 'target', entries, version: 1 });
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('dr-baker saved this Dermatology list'), detail: { savedBy: 'dr-baker', version: 2 } } });
    expect(lineOf(await build('S-MD'), P.d1.id).tier).toBe('target');
  });

  it('refuses an advisor\'s tier on a not-eligible program and a program of another specialty, naming each', async () => {
    const r = await invoke(ctx, 'programList.save', {
      studentId: 'S-MD',
      specialty: 'target',
      version: null,
      asOf: '2026-09-01',
      entries: [
        { programId: P.ckMinimum.id, tierOverride: 'likely', pinned: false, excluded: false, annotation: null },
        { programId: P.im1.id, tierOverride: null, pinned: true, excluded: false, annotation: null },
      ],
    });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'REJECTED',
        issues: [
          { path: 'entries.0.tierOverride', message: expect.stringContaining('Summit Medical Center Dermatology is not eligible') },
          { path: 'entries.1.programId', message: `program ${P.im1.id} is not a Dermatology program in the directory` },
        ],
      },
    });
    expect(db.prepare(`SELECT COUNT(*) FROM program_lists`).pluck().get()).toBe(0);
  });
});

describe('programList.export', () => {
  it('writes an .xlsx for the student: every line with tier, because, evidence, n, years and the advisor\'s notes', async () => {
    await invoke(ctx, 'programList.save', { studentId: 'S-MD', specialty: 'target', version: null, asOf: '2026-09-01', entries: [{ programId: P.d1.id, tierOverride: null, pinned: true, excluded: false, annotation: 'Ask Dr. Lee for a letter' }] });
    const r = await invoke(ctx, 'programList.export', { studentId: 'S-MD', specialty: 'target', asOf: '2026-09-01' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.fileName).toBe('program-list-S-MD-Dermatology-2026-09-01.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(r.value.bytes) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Program list', 'How to read it']);
    const sheet = wb.getWorksheet('Program list')!;
    expect(String(sheet.getCell('A1').value)).toContain('Program list: Diaz, Maya (S-MD) · target specialty Dermatology · Step 2 CK 246 · as of 2026-09-01');
    const header = (sheet.getRow(3).values as unknown[]).slice(1);
    expect(header).toEqual(['Tier', 'Program', 'City, state', 'Program code', 'Because', 'Evidence', 'n', 'Years', 'Signals (a note, not a tier)', "Advisor's change", "Advisor's note"]);
    const rows = Array.from({ length: 5 }, (_, i) => (sheet.getRow(4 + i).values as unknown[]).slice(1));
    const d1 = rows.find((row) => row[1] === 'Lakeside University Dermatology')!;
    expect(d1).toEqual([
      'Target',
      'Lakeside University Dermatology',
      'Springfield, IL',
      '1111080A0',
      expect.stringContaining('37th percentile of 8 graduates who matched here, 2022–2025'),
      "School's graduates who matched at this program",
      8,
      '2022–2025',
      expect.stringContaining('3 gold'),
      'Pinned',
      'Ask Dr. Lee for a letter',
    ]);
    expect(rows.find((row) => row[1] === 'Summit Medical Center Dermatology')![0]).toBe('Not eligible');
    expect(sheet.getRow(9).values).toEqual([]);
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 1, printTitlesRow: '1:3' });
    const about = wb.getWorksheet('How to read it')!;
    const text = about.getColumn(1).values.join('\n');
    expect(text).toContain('How many applications');
    expect(text).toContain('5 programs: 0 likely, 4 target, 0 reach, 0 with no evidence, 1 not eligible, 0 excluded by the advisor; 1 pinned.');

    // openpyxl, as an office's other tools read it.
    const file = path.join(dir, r.value.fileName);
    fs.writeFileSync(file, r.value.bytes);
    const py = execFileSync('/usr/bin/python3', ['-c', `
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['Program list']
print(ws.max_row, ws.print_title_rows, ws['E4'].alignment.wrap_text)
for row in ws.iter_rows(min_row=4, values_only=True): print(row[0], '|', row[1])
`, file]).toString();
    expect(py.split('\n')[0]).toBe('8 $1:$3 True');
    expect(py).toContain('Not eligible | Summit Medical Center Dermatology');
  });
});

describe('outcomes.chart', () => {
  it('counts consenting graduates only, in season blocks, and never shows a count under 10', async () => {
    const r = await invoke(ctx, 'outcomes.chart', { specialty: 'derm', fromSeason: 2022, toSeason: 2025 });
    if (!r.ok) throw new Error(r.error.message);
    // Consenting Dermatology applicants: 2 in 2022, 4 in 2023, 4 in 2024, 8 in 2025. From the oldest,
    // 2022–2024 closes at 10; 2025's 8 wait. Had the six who did not consent (or were never asked)
    // counted, 2025 would hold 14 and be a block of its own.
    expect(r.value.specialties.map((s) => [s.specialty, s.seasonsLabel, s.pooled])).toEqual([['Dermatology', '2022–2024 (pooled)', true]]);
    expect(r.value.blocks).toEqual([
      {
        specialty: 'Dermatology',
        closed: [{ fromSeason: 2022, toSeason: 2024, label: '2022–2024 (pooled)', pooled: true }],
        waiting: { fromSeason: 2025, toSeason: 2025, seasons: 1, text: 'Season 2025: not charted yet, waiting for more applicants — pooled with the seasons after until it has 10 applicants over at least 3 seasons.' },
      },
    ]);
    const [derm] = r.value.specialties;
    // All ten matched; 230–239 holds 1, 240–249 holds 5, 250–259 holds 4: each "fewer than 10", and the
    // zeros beside them and the totals they would give away are hidden with them.
    expect(derm.total.matched.text).toBe('10');
    expect(derm.total.applicants.text).toBe('not shown');
    expect(derm.bands.slice(1, 4).map((b) => b.applicants.text)).toEqual(['fewer than 10', 'fewer than 10', 'fewer than 10']);
    for (const row of [...derm.bands, derm.total])
      for (const c of [row.applicants, row.matched, row.notMatched]) if (c.state === 'shown') expect(c.value === 0 || c.value! >= 10).toBe(true);
    // The default is the newest closed block: the same chart, cell for cell.
    const byDefault = await invoke(ctx, 'outcomes.chart', { specialty: 'Dermatology' });
    expect(byDefault.ok && byDefault.value.specialties).toEqual(r.value.specialties);
    expect(await invoke(ctx, 'outcomes.chart', { fromSeason: 2025, toSeason: 2020 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
