import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli';
import { tempDatabase } from '../helpers';
import { seedSchool } from './program-lists-fixtures';

const BIN = path.resolve(import.meta.dirname, '../../bin/stepwise.js');
let file: string;
let dir: string;

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: { STEPWISE_ACTOR: 'cli-test' } });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The real command, as IT runs it: a process of its own. */
function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, STEPWISE_ACTOR: 'cli-test' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  const t = await tempDatabase();
  ({ file, dir } = t);
  seedSchool(t.db);
  t.db.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('stepwise program-list', () => {
  it('prints every program with its tier or "not eligible", because-line, evidence, n and years (a real process)', () => {
    const r = run('program-list', 'S-MD', '--db', file, '--as-of', '2026-09-01');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('Diaz, Maya (S-MD): target specialty Dermatology, Step 2 CK 246, as of 2026-09-01');
    const at = lines.findIndex((l) => l.includes('Lakeside University Dermatology [1111080A0]'));
    expect(lines[at]).toMatch(/^TARGET\s+Lakeside University Dermatology \[1111080A0\]$/);
    expect(lines[at + 1].trim()).toBe('Target: CK 246 is at the 37th percentile of 8 graduates who matched here, 2022–2025 (their median CK 248.5): target (25th to 75th).');
    expect(lines[at + 2].trim()).toBe('evidence: 8 graduates who matched here; n 8; years 2022–2025');
    expect(r.out).toMatch(/NOT ELIGIBLE\s+Summit Medical Center Dermatology \[3333080A0\]\n\s+Not eligible: publishes a Step 2 CK minimum of 250/);
    expect(lines.filter(Boolean).at(-1)).toBe('5 programs: 0 likely, 4 target, 0 reach, 0 no evidence, 1 not eligible, 0 excluded');
  });

  it('--json: one element per program with tier, because, evidence, n and years; --specialty by name', async () => {
    const r = await cli('program-list', 'S-MD', '--db', file, '--as-of', '2026-09-01', '--specialty', 'IM', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ studentId: 'S-MD', specialty: 'Internal Medicine', which: 'backup', ckScore: 246 });
    expect(json.programs).toEqual([
      expect.objectContaining({ name: 'Lakeside University Internal Medicine', tier: 'reach', evidence: 'national', n: null, years: '2026', because: expect.stringContaining("below Internal Medicine's reference CK 254") }),
    ]);
    const target = JSON.parse((await cli('program-list', 'S-IMG', '--db', file, '--json', '--as-of', '2026-09-01')).out);
    expect(target.programs.find((p: { name: string }) => p.name === 'Harbor Health Dermatology')).toMatchObject({ tier: 'not-eligible', evidence: 'eligibility', n: null });
  });

  it('exit 1 for an unknown student or specialty (one line on stderr), 2 for a usage error', async () => {
    expect(await cli('program-list', 'NOPE', '--db', file)).toMatchObject({ code: 1, out: '', err: 'stepwise program-list: No student with ID NOPE' });
    expect(await cli('program-list', 'S-MD', '--db', file, '--specialty', 'Pediatrics')).toMatchObject({ code: 1, err: expect.stringContaining('"Pediatrics" is neither student S-MD') });
    expect(await cli('program-list', 'S-NONE', '--db', file)).toMatchObject({ code: 1, err: expect.stringContaining('no target specialty recorded') });
    expect((await cli('program-list', '--db', file)).code).toBe(2);
    expect((await cli('program-list', 'S-MD', '--db', file, '--as-of', '2026-13-01')).code).toBe(2);
  });
});

describe('stepwise outcomes', () => {
  it('prints the chart suppressed exactly as the handler gives it (a real process)', () => {
    const r = run('outcomes', '--db', file, '--specialty', 'Dermatology', '--from', '2022', '--to', '2025');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    // 2022–2025 touches one closed block (2022–2024, pooled to 10 applicants) and 2025, which waits.
    expect(r.out).toContain('Dermatology, seasons 2022–2024 (pooled)\n');
    const total = r.out.split('\n').find((l) => l.startsWith('All applicants'))!;
    expect(total.split(/\s{2,}/).slice(0, 4)).toEqual(['All applicants', 'not shown', '10', 'fewer than 10']);
    expect(r.out).toContain('Season blocks (each chart is one block; ask for one with --from FIRST --to LAST):\n  Dermatology: 2022–2024 (pooled); season 2025: not charted yet, waiting for more applicants');
    // No count from 1 to 9 is ever printed as a number in the table.
    const table = r.out.split('\n\n')[0].split('\n').slice(2);
    for (const row of table) for (const cell of row.split(/\s{2,}/).slice(1, 4)) expect(cell).toMatch(/^(0|\d{2,}|fewer than 10|not shown)$/);
  });

  it('--json is the handler\'s chart, hidden counts without their numbers', async () => {
    const r = await cli('outcomes', '--db', file, '--json', '--from', '2022', '--to', '2025');
    expect(r.code).toBe(0);
    const chart = JSON.parse(r.out);
    expect(chart.threshold).toBe(10);
    const derm = chart.specialties.find((s: { specialty: string }) => s.specialty === 'Dermatology');
    expect(derm).toMatchObject({ fromSeason: 2022, toSeason: 2024, pooled: true });
    expect(derm.total.notMatched).toEqual({ state: 'complementary', value: null, text: 'fewer than 10' });
    expect(derm.bands[2].applicants).toEqual({ state: 'primary', value: null, text: 'fewer than 10' });
    expect(derm.total.applicants).toEqual({ state: 'complementary', value: null, text: 'not shown' });
    // The 2025 applicants who wait are counted nowhere in the output.
    expect(chart.blocks.find((b: { specialty: string }) => b.specialty === 'Dermatology').waiting).toMatchObject({ fromSeason: 2025, toSeason: 2025, seasons: 1 });
    // No count from 1 to 9 anywhere (2025's 8, the bands' 1, 5 and 4).
    expect(r.out).not.toMatch(/"value": [1-9]\b/);
  });

  it('without a range: each specialty\'s newest closed block; a range of waiting seasons only: no chart, the blocks listed', async () => {
    const byDefault = await cli('outcomes', '--db', file, '--specialty', 'derm');
    expect(byDefault.code).toBe(0);
    expect(byDefault.out).toBe((await cli('outcomes', '--db', file, '--specialty', 'derm', '--from', '2022', '--to', '2024')).out);
    expect(byDefault.out.split('\n')[0]).toBe('Dermatology, seasons 2022–2024 (pooled)');
    const waiting = await cli('outcomes', '--db', file, '--from', '2025', '--to', '2025');
    expect(waiting.code).toBe(0);
    expect(waiting.out.split('\n')[0]).toBe('No chart to show: no closed season block for the seasons asked (the blocks are listed below).');
    expect(waiting.out).not.toContain('All applicants');
    expect(waiting.out).toContain('Dermatology: 2022–2024 (pooled); season 2025: not charted yet');
  });

  it('usage errors exit 2; `outcomes import` still reaches the match-list import', async () => {
    expect((await cli('outcomes', '--db', file, '--from', 'last')).code).toBe(2);
    expect(await cli('outcomes', '--db', file, '--from', '2025', '--to', '2020')).toMatchObject({ code: 2, err: expect.stringContaining('the first season must not be after the last') });
    expect((await cli('outcomes', 'chart', '--db', file)).code).toBe(2);
    const missing = await cli('outcomes', 'import', path.join(dir, 'no-such-file.xlsx'), '--db', file);
    expect(missing.code).not.toBe(0);
    expect(missing.err).not.toContain('unknown outcomes command');
  });
});
