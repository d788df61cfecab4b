/**
 * The dashboard, flag acknowledgements and the checklist on an office database. The dashboard's
 * numbers come from the cohort the roster already evaluated in memory for the date
 * (store/dashboard-memory.ts, the same results as SQLite's index); what needs no evaluation
 * (follow-ups, practice scores, the filters' choices) is asked of PostgreSQL, under the session's
 * own login, so row-level security decides whose notes a person sees.
 */
import type pg from 'pg';
import type { DashboardOptions, FollowUp } from '../../../shared/api/dashboard';
import type { FlagAcknowledgement } from '../../../shared/domain';
import type { AuditContext } from '../../db/audit';
import type { ChecklistTicks } from '../../db/checklist';
import type { RosterFilterFields } from '../../db/roster';
import { memoryCohortStatus } from '../dashboard-memory';
import { memoryMatching, targetVariantsOf, type MemoryRosterEntry } from '../roster-memory';
import type { AcknowledgementStore, ChecklistStore, DashboardStore } from '../store';
import type { Queryable } from './queryable';
import { readsPrivateColumns } from './cohort';
// SQLite's NOCASE for an expression: ASCII letters fold, byte order.
import { fold } from './roster';
import { loadReferenceDataPostgres } from './reference';

type Write = <R>(who: AuditContext, fn: (client: pg.PoolClient) => Promise<R>) => Promise<R>;


/** The dashboard's filter on stored fields as SQL on students `s` (db/roster.ts storedFieldFilters' meaning). */
function studentWhere(f: RosterFilterFields, params: unknown[], asOf?: string): string {
  const p = (v: unknown) => `$${params.push(v)}`;
  const where: string[] = [];
  if (f.gradYears?.length) where.push(`s.grad_year = ANY(${p(f.gradYears)}::int[])`);
  if (f.advisor) where.push(`${fold('s.advisor')} = ${fold(p(f.advisor.trim()))}`);
  if (f.applicantType) where.push(`s.applicant_type = ${p(f.applicantType)}`);
  if (f.targetVariants) where.push(`s.target_specialty = ANY(${p(f.targetVariants)}::text[])`);
  // As SQLite's storedFieldFilters: archived students (migration 0007) only when asked for.
  where.push(`s.archived_at IS ${f.archived ? 'NOT ' : ''}NULL`);
  // The status on the as-of date (migration 0007's function: the app's rule in SQL).
  if (f.statuses?.length && asOf) where.push(`enrolment_status_on(s.id, ${p(asOf)}::date) = ANY(${p(f.statuses)}::text[])`);
  return where.map((w) => ` AND ${w}`).join('');
}

