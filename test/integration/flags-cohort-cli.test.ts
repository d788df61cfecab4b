import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/main/cli';
import { invoke } from '../../src/main/handlers';
import type { HandlerContext } from '../../src/main/handlers/context';
import type { Db } from '../../src/main/db/open';
import type { FlagsCohortQuery } from '../../src/shared/api';
import { databases, makeStudent, seed } from './flags-fixtures';

const dbs = databases();
const AS_OF = '2026-03-01';
let db: Db;
let file: string;
let ctx: HandlerContext;

const step1Pass = { exam: 'STEP1' as const, testDate: '2025-05-01', outcome: 'PASS' as const, score: null };
const ckBooked = { exam: 'STEP2CK' as const, testDate: '2026-06-15', outcome: 'SCHEDULED' as const, score: null };

/** Six students, one per risk level plus a tie, seeded out of ID order. */
beforeEach(async () => {
  ({ db, file, ctx } = await dbs.create());
  seed(db, makeStudent('S6', { firstName: 'Farah', lastName: 'Okafor', advisor: 'Dr. Brennan', targetSpecialty: 'Ortho', backupSpecialty: 'General Surgery' }), [
    step1Pass,
    { exam: 'STEP2CK', testDate: '2026-01-10', outcome: 'PASS', score: 240 },
  ]); // high: CK_BELOW_TARGET (19 below 259)
  seed(db, makeStudent('S3', { firstName: 'Ben', lastName: 'Abbott', advisor: 'Dr. Brennan' }), [{ exam: 'STEP1', testDate: '2025-05-01', outcome: 'FAIL', score: null }, ckBooked]); // critical
  seed(db, makeStudent('S1', { firstName: 'Aisha', lastName: 'Garcia', targetSpecialty: 'Derm', backupSpecialty: 'Internal Medicine' }), [
    step1Pass,
    { exam: 'STEP2CK', testDate: '2026-01-10', outcome: 'PASS', score: 247 },
  ]); // high: CK_BELOW_TARGET (11 below 258)
  // medium: CK_LATE (a), booked after the safe date 2026-08-26. (Not booked at all is only a low planning
  // reminder on 2026-03-01, earlier than 150 days before the safe date: RULES.md §4 CK_LATE.)
  seed(db, makeStudent('S2', { firstName: 'Carmen', lastName: 'Dubois' }), [step1Pass, { exam: 'STEP2CK', testDate: '2026-09-10', outcome: 'SCHEDULED', score: null }]);
  seed(db, makeStudent('S4', { firstName: 'Daniel', lastName: 'Eze' }), [step1Pass, ckBooked]); // no flags
  seed(db, makeStudent('S5', { firstName: 'Elena', lastName: 'Fischer', gradYear: 2028, applicantType: 'IMG', usceMonths: null, usLetters: 2, advisor: 'Dr. Brennan' }), [
    { exam: 'STEP1', testDate: '2026-01-10', outcome: 'PASS', score: null },
  ]); // low: IMG_NO_USCE
});
afterEach(() => dbs.cleanup());

