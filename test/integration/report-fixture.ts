/**
 * A database for the report tests: a demo cohort plus hand-made students whose names and custom
 * fields try to become formulas, carry emails and phone numbers, and have advising notes with
 * action items. Also: a reader that opens a workbook with Debian's python3-openpyxl (a program no
 * one here wrote) and the raw XML parts of an xlsx.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Student } from '../../src/shared/domain';
import { insertAttempt } from '../../src/main/db/attempts';
import { insertNote } from '../../src/main/db/notes';
import type { Db } from '../../src/main/db/open';
import { insertStudent } from '../../src/main/db/students';
import { loadDemoCohort } from '../../src/main/demo/load';

export const AS_OF = '2026-11-26';
const who = { actor: 'fixture', context: 'report test fixture' };

function student(p: Partial<Student> & Pick<Student, 'id' | 'firstName' | 'lastName'>): Student {
  return {
    email: null,
    gradYear: 2027,
    applicantType: 'US_MD',
    targetSpecialty: null,
    backupSpecialty: null,
    advisor: 'Dr. Brennan',
    usceMonths: null,
    usLetters: null,
    step1Deadline: null,
    notes: null,
    customFields: {},
    ...p,
  };
}

/** Students built to break a naive exporter. Names are distinctive so a search for them means something. */
export const TRICKY: Student[] = [
  student({
    id: 'X-1001',
    firstName: 'Zebulon',
    lastName: '=HYPERLINK("http://x","y")',
    email: 'zebulon.quux@uni.example.edu',
    targetSpecialty: 'Dermatology',
    notes: 'Met Zebulon about =SUM(A1); call 555-867-5309',
    customFields: { 'Preferred name': 'Zeb', 'Parent phone': '555-123-4567', 'Clerkship track': 'Rural, mentor Quackenbush', 'Honors count': '=1+1', 'Research': 'see https://lab.example.org/zq' },
  }),
  student({ id: 'X-1002', firstName: '+1', lastName: 'Quackenbush', email: 'q.quackenbush@uni.example.edu', applicantType: 'IMG', customFields: { 'Clerkship track': '@SUM(A1)' } }),
  student({ id: 'X-1003', firstName: 'Ophelia', lastName: '@SUM(A1)', email: 'ophelia.w@uni.example.edu', gradYear: 2028, customFields: { 'Clerkship track': 'Urban' } }),
  student({ id: 'X-1004', firstName: 'Ignatius', lastName: '-Minus', email: 'ignatius.m@uni.example.edu', gradYear: 2028, customFields: { 'Clerkship track': 'bell\u0001 and tab\tok' } }),
];

/** Demo cohort (as of AS_OF) plus the tricky students, their exams, and advising notes with action items. */
export function seedReportDatabase(db: Db, demoStudents = 300): void {
  loadDemoCohort(db, { students: demoStudents, seed: 2027, asOf: AS_OF }, who);
  db.transaction(() => {
    for (const s of TRICKY) insertStudent(db, s, who);
    // X-1001: failed Step 1 then passed, CK 240 against Dermatology's 258, no backup: STEP1_FAIL, CK_BELOW_TARGET, DUAL_APPLY_ADVISED.
    insertAttempt(db, { studentId: 'X-1001', exam: 'STEP1', testDate: '2025-05-01', outcome: 'FAIL', score: null, attemptOrder: 1 }, who);
    insertAttempt(db, { studentId: 'X-1001', exam: 'STEP1', testDate: '2025-07-20', outcome: 'PASS', score: null, attemptOrder: 2 }, who);
    insertAttempt(db, { studentId: 'X-1001', exam: 'STEP2CK', testDate: '2026-07-01', outcome: 'PASS', score: 240, attemptOrder: 1 }, who);
    insertAttempt(db, { studentId: 'X-1002', exam: 'STEP1', testDate: '2025-06-01', outcome: 'PASS', score: null, attemptOrder: 1 }, who);
    insertAttempt(db, { studentId: 'X-1003', exam: 'STEP1', testDate: '2026-06-01', outcome: 'PASS', score: null, attemptOrder: 1 }, who);
    insertNote(
      db,
      {
        studentId: 'X-1001',
        body: 'Zebulon Quackenbush-level concern: email zebulon.quux@uni.example.edu',
        followUpDate: '2026-12-10',
        actionItems: [
          { text: 'Draft the Step 1 explanation', dueDate: '2026-11-10', done: false },
          { text: 'Add a backup specialty', dueDate: '2026-12-05', done: false },
          { text: 'Book a meeting with the dean', dueDate: '2026-11-05', done: true },
        ],
      },
      who,
      '2026-11-01T15:00:00.000Z',
    );
  })();
}

