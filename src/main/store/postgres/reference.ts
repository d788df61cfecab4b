/** The office's reference data on PostgreSQL, in the shapes and order SQLite's loader gives (db/reference.ts). */
import type { Queryable } from './queryable';
import type { Setting, Specialty } from '../../../shared/domain';
import type { ReferenceData } from '../../../shared/rules/reference';
import { PSEUDONYM_KEY_SETTING } from '../../db/reference';

export async function loadReferenceDataPostgres(db: Queryable): Promise<ReferenceData> {
  const settings = await db.query<Setting>(
    `SELECT key, effective_from AS "effectiveFrom", kind, value, label, source, note FROM settings
     WHERE key <> $1 ORDER BY key COLLATE "C", effective_from NULLS FIRST`,
    [PSEUDONYM_KEY_SETTING],
  );
  const specialties = await db.query<Specialty>(
    `SELECT id, name, tier, reference_ck AS "referenceCk", aliases, source, effective_date AS "effectiveDate", note FROM specialties ORDER BY lower(name) COLLATE "C", name COLLATE "C"`,
  );
  return { settings: settings.rows, specialties: specialties.rows };
}
