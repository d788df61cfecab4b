/**
 * Reference facts, specialties, preferences and the pseudonym key on an office database: each edit
 * decided over the rows as they stand (reference-edits.ts, as on a laptop) inside one transaction
 * that locks the table against other writers, written in SQL, audited by the database's triggers
 * under the person's login (the pseudonym key's value never: migration 0005). Grants decide who may:
 * the coordinator.
 */
import crypto from 'node:crypto';
import type pg from 'pg';
import type { NationalMatchRate, Program, Setting, SignalAllowance, Specialty } from '../../../shared/domain';
import type { AuditContext } from '../../db/audit';
import { PREFERENCES } from '../../db/preferences';
import { planSettingAdd, planSettingRemove, planSettingUpdate, planSpecialtyAdd, planSpecialtyRemove, planSpecialtyUpdate, PSEUDONYM_KEY_SETTING, type SpecialtyFields } from '../../reference-edits';
import { DuplicateRecord, type OutcomeReferenceStore, type ProgramStore, type ReferenceEditStore, type SavedFilterStore, type VersionedTable } from '../store';
import { byProgramName, checkProgram, requireProgram } from '../../program-edits';
import { savedFilterFrom } from '../../db/saved-filters';
import { loadReferenceDataPostgres } from './reference';

type Write = <R>(who: AuditContext, fn: (client: pg.PoolClient) => Promise<R>) => Promise<R>;

const SPECIALTY = `id, name, tier, reference_ck AS "referenceCk", aliases, source, effective_date AS "effectiveDate", note`;

function specialtyParams(s: SpecialtyFields): unknown[] {
  return [s.name, s.tier, s.referenceCk, JSON.stringify(s.aliases), s.source, s.effectiveDate, s.note];
}

export function referenceEditStore(write: Write): ReferenceEditStore {
  /** The rows as they stand, the table locked against other writers until this edit commits. */
  const settingsLocked = async (client: pg.PoolClient) => {
    await client.query('LOCK TABLE settings IN SHARE ROW EXCLUSIVE MODE');
    return (await loadReferenceDataPostgres(client)).settings;
  };
  const specialtiesLocked = async (client: pg.PoolClient) => {
    await client.query('LOCK TABLE specialties IN SHARE ROW EXCLUSIVE MODE');
    return (await loadReferenceDataPostgres(client)).specialties;
  };
  const whereRow = `key = $1 AND effective_from IS NOT DISTINCT FROM $2::date`;
  return {
    updateSetting: (key, effectiveFrom, patch, who) =>
      write(who, async (client) => {
        const { before, after } = planSettingUpdate(await settingsLocked(client), key, effectiveFrom, patch);
        if (before.value !== after.value || before.source !== after.source || before.note !== after.note || before.effectiveFrom !== after.effectiveFrom)
          await client.query(`UPDATE settings SET value = $3, source = $4, note = $5, effective_from = $6, updated_at = now() WHERE ${whereRow}`, [
            key,
            effectiveFrom,
            after.value,
            after.source,
            after.note,
            after.effectiveFrom,
          ]);
        return after;
      }),
    addSetting: (input, who) =>
      write(who, async (client) => {
        const row: Setting = planSettingAdd(await settingsLocked(client), input);
        await client.query(`INSERT INTO settings (key, effective_from, kind, value, label, source, note, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, now())`, [
          row.key,
          row.effectiveFrom,
          row.kind,
          row.value,
          row.label,
          row.source,
          row.note,
        ]);
        return row;
      }),
    removeSetting: (key, effectiveFrom, who) =>
      write(who, async (client) => {
        const row = planSettingRemove(await settingsLocked(client), key, effectiveFrom);
        await client.query(`DELETE FROM settings WHERE ${whereRow}`, [key, effectiveFrom]);
        return row;
      }),
    addSpecialty: (input, who) =>
      write(who, async (client) => {
        const s = planSpecialtyAdd(await specialtiesLocked(client), input);
        const r = await client.query<Specialty>(
          `INSERT INTO specialties (name, tier, reference_ck, aliases, source, effective_date, note) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${SPECIALTY}`,
          specialtyParams(s),
        );
        return r.rows[0];
      }),
    updateSpecialty: (id, patch, who) =>
      write(who, async (client) => {
        const { after } = planSpecialtyUpdate(await specialtiesLocked(client), id, patch);
        // Unchanged fields are not written, so the audit records only what changed (its trigger compares old and new).
        await client.query(`UPDATE specialties SET name = $1, tier = $2, reference_ck = $3, aliases = $4, source = $5, effective_date = $6, note = $7 WHERE id = $8`, [...specialtyParams(after), id]);
        return { id, ...after };
      }),
    removeSpecialty: (id, who) =>
      write(who, async (client) => {
        const before = planSpecialtyRemove(await specialtiesLocked(client), id);
        await client.query(`DELETE FROM specialties WHERE id = $1`, [id]);
        return before;
      }),
    setPreference: (key, value, who) =>
      write(who, async (client) => {
        const before = (await client.query<{ value: string }>(`SELECT value FROM settings WHERE key = $1 AND effective_from IS NULL FOR UPDATE`, [key])).rows[0];
        if (before?.value === value) return false;
        const p = PREFERENCES[key];
        if (before) await client.query(`UPDATE settings SET value = $2, updated_at = now() WHERE key = $1 AND effective_from IS NULL`, [key, value]);
        else await client.query(`INSERT INTO settings (key, effective_from, kind, value, label, source, note, updated_at) VALUES ($1, NULL, $2, $3, $4, $5, NULL, now())`, [key, p.kind, value, p.label, p.source]);
        return true;
      }),
    replacePseudonymKey: (who) =>
      write(who, async (client) => {
        // The database's audit trigger logs that the key changed, never its value.
        const r = await client.query<{ at: string }>(`UPDATE settings SET value = $2, updated_at = now() WHERE key = $1 AND effective_from IS NULL RETURNING updated_at AS at`, [
          PSEUDONYM_KEY_SETTING,
          crypto.randomBytes(32).toString('hex'),
        ]);
        if (!r.rowCount) throw Object.assign(new Error('The office database has no pseudonym key to replace; IT runs stepwise office init.'), { code: '42501' });
        return { replacedAt: r.rows[0].at };
      }),
  };
}

