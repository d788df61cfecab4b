/**
 * The Store on SQLite (better-sqlite3): today's queries in db/, behind the seam's interface. The
 * driver is synchronous; the interface is not (PostgreSQL's is a network away), so each call
 * resolves at once with what the query returned.
 */
import { rosterPage } from '../../cohort/roster';
import { readCohortChunks } from '../../db/cohort-snapshots';
import type { Db } from '../../db/open';
import { loadReferenceData } from '../../db/reference';
import { getStudent, loadSnapshot, updateStudent } from '../../db/students';
import type { LastChange, Store, StudentStore } from '../store';

function lastChange(db: Db, entity: string, entityId: string): LastChange | null {
  return (db.prepare(`SELECT actor, at FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT 1`).get(entity, entityId) as LastChange | undefined) ?? null;
}

function studentStore(db: Db): StudentStore {
  const versionOf = (id: string) => (db.prepare(`SELECT version FROM students WHERE id = ?`).pluck().get(id) as number | undefined) ?? null;
  return {
    version: async (id) => versionOf(id),
    update: async (id, change, expectedVersion, who) =>
      db.transaction(() => {
        const current = getStudent(db, id);
        if (!current) return null;
        const version = versionOf(id)!;
        if (expectedVersion !== undefined && version !== expectedVersion) return { stale: true as const, current, version, lastChange: lastChange(db, 'student', id) };
        updateStudent(db, current, change(current), who);
        return { stale: false as const };
      })(),
  };
}

const stores = new WeakMap<Db, Store>();

/** The store over an open SQLite handle (one per handle; closing the store does not close the handle, its owner does). */
export function sqliteStore(db: Db): Store {
  let store = stores.get(db);
  if (!store) {
    store = {
      engine: 'sqlite',
      students: studentStore(db),
      async *readCohort(filter, chunkSize) {
        yield* readCohortChunks(db, filter, chunkSize);
      },
      roster: async (q) => rosterPage(db, q),
      snapshot: async (id) => loadSnapshot(db, id),
      referenceData: async () => loadReferenceData(db),
      onChange: () => () => {},
      close: async () => {},
    };
    stores.set(db, store);
  }
  return store;
}
