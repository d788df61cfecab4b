/**
 * Keeps the cohort index (db/cohort-index.ts) in step with the data: for an as-of date it evaluates
 * every student once with the rules engine, stores the conclusions in the connection's TEMP table, and
 * reuses them until anything is written (the data version moves) — then the next reader rebuilds.
 * Roster sorting/filtering by risk and every dashboard aggregate read from it.
 */
import { enrolmentOn, SEVERITY_RANK, type Flag, type StudentSnapshot } from '../../shared/domain';
import { examStatus } from '../../shared/exam-status';
import type { StudentEvaluation } from '../../shared/rules/evaluation';
import type { ReferenceData } from '../../shared/rules/reference';
import { clearCohortIndex, dataVersion, writeCohortIndex, type CohortIndexRow } from '../db/cohort-index';
import type { Db } from '../db/open';
import { readCohortChunks } from '../db/cohort-snapshots';
import { loadReferenceData } from '../db/reference';
import { evaluateStudent } from '../../shared/rules/flags';
import { ruleSettings } from '../../shared/rules/rule-settings';

/** 0 critical … 3 low, 4 no flags. */
export const NO_RISK_ORDER = 4;
export function riskOrder(risk: StudentEvaluation['risk']): number {
  return risk === null ? NO_RISK_ORDER : 4 - SEVERITY_RANK[risk];
}

interface IndexedDate {
  /** Flags of the students who have any, for lists that show messages. */
  flags: Map<string, Flag[]>;
  builtAt: number;
}

interface CacheState {
  version: string;
  dates: Map<string, IndexedDate>;
}

/** How many as-of dates stay indexed at once (the dashboard's and the roster's usually coincide). */
const MAX_DATES = 3;

const caches = new WeakMap<Db, CacheState>();

export function loadReference(db: Db): ReferenceData {
  return loadReferenceData(db);
}

/** One student's row of the index: the evaluation, the exam status, and the fields filtered on. */
export function indexRow(snapshot: StudentSnapshot, evaluation: StudentEvaluation, ref: ReferenceData, asOf: string): CohortIndexRow {
  const { student } = snapshot;
  const status = examStatus(snapshot, ref, asOf);
  const target = evaluation.facts.targetSpecialty;
  return {
    asOf,
    studentId: student.id,
    lastName: student.lastName,
    firstName: student.firstName,
    gradYear: student.gradYear,
    advisor: student.advisor,
    applicantType: student.applicantType,
    targetSpecialty: student.targetSpecialty,
    riskOrder: riskOrder(evaluation.risk),
    flagCodes: evaluation.flags.map((f) => f.code).join(' '),
    flagCount: evaluation.flags.length,
    step1: status.step1,
    ck: status.ck,
    ckScore: status.ckScore,
    ckDate: status.ckDate,
    targetGroup: target?.name ?? student.targetSpecialty?.trim() ?? null,
    targetTier: target?.tier ?? null,
    referenceCk: target?.referenceCk ?? null,
    enrolment: enrolmentOn(snapshot.enrolment, asOf).status,
    archived: snapshot.enrolment?.archivedAt ? 1 : 0,
  };
}

function currentState(db: Db): CacheState {
  const version = dataVersion(db);
  let state = caches.get(db);
  if (!state || state.version !== version) {
    if (state) clearCohortIndex(db);
    state = { version: dataVersion(db), dates: new Map() };
    caches.set(db, state);
  }
  return state;
}

/** True when the index holds this as-of date and nothing was written since it was built. */
export function isIndexed(db: Db, asOf: string): boolean {
  const state = caches.get(db);
  return !!state && state.version === dataVersion(db) && state.dates.has(asOf);
}

/**
 * Makes sure temp.cohort_status holds every student evaluated as of `asOf` under the current data.
 * Cost: one pass over all students when the data changed (about a second at 100,000), nothing otherwise.
 */
export function ensureCohortIndex(db: Db, asOf: string): IndexedDate {
  const state = currentState(db);
  const existing = state.dates.get(asOf);
  if (existing) return existing;
  if (state.dates.size >= MAX_DATES) {
    const oldest = [...state.dates.entries()].sort((a, b) => a[1].builtAt - b[1].builtAt)[0][0];
    clearCohortIndex(db, oldest);
    state.dates.delete(oldest);
  }
  const ref = loadReference(db);
  const flags = new Map<string, Flag[]>();
  const rows: CohortIndexRow[] = [];
  // The cohort evaluator's own loader and rules (as flags.cohort, the committee report and the CLI use
  // them): one set of flags everywhere. Practice exams outside the readiness window are never read by
  // the rules nor by the exam status, so they are not loaded.
  const practiceTakenBetween = { from: ruleSettings(ref, asOf).practiceFrom, to: asOf };
  for (const chunk of readCohortChunks(db, { practiceTakenBetween }))
    for (const snapshot of chunk) {
      const evaluation = evaluateStudent(snapshot, ref, asOf);
      if (evaluation.flags.length) flags.set(snapshot.student.id, evaluation.flags);
      rows.push(indexRow(snapshot, evaluation, ref, asOf));
    }
  writeCohortIndex(db, rows);
  const entry = { flags, builtAt: performance.now() };
  state.dates.set(asOf, entry);
  // The index's own writes moved total_changes(): what was current before them is current now.
  state.version = dataVersion(db);
  return entry;
}
