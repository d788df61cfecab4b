import path from 'node:path';
import { csvSource } from './csv';
import { htmlSource } from './html';
import { UnreadableFileError, type SourceFile } from './source';
import { xlsxSource, type ReadingThread } from './xlsx';
import { zipEntries } from './xlsx-directory';

export { MAX_SHEET_ROWS, UnreadableFileError, type SourceFile, type SourceRow, type SourceSheet } from './source';

function startsWith(bytes: Uint8Array, ...sig: number[]): boolean {
  return sig.every((b, i) => bytes[i] === b);
}

export type { ReadingThread } from './xlsx';

/** The stream an encrypted Office file keeps its package in, named in its compound file's directory (UTF-16). */
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

/**
 * A web page or an Excel 2003 XML spreadsheet: what registrar and SIS systems often export as
 * "Excel", with an .xls name. Judged by how the text starts (after a byte-order mark and blank space).
 */
function markupKind(bytes: Uint8Array): 'html' | 'spreadsheetml' | null {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (!head.startsWith('<')) return null;
  if (head.includes('urn:schemas-microsoft-com:office:spreadsheet') && head.includes('<workbook')) return 'spreadsheetml';
  if (/^<(!doctype html|html[\s>]|head[\s>]|body[\s>]|table[\s>]|meta[\s>])/.test(head) || /<html[\s>]/.test(head)) return 'html';
  return null;
}

/**
 * Limits against zip bombs, checked from the zip's directory before a byte is inflated. A
 * 100,000-student template holds ~130 MB of sheet XML at 7:1; these leave room for about three
 * times that, while a file that inflates far beyond it, or at a ratio no spreadsheet reaches, is refused.
 */
export const MAX_INFLATED_BYTES = 384 * 1024 * 1024;
const MAX_RATIO = 100;
const RATIO_CHECKED_FROM = 32 * 1024 * 1024;

function megabytes(n: number): string {
  return `${Math.round(n / (1024 * 1024)).toLocaleString('en-US')} MB`;
}

function checkInflatedSize(bytes: Uint8Array, fileName: string): void {
  const entries = zipEntries(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).filter((e) => /^xl\/(worksheets\/sheet\d+|sharedStrings)\.xml$/.test(e.name));
  const total = entries.reduce((n, e) => n + e.size, 0);
  if (total > MAX_INFLATED_BYTES)
    throw new UnreadableFileError(`${fileName} is too large to import: its sheets inflate to ${megabytes(total)} (at most ${megabytes(MAX_INFLATED_BYTES)}, about 300,000 students); split the file`);
  for (const e of entries)
    if (e.size >= RATIO_CHECKED_FROM && e.size > MAX_RATIO * Math.max(1, e.compressedSize))
      throw new UnreadableFileError(`${fileName} is refused: ${e.name} inflates from ${megabytes(e.compressedSize) === '0 MB' ? `${e.compressedSize} bytes` : megabytes(e.compressedSize)} to ${megabytes(e.size)}, too large a ratio for a spreadsheet (a zip bomb?)`);
}

/** Opens the bytes as .xlsx, a web page's table or CSV, judged by content first (a renamed file still reads) and by name second. */
export function openSource(bytes: Uint8Array, fileName: string, thread?: ReadingThread, signal?: AbortSignal): SourceFile {
  const ext = path.extname(fileName).toLowerCase();
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) {
    const head = Buffer.from(bytes.subarray(0, 120)).toString('latin1');
    if (head.includes('application/vnd.oasis.opendocument'))
      throw new UnreadableFileError(`${fileName} is an OpenDocument spreadsheet; save it as .xlsx or .csv and import that`);
    checkInflatedSize(bytes, fileName);
    return xlsxSource(bytes, thread, signal);
  }
  // An OLE compound file: Excel 97–2003, or an .xlsx that Excel encrypted with a password (its zip is inside, encrypted).
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0)) {
    if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(ENCRYPTED_PACKAGE))
      throw new UnreadableFileError(
        `${fileName} is password-protected (Excel encrypted it); remove the password in Excel (File › Info › Protect Workbook › Encrypt with Password, then clear it), save it, and import it again`,
      );
    throw new UnreadableFileError(`${fileName} is an old Excel 97–2003 (.xls) workbook; open it in Excel and save it as .xlsx, then import that`);
  }
  const kind = markupKind(bytes);
  // A registrar's web page saved as .xls: its roster table is read like a CSV.
  if (kind === 'html') return htmlSource(bytes, fileName, path.basename(fileName));
  if (kind)
    throw new UnreadableFileError(
      `${fileName} is an Excel 2003 XML spreadsheet${/^\.xlsx?$/.test(ext) ? ` saved under an ${ext} name` : ''}, not a workbook Stepwise reads; open it in Excel and save it as .xlsx (or as CSV), then import that`,
    );
  if (ext === '.xlsx' || ext === '.xlsm') throw new UnreadableFileError(`${fileName} is not a valid .xlsx workbook (it is not a zip archive)`);
  if (bytes.subarray(0, 4096).includes(0) && !startsWith(bytes, 0xff, 0xfe) && !startsWith(bytes, 0xfe, 0xff))
    throw new UnreadableFileError(`${fileName} is neither an .xlsx workbook nor a text (CSV) file`);
  return csvSource(bytes, path.basename(fileName));
}
