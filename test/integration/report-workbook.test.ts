import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_PHASES, ReportOptions } from '../../src/shared/api/reports';
import { SEVERITY_RANK, type Severity } from '../../src/shared/domain';
import { evaluateStudent } from '../../src/shared/rules/flags';
import type { Db } from '../../src/main/db/open';
import { loadReferenceData } from '../../src/main/db/reference';
import { loadAllSnapshots } from '../../src/main/db/students';
import { invoke } from '../../src/main/handlers';
import type { HandlerContext } from '../../src/main/handlers/context';
import { writeCommitteeReportFile } from '../../src/main/reports/output';
import { tempDatabase } from '../helpers';
import { AS_OF, readWithOpenpyxl, seedReportDatabase, TRICKY, xlsxParts, type OpenpyxlView } from './report-fixture';

let db: Db;
let ctx: HandlerContext;
let dir: string;
let file: string;
let view: OpenpyxlView;

const who = { actor: 'test-advisor', context: 'report test' };
const options = (o: ReportOptions = {}) => ReportOptions.parse({ asOf: AS_OF, ...o });

/** What the rules engine itself says, student by student: flagged at or above `min`, most severe first, then by Student ID. */
function expectedAtRisk(min: Severity = 'low', keep: (gradYear: number) => boolean = () => true): string[] {
  const ref = loadReferenceData(db);
  return loadAllSnapshots(db)
    .filter((s) => keep(s.student.gradYear))
    .map((s) => evaluateStudent(s, ref, AS_OF))
    .filter((e) => e.risk !== null && SEVERITY_RANK[e.risk] >= SEVERITY_RANK[min])
    .sort((a, b) => SEVERITY_RANK[b.risk!] - SEVERITY_RANK[a.risk!] || (a.studentId < b.studentId ? -1 : 1))
    .map((e) => e.studentId);
}

const column = (sheet: { rows: unknown[][] }, header: string) => {
  const i = sheet.rows[0].indexOf(header);
  if (i < 0) throw new Error(`no column ${header}`);
  return sheet.rows.slice(1).map((r) => r[i]);
};

beforeAll(async () => {
  ({ db, ctx, dir } = await tempDatabase());
  seedReportDatabase(db);
  file = path.join(dir, 'committee.xlsx');
  await writeCommitteeReportFile(db, options(), file, { who });
  view = readWithOpenpyxl(file);
});
afterAll(() => db.close());

