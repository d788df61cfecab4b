import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { up } from '../../src/main/db/migrations/0001-initial';
import { SETTINGS as SCHEMA_1_SETTINGS } from '../../src/main/store/migrations/0001-reference-rows';
import { DEFAULT_SETTINGS, DEFAULT_SPECIALTIES } from '../../src/shared/rules/reference-defaults';

describe('migration 0001 (initial schema)', () => {
  it('creates every domain table and seeds the RULES.md reference data', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    up(db);
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(['action_items', 'advising_notes', 'audit_log', 'exam_attempts', 'practice_exams', 'programs', 'saved_filters', 'settings', 'specialties', 'students']);
    expect((db.prepare('SELECT count(*) AS n FROM settings').get() as { n: number }).n).toBe(SCHEMA_1_SETTINGS.length);
    expect((db.prepare('SELECT count(*) AS n FROM specialties').get() as { n: number }).n).toBe(DEFAULT_SPECIALTIES.length);
    const ent = db.prepare(`SELECT reference_ck, tier FROM specialties WHERE name = 'otolaryngology (ent)'`).get();
    expect(ent).toEqual({ reference_ck: 261, tier: 'highly' });
  });

  it('enforces referential integrity and the domain checks', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    up(db);
    const now = '2026-01-01T00:00:00Z';
    expect(() =>
      db.prepare(`INSERT INTO exam_attempts (student_id, exam, outcome, created_at) VALUES ('nobody', 'STEP1', 'PASS', ?)`).run(now),
    ).toThrow(/FOREIGN KEY/);
    db.prepare(`INSERT INTO students (id, first_name, last_name, grad_year, created_at, updated_at) VALUES ('S1', 'A', 'B', 2027, ?, ?)`).run(now, now);
    expect(() => db.prepare(`INSERT INTO exam_attempts (student_id, exam, outcome, created_at) VALUES ('S1', 'STEP9', 'PASS', ?)`).run(now)).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO exam_attempts (student_id, exam, created_at) VALUES ('S1', 'STEP1', ?)`).run(now)).toThrow(/CHECK/);
    db.prepare(`INSERT INTO exam_attempts (student_id, exam, outcome, created_at) VALUES ('S1', 'STEP1', 'PASS', ?)`).run(now);
    db.prepare(`DELETE FROM students WHERE id = 'S1'`).run();
    expect((db.prepare('SELECT count(*) AS n FROM exam_attempts').get() as { n: number }).n).toBe(0);
  });
});
