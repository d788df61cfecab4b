/** exceljs's cell values (as its streaming reader gives them) reduced to the import's CellValue. */
import type { CellValue } from '../values';

function richTextOf(parts: unknown): string {
  return Array.isArray(parts) ? parts.map((p) => (p && typeof p === 'object' && 'text' in p ? String((p as { text: unknown }).text ?? '') : '')).join('') : '';
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

