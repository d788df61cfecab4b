import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RosterQuery, type RosterQuery as RosterQueryInput } from '../../src/shared/api/students';
import { addDays } from '../../src/shared/domain';
import { rosterPage } from '../../src/main/cohort/roster';
import { ensureCohortIndex } from '../../src/main/cohort/status-index';
import { atRiskStudents, ckBySpecialty, classTimeline, cohortCounts, dashboardOptions, riskByClass, upcomingFollowUps } from '../../src/main/db/dashboard';
import type { Db } from '../../src/main/db/open';
import { loadDemoCohort } from '../../src/main/demo/load';
import { tempDatabase } from '../helpers';

/**
 * The roster and dashboard queries must reach their rows through the intended indexes: a full scan or a
 * sort of 100,000 rows per scroll step is what makes a screen stutter. Each query is captured as the
 * real code prepares it, then explained with the same parameters.
 */
const AS_OF = '2026-11-26';
let db: Db;
beforeAll(async () => {
  ({ db } = await tempDatabase());
  loadDemoCohort(db, { students: 300, seed: 5, asOf: AS_OF }, { actor: 'seed', context: 'demo cohort' });
  // Two years of session notes, most with a follow-up date, so the planner has a real choice to make.
  const addNote = db.prepare(`INSERT INTO advising_notes (student_id, author, created_at, body, follow_up_date) VALUES (?, 'x', ?, 'session', ?)`);
  const addItem = db.prepare(`INSERT INTO action_items (note_id, text, due_date, done) VALUES (?, 'call', ?, ?)`);
  for (let i = 0; i < 3000; i++) {
    const day = addDays('2025-01-01', i % 700);
    const { lastInsertRowid } = addNote.run(`S${String((i % 300) + 1).padStart(5, '0')}`, day, i % 4 ? addDays(day, 30) : null);
    addItem.run(lastInsertRowid, addDays(day, 20), i % 10 ? 1 : 0);
  }
  db.exec('ANALYZE');
});
afterAll(() => db.close());

interface Captured {
  sql: string;
  args: unknown[];
}

/** Runs fn with db.prepare wrapped so every statement it reads with is recorded with its arguments. */
function capture(fn: () => unknown): Captured[] {
  const seen: Captured[] = [];
  const original = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const stmt = original(sql);
    for (const method of ['all', 'get', 'iterate'] as const) {
      const run = stmt[method].bind(stmt) as (...a: unknown[]) => unknown;
      (stmt as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        seen.push({ sql, args });
        return run(...args);
      };
    }
    return stmt;
  }) as typeof db.prepare;
  try {
    fn();
  } finally {
    db.prepare = original as typeof db.prepare;
  }
  return seen;
}

function plan(q: Captured): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.args) as { detail: string }[]).map((r) => r.detail).join('\n');
}

function plansOf(fn: () => unknown, match: RegExp): string[] {
  return capture(fn)
    .filter((q) => match.test(q.sql))
    .map(plan);
}

const roster = (q: RosterQueryInput) => () => rosterPage(db, RosterQuery.parse({ asOf: AS_OF, limit: 200, ...q }));