async function cohort(input: FlagsCohortQuery) {
  const r = await invoke(ctx, 'flags.cohort', input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('flags.cohort', () => {
  it('lists flagged students most severe first, then by ID, with counts over everyone matching', async () => {
    const r = await cohort({ asOf: AS_OF });
    expect(r.students.map((s) => [s.studentId, s.risk])).toEqual([
      ['S3', 'critical'],
      ['S1', 'high'],
      ['S6', 'high'],
      ['S2', 'medium'],
      ['S5', 'low'],
    ]);
    expect(r.counts).toEqual({ critical: 1, high: 2, medium: 1, low: 1, none: 1 });
    expect(r.total).toBe(6);
    expect(r.asOf).toBe(AS_OF);
    expect(r.students[1]).toMatchObject({ name: 'Aisha Garcia', gradYear: 2027, advisor: 'Dr. Adeyemi', targetSpecialty: 'Derm', applicantType: 'US_MD' });
    expect(r.students[1].flags.map((f) => f.code)).toEqual(['CK_BELOW_TARGET']);
  });

  it.each([
    ['class of 2028', { gradYears: [2028] }, ['S5'], { critical: 0, high: 0, medium: 0, low: 1, none: 0 }],
    ['advisor, case-insensitively', { advisor: 'dr. brennan' }, ['S3', 'S6', 'S5'], { critical: 1, high: 1, medium: 0, low: 1, none: 0 }],
    ['applicant type', { applicantType: 'IMG' as const }, ['S5'], { critical: 0, high: 0, medium: 0, low: 1, none: 0 }],
    ['target typed differently from the filter', { targetSpecialty: 'Dermatology' }, ['S1'], { critical: 0, high: 1, medium: 0, low: 0, none: 0 }],
    ['target by abbreviation', { targetSpecialty: 'IM' }, ['S3', 'S2', 'S5'], { critical: 1, high: 0, medium: 1, low: 1, none: 1 }],
    ['minimum severity high (counts unaffected)', { minSeverity: 'high' as const }, ['S3', 'S1', 'S6'], { critical: 1, high: 2, medium: 1, low: 1, none: 1 }],
    ['an advisor with no students', { advisor: 'Dr. Nobody' }, [], { critical: 0, high: 0, medium: 0, low: 0, none: 0 }],
  ])('filters by %s', async (_why, filter, ids, counts) => {
    const r = await cohort({ asOf: AS_OF, ...filter });
    expect(r.students.map((s) => s.studentId)).toEqual(ids);
    expect(r.counts).toEqual(counts);
  });

  it('defaults to today and rejects bad input with a clear error', async () => {
    // "Today" is read once, by the handler: the clock is held a moment before local midnight, so a
    // run that crosses midnight cannot compare two different days.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(2026, 10, 26, 23, 59, 59, 999) });
    try {
      expect((await cohort({})).asOf).toBe('2026-11-26');
    } finally {
      vi.useRealTimers();
    }
    const bad = await invoke(ctx, 'flags.cohort', { asOf: '2026-02-30', minSeverity: 'severe' } as never);
    expect(!bad.ok && bad.error.code).toBe('INVALID_INPUT');
    expect(!bad.ok && bad.error.issues!.map((i) => i.path).sort()).toEqual(['asOf', 'minSeverity']);
    const missing = await invoke(ctx, 'flags.student', { id: 'S404', asOf: AS_OF });
    expect(!missing.ok && [missing.error.code, missing.error.message]).toEqual(['NOT_FOUND', 'No student with ID S404']);
  });

  it('flags.student gives the same evaluation as the cohort list', async () => {
    const r = await cohort({ asOf: AS_OF });
    const one = await invoke(ctx, 'flags.student', { id: 'S6', asOf: AS_OF });
    expect(one.ok && one.value).toEqual((({ name, firstName, lastName, gradYear, advisor, applicantType, targetSpecialty, ...ev }) => ev)(r.students.find((s) => s.studentId === 'S6')!));
  });
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {} });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('stepwise flags', () => {
  it('--json prints PRODUCT.md shape: one element per flagged student, sorted by student ID', async () => {
    const r = await cli('flags', '--db', file, '--as-of', AS_OF, '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const parsed = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(parsed.map((e) => e.studentId)).toEqual(['S1', 'S2', 'S3', 'S5', 'S6']);
    for (const e of parsed) {
      expect(Object.keys(e)).toEqual(['studentId', 'name', 'risk', 'flags']);
      for (const f of e.flags as Record<string, unknown>[]) {
        expect(Object.keys(f)).toEqual(['code', 'severity', 'message', 'actions']);
        expect(Array.isArray(f.actions) && f.actions.every((a) => typeof a === 'string' && a.length > 0)).toBe(true);
      }
    }
    expect(parsed[2]).toMatchObject({ studentId: 'S3', name: 'Ben Abbott', risk: 'critical' });
    expect((parsed[2].flags as { code: string; severity: string }[]).map((f) => [f.code, f.severity])).toEqual([
      ['STEP1_FAIL', 'critical'],
      ['STEP1_LATE', 'high'],
    ]);
  });

  it('prints an aligned table, most severe first, then a count per risk level', async () => {
    const r = await cli('flags', '--db', file, '--as-of', AS_OF);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^RISK\s+STUDENT\s+NAME\s+CLASS\s+ADVISOR\s+FLAGS$/);
    expect(lines.slice(1, 6).map((l) => l.split(/\s{2,}/).slice(0, 2))).toEqual([
      ['critical', 'S3'],
      ['high', 'S1'],
      ['high', 'S6'],
      ['medium', 'S2'],
      ['low', 'S5'],
    ]);
    const studentColumn = lines[0].indexOf('STUDENT');
    for (const l of lines.slice(1, 6)) expect(l.indexOf('S')).toBe(studentColumn);
    expect(lines.slice(7)).toEqual(['critical  1', 'high      2', 'medium    1', 'low       1', 'no flags  1', `6 students, as of ${AS_OF}`]);
  });

  it('filters by --class, --advisor and --min-severity', async () => {
    const json = async (...args: string[]) => JSON.parse((await cli('flags', '--db', file, '--as-of', AS_OF, '--json', ...args)).stdout) as { studentId: string }[];
    expect((await json('--class', '2028')).map((e) => e.studentId)).toEqual(['S5']);
    expect((await json('--class', '2027', '--class', '2028', '--advisor', 'Dr. Brennan')).map((e) => e.studentId)).toEqual(['S3', 'S5', 'S6']);
    expect((await json('--min-severity', 'high')).map((e) => e.studentId)).toEqual(['S1', 'S3', 'S6']);
  });

  it.each([
    [['--as-of', '2026-13-01'], /--as-of must be a real date/],
    [['--as-of', '2026-02-30'], /--as-of must be a real date/],
    [['--as-of', 'yesterday'], /--as-of must be a real date/],
    [['--min-severity', 'severe'], /--min-severity must be one of critical, high, medium, low/],
    [['--class', '27'], /--class must be a whole number/],
    [['--colour'], /Unknown option/],
  ])('exits 2 with a usage error for %j', async (args, message) => {
    const r = await cli('flags', '--db', file, ...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('Usage: stepwise flags');
  });

  it('runs as the real stepwise binary', () => {
    const bin = path.resolve(__dirname, '../../bin/stepwise.js');
    const ok = spawnSync(process.execPath, [bin, 'flags', '--db', file, '--as-of', AS_OF, '--json', '--class', '2028'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual([
      { studentId: 'S5', name: 'Elena Fischer', risk: 'low', flags: [expect.objectContaining({ code: 'IMG_NO_USCE', severity: 'low', message: 'IMG applicant: US clinical experience not recorded; 2 US letters' })] },
    ]);
    const bad = spawnSync(process.execPath, [bin, 'flags', '--db', file, '--as-of', '2026-02-30'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')[0]).toBe('stepwise flags: --as-of must be a real date as YYYY-MM-DD, got "2026-02-30"');
  });
});
