import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../src/main/db/open';
import type { CheckpointName } from '../src/main/checkpoint';
import type { HandlerContext } from '../src/main/handlers/context';

/** A fresh folder under the OS temp dir, removed after the test run by the caller's afterEach. */
export function tempDir(prefix = 'stepwise-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A real SQLite file with every migration applied. */
export async function tempDatabase(): Promise<{ db: Db; file: string; dir: string; ctx: HandlerContext }> {
  const dir = tempDir();
  const file = path.join(dir, 'stepwise.db');
  const db = await openDatabase(file);
  return { db, file, dir, ctx: { db, databasePath: file, actor: 'test-advisor' } };
}

export interface HeldChild {
  child: ChildProcess;
  /** Everything the child wrote so far (stderr without the checkpoint line). */
  stdout: () => string;
  stderr: () => string;
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts a child with `STEPWISE_CHECKPOINT=name` (src/main/checkpoint.ts) and resolves once the
 * child says it holds there: a kill sent then lands exactly at that point, however fast or slow
 * the machine is. Rejects, with the child's output, if it ends without reaching the checkpoint.
 */
export function spawnToCheckpoint(command: string, args: string[], name: CheckpointName, options: SpawnOptions = {}): Promise<HeldChild> {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env, STEPWISE_CHECKPOINT: name } });
  let out = '';
  let err = '';
  const line = `checkpoint ${name}\n`;
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const held: HeldChild = { child, stdout: () => out, stderr: () => err.replace(line, ''), closed };
  return new Promise<HeldChild>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
      if (err.includes(line)) resolve(held);
    });
    void closed.then(({ code, signal }) => reject(new Error(`the child ended (code ${code}, signal ${signal}) before checkpoint ${name}; stdout: ${out.slice(-500)} stderr: ${err.slice(-500)}`)));
  });
}
