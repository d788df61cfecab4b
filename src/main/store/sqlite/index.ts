/**
 * The Store on SQLite (better-sqlite3): today's queries in db/, behind the seam's interface. The
 * driver is synchronous; the interface is not (PostgreSQL's is a network away), so each call
 * resolves at once with what the query returned.
 */
import { readCohortChunks } from '../../db/cohort-snapshots';
import type { Db } from '../../db/open';
import { loadReferenceData } from '../../db/reference';
import { loadSnapshot } from '../../db/students';
import type { Store } from '../store';

const stores = new WeakMap<Db, Store>();

/** The store over an open SQLite handle (one per handle; closing the store does not close the handle, its owner does). */
export function sqliteStore(db: Db): Store {
  let store = stores.get(db);
  if (!store) {
    store = {
      engine: 'sqlite',
      async *readCohort(filter, chunkSize) {
        yield* readCohortChunks(db, filter, chunkSize);
      },
      snapshot: async (id) => loadSnapshot(db, id),
      referenceData: async () => loadReferenceData(db),
      close: async () => {},
    };
    stores.set(db, store);
  }
  return store;
}
