/**
 * The demo's outcomes memory in the database (issue 15): written in bulk with the demo cohort and
 * audited as one row (like an import's batch, the rows themselves are synthetic and many), removed
 * with it. Outcomes and consents are marked `source = 'demo'`; demo programs carry DEMO_PROGRAM_NOTE
 * (shown in the directory, so no one mistakes them for real ones) and are removed only while no one
 * has changed them since.
 */
import type { DirectoryProgram, MatchOutcomeInput, OutcomeApplicationInput, OutcomeConsent } from '../../shared/domain';
import { writeAudit, type AuditContext } from './audit';
import type { Db } from './open';

export const DEMO_SOURCE = 'demo';
export const DEMO_PROGRAM_NOTE = 'Demo program (synthetic): removed with the demo cohort';

export interface DemoOutcomeCounts {
  programs: number;
  outcomes: number;
  applications: number;
  consents: number;
}

/** Whether the database has migration 0008's tables (a demo loaded into an older schema, as the migration tests do, has none to fill). */
export function hasOutcomesMemory(db: Db): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'match_outcomes'`).get() !== undefined;
}

export interface DemoOutcomeRows {
  programs: Omit<DirectoryProgram, 'id'>[];
  graduates: { outcome: MatchOutcomeInput; applications: Omit<OutcomeApplicationInput, 'outcomeId'>[]; consent: OutcomeConsent | null }[];
}

/** Writes the rows (the caller's transaction) and one audit row saying how many of each. Programs whose code is already taken are left out. */
export function insertDemoOutcomes(db: Db, rows: DemoOutcomeRows, who: AuditContext, now = new Date().toISOString()): DemoOutcomeCounts {
  const counts: DemoOutcomeCounts = { programs: 0, outcomes: 0, applications: 0, consents: 0 };
  const taken = db.prepare(`SELECT 1 FROM programs WHERE code = ?`);
  const program = db.prepare(
    `INSERT INTO programs (name, specialty_id, city, state, kind, step_ck_minimum, note, code, positions, visa, comlex_accepted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const p of rows.programs) {
    if (p.code && taken.get(p.code)) continue;
    program.run(p.name, p.specialtyId, p.city, p.state, p.kind, p.stepCkMinimum, DEMO_PROGRAM_NOTE, p.code, p.positions, p.visa, p.comlexAccepted === null ? null : p.comlexAccepted ? 1 : 0);
    counts.programs++;
  }
  const outcome = db.prepare(
    `INSERT INTO match_outcomes (student_id, season, specialty, applications, gold_signals, silver_signals, interviews, rank_list_length, result,
       matched_program_code, matched_program_name, ck_at_application, comlex_at_application, note, source, created_at, updated_at)
     VALUES (@studentId, @season, @specialty, @applications, @goldSignals, @silverSignals, @interviews, @rankListLength, @result,
       @matchedProgramCode, @matchedProgramName, @ckAtApplication, @comlexAtApplication, @note, '${DEMO_SOURCE}', @now, @now)`,
  );
  const application = db.prepare(`INSERT INTO outcome_applications (outcome_id, program_code, signal, interview_offered) VALUES (?, ?, ?, ?)`);
  const consent = db.prepare(`INSERT INTO outcome_consents (student_id, consent, recorded_on, note, source) VALUES (?, ?, ?, ?, '${DEMO_SOURCE}') ON CONFLICT (student_id) DO NOTHING`);
  for (const g of rows.graduates) {
    const id = Number(outcome.run({ ...g.outcome, now }).lastInsertRowid);
    counts.outcomes++;
    for (const a of g.applications) {
      application.run(id, a.programCode, a.signal, a.interviewOffered === null ? null : a.interviewOffered ? 1 : 0);
      counts.applications++;
    }
    if (g.consent) counts.consents += consent.run(g.consent.studentId, g.consent.consent, g.consent.recordedOn, g.consent.note).changes;
  }
  writeAudit(db, who, { action: 'insert', entity: 'demo_outcomes', entityId: `${counts.outcomes} outcomes`, newValue: counts }, now);
  return counts;
}

/** Deletes the demo's rows (the caller's transaction) and writes one audit row when there were any. */
export function deleteDemoOutcomes(db: Db, who: AuditContext): DemoOutcomeCounts {
  if (!hasOutcomesMemory(db)) return { programs: 0, outcomes: 0, applications: 0, consents: 0 };
  const applications = db.prepare(`SELECT count(*) FROM outcome_applications WHERE outcome_id IN (SELECT id FROM match_outcomes WHERE source = ?)`).pluck().get(DEMO_SOURCE) as number;
  const outcomes = db.prepare(`DELETE FROM match_outcomes WHERE source = ?`).run(DEMO_SOURCE).changes;
  const consents = db.prepare(`DELETE FROM outcome_consents WHERE source = ?`).run(DEMO_SOURCE).changes;
  // A demo program someone has since edited (by hand or by an import) is theirs now: it stays.
  const programs = db
    .prepare(
      `DELETE FROM programs WHERE note = ? AND import_batch IS NULL
         AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'program' AND a.entity_id = CAST(programs.id AS TEXT))`,
    )
    .run(DEMO_PROGRAM_NOTE).changes;
  const counts = { programs, outcomes, applications, consents };
  if (programs + outcomes + consents > 0) writeAudit(db, who, { action: 'delete', entity: 'demo_outcomes', entityId: `${outcomes} outcomes`, oldValue: counts });
  return counts;
}
