/**
 * What a cell's number format says is kept (issue 13, item 1): a date cell is a date wherever it
 * lands, a custom field included ("Last advising meeting" was stored as 46296), a time of day is
 * the time it shows, and a number format's leading zeros are part of the value (item 2's 00123).
 * Workbooks are written by openpyxl, which stores dates as numbers with a date format, as Excel does.
 * And rows a filter hides are imported, with a warning naming them (item 14).
 */
import { describe, expect, it } from 'vitest';
import { xlsxSource } from '../../src/main/import/readers/xlsx';
import { HiddenRowScanner } from '../../src/main/import/readers/xlsx-directory';
import { cellFormatsOf, DATE_FORMAT, isDateFormatCode, TIME_FORMAT, zeroPadWidth } from '../../src/main/import/readers/xlsx-formats';
import { attempts, commit, csv, fixture, freshDatabases, openpyxlWorkbook, students } from './import-support';

const database = freshDatabases();

const ROSTER = `
ws = wb.active
ws.title = 'Roster'
ws.append(['Student ID', 'First name', 'Last name', 'Graduation year', 'Step 1 Result', 'Step 1 Date', 'Last advising meeting', 'Date of birth', 'Follow-up', 'Meeting time', 'GPA', 'Room'])
ws.append(['A1', 'Ann', 'Lee', 2027, 'Pass', dt.date(2025, 5, 2), dt.datetime(2026, 10, 1, 14, 30), dt.date(1999, 4, 12), dt.date(2026, 11, 3), dt.time(14, 30), 3.5, 'd-12'])
ws.append(['A2', 'Bo', 'Ray', 2027, None, None, dt.date(2026, 9, 3), dt.date(2000, 12, 31), dt.date(2027, 1, 9), dt.time(9, 5, 30), 3.25, None])
ws['H2'].number_format = 'dd/mm/yyyy'
ws['H3'].number_format = '[$-409]mmmm d, yyyy;@'
ws['I2'].number_format = 'mm-dd-yy'   # Excel's built-in 14
ws['I3'].number_format = 'd-mmm-yy'   # built-in 15
ws['K2'].number_format = '0.00'
`;

function customFields(db: Parameters<typeof students>[0]) {
  return Object.fromEntries(students(db).map((s) => [s.id, JSON.parse(String(s.custom_fields))]));
}

