/**
 * What a re-import does to exam attempts and practice exams already recorded: a blank cell never
 * erases a stored score, and every update (not only every insert) is written to the audit log with
 * who, which record, which field, the old value and the new one. Real xlsx workbooks through the
 * real import dispatcher into a real SQLite file.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/main/db/open';
import { attempts, commit, practice, preview, xlsx, freshDatabases } from './import-support';

const database = freshDatabases();

/** A template workbook from rows per sheet (header first). */
const workbook = (sheets: Record<string, unknown[][]>) =>
  xlsx((wb) => {
    for (const [name, rows] of Object.entries(sheets)) {
      const ws = wb.addWorksheet(name);
      rows.forEach((r) => ws.addRow(r));
    }
  });

const STUDENTS = ['Student ID', 'First name', 'Last name', 'Email', 'Graduation year'];
const EXAMS = ['Student ID', 'Exam', 'Date', 'Result', 'Score'];
const PRACTICE = ['Student ID', 'Exam', 'Form', 'Date', 'Score', 'Pass probability (%)'];

interface AuditRow {
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
}

/** The audit rows one import wrote (its context is "import <file name>"). */
/** The audit rows an import wrote about records: every row with its context but the one row of its batch (checked to be there, once). */
const auditOfImport = (db: Db, fileName: string) => {
  const rows = db
    .prepare(
      `SELECT actor, action, entity, entity_id AS entityId, field, old_value AS oldValue, new_value AS newValue FROM audit_log
       WHERE context = ? ORDER BY id`,
    )
    .all(`import ${fileName}`) as AuditRow[];
  expect(rows.filter((r) => r.entity === 'import_batch').map((r) => r.action), `${fileName}: one batch row`).toEqual(['insert']);
  return rows.filter((r) => r.entity !== 'import_batch');
};

const practiceId = (db: Db, form: string) => String((db.prepare('SELECT id FROM practice_exams WHERE form = ?').get(form) as { id: number }).id);
const attemptId = (db: Db, exam: string, date: string) =>
  String((db.prepare('SELECT id FROM exam_attempts WHERE exam = ? AND test_date = ?').get(exam, date) as { id: number }).id);

describe('re-importing practice exams with blank cells', () => {
  it('keeps a stored practice score when the score cell is blank (empty, empty text or spaces), while other cells still update', async () => {
    const { db, ctx } = await database();
    const first = await workbook({
      Students: [STUDENTS, ['P1', 'Pia', 'Lund', null, 2027]],
      Practice: [
        PRACTICE,
        ['P1', 'Step 2 CK', 'NBME 29', '2026-01-10', 225, 60],
        ['P1', 'Step 2 CK', 'NBME 30', '2026-02-01', 232, 68],
        ['P1', 'Step 2 CK', 'NBME 31', '2026-03-01', 240, null],
      ],
    });
    expect((await commit(ctx, first, 'first.xlsx')).practice).toEqual({ added: 3, updated: 0 });
    expect(practice(db)).toEqual([
      ['P1', 'STEP2CK', 'NBME 29', '2026-01-10', 225, 60],
      ['P1', 'STEP2CK', 'NBME 30', '2026-02-01', 232, 68],
      ['P1', 'STEP2CK', 'NBME 31', '2026-03-01', 240, null],
    ]);

    // The office's later sheet: scores left blank, one probability revised, one added.
    const later = await workbook({
      Practice: [
        PRACTICE,
        ['P1', 'Step 2 CK', 'NBME 29', '2026-01-10', '', 62],
        ['P1', 'Step 2 CK', 'NBME 30', '2026-02-01', null, 68],
        ['P1', 'Step 2 CK', 'NBME 31', '2026-03-01', '   ', 75],
      ],
    });
    const p = await preview(ctx, later, 'later.xlsx');
    expect(p.changes.updatedPractice.map((c) => [c.form, c.fields.map((f) => [f.field, f.from, f.to])])).toEqual([
      ['NBME 29', [['passProbability', '60', '62']]],
      ['NBME 31', [['passProbability', null, '75']]],
    ]);
    const r = await commit(ctx, later, 'later.xlsx');
    expect(r).toMatchObject({ committed: true, errors: [], practice: { added: 0, updated: 2 } });
    expect(practice(db)).toEqual([
      ['P1', 'STEP2CK', 'NBME 29', '2026-01-10', 225, 62],
      ['P1', 'STEP2CK', 'NBME 30', '2026-02-01', 232, 68],
      ['P1', 'STEP2CK', 'NBME 31', '2026-03-01', 240, 75],
    ]);
    // No audit row says a score changed.
    expect(auditOfImport(db, 'later.xlsx').filter((a) => a.field === 'score')).toEqual([]);

    // The same blank-score sheet a second time changes nothing at all.
    expect((await commit(ctx, later, 'later-again.xlsx')).practice).toEqual({ added: 0, updated: 0 });
    expect(practice(db).map((row) => row[4])).toEqual([225, 232, 240]);
  });
});

