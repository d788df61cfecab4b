import { ApiError } from '../../shared/api/contract';
import type { ParsedRosterQuery, RosterPage, RosterRow } from '../../shared/api/students';
import { enrolmentOn, localToday, type StudentSnapshot } from '../../shared/domain';
import type { ReferenceData } from '../../shared/rules/reference';
import { examStatus } from '../../shared/exam-status';
import { evaluateStudent } from '../../shared/rules/flags';
import type { Db } from '../db/open';
import { indexedRowsFor, needsCohortIndex, queryIndexedIds, queryIndexedRoster, queryStoredRoster, type StoredRosterRow } from '../db/roster';
import { loadSnapshot } from '../db/students';
import { ensureCohortIndex, isIndexed, loadReference } from './status-index';
import { sqlFilter } from './targets';
import type { RosterView } from '../store/store';

/**
 * One page of the roster with each student's risk, flags and exam status as of the query's date.
 * A view on stored fields only (the default: by name) never waits for the whole cohort to be
 * evaluated: its page's students are read from the index when it is current, else evaluated one by one.
 */
export function rosterPage(db: Db, q: ParsedRosterQuery): RosterPage {
  const asOf = q.asOf ?? localToday();
  const filter = sqlFilter(db, loadReference(db), q);
  if (needsCohortIndex(q)) {
    ensureCohortIndex(db, asOf);
    return { ...queryIndexedRoster(db, filter, asOf), offset: q.offset, asOf };
  }
  const { total, rows } = queryStoredRoster(db, filter);
  return { total, offset: q.offset, asOf, rows: withConclusions(db, asOf, rows) };
}

function withConclusions(db: Db, asOf: string, rows: StoredRosterRow[]): RosterRow[] {
  if (isIndexed(db, asOf)) {
    const indexed = indexedRowsFor(
      db,
      asOf,
      rows.map((r) => r.id),
    );
    return rows.map((r) => indexed.get(r.id) ?? evaluateRow(db, asOf, r));
  }
  const ref = loadReference(db);
  return rows.map((r) => evaluateRow(db, asOf, r, ref));
}

/** What the rules and the exam status conclude for a student's roster row (both engines' rosters use it). */
export function rosterConclusions(snapshot: StudentSnapshot, ref: ReferenceData, asOf: string): Pick<RosterRow, 'step1' | 'ck' | 'ckScore' | 'ckDate' | 'risk' | 'flags' | 'enrolment' | 'archived'> {
  const evaluation = evaluateStudent(snapshot, ref, asOf);
  const status = examStatus(snapshot, ref, asOf);
  return {
    step1: status.step1,
    ck: status.ck,
    ckScore: status.ckScore,
    ckDate: status.ckDate,
    risk: evaluation.risk,
    flags: evaluation.flags.map((f) => f.code),
    enrolment: enrolmentOn(snapshot.enrolment, asOf).status,
    archived: !!snapshot.enrolment?.archivedAt,
  };
}

function evaluateRow(db: Db, asOf: string, row: StoredRosterRow, ref = loadReference(db)): RosterRow {
  const snapshot = loadSnapshot(db, row.id);
  if (!snapshot) throw new Error(`Student ${row.id} disappeared while the roster was read`);
  return { ...row, ...rosterConclusions(snapshot, ref, asOf) };
}

export type { RosterView } from '../store/store';

/**
 * Every row of a view, in its order, read from the cohort index (one evaluation for the whole view).
 * With `ids` (a selection) the view's filters give way to the selection: exactly those students, in
 * the view's order; an ID that is no student is an error naming it, never a row quietly left out.
 */
export function rosterRows(db: Db, view: RosterView, ids?: readonly string[]): { asOf: string; rows: RosterRow[] } {
  const asOf = view.asOf ?? localToday();
  ensureCohortIndex(db, asOf);
  const query = ids ? { sort: view.sort, direction: view.direction, ids: [...new Set(ids)], archived: view.archived } : sqlFilter(db, loadReference(db), view);
  const { rows } = queryIndexedRoster(db, { ...query, sort: view.sort, direction: view.direction, offset: 0, limit: -1 }, asOf);
  if (ids) requireAll(ids, rows);
  return { asOf, rows };
}

/** The IDs of every student of a view, in its order ("select all"). */
export function rosterIds(db: Db, view: RosterView): { asOf: string; ids: string[] } {
  const asOf = view.asOf ?? localToday();
  ensureCohortIndex(db, asOf);
  return { asOf, ids: queryIndexedIds(db, sqlFilter(db, loadReference(db), view), asOf) };
}

/** Fails, naming them, when some selected IDs are no student (removed meanwhile, or mistyped by a script). */
export function requireAll(ids: readonly string[], found: readonly { id: string }[], consequence = 'nothing was done'): void {
  const have = new Set(found.map((r) => r.id));
  const missing = [...new Set(ids)].filter((id) => !have.has(id));
  if (missing.length) {
    const shown = missing.slice(0, 10).join(', ');
    throw new ApiError('NOT_FOUND', `No student with ID ${shown}${missing.length > 10 ? ` and ${missing.length - 10} more` : ''}; ${consequence}`);
  }
}
