/**
 * A student's outcomes, applications and consent on an office database (migration 0008): the
 * database audits every write (field by field), bumps versions and decides by row-level security
 * whose outcomes a person may read and change (an advisor: their own students'; the dean reads all;
 * the coordinator everything).
 */
import type pg from 'pg';
import { inTransaction } from './transaction';
import type { StudentOutcomes } from '../../../shared/api/outcomes';
import type { MatchOutcome, MatchOutcomeInput, OutcomeApplication, OutcomeConsent } from '../../../shared/domain';
import type { AuditContext } from '../../db/audit';
import { DuplicateOutcome, type OutcomesStore, type StoredOutcome } from '../outcomes-store';
import type { Queryable } from './queryable';

type StudentOutcomeStore = Pick<OutcomesStore, 'studentOutcomes' | 'outcome' | 'addOutcome' | 'updateOutcome' | 'removeOutcome' | 'setApplication' | 'removeApplication' | 'setConsent'>;

const OUTCOME = `id::int AS id, student_id AS "studentId", season, specialty, applications, gold_signals AS "goldSignals", silver_signals AS "silverSignals",
  interviews, rank_list_length AS "rankListLength", result, matched_program_code AS "matchedProgramCode", matched_program_name AS "matchedProgramName",
  ck_at_application AS "ckAtApplication", comlex_at_application AS "comlexAtApplication", note, version`;
const APPLICATION = `id::int AS id, outcome_id::int AS "outcomeId", program_code AS "programCode", signal, interview_offered AS "interviewOffered"`;
const CONSENT = `student_id AS "studentId", consent, recorded_on::text AS "recordedOn", note, version`;
const COLUMNS = [
  'student_id',
  'season',
  'specialty',
  'applications',
  'gold_signals',
  'silver_signals',
  'interviews',
  'rank_list_length',
  'result',
  'matched_program_code',
  'matched_program_name',
  'ck_at_application',
  'comlex_at_application',
  'note',
] as const;
const values = (o: MatchOutcomeInput) => [
  o.studentId,
  o.season,
  o.specialty,
  o.applications,
  o.goldSignals,
  o.silverSignals,
  o.interviews,
  o.rankListLength,
  o.result,
  o.matchedProgramCode,
  o.matchedProgramName,
  o.ckAtApplication,
  o.comlexAtApplication,
  o.note,
];

/** One transaction (store/postgres/transaction.ts); a natural key taken becomes DuplicateOutcome. */
async function write<T>(pool: pg.Pool, who: AuditContext, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  try {
    return await inTransaction(pool, who, fn);
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new DuplicateOutcome();
    throw err;
  }
}

async function readOutcome(db: Queryable, id: number, lock = false): Promise<StoredOutcome | null> {
  const r = await db.query<StoredOutcome>(`SELECT ${OUTCOME} FROM match_outcomes WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return r.rows[0] ?? null;
}

async function applicationsOf(db: Queryable, outcomeId: number): Promise<OutcomeApplication[]> {
  return (await db.query<OutcomeApplication>(`SELECT ${APPLICATION} FROM outcome_applications WHERE outcome_id = $1 ORDER BY program_code COLLATE "C"`, [outcomeId])).rows;
}

async function consentOf(db: Queryable, studentId: string): Promise<(OutcomeConsent & { version: number }) | null> {
  return (await db.query<OutcomeConsent & { version: number }>(`SELECT ${CONSENT} FROM outcome_consents WHERE student_id = $1`, [studentId])).rows[0] ?? null;
}

export function postgresStudentOutcomes(pool: pg.Pool): StudentOutcomeStore {
  return {
    studentOutcomes: async (studentId): Promise<StudentOutcomes> => {
      const rows = (await pool.query<StoredOutcome>(`SELECT ${OUTCOME} FROM match_outcomes WHERE student_id = $1 ORDER BY season DESC, specialty COLLATE "C"`, [studentId])).rows;
      const outcomes = [];
      for (const o of rows) outcomes.push({ ...o, applicationList: await applicationsOf(pool, o.id) });
      return { studentId, consent: await consentOf(pool, studentId), outcomes };
    },
    outcome: (id) => readOutcome(pool, id),
    addOutcome: (o, who) =>
      write(pool, who, async (client): Promise<MatchOutcome> => {
        const r = await client.query<{ id: number }>(
          `INSERT INTO match_outcomes (${COLUMNS.join(', ')}, created_at, updated_at) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}, now(), now()) RETURNING id::int AS id`,
          values(o),
        );
        return { ...o, id: r.rows[0].id };
      }),
    updateOutcome: (id, version, o, who) =>
      write(pool, who, async (client) => {
        const before = await readOutcome(client, id, true);
        if (!before) return null;
        if (before.version !== version) return 'stale' as const;
        await client.query(`UPDATE match_outcomes SET ${COLUMNS.map((c, i) => `${c} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`, [id, ...values(o)]);
        return { ...o, id };
      }),
    removeOutcome: (id, who) => write(pool, who, async (client) => ((await client.query(`DELETE FROM match_outcomes WHERE id = $1`, [id])).rowCount ?? 0) > 0),
    setApplication: (a, who) =>
      write(pool, who, async (client) => {
        if (!(await readOutcome(client, a.outcomeId))) return null;
        await client.query(
          `INSERT INTO outcome_applications (outcome_id, program_code, signal, interview_offered) VALUES ($1, $2, $3, $4)
           ON CONFLICT (outcome_id, program_code) DO UPDATE SET signal = excluded.signal, interview_offered = excluded.interview_offered
           WHERE outcome_applications.signal IS DISTINCT FROM excluded.signal OR outcome_applications.interview_offered IS DISTINCT FROM excluded.interview_offered`,
          [a.outcomeId, a.programCode, a.signal, a.interviewOffered],
        );
        return applicationsOf(client, a.outcomeId);
      }),
    removeApplication: (id, who) => write(pool, who, async (client) => ((await client.query(`DELETE FROM outcome_applications WHERE id = $1`, [id])).rowCount ?? 0) > 0),
    setConsent: (c, who) =>
      write(pool, who, async (client) => {
        // An unchanged answer keeps the day it was given (as on SQLite); a note left out keeps the note.
        await client.query(
          `INSERT INTO outcome_consents (student_id, consent, recorded_on, note) VALUES ($1, $2, $3, $4)
           ON CONFLICT (student_id) DO UPDATE SET consent = excluded.consent,
             recorded_on = CASE WHEN outcome_consents.consent = excluded.consent THEN outcome_consents.recorded_on ELSE excluded.recorded_on END,
             note = coalesce(excluded.note, outcome_consents.note)
           WHERE outcome_consents.consent IS DISTINCT FROM excluded.consent OR excluded.note IS DISTINCT FROM outcome_consents.note AND excluded.note IS NOT NULL`,
          [c.studentId, c.consent, c.recordedOn, c.note],
        );
        return (await consentOf(client, c.studentId))!;
      }),
  };
}
