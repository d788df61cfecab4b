/**
 * The one reader of the school's outcomes memory (issue 15) for the computations in
 * src/shared/outcomes/: plain arrays of the domain's types, consenting students' outcomes only.
 */
import type { DirectoryProgram, MatchOutcome, NationalMatchRate, OutcomeApplication, OutcomesMemory, OutcomesSettings, SignalAllowance } from '../../shared/domain';
import { localToday, parseCkBands } from '../../shared/domain';
import type { Db } from './open';

/** Narrows the memory to one specialty (its name as the specialty table has it); omitted = everything. */
export interface OutcomesMemoryFilter {
  specialty?: string;
}

export interface ProgramRow {
  id: number;
  name: string;
  specialty_id: number | null;
  city: string | null;
  state: string | null;
  kind: DirectoryProgram['kind'];
  step_ck_minimum: number | null;
  note: string | null;
  code: string | null;
  positions: number | null;
  visa: DirectoryProgram['visa'];
  comlex_accepted: 0 | 1 | null;
}

export const DIRECTORY_COLUMNS = 'p.id, p.name, p.specialty_id, p.city, p.state, p.kind, p.step_ck_minimum, p.note, p.code, p.positions, p.visa, p.comlex_accepted';

export function programFromRow(r: ProgramRow): DirectoryProgram {
  return {
    id: r.id,
    name: r.name,
    specialtyId: r.specialty_id,
    city: r.city,
    state: r.state,
    kind: r.kind,
    stepCkMinimum: r.step_ck_minimum,
    note: r.note,
    code: r.code,
    positions: r.positions,
    visa: r.visa,
    comlexAccepted: r.comlex_accepted === null ? null : r.comlex_accepted === 1,
  };
}

export const OUTCOME_COLUMNS = `o.id, o.student_id AS studentId, o.season, o.specialty, o.applications, o.gold_signals AS goldSignals, o.silver_signals AS silverSignals,
  o.interviews, o.rank_list_length AS rankListLength, o.result, o.matched_program_code AS matchedProgramCode, o.matched_program_name AS matchedProgramName,
  o.ck_at_application AS ckAtApplication, o.comlex_at_application AS comlexAtApplication, o.note`;

export interface ApplicationRow {
  id: number;
  outcomeId: number;
  programCode: string;
  signal: 'gold' | 'silver' | null;
  interviewOffered: 0 | 1 | null;
}

export function applicationFromRow(r: ApplicationRow): OutcomeApplication {
  return { id: r.id, outcomeId: r.outcomeId, programCode: r.programCode, signal: r.signal, interviewOffered: r.interviewOffered === null ? null : r.interviewOffered === 1 };
}

export const SIGNAL_COLUMNS = 'season, specialty, gold, silver, signals, source, note';
export const RATE_COLUMNS = 'specialty, year, ck_from AS ckFrom, ck_to AS ckTo, match_rate_percent AS matchRatePercent, n, source';

/** The memory's four settings from their stored values (either engine); a value that does not read is an error naming the setting, never a silent default. */
export function outcomesSettingsFrom(value: (key: string) => string | undefined): OutcomesSettings {
  const bands = parseCkBands(value('outcomes.ckBands') ?? '');
  if (!bands) throw new Error(`the setting outcomes.ckBands ("${value('outcomes.ckBands') ?? ''}") is not ascending CK scores separated by commas; correct it in Settings`);
  const whole = (key: string) => {
    const n = Number(value(key));
    if (!Number.isInteger(n) || n < 1) throw new Error(`the setting ${key} ("${value(key) ?? ''}") is not a whole number of at least 1; correct it in Settings`);
    return n;
  };
  return {
    ckBands: bands,
    suppressionThreshold: whole('outcomes.suppressionThreshold'),
    blockSeasons: whole('outcomes.blockSeasons'),
    programEvidenceMinimum: whole('outcomes.programEvidenceMinimum'),
  };
}

/** The values in force on `asOf` (Settings lets an office date a new value, as for every fact). */
export function outcomesSettings(db: Db, asOf: string = localToday()): OutcomesSettings {
  const inForce = db.prepare(
    `SELECT value FROM settings WHERE key = ? AND (effective_from IS NULL OR effective_from <= ?) ORDER BY ifnull(effective_from, '') DESC LIMIT 1`,
  );
  return outcomesSettingsFrom((key) => inForce.pluck().get(key, asOf) as string | undefined);
}

/**
 * Programs with their directory fields, consenting students' outcomes and their per-program
 * applications, signal allowances, national match rates and the settings, in one read transaction
 * (a save meanwhile never mixes in).
 */
export function readOutcomesMemory(db: Db, filter: OutcomesMemoryFilter = {}): OutcomesMemory {
  const read = () => {
    const specialty = filter.specialty ?? null;
    const programs = (
      db
        .prepare(
          `SELECT ${DIRECTORY_COLUMNS} FROM programs p LEFT JOIN specialties s ON s.id = p.specialty_id
           WHERE @specialty IS NULL OR s.name = @specialty COLLATE NOCASE ORDER BY p.name COLLATE NOCASE, p.id`,
        )
        .all({ specialty }) as ProgramRow[]
    ).map(programFromRow);
    const consenting = `FROM match_outcomes o JOIN outcome_consents c ON c.student_id = o.student_id AND c.consent = 'yes'
      WHERE @specialty IS NULL OR o.specialty = @specialty COLLATE NOCASE`;
    const outcomes = db.prepare(`SELECT ${OUTCOME_COLUMNS} ${consenting} ORDER BY o.season, o.specialty, o.student_id`).all({ specialty }) as MatchOutcome[];
    const applications = (
      db
        .prepare(
          `SELECT a.id, a.outcome_id AS outcomeId, a.program_code AS programCode, a.signal, a.interview_offered AS interviewOffered
           FROM outcome_applications a WHERE a.outcome_id IN (SELECT o.id ${consenting}) ORDER BY a.outcome_id, a.program_code`,
        )
        .all({ specialty }) as ApplicationRow[]
    ).map(applicationFromRow);
    const signals = db
      .prepare(`SELECT ${SIGNAL_COLUMNS} FROM signal_allowances WHERE @specialty IS NULL OR specialty = @specialty COLLATE NOCASE ORDER BY season, specialty`)
      .all({ specialty }) as SignalAllowance[];
    const nationalRates = db
      .prepare(`SELECT ${RATE_COLUMNS} FROM national_match_rates WHERE @specialty IS NULL OR specialty = @specialty COLLATE NOCASE ORDER BY specialty, year, ck_from`)
      .all({ specialty }) as NationalMatchRate[];
    return { programs, outcomes, applications, signals, nationalRates, settings: outcomesSettings(db) };
  };
  return db.inTransaction ? read() : db.transaction(read).deferred();
}
