import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/main/db/open';
import { invoke } from '../../src/main/handlers';
import { writeCommitteeReportFile } from '../../src/main/reports/output';
import { ReportOptions } from '../../src/shared/api/reports';
import type { OutcomesChart } from '../../src/shared/outcomes/chart';
import { tempDatabase } from '../helpers';
import { seedSchool } from './program-lists-fixtures';
import { readWithOpenpyxl, type OpenpyxlSheet } from './report-fixture';
import { OUTCOMES_COLUMNS, outcomesRows } from '../../src/main/reports/sheets/outcomes';
import { outcomesChart } from '../../src/shared/outcomes/chart';
import { memory, outcome } from '../unit/outcomes-fixtures';

const who = { actor: 'outcomes-sheet-test', context: 'test' };
let db: Db;
let dir: string;
let sheet: OpenpyxlSheet;
let deidentified: OpenpyxlSheet;
let chart: OutcomesChart;

beforeAll(async () => {
  let ctx;
  ({ db, dir, ctx } = await tempDatabase());
  seedSchool(db);
  const file = path.join(dir, 'committee.xlsx');
  await writeCommitteeReportFile(db, ReportOptions.parse({ asOf: '2026-09-01' }), file, { who });
  sheet = readWithOpenpyxl(file).data.Outcomes;
  const deid = path.join(dir, 'deid.xlsx');
  await writeCommitteeReportFile(db, ReportOptions.parse({ asOf: '2026-09-01', deidentify: true }), deid, { who });
  deidentified = readWithOpenpyxl(deid).data.Outcomes;
  const r = await invoke(ctx, 'outcomes.chart', {});
  if (!r.ok) throw new Error(r.error.message);
  chart = r.value;
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const HEADER = [
  'Specialty',
  'Seasons',
  'CK band (Step 2 CK at application)',
  'Applicants',
  'Matched (Main Match)',
  'Not matched',
  'Matched %',
  'Median CK of matched',
  'CK of matched, 25th–75th percentile',
  'Interviews per application',
  'Graduates with interviews recorded',
];

describe("the committee workbook's Outcomes sheet", () => {
  it("is the office's own Charting Outcomes exactly as outcomes.chart gives it, counts of 1–9 never as numbers", () => {
    expect(sheet.rows[0]).toEqual(HEADER);
    const table = sheet.rows.slice(1).filter((r) => r[2] !== null);
    const derm = chart.specialties.find((s) => s.specialty === 'Dermatology')!;
    // The default: each specialty's newest closed season block (the one the screen opens on), each band then all applicants.
    expect(chart.specialties.map((s) => [s.specialty, s.seasonsLabel])).toEqual([['Dermatology', '2022–2024 (pooled)']]);
    const rows = table.filter((r) => r[0] === 'Dermatology');
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['2022–2024 (pooled)']));
    expect(rows.map((r) => r[2])).toEqual([...derm.bands, derm.total].map((b) => b.label));
    rows.forEach((r, i) => {
      const c = [...derm.bands, derm.total][i];
      expect(r.slice(3, 6)).toEqual([c.applicants, c.matched, c.notMatched].map((x) => (x.state === 'shown' ? x.value : x.text)));
      // A band's n of graduates with interviews is said, never left blank: a number (0, or the total's), "10 or more" or hidden.
      expect(r[10]).toBe(c.interviewsN.value ?? c.interviewsN.text);
      expect(r[10]).not.toBeNull();
    });
    for (const r of table)
      for (const v of [r[3], r[4], r[5], r[10]]) {
        if (typeof v === 'number') expect(v === 0 || v >= 10, `${String(r[0])} ${String(r[2])}: ${v}`).toBe(true);
        else expect(['fewer than 10', 'not shown', '10 or more']).toContain(v);
      }
    // Not one of the six graduates who did not consent shows: 2025's Dermatology had 4 + 2 + 2 consenting applicants.
    expect(JSON.stringify(sheet.rows)).not.toContain('G-NO');
  });

  it('prints as every committee sheet does, with its notes under the table, and is the same de-identified', () => {
    expect(String(sheet.title)).toContain('Committee report: Outcomes · as of 2026-09-01');
    expect(sheet.print).toMatchObject({ orientation: 'landscape', fitToWidth: 1, fitToPage: true, titleRows: '$1:$2' });
    const notes = sheet.rows.filter((r) => r[2] === null && typeof r[0] === 'string').map((r) => r[0] as string);
    expect(notes).toContain('Past graduates who agreed to share their outcomes only. No graduate is named.');
    expect(notes).toContain("The report's class, advisor and status choices are about the current roster: they do not apply here.");
    expect(notes.join(' ')).toContain('A count of 1 to 9 shows as "fewer than 10"');
    expect(notes.join(' ')).toContain('Each chart is one block, so no two charts share a season');
    // The seasons still waiting are named, with no count.
    expect(notes).toContain('Dermatology, season 2025: not charted yet, waiting for more applicants — pooled with the seasons after until it has 10 applicants over at least 3 seasons.');
    expect(deidentified.rows).toEqual(sheet.rows);
  });
});

describe('Outcomes sheet cells', () => {
  it('says a band\'s "10 or more" graduates with interviews recorded (the number is only given for all applicants)', () => {
    const grads = Array.from({ length: 12 }, (_, i) => outcome({ studentId: `I${i}`, specialty: 'Internal Medicine', season: 2023 + (i % 3), ckAtApplication: 245, applications: 40, interviews: 10 }));
    const rows = outcomesRows(outcomesChart(memory({ outcomes: grads }), {}));
    const n = OUTCOMES_COLUMNS.find((c) => c.header === 'Graduates with interviews recorded')!;
    expect(rows.map((r) => [r.row.label, n.value(r)])).toEqual([
      ['under 230', 0],
      ['230–239', 0],
      ['240–249', '10 or more'],
      ['250–259', 0],
      ['260 or more', 0],
      ['CK not recorded', 0],
      ['All applicants', 12],
    ]);
  });
});
