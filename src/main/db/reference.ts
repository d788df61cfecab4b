import type { Setting, Specialty } from '../../shared/domain';
import type { ReferenceData } from '../../shared/rules/reference';
import {
  editableSetting,
  planSettingAdd,
  planSettingRemove,
  planSettingUpdate,
  planSpecialtyAdd,
  planSpecialtyRemove,
  planSpecialtyUpdate,
  PSEUDONYM_KEY_SETTING,
  settingAuditId,
  type NewSetting,
  type SettingPatch,
  type SpecialtyFields,
} from '../reference-edits';
import { auditChanges, writeAudit, type AuditContext } from './audit';
import type { Db } from './open';

export { isSecretSetting, PSEUDONYM_KEY_SETTING, settingAuditId, type NewSetting, type SettingPatch, type SpecialtyFields } from '../reference-edits';

interface SettingRow {
  key: string;
  effective_from: string | null;
  kind: Setting['kind'];
  value: string;
  label: string;
  source: string;
  note: string | null;
}

/** Every reference fact (the secret pseudonym key is not one). */
export function listSettings(db: Db): Setting[] {
  return (
    db
      .prepare(`SELECT key, effective_from, kind, value, label, source, note FROM settings WHERE key <> ? ORDER BY key, ifnull(effective_from, '')`)
      .all(PSEUDONYM_KEY_SETTING) as SettingRow[]
  ).map((r) => ({ key: r.key, effectiveFrom: r.effective_from, kind: r.kind, value: r.value, label: r.label, source: r.source, note: r.note }));
}

interface SpecialtyRow {
  id: number;
  name: string;
  tier: Specialty['tier'];
  reference_ck: number | null;
  aliases: string;
  source: string;
  effective_date: string;
  note: string | null;
}

export function listSpecialties(db: Db): Specialty[] {
  return (db.prepare(`SELECT id, name, tier, reference_ck, aliases, source, effective_date, note FROM specialties ORDER BY name`).all() as SpecialtyRow[]).map(
    (r) => ({
      id: r.id,
      name: r.name,
      tier: r.tier,
      referenceCk: r.reference_ck,
      aliases: JSON.parse(r.aliases) as string[],
      source: r.source,
      effectiveDate: r.effective_date,
      note: r.note,
    }),
  );
}

/** The office's reference data, as the rules read it. */
export function loadReferenceData(db: Db): ReferenceData {
  return { settings: listSettings(db), specialties: listSpecialties(db) };
}

// ─── Settings: one row per (key, effective date). Every key keeps exactly one base row (effective
// from "always", null) so that a rule asking for the value on any date, however old, finds one.

export function getSetting(db: Db, key: string, effectiveFrom: string | null): Setting | null {
  const r = db
    .prepare(`SELECT key, effective_from, kind, value, label, source, note FROM settings WHERE key = ? AND ifnull(effective_from, '') = ifnull(?, '')`)
    .get(key, effectiveFrom) as SettingRow | undefined;
  return r ? { key: r.key, effectiveFrom: r.effective_from, kind: r.kind, value: r.value, label: r.label, source: r.source, note: r.note } : null;
}

/** Changes one setting row's value, source, note or effective date; audits each changed field. */
export function updateSetting(db: Db, key: string, effectiveFrom: string | null, patch: SettingPatch, who: AuditContext): Setting {
  return db.transaction(() => {
    const { before, after } = planSettingUpdate(listSettings(db), key, effectiveFrom, patch);
    const changed = auditChanges(db, who, 'setting', settingAuditId(key, effectiveFrom), editableSetting(before), editableSetting(after));
    if (changed.length)
      db.prepare(
        `UPDATE settings SET value = ?, source = ?, note = ?, effective_from = ?, updated_at = ? WHERE key = ? AND ifnull(effective_from, '') = ifnull(?, '')`,
      ).run(after.value, after.source, after.note, after.effectiveFrom, new Date().toISOString(), key, effectiveFrom);
    return after;
  })();
}

/** Adds a dated value of a fact, or a fact of an optional family (reference-edits.ts says which). */
export function addSetting(db: Db, input: NewSetting, who: AuditContext): Setting {
  return db.transaction(() => {
    const row = planSettingAdd(listSettings(db), input);
    db.prepare(`INSERT INTO settings (key, effective_from, kind, value, label, source, note, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
      row.key,
      row.effectiveFrom,
      row.kind,
      row.value,
      row.label,
      row.source,
      row.note,
      new Date().toISOString(),
    );
    writeAudit(db, who, { action: 'insert', entity: 'setting', entityId: settingAuditId(row.key, row.effectiveFrom), newValue: row });
    return row;
  })();
}

/** Removes a dated row, or the only row of an optional fact (never a base row the rules need). */
export function removeSetting(db: Db, key: string, effectiveFrom: string | null, who: AuditContext): Setting {
  return db.transaction(() => {
    const row = planSettingRemove(listSettings(db), key, effectiveFrom);
    db.prepare(`DELETE FROM settings WHERE key = ? AND ifnull(effective_from, '') = ifnull(?, '')`).run(key, effectiveFrom);
    writeAudit(db, who, { action: 'delete', entity: 'setting', entityId: settingAuditId(key, effectiveFrom), oldValue: row });
    return row;
  })();
}

// ─── Specialties (reference-edits.ts decides; names unique as the lookup reads them).

export function getSpecialty(db: Db, id: number): Specialty | null {
  return listSpecialties(db).find((s) => s.id === id) ?? null;
}

function specialtyParams(s: SpecialtyFields) {
  return [s.name, s.tier, s.referenceCk, JSON.stringify(s.aliases), s.source, s.effectiveDate, s.note] as const;
}

export function addSpecialty(db: Db, input: SpecialtyFields, who: AuditContext): Specialty {
  return db.transaction(() => {
    const s = planSpecialtyAdd(listSpecialties(db), input);
    const { lastInsertRowid } = db
      .prepare(`INSERT INTO specialties (name, tier, reference_ck, aliases, source, effective_date, note) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(...specialtyParams(s));
    const saved = { id: Number(lastInsertRowid), ...s };
    writeAudit(db, who, { action: 'insert', entity: 'specialty', entityId: String(saved.id), newValue: saved });
    return saved;
  })();
}

export function updateSpecialty(db: Db, id: number, patch: Partial<SpecialtyFields>, who: AuditContext): Specialty {
  return db.transaction(() => {
    const { fields, after } = planSpecialtyUpdate(listSpecialties(db), id, patch);
    const changed = auditChanges(db, who, 'specialty', String(id), fields, after);
    if (changed.length)
      db.prepare(`UPDATE specialties SET name = ?, tier = ?, reference_ck = ?, aliases = ?, source = ?, effective_date = ?, note = ? WHERE id = ?`).run(...specialtyParams(after), id);
    return { id, ...after };
  })();
}

/** Removes a specialty; its programs stay, with no specialty (ON DELETE SET NULL). */
export function removeSpecialty(db: Db, id: number, who: AuditContext): Specialty {
  return db.transaction(() => {
    const before = planSpecialtyRemove(listSpecialties(db), id);
    db.prepare('DELETE FROM specialties WHERE id = ?').run(id);
    writeAudit(db, who, { action: 'delete', entity: 'specialty', entityId: String(id), oldValue: before });
    return before;
  })();
}
