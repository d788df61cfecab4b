/**
 * Streams a file's rows into located records: students, exam attempts and practice exams, each
 * checked on its own (types, scales, required cells). Whatever needs the database (does this
 * student exist, is this attempt already recorded) is left to plan.ts.
 */
import type { z } from 'zod';
import { CUSTOM_FIELD, IGNORE_FIELD, type ImportSheetKind, type MappingOverride } from '../../shared/api/import';
import { EXAM_LABELS, EXAMS, ExamAttemptInput, PRACTICE_EXAMS, PracticeExamInput, type ExamCode, type PracticeExamCode, type Student } from '../../shared/domain';
import { fieldSpec, templateSheetKind, type RosterExamPart } from './fields';
import { mapHeaders, type HeaderCell, type SheetMapping } from './mapping';
import { Problems } from './problems';
import type { SourceFile, SourceRow } from './readers';
import { rosterExamAttempts, type EarlierFailures, type WideExamCells } from './roster-exams';
import {
  cellText,
  Invalid,
  isErrorCell,
  parseApplicantType,
  parseDate,
  parseExam,
  parseInteger,
  parseIntegerIn,
  parseNumber,
  parseOutcome,
  parseOutcomeOrScore,
  parsePercent,
  parseYear,
  splitFullName,
  type CellValue,
} from './values';

/** Where a record came from: index into CollectedFile.sheets, and the spreadsheet row number. */
export interface Loc {
  sheet: number;
  row: number;
}

type StudentFields = Omit<Student, 'id' | 'customFields'>;
/** Only the cells that held something: a blank cell never erases a stored value. */
export type StudentValues = { [K in keyof StudentFields]?: StudentFields[K] };

export interface StudentRecord {
  loc: Loc;
  id: string;
  values: StudentValues;
  custom: Record<string, string> | null;
}

export interface AttemptRecord {
  loc: Loc;
  attempt: ExamAttemptInput;
  columns: Partial<Record<keyof ExamAttemptInput, string>>;
}

export interface FailuresRecord extends EarlierFailures {
  loc: Loc;
}

export interface PracticeRecord {
  loc: Loc;
  practice: PracticeExamInput;
  columns: Partial<Record<keyof PracticeExamInput, string>>;
}

export interface SheetState {
  name: string;
  position: number;
  kind: ImportSheetKind | null;
  headerRow: number | null;
  dataRows: number;
  mapping: SheetMapping | null;
}

export interface CollectedFile {
  format: 'xlsx' | 'csv';
  shape: 'template' | 'roster';
  sheets: SheetState[];
  students: Map<string, StudentRecord>;
  attempts: AttemptRecord[];
  earlierFailures: FailuresRecord[];
  practice: PracticeRecord[];
  problems: Problems;
  /** IDs whose student row had an error: their other rows are not also reported as "unknown student". */
  rejectedStudentIds: Set<string>;
}

export class ImportCancelledError extends Error {
  constructor() {
    super('The import was cancelled; nothing was written.');
    this.name = 'ImportCancelledError';
  }
}

export interface CollectOptions {
  mapping: readonly MappingOverride[];
  asOf: string;
  signal?: AbortSignal;
  /** Called every few thousand rows with the number of rows read so far. */
  onRows?: (rowsRead: number) => void;
}

/** Sheets a template carries for people, not data: not read, and not worth a warning. */
const QUIET_SHEETS = new Set(['instructions', 'lists', 'readme', 'help']);
/** Rows looked at to find the header under a title or a blank line. */
const HEADER_SEARCH_ROWS = 10;
const ROW_BATCH = 2000;

const REQUIRED_STUDENT_CELLS = new Set(['studentId', 'firstName', 'lastName', 'gradYear']);

/** A zod issue in the advisor's words, with the offending value where it helps. */
export function issueMessage(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === 'too_big') return `${String(value)} is above the maximum of ${String(issue.maximum)}`;
  if (issue.code === 'too_small') return typeof value === 'string' ? issue.message : `${String(value)} is below the minimum of ${String(issue.minimum)}`;
  return issue.message;
}

interface ErrorCellTally {
  count: number;
  firstRow: number;
  sample: string;
}

class SheetCollector {
  readonly errorCells = new Map<string, ErrorCellTally>();
  readonly customSeen = new Set<string>();
  splitNames = false;
  private readonly wideColumns: { column: number; header: string; exam: ExamCode; part: RosterExamPart }[] = [];
  private readonly plainColumns: { column: number; header: string; field: string }[] = [];
  private readonly customColumns: { column: number; header: string }[] = [];

