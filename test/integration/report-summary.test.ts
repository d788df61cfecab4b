import { chartLines } from '../../src/shared/practice-lines';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUMMARY_LIMITS } from '../../src/shared/api/reports';
import { insertAttempt, insertPractice } from '../../src/main/db/attempts';
import { insertNote } from '../../src/main/db/notes';
import type { Db } from '../../src/main/db/open';
import { invoke } from '../../src/main/handlers';
import type { HandlerContext } from '../../src/main/handlers/context';
import { tempDatabase } from '../helpers';
import { AS_OF, seedReportDatabase } from './report-fixture';

let db: Db;
let ctx: HandlerContext;
const who = { actor: 'Dr. Brennan', context: 'summary test' };

beforeAll(async () => {
  ({ db, ctx } = await tempDatabase());
  seedReportDatabase(db, 20);
  // X-1002 gets a long history: more attempts, practice results and action items than one page holds.
  db.transaction(() => {
    for (let i = 0; i < 10; i++)
      insertAttempt(db, { studentId: 'X-1002', exam: 'STEP2CK', testDate: `2025-0${(i % 9) + 1}-1${i % 9}`, outcome: 'FAIL', score: 200 + i, attemptOrder: null }, who);
    for (let i = 0; i < 15; i++)
      insertPractice(db, { studentId: 'X-1002', exam: 'STEP2CK', form: `NBME ${i + 1}`, takenOn: `2026-${String((i % 9) + 1).padStart(2, '0')}-0${(i % 8) + 1}`, score: 220 + i, passProbability: null }, who);
    insertNote(db, { studentId: 'X-1002', body: 'x'.repeat(2000), followUpDate: null, actionItems: Array.from({ length: 9 }, (_, i) => ({ text: `Item ${i + 1}`, dueDate: `2026-12-${String(i + 10)}`, done: false })) }, who, '2026-11-20T10:00:00.000Z');
  })();
});
afterAll(() => db.close());

describe('reports.studentSummary', () => {
  it('gathers profile, exam history, flags with actions, open action items and the timeline facts', async () => {
    const r = await invoke(ctx, 'reports.studentSummary', { id: 'X-1001', asOf: AS_OF });
    if (!r.ok) throw new Error(r.error.message);
    const s = r.value;
    expect(s.student.firstName).toBe('Zebulon');
    expect(s.applicantTypeLabel).toBe('US MD');
    expect(s.evaluation.flags.map((f) => f.code)).toEqual(['CK_BELOW_TARGET', 'DUAL_APPLY_ADVISED', 'STEP1_FAIL']);
    expect(s.evaluation.flags[0].actions.length).toBeGreaterThan(0);
    expect(s.evaluation.facts).toMatchObject({ reviewDate: '2026-09-23', ckSafeDate: '2026-08-26', step1Deadline: '2025-07-31' });
    // Most recent first, with the rules' reading of each.
    expect(s.attempts.map((a) => [a.exam, a.testDate, a.standing])).toEqual([
      ['STEP2CK', '2026-07-01', 'Passed'],
      ['STEP1', '2025-07-20', 'Passed'],
      ['STEP1', '2025-05-01', 'Failed'],
    ]);
    // The done item is not listed; the overdue one is marked and comes first.
    expect(s.openActionItems.map((i) => [i.text, i.dueDate, i.overdue])).toEqual([
      ['Draft the Step 1 explanation', '2026-11-10', true],
      ['Add a backup specialty', '2026-12-05', false],
    ]);
    expect(s.nextFollowUp).toBe('2026-12-05');
    expect(s.latestNote).toMatchObject({ author: 'fixture', followUpDate: '2026-12-10' });
    // The lines the student page's chart draws, the pass lines included (students.practiceLines).
    const page = await invoke(ctx, 'students.practiceLines', { id: 'X-1001', asOf: AS_OF });
    if (!page.ok) throw new Error(page.error.message);
    const { exams: _exams, ...onScreen } = page.value;
    expect(s.lines).toEqual(onScreen);
    expect(chartLines('STEP2CK', s.lines)).toEqual([
      { y: 218, label: 'Pass 218', kind: 'pass' },
      { y: 258, label: 'Dermatology reference 258', kind: 'target' },
    ]);
    expect(chartLines('STEP1', s.lines)).toEqual([
      { y: 196, label: 'Pass standard 196', kind: 'pass' },
      { y: 206, label: 'Readiness 206', kind: 'readiness' },
    ]);
    expect(chartLines('STEP1_PROBABILITY', s.lines)).toEqual([{ y: 70, label: 'Readiness 70%', kind: 'readiness' }]);
  });

  it('keeps to one page: long histories are cut to the most recent, and what is left out is counted', async () => {
    const r = await invoke(ctx, 'reports.studentSummary', { id: 'X-1002', asOf: AS_OF });
    if (!r.ok) throw new Error(r.error.message);
    const s = r.value;
    expect(s.attempts).toHaveLength(SUMMARY_LIMITS.attempts);
    expect(s.attemptsOmitted).toBe(11 - SUMMARY_LIMITS.attempts);
    expect(s.practice).toHaveLength(SUMMARY_LIMITS.practice);
    expect(s.practiceOmitted).toBe(15 - SUMMARY_LIMITS.practice);
    expect(s.practice.map((p) => p.takenOn)).toEqual([...s.practice.map((p) => p.takenOn)].sort());
    expect(s.openActionItems).toHaveLength(SUMMARY_LIMITS.actionItems);
    expect(s.actionItemsOmitted).toBe(9 - SUMMARY_LIMITS.actionItems);
    expect(s.latestNote!.body.length).toBe(SUMMARY_LIMITS.noteChars);
    expect(chartLines('STEP2CK', s.lines).map((l) => l.label)).toEqual(['Pass 218', 'National mean 251']);
  });

  it('says the enrolment status on the as-of date: a leave with its dates, active again after it, archived when so', async () => {
    const summary = async (asOf: string) => {
      const r = await invoke(ctx, 'reports.studentSummary', { id: 'X-1003', asOf });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.enrolment;
    };
    expect(await summary(AS_OF)).toEqual({ status: 'active', since: null, until: null, archivedAt: null });
    const leave = await invoke(ctx, 'enrolment.change', { studentId: 'X-1003', status: 'leave', effectiveFrom: '2026-10-01', endsOn: '2027-01-31', note: null });
    if (!leave.ok) throw new Error(leave.error.message);
    expect(await summary('2026-12-01')).toEqual({ status: 'leave', since: '2026-10-01', until: '2027-01-31', archivedAt: null });
    expect(await summary('2027-02-15')).toEqual({ status: 'active', since: '2027-02-01', until: null, archivedAt: null });
    const archived = await invoke(ctx, 'students.archive', { id: 'X-1003' });
    if (!archived.ok) throw new Error(archived.error.message);
    expect((await summary('2026-12-01')).archivedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('answers an unknown student with NOT_FOUND and bad input with INVALID_INPUT', async () => {
    expect(await invoke(ctx, 'reports.studentSummary', { id: 'NOPE' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'No student with ID NOPE' } });
    expect(await invoke(ctx, 'reports.studentSummary', { id: 'X-1001', asOf: '26/11/2026' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
