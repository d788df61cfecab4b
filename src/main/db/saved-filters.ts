/** Named roster filter sets (table saved_filters), audited as entity saved_filter. */
import type { SavedFilter } from '../../shared/api/saved-filters';
import { RosterFilter } from '../../shared/api/students';
import { auditChanges, writeAudit, type AuditContext } from './audit';
import type { Db } from './open';

interface Row {
  id: number;
  name: string;
  filter: string;
}

/** A stored filter that no longer parses (written by another version) is skipped, not fatal. */
export function savedFilterFrom(r: { id: number; name: string; filter: unknown }): SavedFilter | null {
  try {
    const parsed = RosterFilter.safeParse(typeof r.filter === 'string' ? JSON.parse(r.filter) : r.filter);
    return parsed.success ? { id: r.id, name: r.name, filter: parsed.data } : null;
  } catch {
    return null;
  }
}

export function listSavedFilters(db: Db): SavedFilter[] {
  return (db.prepare('SELECT id, name, filter FROM saved_filters ORDER BY name COLLATE NOCASE').all() as Row[]).map(savedFilterFrom).filter((f): f is SavedFilter => f !== null);
}

/** Saves under `name`, replacing a filter set of that name (names compare exactly, as typed). */
export function saveFilter(db: Db, name: string, filter: SavedFilter['filter'], who: AuditContext): number {
  const text = JSON.stringify(filter);
  const existing = db.prepare('SELECT id, name, filter FROM saved_filters WHERE name = ?').get(name) as Row | undefined;
  if (existing) {
    auditChanges(db, who, 'saved_filter', String(existing.id), { filter: existing.filter }, { filter: text });
    db.prepare('UPDATE saved_filters SET filter = ? WHERE id = ?').run(text, existing.id);
    return existing.id;
  }
  const { lastInsertRowid } = db.prepare('INSERT INTO saved_filters (name, filter) VALUES (?, ?)').run(name, text);
  writeAudit(db, who, { action: 'insert', entity: 'saved_filter', entityId: String(lastInsertRowid), newValue: { name, filter } });
  return Number(lastInsertRowid);
}

export function deleteSavedFilter(db: Db, id: number, who: AuditContext): boolean {
  const before = db.prepare('SELECT id, name, filter FROM saved_filters WHERE id = ?').get(id) as Row | undefined;
  if (!before) return false;
  db.prepare('DELETE FROM saved_filters WHERE id = ?').run(id);
  writeAudit(db, who, { action: 'delete', entity: 'saved_filter', entityId: String(id), oldValue: { name: before.name, filter: before.filter } });
  return true;
}