  constructor(
    private readonly out: CollectedFile,
    private readonly index: number,
    private readonly kind: ImportSheetKind,
    private readonly mapping: SheetMapping,
    private readonly date1904: boolean,
    private readonly asOf: string,
  ) {
    for (const c of mapping.columns) {
      if (c.field === IGNORE_FIELD) continue;
      if (c.field === CUSTOM_FIELD) {
        this.customColumns.push({ column: c.column, header: c.header });
        continue;
      }
      if (mapping.byField.get(c.field)?.column !== c.column) continue;
      const dot = c.field.indexOf('.');
      if (kind === 'students' && dot > 0) {
        const exam = EXAMS.find((e) => e.toLowerCase() === c.field.slice(0, dot))!;
        this.wideColumns.push({ column: c.column, header: c.header, exam, part: c.field.slice(dot + 1) as RosterExamPart });
      } else this.plainColumns.push({ column: c.column, header: c.header, field: c.field });
    }
  }

  private get sheetName(): string {
    return this.out.sheets[this.index].name;
  }

  private error(row: number, column: string | null, message: string): void {
    this.out.problems.error(this.sheetName, row, column, message);
  }

  header(field: string): string | undefined {
    return this.mapping.byField.get(field)?.header;
  }

  /** The cell, or null for a blank; error cells are an error in a required column and blank elsewhere. */
  private read(row: SourceRow, column: number, header: string, required: boolean): { value: CellValue; failed: boolean } {
    const v = row.cell(column);
    if (v === null || !isErrorCell(v)) return { value: v, failed: false };
    if (required) {
      this.error(row.number, header, `${v.error} in a required column`);
      return { value: null, failed: true };
    }
    const tally = this.errorCells.get(header);
    if (tally) tally.count++;
    else this.errorCells.set(header, { count: 1, firstRow: row.number, sample: v.error });
    return { value: null, failed: false };
  }

  /** Reads one data row; returns false for a blank row (not counted). */
  row(row: SourceRow): boolean {
    switch (this.kind) {
      case 'students':
        return this.studentRow(row);
      case 'exams':
        return this.examRow(row);
      case 'practice':
        return this.practiceRow(row);
    }
  }

