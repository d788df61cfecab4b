/**
 * Header row → which field each column feeds. Detection uses the synonyms in fields.ts; the
 * advisor's overrides (the Import page, or `--map "Header=field"`) win over detection.
 */
import { CUSTOM_FIELD, IGNORE_FIELD, type ColumnMapping, type ImportSheetKind, type MappingOverride } from '../../shared/api/import';
import { fieldForHeader, fieldSpec, headerKey } from './fields';
import type { Problems } from './problems';

export interface HeaderCell {
  column: number;
  text: string;
}

export interface SheetMapping {
  columns: ColumnMapping[];
  /** field key → the column that feeds it. */
  byField: Map<string, { column: number; header: string }>;
}

const REQUIRED_COLUMNS: Record<ImportSheetKind, string[]> = {
  students: ['studentId'],
  exams: ['studentId', 'exam'],
  practice: ['studentId', 'exam', 'form', 'takenOn'],
};

export function columnLetter(column: number): string {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function resolveOverrideField(kind: ImportSheetKind, text: string): string | null {
  const k = headerKey(text);
  if (k === CUSTOM_FIELD || k === 'customfield') return CUSTOM_FIELD;
  if (k === IGNORE_FIELD || k === 'skip' || k === 'none') return IGNORE_FIELD;
  return fieldForHeader(kind, text);
}

/**
 * Maps one sheet's header row. `usedOverrides` collects the indexes of overrides that matched a
 * column, so the caller can warn about an override that matched nothing.
 */
export function mapHeaders(
  kind: ImportSheetKind,
  sheetName: string,
  headerRow: number,
  headers: HeaderCell[],
  overrides: readonly MappingOverride[],
  usedOverrides: Set<number>,
  problems: Problems,
): SheetMapping {
  const columns: ColumnMapping[] = [];
  const detectedOwner = new Map<string, ColumnMapping>();
  // A header that repeats ("Meeting, Date, Meeting, Date") names each column apart: "Meeting (2)",
  // so no column's values overwrite another's (custom fields are kept by header).
  const seen = new Map<string, number>();
  for (const h of headers) {
    let header = h.text || `Column ${columnLetter(h.column)}`;
    if (h.text) {
      const key = h.text.trim().toLowerCase();
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      if (n > 1) {
        header = `${h.text} (${n})`;
        problems.warn(sheetName, headerRow, header, `column ${columnLetter(h.column)} repeats the header "${h.text}"; it is read as "${header}"`);
      }
    }
    let detected = h.text ? fieldForHeader(kind, h.text) : null;
    if (detected && detectedOwner.has(detected)) detected = null;
    const col: ColumnMapping = { column: h.column, header, field: detected ?? CUSTOM_FIELD, detected: detected ?? CUSTOM_FIELD, overridden: false };
    if (detected) detectedOwner.set(detected, col);
    columns.push(col);
  }

  overrides.forEach((o, i) => {
    if (o.sheet !== undefined && headerKey(o.sheet) !== headerKey(sheetName)) return;
    // The exact header first: "Email" and "E-mail" are one header to detection but two columns to the advisor.
    const exact = o.header.trim().toLowerCase();
    const col = columns.find((c) => c.header.trim().toLowerCase() === exact) ?? columns.find((c) => headerKey(c.header) === headerKey(o.header));
    if (!col) return;
    usedOverrides.add(i);
    const field = resolveOverrideField(kind, o.field);
    if (!field) {
      problems.error(sheetName, headerRow, col.header, `the mapping names "${o.field}", which is not a field of a ${kind} sheet (see the field list of import.fields)`);
      return;
    }
    col.field = field;
    col.overridden = true;
  });

  // One column per field: an override takes a field from the column detection gave it to.
  const byField = new Map<string, { column: number; header: string }>();
  const overridden = columns.filter((c) => c.overridden && c.field !== CUSTOM_FIELD && c.field !== IGNORE_FIELD);
  for (const c of overridden) {
    const other = byField.get(c.field);
    if (other) {
      problems.error(sheetName, headerRow, c.header, `columns "${other.header}" and "${c.header}" are both mapped to ${fieldSpec(kind, c.field)?.label ?? c.field}`);
      continue;
    }
    byField.set(c.field, { column: c.column, header: c.header });
  }
  for (const c of columns) {
    if (c.overridden || c.field === CUSTOM_FIELD || c.field === IGNORE_FIELD) continue;
    if (byField.has(c.field)) {
      c.field = CUSTOM_FIELD;
      continue;
    }
    byField.set(c.field, { column: c.column, header: c.header });
  }
  for (const c of columns)
    if (!c.overridden && c.field === CUSTOM_FIELD && c.header !== `Column ${columnLetter(c.column)}`) {
      const looksLike = fieldForHeader(kind, c.header);
      if (looksLike && byField.get(looksLike)?.column !== c.column)
        problems.warn(sheetName, headerRow, c.header, `column "${c.header}" also looks like ${fieldSpec(kind, looksLike)?.label ?? looksLike}, which column "${byField.get(looksLike)?.header}" provides; it is not read as that field`);
    }

  // A roster with a single name column: only when first and last name columns are absent.
  if (byField.has('fullName') && (byField.has('firstName') || byField.has('lastName'))) {
    const full = byField.get('fullName')!;
    byField.delete('fullName');
    const col = columns.find((c) => c.column === full.column)!;
    if (!col.overridden) col.field = CUSTOM_FIELD;
  }

  for (const key of REQUIRED_COLUMNS[kind])
    if (!byField.has(key))
      problems.error(sheetName, headerRow, null, `no ${fieldSpec(kind, key)?.label ?? key} column: name one "${fieldSpec(kind, key)?.label ?? key}", or map a column to ${key}`);

  return { columns, byField };
}
