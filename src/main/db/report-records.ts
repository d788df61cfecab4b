/**
 * A report database whose roster and exam histories are kept outside it. The committee workbook on
 * an office database is made from a private SQLite snapshot (store/postgres/snapshot.ts); its
 * 100,000 students and their attempts and practice exams are the bulk of that copy, and the report's
 * reading thread reads them from the office database itself (same snapshot, same rows, same order)
 * rather than having them written into SQLite only to read them back. The snapshot's reader says so
 * here, keyed by the database connection, so no caller can make the workbook from that file without them.
 */
import type { Student } from '../../shared/domain';
import type { ExamHistory } from './cohort-snapshots';
import type { Db } from './open';

/** What the report reads outside the file: every student in `loadStudentsByName`'s order, and their exam histories. */
export interface ReportRecords {
  students: Student[];
  history: ExamHistory;
}

/** What a report's reading thread needs to read them itself (passed to it as is: plain data only). */
export interface RecordsForThread {
  engine: 'postgres';
  /** The connection's settings, password included (never written anywhere). */
  connection: Record<string, unknown>;
  /** The exported snapshot of the transaction the file was read in. */
  snapshot: string;
  /** The practice exams read: those taken in this window (the report's readiness window). */
  practiceWindow: { from: string; to: string };
}

export interface RecordsOutside {
  forThread: RecordsForThread;
  /** The records read on this thread instead (where no reading thread runs). */
  readHere(): Promise<ReportRecords>;
}

const outside = new WeakMap<Db, RecordsOutside>();

export function keepRecordsOutside(db: Db, records: RecordsOutside): void {
  outside.set(db, records);
}

/** The records a report database keeps outside itself; undefined for every other database. */
export function recordsOutside(db: Db): RecordsOutside | undefined {
  return outside.get(db);
}
