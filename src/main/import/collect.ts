/**
 * Streams a file's rows into located records: students, exam attempts and practice exams, each
 * checked on its own (types, scales, required cells). Whatever needs the database (does this
 * student exist, is this attempt already recorded) is left to plan.ts.
 */
import type { z } from 'zod';
import { CUSTOM_FIELD, IGNORE_FIELD, type ImportSheetKind, type MappingOverride } from '../../shared/api/import';
import { EnrolmentChangeInput, EXAM_LABELS, EXAMS, ExamAttemptInput, parseEnrolmentStatus, type EnrolmentStatus, type ParsedEnrolmentChange, OUTCOME_LABELS, PRACTICE_EXAMS, PracticeExamInput, type ExamCode, type Outcome, type PracticeExamCode, type Student } from '../../shared/domain';
import { examFromName, examPartKey, fieldSpec, headerKey, templateSheetKind, type RosterExamPart } from './fields';
import { mapHeaders, type HeaderCell, type SheetMapping } from './mapping';
import { Problems } from './problems';
import { MAX_SHEET_ROWS, type SourceFile, type SourceRow } from './readers';
import { FORMULA_WITHOUT_VALUE } from './readers/excel-values';
import { rosterExamAttempts, type EarlierFailures, type WideExamCells } from './roster-exams';
import { certainlyValidAttempt, certainlyValidPractice } from './quick-checks';
import { digitsKey } from './student-ids';
import {
  cellText,
  Invalid,
  isErrorCell,
  NUMBER_TEXT,
  parseApplicantType,
  parseDate,
  parseExam,
  parseInteger,
  parseIntegerIn,
  parseNumber,
  parseOutcome,
  parsePercent,
  parseYear,
  slashedDateOrder,
  splitFullName,
  DATE_ORDER_LABELS,
  type CellValue,
  type DateOrder,
  type Parsed,
} from './values';

/** Where a record came from: index into CollectedFile.sheets, and the spreadsheet row number. */
export interface Loc {
  sheet: number;
  row: number;
}

/** A Loc as one number, for the maps that remember a location per student or row of a 100,000-student file (rows ≤ 2^20). */
export const packLoc = (loc: Loc): number => loc.sheet * 2 ** 21 + loc.row;
export const unpackLoc = (n: number): Loc => ({ sheet: Math.floor(n / 2 ** 21), row: n % 2 ** 21 });

type StudentFields = Omit<Student, 'id' | 'customFields'>;
/** Only the cells that held something: a blank cell never erases a stored value. */
export type StudentValues = { [K in keyof StudentFields]?: StudentFields[K] };

