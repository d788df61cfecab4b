/**
 * Phone numbers typed into free text that a de-identified committee workbook does show (a custom
 * field whose header does not say it identifies anyone, a typed target or backup specialty) are
 * scrubbed: the report is written to a real file and read back, cell by cell with openpyxl and as
 * the raw text of every XML part. (report-deidentify.test.ts's phone numbers sit in notes and a
 * "Parent phone" field, which are left out whole, so they never reach the scrubber.)
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportOptions } from '../../src/shared/api/reports';
import type { Student } from '../../src/shared/domain';
import type { Db } from '../../src/main/db/open';
import { insertStudent } from '../../src/main/db/students';
import { writeCommitteeReportFile } from '../../src/main/reports/output';
import { pseudonym, readPseudonymKey } from '../../src/main/reports/pseudonyms';
import { tempDatabase } from '../helpers';
import { AS_OF, readWithOpenpyxl, seedReportDatabase, xlsxParts, xmlText, type OpenpyxlView } from './report-fixture';

/** Every North American shape the scrubber promises to catch, each a distinct number so a leak says which. */
const PHONES = ['617-555-0142', '(617) 555 0199', '+1 617.555.0123', '6175550177', '617 555 0188', '(617)555-0166'];

const CALLER: Student = {
  id: 'PH-0001',
  firstName: 'Philippa',
  lastName: 'Tolliver',
  email: null,
  gradYear: 2027,
  applicantType: 'US_MD',
  targetSpecialty: `Dermatology (ask the clinic, ${PHONES[3]})`,
  backupSpecialty: `Family medicine, pager ${PHONES[4]}`,
  advisor: 'Dr. Brennan',
  usceMonths: null,
  usLetters: null,
  step1Deadline: null,
  notes: null,
  customFields: {
    'Clerkship track': `Rural; call ${PHONES[0]} or ${PHONES[1]} after clinic`,
    Research: `Lab line ${PHONES[2]}, started 2026-11-26`,
    Mentor: `Ward 4B desk ${PHONES[5]}`,
  },
};

let db: Db;
let view: OpenpyxlView;
let text: string;
let row: (header: string) => unknown;

beforeAll(async () => {
  const t = await tempDatabase();
  db = t.db;
  seedReportDatabase(db, 20);
  insertStudent(db, CALLER, { actor: 'fixture', context: 'phone test fixture' });
  const file = path.join(t.dir, 'deidentified.xlsx');
  await writeCommitteeReportFile(db, ReportOptions.parse({ asOf: AS_OF, deidentify: true }), file, { who: { actor: 'Dr. Brennan', context: 'phone test' } });
  view = readWithOpenpyxl(file);
  text = [...xlsxParts(file, path.join(t.dir, 'unzipped')).values()].map(xmlText).join('\n');
  const header = view.data.Roster.rows[0];
  const mine = view.data.Roster.rows.find((r) => r[0] === pseudonym(readPseudonymKey(db)!, CALLER.id));
  if (!mine) throw new Error('the student is not on the Roster sheet');
  row = (h) => {
    expect(header).toContain(h);
    return mine[header.indexOf(h)];
  };
});
afterAll(() => db.close());

describe('phone numbers in a de-identified committee workbook', () => {
  it('shows the free-text cells the numbers were typed in, with each number replaced', () => {
    expect(row('Clerkship track')).toBe('Rural; call [removed] or [removed] after clinic');
    expect(row('Research')).toBe('Lab line [removed], started 2026-11-26');
    expect(row('Mentor')).toBe('Ward 4B desk [removed]');
    expect(row('Target specialty')).toBe('Dermatology (ask the clinic, [removed])');
    expect(row('Backup specialty')).toBe('Family medicine, pager [removed]');
  });

  it('holds none of the numbers, in any shape, in any sheet or XML part', () => {
    for (const phone of PHONES) {
      expect(text, phone).not.toContain(phone);
      // Nor its digits however the punctuation was rewritten.
      const digits = phone.replace(/\D/g, '').slice(-10);
      expect(text.replace(/\D/g, ''), digits).not.toContain(digits);
    }
    for (const name of view.sheets)
      for (const r of view.data[name].rows)
        for (const cell of r) if (typeof cell === 'string') expect(cell, `${name}: ${cell}`).not.toMatch(/555[\s.-]?01\d\d/);
  });
});
