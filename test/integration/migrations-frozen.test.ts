/**
 * Migrations are frozen history (ARCHITECTURE.md): each does the same thing forever, so none may
 * read today's defaults, and the defaults the code ships (reference-defaults.ts) must be exactly
 * what the migrations, run in order, leave in a new database. A default changed without a migration
 * would reach new databases only, and an upgraded one would go on without it.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/main/db/migrations';
import { DEFAULT_SETTINGS, DEFAULT_SPECIALTIES, SPECIALTY_EFFECTIVE_DATE, SPECIALTY_SOURCE } from '../../src/shared/rules/reference-defaults';

const dir = path.resolve(import.meta.dirname, '../../src/main/db/migrations');
const postgresDir = path.resolve(import.meta.dirname, '../../src/main/store/postgres/migrations');

function migrated(upTo = MIGRATIONS.length): Database.Database {
  const db = new Database(':memory:');
  for (const m of MIGRATIONS.slice(0, upTo)) m.up(db);
  return db;
}

const sortKey = (r: { key: string; effectiveFrom: string | null }) => `${r.key}\u0000${r.effectiveFrom ?? ''}`;
const bySettingKey = <T extends { key: string; effectiveFrom: string | null }>(rows: T[]) => [...rows].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));

describe('migrations as frozen history', () => {
  it('import nothing but each other, their frozen reference rows and the driver: no defaults, no domain constants', () => {
    const frozenRows = path.resolve(import.meta.dirname, '../../src/main/store/migrations');
    for (const folder of [dir, postgresDir, frozenRows])
      for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.ts'))) {
        const source = fs.readFileSync(path.join(folder, file), 'utf8');
        for (const [, from] of source.matchAll(/from '([^']+)'/g)) {
          const target = from.startsWith('.') ? path.resolve(folder, from) : null;
          const allowed = from === 'better-sqlite3' || from === 'pg' || (target !== null && (path.dirname(target) === folder || path.dirname(target) === frozenRows));
          expect(allowed, `${path.relative(dir, path.join(folder, file))} imports ${from}`).toBe(true);
        }
      }
  });

  it('leave a new database with exactly the reference settings the code ships', () => {
    const db = migrated();
    const rows = db.prepare(`SELECT key, effective_from AS effectiveFrom, kind, value, label, source, note FROM settings`).all() as (typeof DEFAULT_SETTINGS)[number][];
    expect(bySettingKey(rows)).toEqual(bySettingKey(DEFAULT_SETTINGS.map((s) => ({ ...s }))));
    db.close();
  });

  it('leave a new database with exactly the specialty rows the code ships', () => {
    const db = migrated();
    const rows = db.prepare(`SELECT name, tier, reference_ck AS referenceCk, aliases, source, effective_date AS effectiveDate, note FROM specialties ORDER BY id`).all() as { aliases: string }[];
    expect(rows.map((r) => ({ ...r, aliases: JSON.parse(r.aliases) as string[] }))).toEqual(
      DEFAULT_SPECIALTIES.map((s) => ({ name: s.name, tier: s.tier, referenceCk: s.referenceCk, aliases: s.aliases, source: SPECIALTY_SOURCE, effectiveDate: SPECIALTY_EFFECTIVE_DATE, note: s.note })),
    );
    db.close();
  });

  it('the first migration seeds the rows of its own day: the COMLEX limits and the CK reminder came with 0004', () => {
    const db = migrated(1);
    const keys = db.prepare(`SELECT DISTINCT key FROM settings`).pluck().all() as string[];
    expect(keys).not.toContain('comlex.attemptLimit');
    expect(keys).not.toContain('ckLate.unscheduledWarningDays');
    expect(keys).not.toContain('flags.acknowledgementDays');
    expect(keys).not.toContain('outcomes.ckBands');
    expect(keys).not.toContain('outcomes.blockSeasons');
    expect(keys.length).toBe(new Set(DEFAULT_SETTINGS.map((s) => s.key)).size - 7);
    db.close();
  });

  it("the outcomes charts' least seasons per block came with 0010, and an office's own value is kept", () => {
    const db = migrated(9);
    expect(db.prepare(`SELECT count(*) FROM settings WHERE key = 'outcomes.blockSeasons'`).pluck().get()).toBe(0);
    MIGRATIONS[9].up(db);
    expect(db.prepare(`SELECT value, kind FROM settings WHERE key = 'outcomes.blockSeasons'`).all()).toEqual([{ value: '3', kind: 'number' }]);
    db.prepare(`UPDATE settings SET value = '2' WHERE key = 'outcomes.blockSeasons'`).run();
    MIGRATIONS[9].up(db);
    expect(db.prepare(`SELECT value FROM settings WHERE key = 'outcomes.blockSeasons'`).pluck().all()).toEqual(['2']);
    db.close();
  });

  it("the outcomes memory's settings and the 2025 ERAS signal allowances came with 0008, to a schema-7 database too", () => {
    const db = migrated(7);
    expect(db.prepare(`SELECT count(*) FROM settings WHERE key LIKE 'outcomes.%'`).pluck().get()).toBe(0);
    MIGRATIONS[7].up(db);
    expect(db.prepare(`SELECT key, value FROM settings WHERE key LIKE 'outcomes.%' ORDER BY key`).all()).toEqual([
      { key: 'outcomes.ckBands', value: '230,240,250,260' },
      { key: 'outcomes.programEvidenceMinimum', value: '5' },
      { key: 'outcomes.suppressionThreshold', value: '10' },
    ]);
    // The examples, as the AAMC's 2025 table has them.
    expect(db.prepare(`SELECT specialty, gold, silver, signals FROM signal_allowances WHERE season = 2025 AND specialty IN ('Dermatology', 'Orthopaedic Surgery', 'Emergency Medicine', 'Internal Medicine') ORDER BY specialty`).all()).toEqual([
      { specialty: 'Dermatology', gold: 3, silver: 25, signals: null },
      { specialty: 'Emergency Medicine', gold: null, silver: null, signals: 5 },
      { specialty: 'Internal Medicine', gold: 3, silver: 12, signals: null },
      { specialty: 'Orthopaedic Surgery', gold: null, silver: null, signals: 30 },
    ]);
    db.close();
  });

  it('the acknowledgement lapse (90 days) came with 0006, to a schema-5 database too', () => {
    const db = migrated(5);
    expect(db.prepare(`SELECT count(*) FROM settings WHERE key = 'flags.acknowledgementDays'`).pluck().get()).toBe(0);
    MIGRATIONS[5].up(db);
    expect(db.prepare(`SELECT value FROM settings WHERE key = 'flags.acknowledgementDays'`).pluck().all()).toEqual(['90']);
    db.close();
  });
});