describe('dates, times and leading zeros as the cell formats show them', () => {
  it('a date kept as a custom field is stored as its date (YYYY-MM-DD), not as the serial number behind it', async () => {
    const { ctx, db } = await database();
    const r = await commit(ctx, openpyxlWorkbook(ROSTER), 'roster.xlsx');
    expect(r.errors).toEqual([]);
    expect(r.committed).toBe(true);
    expect(customFields(db)).toEqual({
      A1: { 'Last advising meeting': '2026-10-01', 'Date of birth': '1999-04-12', 'Follow-up': '2026-11-03', 'Meeting time': '14:30', GPA: '3.5', Room: 'd-12' },
      A2: { 'Last advising meeting': '2026-09-03', 'Date of birth': '2000-12-31', 'Follow-up': '2027-01-09', 'Meeting time': '09:05:30', GPA: '3.25' },
    });
    expect(attempts(db)).toEqual([['A1', 'STEP1', '2025-05-02', 'PASS', null, null]]);
    expect(r.warnings).toEqual(
      ['Last advising meeting', 'Date of birth', 'Follow-up', 'Meeting time', 'GPA', 'Room'].map((h) => ({ sheet: 'Roster', row: null, column: h, message: `column '${h}' kept as a custom field` })),
    );
  });

  it('the reading thread (a large file) and the main thread (a small one) read the same values', async () => {
    const bytes = openpyxlWorkbook(ROSTER);
    const read = async (thread: 'main' | 'worker') => {
      const rows: unknown[][] = [];
      for await (const sheet of xlsxSource(bytes, thread).sheets())
        for await (const row of sheet.rows) rows.push(Array.from({ length: row.width }, (_, i) => row.cell(i + 1)));
      return rows;
    };
    const main = await read('main');
    expect(await read('worker')).toEqual(main);
    expect(main[1].slice(5, 11)).toEqual([new Date('2025-05-02T00:00:00Z'), new Date('2026-10-01T14:30:00Z'), new Date('1999-04-12T00:00:00Z'), new Date('2026-11-03T00:00:00Z'), '14:30', 3.5]);
  });

  it('an old Mac workbook (the 1904 date system) gives the same calendar dates', async () => {
    const { ctx, db } = await database();
    const bytes = openpyxlWorkbook(`
from openpyxl.utils.datetime import CALENDAR_MAC_1904
wb.epoch = CALENDAR_MAC_1904
ws = wb.active
ws.title = 'Roster'
ws.append(['Student ID', 'First name', 'Last name', 'Graduation year', 'Step 1 Result', 'Step 1 Date', 'Last advising meeting'])
ws.append(['M1', 'Mac', 'Intosh', 2027, 'Pass', dt.date(2025, 6, 20), dt.date(2026, 2, 27)])
`);
    const r = await commit(ctx, bytes, 'mac.xlsx');
    expect(r.errors).toEqual([]);
    expect(customFields(db)).toEqual({ M1: { 'Last advising meeting': '2026-02-27' } });
    expect(attempts(db)).toEqual([['M1', 'STEP1', '2025-06-20', 'PASS', null, null]]);
  });

  it('the 1904 fixture written earlier still reads its dates', async () => {
    const { ctx, db } = await database();
    const r = await commit(ctx, fixture('openpyxl-1904.xlsx'), 'mac.xlsx');
    expect(r.errors).toEqual([]);
    expect(students(db).map((s) => s.step1_deadline)).toEqual(['2025-07-31']);
    expect(attempts(db)).toEqual([['M1', 'STEP1', '2025-06-20', 'PASS', null, null]]);
  });

  it('in a CSV nothing changes: a custom field keeps the text as typed', async () => {
    const { ctx, db } = await database();
    const r = await commit(ctx, csv('Student ID,First name,Last name,Graduation year,Last advising meeting\nC1,Cy,Ng,2027,10/1/2026\n'), 'roster.csv');
    expect(r.errors).toEqual([]);
    expect(customFields(db)).toEqual({ C1: { 'Last advising meeting': '10/1/2026' } });
  });

  it('a date cell holding a number no roster date has (0 shows as 1900) is refused in a date column', async () => {
    const { ctx, db } = await database();
    const bytes = openpyxlWorkbook(`
ws = wb.active
ws.append(['Student ID', 'First name', 'Last name', 'Graduation year', 'Step 1 Result', 'Step 1 Date'])
ws.append(['Z1', 'Zed', 'Ox', 2027, 'Pass', 0])
ws['F2'].number_format = 'yyyy-mm-dd'
`);
    const r = await commit(ctx, bytes, 'zero.xlsx');
    expect(r.errors).toEqual([{ sheet: 'Sheet', row: 2, column: 'Step 1 Date', message: '1899-12-30 is not a date a roster holds (1950–2099)' }]);
    expect(students(db)).toEqual([]);
  });
});

describe('number formats, read from styles.xml', () => {
  it('tells dates, times and zero padding apart the way Excel shows them', () => {
    for (const code of ['yyyy-mm-dd', 'dd/mm/yyyy', 'm/d/yy', 'mmm-yy', 'mmmm', '[$-409]mmmm d, yyyy;@', 'd-mmm', 'yyyy-mm-dd h:mm:ss', 'dd"."mm"."yyyy']) expect(isDateFormatCode(code), code).toBe(true);
    for (const code of ['0', '0.00', '#,##0', '00000', '@', 'h:mm', 'h:mm AM/PM', '[h]:mm:ss', 'mm:ss', '0 "days"', '0.00E+00', '"dd" 0', '\\d0']) expect(isDateFormatCode(code), code).toBe(false);
    expect(['00000', '000000;@', '[Blue]00000', '0', '0.00', '000-00-0000', '"S"00000', '\\S00000'].map(zeroPadWidth)).toEqual([5, 6, 5, 0, 0, 0, 0, 0]);
    const styles = `<styleSheet><numFmts count="3"><numFmt numFmtId="164" formatCode="00000"/><numFmt numFmtId="165" formatCode="dd/mm/yyyy"/><numFmt numFmtId="166" formatCode="h:mm"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165" applyNumberFormat="1"><alignment horizontal="left"/></xf><xf numFmtId="14"/><xf numFmtId="20"/><xf numFmtId="166"/><xf numFmtId="2"/></cellXfs></styleSheet>`;
    expect(cellFormatsOf(styles)).toEqual([0, 5, DATE_FORMAT, DATE_FORMAT, TIME_FORMAT, TIME_FORMAT, 0]);
  });
});

