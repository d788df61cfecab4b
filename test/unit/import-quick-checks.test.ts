/**
 * The import's plain row checks (src/main/import/quick-checks.ts) may only ever say "valid" where the
 * domain schema agrees: every generated value below — valid ones and one-field-off variants at each
 * schema boundary — is checked both ways. They must also say "valid" for ordinary rows, or the
 * import gains nothing.
 */
import { describe, expect, it } from 'vitest';
import { ExamAttemptInput, PracticeExamInput, Student } from '../../src/shared/domain';
import { certainlyValidAttempt, certainlyValidPractice, certainlyValidStudent } from '../../src/main/import/quick-checks';

/** Every value of `base` with one field replaced by each of its candidates (and the base itself). */
function variants<T extends object>(base: T, candidates: { [K in keyof T]?: unknown[] }): T[] {
  const out: T[] = [base];
  for (const [k, values] of Object.entries(candidates) as [keyof T, unknown[]][]) for (const v of values) out.push({ ...base, [k]: v });
  // Two fields off at once, for the cross-field rules.
  const keys = Object.keys(candidates) as (keyof T)[];
  for (let i = 0; i < keys.length; i++)
    for (let j = i + 1; j < keys.length; j++)
      for (const a of candidates[keys[i]]!) for (const b of candidates[keys[j]]!) out.push({ ...base, [keys[i]]: a, [keys[j]]: b });
  return out;
}

const TEXTS = ['', ' ', 'x', ' x ', 'a'.repeat(64), 'a'.repeat(65), ` ${'a'.repeat(64)} `, 'a'.repeat(100), 'a'.repeat(101), 'a'.repeat(200), 'a'.repeat(201), 'a'.repeat(2000), 'a'.repeat(2001), null, undefined, 5];
const NUMBERS = [null, undefined, 0, -0, 1, 1.5, -1, 20, 21, 50, 51, 100, 100.5, 101, 240, 240.1, 250, 300, 301, 999, 1000, 1950, 1949, 2100, 2101, NaN, Infinity, -Infinity, 2 ** 53, '5'];
const DATES = [null, undefined, '2025-06-15', '2024-02-29', '2025-02-29', '2025-13-01', '0099-01-01', '2025-6-15', ' 2025-06-15', 20250615];

describe('plain row checks never accept what the schema refuses', () => {
  it('exam attempts', () => {
    const base: ExamAttemptInput = { studentId: 'S1', exam: 'STEP1', testDate: '2025-06-15', outcome: 'PASS', score: null, attemptOrder: null };
    const all = variants(base, {
      studentId: ['', ' ', ' S1 ', null, 7],
      exam: ['STEP2CK', 'COMLEX1', 'step1', 'NBME', null],
      testDate: DATES,
      outcome: [null, 'FAIL', 'SCHEDULED', 'PENDING', 'INCOMPLETE', 'pass', undefined],
      score: NUMBERS,
      attemptOrder: NUMBERS,
    }) as ExamAttemptInput[];
    let accepted = 0;
    for (const a of all)
      if (certainlyValidAttempt(a)) {
        accepted++;
        expect(ExamAttemptInput.safeParse(a).success, JSON.stringify(a)).toBe(true);
      }
    expect(certainlyValidAttempt(base)).toBe(true);
    expect(certainlyValidAttempt({ ...base, exam: 'COMLEX1', outcome: null, score: 512, attemptOrder: 2 })).toBe(true);
    expect(accepted).toBeGreaterThan(100);
  });

  it('practice exams', () => {
    const base: PracticeExamInput = { studentId: 'S1', exam: 'STEP2CK', form: 'NBME 31', takenOn: '2025-06-15', score: 231, passProbability: null };
    const all = variants(base, {
      studentId: ['', ' ', null],
      exam: ['STEP1', 'STEP3', 'COMLEX1', null],
      form: TEXTS,
      takenOn: DATES,
      score: NUMBERS,
      passProbability: NUMBERS,
    }) as PracticeExamInput[];
    let accepted = 0;
    for (const p of all)
      if (certainlyValidPractice(p)) {
        accepted++;
        expect(PracticeExamInput.safeParse(p).success, JSON.stringify(p)).toBe(true);
      }
    expect(certainlyValidPractice(base)).toBe(true);
    expect(certainlyValidPractice({ ...base, score: null, passProbability: 87.5 })).toBe(true);
    expect(accepted).toBeGreaterThan(100);
  });

  it('students', () => {
    const base: Student = {
      id: 'S1',
      firstName: 'Ana',
      lastName: 'Lima',
      email: 'ana.lima@school.edu',
      gradYear: 2027,
      applicantType: 'US_MD',
      targetSpecialty: 'Internal Medicine',
      backupSpecialty: null,
      advisor: 'Dr. Shah',
      usceMonths: 2.5,
      usLetters: 3,
      step1Deadline: '2026-01-15',
      notes: 'note',
      customFields: { Meeting: 'yes' },
    };
    const all = variants(base, {
      id: TEXTS,
      firstName: TEXTS,
      lastName: TEXTS,
      email: [null, undefined, '', ' ', 'ana', 'ana@', 'ana@school', ' ana@school.edu ', 'a..b@school.edu', '.a@school.edu', 'a.@school.edu', "o'neil@school.edu", 'a+b@sub.school.edu', 'ana@school.e', 'ana@-school.edu', `${'a'.repeat(310)}@school.edu`, 'ana@school.edu\n'],
      gradYear: NUMBERS,
      applicantType: [null, undefined, 'US_DO', 'IMG', 'us_md', 'DO'],
      targetSpecialty: TEXTS,
      advisor: TEXTS,
      usceMonths: NUMBERS,
      usLetters: NUMBERS,
      step1Deadline: DATES,
      notes: [null, undefined, '', 'x'.repeat(20000), 'x'.repeat(20001), 3],
      customFields: [{}, { a: 'b' }, { a: 3 }, { a: null }, [], null, undefined, Object.create(null), new Map()],
    }) as Student[];
    let accepted = 0;
    for (const s of all)
      if (certainlyValidStudent(s)) {
        accepted++;
        expect(Student.safeParse(s).success, JSON.stringify(s).slice(0, 300)).toBe(true);
      }
    expect(certainlyValidStudent(base)).toBe(true);
    expect(certainlyValidStudent({ ...base, email: null, applicantType: null, usceMonths: null, usLetters: null, step1Deadline: null, notes: null, customFields: {} })).toBe(true);
    expect(accepted).toBeGreaterThan(500);
  });
});
