/**
 * The Store on PostgreSQL (node-postgres): an office database, read and written under the signed-in
 * person's own login, so grants and row-level security (migration 0005) decide what they see.
 */
import pg from 'pg';
import type { ParsedRosterQuery, RosterPage } from '../../../shared/api/students';
import { localToday, type ExamAttempt, type ExamAttemptInput, type PracticeExam, type PracticeExamInput, type Student, type StudentSnapshot } from '../../../shared/domain';
import { needsCohortIndex } from '../../db/roster';
import { buildMemoryRoster, memoryRosterPage, memoryRosterRows, memoryTargetVariants, type MemoryFilter, type MemoryRosterEntry } from '../roster-memory';
import { requireAll } from '../../cohort/roster';
import { storedRosterPage } from './roster';
import { notesStore } from './notes';
import { inTransaction } from './transaction';
import { importIntoOffice } from './import';
import { officeReportSource } from './snapshot';
import { outcomeReferenceStore, programStore, referenceEditStore, savedFilterStore } from './reference-edits';
import { auditStore } from './audit';
import type { ParsedImportInput } from '../../../shared/api/import';
import type { ImportRunOptions } from '../../import/run';
import { enrolmentStore, readEnrolment } from './enrolment';
import { acknowledgementStore, checklistStore, dashboardStore } from './dashboard';
import type { AuditContext } from '../../db/audit';
import { DuplicateRecord, type LastChange, type RecordStore, type RosterSelectionStore, type RosterView, type Store, type HeldId, type StoreChange, type StudentStore } from '../store';
import { digitsKey } from '../../import/student-ids';
import { readCohortPostgres, readsPrivateColumns } from './cohort';
import { DatabaseError } from '../../db/errors';
import { endPool, openPool, redact } from './connect';
import { migratePostgres, schemaVersion } from './migrate';
import { POSTGRES_MIGRATIONS } from './migrations';
import type { Queryable } from './queryable';
import { loadReferenceDataPostgres } from './reference';
import { postgresOutcomesStore } from './outcomes';
import { directoryStore } from './directory';

const STUDENT_COLUMNS: Record<keyof Student, string> = {
  id: 'id',
  firstName: 'first_name',
  lastName: 'last_name',
  email: 'email',
  gradYear: 'grad_year',
  applicantType: 'applicant_type',
  targetSpecialty: 'target_specialty',
  backupSpecialty: 'backup_specialty',
  advisor: 'advisor',
  usceMonths: 'usce_months',
  usLetters: 'us_letters',
  step1Deadline: 'step1_deadline',
  notes: 'notes',
  customFields: 'custom_fields',
};
const PRIVATE = new Set(['email', 'notes', 'custom_fields']);

/**
 * One student as the session may read them: every column for the coordinator and the dean; for an
 * advisor the directory columns, and the private ones of their own students (my_students).
 */
async function readStudent(db: Queryable, id: string, lock = false): Promise<(Student & { version: number }) | null> {
  const full = await readsPrivateColumns(db);
  const columns = Object.values(STUDENT_COLUMNS).map((c) => (PRIVATE.has(c) && !full ? `(SELECT m.${c} FROM my_students m WHERE m.id = s.id) AS ${c}` : `s.${c}`));
  const r = await db.query(`SELECT ${columns.join(', ')}, s.version FROM students s WHERE s.id = $1${lock ? ' FOR UPDATE OF s' : ''}`, [id]);
  const row = r.rows[0];
  if (!row) return null;
  const student = Object.fromEntries(Object.entries(STUDENT_COLUMNS).map(([field, column]) => [field, row[column] ?? null])) as unknown as Student;
  student.customFields = row.custom_fields ?? {};
  return { ...student, version: row.version };
}