describe('auditing what a re-import updates', () => {
  it('writes one row per changed field of an exam attempt, with old and new values', async () => {
    const { db, ctx } = await database();
    await commit(
      ctx,
      await workbook({
        Students: [STUDENTS, ['A1', 'Al', 'Bo', null, 2027]],
        Exams: [EXAMS, ['A1', 'Step 2 CK', '2026-03-01', 'Scheduled', null], ['A1', 'Step 1', '2025-05-01', 'Fail', null]],
      }),
      'booked.xlsx',
    );
    const ck = attemptId(db, 'STEP2CK', '2026-03-01');
    const step1 = attemptId(db, 'STEP1', '2025-05-01');
    // Added records are stamped with their import's batch, not audited one by one.
    expect(auditOfImport(db, 'booked.xlsx')).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM exam_attempts WHERE import_batch IS NULL').pluck().get()).toBe(0);

    const r = await commit(
      ctx,
      await workbook({ Exams: [EXAMS, ['A1', 'Step 2 CK', '2026-03-01', null, 241], ['A1', 'Step 1', '2025-05-01', 'Fail', null]] }),
      'scored.xlsx',
    );
    expect(r.exams).toEqual({ added: 0, updated: 1 });
    expect(attempts(db)).toEqual([
      ['A1', 'STEP1', '2025-05-01', 'FAIL', null, null],
      ['A1', 'STEP2CK', '2026-03-01', null, 241, null],
    ]);
    // The released score: the booking's "Scheduled" cleared (judged by the score) and the score set.
    expect(auditOfImport(db, 'scored.xlsx')).toEqual([
      { actor: 'test-advisor', action: 'update', entity: 'exam_attempt', entityId: ck, field: 'outcome', oldValue: 'SCHEDULED', newValue: null },
      { actor: 'test-advisor', action: 'update', entity: 'exam_attempt', entityId: ck, field: 'score', oldValue: null, newValue: '241' },
    ]);

    // A corrected result a later file carries is audited the same way.
    await commit(ctx, await workbook({ Exams: [EXAMS, ['A1', 'Step 1', '2025-05-01', 'Pass', null]] }), 'corrected.xlsx');
    expect(auditOfImport(db, 'corrected.xlsx')).toEqual([
      { actor: 'test-advisor', action: 'update', entity: 'exam_attempt', entityId: step1, field: 'outcome', oldValue: 'FAIL', newValue: 'PASS' },
    ]);
  });

  it('writes one row per changed field of a practice exam, with old and new values', async () => {
    const { db, ctx } = await database();
    await commit(
      ctx,
      await workbook({
        Students: [STUDENTS, ['B1', 'Bea', 'Cruz', null, 2028]],
        Practice: [PRACTICE, ['B1', 'Step 1', 'NBME 30', '2026-01-10', null, 55], ['B1', 'Step 1', 'NBME 31', '2026-02-10', 70, 64]],
      }),
      'practice.xlsx',
    );
    const nbme30 = practiceId(db, 'NBME 30');
    const nbme31 = practiceId(db, 'NBME 31');

    const r = await commit(
      ctx,
      await workbook({ Practice: [PRACTICE, ['B1', 'Step 1', 'NBME 30', '2026-01-10', 66, 58], ['B1', 'Step 1', 'NBME 31', '2026-02-10', 70, 64]] }),
      'practice-scored.xlsx',
    );
    expect(r.practice).toEqual({ added: 0, updated: 1 });
    expect(practice(db)).toEqual([
      ['B1', 'STEP1', 'NBME 30', '2026-01-10', 66, 58],
      ['B1', 'STEP1', 'NBME 31', '2026-02-10', 70, 64],
    ]);
    expect(auditOfImport(db, 'practice-scored.xlsx')).toEqual([
      { actor: 'test-advisor', action: 'update', entity: 'practice_exam', entityId: nbme30, field: 'score', oldValue: null, newValue: '66' },
      { actor: 'test-advisor', action: 'update', entity: 'practice_exam', entityId: nbme30, field: 'passProbability', oldValue: '55', newValue: '58' },
    ]);
    // The unchanged row has no row of its own: its first import's batch stands for its insert.
    expect(db.prepare(`SELECT action FROM audit_log WHERE entity = 'practice_exam' AND entity_id = ?`).all(nbme31)).toEqual([]);
    expect(db.prepare('SELECT import_batch FROM practice_exams WHERE id = ?').pluck().get(nbme31)).toBe(
      Number(db.prepare(`SELECT entity_id FROM audit_log WHERE entity = 'import_batch' AND context = 'import practice.xlsx'`).pluck().get()),
    );
  });
});
