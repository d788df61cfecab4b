import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../src/main/db/open';
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
