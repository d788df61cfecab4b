/**
 * The committee workbook as a committee prints it, read back with openpyxl (a reader no one here
 * wrote): every sheet landscape, one page wide, its title and header rows repeated on every page;
 * a title row naming the school, the report, the as-of date and whether it names students; headers
 * in words (no flag codes, no file names, no setting keys); and wrapped text in rows tall enough
 * to show it, so nothing spills into the next row or column or is cut off on paper.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportOptions } from '../../src/shared/api/reports';
import { FLAG_CODES } from '../../src/shared/domain';
import { flagTitle } from '../../src/shared/rules/catalogue';
import type { Db } from '../../src/main/db/open';
import { writePreference } from '../../src/main/db/preferences';
import { invoke } from '../../src/main/handlers';
import { writeCommitteeReportFile } from '../../src/main/reports/output';
import { tempDatabase } from '../helpers';
import { AS_OF, readWithOpenpyxl, seedReportDatabase, type OpenpyxlSheet, type OpenpyxlView } from './report-fixture';

const who = { actor: 'print-test', context: 'report print test' };
const SCHOOL = 'Northfield School of Medicine';
const SHEETS = ['Summary', 'At risk', 'Roster', 'By specialty', 'Outcomes', 'Sources'];

let db: Db;
let dir: string;
let identified: OpenpyxlView;
let deidentified: OpenpyxlView;

beforeAll(async () => {
  ({ db, dir } = await tempDatabase());
  seedReportDatabase(db, 120);
  writePreference(db, 'office.schoolName', SCHOOL, who);
  const file = path.join(dir, 'identified.xlsx');
  await writeCommitteeReportFile(db, ReportOptions.parse({ asOf: AS_OF }), file, { who });
  identified = readWithOpenpyxl(file);
  const deidFile = path.join(dir, 'deidentified.xlsx');
  await writeCommitteeReportFile(db, ReportOptions.parse({ asOf: AS_OF, deidentify: true }), deidFile, { who });
  deidentified = readWithOpenpyxl(deidFile);
});
afterAll(() => db.close());

/** Spreadsheet column letters of a 1-based index (1 → A, 27 → AA). */
function letters(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The table's header row (row 2 of the sheet), without the empty tail. */
const headers = (sheet: OpenpyxlSheet) => sheet.rows[0].filter((h) => h !== null).map(String);

describe('the committee workbook, printed', () => {
  it('prints every sheet landscape, one page wide and as many pages down as it takes, with rows 1–2 on every page', () => {
    expect(identified.sheets).toEqual(SHEETS);
    for (const view of [identified, deidentified])
      for (const name of SHEETS) {
        const p = view.data[name].print;
        expect(p, name).toEqual({ orientation: 'landscape', fitToWidth: 1, fitToHeight: 0, fitToPage: true, titleRows: '$1:$2' });
      }
  });

  it('opens every sheet with a title row: school, report and sheet, as-of date, identified or not, across the table', () => {
    for (const name of SHEETS) {
      const sheet = identified.data[name];
      expect(sheet.title, name).toBe(`${SCHOOL} · Committee report: ${name} · as of ${AS_OF} · active students only · identified: names students, keep confidential`);
      expect(sheet.merged, name).toContain(`A1:${letters(headers(sheet).length)}1`);
      expect(deidentified.data[name].title, name).toBe(`${SCHOOL} · Committee report: ${name} · as of ${AS_OF} · active students only · de-identified: pseudonyms, no names`);
    }
  });

  it('takes the school name from the Reports page (reports.setSchoolName): stored, audited, offered back, refused when too long', async () => {
    const ctx = { db, databasePath: path.join(dir, 'x.db'), actor: 'Dr. Brennan' };
    const set = await invoke(ctx, 'reports.setSchoolName', { schoolName: '  Eastbrook College of Osteopathic Medicine  ' });
    expect(set).toEqual({ ok: true, value: { schoolName: 'Eastbrook College of Osteopathic Medicine' } });
    const choices = await invoke(ctx, 'reports.choices', {});
    expect(choices.ok && choices.value.schoolName).toBe('Eastbrook College of Osteopathic Medicine');
    const audit = db.prepare(`SELECT actor, entity_id AS entityId, old_value AS oldValue, new_value AS newValue FROM audit_log WHERE entity = 'setting' ORDER BY id DESC LIMIT 1`).get();
    expect(audit).toEqual({ actor: 'Dr. Brennan', entityId: 'office.schoolName', oldValue: SCHOOL, newValue: 'Eastbrook College of Osteopathic Medicine' });
    const tooLong = await invoke(ctx, 'reports.setSchoolName', { schoolName: 'x'.repeat(201) });
    expect(tooLong.ok).toBe(false);
    if (!tooLong.ok) expect(tooLong.error.issues?.[0]).toMatchObject({ path: 'schoolName', message: 'at most 200 characters' });
    expect(await invoke(ctx, 'reports.setSchoolName', { schoolName: SCHOOL })).toEqual({ ok: true, value: { schoolName: SCHOOL } });
  });

  it('leaves the school out of the title when none is set', async () => {
    writePreference(db, 'office.schoolName', '', who);
    try {
      const file = path.join(dir, 'no-school.xlsx');
      await writeCommitteeReportFile(db, ReportOptions.parse({ asOf: AS_OF, classYears: [2027] }), file, { who });
      expect(readWithOpenpyxl(file).data['At risk'].title).toBe(`Committee report: At risk · as of ${AS_OF} · active students only · identified: names students, keep confidential`);
    } finally {
      writePreference(db, 'office.schoolName', SCHOOL, who);
    }
  });

  it('heads every column in words: no flag codes, no file names, no setting keys', () => {
    for (const view of [identified, deidentified])
      for (const name of SHEETS) {
        for (const h of headers(view.data[name])) {
          expect(h, `${name}: ${h}`).not.toMatch(/RULES\.md|\.md\b/);
          expect(h, `${name}: ${h}`).not.toMatch(/\b[A-Z0-9]+_[A-Z0-9_]+\b/);
          expect(h, `${name}: ${h}`).not.toMatch(/\b[a-z0-9]+\.[a-zA-Z0-9.]+\b/);
        }
      }
    // Each flag has its column on At risk, headed by its title.
    const atRisk = headers(identified.data['At risk']);
    for (const code of FLAG_CODES) expect(atRisk).toContain(flagTitle(code));
  });

  it('says the rules and the settings in words in every cell, not as file names, flag codes or setting keys', () => {
    for (const name of SHEETS) {
      for (const row of identified.data[name].rows)
        for (const v of row) {
          if (typeof v !== 'string') continue;
          expect(v, name).not.toContain('RULES.md');
          for (const code of FLAG_CODES) expect(v, name).not.toMatch(new RegExp(`\\b${code}\\b`));
        }
    }
    const sources = identified.data.Sources.rows;
    const items = sources.filter((r) => r[0] === 'Reference fact').map((r) => String(r[1]));
    expect(items).toContain('Step 2 CK minimum passing score');
    for (const item of items) expect(item).not.toMatch(/\([a-z0-9]+\.[a-zA-Z0-9.]+\)/);
    expect(sources.map((r) => r[5])).toContain("Stepwise rules: the student's timeline");
  });

  it('wraps long text in its own cell, in a row tall enough for it: nothing spills over or is cut off', () => {
    let checked = 0;
    for (const view of [identified, deidentified])
      for (const name of SHEETS) {
        const sheet = view.data[name];
        for (let i = 0; i < Math.min(sheet.rows.length, 1999); i++) {
          const rowNumber = i + 2;
          sheet.rows[i].forEach((v, c) => {
            if (typeof v !== 'string') return;
            const width = sheet.widths[c];
            // The fewest lines the text can take in its column: its own line breaks, each as long as the width allows.
            const lines = v.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(l.length / width)), 0);
            const at = `${name}!${letters(c + 1)}${rowNumber} "${v.slice(0, 50)}"`;
            if (lines <= 1) return;
            checked++;
            expect(sheet.wrap[i][c], `${at} needs ${lines} lines and does not wrap`).toBe(true);
            // A merged note under a table spans the table's width, not its first column's.
            const merged = sheet.merged.find((m) => new RegExp(`^A${rowNumber}:[A-Z]+${rowNumber}$`).test(m));
            const room = merged ? sheet.widths.reduce((a, b) => a + b, 0) : width;
            const need = v.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(l.length / room)), 0);
            expect(sheet.heights[String(rowNumber)] ?? 15, `${at} needs ${need} lines`).toBeGreaterThanOrEqual(15 * need);
          });
        }
      }
    // The check saw the long texts it is about: flag messages, sources, notes, headers.
    expect(checked).toBeGreaterThan(100);
  });
});
