/**
 * Seeding real databases for the flags integration tests: students and exam history written
 * through the same db functions the app uses (so they are audited like real data).
 */
import fs from 'node:fs';
import type { ExamAttemptInput, PracticeExamInput, Student } from '../../src/shared/domain';
import { insertAttempt, insertPractice } from '../../src/main/db/attempts';
import type { Db } from '../../src/main/db/open';
import { insertStudent } from '../../src/main/db/students';
import { tempDatabase } from '../helpers';
import { student as baseStudent } from '../unit/rules-fixtures';

export const WHO = { actor: 'test-seed', context: 'test fixture' };

/** A plain student (no flags on their own), under the given ID and last name. */
export function makeStudent(id: string, over: Partial<Student> = {}): Student {
  return baseStudent({ id, firstName: 'Test', lastName: id, ...over });
}

export type SeedAttempt = Omit<ExamAttemptInput, 'studentId' | 'attemptOrder'> & { attemptOrder?: number | null };
export type SeedPractice = Omit<PracticeExamInput, 'studentId'>;

export function seed(db: Db, student: Student, attempts: SeedAttempt[] = [], practice: SeedPractice[] = []): void {
  db.transaction(() => {
    insertStudent(db, student, WHO);
    for (const a of attempts) insertAttempt(db, { attemptOrder: null, ...a, studentId: student.id }, WHO);
    for (const p of practice) insertPractice(db, { ...p, studentId: student.id }, WHO);
  })();
}

/** A fresh database file per test, closed and removed afterwards. */
export function databases() {
  const open: { db: Db; dir: string }[] = [];
  return {
    async create() {
      const t = await tempDatabase();
      open.push(t);
      return t;
    },
    cleanup() {
      while (open.length) {
        const { db, dir } = open.pop()!;
        db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export function auditRows(db: Db, entity: string) {
  return db.prepare(`SELECT actor, action, entity_id AS entityId, field, old_value AS oldValue, new_value AS newValue, context FROM audit_log WHERE entity = ? ORDER BY id`).all(entity) as {
    actor: string;
    action: string;
    entityId: string;
    field: string | null;
    oldValue: string | null;
    newValue: string | null;
    context: string | null;
  }[];
}