async function snapshotOf(db: Queryable, id: string): Promise<StudentSnapshot | null> {
  const found = await readStudent(db, id);
  if (!found) return null;
  const { version: _version, ...student } = found;
  const attempts = await db.query<ExamAttempt>(
    `SELECT id, student_id AS "studentId", exam, test_date AS "testDate", outcome, score, attempt_order AS "attemptOrder" FROM exam_attempts
     WHERE student_id = $1 ORDER BY exam COLLATE "C", test_date IS NOT NULL, test_date, attempt_order NULLS FIRST, id`,
    [id],
  );
  const practice = await db.query<PracticeExam>(
    `SELECT id, student_id AS "studentId", exam, form, taken_on AS "takenOn", score, pass_probability AS "passProbability" FROM practice_exams
     WHERE student_id = $1 ORDER BY taken_on, id`,
    [id],
  );
  const enrolment = await readEnrolment(db, id);
  return { student, attempts: attempts.rows, practice: practice.rows, ...(enrolment ? { enrolment } : {}) };
}

async function lastChange(db: Queryable, entity: string, entityId: string): Promise<LastChange | null> {
  const r = await db.query<LastChange>(`SELECT actor, at FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY id DESC LIMIT 1`, [entity, entityId]);
  return r.rows[0] ?? null;
}

/** A refusal in PostgreSQL's own terms (insufficient_privilege), so every caller reports it as the database's. */
function notAllowed(message: string): Error {
  return Object.assign(new Error(message), { code: '42501' });
}

/** Why `student`'s ID is taken (store.ts HeldId), read inside the adding transaction. */
async function heldId(client: pg.PoolClient, id: string): Promise<HeldId | null> {
  const name = `first_name || ' ' || last_name AS name`;
  const same = (await client.query<{ name: string }>(`SELECT ${name} FROM students WHERE id = $1`, [id])).rows[0];
  if (same) return { kind: 'same', name: same.name };
  const key = digitsKey(id);
  if (key === null) return null;
  // IDs of digits only whose digits but for leading zeros are the new ID's (00123 for 123).
  const holders = (
    await client.query<{ id: string; name: string }>(
      `SELECT id, ${name} FROM students WHERE id ~ '^[0-9]+$' AND coalesce(nullif(ltrim(id, '0'), ''), '0') = $1 ORDER BY id COLLATE "C"`,
      [key],
    )
  ).rows;
  return holders.length ? { kind: 'digits', holders } : null;
}

function studentStore(pool: pg.Pool): StudentStore {
  return {
    version: async (id) => (await pool.query<{ version: number }>(`SELECT version FROM students WHERE id = $1`, [id])).rows[0]?.version ?? null,
    add: (student, who) =>
      inTransaction(pool, who, async (client) => {
        // One adder at a time (other writes wait only for this short transaction), so the check below still holds at the insert.
        await client.query('LOCK TABLE students IN SHARE ROW EXCLUSIVE MODE').catch((err: { code?: string }) => {
          // Only the coordinator may insert students (migration 0005's grants); anyone else is refused here, before reading anything.
          throw err.code === '42501' ? notAllowed('Only the coordinator adds students to the office roster.') : err;
        });
        const held = await heldId(client, student.id);
        if (held) return held;
        const fields = Object.keys(STUDENT_COLUMNS) as (keyof Student)[];
        const values = fields.map((f) => (f === 'customFields' ? JSON.stringify(student[f]) : student[f]));
        await client.query(
          `INSERT INTO students (${fields.map((f) => STUDENT_COLUMNS[f]).join(', ')}, created_at, updated_at) VALUES (${fields.map((_f, i) => `$${i + 1}`).join(', ')}, now(), now())`,
          values,
        );
        return null;
      }),
    update: (id, change, expectedVersion, who) =>
      inTransaction(pool, who, async (client) => {
        const current = await readStudent(client, id, true).catch((err: { code?: string }) => {
          // Row-level security: a student who is not theirs cannot be locked for an update.
          if (err.code === '42501') return undefined;
          throw err;
        });
        if (current === undefined || (current === null && (await readStudent(client, id)) !== null))
          throw notAllowed(`Only ${id}'s advisor or the coordinator may change this student.`);
        if (!current) return null;
        const { version, ...before } = current;
        if (expectedVersion !== undefined && version !== expectedVersion) return { stale: true as const, current: before, version, lastChange: await lastChange(client, 'student', id) };
        const after = change(before);
        const changed = (Object.keys(STUDENT_COLUMNS) as (keyof Student)[]).filter((f) => f !== 'id' && JSON.stringify(before[f]) !== JSON.stringify(after[f]));
        if (changed.length === 0) return { stale: false as const };
        const params: unknown[] = [id, version];
        const sets = changed.map((f) => `${STUDENT_COLUMNS[f]} = $${params.push(f === 'customFields' ? JSON.stringify(after[f]) : after[f])}`);
        const r = await client.query(`UPDATE students SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 AND version = $2`, params);
        if (r.rowCount !== 1) throw notAllowed(`Only ${id}'s advisor or the coordinator may change this student.`);
        return { stale: false as const };
      }),
  };
}

