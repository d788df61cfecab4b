/**
 * `stepwise office copy`: moves a laptop's roster into an empty office database — students, exam
 * records, practice exams, notes and action items, settings and specialties (the office's edits
 * included), programs, saved filters, import batches and the whole audit history — in one
 * transaction, and proves it: the row count of every table, and the flags of every student as of
 * the given date, the same on both sides. Anything different and the copy is rolled back.
 *
 * Run as the office database's owner (IT's account that ran `office init`): only it may keep the
 * laptop's audit rows with their original actors and times (migration 0005, stepwise.copying).
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { StudentSnapshot } from '../../../shared/domain';
import type { StudentEvaluation } from '../../../shared/rules/evaluation';
import { evaluateStudent } from '../../../shared/rules/flags';
import type { ReferenceData } from '../../../shared/rules/reference';
import { readCohortChunks } from '../../db/cohort-snapshots';
import type { Db } from '../../db/open';
import { loadReferenceData } from '../../db/reference';
import { readCohortPostgres } from './cohort';
import { loadReferenceDataPostgres } from './reference';
import { csvLines, sqliteColumns } from './sqlite-bridge';

/** In the order foreign keys need them. */
export const COPIED_TABLES = [
  'import_batches',
  'students',
  'exam_attempts',
  'practice_exams',
  'specialties',
  'programs',
  'settings',
  'advising_notes',
  'action_items',
  'flag_acknowledgements',
  'enrolment_changes',
  'saved_filters',
  // The outcomes memory (migration 0008).
  'match_outcomes',
  'outcome_applications',
  'outcome_consents',
  'signal_allowances',
  'national_match_rates',
  'program_lists',
  'audit_log',
] as const;
type Table = (typeof COPIED_TABLES)[number];

export interface CopyResult {
  counts: Record<Table, number>;
  studentsCompared: number;
  asOf: string;
}

export class CopyRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyRefused';
  }
}

/** Which student each audit row is about, for advisors' row-level security (the laptop's log has no such column). */
function auditStudentOf(db: Db): (entity: string, entityId: string, oldValue: string | null, newValue: string | null) => string | null {
  const owner = new Map<string, Map<string, string>>();
  const load = (entity: string, sql: string) => owner.set(entity, new Map((db.prepare(sql).raw().all() as [number, string][]).map(([id, s]) => [String(id), s])));
  load('exam_attempt', 'SELECT id, student_id FROM exam_attempts');
  load('practice_exam', 'SELECT id, student_id FROM practice_exams');
  load('advising_note', 'SELECT id, student_id FROM advising_notes');
  load('action_item', 'SELECT a.id, n.student_id FROM action_items a JOIN advising_notes n ON n.id = a.note_id');
  load('flag_acknowledgement', 'SELECT id, student_id FROM flag_acknowledgements');
  load('enrolment_change', 'SELECT id, student_id FROM enrolment_changes');
  load('match_outcome', 'SELECT id, student_id FROM match_outcomes');
  load('outcome_application', 'SELECT a.id, o.student_id FROM outcome_applications a JOIN match_outcomes o ON o.id = a.outcome_id');
  load('program_list', 'SELECT id, student_id FROM program_lists');
  return (entity, entityId, oldValue, newValue) => {
    if (entity === 'student' || entity === 'outcome_consent') return entityId;
    const live = owner.get(entity)?.get(entityId);
    if (live) return live;
    // A deleted record: its delete (or insert) row kept it whole, studentId included.
    for (const json of [oldValue, newValue]) {
      if (!json?.startsWith('{')) continue;
      try {
        const id = (JSON.parse(json) as { studentId?: unknown }).studentId;
        if (typeof id === 'string') return id;
      } catch {
        // not JSON: no student to name
      }
    }
    return null;
  };
}

async function copyTable(source: Db, target: pg.PoolClient, table: Table): Promise<number> {
  // Audit rows are numbered anew, in the laptop's order, after the office database's own (its set-up is audited too).
  const columns = sqliteColumns(source, table).filter((c) => !(table === 'audit_log' && c === 'id'));
  const select = source.prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY rowid`).raw();
  let extraColumns: string[] = [];
  let extra: ((row: unknown[]) => unknown[]) | undefined;
  if (table === 'audit_log') {
    const studentOf = auditStudentOf(source);
    const at = (name: string) => columns.indexOf(name);
    const [entity, entityId, oldValue, newValue] = ['entity', 'entity_id', 'old_value', 'new_value'].map(at);
    extraColumns = ['student_id'];
    extra = (row) => [studentOf(row[entity] as string, row[entityId] as string, row[oldValue] as string | null, row[newValue] as string | null)];
  }
  let n = 0;
  const counted = (function* () {
    for (const row of select.iterate() as Iterable<unknown[]>) {
      n++;
      yield row;
    }
  })();
  const sql = `COPY ${table} (${[...columns, ...extraColumns].join(', ')}) FROM STDIN WITH (FORMAT csv)`;
  await pipeline(Readable.from(csvLines(counted, extra)), target.query(copyFrom(sql)));
  if (columns.includes('id') && table !== 'students')
    await target.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), greatest((SELECT max(id) FROM ${table}), 1))`);
  return n;
}

