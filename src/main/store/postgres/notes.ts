/**
 * Advising notes on an office database. The database signs them: a note's author, and who marked a
 * follow-up or an action item done, are the session's office name (migrations 0005 and 0006,
 * whatever the client sends), it audits every write, and row-level security decides whose notes a
 * person may read and change (an advisor: their own students'; the dean: all, writing their own).
 */
import type pg from 'pg';
import type { ActionItem, AdvisingNote } from '../../../shared/domain';
import type { AuditContext } from '../../db/audit';
import type { NoteHead, NotesStore } from '../store';
import type { Queryable } from './queryable';

const NOTE = `id, student_id AS "studentId", author, created_at AS "createdAt", body, follow_up_date AS "followUpDate",
  follow_up_done_at AS "followUpDoneAt", follow_up_done_by AS "followUpDoneBy"`;
const ITEM = `a.id, a.note_id AS "noteId", a.text, a.due_date AS "dueDate", a.done, a.done_at AS "doneAt", a.done_by AS "doneBy"`;

type Write = <R>(who: AuditContext, fn: (client: pg.PoolClient) => Promise<R>) => Promise<R>;

/** A refusal in PostgreSQL's own terms, for a row the session may not change (row-level security hides it). */
function notAllowed(what: string): Error {
  return Object.assign(new Error(`Only the student's advisor, the dean or the coordinator may change this ${what}.`), { code: '42501' });
}

async function changedOne(client: pg.PoolClient, sql: string, params: unknown[], what: string): Promise<void> {
  const r = await client.query(sql, params);
  if (r.rowCount !== 1) throw notAllowed(what);
}

async function insertItem(client: pg.PoolClient, noteId: number, item: { text: string; dueDate: string | null; done: boolean }, who: AuditContext): Promise<void> {
  await client.query(`INSERT INTO action_items (note_id, text, due_date, done, done_at, done_by) VALUES ($1, $2, $3, $4, CASE WHEN $4 THEN now() END, CASE WHEN $4 THEN $5 END)`, [
    noteId,
    item.text,
    item.dueDate,
    item.done,
    who.actor,
  ]);
}

export function notesStore(pool: pg.Pool, write: Write): NotesStore {
  const get = async (db: Queryable, id: number) => ((await db.query<NoteHead>(`SELECT ${NOTE} FROM advising_notes WHERE id = $1`, [id])).rows[0] as NoteHead | undefined) ?? null;
  return {
    async list(studentId) {
      const notes = (await pool.query<NoteHead>(`SELECT ${NOTE} FROM advising_notes WHERE student_id = $1 ORDER BY created_at DESC, id DESC`, [studentId])).rows;
      const items = (await pool.query<ActionItem>(`SELECT ${ITEM} FROM action_items a JOIN advising_notes n ON n.id = a.note_id WHERE n.student_id = $1 ORDER BY a.id`, [studentId])).rows;
      const byNote = new Map<number, ActionItem[]>();
      for (const i of items) byNote.set(i.noteId, [...(byNote.get(i.noteId) ?? []), i]);
      return notes.map((n): AdvisingNote => ({ ...n, actionItems: byNote.get(n.id) ?? [] }));
    },
    get: (id) => get(pool, id),
    add: (note, who) =>
      write(who, async (client) => {
        const r = await client.query<{ id: number }>(
          `INSERT INTO advising_notes (student_id, author, created_at, body, follow_up_date) VALUES ($1, $2, now(), $3, $4) RETURNING id`,
          [note.studentId, who.actor, note.body, note.followUpDate],
        );
        for (const item of note.actionItems) await insertItem(client, r.rows[0].id, item, who);
      }),
    update: (before, after, who) =>
      write(who, async (client) => {
        if (before.body === after.body && before.followUpDate === after.followUpDate) return;
        // A follow-up moved to another date is a new one: open again.
        const reopen = before.followUpDate !== after.followUpDate && before.followUpDoneAt !== null;
        await changedOne(
          client,
          `UPDATE advising_notes SET body = $2, follow_up_date = $3${reopen ? ', follow_up_done_at = NULL, follow_up_done_by = NULL' : ''} WHERE id = $1`,
          [before.id, after.body, after.followUpDate],
          'note',
        );
      }),
    setFollowUpDone: (before, done, who) =>
      write(who, async (client) => {
        if ((before.followUpDoneAt !== null) === done) return;
        await changedOne(
          client,
          `UPDATE advising_notes SET follow_up_done_at = ${done ? 'now()' : 'NULL'}, follow_up_done_by = $2 WHERE id = $1`,
          [before.id, done ? who.actor : null],
          'follow-up',
        );
      }),
    remove: (id, who) => write(who, (client) => changedOne(client, `DELETE FROM advising_notes WHERE id = $1`, [id], 'note')),
    item: async (id) => ((await pool.query<ActionItem>(`SELECT ${ITEM} FROM action_items a WHERE a.id = $1`, [id])).rows[0] as ActionItem | undefined) ?? null,
    addItem: (noteId, item, who) => write(who, (client) => insertItem(client, noteId, item, who)),
    setItemDone: (before, done, who) =>
      write(who, async (client) => {
        if (before.done === done) return;
        await changedOne(client, `UPDATE action_items SET done = $2, done_at = ${done ? 'now()' : 'NULL'}, done_by = $3 WHERE id = $1`, [before.id, done, done ? who.actor : null], 'action item');
      }),
    removeItem: (before, who) => write(who, (client) => changedOne(client, `DELETE FROM action_items WHERE id = $1`, [before.id], 'action item')),
  };
}
