import type { Setting, Specialty } from '../../shared/domain';
import type { Db } from './open';

interface SettingRow {
  key: string;
  effective_from: string | null;
  kind: Setting['kind'];
  value: string;
  label: string;
  source: string;
  note: string | null;
}

export function listSettings(db: Db): Setting[] {
  return (
    db.prepare(`SELECT key, effective_from, kind, value, label, source, note FROM settings ORDER BY key, ifnull(effective_from, '')`).all() as SettingRow[]
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
