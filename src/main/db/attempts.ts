import type { ExamAttempt, ExamAttemptInput, PracticeExam, PracticeExamInput } from '../../shared/domain';
import { auditChanges, deletedRecord, writeAudit, type AuditContext } from './audit';
import type { Db } from './open';
import { ATTEMPT_COLUMNS, PRACTICE_COLUMNS, attemptFromRow, practiceFromRow } from './students';

export function insertAttempt(db: Db, a: ExamAttemptInput, who: AuditContext, source: string | null = null): ExamAttempt {
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO exam_attempts (student_id, exam, test_date, outcome, score, attempt_order, source, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(a.studentId, a.exam, a.testDate, a.outcome, a.score, a.attemptOrder, source, new Date().toISOString());
  const saved = { ...a, id: Number(lastInsertRowid) };
  writeAudit(db, who, { action: 'insert', entity: 'exam_attempt', entityId: String(saved.id), newValue: saved });
  return saved;
}

export function getAttempt(db: Db, id: number): ExamAttempt | null {
  const row = db.prepare(`SELECT ${ATTEMPT_COLUMNS} FROM exam_attempts WHERE id = ?`).get(id);
  return row ? attemptFromRow(row as Parameters<typeof attemptFromRow>[0]) : null;
}

export function updateAttempt(db: Db, before: ExamAttempt, after: ExamAttempt, who: AuditContext): string[] {
  const changed = auditChanges(db, who, 'exam_attempt', String(before.id), before, after);
  if (changed.length)
    db.prepare(`UPDATE exam_attempts SET exam = ?, test_date = ?, outcome = ?, score = ?, attempt_order = ? WHERE id = ?`).run(
      after.exam,
      after.testDate,
      after.outcome,
      after.score,
      after.attemptOrder,
      before.id,
    );
  return changed;
}

export function deleteAttempt(db: Db, id: number, who: AuditContext): boolean {
  const before = getAttempt(db, id);
  if (!before) return false;
  const kept = deletedRecord(db, 'exam_attempts', id, before);
  db.prepare('DELETE FROM exam_attempts WHERE id = ?').run(id);
  writeAudit(db, who, { action: 'delete', entity: 'exam_attempt', entityId: String(id), oldValue: kept });
  return true;
}

export function insertPractice(db: Db, p: PracticeExamInput, who: AuditContext, source: string | null = null): PracticeExam {
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO practice_exams (student_id, exam, form, taken_on, score, pass_probability, source, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(p.studentId, p.exam, p.form, p.takenOn, p.score, p.passProbability, source, new Date().toISOString());
  const saved = { ...p, id: Number(lastInsertRowid) };
  writeAudit(db, who, { action: 'insert', entity: 'practice_exam', entityId: String(saved.id), newValue: saved });
  return saved;
}

export function getPractice(db: Db, id: number): PracticeExam | null {
  const row = db.prepare(`SELECT ${PRACTICE_COLUMNS} FROM practice_exams WHERE id = ?`).get(id);
  return row ? practiceFromRow(row as Parameters<typeof practiceFromRow>[0]) : null;
}

export function updatePractice(db: Db, before: PracticeExam, after: PracticeExam, who: AuditContext): string[] {
  const changed = auditChanges(db, who, 'practice_exam', String(before.id), before, after);
  if (changed.length)
    db.prepare(`UPDATE practice_exams SET exam = ?, form = ?, taken_on = ?, score = ?, pass_probability = ? WHERE id = ?`).run(
      after.exam,
      after.form,
      after.takenOn,
      after.score,
      after.passProbability,
      before.id,
    );
  return changed;
}

export function deletePractice(db: Db, id: number, who: AuditContext): boolean {
  const before = getPractice(db, id);
  if (!before) return false;
  const kept = deletedRecord(db, 'practice_exams', id, before);
  db.prepare('DELETE FROM practice_exams WHERE id = ?').run(id);
  writeAudit(db, who, { action: 'delete', entity: 'practice_exam', entityId: String(id), oldValue: kept });
  return true;
}
