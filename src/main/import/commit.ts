/**
 * Applies a plan inside the import's transaction, in batches: between batches it reports progress
 * and lets the event loop run, so a Cancel from the Import page (an AbortSignal) is seen mid-way and
 * rolls everything back. Students first: attempts and practice exams refer to them.
 */
import type { ImportWriter } from '../db/import-queries';
import { ImportCancelledError } from './collect';
import { planSize, type ImportPlan } from './plan';

const BATCH = 5000;

export interface ApplyOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export async function applyPlan(writer: ImportWriter, plan: ImportPlan, options: ApplyOptions = {}): Promise<void> {
  const total = planSize(plan);
  let done = 0;
  let sinceYield = 0;
  const step = async () => {
    done++;
    if (++sinceYield < BATCH) return;
    sinceYield = 0;
    options.onProgress?.(done, total);
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) throw new ImportCancelledError();
  };
  if (options.signal?.aborted) throw new ImportCancelledError();
  for (const s of plan.newStudents) (writer.insertStudent(s.student), await step());
  for (const s of plan.updatedStudents) (writer.updateStudent(s.before, s.after), await step());
  for (const a of plan.newAttempts) (writer.insertAttempt(a.attempt), await step());
  for (const a of plan.updatedAttempts) (writer.updateAttempt(a.before, a.after), await step());
  for (const p of plan.newPractice) (writer.insertPractice(p.practice), await step());
  for (const p of plan.updatedPractice) (writer.updatePractice(p.before, p.after), await step());
  options.onProgress?.(done, total);
  if (options.signal?.aborted) throw new ImportCancelledError();
}