  private studentRow(row: SourceRow): boolean {
    const n = row.number;
    const values: StudentValues = {};
    let id: string | null = null;
    let any = false;
    let failed = false;
    const check = <T,>(parsed: T | null | Invalid, header: string): T | null => {
      if (parsed instanceof Invalid) {
        this.error(n, header, parsed.message);
        failed = true;
        return null;
      }
      return parsed;
    };
    for (const c of this.plainColumns) {
      const { value: v, failed: bad } = this.read(row, c.column, c.header, REQUIRED_STUDENT_CELLS.has(c.field));
      if (bad) (failed = true), (any = true);
      if (v === null) continue;
      any = true;
      switch (c.field) {
        case 'studentId': {
          const t = cellText(v);
          if (t !== null && t.length > 64) check(new Invalid(`Student ID is longer than 64 characters`), c.header);
          else id = t;
          break;
        }
        case 'firstName':
        case 'lastName':
        case 'targetSpecialty':
        case 'backupSpecialty':
        case 'advisor':
        case 'notes':
        case 'email': {
          const t = cellText(v);
          if (t !== null) values[c.field] = t;
          break;
        }
        case 'fullName': {
          const t = cellText(v);
          if (t === null) break;
          const split = splitFullName(t);
          if (!split) check(new Invalid(`cannot tell first from last name in "${t}": use "Last, First", or First name and Last name columns`), c.header);
          else {
            if (!t.includes(',')) this.splitNames = true;
            values.firstName = split.firstName;
            values.lastName = split.lastName;
          }
          break;
        }
        case 'gradYear': {
          const y = check(parseYear(v), c.header);
          if (y !== null) values.gradYear = y;
          break;
        }
        case 'applicantType': {
          const t = check(parseApplicantType(v), c.header);
          if (t !== null) values.applicantType = t;
          break;
        }
        case 'usceMonths': {
          const m = check(parseNumber(v, 'USCE months'), c.header);
          if (m !== null) values.usceMonths = m;
          break;
        }
        case 'usLetters': {
          const l = check(parseInteger(v, 'US letters'), c.header);
          if (l !== null) values.usLetters = l;
          break;
        }
        case 'step1Deadline': {
          const d = check(parseDate(v, this.date1904), c.header);
          if (d !== null) values.step1Deadline = d;
          break;
        }
      }
    }

    let wide: Map<ExamCode, WideExamCells> | null = null;
    for (const c of this.wideColumns) {
      const { value: v } = this.read(row, c.column, c.header, false);
      if (v === null) continue;
      any = true;
      const cells = (wide ??= new Map()).get(c.exam) ?? { headers: {}, texts: {} };
      wide.set(c.exam, cells);
      cells.headers[c.part] = c.header;
      cells.texts[c.part] = cellText(v) ?? '';
      switch (c.part) {
        case 'result': {
          const o = check(parseOutcome(v), c.header);
          if (o !== null) cells.result = o;
          break;
        }
        case 'score': {
          const s = check(parseInteger(v, 'score'), c.header);
          if (s !== null) cells.score = s;
          break;
        }
        case 'attempts': {
          const a = check(parseIntegerIn(v, 'attempts', 0, 20), c.header);
          if (a !== null) cells.attempts = a;
          break;
        }
        case 'date':
        case 'scheduled': {
          const d = check(parseDate(v, this.date1904), c.header);
          if (d !== null) cells[c.part] = d;
          break;
        }
        case 'value': {
          const r = check(parseOutcomeOrScore(v, 'score'), c.header);
          if (r && 'score' in r && cells.score === undefined) cells.score = r.score;
          if (r && 'outcome' in r && cells.result === undefined) cells.result = r.outcome;
          break;
        }
      }
    }

    let custom: Record<string, string> | null = null;
    for (const c of this.customColumns) {
      const { value: v } = this.read(row, c.column, c.header, false);
      const t = v === null ? null : cellText(v);
      if (t === null) continue;
      any = true;
      (custom ??= {})[c.header] = t;
      this.customSeen.add(c.header);
    }

    if (!any) return false;
    const idHeader = this.header('studentId') ?? 'Student ID';
    if (id === null) {
      // Without a Student ID column the sheet-level error already says so, once.
      if (!failed && this.header('studentId')) this.error(n, idHeader, 'missing Student ID');
      return true;
    }
    const earlier = this.out.students.get(id);
    if (earlier) {
      const where = earlier.loc.sheet === this.index ? `row ${earlier.loc.row}` : `${this.out.sheets[earlier.loc.sheet].name}!${earlier.loc.row}`;
      this.error(n, idHeader, `Student ID ${id} is also on ${where}`);
      return true;
    }
    if (wide)
      for (const [exam, cells] of wide) {
        const made = rosterExamAttempts(id, exam, cells, this.asOf);
        for (const e of made.errors) (this.error(n, e.column, e.message), (failed = true));
        for (const w of made.warnings) this.out.problems.warn(this.sheetName, n, w.column, w.message);
        if (Object.keys(made.keep).length) custom = { ...(custom ?? {}), ...made.keep };
        for (const a of made.attempts) if (!this.validAttempt(n, a.attempt, a.columns)) failed = true;
        if (made.earlierFailures) this.out.earlierFailures.push({ ...made.earlierFailures, loc: { sheet: this.index, row: n } });
      }
    if (failed) this.out.rejectedStudentIds.add(id);
    this.out.students.set(id, { loc: { sheet: this.index, row: n }, id, values, custom });
    return true;
  }

  /** Validates an attempt with the domain schema (score scales, required dates) and keeps it if valid. */
  private validAttempt(n: number, attempt: ExamAttemptInput, columns: AttemptRecord['columns']): boolean {
    const r = ExamAttemptInput.safeParse(attempt);
    if (!r.success) {
      for (const issue of r.error.issues) {
        const field = issue.path[0] as keyof ExamAttemptInput;
        this.error(n, columns[field] ?? null, issueMessage(issue, attempt[field]));
      }
      return false;
    }
    this.out.attempts.push({ loc: { sheet: this.index, row: n }, attempt, columns });
    return true;
  }

  /** The mapped cells of an exam or practice row, parsed by `take`; fields whose cell was wrong are remembered so "missing" is not said twice. */
  private plain(row: SourceRow, required: ReadonlySet<string>) {
    const cells = new Map<string, { value: CellValue; header: string }>();
    const failed = new Set<string>();
    let any = false;
    for (const c of this.plainColumns) {
      const r = this.read(row, c.column, c.header, required.has(c.field));
      if (r.failed) (failed.add(c.field), (any = true));
      if (r.value === null) continue;
      if (cellText(r.value) !== null) any = true;
      cells.set(c.field, { value: r.value, header: c.header });
    }
    for (const c of this.customColumns)
      if (cellText(row.cell(c.column)) !== null) {
        any = true;
        this.customSeen.add(c.header);
      }
    const n = row.number;
    const take = <T,>(field: string, parse: (v: CellValue) => T | null | Invalid): T | null => {
      const c = cells.get(field);
      if (!c) return null;
      const p = parse(c.value);
      if (p instanceof Invalid) {
        this.error(n, c.header, p.message);
        failed.add(field);
        return null;
      }
      return p;
    };
    const missing = (kind: ImportSheetKind, field: string, what: string) => {
      if (failed.has(field)) return;
      failed.add(field);
      // A column that is not there at all is one sheet-level error, not one per row.
      if (!this.header(field)) return;
      this.error(n, this.header(field) ?? fieldSpec(kind, field)!.label, `missing ${what}`);
    };
    return { any, failed, take, missing };
  }

