import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli, } from '../../src/main/cli';
import { tempDir } from '../helpers';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env: {} as NodeJS.ProcessEnv }, out, err };
}

describe('stepwise demo', () => {
  it('writes exactly N students into an empty database and refuses a second run with exit 1', async () => {
    const db = path.join(tempDir(), 'x.db');
    const first = capture();
    expect(await runCli(['demo', '--db', db, '--students', '300', '--as-of', '2026-11-26'], first.io)).toBe(0);
    expect(first.out.join('\n')).toMatch(/Loaded 300 demo students/);
    const raw = new Database(db, { readonly: true });
    expect((raw.prepare('SELECT count(*) AS n FROM students').get() as { n: number }).n).toBe(300);
    const audit = (raw.prepare(`SELECT count(*) AS n FROM audit_log WHERE entity = 'student' AND action = 'insert'`).get() as { n: number }).n;
    raw.close();
    expect(audit).toBe(300);
    const second = capture();
    expect(await runCli(['demo', '--db', db, '--students', '300'], second.io)).toBe(1);
    expect(second.err).toHaveLength(1);
    expect(second.err[0]).toMatch(/already holds 300 students/);
  });

  it('reports usage errors with exit 2, one line each', async () => {
    const db = path.join(tempDir(), 'y.db');
    for (const args of [['demo', '--db', db, '--students', 'many'], ['demo', '--bogus'], ['demo', '--db', db, '--as-of', '2026-02-30x'], ['frobnicate'], []]) {
      const c = capture();
      expect(await runCli(args, c.io), args.join(' ')).toBe(2);
      expect(c.err.length).toBeGreaterThan(0);
      for (const line of c.err.join('\n').split('\n')) expect(line).not.toMatch(/^\s+at /);
    }
  });

  it('runs as `npx stepwise` from the checkout, on Node 22, honouring STEPWISE_DB', () => {
    const db = path.join(tempDir(), 'z.db');
    const r = spawnSync('npx', ['stepwise', 'demo', '--students', '25'], { cwd: path.resolve(import.meta.dirname, '../..'), env: { ...process.env, STEPWISE_DB: db }, encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/Error|at /);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Loaded 25 demo students`);
    expect(r.stdout).toContain(db);
  });
});
