/**
 * The committee workbook (PRODUCT.md "Reports"): Summary, At risk, Roster, By specialty, Outcomes
 * (the office's own Charting Outcomes, issue 15), Sources.
 *
 * Made in two halves that can run on two threads. `committeeWorkbookMessages` reads the database,
 * evaluates the students and turns every sheet into finished cells (encode.ts); `writeWorkbook`
 * (write.ts) streams those cells into the xlsx with exceljs. At 100,000 students each half is
 * seconds of work, so by default the first runs in a worker thread (report-thread.ts, started by
 * output.ts) while the second writes: the Roster is written chunk by chunk as its students are
 * evaluated, and the sheets that need the whole cohort's results (Summary, At risk, By specialty)
 * follow it.
 */
import type { CommitteeReportCounts, ParsedReportOptions } from '../../shared/api/reports';
import { localToday } from '../../shared/domain';
import { evaluateStudent } from '../../shared/rules/flags';
import type { AuditContext } from '../db/audit';
import { SCHEMA_VERSION } from '../db/migrations';
import { examsAttempted, examsAttemptedIn } from '../db/cohort-snapshots';
import type { ReportRecords } from '../db/report-records';
import type { Db } from '../db/open';
import { officeSchoolName } from '../db/preferences';
import { CohortSummary } from '../flags/cohort';
import { APP_VERSION } from '../version';
import { historyGiven, historyInSlices, historyReadAhead, readReportCohort, reportStudent, type ReportStudent } from './cohort';
import { TableEncoder, TextTable, type ReportMessage, type SheetName } from './encode';
import { enrolmentWords, reportTitle } from './print';
import { deidentifiedPresenter, identifiedPresenter } from './presenter';
import { pseudonymKey } from './pseudonyms';
import { atRiskColumns, atRiskOrder } from './sheets/at-risk';
import { BY_SPECIALTY_COLUMNS, specialtyGroups } from './sheets/by-specialty';
import { OUTCOMES_COLUMNS, outcomesSheet } from './sheets/outcomes';
import { rosterColumns, rosterShape } from './sheets/roster';
import { SOURCES_COLUMNS, sourceRows } from './sheets/sources';
import { SUMMARY_COLUMNS, summaryNotes, summaryRows } from './sheets/summary';
import type { WriteControl } from './table';

export { SHEET_NAMES } from './encode';

export interface ReportRun extends WriteControl {
  /** Who asked (audit of the pseudonym key's creation; named in identified reports only). */
  who: AuditContext;
  now?: Date;
  /**
   * Where the cohort is read and evaluated: 'worker' (the default) in a worker thread on a
   * connection of its own, 'main' on this thread and connection. An in-memory database is always
   * read here, as no other connection can see it.
   */
  thread?: 'worker' | 'main';
}

/** Everything the reading half needs besides the database: plain data, so it can cross to a worker thread. */
export interface ReportInput {
  options: ParsedReportOptions & { asOf: string };
  /** The key that makes pseudonyms; null for an identified report. */
  pseudonymKey: string | null;
  generatedAt: Date;
  /** Named in the Sources sheet of an identified report only. */
  generatedBy: string | null;
  /** The school's name (Settings → Office), printed in every sheet's title row; null when none is set. */
  school: string | null;
}

/** Students evaluated and encoded per Roster chunk. */
const CHUNK = 1000;

export interface ReadPlan {
  /**
   * 'in-slices': each Roster chunk's exam history is read when the chunk is made (a worker thread,
   * whose connection holds one read transaction for the whole report, so the slices agree).
   * 'at-once': everything is read before the first message, in one synchronous go (on the app's
   * own connection, which cannot hold a transaction open while the app goes on saving: nothing
   * saved while the workbook is written may mix into it).
   * Or the students and their histories themselves, already read elsewhere (an office database's: db/report-records.ts).
   */
  history: 'in-slices' | 'at-once' | ReportRecords;
}

/**
 * The whole workbook as messages: the Roster first, its students evaluated a chunk at a time, then
 * the Summary, At risk, By specialty, Outcomes and Sources sheets, then the counts.
 */
