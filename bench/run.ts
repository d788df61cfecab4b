/**
 * `npm run bench`: runs every bench/*.bench.ts in its own Node process (so peak memory is that
 * benchmark's own), one after another, and prints each one's result lines. A benchmark prints
 * JSON lines {"name", "value", "unit", "goal"?, "ok"?}; ratios are measured against a baseline in
 * the same run, never against a fixed time.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

let failed = 0;
for (const f of files) {
  process.stdout.write(`\n== ${f}\n`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(here, f)], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  for (const line of r.stdout.split('\n').filter(Boolean)) {
    try {
      const m = JSON.parse(line) as { name: string; value: number; unit: string; goal?: string; ok?: boolean };
      process.stdout.write(`${m.ok === false ? 'MISS' : '    '}  ${m.name.padEnd(60)} ${String(m.value).padStart(10)} ${m.unit}${m.goal ? `   (goal ${m.goal})` : ''}\n`);
      if (m.ok === false) failed++;
    } catch {
      process.stdout.write(`${line}\n`);
    }
  }
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`${f} exited with ${r.status}\n`);
  }
}
process.exitCode = failed ? 1 : 0;
