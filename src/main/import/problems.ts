import type { ImportProblem } from '../../shared/api/import';

/** Errors beyond this many are counted but not listed: a wrong file can hold a million bad cells. */
export const MAX_LISTED_ERRORS = 10_000;

/** Each problem is one readable line, however long or odd the cell or header text it quotes. */
function oneLine(text: string, max: number): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function located(sheet: string, row: number | null, column: string | null, message: string): ImportProblem {
  return { sheet: oneLine(sheet, 100), row, column: column === null ? null : oneLine(column, 100), message: oneLine(message, 400) };
}

/** Collects located errors (any one rejects the import) and warnings (reported, nothing rejected). */
export class Problems {
  readonly errors: ImportProblem[] = [];
  readonly warnings: ImportProblem[] = [];
  errorCount = 0;

  error(sheet: string, row: number | null, column: string | null, message: string): void {
    this.errorCount++;
    if (this.errors.length < MAX_LISTED_ERRORS) this.errors.push(located(sheet, row, column, message));
  }

  warn(sheet: string, row: number | null, column: string | null, message: string): void {
    if (this.warnings.length < MAX_LISTED_ERRORS) this.warnings.push(located(sheet, row, column, message));
  }

  /** Problems in spreadsheet order (the file first, then each sheet as read, its own notes before its rows), so the list reads top to bottom. */
  static sorted(problems: readonly ImportProblem[], sheetOrder: readonly string[]): ImportProblem[] {
    const rank = new Map(sheetOrder.map((s, i) => [s, i]));
    return [...problems].sort((a, b) => (rank.get(a.sheet) ?? -1) - (rank.get(b.sheet) ?? -1) || (a.row ?? 0) - (b.row ?? 0));
  }
}

/** `Sheet!row, column: message`, the CLI's one line per problem. */
export function formatProblem(p: ImportProblem): string {
  const where = p.row === null ? p.sheet : `${p.sheet}!${p.row}`;
  const at = `${where}${p.column ? `, ${p.column}` : ''}`;
  // A note on the file as a whole (its encoding, its kind) has no place in it to name.
  return at ? `${at}: ${p.message}` : p.message;
}