describe('the committee workbook, opened with openpyxl', () => {
  it('has the six sheets, each with a frozen styled header and an autofilter over the whole table', () => {
    expect(view.sheets).toEqual(['Summary', 'At risk', 'Roster', 'By specialty', 'Outcomes', 'Sources']);
    for (const name of view.sheets) {
      const sheet = view.data[name];
      // Row 1 is the title, row 2 the header: both stay in view.
      expect(sheet.freeze, name).toBe('A3');
      // Summary: 4 classes + total, then notes outside the filter; Outcomes: its rows name a CK band, its notes do not.
      const lastRow = (name === 'Summary' ? 6 : name === 'Outcomes' ? sheet.rows.filter((r) => r[2] !== null && r[2] !== undefined).length : sheet.rows.length) + 1;
      const lastColumn = String.fromCharCode(64 + sheet.rows[0].length);
      if (sheet.rows[0].length <= 26) expect(sheet.filter, name).toBe(`A2:${lastColumn}${lastRow}`);
      else expect(sheet.filter, name).toMatch(new RegExp(`^A2:[A-Z]{2}${lastRow}$`));
    }
  });

  it('lists on At risk exactly the students the rules engine flags, in its order (most severe first, then Student ID)', () => {
    const ids = column(view.data['At risk'], 'Student ID');
    const expected = expectedAtRisk();
    expect(expected.length).toBeGreaterThan(50);
    expect(ids).toEqual(expected);
    const risks = column(view.data['At risk'], 'Risk') as Severity[];
    for (let i = 1; i < risks.length; i++) expect(SEVERITY_RANK[risks[i - 1]]).toBeGreaterThanOrEqual(SEVERITY_RANK[risks[i]]);
  });

  it('puts each flag in the Flags and messages columns and in its own severity column', () => {
    const sheet = view.data['At risk'];
    const row = sheet.rows.find((r) => r[0] === 'X-1001')!;
    const at = (h: string) => row[sheet.rows[0].indexOf(h)];
    // By their titles, one a line: a committee reads words, not codes.
    expect(at('Flags')).toBe("Step 2 CK below the target specialty's reference\nDual application advised\nStep 1 failure");
    expect(String(at('Flag messages')).split('\n')).toHaveLength(3);
    expect(at('Flag messages')).toContain("Step 2 CK below the target specialty's reference (high): Step 2 CK 240 is 18 below the Dermatology reference 258");
    expect(at('Step 1 failure')).toBe('high');
    expect(at('Step 2 CK score will not be back before programs review')).toBeNull();
    expect(at('Risk')).toBe('high');
    expect(at('Next follow-up')).toMatchObject({ date: '2026-12-05T00:00:00', format: 'yyyy-mm-dd' });
    expect(at('Overdue action items')).toBe(1);
  });

  it('writes no formula anywhere, even for names that are formulas, and keeps them verbatim as text', () => {
    for (const name of view.sheets) expect(view.data[name].formulas, name).toBe(0);
    expect(view.formulaElements).toBe(0);
    const roster = view.data.Roster;
    const lastNames = column(roster, 'Last name');
    const firstNames = column(roster, 'First name');
    for (const s of TRICKY) {
      expect(lastNames).toContain(s.lastName);
      expect(firstNames).toContain(s.firstName);
    }
    const track = roster.rows[0].indexOf('Clerkship track');
    const hyperlinkRow = roster.rows.findIndex((r) => r[1] === '=HYPERLINK("http://x","y")');
    expect(roster.types[hyperlinkRow][1]).toBe('s');
    expect(roster.rows.find((r) => r[0] === 'X-1002')![track]).toBe('@SUM(A1)');
    expect(roster.rows.find((r) => r[0] === 'X-1001')![roster.rows[0].indexOf('Honors count')]).toBe('=1+1');
    // A control character that XML forbids is dropped rather than corrupting the file; the tab stays.
    expect(roster.rows.find((r) => r[0] === 'X-1004')![track]).toBe('bell and tab\tok');
  });

  it('writes real dates with a date format, not text', () => {
    const roster = view.data.Roster;
    expect(roster.dates).toBeGreaterThan(300);
    const step1Dates = column(roster, 'Step 1 date');
    expect(step1Dates.find((d) => d !== null)).toMatchObject({ format: 'yyyy-mm-dd' });
    const x1001 = roster.rows.find((r) => r[0] === 'X-1001')!;
    expect(x1001[roster.rows[0].indexOf('Step 1 date')]).toEqual({ date: '2025-07-20T00:00:00', format: 'yyyy-mm-dd' });
    expect(x1001[roster.rows[0].indexOf('CK date')]).toEqual({ date: '2026-07-01T00:00:00', format: 'yyyy-mm-dd' });
    expect(x1001[roster.rows[0].indexOf('CK score')]).toBe(240);
    expect(view.data.Sources.dates).toBeGreaterThan(5);
  });

  it('has every student on Roster with every custom field as its own column, and names the database-free creator', () => {
    const students = (db.prepare('SELECT count(*) AS n FROM students').get() as { n: number }).n;
    expect(view.data.Roster.rows.length - 1).toBe(students);
    for (const f of ['Preferred name', 'Parent phone', 'Clerkship track', 'Honors count', 'Research', 'Email', 'Notes']) expect(view.data.Roster.rows[0]).toContain(f);
    expect(view.creator).toBe('Stepwise');
    expect(view.lastModifiedBy).toBe('Stepwise');
  });

  it('counts Summary by class with a total that adds up to the roster and to the rules engine', () => {
    const summary = view.data.Summary;
    const total = summary.rows.find((r) => r[0] === 'All classes')!;
    const header = summary.rows[0];
    const at = (h: string) => total[header.indexOf(h)] as number;
    const students = view.data.Roster.rows.length - 1;
    expect(at('Students')).toBe(students);
    expect(at('Step 1 passed') + at('Step 1 failed') + at('Step 1 not yet')).toBe(students);
    expect(at('CK reported') + at('CK scheduled or awaiting score') + at('CK not scheduled')).toBe(students);
    expect(at('Critical') + at('High') + at('Medium') + at('Low') + at('No flags')).toBe(students);
    expect(at('Critical') + at('High') + at('Medium') + at('Low')).toBe(expectedAtRisk().length);
    const byClass = summary.rows.slice(1, 5);
    expect(byClass.map((r) => r[0])).toEqual([2027, 2028, 2029, 2030]);
    expect(byClass.reduce((n, r) => n + (r[1] as number), 0)).toBe(students);
  });

  it('counts every class exactly as the dashboard does for the same as-of date', async () => {
    const summary = view.data.Summary;
    const header = summary.rows[0];
    for (const row of summary.rows.slice(1, 6)) {
      const r = await invoke(ctx, 'dashboard.counts', { asOf: AS_OF, ...(row[0] === 'All classes' ? {} : { gradYears: [row[0] as number] }) });
      if (!r.ok) throw new Error(r.error.message);
      const at = (h: string) => row[header.indexOf(h)];
      const d = r.value;
      expect([at('Students'), at('Step 1 passed'), at('Step 1 failed'), at('Step 1 not yet')], String(row[0])).toEqual([d.students, d.step1.passed, d.step1.failed, d.step1.notYet]);
      expect([at('CK reported'), at('CK scheduled or awaiting score'), at('CK not scheduled')]).toEqual([d.ck.reported, d.ck.scheduled, d.ck.notScheduled]);
      expect([at('Critical'), at('High'), at('Medium'), at('Low'), at('No flags')]).toEqual([d.risk.critical, d.risk.high, d.risk.medium, d.risk.low, d.risk.none]);
    }
  });

  it('compares each specialty with its reference and lists every reference value with its source on Sources', () => {
    const spec = view.data['By specialty'];
    const derm = spec.rows.find((r) => r[0] === 'Dermatology')!;
    expect(derm[spec.rows[0].indexOf('Reference CK')]).toBe(258);
    const students = spec.rows.slice(1).reduce((n, r) => n + (r[2] as number), 0);
    expect(students).toBe(view.data.Roster.rows.length - 1);
    const sources = view.data.Sources;
    const settings = (db.prepare(`SELECT count(*) AS n FROM settings`).get() as { n: number }).n;
    expect(sources.rows.filter((r) => r[0] === 'Reference fact')).toHaveLength(settings);
    expect(sources.rows.filter((r) => r[0] === 'Specialty reference CK')).toHaveLength(25);
    const asOf = sources.rows.find((r) => String(r[1]).startsWith('As of'))!;
    expect(asOf[2]).toEqual({ date: `${AS_OF}T00:00:00`, format: 'yyyy-mm-dd' });
    const ck = sources.rows.find((r) => r[1] === 'Step 2 CK minimum passing score' && (r[2] as number) === 218)!;
    expect(ck[3]).toMatchObject({ date: '2025-07-01T00:00:00' });
    expect(ck[5]).toContain('USMLE announcements');
  });
});

