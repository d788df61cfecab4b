/**
 * The empty import template (PRODUCT.md, Import formats): Students, Exams and Practice sheets whose
 * headers are exactly what the import recognises, required columns marked with *, drop-down lists
 * for exam names, results and applicant types, and an Instructions sheet.
 */
import { loadExcelJS } from '../exceljs';
import { columnLetter } from './mapping';
import { APPLICANT_TYPE_LABELS, APPLICANT_TYPES, ENROLMENT_LABELS, ENROLMENT_STATUSES, EXAM_LABELS, EXAMS, OUTCOME_LABELS, OUTCOMES, PRACTICE_EXAMS } from '../../shared/domain';

/** Rows that carry the drop-downs and number checks; far more than any class. */
const TEMPLATE_ROWS = 5000;

interface TemplateColumn {
  header: string;
  required?: boolean;
  width: number;
  date?: boolean;
  list?: string[];
  whole?: [number, number];
  decimal?: [number, number];
  note?: string;
}

const SHEETS: { name: string; columns: TemplateColumn[] }[] = [
  {
    name: 'Students',
    columns: [
      { header: 'Student ID', required: true, width: 14 },
      { header: 'First name', required: true, width: 16 },
      { header: 'Last name', required: true, width: 18 },
      { header: 'Email', width: 30 },
      { header: 'Graduation year', required: true, width: 16, whole: [1950, 2100] },
      { header: 'Applicant type', width: 15, list: APPLICANT_TYPES.map((t) => APPLICANT_TYPE_LABELS[t]) },
      { header: 'Target specialty', width: 26 },
      { header: 'Backup specialty', width: 26 },
      { header: 'Advisor', width: 18 },
      { header: 'USCE months', width: 13, decimal: [0, 240], note: 'Months of US clinical experience (IMG applicants). Blank = not recorded.' },
      { header: 'US letters', width: 11, whole: [0, 50], note: 'Number of US letters of recommendation. Blank = not recorded.' },
      { header: 'Step 1 deadline', width: 15, date: true, note: "Only to override the class's Step 1 deadline for this student." },
      { header: 'Notes', width: 40 },
      { header: 'Enrolment status', width: 18, list: ENROLMENT_STATUSES.map((s) => ENROLMENT_LABELS[s]), note: 'Blank keeps the stored status (a new student is active). LOA, Decel and the like are read too.' },
      { header: 'Enrolment status date', width: 15, date: true, note: 'The day the status took effect; blank = the day of the import.' },
      { header: 'Enrolment status end', width: 15, date: true, note: "A leave's or an extension's planned last day." },
    ],
  },
  {
    name: 'Exams',
    columns: [
      { header: 'Student ID', required: true, width: 14 },
      { header: 'Exam', required: true, width: 20, list: EXAMS.map((e) => EXAM_LABELS[e]) },
      { header: 'Date', width: 13, date: true, note: 'Test date; required for Scheduled and Pending. Blank for an old attempt whose date is unknown.' },
      { header: 'Result', width: 12, list: OUTCOMES.map((o) => OUTCOME_LABELS[o]), note: 'Pending = taken, result not released. Blank when only a score is known.' },
      { header: 'Score', width: 8, whole: [1, 999], note: 'USMLE 1–300; COMLEX up to 999.' },
    ],
  },
  {
    name: 'Practice',
    columns: [
      { header: 'Student ID', required: true, width: 14 },
      { header: 'Exam', required: true, width: 12, list: PRACTICE_EXAMS.map((e) => EXAM_LABELS[e]) },
      { header: 'Form', required: true, width: 14, note: 'e.g. NBME 31, CBSSA 29, UWSA 2.' },
      { header: 'Date', required: true, width: 13, date: true },
      { header: 'Score', width: 8, whole: [1, 300] },
      { header: 'Pass probability (%)', width: 20, decimal: [0, 100], note: "NBME's Step 1 self-assessments report a probability of passing." },
    ],
  },
];

const INSTRUCTIONS = [
  'How to fill in this workbook for Stepwise',
  '',
  'Columns marked * are required. Keep the header row as it is; add columns of your own if you like: they are kept with each student as custom fields.',
  '',
  'Students: one row per student. The Student ID is the key: importing a student who is already in Stepwise updates them.',
  'Exams: one row per exam attempt (Step 1, Step 2 CK, Step 3, COMLEX Level 1, COMLEX Level 2-CE). A scheduled exam is a row with Result "Scheduled" and its date.',
  'Practice: one row per practice exam (NBME, UWSA, Free 120…), with a three-digit score or a pass probability.',
  '',
  'Dates: type them as dates (2025-06-30 or 6/30/2025).',
  'Results: Pass, Fail, Incomplete, Scheduled, Pending (P and F work too).',
  'Applicant type: US MD, US DO or IMG.',
  '',
  'Importing is safe to repeat: rows already in Stepwise are recognised and not added twice, and a blank cell never erases what Stepwise already holds.',
  'If any row has a problem, nothing is imported: Stepwise lists each problem with its sheet, row and column so you can fix the file and import it again.',
];

/** The parts of exceljs's worksheet the published types leave out. */
interface WithValidations {
  dataValidations: { add(range: string, validation: object): void };
}

export async function templateWorkbook(): Promise<Uint8Array> {
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Stepwise';
  const instructions = wb.addWorksheet('Instructions');
  instructions.getColumn(1).width = 120;
  INSTRUCTIONS.forEach((line, i) => {
    const cell = instructions.getCell(i + 1, 1);
    cell.value = line;
    cell.alignment = { wrapText: true, vertical: 'top' };
    if (i === 0) cell.font = { bold: true, size: 14 };
  });

  for (const sheet of SHEETS) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    const header = ws.getRow(1);
    sheet.columns.forEach((c, i) => {
      const col = ws.getColumn(i + 1);
      col.width = c.width;
      if (c.date) col.numFmt = 'yyyy-mm-dd';
      const cell = header.getCell(i + 1);
      cell.value = c.required ? `${c.header}*` : c.header;
      cell.font = { bold: true, color: { argb: c.required ? 'FF9C0006' : 'FF1F2937' } };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c.required ? 'FFFDE2E1' : 'FFE5E7EB' } };
      if (c.note) cell.note = c.note;
      const range = `${columnLetter(i + 1)}2:${columnLetter(i + 1)}${TEMPLATE_ROWS + 1}`;
      const validations = (ws as unknown as WithValidations).dataValidations;
      if (c.list)
        validations.add(range, {
          type: 'list',
          allowBlank: true,
          formulae: [`"${c.list.join(',')}"`],
          showErrorMessage: true,
          errorTitle: c.header,
          error: `Choose one of: ${c.list.join(', ')}`,
        });
      else if (c.whole || c.decimal)
        validations.add(range, {
          type: c.whole ? 'whole' : 'decimal',
          operator: 'between',
          allowBlank: true,
          formulae: (c.whole ?? c.decimal)!,
          showErrorMessage: true,
          errorTitle: c.header,
          error: `A number from ${(c.whole ?? c.decimal)![0]} to ${(c.whole ?? c.decimal)![1]}`,
        });
      else if (c.date)
        validations.add(range, {
          type: 'date',
          operator: 'greaterThan',
          allowBlank: true,
          formulae: [new Date(Date.UTC(1950, 0, 1))],
          showErrorMessage: true,
          errorTitle: c.header,
          error: 'A date, e.g. 2025-06-30',
        });
    });
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  }
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 1, visibility: 'visible' }];
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

export const TEMPLATE_SHEET_NAMES = SHEETS.map((s) => s.name);
