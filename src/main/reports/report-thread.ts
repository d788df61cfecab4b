/**
 * Runs the reading half of a committee report (workbook.ts `committeeWorkbookMessages`) in a worker
 * thread, on a read-only connection of its own, and hands its messages to the writing half here.
 *
 * The worker runs at most WINDOW row chunks ahead of the writer, so a fast reader never piles the
 * whole roster up in memory waiting for a slow disk. It is stopped the moment the writer stops
 * (finished, failed or cancelled).
 *
 * Where the worker's code is: in the Electron build a bundled file next to the main bundle, set by
 * the Electron wiring (`useReportWorker`); in the built `stepwise` command (out/cli) the bundled
 * report-worker.mjs beside it; everywhere else (the web host, tests and benchmarks, which run the
 * TypeScript sources) report-worker.ts itself, loaded through tsx by report-worker-boot.mjs.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ApiError } from '../../shared/api/contract';
import { registerReader } from '../db/readers';
import type { RecordsForThread } from '../db/report-records';
import type { ReportMessage } from './encode';
import { ReportCancelled, type WriteControl } from './table';
import type { ReportInput } from './workbook';
import { fromWorkerError, type WorkerData, type WorkerNote } from './worker-protocol';

/** Row chunks the worker may post before the writer has taken them. */
const WINDOW = 4;

interface WorkerEntry {
  file: string;
  /** For the sources: the boot file loads tsx, then the TypeScript entry (report-worker-boot.mjs). */
  boot?: { tsx: string; entry: string };
}

let bundled: string | null = null;
let live = 0;

/** The Electron build's bundled worker file (the sources are not shipped); null: the sources again. */
export function useReportWorker(file: string | null): void {
  bundled = file;
}

/** Report worker threads still running (none once every report has finished, failed or been cancelled). */
export function liveReportWorkers(): number {
  return live;
}

function workerEntry(): WorkerEntry | null {
  if (bundled) return { file: bundled };
  const here = path.dirname(fileURLToPath(import.meta.url));
  // The `stepwise` command's build (out/cli, scripts/build-cli.mjs): the worker bundled beside this code.
  const built = path.join(here, 'report-worker.mjs');
  if (fs.existsSync(built)) return { file: built };
  const source = path.join(here, 'report-worker.ts');
  const boot = path.join(here, 'report-worker-boot.mjs');
  if (!fs.existsSync(source) || !fs.existsSync(boot)) return null;
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;
  return { file: boot, boot: { tsx, entry: pathToFileURL(source).href } };
}

/** The reading half running in a worker: its messages, and a way to stop it that waits until it is gone. */
export interface ReportThread {
  messages: AsyncIterable<ReportMessage>;
  close(): Promise<void>;
}

/**
 * Starts the worker and waits until its code has loaded. Null when no worker can run here (its file
 * is missing or fails to load): the caller then reads on its own thread, and the report is the same.
 * The caller must `close()` the thread once done with it, whether or not it read every message.
 */
export async function reportInWorker(databaseFile: string, input: ReportInput, control: WriteControl, records?: RecordsForThread): Promise<ReportThread | null> {
  let worker: Worker;
  try {
    const entry = workerEntry();
    if (!entry) return null;
    const workerData: WorkerData & Pick<WorkerEntry, 'boot'> = { databaseFile, input, window: WINDOW, boot: entry.boot, ...(records ? { records } : {}) };
    // No execArgv of this process (its own --import tsx, say): the boot file loads what the worker needs.
    worker = new Worker(entry.file, { workerData, execArgv: [], stdout: false, stderr: false });
  } catch (err) {
    return cannotStart((err as Error).message);
  }
  live++;

  const queue: (ReportMessage | WorkerNote)[] = [];
  let failure: Error | null = null;
  let exited = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (m: ReportMessage | WorkerNote) => {
    queue.push(m);
    notify();
  });
  worker.on('error', (err) => {
    failure ??= err;
    notify();
  });
  worker.on('exit', () => {
    live--;
    exited = true;
    notify();
  });
  const onAbort = () => void worker.terminate();
  control.signal?.addEventListener('abort', onAbort, { once: true });
  // Waits until the thread is gone: once a report has finished, failed or been cancelled, no worker is left behind.
  const close = async () => {
    control.signal?.removeEventListener('abort', onAbort);
    unregister();
    if (!exited) await worker.terminate();
  };
  // A restore that replaces the database file stops this reader first (src/main/db/readers.ts).
  const unregister = registerReader(databaseFile, async (reason) => {
    failure ??= new ApiError('CONFLICT', reason);
    await close();
  });

  const next = async (): Promise<ReportMessage | WorkerNote | null> => {
    while (queue.length === 0) {
      if (failure || exited) return null;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    return queue.shift()!;
  };

  const first = await next();
  if (first?.kind !== 'ready') {
    await close();
    if (control.signal?.aborted) throw new ReportCancelled();
    const stopped = failure as Error | null;
    if (stopped instanceof ApiError) throw stopped;
    return cannotStart((failure as Error | null)?.message ?? 'it stopped');
  }

  async function* messages(): AsyncGenerator<ReportMessage> {
    try {
      for (;;) {
        const m = await next();
        if (m === null) {
          if (control.signal?.aborted) return;
          throw failure ?? new Error('The report stopped before it was complete.');
        }
        if (m.kind === 'failed') throw fromWorkerError(m.error);
        if (m.kind === 'ready') continue;
        yield m;
        if (m.kind === 'rows') worker.postMessage('ack');
        if (m.kind === 'done') return;
      }
    } finally {
      await close();
    }
  }
  return { messages: messages(), close };
}

function cannotStart(why: string): null {
  process.stderr.write(`Stepwise: the report's worker thread did not start (${why}); reading on the main thread instead.\n`);
  return null;
}
