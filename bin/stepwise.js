#!/usr/bin/env node
// The `stepwise` command, on Node 22 or later (better-sqlite3 13 needs it).
//
// It runs the build in out/cli (scripts/build-cli.mjs, made by `npm install`, `npm run build` and
// the tests): plain JavaScript, each command loaded only when it runs. When a source file is newer
// than that build (a checkout being edited), it runs the TypeScript sources through tsx instead, so
// the command never runs stale code.
//
// Started by an older Node (Debian's system Node 20, say) it re-runs itself with the Node 22 that
// npm installed into node_modules. `npx stepwise` and npm scripts need no second process: npm puts
// node_modules/.bin, and with it that Node 22, first on the PATH.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
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

/** The built command, if it was built from the sources as they are now. */
function currentBuild() {
  const built = path.join(root, 'out', 'cli', 'stepwise.mjs');
  try {
    const at = statSync(built).mtimeMs;
    const inputs = JSON.parse(readFileSync(path.join(root, 'out', 'cli', 'inputs.json'), 'utf8'));
    for (const f of inputs) if (statSync(path.join(root, f)).mtimeMs > at) return null;
    return built;
  } catch {
    return null; // not built, or a source it was built from is gone
  }
}

process.env.STEPWISE_CLI_ENTRY = '1';
const built = currentBuild();
process.env.STEPWISE_CLI_RUNS = built ? 'build' : 'sources';
if (built) {
  await import(pathToFileURL(built).href);
} else {
  const require = createRequire(import.meta.url);
  const { register } = await import(pathToFileURL(require.resolve('tsx/esm/api')).href);
  register();
  await import(pathToFileURL(path.join(root, 'src', 'main', 'cli.ts')).href);
}
