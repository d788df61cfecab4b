import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli';
import type { Db } from '../../src/main/db/open';
import { loadDemoCohort } from '../../src/main/demo/load';
import { spawnToCheckpoint, tempDatabase, tempDir } from '../helpers';
import { AS_OF, readWithOpenpyxl, seedReportDatabase } from './report-fixture';

const BIN = path.resolve(import.meta.dirname, '../../bin/stepwise.js');

let db: Db;
let dbFile: string;
let dir: string;

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: { STEPWISE_ACTOR: 'cli-test' } });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  ({ db, file: dbFile, dir } = await tempDatabase());
  seedReportDatabase(db);
  db.close();
});

describe('stepwise report', () => {
  it('writes the workbook and says what is in it', async () => {
    const out = path.join(dir, 'weekly.xlsx');
    const r = await cli('report', '--db', dbFile, '--out', out, '--as-of', AS_OF, '--class', '2027', '--class', '2028', '--min-severity', 'high');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^Wrote ${out.replace(/[.]/g, '\\.')}: \\d+ students in class 2027, 2028 \\(active students only\\), \\d+ flagged, \\d+ on the At risk sheet \\(as of ${AS_OF}\\)$`));
    const v = readWithOpenpyxl(out);
    expect(v.sheets).toEqual(['Summary', 'At risk', 'Roster', 'By specialty', 'Outcomes', 'Sources']);
    expect(new Set(v.data['At risk'].rows.slice(1).map((r) => r[v.data['At risk'].rows[0].indexOf('Risk')]))).toEqual(new Set(['critical', 'high']));
    expect((fs.statSync(out).mode & 0o777).toString(8)).toBe('600');
  });

  it('runs from the real binary, de-identified', () => {
    const out = path.join(dir, 'committee-deid.xlsx');
    const r = spawnSync(process.execPath, [BIN, 'report', '--db', dbFile, '--out', out, '--as-of', AS_OF, '--deidentify'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(', de-identified)');
    expect(readWithOpenpyxl(out).data.Roster.rows[0][0]).toBe('Pseudonym');
  });

  it.each([
    [['report', '--as-of', AS_OF], '--out FILE.xlsx is required'],
    [['report', '--out', 'x.csv'], '--out must name an .xlsx file, got "x.csv"'],
    [['report', '--out', 'x.xlsx', '--as-of', '2026-02-30'], '--as-of: expected a real date as YYYY-MM-DD, got "2026-02-30"'],
    [['report', '--out', 'x.xlsx', '--min-severity', 'urgent'], '--min-severity:'],
    [['report', '--out', 'x.xlsx', '--class', '27'], '--class must be a graduation year such as 2027, got "27"'],
    [['report', '--out', 'x.xlsx', '--colour'], 'Unknown option'],
  ])('refuses %j as a usage error (exit 2) with a one-line reason', async (args, message) => {
    const r = await cli(...args);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toContain(message);
    expect(r.err.split('\n')[1]).toMatch(/^Usage: stepwise report --out FILE\.xlsx/);
  });

  it('exits 1 with nothing written when no student matches or the folder is missing', async () => {
    const out = path.join(dir, 'none.xlsx');
    const r = await cli('report', '--db', dbFile, '--out', out, '--as-of', AS_OF, '--advisor', 'Dr. Nobody');
    expect(r).toMatchObject({ code: 1, err: 'stepwise report: No active students match advisor "Dr. Nobody"; no report was written (archived students are never reported).' });
    expect(fs.existsSync(out)).toBe(false);
    const missing = await cli('report', '--db', dbFile, '--out', path.join(dir, 'no', 'such', 'r.xlsx'), '--as-of', AS_OF);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^stepwise report: The folder .*no\/such does not exist; no report was written\.$/);
  });
});

describe('a killed export', () => {
  let bigDb: string;
  let bigDir: string;
  beforeAll(async () => {
    const big = await tempDatabase();
    // More students than one chunk of rows: the kill lands with the Roster half written.
    loadDemoCohort(big.db, { students: 3_000, seed: 7, asOf: AS_OF }, { actor: 'fixture', context: 'demo cohort' });
    big.db.close();
    bigDb = big.file;
    bigDir = tempDir('stepwise-killed-');
  });
  afterAll(() => fs.rmSync(bigDir, { recursive: true, force: true }));

  /** Starts an export over an existing file and sends `signal` once the export says it is streaming rows into its temporary file. */
  async function killMidway(signal: NodeJS.Signals) {
    const out = path.join(bigDir, `committee-${signal}.xlsx`);
    fs.writeFileSync(out, 'last week’s report');
    const partialOf = () => fs.readdirSync(bigDir).find((f) => f.startsWith(`.committee-${signal}.xlsx.`) && f.endsWith('.partial'));
    const held = await spawnToCheckpoint(process.execPath, [BIN, 'report', '--db', bigDb, '--out', out, '--as-of', AS_OF], 'report-writing');
    expect(partialOf(), 'the export is writing its temporary file').toBeDefined();
    expect(fs.readFileSync(out, 'utf8')).toBe('last week’s report');
    held.child.kill(signal);
    const { code } = await held.closed;
    return { out, code, stderr: held.stderr(), partial: partialOf() };
  }

  it('on SIGKILL leaves the chosen file as it was (the half-written workbook is only ever under a temporary name)', async () => {
    const r = await killMidway('SIGKILL');
    expect(fs.readFileSync(r.out, 'utf8')).toBe('last week’s report');
    expect(r.partial).toMatch(/\.partial$/);
    // The next export to that name clears what the killed one left and replaces the file whole.
    const again = await cli('report', '--db', bigDb, '--out', r.out, '--as-of', AS_OF, '--class', '2030');
    expect(again.code).toBe(0);
    expect(fs.readdirSync(bigDir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(readWithOpenpyxl(r.out).sheets).toHaveLength(6);
  });

  it('on SIGTERM stops, removes its temporary file, exits 1 and leaves the chosen file as it was', async () => {
    const r = await killMidway('SIGTERM');
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('stepwise report: The report was cancelled; no file was written.');
    expect(fs.readFileSync(r.out, 'utf8')).toBe('last week’s report');
    expect(r.partial).toBeUndefined();
  });
});