/** The roster's named filter sets, shared by the whole office (migration 0005's policy), audited by the database. */
export function savedFilterStore(pool: pg.Pool, write: Write): SavedFilterStore {
  return {
    async list() {
      const rows = (await pool.query<{ id: number; name: string; filter: unknown }>(`SELECT id, name, filter FROM saved_filters`)).rows;
      // SQLite's NOCASE order: ASCII letters fold, then code units.
      const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
      rows.sort((a, b) => (fold(a.name) < fold(b.name) ? -1 : fold(a.name) > fold(b.name) ? 1 : 0));
      return rows.map(savedFilterFrom).filter((f): f is NonNullable<typeof f> => f !== null);
    },
    save: (name, filter, who) =>
      write(who, async (client) => {
        await client.query(`INSERT INTO saved_filters (name, filter) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET filter = EXCLUDED.filter WHERE saved_filters.filter IS DISTINCT FROM EXCLUDED.filter`, [
          name,
          JSON.stringify(filter),
        ]);
      }),
    remove: (id, who) => write(who, async (client) => ((await client.query(`DELETE FROM saved_filters WHERE id = $1`, [id])).rowCount ?? 0) > 0),
  };
}

const PROGRAM = `id, name, specialty_id AS "specialtyId", city, state, kind, step_ck_minimum AS "stepCkMinimum", note`;

