import { describe, expect, it } from 'vitest';
import { fieldForHeader, headerKey } from '../../src/main/import/fields';
import { detectDelimiter, decodeText } from '../../src/main/import/readers/csv';
import { excelSerialToIso, Invalid, parseApplicantType, parseDate, parseExam, parseOutcome, parsePercent, parseYear, slashedDateOrder, splitFullName } from '../../src/main/import/values';

const invalid = (v: unknown) => (v instanceof Invalid ? v.message : `not invalid: ${JSON.stringify(v)}`);

describe('dates as advisors type them', () => {
  it('reads ISO, US m/d/yyyy and m/d/yy, month names, ISO with a time, and Excel serials (1900 and 1904 systems)', () => {
    expect(parseDate('2025-06-30')).toBe('2025-06-30');
    expect(parseDate('2025-6-3')).toBe('2025-06-03');
    expect(parseDate('6/30/2025')).toBe('2025-06-30');
    expect(parseDate('06/30/25')).toBe('2025-06-30');
    expect(parseDate('5-Mar-2025')).toBe('2025-03-05');
    expect(parseDate('March 5, 2025')).toBe('2025-03-05');
    expect(parseDate('2025-06-30T00:00:00Z')).toBe('2025-06-30');
    expect(parseDate(45717)).toBe('2025-03-01');
    expect(parseDate(45717.75)).toBe('2025-03-01');
    expect(parseDate('45717')).toBe('2025-03-01');
    expect(parseDate(45717 - 1462, true)).toBe('2025-03-01');
    expect(excelSerialToIso(61)).toBeNull();
    expect(parseDate('  ')).toBeNull();
    expect(parseDate('N/A')).toBeNull();
  });

  it('takes the UTC calendar date of a Date, whatever the machine time zone', () => {
    expect(parseDate(new Date(Date.UTC(2025, 2, 1)))).toBe('2025-03-01');
    expect(parseDate(new Date(Date.UTC(2025, 2, 1, 23, 59)))).toBe('2025-03-01');
  });

  it('reads a slashed date in the order given (month/day unless told day/month), and tells which orders a text allows', () => {
    expect([parseDate('01/07/2025'), parseDate('01/07/2025', false, 'dmy'), parseDate('25/06/25', false, 'dmy'), parseDate('2025-07-01', false, 'dmy')]).toEqual(['2025-01-07', '2025-07-01', '2025-06-25', '2025-07-01']);
    expect(['25/06/2025', '06/25/2025', '01/07/2025', '05/05/2025', '2025-06-25', '31/31/2025', 'June 5, 2025'].map(slashedDateOrder)).toEqual(['dmy', 'mdy', 'either', 'same', null, null, null]);
  });

  it('refuses impossible dates, day/month dates, and numbers that are no date of this century', () => {
    expect(invalid(parseDate('2025-02-30'))).toBe('2025-02-30 is not a real date');
    expect(invalid(parseDate('2/30/2025'))).toBe('"2/30/2025" is not a real date');
    expect(invalid(parseDate('13/02/2025'))).toBe(
      '"13/02/2025" is not a month/day/year date, the date order chosen for this import; it reads only as day/month/year (2025-02-13): correct it, or choose the date order day/month/year',
    );
    expect(invalid(parseDate('02/13/2025', false, 'dmy'))).toBe(
      '"02/13/2025" is not a day/month/year date, the date order chosen for this import; it reads only as month/day/year (2025-02-13): correct it, or choose the date order month/day/year',
    );
    expect(invalid(parseDate(2025))).toMatch(/2025 is not a date/);
    expect(invalid(parseDate('soon'))).toMatch(/"soon" is not a date/);
  });
});