  private examRow(row: SourceRow): boolean {
    const n = row.number;
    const { any, failed, take, missing } = this.plain(row, EXAM_REQUIRED);
    if (!any) return false;
    const studentId = take('studentId', cellText);
    const exam = take('exam', parseExam);
    const testDate = take('testDate', (v) => parseDate(v, this.date1904));
    const outcome = take('outcome', parseOutcome);
    const score = take('score', (v) => parseInteger(v, 'score'));
    const attemptOrder = take('attemptOrder', (v) => parseIntegerIn(v, 'attempt', 1, 20));
    if (studentId === null) missing('exams', 'studentId', 'Student ID');
    if (exam === null) missing('exams', 'exam', 'Exam');
    if (failed.size || studentId === null || exam === null) return true;
    this.validAttempt(
      n,
      { studentId, exam, testDate, outcome, score, attemptOrder },
      { studentId: this.header('studentId'), exam: this.header('exam'), testDate: this.header('testDate'), outcome: this.header('outcome'), score: this.header('score'), attemptOrder: this.header('attemptOrder') },
    );
    return true;
  }

  private practiceRow(row: SourceRow): boolean {
    const n = row.number;
    const { any, failed, take, missing } = this.plain(row, PRACTICE_REQUIRED);
    if (!any) return false;
    const studentId = take('studentId', cellText);
    const examCode = take('exam', parseExam);
    let exam: PracticeExamCode | null = null;
    if (examCode !== null) {
      if ((PRACTICE_EXAMS as readonly string[]).includes(examCode)) exam = examCode as PracticeExamCode;
      else {
        this.error(n, this.header('exam')!, `practice exams are recorded for Step 1 and Step 2 CK only, not ${EXAM_LABELS[examCode]}`);
        failed.add('exam');
      }
    }
    const form = take('form', cellText);
    const takenOn = take('takenOn', (v) => parseDate(v, this.date1904));
    const score = take('score', (v) => parseInteger(v, 'score'));
    const passProbability = take('passProbability', parsePercent);
    if (studentId === null) missing('practice', 'studentId', 'Student ID');
    if (examCode === null) missing('practice', 'exam', 'Exam');
    if (form === null) missing('practice', 'form', 'Form (e.g. NBME 31)');
    if (takenOn === null) missing('practice', 'takenOn', 'Date');
    if (failed.size || studentId === null || exam === null || form === null || takenOn === null) return true;
    const practice: PracticeExamInput = { studentId, exam, form, takenOn, score, passProbability };
    const columns: PracticeRecord['columns'] = {
      studentId: this.header('studentId'), exam: this.header('exam'), form: this.header('form'), takenOn: this.header('takenOn'), score: this.header('score'), passProbability: this.header('passProbability'),
    };
    const r = PracticeExamInput.safeParse(practice);
    if (!r.success) {
      for (const issue of r.error.issues) {
        const field = issue.path[0] as keyof PracticeExamInput;
        this.error(n, columns[field] ?? null, issueMessage(issue, practice[field]));
      }
      return true;
    }
    this.out.practice.push({ loc: { sheet: this.index, row: n }, practice, columns });
    return true;
  }

  /** Sheet-level warnings once every row is read. */
  finish(): void {
    const sheet = this.sheetName;
    for (const c of this.customColumns)
      if (this.customSeen.has(c.header))
        this.out.problems.warn(sheet, null, c.header, this.kind === 'students' ? `column '${c.header}' kept as a custom field` : `column '${c.header}' is not read (only students carry custom fields)`);
    for (const [header, t] of this.errorCells)
      this.out.problems.warn(sheet, t.firstRow, header, `${t.count} cell${t.count > 1 ? 's' : ''} holding ${t.sample} read as blank, first on row ${t.firstRow}`);
    if (this.splitNames) this.out.problems.warn(sheet, null, this.header('fullName') ?? null, 'names were split at the last space into first and last name; check compound surnames, or use "Last, First"');
  }
}

const EXAM_REQUIRED = new Set(['studentId', 'exam']);
const PRACTICE_REQUIRED = new Set(['studentId', 'exam', 'form', 'takenOn']);

