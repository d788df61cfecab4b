/**
 * The `stepwise` command's start-up, as a user waits for it (issue 11): `stepwise --help` against
 * bare `node -e 0` on the same Node (goal ≤ 4×), and `stepwise flags` on a 300-student database
 * (goal well under 1 s), each process from start to exit, the median of RUNS runs after a warm-up.
 * bin/stepwise.js runs the build in out/cli (made here first, as npm install makes it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCli } from '../scripts/build-cli.mjs';
import { processMs, report } from './report';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin', 'stepwise.js');
const RUNS = 15;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timed(args: string[]): number {
  const runs: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const ms = processMs(args);
    if (i > 0) runs.push(ms);
  }
  return median(runs);
}

await buildCli();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-cli-bench-'));
try {
  const db = path.join(dir, 'demo.db');
  processMs([BIN, 'demo', '--db', db, '--students', '300', '--as-of', '2026-11-26']);
  const bare = timed(['-e', '0']);
  const help = timed([BIN, '--help']);
  const flags = timed([BIN, 'flags', '--db', db, '--as-of', '2026-11-26']);
  const flagsJson = timed([BIN, 'flags', '--json', '--db', db, '--as-of', '2026-11-26']);
  report(`cli: node -e 0 (Node ${process.versions.node}), start to exit`, bare, 'ms');
  report('cli: stepwise --help, start to exit', help, 'ms');
  report('cli: stepwise --help / node -e 0', help / bare, 'x', { text: '≤ 4', ok: help / bare <= 4 });
  report('cli: stepwise flags, 300 students, start to exit', flags, 'ms', { text: '< 1000 ms', ok: flags < 1000 });
  report('cli: stepwise flags --json, 300 students, start to exit', flagsJson, 'ms', { text: '< 1000 ms', ok: flagsJson < 1000 });
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
