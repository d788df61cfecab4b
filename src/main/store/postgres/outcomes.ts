/**
 * The outcomes memory on PostgreSQL (migration 0008): the same arrays as SQLite's reader
 * (db/outcomes-memory.ts), read through the `shared_outcomes` views, so every role that may build a
 * program list reads consenting graduates only, each under a pseudonym.
 */
import type pg from 'pg';
import {
  localToday,
  type DirectoryProgram,
  type MatchOutcome,
  type NationalMatchRate,
  type OutcomeApplication,
  type OutcomesMemory,
  type OutcomesSettings,
  type ProgramListEntry,
  type SavedProgramList,
  type SignalAllowance,
} from '../../../shared/domain';
import { outcomesSettingsFrom, type OutcomesMemoryFilter } from '../../db/outcomes-memory';
import type { OutcomesStore } from '../outcomes-store';
import type { Queryable } from './queryable';
import { postgresStudentOutcomes } from './student-outcomes';

async function outcomesSettingsPostgres(db: Queryable): Promise<OutcomesSettings> {
  // The value in force today (an office may date a new value, as for every fact).
  const r = await db.query<{ key: string; value: string }>(
    `SELECT DISTINCT ON (key) key, value FROM settings
     WHERE key IN ('outcomes.ckBands', 'outcomes.suppressionThreshold', 'outcomes.blockSeasons', 'outcomes.programEvidenceMinimum') AND (effective_from IS NULL OR effective_from <= $1::date)
     ORDER BY key, effective_from DESC NULLS LAST`,
    [localToday()],
  );
  return outcomesSettingsFrom((key) => r.rows.find((x) => x.key === key)?.value);
}

/** store.outcomes.readMemory on an office database, in one read-only snapshot. */
export async function readOutcomesMemoryPostgres(pool: pg.Pool, filter: OutcomesMemoryFilter = {}): Promise<OutcomesMemory> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const specialty = filter.specialty ?? null;
    const programs = await client.query<DirectoryProgram>(
      `SELECT p.id::int AS id, p.name, p.specialty_id::int AS "specialtyId", p.city, p.state, p.kind, p.step_ck_minimum AS "stepCkMinimum", p.note,
              p.code, p.positions, p.visa, p.comlex_accepted AS "comlexAccepted"
       FROM programs p LEFT JOIN specialties s ON s.id = p.specialty_id
       WHERE $1::text IS NULL OR lower(s.name) = lower($1) ORDER BY lower(p.name) COLLATE "C", p.id`,
      [specialty],
    );
    const outcomes = await client.query<MatchOutcome>(
      `SELECT o.id::int AS id, o.student AS "studentId", o.season, o.specialty, o.applications, o.gold_signals AS "goldSignals", o.silver_signals AS "silverSignals",
              o.interviews, o.rank_list_length AS "rankListLength", o.result, o.matched_program_code AS "matchedProgramCode", NULL AS "matchedProgramName",
              o.ck_at_application AS "ckAtApplication", o.comlex_at_application AS "comlexAtApplication", NULL AS note
       FROM shared_outcomes o WHERE $1::text IS NULL OR lower(o.specialty) = lower($1) ORDER BY o.season, o.specialty COLLATE "C", o.student COLLATE "C"`,
      [specialty],
    );
    const applications = await client.query<OutcomeApplication>(
      `SELECT a.id::int AS id, a.outcome_id::int AS "outcomeId", a.program_code AS "programCode", a.signal, a.interview_offered AS "interviewOffered"
       FROM shared_outcome_applications a WHERE a.outcome_id = ANY($1::bigint[]) ORDER BY a.outcome_id, a.program_code COLLATE "C"`,
      [outcomes.rows.map((o) => o.id)],
    );
    const signals = await client.query<SignalAllowance>(
      `SELECT season, specialty, gold, silver, signals, source, note FROM signal_allowances
       WHERE $1::text IS NULL OR lower(specialty) = lower($1) ORDER BY season, specialty COLLATE "C"`,
      [specialty],
    );
    const nationalRates = await client.query<NationalMatchRate>(
      `SELECT specialty, year, ck_from AS "ckFrom", ck_to AS "ckTo", match_rate_percent AS "matchRatePercent", n, source FROM national_match_rates
       WHERE $1::text IS NULL OR lower(specialty) = lower($1) ORDER BY specialty COLLATE "C", year, ck_from NULLS FIRST`,
      [specialty],
    );
    const settings = await outcomesSettingsPostgres(client);
    await client.query('COMMIT');
    return { programs: programs.rows, outcomes: outcomes.rows, applications: applications.rows, signals: signals.rows, nationalRates: nationalRates.rows, settings };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

interface ListRow {
  student_id: string;
  specialty: string;
  entries: ProgramListEntry[];
  saved_by: string;
  saved_at: string;
  version: number;
}

const listOf = (r: ListRow): SavedProgramList => ({ studentId: r.student_id, specialty: r.specialty, entries: r.entries, savedBy: r.saved_by, savedAt: r.saved_at, version: r.version });

async function readList(db: Queryable, studentId: string, specialty: string, lock = false): Promise<SavedProgramList | null> {
  const r = await db.query<ListRow>(
    `SELECT student_id, specialty, entries, saved_by, saved_at, version FROM program_lists WHERE student_id = $1 AND lower(specialty) = lower($2)${lock ? ' FOR UPDATE' : ''}`,
    [studentId, specialty],
  );
  return r.rows[0] ? listOf(r.rows[0]) : null;
}

/** store.outcomes on an office database: the memory, and saved lists (signed, versioned and audited by the database; RLS decides whose). */
export function postgresOutcomesStore(pool: pg.Pool): OutcomesStore {
  return {
    ...postgresStudentOutcomes(pool),
    readMemory: (filter) => readOutcomesMemoryPostgres(pool, filter),
    programList: (studentId, specialty) => readList(pool, studentId, specialty),
    saveProgramList: async (studentId, specialty, entries, expectedVersion, who) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SELECT set_config('stepwise.context', $1, true)`, [who.context ?? '']);
        const current = await readList(client, studentId, specialty, true);
        if (expectedVersion !== undefined && current && current.version !== expectedVersion) {
          await client.query('ROLLBACK');
          return { stale: true, current };
        }
        const text = JSON.stringify(entries);
        // saved_by and saved_at are the database's (migration 0008, signed_list): these values are overwritten.
        if (current) await client.query(`UPDATE program_lists SET entries = $3::jsonb WHERE student_id = $1 AND lower(specialty) = lower($2)`, [studentId, specialty, text]);
        else await client.query(`INSERT INTO program_lists (student_id, specialty, entries, saved_by, saved_at) VALUES ($1, $2, $3::jsonb, '', now())`, [studentId, specialty, text]);
        const saved = await readList(client, studentId, specialty);
        await client.query('COMMIT');
        return { stale: false, list: saved! };
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
  };
}
