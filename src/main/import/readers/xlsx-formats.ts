/**
 * What each cell style of a workbook says about its number: a date, a number shown with leading
 * zeros (a Student ID 123 formatted 00000 shows as 00123), or nothing the import needs. Read from
 * xl/styles.xml (its custom number formats and the cellXfs list a cell's `s` attribute indexes),
 * not through exceljs's style parsing, which builds a full style model per cell style and costs
 * time on every cell; the reader only needs this one small table.
 */
import { readZipTexts } from './xlsx-directory';

/**
 * Per cell style (the `s` index), what its number format means: 0 nothing, DATE_FORMAT a date,
 * TIME_FORMAT a time of day only, a positive n a whole number padded with zeros to n digits. A plain array of numbers, so it is
 * handed to the reading thread as it is.
 */
export type CellFormats = number[];
export const DATE_FORMAT = -1;
export const TIME_FORMAT = -2;

/**
 * Excel's built-in formats that show a date: 14–17 (m/d/yyyy, d-mmm-yy, d-mmm, mmm-yy) and 22
 * (m/d/yyyy h:mm); 18–21 and 45–47 show a time of day only (h:mm AM/PM, mm:ss…): a fraction of a
 * day, not a calendar date, read as the time it shows.
 */
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 22]);
const BUILT_IN_TIMES = new Set([18, 19, 20, 21, 45, 46, 47]);

/** The first section of a format code, without what is only shown as text: "quoted", \escaped, [colour or locale], _ and * fills, AM/PM. */
function displayTokens(code: string): string {
  const first = code.split(';')[0];
  return first
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/[_*]./g, '')
    .replace(/AM\/PM|A\/P/gi, '');
}

/**
 * Whether a custom format code shows a date: a day or year token, or an m that means month (mmm and
 * longer always do; m or mm next to an h or before an s mean minutes, as Excel reads them).
 */
export function isDateFormatCode(code: string): boolean {
  const t = displayTokens(code).toLowerCase();
  if (/[dy]/.test(t)) return true;
  for (const m of t.matchAll(/m+/g)) {
    if (m[0].length >= 3) return true;
    const before = t.slice(0, m.index).replace(/[^a-z]/g, '');
    const after = t.slice(m.index + m[0].length).replace(/[^a-z]/g, '');
    if (!before.endsWith('h') && !after.startsWith('s')) return true;
  }
  return false;
}

/** Whether a format code that shows no date shows a time (hours, minutes or seconds). */
function isTimeFormatCode(code: string): boolean {
  return /[hs]/.test(displayTokens(code).toLowerCase());
}

/**
 * Digits a zero-padding format shows: "00000" → 5; 0 for any other format ("0", "0.00", "#,##0",
 * "000-00-0000", and "S"00000, whose shown text has a letter the number does not: left a number).
 */
export function zeroPadWidth(code: string): number {
  const t = code
    .split(';')[0]
    .replace(/\[[^\]]*\]/g, '')
    .trim();
  return /^0{2,}$/.test(t) ? t.length : 0;
}

function attribute(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return m ? (m[1] ?? m[2]) : null;
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e.toLowerCase()]!;
  });
}

/** The table from styles.xml's text. */
export function cellFormatsOf(stylesXml: string): CellFormats {
  const custom = new Map<number, string>();
  for (const m of stylesXml.matchAll(/<(?:\w+:)?numFmt\b[^>]*>/g)) {
    const id = attribute(m[0], 'numFmtId');
    const code = attribute(m[0], 'formatCode');
    if (id !== null && code !== null) custom.set(Number(id), decodeXml(code));
  }
  const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(stylesXml);
  const out: CellFormats = [];
  if (!xfs) return out;
  for (const m of xfs[1].matchAll(/<(?:\w+:)?xf\b[^>]*>/g)) {
    const id = Number(attribute(m[0], 'numFmtId') ?? 0);
    const code = custom.get(id);
    if (code === undefined) out.push(BUILT_IN_DATES.has(id) ? DATE_FORMAT : BUILT_IN_TIMES.has(id) ? TIME_FORMAT : 0);
    else out.push(isDateFormatCode(code) ? DATE_FORMAT : isTimeFormatCode(code) ? TIME_FORMAT : zeroPadWidth(code));
  }
  return out;
}

/** The workbook's table; empty when it has no styles (every number is then a plain number). */
export function workbookCellFormats(bytes: Uint8Array): CellFormats {
  try {
    const xml = readZipTexts(bytes, ['xl/styles.xml']).get('xl/styles.xml');
    return xml ? cellFormatsOf(xml) : [];
  } catch {
    // A damaged zip is reported by the zip check; its numbers are read as numbers meanwhile.
    return [];
  }
}