export function* committeeWorkbookMessages(db: Db, input: ReportInput, plan: ReadPlan): Generator<ReportMessage> {
  const { options } = input;
  const { asOf } = options;
  yield { kind: 'progress', phase: 'Reading the roster', done: 0, total: null };
  const given = typeof plan.history === 'object' ? plan.history : null;
  const cohort = readReportCohort(db, options, given?.students);
  const presenter = input.pseudonymKey !== null ? deidentifiedPresenter(input.pseudonymKey, cohort.everyone) : identifiedPresenter();
  // Identified: the Roster screen's order (by name); de-identified: by pseudonym, so no order hints at a name.
  const order = presenter.deidentified ? [...cohort.chosen].sort((a, b) => presenter.compare(a, b)) : cohort.chosen;
  const filtered = cohort.chosen.length < cohort.everyone.length;
  const chosenIds = filtered ? new Set(cohort.chosen.map((s) => s.id)) : undefined;
  const comlex = given ? examsAttemptedIn(given.history, ['COMLEX1', 'COMLEX2CE'], chosenIds) : examsAttempted(db, ['COMLEX1', 'COMLEX2CE'], chosenIds);
  const history = given ? historyGiven(given.history) : plan.history === 'at-once' ? historyReadAhead(db, cohort) : historyInSlices(db, cohort);

  const texts = new TextTable();
  const covered = enrolmentWords(options.statuses);
  const title = (sheet: SheetName) => reportTitle({ school: input.school, sheet, asOf, deidentified: presenter.deidentified, students: covered });
  const roster = new TableEncoder('Roster', rosterColumns(rosterShape(cohort.chosen, comlex, presenter), presenter), texts, { title: title('Roster') });
  const summary = new CohortSummary(options.minSeverity);
  const students: ReportStudent[] = [];
  yield roster.start(order.length);
  for (let i = 0; i < order.length; i += CHUNK) {
    const part: ReportStudent[] = [];
    for (const snapshot of history(order.slice(i, i + CHUNK))) {
      const evaluation = evaluateStudent(snapshot, cohort.ref, asOf);
      summary.add({ snapshot, evaluation });
      part.push(reportStudent(snapshot, evaluation, cohort));
    }
    students.push(...part);
    yield roster.encode(part);
  }
  yield roster.end();

  // The core evaluator's at-risk list (most severe first, then Student ID), as `flags.cohort` gives it.
  const byId = new Map(students.map((s) => [s.student.id, s]));
  const atRisk = atRiskOrder(
    summary.result(asOf).students.map((row) => byId.get(row.studentId)!),
    presenter,
  );
  const classYears = [...new Set(students.map((s) => s.student.gradYear))].sort((a, b) => a - b);
  yield* new TableEncoder('Summary', SUMMARY_COLUMNS, texts, { title: title('Summary'), notes: summaryNotes(asOf) }).table(summaryRows(students), CHUNK);
  yield* new TableEncoder('At risk', atRiskColumns(presenter), texts, { title: title('At risk') }).table(atRisk, CHUNK);
  yield* new TableEncoder('By specialty', BY_SPECIALTY_COLUMNS, texts, { title: title('By specialty') }).table(specialtyGroups(students, presenter), CHUNK);
  const outcomes = outcomesSheet(db, cohort.ref);
  yield* new TableEncoder('Outcomes', OUTCOMES_COLUMNS, texts, { title: title('Outcomes'), notes: outcomes.notes }).table(outcomes.rows, CHUNK);
  const sources = sourceRows({
    options,
    generatedAt: input.generatedAt,
    ref: cohort.ref,
    classYears,
    students: students.length,
    atRisk: atRisk.length,
    generatedBy: input.generatedBy,
    version: APP_VERSION,
    schemaVersion: SCHEMA_VERSION,
  });
  yield* new TableEncoder('Sources', SOURCES_COLUMNS, texts, { title: title('Sources') }).table(sources, CHUNK);
  const counts: CommitteeReportCounts = {
    asOf,
    students: students.length,
    flagged: students.filter((s) => s.evaluation.risk !== null).length,
    atRisk: atRisk.length,
    classYears,
    deidentified: presenter.deidentified,
    statuses: options.statuses,
  };
  yield { kind: 'done', counts };
}

/** What the reading half needs, decided on this thread (the pseudonym key may have to be created, and audited). */
export function reportInput(db: Db, options: ParsedReportOptions, run: ReportRun): ReportInput {
  return {
    options: { ...options, asOf: options.asOf ?? localToday() },
    pseudonymKey: options.deidentify ? pseudonymKey(db, run.who) : null,
    generatedAt: run.now ?? new Date(),
    generatedBy: options.deidentify ? null : run.who.actor,
    school: officeSchoolName(db),
  };
}
