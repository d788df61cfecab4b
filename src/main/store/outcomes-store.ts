/**
 * The outcomes memory's part of the storage seam (issue 15): one interface, one implementation per
 * engine (SQLite: db/outcomes-memory.ts and friends; PostgreSQL: store/postgres/outcomes.ts).
 */
import type { OutcomesMemory } from '../../shared/domain';
import type { Db } from '../db/open';
import { readOutcomesMemory, type OutcomesMemoryFilter } from '../db/outcomes-memory';

export type { OutcomesMemoryFilter };

export interface OutcomesStore {
  /**
   * Everything the outcome computations read (src/shared/outcomes/): programs with their directory
   * fields, consenting students' outcomes and per-program applications, signal allowances,
   * national match rates and the three settings, read in one snapshot.
   */
  readMemory(filter?: OutcomesMemoryFilter): Promise<OutcomesMemory>;
}

export function sqliteOutcomesStore(db: Db): OutcomesStore {
  return {
    readMemory: async (filter) => readOutcomesMemory(db, filter),
  };
}
