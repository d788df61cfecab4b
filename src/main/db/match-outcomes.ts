/**
 * Match outcomes, their per-program applications and outcome consent (migration 0008). Each write
 * is audited as every other (field by field for a change); an import's new rows are stamped with
 * its batch instead. The caller owns the transaction.
 */
import type { MatchOutcome, MatchOutcomeInput, OutcomeApplication, OutcomeApplicationInput, OutcomeConsent } from '../../shared/domain';
import { auditChanges, writeAudit, type AuditContext } from './audit';
import { applicationFromRow, OUTCOME_COLUMNS, type ApplicationRow } from './outcomes-memory';
import { statement } from './import-queries';
import type { Db } from './open';

export type StoredOutcome = MatchOutcome & { version: number };

const SELECT_OUTCOME = `SELECT ${OUTCOME_COLUMNS}, o.version FROM match_outcomes o`;

/** A student's outcomes (consenting or not: the student page shows them all), newest season first. */
export function listStudentOutcomes(db: Db, studentId: string): StoredOutcome[] {
  return statement(db, `${SELECT_OUTCOME} WHERE o.student_id = ? ORDER BY o.season DESC, o.specialty`).all(studentId) as StoredOutcome[];
}

export function getOutcome(db: Db, id: number): StoredOutcome | null {
  return (statement(db, `${SELECT_OUTCOME} WHERE o.id = ?`).get(id) as StoredOutcome | undefined) ?? null;
}

/** The outcome of one graduate, season and specialty (the natural key a match list re-import updates by). */
export function findOutcome(db: Db, studentId: string, season: number, specialty: string): StoredOutcome | null {
  return (statement(db, `${SELECT_OUTCOME} WHERE o.student_id = ? AND o.season = ? AND o.specialty = ?`).get(studentId, season, specialty) as StoredOutcome | undefined) ?? null;
}

const FIELDS = [
  ['student_id', 'studentId'],
  ['season', 'season'],
  ['specialty', 'specialty'],
  ['applications', 'applications'],
  ['gold_signals', 'goldSignals'],
  ['silver_signals', 'silverSignals'],
  ['interviews', 'interviews'],
  ['rank_list_length', 'rankListLength'],
  ['result', 'result'],
  ['matched_program_code', 'matchedProgramCode'],
  ['matched_program_name', 'matchedProgramName'],
  ['ck_at_application', 'ckAtApplication'],
  ['comlex_at_application', 'comlexAtApplication'],
  ['note', 'note'],
] as const satisfies readonly (readonly [string, keyof MatchOutcomeInput])[];

const values = (o: MatchOutcomeInput) => FIELDS.map(([, k]) => o[k]);

/**
 * Adds an outcome. With `importBatch` the row is stamped with it and not audited on its own (its
 * batch is); otherwise one audit row says what was added.
 */
export function insertOutcome(db: Db, o: MatchOutcomeInput, who: AuditContext, source: string | null, importBatch: number | null = null, now = new Date().toISOString()): MatchOutcome {
  const { lastInsertRowid } = statement(db, 
      `INSERT INTO match_outcomes (${FIELDS.map(([c]) => c).join(', ')}, source, created_at, updated_at, import_batch)
       VALUES (${FIELDS.map(() => '?').join(', ')}, ?, ?, ?, ?)`,
    )
    .run(...values(o), source, now, now, importBatch);
  const saved: MatchOutcome = { id: Number(lastInsertRowid), ...o };
  if (importBatch === null) writeAudit(db, who, { action: 'insert', entity: 'match_outcome', entityId: String(saved.id), newValue: saved }, now);
  return saved;
}

/** Writes only what changed, one audit row per changed field; returns the changed fields. */
export function updateOutcome(db: Db, before: MatchOutcome, after: MatchOutcomeInput, who: AuditContext, now = new Date().toISOString()): string[] {
  const { id: _id, ...old } = before;
  const { version: _v, ...oldFields } = old as MatchOutcome & { version?: number };
  const changed = auditChanges(db, who, 'match_outcome', String(before.id), oldFields, after);
  if (changed.length)
    statement(db, `UPDATE match_outcomes SET ${FIELDS.map(([c]) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`).run(...values(after), now, before.id);
  return changed;
}

export function deleteOutcome(db: Db, before: MatchOutcome, who: AuditContext): void {
  statement(db, `DELETE FROM match_outcomes WHERE id = ?`).run(before.id);
  writeAudit(db, who, { action: 'delete', entity: 'match_outcome', entityId: String(before.id), oldValue: before });
}

// ------------------------------------------------------------------ applications

export function listApplications(db: Db, outcomeId: number): OutcomeApplication[] {
  return (
    statement(db, `SELECT id, outcome_id AS outcomeId, program_code AS programCode, signal, interview_offered AS interviewOffered FROM outcome_applications WHERE outcome_id = ? ORDER BY program_code`)
      .all(outcomeId) as ApplicationRow[]
  ).map(applicationFromRow);
}

