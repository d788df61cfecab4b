/** exceljs's cell values (as its streaming reader gives them) reduced to the import's CellValue. */
import type { CellValue } from '../values';
import { DATE_FORMAT, TIME_FORMAT, type CellFormats } from './xlsx-formats';

function richTextOf(parts: unknown): string {
  return Array.isArray(parts) ? parts.map((p) => (p && typeof p === 'object' && 'text' in p ? String((p as { text: unknown }).text ?? '') : '')).join('') : '';
}

/** Day 0 of Excel's 1900 date system (1899-12-30, UTC: Excel stores no time zone); the 1904 system's is 1,462 days later. */
export const EPOCH_MS = Date.UTC(1899, 11, 30);
export const DAYS_1904 = 1462;

/** A cell's style as the import reads it (xlsx-formats.ts): a date format, or a zero-padding width. */
export interface NumberStyle {
  date?: true;
  time?: true;
  pad?: number;
}

/** A time-of-day cell's fraction of a day as a 24-hour time: 0.6041… → "14:30" ("14:30:15" with seconds). */
export function timeOfDay(v: number): string | number {
  if (!Number.isFinite(v) || v < 0) return v;
  const seconds = Math.round((v % 1) * 86_400) % 86_400;
  const two = (n: number) => String(n).padStart(2, '0');
  const hm = `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}`;
  return seconds % 60 ? `${hm}:${two(seconds % 60)}` : hm;
}

/**
 * A number as its cell's format shows it: a Date for a date format (its calendar day; a time of
 * day is kept in the Date but never read), a 24-hour "14:30" for a time of day, text with its leading zeros for a format such as
 * 00000 ("00123" for 123), the number itself otherwise. The reading thread (xlsx-worker.ts) does the same.
 */
export function formattedNumber(v: number, style: NumberStyle, date1904: boolean): number | string | Date {
  if (style.date) return new Date(EPOCH_MS + (date1904 ? DAYS_1904 * 86_400_000 : 0) + Math.round(v * 86_400_000));
  if (style.time) return timeOfDay(v);
  const text = Number.isInteger(v) && v >= 0 ? String(v) : '';
  return style.pad !== undefined && text && text.length < style.pad ? text.padStart(style.pad, '0') : v;
}

/** An exceljs cell's value with its number format applied (formattedNumber), a formula's cached number too. */
export function styledValue(value: unknown, style: NumberStyle | undefined, date1904: boolean): unknown {
  if (style === undefined || (style.date === undefined && style.time === undefined && style.pad === undefined)) return value;
  if (typeof value === 'number') return formattedNumber(value, style, date1904);
  if (value !== null && typeof value === 'object' && 'result' in value && typeof value.result === 'number')
    return { ...(value as object), result: formattedNumber(value.result, style, date1904) };
  return value;
}

/** The stand-in for exceljs's style table: each cell's style index gives its NumberStyle (or none). */
export function styleTable(formats: CellFormats): { getStyleModel(id: number): NumberStyle | undefined } {
  const styles = formats.map((f): NumberStyle | undefined => (f === DATE_FORMAT ? { date: true } : f === TIME_FORMAT ? { time: true } : f > 0 ? { pad: f } : undefined));
  return { getStyleModel: (id) => styles[id] };
}

export const FORMULA_WITHOUT_VALUE = 'a formula with no stored value (an error, 0 or empty)';

/** exceljs cell value → CellValue. */
export function toCellValue(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isNaN(v) ? { error: '#VALUE!' } : v;
    case 'object':
      break;
    default:
      return String(v);
  }
  if (v instanceof Date) return v;
  const o = v as Record<string, unknown>;
  if ('richText' in o) return richTextOf(o.richText);
  if ('error' in o) return { error: String(o.error) };
  if ('formula' in o || 'sharedFormula' in o) {
    // A formula gives its cached result. exceljs drops a falsy result (an error, which it parses to
    // NaN, or 0, or ""), and files written by scripts carry no result at all: rather than read such a
    // cell as blank without a word, it is treated like an error cell (blank, with a warning).
    if (o.result === undefined || (typeof o.result === 'number' && Number.isNaN(o.result))) return { error: FORMULA_WITHOUT_VALUE };
    if (o.result && typeof o.result === 'object' && 'error' in o.result) return { error: String((o.result as { error: unknown }).error) };
    return toCellValue(o.result);
  }
  if ('text' in o) return typeof o.text === 'string' ? o.text : toCellValue(o.text);
  return null;
}

