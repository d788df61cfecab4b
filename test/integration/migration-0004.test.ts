/**
 * Migration 0004 (COMLEX attempt limits, CK_LATE reminder days): a schema-3 database has none of the
 * settings the new rules read, so the rules refuse to run on it; after the upgrade it has them, with
 * their values and sources, every other row is as before, and the flags are those of a fresh database.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { up as initial } from '../../src/main/db/migrations/0001-initial';
import { up as second } from '../../src/main/db/migrations/0002-audit-deleted-by-student';
import { up as third } from '../../src/main/db/migrations/0003-import-batches';
import { up as fourth } from '../../src/main/db/migrations/0004-comlex-limits-ck-reminder';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/main/db/migrations';
import { openDatabase } from '../../src/main/db/open';
import { loadReferenceData } from '../../src/main/db/reference';
import { loadDemoCohort } from '../../src/main/demo/load';
import { cohortFlags } from '../../src/main/flags/cohort';
import { DEFAULT_SETTINGS } from '../../src/shared/rules/reference-defaults';
import { tempDir } from '../helpers';

const NEW_KEYS = ['comlex.attemptLimit', 'ckLate.unscheduledWarningDays'];
const AS_OF = '2026-05-01';
const settingsRows = (db: Database.Database) =>
  db.prepare(`SELECT key, effective_from AS effectiveFrom, kind, value, label, source, note FROM settings ORDER BY key, ifnull(effective_from, '')`).all();

/** A database as version 3 left it (the first migration seeds the rows of its own day: none of the new ones). */
function schema3(file: string, students: number): void {
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  initial(raw);
  second(raw);
  third(raw);
  raw.pragma('user_version = 3');
  if (students > 0) {
    // The demo generator evaluates the rules, which need the new settings: load the cohort into a
    // scratch schema-4 database and copy its rows across.
    const scratch = new Database(':memory:');
    initial(scratch);
    second(scratch);
    third(scratch);
    fourth(scratch);
    loadDemoCohort(scratch, { students, seed: 7, asOf: AS_OF }, { actor: 'v3', context: 'demo cohort' });
    for (const table of ['students', 'exam_attempts', 'practice_exams']) {
      const rows = scratch.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
      if (rows.length === 0) continue;
      const cols = Object.keys(rows[0]);
      const insert = raw.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`);
      for (const r of rows) insert.run(r);
    }
    scratch.close();
  }
  raw.close();
}

describe('migration 0004 (COMLEX attempt limits, CK_LATE reminder days)', () => {
  it('a schema-3 database lacks the settings: the rules refuse to run on it, naming the setting', () => {
    const file = path.join(tempDir(), 'stepwise.db');
    schema3(file, 0);
    const raw = new Database(file, { readonly: true });
    expect(() => cohortFlags(raw as never, { asOf: AS_OF })).toThrow(/reference setting "(comlex\.attemptLimit|ckLate\.unscheduledWarningDays)" is missing/);
    raw.close();
  });

  it('upgrades a schema-3 database: adds the three rows with their values and sources, changes nothing else', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'stepwise.db');
    schema3(file, 60);
    const before = new Database(file, { readonly: true });
    const oldSettings = settingsRows(before);
    const tables = ['students', 'exam_attempts', 'practice_exams', 'audit_log', 'specialties'];
    const counts = (db: Database.Database) => tables.map((t) => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get());
    const countsBefore = counts(before);
    before.close();

    const db = await openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(4);
    expect(counts(db)).toEqual(countsBefore);
    const added = (settingsRows(db) as { key: string }[]).filter((r) => NEW_KEYS.includes(r.key));
    expect(added).toEqual([
      {
        key: 'ckLate.unscheduledWarningDays',
        effectiveFrom: null,
        kind: 'number',
        value: '150',
        label: 'CK late, not scheduled: a low planning reminder until this many days before the CK safe date',
        source: 'Stepwise advising guide (RULES.md §4)',
        note: 'From then on (and after the safe date) high or medium.',
      },
      {
        key: 'comlex.attemptLimit',
        effectiveFrom: null,
        kind: 'number',
        value: '6',
        label: 'COMLEX attempt limit per level (for attempts on or after the date)',
        source: 'nbome.org, "NBOME to modify attempt limits for COMLEX-USA effective July 1, 2022"',
        note: 'Before 2022-07-01.',
      },
      {
        key: 'comlex.attemptLimit',
        effectiveFrom: '2022-07-01',
        kind: 'number',
        value: '4',
        label: 'COMLEX attempt limit per level (for attempts on or after the date)',
        source: 'nbome.org, "NBOME to modify attempt limits for COMLEX-USA effective July 1, 2022"',
        note: null,
      },
    ]);
    // Later migrations add their own rows (0006: flags.acknowledgementDays; 0008: the outcomes settings; 0010: outcomes.blockSeasons); everything else is as it was.
    const later = ['flags.acknowledgementDays', 'outcomes.ckBands', 'outcomes.suppressionThreshold', 'outcomes.programEvidenceMinimum', 'outcomes.blockSeasons'];
    expect((settingsRows(db) as { key: string }[]).filter((r) => !NEW_KEYS.includes(r.key) && !later.includes(r.key))).toEqual(oldSettings);

    // The rules find every setting they read, and give the flags a fresh database gives for the same students.
    const upgraded = cohortFlags(db, { asOf: AS_OF });
    expect(upgraded.students.length).toBeGreaterThan(10);
    // A fresh database as this version makes one (every migration: the code reads the current schema).
    const fresh = new Database(':memory:');
    for (const m of MIGRATIONS) m.up(fresh);
    loadDemoCohort(fresh, { students: 60, seed: 7, asOf: AS_OF }, { actor: 'v4', context: 'demo cohort' });
    const flagsOf = (r: ReturnType<typeof cohortFlags>) => r.students.map((s) => [s.studentId, s.flags.map((f) => [f.code, f.severity, f.message, f.actions])]);
    expect(flagsOf(upgraded)).toEqual(flagsOf(cohortFlags(fresh as never, { asOf: AS_OF })));
    fresh.close();
    db.close();
  });

  it("writes the same rows as today's shipped defaults (the migration's literals and reference-defaults agree)", () => {
    const db = new Database(':memory:');
    initial(db);
    second(db);
    third(db);
    fourth(db);
    const fromMigration = (settingsRows(db) as { key: string }[]).filter((r) => NEW_KEYS.includes(r.key));
    const defaults = DEFAULT_SETTINGS.filter((s) => NEW_KEYS.includes(s.key))
      .map(({ key, effectiveFrom, kind, value, label, source, note }) => ({ key, effectiveFrom, kind, value, label, source, note }))
      .sort((a, b) => (a.key + (a.effectiveFrom ?? '') < b.key + (b.effectiveFrom ?? '') ? -1 : 1));
    expect(fromMigration).toEqual(defaults);
    db.close();
  });

  it('on a database that already has the rows (created by this version, or edited by the office), changes nothing', () => {
    const db = new Database(':memory:');
    initial(db);
    second(db);
    third(db);
    fourth(db); // the rows as this version creates them, then edited by the office
    db.prepare(`UPDATE settings SET value = '120', source = 'our office' WHERE key = 'ckLate.unscheduledWarningDays'`).run();
    const before = settingsRows(db);
    fourth(db);
    expect(settingsRows(db)).toEqual(before);
    expect(loadReferenceData(db as never).settings.filter((s) => s.key === 'ckLate.unscheduledWarningDays').map((s) => s.value)).toEqual(['120']);
    db.close();
  });

  it('the migration is frozen: it imports no defaults', async () => {
    const fs = await import('node:fs');
    const text = fs.readFileSync(path.join(__dirname, '../../src/main/db/migrations/0004-comlex-limits-ck-reminder.ts'), 'utf8');
    expect(text).not.toMatch(/from '[^']*(reference-defaults|shared\/rules)/);
  });
});
