/**
 * The storage seam (ARCHITECTURE.md): the one interface through which the rest of Stepwise reaches
 * a database, with one implementation per engine — SQLite on a laptop (store/sqlite), PostgreSQL for
 * an office (store/postgres). Rules, handlers, the CLI and the reports see only this; SQL and driver
 * types stay behind it. It grows a domain at a time: what is not on it yet is still reached through
 * the SQLite handle (`HandlerContext.db`), which an office session does not have (see officeOnly).
 */
import type { StudentSnapshot } from '../../shared/domain';
import type { ReferenceData } from '../../shared/rules/reference';
import type { SnapshotFilter } from '../db/cohort-snapshots';

export type { SnapshotFilter };

export interface Store {
  readonly engine: 'sqlite' | 'postgres';
  /**
   * Every matching student's snapshot, in Student ID order, a chunk at a time: the one whole-cohort
   * reader (flags, dashboard, roster and reports read the cohort through it). A caller that
   * evaluates a chunk and lets it go keeps only its results alive.
   */
  readCohort(filter?: SnapshotFilter, chunkSize?: number): AsyncIterable<StudentSnapshot[]>;
  /** One student with their attempts and practice exams in the student page's order, or null. */
  snapshot(studentId: string): Promise<StudentSnapshot | null>;
  /** The office's reference facts, as the rules read them (never the pseudonym key). */
  referenceData(): Promise<ReferenceData>;
  close(): Promise<void>;
}
