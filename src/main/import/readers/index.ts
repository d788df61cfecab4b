import path from 'node:path';
import { csvSource } from './csv';
import { UnreadableFileError, type SourceFile } from './source';
import { xlsxSource, type ReadingThread } from './xlsx';

export { UnreadableFileError, type SourceFile, type SourceRow, type SourceSheet } from './source';

function startsWith(bytes: Uint8Array, ...sig: number[]): boolean {
  return sig.every((b, i) => bytes[i] === b);
}

export type { ReadingThread } from './xlsx';

/** Opens the bytes as .xlsx or CSV, judged by content first (a renamed file still reads) and by name second. */
export function openSource(bytes: Uint8Array, fileName: string, thread?: ReadingThread): SourceFile {
  const ext = path.extname(fileName).toLowerCase();
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) {
    const head = Buffer.from(bytes.subarray(0, 120)).toString('latin1');
    if (head.includes('application/vnd.oasis.opendocument'))
      throw new UnreadableFileError(`${fileName} is an OpenDocument spreadsheet; save it as .xlsx or .csv and import that`);
    return xlsxSource(bytes, thread);
  }
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0))
    throw new UnreadableFileError(`${fileName} is an old Excel 97–2003 (.xls) workbook; open it in Excel and save it as .xlsx, then import that`);
  if (ext === '.xlsx' || ext === '.xlsm') throw new UnreadableFileError(`${fileName} is not a valid .xlsx workbook (it is not a zip archive)`);
  if (bytes.subarray(0, 4096).includes(0) && !startsWith(bytes, 0xff, 0xfe) && !startsWith(bytes, 0xfe, 0xff))
    throw new UnreadableFileError(`${fileName} is neither an .xlsx workbook nor a text (CSV) file`);
  return csvSource(bytes, path.basename(fileName));
}
