/**
 * `stepwise programs import FILE` and `stepwise outcomes import FILE` (issue 15): the output and exit
 * status of `stepwise import` — counts on stdout and exit 0; every located error on stderr as
 * `Sheet!row, column: reason`, exit 1 and nothing written; `--dry-run`; `--json`; exit 2 for usage.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli';
import { tempDir } from '../helpers';
import { openpyxlWorkbook } from './import-support';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: { STEPWISE_ACTOR: 'cli-test' } });
  return { code, out, err };
}

function place(name: string, script: string): { dir: string; file: string; db: string } {
  const dir = tempDir();
  dirs.push(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, openpyxlWorkbook(script));
  return { dir, file, db: path.join(dir, 'cli.db') };
}

function count(db: string, table: string): number {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  } finally {
    d.close();
  }
}

const DIRECTORY = `
ws = wb.active
ws.title = 'Programs'
ws.append(['Program Name', 'NRMP Program Code', 'Specialty', 'City', 'State', 'Positions'])
ws.append(['Lakeside Pediatrics', '1234320C0', 'Peds', 'Chicago', 'IL', 12])
ws.append(['Harbor Pediatrics', '1235320C0', 'Pediatrics', 'Boston', 'MA', 8])
`;

describe('stepwise programs import', () => {
  it('imports and counts, exits 0; the same file again changes nothing; --json for scripts', async () => {
    const { file, db } = place('directory.xlsx', DIRECTORY);
    const first = await cli('programs', 'import', file, '--db', db);
    expect(first).toEqual({ code: 0, out: ['Imported: 2 programs added, 0 updated.'], err: [] });
    const again = await cli('programs', 'import', file, '--db', db, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out[0])).toEqual({ programs: { added: 0, updated: 0 }, warnings: [], errors: [], errorCount: 0, committed: true });
    expect(count(db, 'programs')).toBe(2);
    const d = new Database(db, { readonly: true });
    expect(d.prepare(`SELECT DISTINCT actor, context FROM audit_log`).all()).toEqual([{ actor: 'cli-test', context: 'import directory.xlsx' }]);
    d.close();
  });

  it('rejects a file with errors: each on stderr as Sheet!row, column: reason, exit 1, nothing written', async () => {
    const { file, db } = place(
      'bad.xlsx',
      `
ws = wb.active
ws.title = 'Programs'
ws.append(['Program Name', 'Program Code', 'Specialty', 'Positions'])
ws.append(['Lakeside Pediatrics', '1234320C0', 'Peds', 'twelve'])
ws.append(['Harbor Pediatrics', None, 'Pediatrics', 8])
`,
    );
    const r = await cli('programs', 'import', file, '--db', db);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([]);
    expect(r.err).toEqual([
      'Programs!2, Positions: "twelve" is not a number',
      'Programs!3, Program Code: no program code: every program needs its NRMP or ACGME code (re-imports update by it)',
      'stepwise programs import: rejected, 2 errors; nothing was written',
    ]);
    expect(count(db, 'programs')).toBe(0);
  });

  it('exits 2 on a usage error, and 1 with --json for a file that cannot be read', async () => {
    expect((await cli('programs', 'export', 'x.xlsx')).code).toBe(2);
    const dir = tempDir();
    dirs.push(dir);
    const r = await cli('programs', 'import', path.join(dir, 'missing.xlsx'), '--db', path.join(dir, 'cli.db'), '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out[0])).toMatchObject({ programs: { added: 0, updated: 0 }, errorCount: 1, committed: false });
  });
});

describe('stepwise outcomes import', () => {
  const LIST = `
ws = wb.active
ws.title = 'Match 2026'
ws.append(['Student ID', 'Season', 'Specialty', 'Applications', 'Interviews', 'Result', 'Program Code', 'Consent'])
ws.append(['G1', 2026, 'Peds', 30, 12, 'Matched', '1234320C0', 'yes'])
ws.append(['G2', 2026, 'Pediatrics', 25, 3, 'Did not match', None, 'no'])
`;

  it('--dry-run counts and writes nothing; the import itself writes and counts; warnings go to stderr', async () => {
    const { file, db } = place('match.xlsx', LIST);
    const dry = await cli('outcomes', 'import', file, '--db', db, '--dry-run', '--as-of', '2026-04-01');
    expect(dry.code).toBe(0);
    expect(dry.out).toEqual(['Dry run, nothing written. The import would make: 2 outcomes added, 0 updated; 0 applications added, 0 updated; 2 consents added, 0 updated.']);
    expect(count(db, 'match_outcomes')).toBe(0);
    const r = await cli('outcomes', 'import', file, '--db', db, '--as-of', '2026-04-01');
    expect(r.code).toBe(0);
    expect(r.out).toEqual(['Imported: 2 outcomes added, 0 updated; 0 applications added, 0 updated; 2 consents added, 0 updated.']);
    expect(r.err).toEqual([
      "warning: Match 2026: 2 graduates are not on the roster (G1, G2): their scores at application are the list's own",
      'warning: Match 2026!2, Program Code: program code 1234320C0 is not in the program directory; kept (import the directory to link it)',
    ]);
    expect(count(db, 'match_outcomes')).toBe(2);
  });

  it('a rejected match list exits 1 and writes nothing', async () => {
    const { file, db } = place(
      'bad.xlsx',
      `
ws = wb.active
ws.title = 'Match'
ws.append(['Student ID', 'Season', 'Specialty', 'Result'])
ws.append(['G1', 'last year', 'Peds', 'Matched'])
`,
    );
    const r = await cli('outcomes', 'import', file, '--db', db);
    expect(r.code).toBe(1);
    expect(r.err).toEqual(['Match!2, Season: "last year" is not a year', 'stepwise outcomes import: rejected, 1 error; nothing was written']);
    expect(fs.existsSync(db) ? count(db, 'match_outcomes') : 0).toBe(0);
  });
});
