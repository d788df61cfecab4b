import type { ParsedRosterQuery, RosterPage, RosterRow } from '../../shared/api/students';
import { localToday } from '../../shared/domain';
import { examStatus } from '../../shared/exam-status';
import { evaluateStudent } from '../../shared/rules/flags';
import type { Db } from '../db/open';
import { indexedRowsFor, needsCohortIndex, queryIndexedRoster, queryStoredRoster, type StoredRosterRow } from '../db/roster';
import { loadSnapshot } from '../db/students';
import { ensureCohortIndex, isIndexed, loadReference } from './status-index';
import { sqlFilter } from './targets';

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

function evaluateRow(db: Db, asOf: string, row: StoredRosterRow, ref = loadReference(db)): RosterRow {
  const snapshot = loadSnapshot(db, row.id);
  if (!snapshot) throw new Error(`Student ${row.id} disappeared while the roster was read`);
  const evaluation = evaluateStudent(snapshot, ref, asOf);
  const status = examStatus(snapshot, ref, asOf);
  return {
    ...row,
    step1: status.step1,
    ck: status.ck,
    ckScore: status.ckScore,
    ckDate: status.ckDate,
    risk: evaluation.risk,
    flags: evaluation.flags.map((f) => f.code),
  };
}