/** How one kind of exam record maps to its table (the student ID first; `id` is the table's own). */
interface RecordTable<T> {
  table: string;
  columns: { [K in Exclude<keyof T, 'id'>]: string };
}

const ATTEMPTS: RecordTable<ExamAttempt> = {
  table: 'exam_attempts',
  columns: { studentId: 'student_id', exam: 'exam', testDate: 'test_date', outcome: 'outcome', score: 'score', attemptOrder: 'attempt_order' },
};
const PRACTICE: RecordTable<PracticeExam> = {
  table: 'practice_exams',
  columns: { studentId: 'student_id', exam: 'exam', form: 'form', takenOn: 'taken_on', score: 'score', passProbability: 'pass_probability' },
};

/**
 * Exam records on PostgreSQL. The database audits every write itself (migration 0005's triggers,
 * with the session's login and the context set here), and its row-level security decides whose.
 */
function recordStore<T extends { id: number; studentId: string }, Input extends Omit<T, 'id'>>(pool: pg.Pool, spec: RecordTable<T>, changed: () => void): RecordStore<T, Input> {
  const fields = Object.keys(spec.columns) as (keyof typeof spec.columns)[];
  const select = `SELECT id, ${fields.map((f) => `${spec.columns[f]} AS "${String(f)}"`).join(', ')} FROM ${spec.table}`;
  const get = async (db: Queryable, id: number) => ((await db.query(`${select} WHERE id = $1`, [id])).rows[0] as T | undefined) ?? null;
  const write = async <R>(who: AuditContext, fn: (client: pg.PoolClient) => Promise<R>): Promise<R> => {
    const result = await inTransaction(pool, who, fn);
    changed();
    return result;
  };
  return {
    get: (id) => get(pool, id),
    add: (input, who, source = null) =>
      write(who, async (client) => {
        const values = fields.map((f) => (input as Record<string, unknown>)[String(f)] ?? null);
        const r = await client
          .query<{ id: number }>(
            `INSERT INTO ${spec.table} (${fields.map((f) => spec.columns[f]).join(', ')}, source, created_at)
             VALUES (${fields.map((_, i) => `$${i + 1}`).join(', ')}, $${fields.length + 1}, now()) RETURNING id`,
            [...values, source],
          )
          .catch((err: { code?: string }) => {
            throw err.code === '23505' ? new DuplicateRecord() : err;
          });
        return (await get(client, r.rows[0].id))!;
      }),
    update: (before, after, who) =>
      write(who, async (client) => {
        const differ = fields.filter((f) => f !== 'studentId' && (before as Record<string, unknown>)[String(f)] !== (after as Record<string, unknown>)[String(f)]);
        if (!differ.length) return;
        const r = await client
          .query(`UPDATE ${spec.table} SET ${differ.map((f, i) => `${spec.columns[f]} = $${i + 2}`).join(', ')} WHERE id = $1`, [
            before.id,
            ...differ.map((f) => (after as Record<string, unknown>)[String(f)]),
          ])
          .catch((err: { code?: string }) => {
            throw err.code === '23505' ? new DuplicateRecord() : err;
          });
        if (r.rowCount !== 1) throw notAllowed(`Only ${before.studentId}'s advisor or the coordinator may change this record.`);
      }),
    remove: (id, who) =>
      write(who, async (client) => {
        if (!(await get(client, id))) return false;
        const r = await client.query(`DELETE FROM ${spec.table} WHERE id = $1`, [id]);
        if (r.rowCount !== 1) throw notAllowed('Only the student\'s advisor or the coordinator may remove this record.');
        return true;
      }),
  };
}