describe('words', () => {
  it('reads results in any case and spelling', () => {
    for (const [text, outcome] of [['P', 'PASS'], ['pass', 'PASS'], ['PASSED', 'PASS'], ['F', 'FAIL'], ['fail', 'FAIL'], ['Failed', 'FAIL'], ['Incomplete', 'INCOMPLETE'], ['scheduled', 'SCHEDULED'], ['Pending', 'PENDING']] as const)
      expect(parseOutcome(` ${text} `)).toBe(outcome);
    expect(invalid(parseOutcome('Maybe'))).toBe('unknown result "Maybe" (expected Pass, Fail, Incomplete, Scheduled or Pending)');
  });

  it('reads applicant types and exam names', () => {
    for (const t of ['MD', 'US MD', 'Allopathic', 'us_md']) expect(parseApplicantType(t)).toBe('US_MD');
    for (const t of ['DO', 'US DO', 'Osteopathic']) expect(parseApplicantType(t)).toBe('US_DO');
    for (const t of ['IMG', 'FMG', 'International']) expect(parseApplicantType(t)).toBe('IMG');
    expect(parseExam('USMLE Step 1')).toBe('STEP1');
    expect(parseExam('step 2 ck')).toBe('STEP2CK');
    expect(parseExam('COMLEX Level 2-CE')).toBe('COMLEX2CE');
    expect(invalid(parseExam('Step 2 CS'))).toMatch(/unknown exam "Step 2 CS"/);
  });

  it('reads years, percentages and names', () => {
    expect(parseYear(2027)).toBe(2027);
    expect(parseYear('Class of 2027')).toBe(2027);
    expect(invalid(parseYear('next year'))).toBe('"next year" is not a year');
    expect(invalid(parseYear(27))).toMatch(/27 is not a graduation year/);
    expect(parsePercent(0.82)).toBe(82);
    expect(parsePercent('88%')).toBe(88);
    expect(parsePercent(75)).toBe(75);
    expect(invalid(parsePercent(140))).toMatch(/outside 0–100/);
    expect(splitFullName('Garcia Lopez, Maria')).toEqual({ firstName: 'Maria', lastName: 'Garcia Lopez' });
    expect(splitFullName('Mary Ann Smith')).toEqual({ firstName: 'Mary Ann', lastName: 'Smith' });
    expect(splitFullName('Madonna')).toBeNull();
  });
});

describe('headers', () => {
  it('match case-, space- and punctuation-insensitively, with synonyms', () => {
    expect(headerKey(' Student-ID* ')).toBe('studentid');
    const students = (h: string) => fieldForHeader('students', h);
    expect(['student id', 'ID', 'Student Number'].map(students)).toEqual(['studentId', 'studentId', 'studentId']);
    expect(['Class of', 'Grad Year', 'Graduation Year'].map(students)).toEqual(['gradYear', 'gradYear', 'gradYear']);
    expect(['Degree', 'Applicant Type', 'Specialty Interest', 'Intended Specialty', 'First', 'Given name', 'Surname'].map(students)).toEqual([
      'applicantType', 'applicantType', 'targetSpecialty', 'targetSpecialty', 'firstName', 'firstName', 'lastName',
    ]);
    expect(['USMLE Step 1 Result', 'Step 1 Status', 'Step 2 CK Scheduled', 'COMLEX Level 2-CE Score', 'Step 3 Date', 'Step 1'].map(students)).toEqual([
      'step1.result', 'step1.result', 'step2ck.scheduled', 'comlex2ce.score', 'step3.date', 'step1.value',
    ]);
    expect(students('Pager')).toBeNull();
    expect(fieldForHeader('practice', 'Pass probability (%)')).toBe('passProbability');
  });
});

describe('CSV text', () => {
  it('detects the delimiter from the header line, ignoring quoted ones', () => {
    expect(detectDelimiter('a,b,c\n1;2,3')).toBe(',');
    expect(detectDelimiter('"Last, First";ID;Class of\r\n')).toBe(';');
    expect(detectDelimiter('a\tb\tc\n')).toBe('\t');
  });

  it('decodes UTF-8 with or without BOM, UTF-16, and falls back to Windows-1252', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x4e, 0xc3, 0xba]))).toEqual({ text: 'Nú', encoding: 'utf-8' });
    expect(decodeText(new Uint8Array([0x4e, 0xc3, 0xba]))).toEqual({ text: 'Nú', encoding: 'utf-8' });
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x4e, 0x00, 0xfa, 0x00]))).toEqual({ text: 'Nú', encoding: 'utf-16le' });
    expect(decodeText(new Uint8Array([0x4e, 0xfa]))).toEqual({ text: 'Nú', encoding: 'windows-1252' });
  });
});
