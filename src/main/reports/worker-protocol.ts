/**
 * What passes between the committee report's worker thread (report-worker.ts) and the thread that
 * started it (report-thread.ts), besides the report's own messages (encode.ts).
 */
import { ApiError, type ApiErrorCode } from '../../shared/api/contract';
import type { RecordsForThread } from '../db/report-records';
import type { ReportInput } from './workbook';

/** What the worker posts besides the report's own messages. */
export type WorkerNote = { kind: 'ready' } | { kind: 'failed'; error: WorkerError };

/** An error thrown in the worker, as it crosses to the main thread (class, code and detail kept). */
export interface WorkerError {
  name: string;
  message: string;
  stack?: string;
  /** An ApiError's code, or a Node/SQLite error code such as SQLITE_CANTOPEN. */
  code?: string;
  api: boolean;
  issues?: ApiError['issues'];
  detail?: unknown;
}

export function toWorkerError(err: unknown): WorkerError {
  const e = err instanceof Error ? err : new Error(String(err));
  const code = (e as { code?: unknown }).code;
  return {
    name: e.name,
    message: e.message,
    stack: e.stack,
    code: typeof code === 'string' ? code : undefined,
    api: e instanceof ApiError,
    ...(e instanceof ApiError ? { issues: e.issues, detail: e.detail } : {}),
  };
}

export function fromWorkerError(w: WorkerError): Error {
  if (w.api) return new ApiError(w.code as ApiErrorCode, w.message, w.issues, w.detail);
  const e = Object.assign(new Error(w.message), w.code ? { code: w.code } : {});
  e.name = w.name;
  if (w.stack) e.stack = w.stack;
  return e;
}

export interface WorkerData {
  databaseFile: string;
  input: ReportInput;
  window: number;
  /**
   * The students and their exam records, when the database file keeps them outside itself (an
   * office database's snapshot: db/report-records.ts): read by the thread before anything else.
   */
  records?: RecordsForThread;
}
