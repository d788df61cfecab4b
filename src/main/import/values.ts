/**
 * Cell values as advisors type them, turned into domain values. Each parser returns the value, null
 * for a blank, or an `Invalid` carrying the sentence the advisor will read next to the cell.
 * Readers hand over strings (CSV, text cells), numbers, booleans, Dates (exceljs) and error cells.
 */
import type { DateOrder } from '../../shared/api/import';
import type { ApplicantType, ExamCode, Outcome } from '../../shared/domain';
import { examFromName, headerKey } from './fields';

/** An error cell such as #N/A or #REF!, or a formula whose cached result is an error. */
export interface ErrorCell {
  error: string;
}

export type CellValue = string | number | boolean | Date | ErrorCell | null;

export class Invalid {
  constructor(readonly message: string) {}
}

export type Parsed<T> = T | null | Invalid;

export function isErrorCell(v: CellValue): v is ErrorCell {
  return typeof v === 'object' && v !== null && !(v instanceof Date);
}

/** Written in place of a value to say "nothing here": read as blank in typed columns. */
const BLANK_MARKERS = new Set(['-', '–', '—', 'n/a', 'na', 'none', 'null']);

function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return `"${flat.length > 40 ? `${flat.slice(0, 40)}…` : flat}"`;
}

/** Trimmed text of any cell; numbers as Excel shows them without formatting (12345, 4.5), dates as YYYY-MM-DD. */
export function cellText(v: CellValue): string | null {
  if (v === null) return null;
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? null : t;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : utcCalendarDate(v);
  return null;
}

/** Text of a typed cell, with "-", "N/A", "none" read as blank. */
function typedText(v: string): string | null {
  const t = v.trim();
  return t === '' || BLANK_MARKERS.has(t.toLowerCase()) ? null : t;
}

export const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

export function parseNumber(v: CellValue, what: string): Parsed<number> {
  if (typeof v === 'number') return Number.isFinite(v) ? v : new Invalid(`${what} is not a number`);
  if (typeof v === 'string') {
    const t = typedText(v);
    if (t === null) return null;
    if (!NUMBER_TEXT.test(t)) return new Invalid(`${quote(t)} is not a number`);
    return Number(t);
  }
  if (v === null) return null;
  if (v instanceof Date) return new Invalid(`${what} is a date, expected a number`);
  return new Invalid(`${what} is not a number`);
}

export function parseInteger(v: CellValue, what: string): Parsed<number> {
  const n = parseNumber(v, what);
  if (n === null || n instanceof Invalid) return n;
  if (!Number.isInteger(n)) return new Invalid(`${what} ${n} is not a whole number`);
  return n;
}

export function parseIntegerIn(v: CellValue, what: string, min: number, max: number): Parsed<number> {
  const n = parseInteger(v, what);
  if (typeof n === 'number' && (n < min || n > max)) return new Invalid(`${what} ${n} is outside ${min}–${max}`);
  return n;
}

/** A graduation year: 2027, "2027" or "Class of 2027". */
export function parseYear(v: CellValue): Parsed<number> {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') {
    const t = typedText(v);
    if (t === null) return null;
    const m = /^(?:class\s+of\s+|co\s*)?'?(\d{4})(?:\.0+)?$/i.exec(t);
    if (!m) return new Invalid(`${quote(t)} is not a year`);
    n = Number(m[1]);
  } else if (v === null) return null;
  else if (v instanceof Date) return new Invalid('graduation year is a date, expected a year such as 2027');
  else return new Invalid('graduation year is not a year');
  if (!Number.isInteger(n) || n < 1950 || n > 2100) return new Invalid(`${n} is not a graduation year (1950–2100)`);
  return n;
}

/** A pass probability in percent: 85, "85%", or 0.85 from a cell formatted as a percentage. */
export function parsePercent(v: CellValue): Parsed<number> {
  let n: number;
  if (typeof v === 'string') {
    const t = typedText(v);
    if (t === null) return null;
    const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(%?)$/.exec(t);
    if (!m) return new Invalid(`${quote(t)} is not a percentage`);
    n = Number(m[1]);
    if (!m[2] && n > 0 && n < 1) n = Math.round(n * 1e6) / 1e4;
  } else {
    const p = parseNumber(v, 'pass probability');
    if (p === null || p instanceof Invalid) return p;
    // Excel stores a percent-formatted 85% as 0.85; no one records a 0.85% chance of passing.
    n = p > 0 && p < 1 ? Math.round(p * 1e6) / 1e4 : p;
  }
  if (n < 0 || n > 100) return new Invalid(`pass probability ${n}% is outside 0–100`);
  return n;
}