describe('rows hidden in the file', () => {
  it('the scanner reads LibreOffice\'s hidden="true" (and skips its hidden="false" on every row), across chunk ends', () => {
    const xml = Buffer.from(
      '<sheetData><row r="1" customFormat="false" ht="15" hidden="false"><c r="A1"/></row>' +
        '<row r="2" customFormat="false" ht="15" hidden="true" customHeight="false"><c r="A2"/></row>' +
        '<row r="3" hidden="false"><c r="A3"/></row><row r="4" ht="0" hidden="1"><c r="A4"/></row>' +
        '<row r="5" hidden="true"></row><row r="6" hidden="true"/><row r="7" spans="1:2" hidden="1"><c r="A7"/></row></sheetData>',
    );
    for (const size of [1, 7, 40, xml.length]) {
      const scanner = new HiddenRowScanner();
      for (let i = 0; i < xml.length; i += size) scanner.add(xml.subarray(i, i + size));
      expect(scanner.rows, `chunks of ${size}`).toEqual([2, 4, 7]);
    }
  });

  it('rows a filter hides, and rows hidden by hand, are imported with a warning naming them', async () => {
    const { ctx, db } = await database();
    const bytes = openpyxlWorkbook(`
ws = wb.active
ws.title = 'Roster'
ws.append(['Student ID', 'First name', 'Last name', 'Graduation year', 'Advisor'])
for i, (first, advisor) in enumerate([('Ann', 'Kim'), ('Bo', 'Ode'), ('Cy', 'Kim'), ('Di', 'Ode'), ('Ed', 'Kim')]):
    ws.append([f'H{i + 1}', first, 'Hill', 2027, advisor])
ws.auto_filter.ref = 'A1:E6'
ws.auto_filter.add_filter_column(4, ['Kim'])
for r in (3, 5):
    ws.row_dimensions[r].hidden = True
ws.row_dimensions[9].hidden = True   # hidden, but holds nothing
`);
    const r = await commit(ctx, bytes, 'filtered.xlsx');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([
      { sheet: 'Roster', row: 3, column: null, message: 'rows 3, 5 are hidden in the file (by a filter, or hidden by hand) and were imported like the others; check them if only the visible rows were meant' },
    ]);
    expect(students(db).map((s) => s.id)).toEqual(['H1', 'H2', 'H3', 'H4', 'H5']);
  });

  it('one hidden row is named alone; a hidden title row above the header is not a data row', async () => {
    const { ctx, db } = await database();
    const bytes = openpyxlWorkbook(`
ws = wb.active
ws.title = 'Roster'
ws.append(['Class of 2027 roster'])
ws.append(['Student ID', 'First name', 'Last name', 'Graduation year'])
ws.append(['J1', 'Jo', 'Park', 2027])
ws.append(['J2', 'Ji', 'Park', 2027])
ws.row_dimensions[1].hidden = True
ws.row_dimensions[4].hidden = True
`);
    const r = await commit(ctx, bytes, 'hidden.xlsx');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([
      { sheet: 'Roster', row: 1, column: null, message: 'row 1 above the header row 2 was not read' },
      { sheet: 'Roster', row: 4, column: null, message: 'row 4 is hidden in the file (by a filter, or hidden by hand) and was imported like the others; check it if only the visible rows were meant' },
    ]);
    expect(students(db).map((s) => s.id)).toEqual(['J1', 'J2']);
  });
});
