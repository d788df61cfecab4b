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
import { loadReportCohort } from './cohort';
import { deidentifiedPresenter, identifiedPresenter } from './presenter';
import { pseudonymKey } from './pseudonyms';
import { atRiskColumns, atRiskOrder } from './sheets/at-risk';
import { BY_SPECIALTY_COLUMNS, specialtyGroups } from './sheets/by-specialty';
import { rosterColumns } from './sheets/roster';
import { SOURCES_COLUMNS, sourceRows } from './sheets/sources';
import { SUMMARY_COLUMNS, summaryNotes, summaryRows } from './sheets/summary';
import { throwIfCancelled, writeTable, type WriteControl } from './table';

export const SHEET_NAMES = ['Summary', 'At risk', 'Roster', 'By specialty', 'Sources'] as const;

export interface ReportRun extends WriteControl {
  /** Who asked (audit of the pseudonym key's creation; named in identified reports only). */
  who: AuditContext;
  now?: Date;
}

/** The metadata a workbook carries: never a person's name (de-identified or not, a file travels). */
const AUTHOR = 'Stepwise';

export async function writeCommitteeWorkbook(db: Db, options: ParsedReportOptions, out: Writable, run: ReportRun): Promise<CommitteeReportCounts> {
  const asOf = options.asOf ?? localToday();
  const opts = { ...options, asOf };
  const cohort = await loadReportCohort(db, opts, run);
  if (cohort.students.length === 0) {
    const filters = [opts.classYears.length ? `class ${opts.classYears.join(', ')}` : null, opts.advisor ? `advisor "${opts.advisor}"` : null].filter(Boolean).join(' and ');
    throw new ApiError('REJECTED', filters ? `No students match ${filters}; no report was written.` : 'The database holds no students; no report was written.');
  }
  const presenter = opts.deidentify ? deidentifiedPresenter(pseudonymKey(db, run.who), cohort.everyone.map((s) => s.student)) : identifiedPresenter();
  const students = cohort.students;
  const atRisk = atRiskOrder(cohort.atRisk, presenter);
  const roster = [...students].sort((a, b) => presenter.compare(a.snapshot.student, b.snapshot.student));
  const classYears = [...new Set(students.map((s) => s.snapshot.student.gradYear))].sort((a, b) => a - b);
  const now = run.now ?? new Date();

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  workbook.creator = AUTHOR;
  workbook.lastModifiedBy = AUTHOR;
  workbook.created = now;
  workbook.modified = now;

  await writeTable(workbook, 'Summary', SUMMARY_COLUMNS, summaryRows(students), run, { notes: summaryNotes(asOf) });
  throwIfCancelled(run);
  await writeTable(workbook, 'At risk', atRiskColumns(presenter), atRisk, run, { total: atRisk.length });
  throwIfCancelled(run);
  await writeTable(workbook, 'Roster', rosterColumns(students, presenter), roster, run, { total: roster.length });
  throwIfCancelled(run);
  await writeTable(workbook, 'By specialty', BY_SPECIALTY_COLUMNS, specialtyGroups(students, presenter), run);
  const sources = sourceRows({
    options: opts,
    generatedAt: now,
    ref: cohort.ref,
    classYears,
    students: students.length,
    atRisk: atRisk.length,
    generatedBy: opts.deidentify ? null : run.who.actor,
    version: APP_VERSION,
    schemaVersion: SCHEMA_VERSION,
  });
  await writeTable(workbook, 'Sources', SOURCES_COLUMNS, sources, run);
  run.progress?.('Finishing the file', 0, null);
  await workbook.commit();

  return {
    asOf,
    students: students.length,
    flagged: students.filter((s) => s.evaluation.risk !== null).length,
    atRisk: atRisk.length,
    classYears,
    deidentified: opts.deidentify,
  };
}