export function dashboardStore(pool: pg.Pool, entries: (asOf: string) => Promise<MemoryRosterEntry[]>): DashboardStore {
  // Per evaluated cohort (gone with it): practice scores read per exam and window, and the students a filter keeps.
  const practiceReads = new WeakMap<readonly MemoryRosterEntry[], Map<string, Promise<[string, string, number][]>>>();
  const studentsOf = new WeakMap<readonly MemoryRosterEntry[], Map<string, Set<string>>>();
  return {
    cohortStatus: async (asOf) => memoryCohortStatus(await entries(asOf), asOf),
    async resolveFilter(filter) {
      const { targetSpecialty, ...rest } = filter;
      if (!targetSpecialty?.trim()) return rest;
      const stored = (await pool.query<{ t: string }>(`SELECT DISTINCT target_specialty AS t FROM students WHERE target_specialty IS NOT NULL`)).rows.map((r) => r.t);
      return { ...rest, targetVariants: targetVariantsOf(stored, await loadReferenceDataPostgres(pool), targetSpecialty) };
    },
    async options(): Promise<DashboardOptions> {
      const col = async <T>(sql: string) => (await pool.query<{ v: T }>(sql)).rows.map((r) => r.v);
      // The three asked at once (each a scan of the students; the pool has the connections).
      const [targets, gradYears, advisors] = await Promise.all([
        col<string>(`SELECT DISTINCT target_specialty COLLATE "C" AS v FROM students WHERE target_specialty IS NOT NULL ORDER BY 1`),
        col<number>('SELECT DISTINCT grad_year AS v FROM students ORDER BY grad_year'),
        col<string>(`SELECT DISTINCT advisor COLLATE "C" AS v FROM students WHERE advisor IS NOT NULL ORDER BY 1`),
      ]);
      // Targets that differ only in case are one choice (SQLite groups them NOCASE): the first in byte order stands for them.
      const seen = new Map<string, string>();
      for (const t of targets) if (!seen.has(t.replace(/[A-Z]/g, (c) => c.toLowerCase()))) seen.set(t.replace(/[A-Z]/g, (c) => c.toLowerCase()), t);
      return {
        gradYears,
        advisors,
        targetSpecialties: [...seen].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, t]) => t),
      };
    },
    async followUps(filter, asOf, until, limit): Promise<FollowUp[]> {
      const params: unknown[] = [until];
      const w = studentWhere(filter, params, asOf);
      const rows = await pool.query<Omit<FollowUp, 'name' | 'overdue'> & { firstName: string; lastName: string }>(
        `SELECT * FROM (
           SELECT 'followUp' AS kind, n.follow_up_date AS date, n.student_id AS "studentId", s.first_name AS "firstName", s.last_name AS "lastName",
             substr(n.body, 1, 300) AS text, n.id AS "noteId", NULL::bigint AS "actionItemId"
           FROM advising_notes n JOIN students s ON s.id = n.student_id
           WHERE n.follow_up_date <= $1 AND n.follow_up_done_at IS NULL ${w}
           UNION ALL
           SELECT 'actionItem', a.due_date, n.student_id, s.first_name, s.last_name, a.text, n.id, a.id
           FROM action_items a JOIN advising_notes n ON n.id = a.note_id JOIN students s ON s.id = n.student_id
           WHERE NOT a.done AND a.due_date IS NOT NULL AND a.due_date <= $1 ${w}
         ) x
         ORDER BY date, ${fold('"lastName"')}, ${fold('"firstName"')}, "noteId", "actionItemId" NULLS FIRST
         LIMIT ${Number(limit)}`,
        params,
      );
      return rows.rows.map(({ firstName, lastName, ...r }) => ({ ...r, name: `${firstName} ${lastName}`, overdue: r.date < asOf }));
    },
    async practiceScores(filter, asOf, exam, from, to) {
      // Read once per evaluated cohort (the handler has it by now): a change to the database gives a
      // new cohort, and with it a new read; until then the trend asked again is served from memory.
      const cohort = await entries(asOf);
      let read = practiceReads.get(cohort);
      if (!read) practiceReads.set(cohort, (read = new Map()));
      const key = JSON.stringify([exam, from, to]);
      let rows = read.get(key);
      if (!rows) {
        if (read.size >= 8) read.clear();
        const pending = pool
          .query({
            text: `SELECT student_id, taken_on, score FROM practice_exams WHERE exam = $1 AND score IS NOT NULL AND taken_on BETWEEN $2 AND $3`,
            values: [exam, from, to],
            rowMode: 'array',
          })
          .then((r) => r.rows as [string, string, number][]);
        read.set(key, (rows = pending));
        // A failed read is not remembered.
        pending.catch(() => read.delete(key));
      }
      const all = await rows;
      const narrowed = filter.gradYears?.length || filter.advisor || filter.applicantType || filter.targetVariants;
      if (!narrowed) return all.slice();
      let students = studentsOf.get(cohort);
      if (!students) studentsOf.set(cohort, (students = new Map()));
      const fkey = JSON.stringify(filter);
      let kept = students.get(fkey);
      if (!kept) {
        if (students.size >= 16) students.clear();
        students.set(fkey, (kept = new Set(memoryMatching(cohort, filter).map((e) => e.row.id))));
      }
      return all.filter(([id]) => kept.has(id));
    },
  };
}

const ACK = `id, student_id AS "studentId", code, severity, message, note, acknowledged_by AS "acknowledgedBy", acknowledged_at AS "acknowledgedAt",
  acknowledged_on AS "acknowledgedOn", lapsed_at AS "lapsedAt", lapse_reason AS "lapseReason", version`;

