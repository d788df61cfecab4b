/**
 * Where a committee workbook's bytes go. To a file (the CLI): written to a temporary file in the
 * target folder and renamed over the chosen name only once complete, so a killed or failed export
 * never leaves a half-written workbook under that name. To memory (the app's Reports page, in
 * Electron and in the web host alike): the page saves the bytes itself.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { ApiError } from '../../shared/api/contract';
import type { CommitteeReport, CommitteeReportCounts, ParsedReportOptions } from '../../shared/api/reports';
import type { Db } from '../db/open';
import { recordsOutside } from '../db/report-records';
import { reportInWorker } from './report-thread';
import { ReportCancelled } from './table';
import { committeeWorkbookMessages, reportInput, type ReportRun } from './workbook';
import { writeWorkbook } from './write';

/** The name a saved report suggests, e.g. `stepwise-committee-2026-11-26-deidentified.xlsx`. */
export function reportFileName(counts: Pick<CommitteeReportCounts, 'asOf' | 'deidentified'>): string {
  return `stepwise-committee-${counts.asOf}${counts.deidentified ? '-deidentified' : ''}.xlsx`;
}

/** The hidden name the workbook is written under until it is complete. */
export function partialFileName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${crypto.randomBytes(4).toString('hex')}.partial`);
}

/** Temporary files a killed export (SIGKILL, power loss) left next to the target: their process is gone. */
export function removeAbandonedPartials(target: string): string[] {
  const dir = path.dirname(target);
  const prefix = `.${path.basename(target)}.`;
  const removed: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    const m = name.startsWith(prefix) && name.endsWith('.partial') ? /\.(\d+)-[0-9a-f]{8}\.partial$/.exec(name) : null;
    if (!m) continue;
    const pid = Number(m[1]);
    if (isRunning(pid)) continue; // another export (or this process) is still writing it
    fs.rmSync(path.join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The committee workbook, written into any writable stream. Read and evaluated in a worker thread when one can run, else on this thread (the same workbook either way). */
export async function writeCommitteeWorkbook(db: Db, options: ParsedReportOptions, out: Writable, run: ReportRun): Promise<CommitteeReportCounts> {
  const input = reportInput(db, options, run);
  // An office database's snapshot keeps the students and their exam records outside its file (db/report-records.ts).
  const outside = recordsOutside(db);
  const thread = run.thread === 'main' || db.memory ? null : await reportInWorker(db.name, input, run, outside?.forThread);
  try {
    const messages = thread?.messages ?? committeeWorkbookMessages(db, input, { history: outside ? await outside.readHere() : 'at-once' });
    return await writeWorkbook(messages, out, { ...run, now: input.generatedAt });
  } finally {
    await thread?.close();
  }
}

export async function writeCommitteeReportFile(db: Db, options: ParsedReportOptions, target: string, run: ReportRun): Promise<CommitteeReportCounts> {
  const file = path.resolve(target);
  const dir = path.dirname(file);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new ApiError('REJECTED', `The folder ${dir} does not exist; no report was written.`);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new ApiError('REJECTED', `${file} is a folder; give a file name ending in .xlsx.`);
  removeAbandonedPartials(file);
  const partial = partialFileName(file);
  // Owner-only, like the database: the workbook holds the same student records.
  const out = fs.createWriteStream(partial, { flags: 'wx', mode: 0o600 });
  try {
    // The file exists from here on (an error opening it is reported before any work is done).
    await new Promise<void>((resolve, reject) => out.once('ready', () => resolve()).once('error', reject));
    const counts = await writeCommitteeWorkbook(db, options, out, run);
    const fd = fs.openSync(partial, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (run.signal?.aborted) throw new ReportCancelled();
    fs.renameSync(partial, file);
    return counts;
  } catch (err) {
    // The stream opens its file asynchronously: wait until it is closed, or the file could appear after the removal.
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()).destroy());
    fs.rmSync(partial, { force: true });
    throw err;
  }
}

export async function committeeReportBytes(db: Db, options: ParsedReportOptions, run: ReportRun): Promise<CommitteeReport> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const counts = await writeCommitteeWorkbook(db, options, sink, run);
  return { fileName: reportFileName(counts), bytes: new Uint8Array(Buffer.concat(chunks)), counts };
}