/** The Specialties page's programs: decided by program-edits.ts over the rows as they stand (the table locked against other writers), audited by the database. */
export function programStore(pool: pg.Pool, write: Write): ProgramStore {
  const all = async (db: pg.Pool | pg.PoolClient) => (await db.query<Program>(`SELECT ${PROGRAM} FROM programs`)).rows;
  const locked = async (client: pg.PoolClient) => {
    await client.query('LOCK TABLE programs IN SHARE ROW EXCLUSIVE MODE');
    const specialties = new Set((await client.query<{ id: number }>(`SELECT id FROM specialties`)).rows.map((r) => r.id));
    return { programs: await all(client), specialties };
  };
  const values = (p: Omit<Program, 'id'>) => [p.name, p.specialtyId, p.city, p.state, p.kind, p.stepCkMinimum, p.note];
  return {
    async list(specialtyId) {
      const rows = (await all(pool)).filter((p) => specialtyId === undefined || p.specialtyId === specialtyId);
      return rows.sort(byProgramName);
    },
    add: (p, who) =>
      write(who, async (client) => {
        const { programs, specialties } = await locked(client);
        checkProgram(programs, specialties, p, null);
        const r = await client.query<Program>(`INSERT INTO programs (name, specialty_id, city, state, kind, step_ck_minimum, note) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${PROGRAM}`, values(p));
        return r.rows[0];
      }),
    update: (id, p, who) =>
      write(who, async (client) => {
        const { programs, specialties } = await locked(client);
        requireProgram(programs, id);
        checkProgram(programs, specialties, p, id);
        await client.query(`UPDATE programs SET name = $1, specialty_id = $2, city = $3, state = $4, kind = $5, step_ck_minimum = $6, note = $7 WHERE id = $8`, [...values(p), id]);
        return { ...p, id };
      }),
    remove: (id, who) =>
      write(who, async (client) => {
        requireProgram((await locked(client)).programs, id);
        await client.query(`DELETE FROM programs WHERE id = $1`, [id]);
      }),
  };
}

/** A column of a versioned table: its name in SQL and in the domain. */
type Column = readonly [sql: string, field: string];

/** One of the outcomes memory's reference tables on an office database: a taken natural key is DuplicateRecord, a stale version changes nothing. */
function versionedTable<T extends object>(pool: pg.Pool, write: Write, table: string, columns: readonly Column[], order: (a: T, b: T) => number): VersionedTable<T> {
  type Row = T & { id: number; version: number };
  const select = `id, ${columns.map(([c, f]) => `${c} AS "${f}"`).join(', ')}, version`;
  const values = (v: T) => columns.map(([, f]) => (v as Record<string, unknown>)[f]);
  const duplicate = async <R>(fn: () => Promise<R>): Promise<R> => {
    try {
      return await fn();
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new DuplicateRecord();
      throw err;
    }
  };
  return {
    list: async () => (await pool.query<Row>(`SELECT ${select} FROM ${table}`)).rows.sort(order),
    add: (value, who) =>
      duplicate(() =>
        write(who, async (client) => {
          const r = await client.query<Row>(`INSERT INTO ${table} (${columns.map(([c]) => c).join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING ${select}`, values(value));
          return r.rows[0];
        }),
      ),
    update: (id, version, value, who) =>
      duplicate(() =>
        write(who, async (client) => {
          const before = (await client.query<Row>(`SELECT ${select} FROM ${table} WHERE id = $1 FOR UPDATE`, [id])).rows[0];
          if (!before) return null;
          if (before.version !== version) return 'stale' as const;
          const r = await client.query<Row>(`UPDATE ${table} SET ${columns.map(([c], i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1 RETURNING ${select}`, [id, ...values(value)]);
          return r.rows[0];
        }),
      ),
    remove: (id, who) => write(who, async (client) => ((await client.query(`DELETE FROM ${table} WHERE id = $1`, [id])).rowCount ?? 0) > 0),
  };
}

const nocase = (a: string, b: string) => {
  const x = a.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const y = b.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return x < y ? -1 : x > y ? 1 : 0;
};

export function outcomeReferenceStore(pool: pg.Pool, write: Write): OutcomeReferenceStore {
  return {
    // As SQLite lists them: the newest season first, then the specialty (NOCASE).
    signals: versionedTable<SignalAllowance>(
      pool,
      write,
      'signal_allowances',
      [['season', 'season'], ['specialty', 'specialty'], ['gold', 'gold'], ['silver', 'silver'], ['signals', 'signals'], ['source', 'source'], ['note', 'note']],
      (a, b) => b.season - a.season || nocase(a.specialty, b.specialty),
    ),
    // By specialty (NOCASE), the newest edition first, then the band (open below first).
    nationalRates: versionedTable<NationalMatchRate>(
      pool,
      write,
      'national_match_rates',
      [['specialty', 'specialty'], ['year', 'year'], ['ck_from', 'ckFrom'], ['ck_to', 'ckTo'], ['match_rate_percent', 'matchRatePercent'], ['n', 'n'], ['source', 'source']],
      (a, b) => nocase(a.specialty, b.specialty) || b.year - a.year || (a.ckFrom ?? -1) - (b.ckFrom ?? -1),
    ),
  };
}