export function getApplication(db: Db, id: number): OutcomeApplication | null {
  const row = statement(db, `SELECT id, outcome_id AS outcomeId, program_code AS programCode, signal, interview_offered AS interviewOffered FROM outcome_applications WHERE id = ?`).get(id) as
    | ApplicationRow
    | undefined;
  return row ? applicationFromRow(row) : null;
}

const bit = (v: boolean | null) => (v === null ? null : v ? 1 : 0);

/**
 * Adds or updates one program of an outcome's applications; returns what it did. `importBatch`
 * gives an import's batch (made on first use, so an import that changes nothing leaves none).
 */
export function upsertApplication(db: Db, a: OutcomeApplicationInput, who: AuditContext, importBatch: (() => number) | null = null): 'added' | 'updated' | 'unchanged' {
  const before = statement(db, `SELECT id, outcome_id AS outcomeId, program_code AS programCode, signal, interview_offered AS interviewOffered FROM outcome_applications WHERE outcome_id = ? AND program_code = ?`)
    .get(a.outcomeId, a.programCode) as ApplicationRow | undefined;
  if (!before) {
    const { lastInsertRowid } = statement(db, `INSERT INTO outcome_applications (outcome_id, program_code, signal, interview_offered, import_batch) VALUES (?, ?, ?, ?, ?)`)
      .run(a.outcomeId, a.programCode, a.signal, bit(a.interviewOffered), importBatch?.() ?? null);
    if (importBatch === null) writeAudit(db, who, { action: 'insert', entity: 'outcome_application', entityId: String(lastInsertRowid), newValue: a });
    return 'added';
  }
  const old = applicationFromRow(before);
  const changed = auditChanges(db, who, 'outcome_application', String(old.id), { signal: old.signal, interviewOffered: old.interviewOffered }, { signal: a.signal, interviewOffered: a.interviewOffered });
  if (!changed.length) return 'unchanged';
  statement(db, `UPDATE outcome_applications SET signal = ?, interview_offered = ? WHERE id = ?`).run(a.signal, bit(a.interviewOffered), old.id);
  return 'updated';
}

export function deleteApplication(db: Db, before: OutcomeApplication, who: AuditContext): void {
  statement(db, `DELETE FROM outcome_applications WHERE id = ?`).run(before.id);
  writeAudit(db, who, { action: 'delete', entity: 'outcome_application', entityId: String(before.id), oldValue: before });
}

// ------------------------------------------------------------------ consent

export function getConsent(db: Db, studentId: string): (OutcomeConsent & { version: number }) | null {
  return (
    (statement(db, `SELECT student_id AS studentId, consent, recorded_on AS recordedOn, note, version FROM outcome_consents WHERE student_id = ?`).get(studentId) as
      | (OutcomeConsent & { version: number })
      | undefined) ?? null
  );
}

/** Records a student's consent (or a change of mind); returns what it did. */
export function setConsent(db: Db, c: OutcomeConsent, who: AuditContext, source: string | null): 'added' | 'updated' | 'unchanged' {
  const before = getConsent(db, c.studentId);
  if (!before) {
    statement(db, `INSERT INTO outcome_consents (student_id, consent, recorded_on, note, source) VALUES (?, ?, ?, ?, ?)`).run(c.studentId, c.consent, c.recordedOn, c.note, source);
    writeAudit(db, who, { action: 'insert', entity: 'outcome_consent', entityId: c.studentId, newValue: c });
    return 'added';
  }
  const { version: _v, ...old } = before;
  // The day a consent was recorded is when it was given: an unchanged answer keeps its day.
  const after = { ...c, recordedOn: old.consent === c.consent ? old.recordedOn : c.recordedOn, note: c.note ?? old.note };
  const changed = auditChanges(db, who, 'outcome_consent', c.studentId, old, after);
  if (!changed.length) return 'unchanged';
  statement(db, `UPDATE outcome_consents SET consent = ?, recorded_on = ?, note = ? WHERE student_id = ?`).run(after.consent, after.recordedOn, after.note, c.studentId);
  return 'updated';
}

// ------------------------------------------------------------------ scores at application

export interface RosterScores {
  onRoster: boolean;
  ck: number | null;
  comlex: number | null;
}

/**
 * A student's Step 2 CK and COMLEX Level 2-CE at application for a season, from the roster: the
 * latest score dated in the year before the Match or earlier (programs review applications from
 * September to January; a score from the Match year's spring came too late to count).
 */
export function rosterScoresAtApplication(db: Db, studentId: string, season: number): RosterScores {
  const onRoster = statement(db, `SELECT 1 FROM students WHERE id = ?`).pluck().get(studentId) !== undefined;
  if (!onRoster) return { onRoster, ck: null, comlex: null };
  const score = (exam: string) =>
    (statement(db, 
        `SELECT score FROM exam_attempts WHERE student_id = ? AND exam = ? AND score IS NOT NULL AND test_date IS NOT NULL AND test_date <= ?
         ORDER BY test_date DESC, id DESC LIMIT 1`,
      )
      .pluck()
      .get(studentId, exam, `${season - 1}-12-31`) as number | undefined) ?? null;
  return { onRoster, ck: score('STEP2CK'), comlex: score('COMLEX2CE') };
}
