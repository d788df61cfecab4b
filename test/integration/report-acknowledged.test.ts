/**
 * Acknowledged flags in the committee workbook (RULES.md, "Acknowledged flags"): the At risk sheet
 * still lists the student and the flag, and says which flags an advisor acknowledged, by whom, when,
 * until when and why; an acknowledgement that lapsed (the flag's facts changed) is not shown.
 */
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ReportOptions } from '../../src/shared/api/reports';
import { flagTitle } from '../../src/shared/rules/catalogue';
import { evaluateStudent } from '../../src/shared/rules/flags';
import { acknowledge } from '../../src/main/db/acknowledgements';
import type { Db } from '../../src/main/db/open';
import { loadReferenceData } from '../../src/main/db/reference';
import { loadAllSnapshots } from '../../src/main/db/students';
import { writeCommitteeReportFile } from '../../src/main/reports/output';
import { tempDatabase } from '../helpers';
import { AS_OF, readWithOpenpyxl, seedReportDatabase } from './report-fixture';

let db: Db;
let dir: string;
const who = { actor: 'Dr. Adams', context: 'student page' };

beforeAll(async () => {
  ({ db, dir } = await tempDatabase());
  seedReportDatabase(db, 120);
});
afterAll(() => db.close());

it('says on At risk which flags are acknowledged, by whom, until when and why; a lapsed one is not said', async () => {
  const ref = loadReferenceData(db);
  const flagged = loadAllSnapshots(db)
    .map((s) => evaluateStudent(s, ref, AS_OF))
    .filter((e) => e.flags.length > 0);
  const [held, changed] = flagged;
  const f = held.flags[0];
  acknowledge(db, { studentId: held.studentId, code: f.code, severity: f.severity, message: f.message, note: 'Plan agreed with the student', acknowledgedOn: AS_OF }, who);
  // Acknowledged when the flag read otherwise: its facts changed since, so it lapsed.
  const g = changed.flags[0];
  acknowledge(db, { studentId: changed.studentId, code: g.code, severity: g.severity, message: `${g.message} (an older reading)`, note: 'old', acknowledgedOn: AS_OF }, who);

  const file = path.join(dir, 'committee.xlsx');
  await writeCommitteeReportFile(db, ReportOptions.parse({ asOf: AS_OF }), file, { who });
  const sheet = readWithOpenpyxl(file).data['At risk'];
  const header = sheet.rows.find((r) => r.includes('Acknowledged by an advisor'))!;
  const ackCol = header.indexOf('Acknowledged by an advisor');
  const idCol = header.indexOf('Student ID');
  const rowOf = (id: string) => sheet.rows.find((r) => r[idCol] === id)!;
  expect(rowOf(held.studentId)[ackCol]).toMatch(new RegExp(`^${flagTitle(f.code).replace(/[()]/g, '\\$&')}: acknowledged by Dr\\. Adams on ${AS_OF}, holds until \\d{4}-\\d{2}-\\d{2}: Plan agreed with the student$`));
  expect(rowOf(changed.studentId)[ackCol] ?? null).toBeNull();
  // Still listed and still at their risk: an acknowledgement never hides a flag.
  expect(rowOf(held.studentId)[header.indexOf('Risk')]).toBe(held.risk);
});
