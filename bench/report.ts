import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * Wall time of a whole process on this Node, from start to exit, as a user or a script waits for it.
 * Its stdout goes to `stdoutFile` when given (a command's output is part of its work), else nowhere.
 */
export function processMs(args: string[], stdoutFile?: string): number {
  const fd = stdoutFile ? fs.openSync(stdoutFile, 'w') : null;
  try {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { stdio: ['ignore', fd ?? 'ignore', 'inherit'] });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited with ${r.status ?? r.signal}`);
    return ms;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** How a benchmark reports one measurement: one JSON line on stdout, read by bench/run.ts. */
export function report(name: string, value: number, unit: string, goal?: { text: string; ok: boolean }): void {
  process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 1000) / 1000, unit, goal: goal?.text, ok: goal?.ok })}\n`);
}

export function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}
