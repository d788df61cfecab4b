/**
 * Reading a spreadsheet of records for the program directory and match-list imports (issue 15)
 * through the roster import's own readers (readers/: xlsx, CSV, a web page's table), header
 * matching (fields.headerKey), mapping overrides and located problems (problems.ts). Each sheet is
 * matched to one of the caller's sheet kinds by its header row; its rows come back as cells keyed
 * by field, each with its row number, for the caller to check and write in one transaction.
 */
import type { ColumnMapping, MappingOverride } from '../../shared/api/import';
import { headerKey } from './fields';
import { columnLetter } from './mapping';
import type { Problems } from './problems';
import { openSource, UnreadableFileError } from './readers';
import { cellText, type CellValue } from './values';

export interface TableColumn {
  key: string;
  label: string;
  /** Headers recognised for it, as offices write them. */
  synonyms: string[];
}

export interface TableKind {
  kind: string;
  columns: TableColumn[];
  /** Columns a sheet must have to be read as this kind (the first kind whose required columns all match wins). */
  required: string[];
}

export interface TableRow {
  /** The row's number as the spreadsheet shows it. */
  number: number;
  cells: Map<string, CellValue>;
}

export interface TableSheet {
  name: string;
  kind: string;
  headerRow: number;
  columns: ColumnMapping[];
  /** field key → the header that feeds it (for located problems). */
  headers: Map<string, string>;
  rows: TableRow[];
}

/** Rows looked at to find the header under a title or a blank line (as the roster import). */
const HEADER_SEARCH_ROWS = 10;
/** A directory or match list is a few thousand rows; a file with more is not one. */
const MAX_ROWS = 200_000;

function fieldOf(kind: TableKind, text: string): string | null {
  const k = headerKey(text);
  if (!k) return null;
  for (const c of kind.columns) if (headerKey(c.key) === k || headerKey(c.label) === k || c.synonyms.some((s) => headerKey(s) === k)) return c.key;
  return null;
}

/** Maps a header row for one kind: the first column per field, overrides first; null when the kind's required columns are not all there. */
function mapRow(kind: TableKind, sheetName: string, headers: { column: number; text: string }[], overrides: readonly MappingOverride[], used: Set<number>) {
  const byField = new Map<string, { column: number; header: string }>();
  const columns: ColumnMapping[] = [];
  for (const h of headers) {
    const header = h.text || `Column ${columnLetter(h.column)}`;
    let field = h.text ? fieldOf(kind, h.text) : null;
    const detected = field;
    let overridden = false;
    overrides.forEach((o, i) => {
      if (o.sheet !== undefined && headerKey(o.sheet) !== headerKey(sheetName)) return;
      if (headerKey(o.header) !== headerKey(header)) return;
      const target = headerKey(o.field) === 'ignore' ? null : fieldOf(kind, o.field);
      if (target === null && headerKey(o.field) !== 'ignore') return;
      used.add(i);
      field = target;
      overridden = true;
    });
    if (field && byField.has(field)) field = null;
    if (field) byField.set(field, { column: h.column, header });
    columns.push({ column: h.column, header, field: field ?? 'ignore', detected: detected ?? 'ignore', overridden });
  }
  return kind.required.every((k) => byField.has(k)) ? { byField, columns } : null;
}

/**
 * Reads every sheet of the file. A sheet whose header matches no kind is skipped with a warning
 * naming what it lacks; a file with no readable sheet is an error. Problems are located as the
 * roster import locates them (sheet, row, column).
 */
export async function readTableSheets(
  bytes: Uint8Array,
  fileName: string,
  kinds: readonly TableKind[],
  overrides: readonly MappingOverride[],
  problems: Problems,
  signal?: AbortSignal,
): Promise<TableSheet[]> {
  let source;
  try {
    source = openSource(bytes, fileName, undefined, signal);
  } catch (err) {
    if (err instanceof UnreadableFileError) {
      problems.error(fileName, null, null, err.message);
      return [];
    }
    throw err;
  }
  const damage = await source.damage();
  if (damage) {
    problems.error(fileName, null, null, `${fileName} is damaged: ${damage}; nothing was read from it`);
    return [];
  }
  const sheets: TableSheet[] = [];
  const used = new Set<number>();
  try {
    for await (const sheet of source.sheets()) {
      let found: TableSheet | null = null;
      let byField = new Map<string, { column: number; header: string }>();
      let seen = 0;
      let firstHeaders: string[] = [];
      for await (const row of sheet.rows) {
        if (found === null) {
          if (++seen > HEADER_SEARCH_ROWS) continue;
          const headers: { column: number; text: string }[] = [];
          for (let c = 1; c <= row.width; c++) headers.push({ column: c, text: cellText(row.cell(c)) ?? '' });
          if (headers.every((h) => h.text === '')) continue;
          if (firstHeaders.length === 0) firstHeaders = headers.map((h) => h.text).filter((t) => t !== '');
          for (const kind of kinds) {
            const mapped = mapRow(kind, sheet.name, headers, overrides, used);
            if (!mapped) continue;
            byField = mapped.byField;
            found = { name: sheet.name, kind: kind.kind, headerRow: row.number, columns: mapped.columns, headers: new Map([...byField].map(([k, v]) => [k, v.header])), rows: [] };
            break;
          }
          continue;
        }
        if (found.rows.length >= MAX_ROWS) {
          problems.error(sheet.name, row.number, null, `more than ${MAX_ROWS.toLocaleString('en-US')} rows: this is not a program directory or a match list`);
          break;
        }
        const cells = new Map<string, CellValue>();
        let any = false;
        for (const [key, { column }] of byField) {
          const v = row.cell(column);
          cells.set(key, v);
          if (cellText(v) !== null) any = true;
        }
        if (any) found.rows.push({ number: row.number, cells });
      }
      if (found) sheets.push(found);
      else if (firstHeaders.length > 0) {
        const wanted = kinds.map((k) => k.required.map((r) => k.columns.find((c) => c.key === r)?.label ?? r).join(', ')).join('; or ');
        problems.warn(sheet.name, null, null, `not read: its header row does not have the columns ${wanted}`);
      }
    }
  } catch (err) {
    if (signal?.aborted) throw err;
    problems.error(fileName, null, null, `the file could not be read: ${(err as Error).message.split('\n')[0]}`);
    return [];
  }
  overrides.forEach((o, i) => {
    if (!used.has(i)) problems.warn(o.sheet ?? fileName, null, o.header, `the mapping "${o.header}=${o.field}" matched no column`);
  });
  if (sheets.length === 0 && problems.errorCount === 0) {
    const wanted = kinds[0].required.map((r) => kinds[0].columns.find((c) => c.key === r)?.label ?? r).join(', ');
    problems.error(fileName, null, null, `no sheet has the columns ${wanted} in its header row`);
  }
  return sheets;
}
