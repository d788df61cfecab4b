/**
 * Checkpoints: named points inside long writes (an import's transaction, a report's temporary
 * file) where a crash test needs the process to stop and say so, so that its kill lands exactly
 * there instead of racing the clock. Off unless the process was started with
 * `STEPWISE_CHECKPOINT=NAME`: then, on reaching NAME the first time, it writes the line
 * `checkpoint NAME` to stderr and holds there until its signal aborts (the CLI's SIGTERM/SIGINT)
 * or it is killed. Nothing else changes: the work before and after the checkpoint is the real one.
 *
 * The names: `import-writing` (rows written inside the import's transaction, the commit still
 * ahead), `report-writing` (the committee workbook's first rows streamed into its temporary file) and
 * `office-import-applying` (an office database's import: new students copied in, its commit still ahead; for a
 * program directory or match list, store/postgres/table-import.ts, the first table's new rows written).
 */
import fs from 'node:fs';

export type CheckpointName = 'import-writing' | 'report-writing' | 'office-import-applying';

const reached = new Set<CheckpointName>();

/** Holds at `name` when this process was asked to (see above); otherwise returns null at once and costs nothing. */
export function checkpoint(name: CheckpointName, signal?: AbortSignal): Promise<void> | null {
  if (process.env.STEPWISE_CHECKPOINT !== name || reached.has(name)) return null;
  reached.add(name);
  fs.writeSync(2, `checkpoint ${name}\n`);
  return new Promise<void>((resolve) => {
    // A pending promise alone does not keep Node running: the timer does, until the signal releases it.
    const alive = setInterval(() => undefined, 1 << 30);
    const release = () => {
      clearInterval(alive);
      resolve();
    };
    if (signal?.aborted) release();
    else signal?.addEventListener('abort', release, { once: true });
  });
}