describe('query plans of the roster and dashboard', () => {
  it('the default roster (by name) walks students_by_name and never sorts', () => {
    const [page] = plansOf(roster({ sort: 'name' }), /FROM students s[\s\S]*ORDER BY/);
    expect(page).toMatch(/SCAN s USING (COVERING )?INDEX students_by_name/);
    // Only ties of the same name are ordered by ID on the fly ("LAST TERM"), never the whole table.
    expect(page).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
    const [byId] = plansOf(roster({ sort: 'id', direction: 'desc' }), /FROM students s[\s\S]*ORDER BY/);
    expect(byId).toMatch(/SCAN s USING (COVERING )?INDEX sqlite_autoindex_students_1/);
    expect(byId).not.toMatch(/TEMP B-TREE/);
  });

  it('a class filter on the stored roster searches students_by_grad_year', () => {
    const [count] = plansOf(roster({ gradYears: [2027] }), /count\(\*\)/);
    // Archived students are left out on the same index (migration 0007).
    expect(count).toMatch(/SEARCH s USING COVERING INDEX students_by_grad_year \(grad_year=\? AND archived_at=\?\)/);
  });

  it('sorting by risk walks the cohort index in risk order; a risk filter searches it', () => {
    ensureCohortIndex(db, AS_OF);
    const [bySort] = plansOf(roster({ sort: 'risk' }), /FROM temp.cohort_status c[\s\S]*ORDER BY/);
    expect(bySort).toMatch(/SEARCH c USING INDEX cohort_status_by_risk \(as_of=\?\)/);
    expect(bySort).not.toMatch(/TEMP B-TREE/);
    const [filtered] = plansOf(roster({ risk: ['high'], sort: 'name' }), /FROM temp.cohort_status c[\s\S]*ORDER BY/);
    expect(filtered).toMatch(/SEARCH c USING INDEX cohort_status_by_risk \(as_of=\? AND risk_order=\?\)/);
    expect(filtered).not.toMatch(/TEMP B-TREE/);
    // A Step 1 or CK filter sorts only its matches by name (no index of its own: cheaper to build).
    const [byName] = plansOf(roster({ step1: 'failed', sort: 'name' }), /FROM temp.cohort_status c[\s\S]*ORDER BY/);
    expect(byName).toMatch(/SEARCH c USING INDEX cohort_status_by_\w+ \(as_of=\?/);
  });

  it('a roster page of stored fields reads its students conclusions from the index by key', () => {
    ensureCohortIndex(db, AS_OF);
    const [lookup] = plansOf(roster({ sort: 'name' }), /student_id IN/);
    expect(lookup).toMatch(/SEARCH c USING INDEX cohort_status_by_student \(as_of=\? AND student_id=\?\)/);
  });

  it('dashboard aggregates read covering cohort indexes by date (and class), streaming groups without sorting', () => {
    ensureCohortIndex(db, AS_OF);
    const noSort = (p: string) => expect(p).not.toMatch(/TEMP B-TREE/);
    const [all] = plansOf(() => cohortCounts(db, {}, AS_OF), /FROM temp.cohort_status/);
    expect(all).toMatch(/SEARCH c USING COVERING INDEX cohort_status_by_class \(as_of=\?\)/);
    noSort(all);
    const [byClass] = plansOf(() => cohortCounts(db, { gradYears: [2027] }, AS_OF), /FROM temp.cohort_status/);
    expect(byClass).toMatch(/SEARCH c USING COVERING INDEX cohort_status_by_class \(as_of=\? AND grad_year=\?\)/);
    noSort(byClass);
    const [perClass] = plansOf(() => riskByClass(db, {}, AS_OF), /GROUP BY/);
    expect(perClass).toMatch(/SEARCH c USING COVERING INDEX cohort_status_by_class \(as_of=\?\)/);
    noSort(perClass);
    const [timeline] = plansOf(() => classTimeline(db, {}, AS_OF, 2027, '2026-08-26'), /FROM temp.cohort_status/);
    expect(timeline).toMatch(/SEARCH c USING COVERING INDEX cohort_status_by_ck_date \(as_of=\? AND grad_year=\?\)/);
    noSort(timeline);
    const atRisk = plansOf(() => atRiskStudents(db, {}, AS_OF, 0, 50), /risk_order < 4/);
    for (const p of atRisk) expect(p).toMatch(/SEARCH c USING (COVERING )?INDEX cohort_status_by_risk \(as_of=\? AND risk_order<\?\)/);
    const [specialties] = plansOf(() => ckBySpecialty(db, {}, AS_OF), /GROUP BY/);
    expect(specialties).toMatch(/SEARCH c USING COVERING INDEX cohort_status_by_target \(as_of=\?\)/);
    // Only the few dozen specialty groups are ordered (by reference score), never the students.
    expect(specialties).not.toMatch(/TEMP B-TREE FOR GROUP BY/);
  });

  it('upcoming follow-ups search notes by follow-up date', () => {
    const [p] = plansOf(() => upcomingFollowUps(db, {}, AS_OF, '2026-12-26', 50), /UNION ALL/);
    // Overdue follow-ups stay until marked done, so most notes with a follow-up qualify: the notes are
    // read first (by their date index, or whole where that is cheaper), never every student.
    expect(p).toMatch(/(SEARCH n USING INDEX advising_notes_by_follow_up|SCAN n\b)/);
    expect(p).not.toMatch(/SCAN s\b/);
    expect(p).toMatch(/SEARCH s USING INDEX sqlite_autoindex_students_1 \(id=\?\)/);
  });

  it('the filter choices come from covering indexes, not from scanning the students table', () => {
    const plans = plansOf(() => dashboardOptions(db), /FROM students/);
    expect(plans[0]).toMatch(/students_by_grad_year/);
    expect(plans[1]).toMatch(/students_by_advisor/);
    expect(plans[2]).toMatch(/students_by_target/);
  });
});
