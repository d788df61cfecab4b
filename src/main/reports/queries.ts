/**
 * The read-only queries the committee workbook needs beyond the students' snapshots: every
 * student's next follow-up from advising notes and action items. (One student's notes come from
 * db/notes.ts; the Reports page's choices from the store's dashboard options.)
 */
import type { Db } from '../db/open';

export interface FollowUp {
  /** Earliest note follow-up or open action-item due date on or after the as-of date. */
  next: string | null;
  /** Open action items whose due date is before the as-of date. */
  overdue: number;
}

/** Follow-ups of every student who has any, keyed by student ID: two grouped scans, not a query per student. */
export function followUpsByStudent(db: Db, asOf: string): Map<string, FollowUp> {
  const out = new Map<string, FollowUp>();
  const get = (id: string) => {
    let f = out.get(id);
    if (!f) out.set(id, (f = { next: null, overdue: 0 }));
    return f;
  };
  const earlier = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);
  const notes = db
    .prepare(`SELECT student_id AS id, min(follow_up_date) AS next FROM advising_notes WHERE follow_up_date >= @asOf GROUP BY student_id`)
    .all({ asOf }) as { id: string; next: string }[];
  for (const n of notes) get(n.id).next = earlier(get(n.id).next, n.next);
  const items = db
    .prepare(
      `SELECT n.student_id AS id,
              min(CASE WHEN i.due_date >= @asOf THEN i.due_date END) AS next,
              sum(CASE WHEN i.due_date < @asOf THEN 1 ELSE 0 END) AS overdue
       FROM action_items i JOIN advising_notes n ON n.id = i.note_id
       WHERE i.done = 0
       GROUP BY n.student_id`,
    )
    .all({ asOf }) as { id: string; next: string | null; overdue: number }[];
  for (const i of items) {
    const f = get(i.id);
    f.next = earlier(f.next, i.next);
    f.overdue += i.overdue;
  }
  return out;
}
