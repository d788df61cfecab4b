/**
 * `npm run web -- --db PATH --port N`: serves the built renderer (npm run build) and the core's
 * handlers on 127.0.0.1 only, and prints the URL with its access token.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { contextFor, openForShell, scheduleDailyBackups } from './backup';
import { defaultDatabasePath } from './paths';
import { startWebHost } from './web/server';
import { officeOnlyDb } from './handlers/context';
import { openPostgresStore } from './store/postgres';
import { isPostgresUrl, redact } from './store/postgres/url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { db: { type: 'string' }, port: { type: 'string' }, renderer: { type: 'string' } }, strict: true }));
  } catch (err) {
    process.stderr.write(`stepwise web: ${(err as Error).message}\nUsage: npm run web -- [--db PATH|postgres://…] [--port N]\n`);
    return 2;
  }
  const port = values.port === undefined ? 5178 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`stepwise web: --port must be a port number, got "${values.port}"\n`);
    return 2;
  }
  const rendererDir = values.renderer ?? path.join(root, 'out', 'renderer');
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    process.stderr.write(`stepwise web: no built renderer in ${rendererDir}; run npm run build first\n`);
    return 1;
  }
  const databasePath = values.db ?? defaultDatabasePath();
  if (isPostgresUrl(databasePath)) return serveOffice(databasePath, rendererDir, port);
  // Integrity-checked (a damaged file names its newest good backup), backed up on start and daily, swappable by a restore.
  const reportBackupError = (err: unknown) => process.stderr.write(`stepwise web: backup failed: ${(err as Error).message}\n`);
  const holder = await openForShell(databasePath, reportBackupError);
  const stopDailyBackups = scheduleDailyBackups(holder, { onError: reportBackupError });
  const host = await startWebHost({ ctx: contextFor(holder, process.env.STEPWISE_ACTOR), rendererDir, port });
  process.stdout.write(`Stepwise is serving ${databasePath}\nOpen: ${host.url}\n`);
  const stop = async () => {
    await host.close();
    stopDailyBackups();
    holder.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return 0;
}

/**
 * An office database: the signed-in login (password from PGPASSWORD or ~/.pgpass) is every request's
 * actor, and the database's roles decide what it sees. Its backups are IT's (pg_dump), not the host's.
 */
async function serveOffice(url: string, rendererDir: string, port: number): Promise<number> {
  const store = await openPostgresStore(url, process.env.PGPASSWORD ? { password: process.env.PGPASSWORD } : {});
  const host = await startWebHost({ ctx: { db: officeOnlyDb(), store, databasePath: redact(url), actor: store.sessionUser }, rendererDir, port });
  process.stdout.write(`Stepwise is serving the office database ${redact(url)} as ${store.sessionUser}\nOpen: ${host.url}\n`);
  const stop = async () => {
    await host.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return 0;
}

main().then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (err: Error) => {
    process.stderr.write(`stepwise web: ${err.message}\n`);
    process.exit(1);
  },
);