export interface StudentRecord {
  loc: Loc;
  id: string;
  values: StudentValues;
  custom: Record<string, string> | null;
  /** An "Enrolment status" cell, checked, with its dates (the day of the import when none): the sink records it if it is news. */
  enrolment?: { change: ParsedEnrolmentChange; columns: { status: string; from: string | null; until: string | null } };
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

/** Where checked records go as they are read (sink.ts: decided and written chunk by chunk). */
export interface RecordSink {
  student(rec: StudentRecord): void;
  attempt(rec: AttemptRecord): void;
  practice(rec: PracticeRecord): void;
  earlierFailures(rec: FailuresRecord): void;
}

export interface CollectedFile {
  format: 'xlsx' | 'csv' | 'html';
  shape: 'template' | 'roster';
  sheets: SheetState[];
  /** Where each Student ID was first seen, to name the other row of a duplicate. */
  studentRows: Map<string, number>;
  /** All-digit Student IDs by their digits without leading zeros (student-ids.ts), to catch 00123 and 123 in one file. */
  digitIds: Map<string, string>;
  problems: Problems;
  /** IDs whose student row had an error: their other rows are not also reported as "unknown student". */
  rejectedStudentIds: Set<string>;
  /** Every row of the file's read sheets, blank and header rows included. */
  rowsRead: number;
  /**
   * Columns found to hold day/month dates after some of their ambiguous dates (01/07/2025) were
   * already read month/day: the file must be read again with these orders (run.ts does).
   */
  rereadDates: Map<string, ColumnDateOrder>;
}

/** A column's date order and the cell that decided it (the first that reads only one way). */
export interface ColumnDateOrder {
  order: DateOrder;
  row: number;
  text: string;
}

/** The key of a column in CollectOptions.columnDateOrders and CollectedFile.rereadDates. */
export const dateColumnKey = (sheet: string, column: number): string => `${sheet}\u0000${column}`;

/** A problem with the file's structure, already reported: reading on would only add noise (or take minutes). */
export class StopReading extends Error {
  constructor() {
    super('stopped reading the file');
    this.name = 'StopReading';
  }
}

/** Columns a header row may have: real rosters have dozens; Excel's maximum is 16,384. */
export const MAX_COLUMNS = 1024;

export class ImportCancelledError extends Error {
  constructor() {
    super('The import was cancelled; nothing was written.');
    this.name = 'ImportCancelledError';
  }
}

export interface CollectOptions {
  sink: RecordSink;
  problems: Problems;
  rejected: Set<string>;
  mapping: readonly MappingOverride[];
  asOf: string;
  signal?: AbortSignal;
  /** Called every few thousand rows with the number of rows read so far. */
  /** Told every ROW_BATCH rows; a promise it returns is awaited before reading on (a crash test's checkpoint). */
  onRows?: (rowsRead: number) => Promise<void> | null | void;
  /** Called as soon as a sheet is known, so records can be located while the file is still read. */
  onSheets?: (sheets: SheetState[]) => void;
  /** A roster's sheet chosen by name (the CLI's --sheet); default: the first with a Student ID column. */
  sheet?: string;
  /** The order of every text date's day and month (the CLI's --date-order); default: judged column by column. */
  dateOrder?: DateOrder;
  /** Column orders learnt by an earlier read of the same file (CollectedFile.rereadDates). */
  columnDateOrders?: Map<string, ColumnDateOrder>;
}

/** Sheets a template carries for people, not data: not read, and not worth a warning. */
const QUIET_SHEETS = new Set(['instructions', 'lists', 'readme', 'help']);
/** Rows looked at to find the header under a title or a blank line. */
const HEADER_SEARCH_ROWS = 10;
const ROW_BATCH = 2000;

const REQUIRED_STUDENT_CELLS = new Set(['studentId', 'firstName', 'lastName', 'gradYear']);
const NAME_FIELDS = new Set(['firstName', 'lastName', 'fullName']);
/** What a cell says when an exam has no result or score yet. */
const NOT_YET = /^(tbd|tba|to be determined|not (yet )?(taken|scheduled|reported|released)|no score( yet)?|not yet|awaiting( score)?)$/i;
/** How a totals or summary row labels itself. */
const SUMMARY_LABEL = /^\s*(grand\s+)?(total|totals|sub-?total|sum|average|avg|mean|median|count|overall|n\s*=)\b/i;

/** A zod issue in the advisor's words, with the offending value where it helps. */
export function issueMessage(issue: z.core.$ZodIssue, value: unknown): string {
  if (typeof value === 'string') {
    // An error: the file is rejected, nothing is cut short or kept.
    if (issue.code === 'too_big') return `the text is ${value.length.toLocaleString('en-US')} characters long, more than the ${Number(issue.maximum).toLocaleString('en-US')} this field holds; shorten it and import the file again`;
    return issue.message;
  }
  if (issue.code === 'too_big') return `${String(value)} is above the maximum of ${String(issue.maximum)}`;
  if (issue.code === 'too_small') return `${String(value)} is below the minimum of ${String(issue.minimum)}`;
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
  /** Shared by every record of the sheet: where each field's problems are reported. */
  private readonly attemptColumns: AttemptRecord['columns'];
  private readonly practiceColumns: PracticeRecord['columns'];
  /** Each date column's order, judged from the whole column (dateIn). */
  private readonly dateColumns = new Map<number, DateColumn>();

  constructor(
    private readonly out: CollectedFile,
    private readonly sink: RecordSink,
    private readonly index: number,
    private readonly kind: ImportSheetKind,
    private readonly mapping: SheetMapping,
    private readonly date1904: boolean,
    private readonly asOf: string,
    private readonly dateOrder: DateOrder | undefined,
    private readonly knownOrders: Map<string, ColumnDateOrder> | undefined,
  ) {
    const h = (field: string) => mapping.byField.get(field)?.header;
    this.attemptColumns = { studentId: h('studentId'), exam: h('exam'), testDate: h('testDate'), outcome: h('outcome'), score: h('score'), attemptOrder: h('attemptOrder') };
    this.practiceColumns = { studentId: h('studentId'), exam: h('exam'), form: h('form'), takenOn: h('takenOn'), score: h('score'), passProbability: h('passProbability') };
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

  /**
   * A date cell of `column`. A text date such as 01/07/2025 reads either way; its column decides:
   * the order chosen for the import, else the order of the column's first cell that reads only one
   * way (25/06/2025 is day/month), for every cell of the column, before or after it. Until such a
   * cell turns up, ambiguous ones are read month/day and counted; finish() tells what they became.
   */
  private dateIn(v: CellValue, column: number, row: number): Parsed<string> {
    if (typeof v !== 'string') return parseDate(v, this.date1904);
    const kind = slashedDateOrder(v);
    if (kind === null || kind === 'same') return parseDate(v, this.date1904);
    if (this.dateOrder) return parseDate(v, this.date1904, this.dateOrder);
    let col = this.dateColumns.get(column);
    if (!col) {
      const known = this.knownOrders?.get(dateColumnKey(this.sheetName, column));
      this.dateColumns.set(column, (col = { decided: known ?? null, ambiguous: null, ambiguousCount: 0, sample: null }));
    }
    if (kind === 'either') {
      col.sample ??= { row, text: v.trim() };
      if (!col.decided) {
        col.ambiguous ??= { row, text: v.trim() };
        col.ambiguousCount++;
      }
      return parseDate(v, this.date1904, col.decided?.order ?? 'mdy');
    }
    if (!col.decided) col.decided = { order: kind, row, text: v.trim() };
    if (col.decided.order === kind) return parseDate(v, this.date1904, kind);
    const d = col.decided;
    return new Invalid(
      `"${v.trim()}" reads only as ${DATE_ORDER_LABELS[kind]}, but this column's dates are ${DATE_ORDER_LABELS[d.order]} (row ${d.row}: "${d.text}"); correct one of them, or write the dates as YYYY-MM-DD`,
    );
  }

  /** A row of the file as an error names it: "row 4" on this sheet, "Students!4" on another. */
  private where(packed: number): string {
    const loc = unpackLoc(packed);
    return loc.sheet === this.index ? `row ${loc.row}` : `${this.out.sheets[loc.sheet].name}!${loc.row}`;
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
  private read(row: SourceRow, column: number, header: string, required: boolean, exam = false): { value: CellValue; failed: boolean } {
    const v = row.cell(column);
    if (v === null || !isErrorCell(v)) return { value: v, failed: false };
    // An exam's date, result or score read as blank would change what the rules conclude (a missing CK
    // score is CK_LATE): a formula the file never calculated is an error there, not a blank.
    if (exam && v.error === FORMULA_WITHOUT_VALUE) {
      this.error(row.number, header, 'a formula with no stored value (the file was saved without calculating it); open it in Excel or LibreOffice, let it calculate, save it and import it again');
      return { value: null, failed: true };
    }
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

  /**
   * A result or score cell of a wide roster, read for what it unambiguously says: a number is a
   * score, a result word a result, "Pass (2025-06-15)" a result and its date, "TBD" or "not taken"
   * nothing yet; each reading outside the column's own kind comes with a note (a warning). Anything
   * else is an error that says how a mapping would fix a column of the other kind.
   */
  private examWord(v: CellValue, part: 'result' | 'score' | 'value', exam: ExamCode, header: string, column: number, row: number): { outcome?: Outcome; score?: number; date?: string; note?: string } | null | Invalid {
    const text = cellText(v);
    if (text === null) return null;
    const t = text.trim();
    const asNumber = typeof v === 'number' || NUMBER_TEXT.test(t);
    if (asNumber) {
      const score = parseInteger(v, 'score');
      if (score === null || score instanceof Invalid) return score;
      return part === 'result' ? { score, note: `${score} in a result column was read as a score` } : { score };
    }
    if (NOT_YET.test(t)) return { note: `"${t}" was read as no ${part === 'value' ? 'result' : part} yet` };
    const outcome = parseOutcome(t);
    if (outcome !== null && !(outcome instanceof Invalid)) return part === 'score' ? { outcome, note: `"${t}" in a score column was read as the result ${OUTCOME_LABELS[outcome]}` } : { outcome };
    // A result and its date in one cell: "Pass (2025-06-15)", "Fail 6/15/2025".
    const both = /^([a-z][a-z ]*?)\s*[([,;:-]?\s*([0-9][0-9./-]*[0-9])\s*[)\]]?$/i.exec(t);
    if (both) {
      const o = parseOutcome(both[1]);
      const d = this.dateIn(both[2], column, row);
      if (o !== null && !(o instanceof Invalid) && d !== null && !(d instanceof Invalid))
        return { outcome: o, date: d, note: `"${t}" was read as the result ${OUTCOME_LABELS[o]} on ${d}` };
    }
    if (part === 'value') return new Invalid(`"${t}" is neither a result (Pass, Fail, Incomplete, Scheduled, Pending) nor a score`);
    const other = part === 'score' ? 'result' : 'score';
    return new Invalid(
      `"${t}" is neither a ${part === 'score' ? 'score' : 'result'} nor a result word (Pass, Fail, Incomplete, Scheduled, Pending); if the column holds ${other}s, map it as such (in the CLI: --map "${header}=${examPartKey(exam, other)}")`,
    );
  }

  /**
   * A totals or summary row ("TOTAL: 12 students … avg 246.2", an AVERAGE under a table): no
   * student's ID and no student's name. Returns the text it shows, for the warning; null for a
   * student's row. A row with a name but no ID is a student missing their ID (an error, not skipped).
   */
  private summaryRow(row: SourceRow): string | null {
    const text = (column: number) => {
      const v = row.cell(column);
      return v === null || isErrorCell(v) ? null : cellText(v);
    };
    const idColumn = this.mapping.byField.get('studentId')?.column;
    const id = idColumn === undefined ? null : text(idColumn);
    // The common case first, cheaply: a student's row has an ID that is not a summary's label.
    if (id !== null && !SUMMARY_LABEL.test(id)) return null;
    const named = this.plainColumns.some((c) => NAME_FIELDS.has(c.field) && text(c.column) !== null);
    const cells = [...this.plainColumns, ...this.wideColumns, ...this.customColumns].map((c) => text(c.column)).filter((t): t is string => t !== null);
    const labelled = cells.some((t) => SUMMARY_LABEL.test(t));
    if (id !== null ? !SUMMARY_LABEL.test(id) : named && !labelled) return null;
    if (id === null && !labelled && cells.some((t) => !/^[-+]?[\d.,%\s]+$/.test(t))) return null;
    if (!cells.length) return null;
    const shown = cells.join(' … ');
    return shown.length > 80 ? `${shown.slice(0, 77)}…` : shown;
  }

  private studentRow(row: SourceRow): boolean {
    const summary = this.summaryRow(row);
    if (summary !== null) {
      this.out.problems.warn(this.sheetName, row.number, null, `row ${row.number} looks like a totals or summary row ("${summary}") and was not imported`);
      return false;
    }
    const n = row.number;
    const values: StudentValues = {};
    const enrolment: { status?: EnrolmentStatus; from?: string; until?: string; headers: Record<string, string> } = { headers: {} };
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
          if (t !== null && t.length > 64) check(new Invalid(`a Student ID of ${t.length.toLocaleString('en-US')} characters (at most 64)`), c.header);
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
          const d = check(this.dateIn(v, c.column, n), c.header);
          if (d !== null) values.step1Deadline = d;
          break;
        }
        case 'enrolmentStatus': {
          const t = cellText(v);
          if (t === null) break;
          const s = parseEnrolmentStatus(t);
          // Never guessed: a word the import does not know is the row's error, at its cell.
          if (s === null) check(new Invalid(`"${t}" is not an enrolment status: write Active, Leave of absence (LOA), Extended (Decel), Withdrawn or Graduated`), c.header);
          else enrolment.status = s;
          enrolment.headers.status = c.header;
          break;
        }
        case 'enrolmentFrom':
        case 'enrolmentUntil': {
          const d = check(this.dateIn(v, c.column, n), c.header);
          if (d !== null) enrolment[c.field === 'enrolmentFrom' ? 'from' : 'until'] = d;
          enrolment.headers[c.field] = c.header;
          break;
        }
      }
    }
    let enrolled: StudentRecord['enrolment'];
    if (enrolment.status === undefined && (enrolment.from !== undefined || enrolment.until !== undefined) && !enrolment.headers.status) {
      const header = enrolment.headers.enrolmentFrom ?? enrolment.headers.enrolmentUntil;
      check(new Invalid('a date for an enrolment status, but no status: fill in the Enrolment status cell, or clear the date'), header);
    } else if (enrolment.status !== undefined) {
      const columns = { status: enrolment.headers.status, from: enrolment.headers.enrolmentFrom ?? null, until: enrolment.headers.enrolmentUntil ?? null };
      const parsed = EnrolmentChangeInput.safeParse({ studentId: id ?? '?', status: enrolment.status, effectiveFrom: enrolment.from ?? this.asOf, endsOn: enrolment.until ?? null, note: null });
      if (parsed.success) enrolled = { change: parsed.data, columns };
      else for (const issue of parsed.error.issues) check(new Invalid(issue.message), issue.path[0] === 'endsOn' ? (columns.until ?? columns.status) : columns.status);
    }

    let wide: Map<ExamCode, WideExamCells> | null = null;
    for (const c of this.wideColumns) {
      const { value: v, failed: bad } = this.read(row, c.column, c.header, false, true);
      if (bad) (failed = true), (any = true);
      if (v === null) continue;
      any = true;
      const cells = (wide ??= new Map()).get(c.exam) ?? { headers: {}, texts: {} };
      wide.set(c.exam, cells);
      cells.headers[c.part] = c.header;
      cells.texts[c.part] = cellText(v) ?? '';
      switch (c.part) {
        case 'result':
        case 'score': {
          // What a person types in these columns besides the expected kind: a result word in a score
          // column (a legacy "Step 1 Score" of Pass/Fail), a result with its date, "TBD"…
          const read = this.examWord(v, c.part, c.exam, c.header, c.column, n);
          if (read instanceof Invalid) check(read, c.header);
          else if (read) {
            if (read.note) this.out.problems.warn(this.sheetName, n, c.header, read.note);
            if (read.outcome !== undefined) cells.result = read.outcome;
            if (read.score !== undefined) cells.score = read.score;
            if (read.date !== undefined) {
              if (cells.date !== undefined && cells.date !== read.date) check(new Invalid(`"${cellText(v)}" gives the date ${read.date}, but the date column says ${cells.date}`), c.header);
              else cells.date = read.date;
            }
          }
          break;
        }
        case 'attempts': {
          const a = check(parseIntegerIn(v, 'attempts', 0, 20), c.header);
          if (a !== null) cells.attempts = a;
          break;
        }
        case 'date':
        case 'scheduled': {
          const d = check(this.dateIn(v, c.column, n), c.header);
          if (d !== null) cells[c.part] = d;
          break;
        }
        case 'value': {
          const read = this.examWord(v, 'value', c.exam, c.header, c.column, n);
          if (read instanceof Invalid) check(read, c.header);
          else if (read) {
            if (read.note) this.out.problems.warn(this.sheetName, n, c.header, read.note);
            if (read.score !== undefined && cells.score === undefined) cells.score = read.score;
            if (read.outcome !== undefined && cells.result === undefined) cells.result = read.outcome;
            if (read.date !== undefined && cells.date === undefined) cells.date = read.date;
          }
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
    const seen = this.out.studentRows.get(id);
    if (seen !== undefined) {
      this.error(n, idHeader, `Student ID ${id} is also on ${this.where(seen)}`);
      return true;
    }
    // 00123 and 123 in one file: one student written two ways, or a spreadsheet that dropped the zeros from some rows.
    const digits = digitsKey(id);
    if (digits !== null) {
      const other = this.out.digitIds.get(digits);
      if (other !== undefined && other !== id) {
        this.error(n, idHeader, `Student ID ${id} differs only in leading zeros from ${other} on ${this.where(this.out.studentRows.get(other)!)}: one student written two ways? Write the ID the same way on both rows`);
        return true;
      }
      this.out.digitIds.set(digits, id);
    }
    const loc = { sheet: this.index, row: n };
    this.out.studentRows.set(id, packLoc(loc));
    const attempts: AttemptRecord[] = [];
    if (wide)
      for (const [exam, cells] of wide) {
        const made = rosterExamAttempts(id, exam, cells, this.asOf);
        for (const e of made.errors) (this.error(n, e.column, e.message), (failed = true));
        for (const w of made.warnings) this.out.problems.warn(this.sheetName, n, w.column, w.message);
        if (Object.keys(made.keep).length) custom = { ...(custom ?? {}), ...made.keep };
        for (const a of made.attempts) {
          const valid = this.checkAttempt(n, a.attempt, a.columns);
          if (valid) attempts.push(valid);
          else failed = true;
        }
        if (made.earlierFailures) this.sink.earlierFailures({ ...made.earlierFailures, loc });
      }
    if (failed) {
      this.out.rejectedStudentIds.add(id);
      return true;
    }
    // The student before their attempts: the sink writes students first.
    this.sink.student({ loc, id, values, custom, ...(enrolled ? { enrolment: { ...enrolled, change: { ...enrolled.change, studentId: id } } } : {}) });
    for (const a of attempts) this.sink.attempt(a);
    return true;
  }

  /** Validates an attempt with the domain schema (score scales, required dates); null when it is not valid. */
  private checkAttempt(n: number, attempt: ExamAttemptInput, columns: AttemptRecord['columns']): AttemptRecord | null {
    // The schema only for what the plain check cannot vouch for: the same verdict, and zod's own messages (quick-checks.ts).
    const r = certainlyValidAttempt(attempt) ? null : ExamAttemptInput.safeParse(attempt);
    if (r && !r.success) {
      for (const issue of r.error.issues) {
        const field = issue.path[0] as keyof ExamAttemptInput;
        this.error(n, columns[field] ?? null, issueMessage(issue, attempt[field]));
      }
      return null;
    }
    // A result (pass, fail, a score, or taken and pending) is known only once the exam is taken: a later date is a typo, not a booking.
    const { testDate, outcome, score } = attempt;
    if (testDate !== null && testDate > this.asOf && (score !== null || (outcome !== null && outcome !== 'SCHEDULED'))) {
      const what = score !== null ? `score ${score}` : `"${OUTCOME_LABELS[outcome!]}"`;
      this.error(n, columns.testDate ?? null, `${EXAM_LABELS[attempt.exam]} ${what} is dated ${testDate}, after today (${this.asOf}): a result cannot be in the future; correct the date (a booking has no result yet)`);
      return null;
    }
    return { loc: { sheet: this.index, row: n }, attempt, columns };
  }

  /**
   * One typed cell of an exam or practice row: its value, null when blank or absent, or FAILED
   * once the problem is reported. Methods, not per-row closures: a big file has half a million rows.
   */
  private readonly readDate = (v: CellValue, column: number, row: number) => this.dateIn(v, column, row);

  private field<T>(row: SourceRow, field: string, required: boolean, parse: (v: CellValue, column: number, row: number) => T | null | Invalid): T | null | typeof FAILED {
    const c = this.mapping.byField.get(field);
    if (!c) return null;
    const { value, failed } = this.read(row, c.column, c.header, required, true);
    if (failed) return FAILED;
    if (value === null) return null;
    const p = parse(value, c.column, row.number);
    if (p instanceof Invalid) {
      this.error(row.number, c.header, p.message);
      return FAILED;
    }
    return p;
  }

  /** Reports a required cell that is blank, once per row and field; a column missing altogether was reported once for the sheet. */
  private missing(row: SourceRow, field: string, what: string): void {
    const header = this.header(field);
    if (header) this.error(row.number, header, `missing ${what}`);
  }

  /** Whether any cell the sheet reads holds something; custom columns are noted for the sheet's warning. */
  private anyCell(row: SourceRow): boolean {
    let any = false;
    for (const c of this.plainColumns) {
      const v = row.cell(c.column);
      if (v !== null && (isErrorCell(v) || cellText(v) !== null)) {
        any = true;
        break;
      }
    }
    for (const c of this.customColumns)
      if (cellText(row.cell(c.column)) !== null) {
        any = true;
        this.customSeen.add(c.header);
      }
    return any;
  }

  private examRow(row: SourceRow): boolean {
    if (!this.anyCell(row)) return false;
    const n = row.number;
    const studentId = this.field(row, 'studentId', true, parseStudentId);
    const exam = this.field(row, 'exam', true, parseExam);
    const testDate = this.field(row, 'testDate', false, this.readDate);
    const outcome = this.field(row, 'outcome', false, parseOutcome);
    const score = this.field(row, 'score', false, parseScore);
    const attemptOrder = this.field(row, 'attemptOrder', false, parseAttemptOrder);
    if (studentId === null) this.missing(row, 'studentId', 'Student ID');
    if (exam === null) this.missing(row, 'exam', 'Exam');
    if (studentId === null || studentId === FAILED || exam === null || exam === FAILED || testDate === FAILED || outcome === FAILED || score === FAILED || attemptOrder === FAILED) return true;
    const valid = this.checkAttempt(n, { studentId, exam, testDate, outcome, score, attemptOrder }, this.attemptColumns);
    if (valid) this.sink.attempt(valid);
    return true;
  }

  private practiceRow(row: SourceRow): boolean {
    if (!this.anyCell(row)) return false;
    const n = row.number;
    const studentId = this.field(row, 'studentId', true, parseStudentId);
    let exam = this.field(row, 'exam', true, parseExam);
    if (exam !== null && exam !== FAILED && !(PRACTICE_EXAMS as readonly string[]).includes(exam)) {
      this.error(n, this.header('exam')!, `practice exams are recorded for Step 1 and Step 2 CK only, not ${EXAM_LABELS[exam]}`);
      exam = FAILED;
    }
    const form = this.field(row, 'form', true, cellText);
    const takenOn = this.field(row, 'takenOn', true, this.readDate);
    const score = this.field(row, 'score', false, parseScore);
    const passProbability = this.field(row, 'passProbability', false, parsePercent);
    if (studentId === null) this.missing(row, 'studentId', 'Student ID');
    if (exam === null) this.missing(row, 'exam', 'Exam');
    if (form === null) this.missing(row, 'form', 'Form (e.g. NBME 31)');
    if (takenOn === null) this.missing(row, 'takenOn', 'Date');
    if (studentId === null || studentId === FAILED || exam === null || exam === FAILED || form === null || form === FAILED || takenOn === null || takenOn === FAILED || score === FAILED || passProbability === FAILED) return true;
    const practice: PracticeExamInput = { studentId, exam: exam as PracticeExamCode, form, takenOn, score, passProbability };
    const r = certainlyValidPractice(practice) ? null : PracticeExamInput.safeParse(practice);
    if (r && !r.success) {
      for (const issue of r.error.issues) {
        const field = issue.path[0] as keyof PracticeExamInput;
        this.error(n, this.practiceColumns[field] ?? null, issueMessage(issue, practice[field]));
      }
      return true;
    }
    this.sink.practice({ loc: { sheet: this.index, row: n }, practice, columns: this.practiceColumns });
    return true;
  }

  /** Sheet-level warnings once every row is read. */
  finish(): void {
    const sheet = this.sheetName;
    for (const [column, d] of this.dateColumns) {
      const header = this.mapping.columns.find((c) => c.column === column)?.header ?? null;
      if (d.decided && d.ambiguous && d.decided.order !== 'mdy') {
        // Ambiguous dates above the deciding cell were read month/day: the file is read again, this column day/month.
        this.out.rereadDates.set(dateColumnKey(sheet, column), d.decided);
        continue;
      }
      if (d.decided?.order === 'dmy')
        this.out.problems.warn(
          sheet,
          d.decided.row,
          header,
          `the column's dates are read as day/month/year: row ${d.decided.row} holds "${d.decided.text}", which reads only that way${d.sample ? `, so "${d.sample.text}" (row ${d.sample.row}) is ${parseDate(d.sample.text, false, 'dmy') as string}` : ''}; if they are month/day/year, correct that cell, or choose the date order month/day/year (${DATE_ORDER_OPTION.mdy})`,
        );
      else if (!d.decided && d.ambiguous)
        this.out.problems.warn(
          sheet,
          d.ambiguous.row,
          header,
          `${d.ambiguousCount === 1 ? `the date "${d.ambiguous.text}" reads` : `${d.ambiguousCount.toLocaleString('en-US')} dates, such as "${d.ambiguous.text}" (row ${d.ambiguous.row}), read`} either way and no date in the column decides: read as month/day/year ("${d.ambiguous.text}" is ${parseDate(d.ambiguous.text) as string}); if ${d.ambiguousCount === 1 ? 'it is' : 'they are'} day/month/year, choose that date order (${DATE_ORDER_OPTION.dmy})`,
        );
    }
    for (const c of this.customColumns)
      if (this.customSeen.has(c.header))
        this.out.problems.warn(sheet, null, c.header, this.kind === 'students' ? `column '${c.header}' kept as a custom field` : `column '${c.header}' is not read (only students carry custom fields)`);
    for (const [header, t] of this.errorCells)
      this.out.problems.warn(sheet, t.firstRow, header, `${t.count} cell${t.count > 1 ? 's' : ''} holding ${t.sample} read as blank, first on row ${t.firstRow}`);
    if (this.splitNames) this.out.problems.warn(sheet, null, this.header('fullName') ?? null, 'names were split at the last space into first and last name; check compound surnames, or use "Last, First"');
  }
}

/** Where an advisor chooses the date order, in the import page and in the CLI. */
const DATE_ORDER_OPTION = {
  mdy: 'Date order on the import page; in the CLI: --date-order mdy',
  dmy: 'Date order on the import page; in the CLI: --date-order dmy',
} as const;

/** What a column's text dates have shown so far (SheetCollector.dateIn). */
interface DateColumn {
  decided: ColumnDateOrder | null;
  /** The first date that reads either way, read before the column's order was known. */
  ambiguous: { row: number; text: string } | null;
  ambiguousCount: number;
  /** The first date of the column that reads either way, for the warning. */
  sample: { row: number; text: string } | null;
}

/** A cell whose problem is already reported. */
const FAILED = Symbol('failed');
const parseScore = (v: CellValue) => parseInteger(v, 'score');
const parseStudentId = (v: CellValue) => {
  const t = cellText(v);
  return t !== null && t.length > 64 ? new Invalid(`a Student ID of ${t.length.toLocaleString('en-US')} characters (at most 64)`) : t;
};
const parseAttemptOrder = (v: CellValue) => parseIntegerIn(v, 'attempt', 1, 20);

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

/** What a second header row names under an exam's group: "Step 1" merged over "Result | Date". */
const HEADER_PART = /^(result|results|outcome|status|pass\/fail|p\/f|date|test date|exam date|date taken|score|scores|3-digit score|attempts?|no\.? of attempts|scheduled|scheduled date|booked|booking)$/i;

/**
 * A grouped two-row header, read as one: the exam names of `header` (merged cells: the label sits in
 * the first column of the group, the rest are blank) over the parts in `next`. Null when `next` is
 * not such a row (it is the first data row).
 */
function groupedHeader(header: SourceRow, next: SourceRow): HeaderCell[] | null {
  const top = headerCells(header);
  const below = headerCells(next);
  if (below.filter((c) => c.text !== '').length < 2 || below.some((c) => c.text !== '' && !HEADER_PART.test(c.text.trim()))) return null;
  const width = Math.max(top.length, below.length);
  const cells: HeaderCell[] = [];
  let group = '';
  let grouped = false;
  for (let c = 1; c <= width; c++) {
    const head = top[c - 1]?.text ?? '';
    const part = below[c - 1]?.text ?? '';
    // A label that names an exam opens a group; a blank header cell continues it; anything else ends it.
    if (head !== '') group = examFromName(head) ? head : '';
    const text = part && group ? `${group} ${part}` : head || part;
    if (part && group) grouped = true;
    cells.push({ column: c, text });
  }
  return grouped ? cells : null;
}

function looksLikeHeader(kind: ImportSheetKind, row: SourceRow): boolean {
  const m = mapHeaders(kind, '', 1, headerCells(row), [], new Set(), new Problems());
  return m.byField.has('studentId');
}

/** Hidden rows listed in a warning: enough to find them, few enough to read. */
const HIDDEN_ROWS_LISTED = 20;

/**
 * Rows a filter (or Format › Hide) hides are read like any other: a filtered view is not a
 * selection, and a student left out on that account would be lost without a word. Said once per
 * sheet, naming the rows below its header.
 */
function warnHiddenRows(out: CollectedFile, hidden: Map<string, number[]>): void {
  for (const sheet of out.sheets) {
    if (sheet.kind === null || sheet.headerRow === null) continue;
    const rows = (hidden.get(sheet.name) ?? []).filter((r) => r > sheet.headerRow!);
    if (!rows.length) continue;
    const shown = rows.slice(0, HIDDEN_ROWS_LISTED).join(', ') + (rows.length > HIDDEN_ROWS_LISTED ? ` and ${(rows.length - HIDDEN_ROWS_LISTED).toLocaleString('en-US')} more` : '');
    out.problems.warn(
      sheet.name,
      rows[0],
      null,
      `${rows.length === 1 ? `row ${shown} is` : `rows ${shown} are`} hidden in the file (by a filter, or hidden by hand) and ${rows.length === 1 ? 'was' : 'were'} imported like the others; check ${rows.length === 1 ? 'it' : 'them'} if only the visible rows were meant`,
    );
  }
}

export async function collectFile(source: SourceFile, options: CollectOptions): Promise<CollectedFile> {
  const out: CollectedFile = {
    format: source.format,
    shape: 'roster',
    sheets: [],
    studentRows: new Map(),
    digitIds: new Map(),
    problems: options.problems,
    rejectedStudentIds: options.rejected,
    rowsRead: 0,
    rereadDates: new Map(),
  };
  for (const note of source.notes) out.problems.warn('', null, null, note);
  const usedOverrides = new Set<number>();
  let decided = false;
  let rowsRead = 0;
  // A roster is read from one sheet: the one named (--sheet), else the first whose header has a Student ID column.
  const wanted = options.sheet ? headerKey(options.sheet) : null;
  let roster: string | null = null;

  for await (const sheet of source.sheets()) {
    if (!decided) {
      decided = true;
      out.shape = sheet.tabNames.some((n) => templateSheetKind(n) !== null) && !wanted ? 'template' : 'roster';
    }
    const index = out.sheets.length;
    const lastSheet = index + 1 >= sheet.tabNames.length;
    const chosen = wanted ? headerKey(sheet.name) === wanted : roster === null;
    const kind = out.shape === 'template' ? templateSheetKind(sheet.name) : chosen ? 'students' : null;
    // Not named, and more sheets to come: this one is the roster only if a Student ID header turns up in its first rows.
    const probing = out.shape === 'roster' && !wanted && roster === null && !lastSheet;
    const state: SheetState = { name: sheet.name, position: sheet.position, kind, headerRow: null, dataRows: 0, mapping: null };
    out.sheets.push(state);
    options.onSheets?.(out.sheets);
    if (kind === null) {
      if (!QUIET_SHEETS.has(sheet.name.trim().toLowerCase()))
        out.problems.warn(sheet.name, null, null, out.shape === 'template' ? `sheet '${sheet.name}' is not read (a template is read from its Students, Exams and Practice sheets)` : `sheet '${sheet.name}' is not read (the roster is read from ${wanted ? `the sheet named '${options.sheet}'` : `one sheet${roster ? `, '${roster}'` : ''}`})`);
      continue;
    }

    let collector: SheetCollector | null = null;
    const before: SourceRow[] = [];
    const startCollector = (header: SourceRow, cells: HeaderCell[] = headerCells(header)) => {
      state.headerRow = header.number;
      if (header.width > MAX_COLUMNS) {
        out.problems.error(sheet.name, header.number, null, `the header row has ${header.width.toLocaleString('en-US')} columns; an import reads at most ${MAX_COLUMNS.toLocaleString('en-US')}: is this the right sheet?`);
        throw new StopReading();
      }
      state.mapping = mapHeaders(kind, sheet.name, header.number, cells, options.mapping, usedOverrides, out.problems);
      collector = new SheetCollector(out, options.sink, index, kind, state.mapping, source.date1904(), options.asOf, options.dateOrder, options.columnDateOrders);
    };
    const dataRow = (row: SourceRow) => {
      if (collector!.row(row)) state.dataRows++;
    };
    // The header row, held until the next row shows whether it is the top of a grouped two-row header.
    let pending: SourceRow | null = null;
    const afterHeader = (row: SourceRow) => {
      const header = pending!;
      pending = null;
      const grouped = groupedHeader(header, row);
      if (!grouped) {
        startCollector(header);
        dataRow(row);
        return;
      }
      startCollector(header, grouped);
      state.headerRow = row.number;
      const top = headerCells(header);
      const shown = grouped.filter((c, i) => c.text !== (top[i]?.text ?? '')).slice(0, 3).map((c) => `"${c.text}"`).join(', ');
      out.problems.warn(sheet.name, header.number, null, `rows ${header.number} and ${row.number} are read together as one header (${shown}…)`);
    };

    for await (const row of sheet.rows) {
      if (row.number > MAX_SHEET_ROWS) {
        out.problems.error(sheet.name, null, null, `the sheet has rows beyond ${MAX_SHEET_ROWS.toLocaleString('en-US')}, more than a worksheet can hold`);
        throw new StopReading();
      }
      if (++rowsRead % ROW_BATCH === 0) {
        if (options.signal?.aborted) throw new ImportCancelledError();
        const held = options.onRows?.(rowsRead);
        if (held) {
          await held;
          if (options.signal?.aborted) throw new ImportCancelledError();
        }
      }
      if (collector) {
        dataRow(row);
        continue;
      }
      if (pending) {
        afterHeader(row);
        continue;
      }
      if (isBlankRow(row)) continue;
      before.push(row);
      const isHeader = looksLikeHeader(kind, row);
      if (probing && !isHeader && before.length >= HEADER_SEARCH_ROWS) break;
      if (isHeader || before.length >= HEADER_SEARCH_ROWS) {
        if (kind === 'students') roster = sheet.name;
        const headerAt = isHeader ? before.length - 1 : 0;
        if (headerAt > 0) out.problems.warn(sheet.name, before[0].number, null, `row${headerAt > 1 ? 's' : ''} ${before.slice(0, headerAt).map((r) => r.number).join(', ')} above the header row ${before[headerAt].number} ${headerAt > 1 ? 'were' : 'was'} not read`);
        pending = before[headerAt];
        for (const r of before.slice(headerAt + 1)) {
          if (pending) afterHeader(r);
          else dataRow(r);
        }
      }
    }
    if (probing && roster === null) {
      // An instructions tab, an export summary…: no Student ID column near its top.
      state.kind = null;
      out.problems.warn(sheet.name, null, null, `sheet '${sheet.name}' is not read: it has no Student ID column in its first ${HEADER_SEARCH_ROWS} rows (the roster is read from the first sheet that has one)`);
      continue;
    }
    if (kind === 'students') roster ??= sheet.name;
    if (pending) startCollector(pending);
    else if (!collector && before.length) {
      startCollector(before[0]);
      for (const r of before.slice(1)) dataRow(r);
    }
    if (collector) (collector as SheetCollector).finish();
    else out.problems.warn(sheet.name, null, null, `sheet '${sheet.name}' is empty`);
  }
  options.onRows?.(rowsRead);
  out.rowsRead = rowsRead;
  warnHiddenRows(out, await source.hiddenRows());

  options.mapping.forEach((o, i) => {
    if (!usedOverrides.has(i)) out.problems.warn(o.sheet ?? '', null, o.header, `the mapping for '${o.header}' matched no column${o.sheet ? ` on sheet '${o.sheet}'` : ''}`);
  });
  if (wanted && roster === null)
    out.problems.error(options.sheet!, null, null, `the file has no sheet named '${options.sheet}' (its sheets: ${out.sheets.map((x) => `'${x.name}'`).join(', ')})`);
  else if (out.sheets.every((s) => s.kind === null)) out.problems.error(out.sheets[0]?.name ?? '', null, null, 'the file holds no sheet to read');
  return out;
}