/**
 * The roster's evaluated cohort, kept per as-of date until anything changes: every change to the
 * office database is announced on stepwise_changes (migration 0005), by whoever made it, and this
 * session's own writes drop it at once (their announcement comes a moment after the commit).
 */
class OfficeRosterCache {
  private version = 0;
  private readonly dates = new Map<string, { version: number; entries: MemoryRosterEntry[] }>();
  private listener: Promise<pg.PoolClient> | null = null;
  private readonly listeners = new Set<(change: StoreChange) => void>();
  private readonly building = new Map<string, Promise<MemoryRosterEntry[]>>();
  private closed = false;
  constructor(
    private readonly pool: pg.Pool,
    /** Evaluate the cohort in the background after a first stored-field page (off for tests that compare the two paths). */
    readonly warmInBackground = true,
  ) {}

  changed(): void {
    this.version++;
    this.dates.clear();
  }

  /** Starts listening once (one connection of the pool held for it); resolves when LISTEN is in place. */
  listen(): Promise<pg.PoolClient> {
    this.listener ??= this.pool.connect().then(async (client) => {
      // The listening connection lost (server restarted, session terminated): whatever was evaluated
      // may be stale, and the next reader listens again on a new connection.
      client.on('error', () => {
        this.changed();
        this.listener = null;
        client.release(true);
      });
      client.on('notification', (n) => {
        this.changed();
        let change: StoreChange = { table: '', by: '' };
        try {
          change = JSON.parse(n.payload ?? '{}') as StoreChange;
        } catch {
          // an announcement not of ours: still a change
        }
        for (const l of this.listeners) l(change);
      });
      await client.query('LISTEN stepwise_changes');
      return client;
    });
    return this.listener;
  }

  subscribe(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    void this.listen();
    return () => void this.listeners.delete(listener);
  }

  /** Whether the evaluated cohort of this date is current. */
  has(asOf: string): boolean {
    return this.dates.get(asOf)?.version === this.version;
  }

  async entries(asOf: string): Promise<MemoryRosterEntry[]> {
    if (this.closed) throw new Error('The office database connection is closed.');
    await this.listen();
    const cached = this.dates.get(asOf);
    if (cached && cached.version === this.version) return cached.entries;
    // One build per date and version, however many views ask at once.
    const key = `${asOf}@${this.version}`;
    let building = this.building.get(key);
    if (!building) {
      building = this.build(asOf).finally(() => this.building.delete(key));
      this.building.set(key, building);
    }
    return building;
  }

  private async build(asOf: string): Promise<MemoryRosterEntry[]> {
    const version = this.version;
    const ref = await loadReferenceDataPostgres(this.pool);
    const entries = await buildMemoryRoster((filter) => readCohortPostgres(this.pool, filter), ref, asOf);
    if (this.version === version) {
      if (this.dates.size >= 3) this.dates.clear();
      this.dates.set(asOf, { version, entries });
    }
    return entries;
  }

  async close(): Promise<void> {
    this.closed = true;
    // A cohort still being evaluated in the background holds connections: let it finish first.
    await Promise.allSettled([...this.building.values()]);
    const client = await this.listener?.catch(() => null);
    this.listener = null;
    // Destroyed, not returned to the pool: it still LISTENs.
    client?.release(true);
  }
}

async function officeRoster(pool: pg.Pool, cache: OfficeRosterCache, q: ParsedRosterQuery): Promise<RosterPage> {
  const asOf = q.asOf ?? localToday();
  // A view on stored fields while the cohort is not evaluated yet: one SQL page now, and the whole
  // cohort evaluated in the background for the views that need it (risk, status, flags).
  if (!needsCohortIndex(q) && !cache.has(asOf)) {
    try {
      return await storedRosterPage(pool, await loadReferenceDataPostgres(pool), q, asOf);
    } finally {
      // Started once the page is answered: the evaluation does not compete with it for the server and this process.
      if (cache.warmInBackground) void cache.entries(asOf).catch(() => undefined);
    }
  }
  const entries = await cache.entries(asOf);
  return memoryRosterPage(entries, { ...(await memoryFilterOf(pool, entries, q)), offset: q.offset, limit: q.limit }, asOf);
}