/** The flags of every student as of the date, keyed by ID, from any chunked reader. */
async function flagsOf(chunks: AsyncIterable<StudentSnapshot[]> | Iterable<StudentSnapshot[]>, ref: ReferenceData, asOf: string): Promise<Map<string, StudentEvaluation>> {
  const out = new Map<string, StudentEvaluation>();
  for await (const chunk of chunks) for (const s of chunk) out.set(s.student.id, evaluateStudent(s, ref, asOf));
  return out;
}

export async function copyLaptopToOffice(source: Db, target: pg.PoolClient, options: { sourceName: string; asOf: string }): Promise<CopyResult> {
  const present = await target.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM students) + (SELECT count(*) FROM advising_notes) + (SELECT count(*) FROM import_batches) AS n`,
  );
  if (Number(present.rows[0].n) > 0)
    throw new CopyRefused('The office database already holds students, notes or imports: copy a laptop roster into an empty office database only (nothing was changed).');
  const counts = {} as Record<Table, number>;
  await target.query('BEGIN');
  try {
    await target.query(`SET LOCAL stepwise.copying = 'on'`);
    const owner = await target.query<{ ok: boolean }>(`SELECT copying_history() AS ok`);
    if (!owner.rows[0].ok) throw new CopyRefused('Only the office database\'s owner (the account that ran `stepwise office init`) can copy a roster in with its audit history.');
    // The laptop's reference data replaces the defaults a new office database was seeded with (its
    // own edits included), and its pseudonym key, if it has one, keeps every report's pseudonyms.
    await target.query('DELETE FROM settings');
    await target.query('DELETE FROM specialties');
    await target.query('DELETE FROM signal_allowances');
    const rowsIn = async (table: Table) => Number((await target.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
    const already = {} as Record<Table, number>;
    for (const table of COPIED_TABLES) {
      already[table] = await rowsIn(table);
      counts[table] = await copyTable(source, target, table);
    }
    const newKey = !(await target.query(`SELECT 1 FROM settings WHERE key = 'reports.pseudonymKey'`)).rowCount;
    if (newKey)
      await target.query(`INSERT INTO settings (key, effective_from, kind, value, label, source, note, updated_at)
        VALUES ('reports.pseudonymKey', NULL, 'text', encode(gen_random_bytes(32), 'hex'), 'Key for the pseudonyms in de-identified reports',
                'generated by Stepwise (random, 256 bits)', 'Keep it private. Replacing it changes every pseudonym in later reports.', now())`);

    // The proof: every table's rows, then every student's flags.
    for (const table of COPIED_TABLES) {
      const expected = already[table] + counts[table] + (table === 'settings' && newKey ? 1 : 0);
      const there = await rowsIn(table);
      if (there !== expected) throw new Error(`The copy of ${table} has ${there - already[table]} rows, the laptop ${counts[table]}: nothing was copied.`);
    }
    const before = await flagsOf(readCohortChunks(source), loadReferenceData(source), options.asOf);
    const after = await flagsOf(readCohortPostgres(target), await loadReferenceDataPostgres(target), options.asOf);
    if (before.size !== after.size) throw new Error(`The copy has ${after.size} students, the laptop ${before.size}: nothing was copied.`);
    for (const [id, e] of before) {
      const other = after.get(id);
      if (!other || JSON.stringify(other) !== JSON.stringify(e))
        throw new Error(`Student ${id}'s flags differ after the copy (${e.flags.map((f) => f.code).join(', ') || 'none'} before, ${other?.flags.map((f) => f.code).join(', ') || 'missing'} after): nothing was copied.`);
    }
    await target.query(`SET LOCAL stepwise.copying = 'off'`);
    await target.query(`SET LOCAL stepwise.context = $1`.replace('$1', target.escapeLiteral(`office copy from ${options.sourceName}`)));
    await target.query(
      `INSERT INTO audit_log (at, actor, action, entity, entity_id, new_value, context) VALUES (now(), session_user, 'insert', 'database', current_database(), $1, current_setting('stepwise.context'))`,
      [JSON.stringify({ copiedFrom: options.sourceName, counts, flagsComparedAsOf: options.asOf, students: before.size })],
    );
    await target.query('COMMIT');
    return { counts, studentsCompared: before.size, asOf: options.asOf };
  } catch (err) {
    await target.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
