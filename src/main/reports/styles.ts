/**
 * The workbook's look: a dark header row, real date and number formats, and fills by severity
 * (the same order of alarm as the app's badges). Each distinct style is one shared, frozen object:
 * exceljs caches style ids by object identity, so 100,000 rows reuse a handful of styles instead of
 * hashing a fresh style for every cell.
 */
import type { Style } from 'exceljs';
import type { Severity } from '../../shared/domain';

export const DATE_FORMAT = 'yyyy-mm-dd';
export const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm "UTC"';
export const INTEGER_FORMAT = '0';
export const DECIMAL_FORMAT = '0.0';
export const SIGNED_DECIMAL_FORMAT = '+0.0;-0.0;0.0';
export const PERCENT_FORMAT = '0"%"';

/** Points a line of 11-point text takes in a row, and the tallest row a spreadsheet allows. */
export const LINE_HEIGHT = 15;
export const MAX_ROW_HEIGHT = 409;

/** ARGB fills and font colours per severity; "none" = a student without flags. */
export const SEVERITY_COLOURS: Record<Severity | 'none', { fill: string; font: string }> = {
  critical: { fill: 'FFC00000', font: 'FFFFFFFF' },
  high: { fill: 'FFF8CBAD', font: 'FF000000' },
  medium: { fill: 'FFFFE699', font: 'FF000000' },
  low: { fill: 'FFDDEBF7', font: 'FF000000' },
  none: { fill: 'FFE2EFDA', font: 'FF000000' },
};

const HEADER_FILL = 'FF1F3864';
const FONT = { name: 'Calibri', size: 11 } as const;

export interface CellLook {
  numFmt?: string;
  wrap?: boolean;
  bold?: boolean;
  severity?: Severity | 'none';
  header?: boolean;
  /** The sheet's title row above the header (what the report is, for whom, as of when). */
  title?: boolean;
}

const cache = new Map<string, Partial<Style>>();

/** The shared style object for a look: the same look always returns the same object. */
export function styleFor(look: CellLook): Partial<Style> {
  const key = `${look.title ? 'T' : ''}${look.header ? 'H' : ''}|${look.numFmt ?? ''}|${look.wrap ? 'w' : ''}|${look.bold ? 'b' : ''}|${look.severity ?? ''}`;
  let style = cache.get(key);
  if (!style) {
    style = Object.freeze(buildStyle(look)) as Partial<Style>;
    cache.set(key, style);
  }
  return style;
}

function buildStyle(look: CellLook): Partial<Style> {
  if (look.title) return { font: { ...FONT, size: 13, bold: true }, alignment: { vertical: 'middle', horizontal: 'left', wrapText: true } };
  if (look.header) {
    return {
      font: { ...FONT, bold: true, color: { argb: 'FFFFFFFF' } },
      fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } },
      alignment: { vertical: 'bottom', wrapText: true },
      border: { bottom: { style: 'thin', color: { argb: 'FF000000' } } },
    };
  }
  const style: Partial<Style> = { alignment: { vertical: 'top', wrapText: look.wrap ?? false } };
  if (look.numFmt) style.numFmt = look.numFmt;
  const colours = look.severity ? SEVERITY_COLOURS[look.severity] : null;
  style.font = { ...FONT, bold: look.bold || look.severity === 'critical', ...(colours ? { color: { argb: colours.font } } : {}) };
  if (colours) style.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: colours.fill } };
  return style;
}

const SPACE = 32;
const NEWLINE = 10;

/**
 * Lines a text takes in a wrapped cell `width` characters wide: each of its lines, and each word
 * that does not fit on the current line, starts a new one. An estimate in the column's own unit
 * (the width of a digit), on the generous side, since a row cut short hides text and a little
 * extra space costs nothing.
 */
export function wrappedLines(text: string, width: number): number {
  const room = Math.max(1, Math.floor(width));
  // One pass over the characters, no split arrays: the 100,000-student report asks this of most of
  // its rows (about 0.25 s of the reading thread's time when it split each text into words).
  let lines = 1;
  let used = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : NEWLINE;
    if (c !== SPACE && c !== NEWLINE) continue;
    // A word (maybe empty, between two spaces) ends here.
    const length = i - start;
    start = i + 1;
    if (used > 0 && used + 1 + length <= room) used += 1 + length;
    else {
      if (used > 0) lines++;
      // A word longer than the cell breaks over as many lines as it fills.
      lines += Math.max(1, Math.ceil(length / room)) - 1;
      used = length % room || Math.min(room, length);
    }
    // Each of the text's own lines starts a new one.
    if (c === NEWLINE && i < text.length) {
      lines++;
      used = 0;
    }
  }
  return lines;
}
