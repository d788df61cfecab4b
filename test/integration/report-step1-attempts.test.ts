/**
 * The committee workbook's "Step 1 attempts" column counts USMLE Step 1 attempts only. A US DO's
 * Step 1 status may come from COMLEX Level 1 (RULES.md §2), but COMLEX attempts have their own
 * columns: a DO who passed Step 1 first time after two COMLEX Level 1 attempts has 1 Step 1 attempt,
 * not 3. Read back with openpyxl, as a committee member's spreadsheet program would.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportOptions } from '../../src/shared/api/reports';
import type { ExamAttemptInput, Student } from '../../src/shared/domain';
import { insertAttempt } from '../../src/main/db/attempts';
import type { Db } from '../../src/main/db/open';
import { insertStudent } from '../../src/main/db/students';
import { writeCommitteeReportFile } from '../../src/main/reports/output';
import { tempDatabase } from '../helpers';
import { AS_OF, readWithOpenpyxl, type OpenpyxlView } from './report-fixture';

const who = { actor: 'test-advisor', context: 'report test' };
let db: Db;
let view: OpenpyxlView;

function student(id: string, applicantType: Student['applicantType']): Student {
  return {
    id,
    firstName: 'Ada',
    lastName: id,
    email: null,
    gradYear: 2027,
    applicantType,
    targetSpecialty: null,
    backupSpecialty: null,
    advisor: null,
    usceMonths: null,
    usLetters: null,
    step1Deadline: null,
    notes: null,
    customFields: {},
  };
}

const STUDENTS: [Student, Omit<ExamAttemptInput, 'studentId'>[]][] = [
  // The case from the report: COMLEX Level 1 failed then passed, USMLE Step 1 passed first time.
  [
    student('DO-1', 'US_DO'),
    [
      { exam: 'COMLEX1', testDate: '2025-03-01', outcome: 'FAIL', score: null, attemptOrder: 1 },
      { exam: 'COMLEX1', testDate: '2025-05-01', outcome: 'PASS', score: null, attemptOrder: 2 },
      { exam: 'STEP1', testDate: '2025-06-01', outcome: 'PASS', score: null, attemptOrder: 1 },
    ],
  ],
  // COMLEX only: Step 1 met by COMLEX Level 1 (status Passed), no USMLE Step 1 attempt.
  [student('DO-2', 'US_DO'), [{ exam: 'COMLEX1', testDate: '2025-05-01', outcome: 'PASS', score: null, attemptOrder: 1 }]],
  // Two USMLE Step 1 attempts and a COMLEX one, plus a booked USMLE retake (booked is not an attempt).
  [
    student('DO-3', 'US_DO'),
    [
      { exam: 'STEP1', testDate: '2025-04-01', outcome: 'FAIL', score: null, attemptOrder: 1 },
      { exam: 'COMLEX1', testDate: '2025-05-01', outcome: 'FAIL', score: null, attemptOrder: 1 },
      { exam: 'STEP1', testDate: '2025-08-01', outcome: 'INCOMPLETE', score: null, attemptOrder: 2 },
      { exam: 'STEP1', testDate: '2026-12-15', outcome: 'SCHEDULED', score: null, attemptOrder: 3 },
    ],
  ],
  // An MD with a COMLEX Level 1 attempt on record: still Step 1 only.
  [
    student('MD-1', 'US_MD'),
    [
      { exam: 'STEP1', testDate: '2025-06-01', outcome: 'PASS', score: null, attemptOrder: 1 },
      { exam: 'COMLEX1', testDate: '2025-05-01', outcome: 'FAIL', score: null, attemptOrder: 1 },
    ],
  ],
];

beforeAll(async () => {
  let dir: string;
  ({ db, dir } = await tempDatabase());
  db.transaction(() => {
    for (const [s, attempts] of STUDENTS) {
      insertStudent(db, s, who);
      for (const a of attempts) insertAttempt(db, { studentId: s.id, ...a }, who);
    }
  })();
  const file = path.join(dir, 'committee.xlsx');
  await writeCommitteeReportFile(db, ReportOptions.parse({ asOf: AS_OF }), file, { who });
  view = readWithOpenpyxl(file);
});
afterAll(() => db.close());

describe('the Roster sheet\'s "Step 1 attempts" column', () => {
  const cell = (id: string, header: string) => {
    const rows = view.data.Roster.rows;
    const row = rows.find((r) => r[0] === id);
    if (!row) throw new Error(`no row ${id}`);
    return row[rows[0].indexOf(header)];
  };

  it.each<[string, number | null, string]>([
    ['DO-1', 1, 'Passed'],
    ['DO-2', null, 'Passed'],
    ['DO-3', 2, 'Failed'],
    ['MD-1', 1, 'Passed'],
  ])('%s: %s USMLE Step 1 attempts (status %s)', (id, attempts, status) => {
    expect(cell(id, 'Step 1 attempts')).toBe(attempts);
    expect(cell(id, 'Step 1 status')).toBe(status);
  });

  it('keeps the COMLEX Level 1 columns for the COMLEX attempts', () => {
    expect(cell('DO-1', 'COMLEX L1 status')).toBe('Passed');
    expect(cell('DO-3', 'COMLEX L1 status')).toBe('Failed');
  });
});
