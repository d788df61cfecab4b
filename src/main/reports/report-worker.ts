/**
 * The worker thread of a committee report (started by report-thread.ts): opens the database
 * read-only, reads and evaluates the cohort and encodes every sheet (workbook.ts), and posts the
 * messages to the writer, never more than `window` row chunks ahead of it.
 *
 * All of its reads happen in one read transaction: the report is one consistent picture of the
 * database even if someone saves a change while it runs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { toWorkerError, type WorkerData, type WorkerNote } from './worker-protocol';
import { committeeWorkbookMessages } from './workbook';

async function run(port: NonNullable<typeof parentPort>, data: WorkerData): Promise<void> {
  let credits = data.window;
  let wake: (() => void) | null = null;
  port.on('message', (m) => {
    if (m !== 'ack') return;
    credits++;
    wake?.();
    wake = null;
  });
  // Records kept outside the file (an office database's), read from where they are kept.
  const records = data.records ? await (await import('../store/postgres/report-records')).readRecordsInThread(data.records) : null;
  const db = new Database(data.databaseFile, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.exec('BEGIN');
    for (const m of committeeWorkbookMessages(db, data.input, { history: records ?? 'in-slices' })) {
      if (m.kind === 'rows') {
        while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
        credits--;
        port.postMessage(m, [m.kinds.buffer as ArrayBuffer, m.values.buffer as ArrayBuffer, m.looks.buffer as ArrayBuffer]);
      } else {
        port.postMessage(m);
      }
    }
    db.exec('COMMIT');
  } finally {
    db.close();
  }
}

const port = parentPort;
if (port) {
  port.postMessage({ kind: 'ready' } satisfies WorkerNote);
  run(port, workerData as WorkerData)
    .catch((err: unknown) => port.postMessage({ kind: 'failed', error: toWorkerError(err) } satisfies WorkerNote))
    // Nothing may keep the thread alive once the report is out (the ack listener would).
    .finally(() => port.removeAllListeners('message'));
}