describe('the committee workbook, read back with exceljs', () => {
  it('keeps header styling, severity fills, frozen panes and column widths', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const atRisk = wb.getWorksheet('At risk')!;
    const header = atRisk.getRow(2).getCell(1);
    expect(header.font?.bold).toBe(true);
    expect(header.fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FF1F3864' } });
    expect(atRisk.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(atRisk.getColumn(8).width).toBe(90);
    const riskColumn = (atRisk.getRow(2).values as unknown[]).indexOf('Risk');
    const critical = atRisk.getRow(3).getCell(riskColumn);
    expect(critical.value).toBe('critical');
    expect(critical.fill).toMatchObject({ fgColor: { argb: 'FFC00000' } });
    // Wrapped messages get the row height they need; every sheet prints landscape, one page wide.
    const x1001Risk = atRisk.getRows(3, atRisk.rowCount - 2)!.find((r) => r.getCell(1).value === 'X-1001')!;
    expect(x1001Risk.height).toBeGreaterThanOrEqual(45);
    expect(atRisk.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    const roster = wb.getWorksheet('Roster')!;
    const step1Date = (roster.getRow(2).values as unknown[]).indexOf('Step 1 date');
    const x1001 = roster.getRows(3, roster.rowCount - 2)!.find((r) => r.getCell(1).value === 'X-1001')!;
    const date = x1001.getCell(step1Date);
    expect(date.value).toEqual(new Date(Date.UTC(2025, 6, 20)));
    expect(date.numFmt).toBe('yyyy-mm-dd');
  });
});

describe('report options', () => {
  it('filters every sheet by class and advisor, and At risk by minimum severity', async () => {
    const out = path.join(dir, 'filtered.xlsx');
    await writeCommitteeReportFile(db, options({ classYears: [2028], minSeverity: 'high' }), out, { who });
    const v = readWithOpenpyxl(out);
    expect(new Set(column(v.data.Roster, 'Class of'))).toEqual(new Set([2028]));
    expect(column(v.data['At risk'], 'Student ID')).toEqual(expectedAtRisk('high', (y) => y === 2028));
    expect(new Set(column(v.data['At risk'], 'Risk'))).toEqual(new Set(['critical', 'high']));
    expect(v.data.Summary.rows.map((r) => r[0]).slice(1, 3)).toEqual([2028, 'All classes']);

    const advisorOut = path.join(dir, 'advisor.xlsx');
    await writeCommitteeReportFile(db, options({ advisor: 'dr. brennan' }), advisorOut, { who });
    const a = readWithOpenpyxl(advisorOut);
    expect(new Set(column(a.data.Roster, 'Advisor'))).toEqual(new Set(['Dr. Brennan']));
    expect(column(a.data.Roster, 'Student ID')).toContain('X-1001');
  });

  it('has COMLEX columns exactly when someone in the report has a COMLEX attempt', async () => {
    const fresh = await tempDatabase();
    seedReportDatabase(fresh.db, 200);
    fresh.db.prepare(`DELETE FROM exam_attempts WHERE exam IN ('COMLEX1', 'COMLEX2CE')`).run();
    const headers = async (o: ReportOptions, name: string) => {
      const out = path.join(fresh.dir, name);
      await writeCommitteeReportFile(fresh.db, options(o), out, { who });
      return readWithOpenpyxl(out).data.Roster.rows[0].filter((h) => String(h).startsWith('COMLEX'));
    };
    expect(await headers({}, 'none.xlsx')).toEqual([]);
    const one = fresh.db.prepare(`SELECT id, grad_year FROM students ORDER BY id LIMIT 1`).get() as { id: string; grad_year: number };
    const y = one.grad_year;
    const elsewhere = fresh.db.prepare(`SELECT grad_year FROM students WHERE grad_year <> ? LIMIT 1`).pluck().get(y) as number;
    expect(elsewhere).toEqual(expect.any(Number));
    const added = await invoke(fresh.ctx, 'attempts.add', { studentId: one.id, exam: 'COMLEX2CE', testDate: '2026-06-01', outcome: null, score: 560, attemptOrder: null });
    expect(added.ok).toBe(true);
    expect(await headers({}, 'all.xlsx')).toEqual(['COMLEX 2-CE status', 'COMLEX 2-CE score', 'COMLEX 2-CE date']);
    expect(await headers({ classYears: [y] }, 'with.xlsx')).toEqual(['COMLEX 2-CE status', 'COMLEX 2-CE score', 'COMLEX 2-CE date']);
    expect(await headers({ classYears: [elsewhere] }, 'without.xlsx')).toEqual([]);
    fresh.db.close();
  });

  it('refuses a report no student matches, with a clear message and no file', async () => {
    const out = path.join(dir, 'nobody.xlsx');
    await expect(writeCommitteeReportFile(db, options({ classYears: [2040] }), out, { who })).rejects.toThrow('No active students match class 2040; no report was written (archived students are never reported).');
    await expect(writeCommitteeReportFile(db, options(), path.join(dir, 'missing-folder', 'r.xlsx'), { who })).rejects.toThrow(/folder .* does not exist/);
    expect(fs.readdirSync(dir).filter((f) => f.includes('nobody') || f.endsWith('.partial'))).toEqual([]);
  });

  it('returns the same workbook bytes through the reports.committee handler, and validates its input', async () => {
    const r = await invoke(ctx, 'reports.committee', { asOf: AS_OF, classYears: [2027] });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.fileName).toBe(`stepwise-committee-${AS_OF}.xlsx`);
    expect(Buffer.from(r.value.bytes.subarray(0, 2)).toString()).toBe('PK');
    const out = path.join(dir, 'from-handler.xlsx');
    fs.writeFileSync(out, r.value.bytes);
    const v = readWithOpenpyxl(out);
    expect(column(v.data['At risk'], 'Student ID')).toEqual(expectedAtRisk('low', (y) => y === 2027));
    expect(r.value.counts).toMatchObject({ asOf: AS_OF, classYears: [2027], atRisk: expectedAtRisk('low', (y) => y === 2027).length, deidentified: false });

    const bad = await invoke(ctx, 'reports.committee', { asOf: '2026-02-30', minSeverity: 'urgent' } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!bad.ok) expect(bad.error.issues!.map((i) => i.path).sort()).toEqual(['asOf', 'minSeverity']);
    const none = await invoke(ctx, 'reports.committee', { asOf: AS_OF, advisor: 'Nobody' });
    expect(none).toMatchObject({ ok: false, error: { code: 'REJECTED', message: 'No active students match advisor "Nobody"; no report was written (archived students are never reported).' } });
  });

  it('reports progress by phase and stops on cancel without writing the file', async () => {
    const events: string[] = [];
    const ac = new AbortController();
    const out = path.join(dir, 'cancelled.xlsx');
    const run = writeCommitteeReportFile(db, options(), out, {
      who,
      signal: ac.signal,
      progress: (phase) => {
        events.push(phase);
        if (phase === 'Writing At risk') ac.abort();
      },
    });
    await expect(run).rejects.toThrow('cancelled');
    expect(events).toContain('Reading the roster');
    expect(events).toContain('Writing Roster');
    expect(events).not.toContain('Finishing the file');
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('stops a running reports.committee job on reports.cancel, with progress events in the phases the page knows', async () => {
    const events: { jobId: string; phase: string }[] = [];
    const withProgress = { ...ctx, progress: (e: { jobId: string; phase: string }) => events.push(e) };
    // Cancel as soon as the workbook is being written (the page's Cancel button, mid-report). Issued from
    // the progress event itself: a small test cohort can finish between two polls of a timer.
    let cancelled: Promise<unknown> | null = null;
    const running = invoke(
      {
        ...withProgress,
        progress: (e: { jobId: string; phase: string }) => {
          events.push(e);
          if (e.phase.startsWith('Writing') && !cancelled) cancelled = invoke(ctx, 'reports.cancel', { jobId: 'job-1' });
        },
      },
      'reports.committee',
      { asOf: AS_OF, jobId: 'job-1' },
    );
    expect(await running).toMatchObject({ ok: false, error: { code: 'CANCELLED', message: 'The report was cancelled; no file was written.' } });
    expect(await cancelled).toEqual({ ok: true, value: { cancelled: true } });
    expect(await invoke(ctx, 'reports.cancel', { jobId: 'job-1' })).toEqual({ ok: true, value: { cancelled: false } });

    events.length = 0;
    const done = await invoke(withProgress, 'reports.committee', { asOf: AS_OF, jobId: 'job-2' });
    expect(done.ok).toBe(true);
    const phases = [...new Set(events.map((e) => e.phase))];
    expect(phases).toEqual(REPORT_PHASES.map(([p]) => p));
    expect(events.every((e) => e.jobId === 'job-2')).toBe(true);
  });

  it('lists the choices the Reports page offers', async () => {
    const r = await invoke(ctx, 'reports.choices', {});
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.classYears).toEqual([2027, 2028, 2029, 2030]);
    expect(r.value.advisors).toContain('Dr. Brennan');
  });

  it('writes the XML parts so a strict reader finds no formula element anywhere', () => {
    const parts = xlsxParts(file, path.join(dir, 'unzipped'));
    expect([...parts.keys()].filter((n) => n.startsWith('xl/worksheets/'))).toHaveLength(6);
    for (const [name, xml] of parts) expect(xml, name).not.toMatch(/<f[ >]/);
  });
});
