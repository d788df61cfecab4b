#!/usr/bin/env node
// The `stepwise` command. Runs the TypeScript sources through tsx, on Node 22 or later: when started
// by an older Node (Debian's system Node 20, say), it re-runs itself with the Node 22 that npm
// installed into node_modules, because better-sqlite3 13 needs it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);

if (major < 22) {
  const local = path.join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(local)) {
    process.stderr.write(`stepwise: needs Node 22 or later (this is ${process.version}); run npm install in ${root}\n`);
    process.exit(2);
  }
  const r = spawnSync(local, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const require = createRequire(import.meta.url);
const { register } = await import(pathToFileURL(require.resolve('tsx/esm/api')).href);
register();
process.env.STEPWISE_CLI_ENTRY = '1';
await import(pathToFileURL(path.join(root, 'src', 'main', 'cli.ts')).href);
