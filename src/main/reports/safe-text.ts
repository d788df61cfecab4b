/**
 * Every value that reaches a workbook cell passes through here. A cell can only hold a string, a
 * number, a date, a boolean or nothing: never an object, so exceljs can never be handed a
 * `{ formula }` or `{ hyperlink }` value, whatever a student's name or a custom field contains.
 * Text that begins with `=`, `+`, `-` or `@` (an imported name such as `=HYPERLINK(...)`) therefore
 * lands in the file as a string cell (`t="s"`/`inlineStr`), never as an `<f>` formula element.
 */

export type CellValue = string | number | Date | boolean | null;

/** Excel's limit on the characters in one cell; longer text makes Excel report a damaged file. */
export const MAX_CELL_CHARS = 32_767;

/**
 * Characters XML 1.0 forbids (C0 controls other than tab, LF, CR; unpaired surrogates; U+FFFE/FFFF).
 * exceljs writes them as-is, and Excel then refuses to open the whole workbook.
 */
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text a spreadsheet program would read as a formula if it were ever typed or pasted back in. */
export function looksLikeFormula(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text);
}

const HAS_XML_FORBIDDEN = new RegExp(XML_FORBIDDEN.source);

/** A string safe for a cell: forbidden characters removed, cut to Excel's limit. */
export function cellText(value: string): string {
  // The common case (clean and short) allocates nothing.
  if (value.length <= MAX_CELL_CHARS && !HAS_XML_FORBIDDEN.test(value)) return value;
  const clean = value.replace(XML_FORBIDDEN, '');
  return clean.length > MAX_CELL_CHARS ? `${clean.slice(0, MAX_CELL_CHARS - 1)}…` : clean;
}

/**
 * An ISO calendar date (YYYY-MM-DD) as a real Excel date cell (UTC midnight: no time zone can shift
 * the day). The same day is the same Date object: a cohort shares a few thousand dates across
 * hundreds of thousands of cells. Never mutate the returned object.
 */
const dates = new Map<string, Date>();
export function excelDate(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  let d = dates.get(iso);
  if (d === undefined) {
    const [y, m, day] = iso.slice(0, 10).split('-').map(Number);
    d = new Date(Date.UTC(y, m - 1, day));
    if (dates.size > 50_000) dates.clear();
    dates.set(iso, d);
  }
  return d;
}

/** Normalises anything headed for a cell into one of the five safe kinds. */
export function toCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : cellText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  // Anything else (an object from a custom field, say) is written as its text, never as an object.
  return cellText(String(value));
}