/** Flag acknowledgements: signed by the database (migration 0006), audited by its triggers, limited by row-level security. */
export function acknowledgementStore(pool: pg.Pool, write: Write): AcknowledgementStore {
  const acksOfList = new WeakMap<readonly string[], Map<string, FlagAcknowledgement[]>>();
  const get = async (db: Queryable, studentId: string, code: string) =>
    ((await db.query<FlagAcknowledgement>(`SELECT ${ACK} FROM flag_acknowledgements WHERE student_id = $1 AND code = $2`, [studentId, code])).rows[0] as FlagAcknowledgement | undefined) ?? null;
  return {
    list: async (studentId) => (await pool.query<FlagAcknowledgement>(`SELECT ${ACK} FROM flag_acknowledgements WHERE student_id = $1 ORDER BY id`, [studentId])).rows,
    async byStudent(ids) {
      // The dashboard's list of a held cohort's urgent students is one frozen array per filter
      // (dashboard-memory.ts): its acknowledgements are read once. Any change (an acknowledgement
      // included) gives a new cohort, so a new list and a new read.
      const known = Object.isFrozen(ids) ? acksOfList.get(ids) : undefined;
      if (known) return new Map(known);
      const out = new Map<string, FlagAcknowledgement[]>();
      if (!ids.length) return out;
      const rows = await pool.query<FlagAcknowledgement>(`SELECT ${ACK} FROM flag_acknowledgements WHERE student_id = ANY($1::text[]) ORDER BY student_id COLLATE "C", id`, [ids]);
      for (const r of rows.rows) out.set(r.studentId, [...(out.get(r.studentId) ?? []), r]);
      if (Object.isFrozen(ids)) acksOfList.set(ids, new Map(out));
      return out;
    },
    get: (studentId, code) => get(pool, studentId, code),
    acknowledge: (a, who) =>
      write(who, async (client) => {
        // One per student and flag: acknowledging again replaces it (the database audits what it replaced).
        await client.query(
          `INSERT INTO flag_acknowledgements (student_id, code, severity, message, note, acknowledged_by, acknowledged_at, acknowledged_on)
           VALUES ($1, $2, $3, $4, $5, $6, now(), $7)
           ON CONFLICT (student_id, code) DO UPDATE SET severity = EXCLUDED.severity, message = EXCLUDED.message, note = EXCLUDED.note,
             acknowledged_by = EXCLUDED.acknowledged_by, acknowledged_at = EXCLUDED.acknowledged_at, acknowledged_on = EXCLUDED.acknowledged_on,
             lapsed_at = NULL, lapse_reason = NULL`,
          [a.studentId, a.code, a.severity, a.message, a.note, who.actor, a.acknowledgedOn],
        );
      }),
    withdraw: (before, who) =>
      write(who, async (client) => {
        const r = await client.query(`DELETE FROM flag_acknowledgements WHERE id = $1`, [before.id]);
        if (r.rowCount !== 1) throw Object.assign(new Error(`Only the student's advisor or the coordinator may withdraw this acknowledgement.`), { code: '42501' });
      }),
    async recordLapses(lapses, who, now) {
      if (!lapses.length) return;
      // Reading is not writing: a session that may not update acknowledgements (the dean) records nothing.
      const may = (await pool.query<{ ok: boolean }>(`SELECT has_table_privilege('flag_acknowledgements', 'UPDATE') AS ok`)).rows[0].ok;
      if (!may) return;
      await write(who, async (client) => {
        for (const { ack, reason } of lapses)
          await client.query(`UPDATE flag_acknowledgements SET lapsed_at = $2, lapse_reason = $3 WHERE id = $1 AND lapsed_at IS NULL`, [ack.id, now, reason]);
      });
    },
  };
}

/**
 * The checklist on the student's row (jsonb). An advisor reads it only through my_students (their own
 * students: migration 0005), and may not read the column in an UPDATE's expression either, so a tick
 * locks the row, reads the ticks the session may read, and writes the whole value back.
 */
export function checklistStore(pool: pg.Pool, write: Write): ChecklistStore {
  const read = async (db: Queryable, studentId: string): Promise<ChecklistTicks | null> => {
    const table = (await readsPrivateColumns(db)) ? 'students' : 'my_students';
    const r = await db.query<{ checklist: ChecklistTicks }>(`SELECT checklist FROM ${table} WHERE id = $1`, [studentId]);
    return r.rows[0]?.checklist ?? null;
  };
  const notAllowed = () => Object.assign(new Error(`Only the student's advisor or the coordinator may tick this checklist.`), { code: '42501' });
  return {
    read: (studentId) => read(pool, studentId),
    tick: (studentId, itemId, done, who) =>
      write(who, async (client) => {
        const locked = await client.query(`SELECT 1 FROM students WHERE id = $1 FOR UPDATE`, [studentId]);
        const ticks = await read(client, studentId);
        if (!locked.rowCount || ticks === null) {
          // Visible but not theirs (row-level security): refused. Not there at all: nothing to tick.
          if ((await client.query(`SELECT 1 FROM students WHERE id = $1`, [studentId])).rowCount) throw notAllowed();
          return false;
        }
        if (!!ticks[itemId] === done) return false;
        if (done) {
          const by = (await client.query<{ name: string }>(`SELECT office_user_name() AS name`)).rows[0].name;
          ticks[itemId] = { doneAt: new Date().toISOString(), doneBy: by };
        } else delete ticks[itemId];
        const u = await client.query(`UPDATE students SET checklist = $2::jsonb, updated_at = now() WHERE id = $1`, [studentId, JSON.stringify(ticks)]);
        if (u.rowCount !== 1) throw notAllowed();
        return true;
      }),
  };
}
