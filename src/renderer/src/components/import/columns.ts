/** The file's columns as the advisor sees and re-maps them. */
import type { ImportPreview, MappingOverride } from '../../../../shared/api';

/** Spreadsheet column letters, as the advisor sees them in Excel (1 → A, 27 → AA). */
export function columnLetter(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/** Replaces any override of the same header on the same sheet; choosing the detected field again drops the override. */
export function withOverride(mapping: MappingOverride[], preview: ImportPreview, sheet: string, header: string, field: string): MappingOverride[] {
  const rest = mapping.filter((m) => !(m.header === header && (m.sheet ?? sheet) === sheet));
  const detected = preview.sheets.find((s) => s.name === sheet)?.columns.find((c) => c.header === header)?.detected;
  return field === detected ? rest : [...rest, { sheet, header, field }];
}
