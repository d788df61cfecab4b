/**
 * Child process for import-kill.test.ts (not a test itself): runs an import preview or commit through
 * the real dispatcher and prints each progress event as a line on stdout, so the parent can kill it
 * at a known point (phase "write": inside the import's transaction, with rows already written).
 *
 *   npm exec -- node --import tsx test/integration/import-kill-child.ts DB FILE preview|commit
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../src/main/db/open';
import { invoke } from '../../src/main/handlers';

const [dbPath, file, mode] = process.argv.slice(2);
const db = await openDatabase(dbPath);
process.stdout.write(`pid ${process.pid}\n`);
const input = { file: new Uint8Array(fs.readFileSync(file)), fileName: path.basename(file), asOf: '2026-01-15', detailLimit: 0 };
const progress = (p: unknown) => process.stdout.write(`progress ${JSON.stringify(p)}\n`);
const ctx = { db, databasePath: dbPath, actor: 'kill-test', progress };
const result = mode === 'preview' ? await invoke(ctx, 'import.preview', input) : await invoke(ctx, 'import.commit', input);
db.close();
process.stdout.write(`done ${JSON.stringify(result.ok ? { committed: result.value.committed, students: result.value.students } : result.error)}\n`);
