/**
 * Child process for the crash tests (not a test itself): imports a file into a database through the
 * real dispatcher and prints each progress event as a line on stdout, so the parent can kill it with
 * SIGKILL at a known point ("write" = inside the import's transaction) instead of guessing with a sleep.
 *
 *   node --import tsx test/integration/crash-child.ts DB FILE
 */
import fs from 'node:fs';
import path from 'node:path';
import { openCheckedDatabase } from '../../src/main/backup';
import { invoke } from '../../src/main/handlers';

const [dbPath, file] = process.argv.slice(2);
const db = await openCheckedDatabase(dbPath);
const result = await invoke(
  { db, databasePath: dbPath, actor: 'crash-test', progress: (p) => process.stdout.write(`progress ${JSON.stringify(p)}\n`) },
  'import.commit',
  { file: new Uint8Array(fs.readFileSync(file)), fileName: path.basename(file), asOf: '2026-11-26', detailLimit: 0 },
);
db.close();
process.stdout.write(`done ${JSON.stringify(result.ok ? { committed: result.value.committed, errors: result.value.errorCount } : result.error)}\n`);