/** A roster view as the in-memory roster filters it: the target resolved as the rules match it, the practice filter's students asked of the database. */
async function memoryFilterOf(pool: pg.Pool, entries: readonly MemoryRosterEntry[], q: RosterView): Promise<MemoryFilter> {
  const { targetSpecialty, ...rest } = q;
  const filter: MemoryFilter = { ...rest };
  if (targetSpecialty?.trim()) filter.targetVariants = memoryTargetVariants(entries, await loadReferenceDataPostgres(pool), targetSpecialty);
  if (q.practice) {
    const r = await pool.query<{ id: string }>(
      `SELECT DISTINCT student_id AS id FROM practice_exams WHERE exam = $1 AND score IS NOT NULL AND taken_on BETWEEN $2 AND $3`,
      [q.practice.exam, q.practice.from, q.practice.to],
    );
    filter.practiceStudents = new Set(r.rows.map((x) => x.id));
  }
  return filter;
}

/** The roster's selection on an office database: rows from the evaluated cohort, bulk changes in one transaction each. */
function selectionStore(pool: pg.Pool, cache: OfficeRosterCache, write: <R>(who: AuditContext, fn: (client: pg.PoolClient) => Promise<R>) => Promise<R>): RosterSelectionStore {
  /** The selected students who exist, or NOT_FOUND naming those who do not. */
  const existing = async (client: pg.PoolClient, ids: readonly string[]) => {
    const unique = [...new Set(ids)];
    // Every login reads every student's ID and advisor (migration 0005); whether it may change them is the UPDATE's and INSERT's to say.
    const found = (await client.query<{ id: string; advisor: string | null }>(`SELECT id, advisor FROM students WHERE id = ANY($1::text[])`, [unique])).rows;
    requireAll(unique, found, 'nothing was changed');
    return found;
  };
  return {
    async rows(view, ids) {
      const asOf = view.asOf ?? localToday();
      const entries = await cache.entries(asOf);
      // With a selection the view's filters give way to it: exactly those students, in the view's order.
      const filter: MemoryFilter = ids ? { sort: view.sort, direction: view.direction, ids: [...new Set(ids)] } : await memoryFilterOf(pool, entries, view);
      const rows = memoryRosterRows(entries, filter).map((e) => e.row);
      if (ids) requireAll(ids, rows);
      return { asOf, rows };
    },
    async ids(view) {
      const asOf = view.asOf ?? localToday();
      const entries = await cache.entries(asOf);
      return { asOf, ids: memoryRosterRows(entries, await memoryFilterOf(pool, entries, view)).map((e) => e.row.id) };
    },
    assignAdvisor: (ids, advisor, who) =>
      write(who, async (client) => {
        const found = await existing(client, ids);
        const change = found.filter((s) => s.advisor !== advisor).map((s) => s.id);
        if (change.length) {
          // Row-level security: a student the session may not change is not updated (and one it may not hand away is refused).
          const r = await client.query(`UPDATE students SET advisor = $2, updated_at = now() WHERE id = ANY($1::text[])`, [change, advisor]);
          if (r.rowCount !== change.length) throw notAllowed('Only the students’ advisor or the coordinator may reassign them; nothing was changed.');
        }
        return { changed: change.length, unchanged: found.length - change.length };
      }),
    addNote: (ids, note, who) =>
      write(who, async (client) => {
        const found = await existing(client, ids);
        await client.query(
          `INSERT INTO advising_notes (student_id, author, created_at, body, follow_up_date) SELECT id, $2, now(), $3, $4 FROM unnest($1::text[]) AS id`,
          [found.map((s) => s.id), who.actor, note.body, note.followUpDate],
        );
        return { changed: found.length, unchanged: 0 };
      }),
  };
}

