/**
 * A web page read as a roster: what registrar and SIS systems export as "Excel" is often an HTML
 * page with an .xls name (Excel opens it without a word). The roster is the page's first <table>
 * with a Student ID header in its first rows (else its first table, whose missing Student ID
 * column the mapping then reports); its rows are numbered as the table's rows, 1 for the first,
 * and every cell is its text, as in a CSV: the columns' types parse it later. The page is parsed
 * with parse5 (the WHATWG parsing algorithm browsers use), so unclosed cells, implied <tbody>s
 * and entities read as a browser shows them.
 */
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import type { CellValue } from '../values';
import { fieldForHeader } from '../fields';
import { decodeText } from './csv';
import { MAX_SHEET_ROWS, UnreadableFileError, type SourceFile, type SourceRow, type SourceSheet } from './source';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const isElement = (n: Node): n is Element => 'tagName' in n;

/** Rows looked at for a Student ID header, as in a worksheet (collect.ts). */
const HEADER_SEARCH_ROWS = 10;
/** Columns a colspan may add: a real roster's cells span a few. */
const MAX_SPAN = 100;

/** Every element named `tag` under `node`, in document order, not looking inside a match (a table's own nested tables stay inside it). */
function findAll(node: Node, tag: string, out: Element[] = []): Element[] {
  for (const child of 'childNodes' in node ? node.childNodes : []) {
    if (isElement(child) && child.tagName === tag) out.push(child);
    else findAll(child, tag, out);
  }
  return out;
}

/** The table's own rows: <tr>s of its <thead>, <tbody>s and <tfoot>, not of a table nested in a cell. */
function rowsOf(table: Element): Element[] {
  const rows: Element[] = [];
  for (const child of table.childNodes) {
    if (!isElement(child)) continue;
    if (child.tagName === 'tr') rows.push(child);
    else if (child.tagName === 'thead' || child.tagName === 'tbody' || child.tagName === 'tfoot') for (const r of child.childNodes) if (isElement(r) && r.tagName === 'tr') rows.push(r);
  }
  return rows;
}

/** A cell's text as the page shows it: runs of white space as one space, a <br> as a line break. */
function textOf(node: Node): string {
  const parts: string[] = [];
  const walk = (n: Node) => {
    if (n.nodeName === '#text') parts.push((n as DefaultTreeAdapterMap['textNode']).value);
    else if (isElement(n) && n.tagName === 'br') parts.push('\n');
    else if (isElement(n) && (n.tagName === 'script' || n.tagName === 'style')) return;
    else if ('childNodes' in n) for (const c of n.childNodes) walk(c);
  };
  walk(node);
  return parts
    .join('')
    .split('\n')
    .map((line) => line.replace(/[\s\u00a0]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** A row's cells, a cell spanning n columns followed by n − 1 blanks so the columns stay under their headers. */
function cellsOf(row: Element): string[] {
  const cells: string[] = [];
  for (const c of row.childNodes) {
    if (!isElement(c) || (c.tagName !== 'td' && c.tagName !== 'th')) continue;
    cells.push(textOf(c));
    const span = Number(c.attrs.find((a) => a.name === 'colspan')?.value ?? 1);
    for (let i = 1; i < Math.min(Number.isInteger(span) ? span : 1, MAX_SPAN); i++) cells.push('');
  }
  return cells;
}

class HtmlRow implements SourceRow {
  constructor(
    readonly number: number,
    private readonly cells: string[],
  ) {}
  get width(): number {
    return this.cells.length;
  }
  cell(column: number): CellValue {
    const v = this.cells[column - 1];
    return v === undefined || v === '' ? null : v;
  }
}

/** Whether any of the table's first rows has a cell a Student ID column is named by. */
function hasStudentIdHeader(rows: string[][]): boolean {
  return rows.slice(0, HEADER_SEARCH_ROWS).some((cells) => cells.some((t) => t !== '' && fieldForHeader('students', t) === 'studentId'));
}

export function htmlSource(bytes: Uint8Array, fileName: string, sheetName: string): SourceFile {
  const document = parse(decodeText(bytes).text);
  const tables = findAll(document, 'table')
    .map((t) => rowsOf(t).map(cellsOf))
    .filter((rows) => rows.length > 0);
  if (!tables.length) throw new UnreadableFileError(`${fileName} is a web page (HTML) with no table in it; open it in Excel and save it as .xlsx (or as CSV), then import that`);
  const rows = tables.find(hasStudentIdHeader) ?? tables[0];
  if (rows.length > MAX_SHEET_ROWS)
    throw new UnreadableFileError(`${fileName}'s table has ${rows.length.toLocaleString('en-US')} rows, more than a worksheet can hold (${MAX_SHEET_ROWS.toLocaleString('en-US')}): split the file`);
  const others = tables.length - 1;
  return {
    format: 'html',
    notes: [`${fileName} is a web page (HTML); its ${tables.indexOf(rows) === 0 ? 'first' : 'first Student ID'} table was read${others ? ` (${others} other table${others > 1 ? 's' : ''} on the page ${others > 1 ? 'were' : 'was'} not)` : ''}`],
    rowCount: async () => rows.length,
    damage: async () => null,
    hiddenRows: async () => new Map(),
    checkFirst: false,
    date1904: () => false,
    async *sheets(): AsyncGenerator<SourceSheet & { position: number; tabNames: string[] }> {
      yield {
        name: sheetName,
        position: 0,
        tabNames: [sheetName],
        rows: (async function* () {
          for (let i = 0; i < rows.length; i++) yield new HtmlRow(i + 1, rows[i]);
        })(),
      };
    },
  };
}