/** Debian's python3 (where python3-openpyxl is installed), not a virtualenv's. */
export const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

const OPENPYXL_SCRIPT = String.raw`
import json, sys, zipfile, re
import openpyxl
path = sys.argv[1]
wb = openpyxl.load_workbook(path)
out = {"sheets": wb.sheetnames, "creator": wb.properties.creator, "lastModifiedBy": wb.properties.lastModifiedBy, "data": {}}
for ws in wb.worksheets:
    formulas, dates, cells = 0, 0, []
    rows = []
    # Row 1 is the sheet's title; the table (header first) starts in row 2.
    for row in ws.iter_rows(min_row=2):
        vals = []
        for c in row:
            if c.data_type == 'f':
                formulas += 1
            if getattr(c, 'is_date', False) and c.value is not None:
                dates += 1
            v = c.value
            if hasattr(v, 'isoformat'):
                v = {"date": v.isoformat(), "format": c.number_format}
            vals.append(v)
        rows.append(vals)
    ps = ws.page_setup
    fit = ws.sheet_properties.pageSetUpPr
    out["data"][ws.title] = {"formulas": formulas, "dates": dates, "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref, "rows": rows,
                             "title": ws.cell(row=1, column=1).value, "merged": [str(r) for r in ws.merged_cells.ranges],
                             "print": {"orientation": ps.orientation, "fitToWidth": ps.fitToWidth, "fitToHeight": ps.fitToHeight,
                                       "fitToPage": bool(fit and fit.fitToPage), "titleRows": ws.print_title_rows},
                             "heights": {str(r): d.height for r, d in ws.row_dimensions.items() if d.height is not None and r <= 2000},
                             "widths": [ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width for i in range(1, ws.max_column + 1)],
                             "wrap": [[bool(c.alignment is not None and c.alignment.wrap_text) for c in r] for r in ws.iter_rows(min_row=2, max_row=min(ws.max_row, 2000))],
                             "types": [[c.data_type for c in r] for r in ws.iter_rows(min_row=2, max_row=min(ws.max_row, 2000))]}
with zipfile.ZipFile(path) as z:
    out["formulaElements"] = sum(len(re.findall(r"<f[ >]", z.read(n).decode("utf-8"))) for n in z.namelist() if n.endswith(".xml"))
print(json.dumps(out, default=str))
`;

export interface OpenpyxlSheet {
  formulas: number;
  dates: number;
  freeze: string | null;
  filter: string | null;
  /** The table from its header row (row 2) down, notes under it included. */
  rows: unknown[][];
  /** Row 1: what the sheet is (school, report, as-of date, identified or not). */
  title: unknown;
  /** Merged ranges ("A1:M1"). */
  merged: string[];
  /** The page setup a printer reads, and the rows printed on every page. */
  print: { orientation: string | null; fitToWidth: number | null; fitToHeight: number | null; fitToPage: boolean; titleRows: string | null };
  /** Row heights set in the file (points), by row number, of the first 2,000 rows. */
  heights: Record<string, number>;
  /** Each column's width in characters, A first. */
  widths: number[];
  /** Per cell of the first 2,000 rows from the header down (like `rows`): whether its text wraps. */
  wrap: boolean[][];
  types: string[][];
}

export interface OpenpyxlView {
  sheets: string[];
  creator: string | null;
  lastModifiedBy: string | null;
  data: Record<string, OpenpyxlSheet>;
  formulaElements: number;
}

export function readWithOpenpyxl(file: string): OpenpyxlView {
  const json = execFileSync(PYTHON, ['-c', OPENPYXL_SCRIPT, file], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  return JSON.parse(json) as OpenpyxlView;
}

/** Every part of the xlsx, unzipped (`unzip -o -q -d`) into a folder and read back as text, keyed by its path in the zip. */
export function xlsxParts(file: string, dir: string): Map<string, string> {
  execFileSync('unzip', ['-o', '-q', file, '-d', dir]);
  const parts = new Map<string, string>();
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (e.isFile()) parts.set(path.relative(dir, path.join(e.parentPath, e.name)), fs.readFileSync(path.join(e.parentPath, e.name), 'utf8'));
  return parts;
}

/** The text a reader sees in an XML part: tags removed, entities decoded. */
export function xmlText(xml: string): string {
  return xml
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
