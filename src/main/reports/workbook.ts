/**
 * The committee workbook (PRODUCT.md "Reports"): Summary, At risk, Roster, By specialty, Sources,
 * written with exceljs's streaming writer into any writable stream, rows committed as they go.
 * The caller decides where the bytes land (a file renamed into place, or memory for the app).
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { ApiError } from '../../shared/api/contract';
import type { CommitteeReportCounts, ParsedReportOptions } from '../../shared/api/reports';
import { localToday } from '../../shared/domain';
import type { AuditContext } from '../db/audit';
import { SCHEMA_VERSION } from '../db/migrations';
import type { Db } from '../db/open';
import { APP_VERSION } from '../handlers/app';
import { loadReportCohort, type ReportStudent } from './cohort';
import { studentIdsByName } from './queries';
import { deidentifiedPresenter, identifiedPresenter } from './presenter';
import { pseudonymKey } from './pseudonyms';
import { atRiskColumns, atRiskLines, atRiskOrder } from './sheets/at-risk';
import { BY_SPECIALTY_COLUMNS, specialtyGroups } from './sheets/by-specialty';
import { rosterColumns } from './sheets/roster';
import { SOURCES_COLUMNS, sourceRows } from './sheets/sources';
import { SUMMARY_COLUMNS, summaryNotes, summaryRows } from './sheets/summary';
import { toCell, type CellValue } from './safe-text';
import { throwIfCancelled, writeTable, yieldToEventLoop, type Column, type TableOptions, type WriteControl } from './table';

export const SHEET_NAMES = ['Summary', 'At risk', 'Roster', 'By specialty', 'Sources'] as const;

export interface ReportRun extends WriteControl {
  /** Who asked (audit of the pseudonym key's creation; named in identified reports only). */
  who: AuditContext;
  now?: Date;
}

/** The metadata a workbook carries: never a person's name (de-identified or not, a file travels). */
const AUTHOR = 'Stepwise';

/** The students in the Roster screen's name order, read from the name index (no sort of 100,000 names in JS). */
function inNameOrder(db: Db, students: readonly ReportStudent[]): ReportStudent[] {
  const byId = new Map(students.map((s) => [s.student.id, s]));
  const out: ReportStudent[] = [];
  for (const id of studentIdsByName(db)) {
    const s = byId.get(id);
    if (s) out.push(s);
  }
  return out;
}

/** One sheet of the workbook, laid out but not yet written. */
export interface SheetPlan {
  name: (typeof SHEET_NAMES)[number];
  rowCount: number;
  write(workbook: ExcelJS.stream.xlsx.WorkbookWriter, run: WriteControl): Promise<number>;
  /** The cell values it writes, header first (for the benchmark's unstyled baseline). */
  cells(): Iterable<CellValue[]>;
}

function sheet<R>(name: SheetPlan['name'], columns: readonly Column<R>[], rows: readonly R[], options: Omit<TableOptions<R>, 'total'> = {}): SheetPlan {
  const { notes } = options;
  return {
    name,
    rowCount: rows.length,
    write: (workbook, run) => writeTable(workbook, name, columns, rows, run, { ...options, total: rows.length }),
    *cells() {
      yield columns.map((c) => toCell(c.header));
      for (const r of rows) yield columns.map((c) => toCell(c.value(r)));
      for (const note of notes ?? []) yield [toCell(note)];
    },
  };
}

export interface WorkbookPlan {
  sheets: SheetPlan[];
  counts: CommitteeReportCounts;
}

/** Evaluates the cohort and lays out every sheet (what the benchmark's baseline writes without styles, too). */
export async function planCommitteeWorkbook(db: Db, options: ParsedReportOptions, run: ReportRun): Promise<WorkbookPlan> {
  const asOf = options.asOf ?? localToday();
  const opts = { ...options, asOf };
  const cohort = await loadReportCohort(db, opts, run);
  if (cohort.students.length === 0) {
    const filters = [opts.classYears.length ? `class ${opts.classYears.join(', ')}` : null, opts.advisor ? `advisor "${opts.advisor}"` : null].filter(Boolean).join(' and ');
    throw new ApiError('REJECTED', filters ? `No students match ${filters}; no report was written.` : 'The database holds no students; no report was written.');
  }
  const presenter = opts.deidentify ? deidentifiedPresenter(pseudonymKey(db, run.who), cohort.everyone) : identifiedPresenter();
  const students = cohort.students;
  const atRisk = atRiskOrder(cohort.atRisk, presenter);
  // Identified: the Roster screen's order (by name); de-identified: by pseudonym, so no order hints at a name.
  const roster = presenter.deidentified ? [...students].sort((a, b) => presenter.compare(a.student, b.student)) : inNameOrder(db, students);
  const classYears = [...new Set(students.map((s) => s.student.gradYear))].sort((a, b) => a - b);
  const sources = sourceRows({
    options: opts,
    generatedAt: run.now ?? new Date(),
    ref: cohort.ref,
    classYears,
    students: students.length,
    atRisk: atRisk.length,
    generatedBy: opts.deidentify ? null : run.who.actor,
    version: APP_VERSION,
    schemaVersion: SCHEMA_VERSION,
  });
  return {
    sheets: [
      sheet('Summary', SUMMARY_COLUMNS, summaryRows(students), { notes: summaryNotes(asOf) }),
      sheet('At risk', atRiskColumns(presenter), atRisk, { lines: atRiskLines }),
      sheet('Roster', rosterColumns(students, presenter), roster),
      sheet('By specialty', BY_SPECIALTY_COLUMNS, specialtyGroups(students, presenter)),
      sheet('Sources', SOURCES_COLUMNS, sources),
    ],
    counts: {
      asOf,
      students: students.length,
      flagged: students.filter((s) => s.evaluation.risk !== null).length,
      atRisk: atRisk.length,
      classYears,
      deidentified: opts.deidentify,
    },
  };
}

export async function writeCommitteeWorkbook(db: Db, options: ParsedReportOptions, out: Writable, run: ReportRun): Promise<CommitteeReportCounts> {
  const plan = await planCommitteeWorkbook(db, options, run);
  const now = run.now ?? new Date();
  // Shared strings: text cells are `t="s"`, the form every spreadsheet program reads as plain text.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  workbook.creator = AUTHOR;
  workbook.lastModifiedBy = AUTHOR;
  workbook.created = now;
  workbook.modified = now;
  for (const s of plan.sheets) {
    await yieldToEventLoop();
    throwIfCancelled(run);
    await s.write(workbook, run);
  }
  run.progress?.('Finishing the file', 0, null);
  await workbook.commit();
  // A cancel that arrives while the zip is finished still wins: the caller saves nothing.
  throwIfCancelled(run);
  return plan.counts;
}