function headerCells(row: SourceRow): HeaderCell[] {
  const cells: HeaderCell[] = [];
  for (let c = 1; c <= row.width; c++) {
    const v = row.cell(c);
    cells.push({ column: c, text: (v !== null && !isErrorCell(v) ? cellText(v) : null) ?? '' });
  }
  while (cells.length && cells[cells.length - 1].text === '') cells.pop();
  return cells;
}

function isBlankRow(row: SourceRow): boolean {
  for (let c = 1; c <= row.width; c++) if (cellText(row.cell(c)) !== null) return false;
  return true;
}

function looksLikeHeader(kind: ImportSheetKind, row: SourceRow): boolean {
  const m = mapHeaders(kind, '', 1, headerCells(row), [], new Set(), new Problems());
  return m.byField.has('studentId');
}

export async function collectFile(source: SourceFile, options: CollectOptions): Promise<CollectedFile> {
  const out: CollectedFile = {
    format: source.format,
    shape: 'roster',
    sheets: [],
    students: new Map(),
    attempts: [],
    earlierFailures: [],
    practice: [],
    problems: new Problems(),
    rejectedStudentIds: new Set(),
  };
  for (const note of source.notes) out.problems.warn('', null, null, note);
  const usedOverrides = new Set<number>();
  let decided = false;
  let firstTab = '';
  let rowsRead = 0;

  for await (const sheet of source.sheets()) {
    if (!decided) {
      decided = true;
      out.shape = sheet.tabNames.some((n) => templateSheetKind(n) !== null) ? 'template' : 'roster';
      firstTab = sheet.tabNames[0] ?? sheet.name;
    }
    const kind = out.shape === 'template' ? templateSheetKind(sheet.name) : sheet.name === firstTab ? 'students' : null;
    const index = out.sheets.length;
    const state: SheetState = { name: sheet.name, position: sheet.position, kind, headerRow: null, dataRows: 0, mapping: null };
    out.sheets.push(state);
    if (kind === null) {
      if (!QUIET_SHEETS.has(sheet.name.trim().toLowerCase()))
        out.problems.warn(sheet.name, null, null, out.shape === 'template' ? `sheet '${sheet.name}' is not read (a template is read from its Students, Exams and Practice sheets)` : `sheet '${sheet.name}' is not read (a roster is read from the first sheet, '${firstTab}')`);
      continue;
    }

    let collector: SheetCollector | null = null;
    const before: SourceRow[] = [];
    const startCollector = (header: SourceRow) => {
      state.headerRow = header.number;
      state.mapping = mapHeaders(kind, sheet.name, header.number, headerCells(header), options.mapping, usedOverrides, out.problems);
      collector = new SheetCollector(out, index, kind, state.mapping, source.date1904(), options.asOf);
    };
    const dataRow = (row: SourceRow) => {
      if (collector!.row(row)) state.dataRows++;
    };

    for await (const row of sheet.rows) {
      if (++rowsRead % ROW_BATCH === 0) {
        if (options.signal?.aborted) throw new ImportCancelledError();
        options.onRows?.(rowsRead);
      }
      if (collector) {
        dataRow(row);
        continue;
      }
      if (isBlankRow(row)) continue;
      before.push(row);
      const isHeader = looksLikeHeader(kind, row);
      if (isHeader || before.length >= HEADER_SEARCH_ROWS) {
        const headerAt = isHeader ? before.length - 1 : 0;
        startCollector(before[headerAt]);
        if (headerAt > 0) out.problems.warn(sheet.name, before[0].number, null, `row${headerAt > 1 ? 's' : ''} ${before.slice(0, headerAt).map((r) => r.number).join(', ')} above the header row ${before[headerAt].number} ${headerAt > 1 ? 'were' : 'was'} not read`);
        for (const r of before.slice(headerAt + 1)) dataRow(r);
      }
    }
    if (!collector && before.length) {
      startCollector(before[0]);
      for (const r of before.slice(1)) dataRow(r);
    }
    if (collector) (collector as SheetCollector).finish();
    else out.problems.warn(sheet.name, null, null, `sheet '${sheet.name}' is empty`);
  }
  options.onRows?.(rowsRead);

  options.mapping.forEach((o, i) => {
    if (!usedOverrides.has(i)) out.problems.warn(o.sheet ?? '', null, o.header, `the mapping for '${o.header}' matched no column${o.sheet ? ` on sheet '${o.sheet}'` : ''}`);
  });
  if (out.sheets.every((s) => s.kind === null)) out.problems.error(out.sheets[0]?.name ?? '', null, null, 'the file holds no sheet to read');
  return out;
}