// ---------------------------------------------------------------- dates

/** Calendar dates of the Dates read from date cells: a roster holds a few thousand distinct days in its hundreds of thousands of cells. */
const calendarDates = new Map<number, string>();

export function utcCalendarDate(d: Date): string {
  const ms = d.getTime();
  let iso = calendarDates.get(ms);
  if (iso === undefined) {
    iso = d.toISOString().slice(0, 10);
    if (calendarDates.size < 100_000) calendarDates.set(ms, iso);
  }
  return iso;
}

function isoOf(y: number, m: number, d: number): string | null {
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Serial numbers of 1950-01-01 and 2099-12-31 in Excel's 1900 date system: the dates a roster can hold. */
const FIRST_SERIAL = 18264;
const LAST_SERIAL = 73050;
const DAY_MS = 86_400_000;
/** Excel's 1900 system counts the fictitious 1900-02-29, so serial 61 is 1900-03-01: day 0 is 1899-12-30 from then on. The 1904 system's day 0 is 1462 days later. */
const EPOCH_1900 = Date.UTC(1899, 11, 30);

/** A roster holds a few thousand distinct dates in hundreds of thousands of cells: each is computed once. */
const serialDates = new Map<number, string>();

export function excelSerialToIso(serial: number, date1904 = false): string | null {
  const first = date1904 ? FIRST_SERIAL - 1462 : FIRST_SERIAL;
  const last = date1904 ? LAST_SERIAL - 1462 : LAST_SERIAL;
  if (!Number.isFinite(serial) || serial < first || serial > last) return null;
  // The fraction is a time of day; the calendar date is the whole part.
  const day = Math.floor(serial) + (date1904 ? 1462 : 0);
  let iso = serialDates.get(day);
  if (iso === undefined) {
    iso = utcCalendarDate(new Date(EPOCH_1900 + day * DAY_MS));
    serialDates.set(day, iso);
  }
  return iso;
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};

function fullYear(text: string): number {
  const y = Number(text);
  // Two-digit years in an advising roster are this century's.
  return text.length === 2 ? 2000 + y : y;
}

const ISO_TEXT = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const US_TEXT = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?)?$/i;
const DAY_MONTH_NAME = /^(\d{1,2})[-\s]([a-z]{3,9})\.?[-\s,]+(\d{4}|\d{2})$/i;
const MONTH_NAME_DAY = /^([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$/i;

export type { DateOrder };
export const DATE_ORDER_LABELS: Record<DateOrder, string> = { mdy: 'month/day/year', dmy: 'day/month/year' };

/**
 * What a slashed text date says about its order: 'dmy' or 'mdy' when only that order can be a date
 * (25/06/2025, 06/25/2025), 'either' when both can and differ (01/07/2025), 'same' when both give
 * the same day (05/05/2025); null for any other text (ISO, month names, not a date).
 */
export function slashedDateOrder(text: string): DateOrder | 'either' | 'same' | null {
  const m = US_TEXT.exec(text.trim());
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (a > 12 && b >= 1 && b <= 12) return 'dmy';
  if (b > 12 && a >= 1 && a <= 12) return 'mdy';
  if (a >= 1 && a <= 12 && b >= 1 && b <= 12) return a === b ? 'same' : 'either';
  return null;
}

/**
 * A calendar date: a Date from exceljs (its UTC calendar date: Excel stores no time zone, and
 * exceljs builds Dates at UTC midnight), an Excel serial number, ISO YYYY-MM-DD, US m/d/yyyy or
 * m/d/yy, "5-Mar-2025" or "March 5, 2025".
 */
export function parseDate(v: CellValue, date1904 = false, order: DateOrder = 'mdy'): Parsed<string> {
  if (v === null) return null;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return new Invalid('the date cell holds no valid date');
    const iso = utcCalendarDate(v);
    // The years a serial number may give (below): a date cell holding 0 or 5 shows 1900, which no roster means.
    return iso >= '1950-01-01' && iso <= '2099-12-31' ? iso : new Invalid(`${iso} is not a date a roster holds (1950–2099)`);
  }
  if (typeof v === 'number') return excelSerialToIso(v, date1904) ?? new Invalid(`${v} is not a date (expected a date such as 2025-06-30 or 6/30/2025)`);
  if (typeof v !== 'string') return new Invalid('not a date');
  const t = typedText(v);
  if (t === null) return null;
  let m = ISO_TEXT.exec(t);
  if (m) return isoOf(Number(m[1]), Number(m[2]), Number(m[3])) ?? new Invalid(`${t} is not a real date`);
  m = US_TEXT.exec(t);
  if (m) {
    const month = Number(order === 'mdy' ? m[1] : m[2]);
    const day = Number(order === 'mdy' ? m[2] : m[1]);
    const iso = isoOf(fullYear(m[3]), month, day);
    if (iso) return iso;
    const other: DateOrder = order === 'mdy' ? 'dmy' : 'mdy';
    return new Invalid(
      month > 12 && day <= 12
        ? `${quote(t)} is not a ${DATE_ORDER_LABELS[order]} date, the date order chosen for this import; it reads only as ${DATE_ORDER_LABELS[other]} (${isoOf(fullYear(m[3]), day, month) ?? 'not a real date either'}): correct it, or choose the date order ${DATE_ORDER_LABELS[other]}`
        : `${quote(t)} is not a real date`,
    );
  }
  m = DAY_MONTH_NAME.exec(t);
  if (m && MONTHS[m[2].toLowerCase()]) return isoOf(fullYear(m[3]), MONTHS[m[2].toLowerCase()], Number(m[1])) ?? new Invalid(`${quote(t)} is not a real date`);
  m = MONTH_NAME_DAY.exec(t);
  if (m && MONTHS[m[1].toLowerCase()]) return isoOf(Number(m[3]), MONTHS[m[1].toLowerCase()], Number(m[2])) ?? new Invalid(`${quote(t)} is not a real date`);
  if (NUMBER_TEXT.test(t)) return excelSerialToIso(Number(t), date1904) ?? new Invalid(`${t} is not a date (expected a date such as 2025-06-30 or 6/30/2025)`);
  return new Invalid(`${quote(t)} is not a date (expected a date such as 2025-06-30 or 6/30/2025)`);
}

// ---------------------------------------------------------------- words

const OUTCOME_WORDS: Record<string, Outcome> = {
  p: 'PASS', pass: 'PASS', passed: 'PASS', pas: 'PASS',
  f: 'FAIL', fail: 'FAIL', failed: 'FAIL', failure: 'FAIL',
  inc: 'INCOMPLETE', incomplete: 'INCOMPLETE', incompleted: 'INCOMPLETE',
  scheduled: 'SCHEDULED', sched: 'SCHEDULED', booked: 'SCHEDULED',
  pending: 'PENDING', awaitingresult: 'PENDING', awaitingresults: 'PENDING', resultpending: 'PENDING', resultspending: 'PENDING', taken: 'PENDING',
};

export function parseOutcome(v: CellValue): Parsed<Outcome> {
  const t = typeof v === 'string' ? typedText(v) : cellText(v);
  if (t === null) return null;
  return OUTCOME_WORDS[headerKey(t)] ?? new Invalid(`unknown result ${quote(t)} (expected Pass, Fail, Incomplete, Scheduled or Pending)`);
}

export function parseExam(v: CellValue): Parsed<ExamCode> {
  const t = cellText(v);
  if (t === null) return null;
  return examFromName(t) ?? new Invalid(`unknown exam ${quote(t)} (expected Step 1, Step 2 CK, Step 3, COMLEX Level 1 or COMLEX Level 2-CE)`);
}

const APPLICANT_WORDS: Record<string, ApplicantType> = {
  md: 'US_MD', usmd: 'US_MD', allopathic: 'US_MD', mdstudent: 'US_MD', usallopathic: 'US_MD',
  do: 'US_DO', usdo: 'US_DO', osteopathic: 'US_DO', dostudent: 'US_DO', usosteopathic: 'US_DO',
  img: 'IMG', fmg: 'IMG', international: 'IMG', usimg: 'IMG', nonusimg: 'IMG', internationalmedicalgraduate: 'IMG', foreignmedicalgraduate: 'IMG', foreign: 'IMG',
};

export function parseApplicantType(v: CellValue): Parsed<ApplicantType> {
  const t = typeof v === 'string' ? typedText(v) : cellText(v);
  if (t === null) return null;
  return APPLICANT_WORDS[headerKey(t)] ?? new Invalid(`unknown applicant type ${quote(t)} (expected US MD, US DO or IMG)`);
}

/** "Last, First" or "First Last" (split at the last space). */
export function splitFullName(text: string): { firstName: string; lastName: string } | null {
  const comma = text.indexOf(',');
  if (comma >= 0) {
    const lastName = text.slice(0, comma).trim();
    const firstName = text.slice(comma + 1).trim();
    return firstName && lastName ? { firstName, lastName } : null;
  }
  const space = text.trim().lastIndexOf(' ');
  if (space < 0) return null;
  return { firstName: text.slice(0, space).trim(), lastName: text.slice(space + 1).trim() };
}
