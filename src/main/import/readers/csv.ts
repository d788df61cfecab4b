/**
 * Reads a CSV as advisors' tools write it: UTF-8 with or without a byte-order mark (Windows-1252 or
 * UTF-16 when Excel saved it that way), comma, semicolon (European Excel) or tab separated, quoted
 * fields with embedded newlines, CRLF or LF. Every cell is text; the columns' types parse it later.
 * Rows are numbered as a spreadsheet shows the file: record n is row n, whatever newlines its quotes hold.
 */
import { parse } from 'csv-parse';
import type { CellValue } from '../values';
import { MAX_SHEET_ROWS, UnreadableFileError, type SourceFile, type SourceRow, type SourceSheet } from './source';

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: Excel's "CSV (Comma delimited)" on Windows writes the ANSI code page.
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

const CANDIDATES = [',', ';', '\t'] as const;

/** The delimiter of the header line: whichever of comma, semicolon and tab occurs most outside quotes (comma on a tie). */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length && i < 64 * 1024; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (counts[','] + counts[';'] + counts['\t'] > 0) break;
    } else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  let best: ',' | ';' | '\t' = ',';
  for (const c of CANDIDATES) if (counts[c] > counts[best]) best = c;
  return best;
}

class CsvRow implements SourceRow {
  constructor(
    readonly number: number,
    private readonly record: string[],
  ) {}
  get width(): number {
    return this.record.length;
  }
  cell(column: number): CellValue {
    const v = this.record[column - 1];
    if (v === undefined || v === '') return null;
    // A line break inside a quoted cell follows the file's line endings; the cell's text is kept with plain newlines.
    return v.includes('\r') ? v.replace(/\r\n?/g, '\n') : v;
  }
}

async function* csvRows(text: string, delimiter: string): AsyncGenerator<SourceRow> {
  const parser = parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true });
  // Feed the text in slices so records start flowing before the whole file is parsed.
  const SLICE = 256 * 1024;
  let offset = 0;
  const feed = () => {
    while (offset < text.length) {
      const ok = parser.write(text.slice(offset, offset + SLICE));
      offset += SLICE;
      if (!ok) return void parser.once('drain', feed);
    }
    parser.end();
  };
  feed();
  let n = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    yield new CsvRow(++n, record);
    // The parser resolves from microtasks only: without a turn of the event loop now and then, progress
    // never reaches the page and a cancel request is not read until the whole file is done.
    if (n % YIELD_EVERY_ROWS === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

const YIELD_EVERY_ROWS = 2_000;

function countLines(text: string): number {
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return text.endsWith('\n') ? lines : lines + 1;
}

export function csvSource(bytes: Uint8Array, sheetName: string): SourceFile {
  const decoded = decodeText(bytes);
  const lines = countLines(decoded.text);
  if (lines > MAX_SHEET_ROWS)
    throw new UnreadableFileError(`${sheetName} has ${lines.toLocaleString('en-US')} rows, more than a worksheet can hold (${MAX_SHEET_ROWS.toLocaleString('en-US')}): split the file`);
  const notes = decoded.encoding === 'windows-1252' ? ['the file is not UTF-8; it was read as Windows-1252 (Excel "CSV (Comma delimited)"): check accented names'] : [];
  return {
    format: 'csv',
    notes,
    // Lines, not records: a quoted newline counts twice, which is close enough for a progress bar.
    rowCount: async () => lines,
    damage: async () => null,
    hiddenRows: async () => new Map(),
    checkFirst: false,
    date1904: () => false,
    async *sheets(): AsyncGenerator<SourceSheet & { position: number; tabNames: string[] }> {
      yield { name: sheetName, position: 0, tabNames: [sheetName], rows: csvRows(decoded.text, detectDelimiter(decoded.text)) };
    },
  };
}