export function postgresStore(pool: pg.Pool, options: { warmRoster?: boolean } = {}): Store {
  // An idle connection's error (the server restarted, an administrator ended the session) is met by
  // the next query that needs a connection; unheard, node's EventEmitter would end the process.
  if (!pool.listenerCount('error')) pool.on('error', () => undefined);
  const rosterCache = new OfficeRosterCache(pool, options.warmRoster ?? true);
  const students = studentStore(pool);
  // Every write is one transaction; what it changed is seen by this session's next read at once.
  const write = async <R>(who: AuditContext, fn: (client: pg.PoolClient) => Promise<R>): Promise<R> => {
    const result = await inTransaction(pool, who, fn);
    rosterCache.changed();
    return result;
  };
  return {
    engine: 'postgres',
    notes: notesStore(pool, write),
    countStudents: async () => (await pool.query<{ n: number }>('SELECT count(*) AS n FROM students')).rows[0].n,
    selection: selectionStore(pool, rosterCache, write),
    reportSource: (asOf) => officeReportSource(pool, asOf),
    reference: referenceEditStore(write),
    savedFilters: savedFilterStore(pool, write),
    audit: auditStore(pool),
    programs: programStore(pool, write),
    outcomeReference: outcomeReferenceStore(pool, write),
    importRoster: (async (mode: 'preview' | 'commit', input: ParsedImportInput, options: ImportRunOptions, actor: string) => {
      const result = await importIntoOffice(pool, mode, input, options, actor);
      if (mode === 'commit') rosterCache.changed();
      return result;
    }) as Store['importRoster'],
    dashboard: dashboardStore(pool, (asOf) => rosterCache.entries(asOf)),
    acknowledgements: acknowledgementStore(pool, write),
    checklist: checklistStore(pool, write),
    outcomes: postgresOutcomesStore(pool),
    directory: directoryStore(pool, write),
    enrolment: enrolmentStore(pool, async (who, fn) => {
      const result = await inTransaction(pool, who, fn);
      rosterCache.changed();
      return result;
    }),
    students: {
      ...students,
      add: async (...args) => {
        const held = await students.add(...args);
        if (!held) rosterCache.changed();
        return held;
      },
      update: async (...args) => {
        const result = await students.update(...args);
        rosterCache.changed();
        return result;
      },
    },
    attempts: recordStore<ExamAttempt, ExamAttemptInput>(pool, ATTEMPTS, () => rosterCache.changed()),
    practice: recordStore<PracticeExam, PracticeExamInput>(pool, PRACTICE, () => rosterCache.changed()),
    roster: (q) => officeRoster(pool, rosterCache, q),
    onChange: (listener) => rosterCache.subscribe(listener),
    readCohort: (filter, chunkSize) => readCohortPostgres(pool, filter, chunkSize),
    snapshot: (id) => snapshotOf(pool, id),
    referenceData: () => loadReferenceDataPostgres(pool),
    close: async () => {
      await rosterCache.close();
      await endPool(pool);
    },
  };
}

/** Connects to an office database (migrating it if this version is newer) and returns its store. */
export async function openPostgresStore(url: string, extra: Partial<pg.PoolConfig> = {}): Promise<Store & { sessionUser: string }> {
  const pool = openPool(url, extra);
  try {
    const client = await pool.connect();
    let sessionUser: string;
    try {
      const version = await schemaVersion(client);
      if (version !== POSTGRES_MIGRATIONS[POSTGRES_MIGRATIONS.length - 1].version)
        await migratePostgres(client).catch((err: unknown) => {
          if ((err as { code?: string }).code !== '42501') throw err;
          throw new DatabaseError(
            `The office database is at schema ${version}; this version of Stepwise needs ${POSTGRES_MIGRATIONS.length}. IT brings it up to date with: stepwise office init --db ${redact(url)}`,
            'OPEN_FAILED',
          );
        });
      sessionUser = (await client.query<{ u: string }>('SELECT session_user AS u')).rows[0].u;
    } finally {
      client.release();
    }
    return { ...postgresStore(pool), sessionUser };
  } catch (err) {
    await endPool(pool).catch(() => undefined);
    throw err;
  }
}
