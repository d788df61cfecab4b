/**
 * The workbook re-packed in the order exceljs's streaming reader needs, and fed to it so that it
 * cannot stop early. Two faults of exceljs 4.4 (with unzipper 0.10) make this necessary:
 *
 * - **Lost parts.** unzipper's parser announces its end as soon as it has taken the last input
 *   byte, even while parts it has already parsed still wait in its buffer for exceljs to take
 *   them; exceljs then stops and those parts are never read. Whenever the reader falls behind the
 *   parser (a slow consumer checking and writing rows, a busy machine, a slow disk) the parts at
 *   the end of the file are silently dropped: a small sheet after a large one, the shared strings,
 *   the sheet names. Here that early announcement is held back; the parser's stream still ends,
 *   as streams do, once every part has been taken (or fails, on a cut-short file).
 * - **Spilled sheets.** A worksheet that comes before the shared strings and the workbook's
 *   relations (Excel, LibreOffice, openpyxl and exceljs itself all write it so) is copied by
 *   exceljs to a temporary file and parsed only after the whole zip has been read: the whole
 *   roster goes through the disk twice, unencrypted. Here those small parts come first, so sheets
 *   are parsed as they inflate. A workbook of inline strings only gets an empty shared-strings table.
 *
 * Only the parts the import reads are kept; each keeps its stored (compressed) bytes untouched,
 * with sizes and checksum from the zip's central directory, so nothing is inflated here. A file
 * this cannot re-pack (not a zip, zip64, a part not where its directory says) is given to exceljs
 * as it is, and its damage is reported by the zip check (xlsx-directory.ts).
 */
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { entryData, zipEntries, type ZipEntry } from './xlsx-directory';

const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';
const SHARED_STRINGS = 'xl/sharedStrings.xml';
const WORKSHEET = /^xl\/worksheets\/sheet\d+\.xml$/;
const EMPTY_SHARED_STRINGS = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
);
const UTF8_NAMES = 0x0800;

interface Part {
  name: Buffer;
  method: number;
  crc: number;
  size: number;
  data: Buffer;
}

function partOf(buf: Buffer, e: ZipEntry): Part | null {
  if (e.method !== 0 && e.method !== 8) return null;
  if (e.size === 0xffffffff || e.compressedSize === 0xffffffff) return null;
  const data = entryData(buf, e);
  if (!data || data.length !== e.compressedSize) return null;
  return { name: Buffer.from(e.name, 'utf8'), method: e.method, crc: e.crc, size: e.size, data };
}

function localHeader(p: Part): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(UTF8_NAMES, 6);
  h.writeUInt16LE(p.method, 8);
  h.writeUInt32LE(p.crc >>> 0, 14);
  h.writeUInt32LE(p.data.length, 18);
  h.writeUInt32LE(p.size, 22);
  h.writeUInt16LE(p.name.length, 26);
  return h;
}

function centralHeader(p: Part, offset: number): Buffer {
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(UTF8_NAMES, 8);
  h.writeUInt16LE(p.method, 10);
  h.writeUInt32LE(p.crc >>> 0, 16);
  h.writeUInt32LE(p.data.length, 20);
  h.writeUInt32LE(p.size, 24);
  h.writeUInt16LE(p.name.length, 28);
  h.writeUInt32LE(offset, 42);
  return h;
}

/** A re-packed workbook. */
export interface RestreamedWorkbook {
  bytes: Buffer;
  /** Worksheets in it. */
  sheets: number;
}

/**
 * The parts exceljs reads, in the order it streams best: workbook relations, workbook, shared
 * strings, then the worksheets in the order the file holds them. Null when the file cannot be
 * re-packed (it then goes to exceljs unchanged).
 */
export function restreamedWorkbook(bytes: Uint8Array): RestreamedWorkbook | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = zipEntries(buf);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const first = [WORKBOOK_RELS, WORKBOOK].map((n) => byName.get(n));
  if (first.some((e) => e === undefined)) return null;
  const parts: Part[] = [];
  for (const e of [...(first as ZipEntry[]), byName.get(SHARED_STRINGS)]) {
    if (!e) {
      parts.push({ name: Buffer.from(SHARED_STRINGS), method: 0, crc: zlib.crc32(EMPTY_SHARED_STRINGS), size: EMPTY_SHARED_STRINGS.length, data: EMPTY_SHARED_STRINGS });
      continue;
    }
    const p = partOf(buf, e);
    if (!p) return null;
    parts.push(p);
  }
  let sheets = 0;
  for (const e of entries) {
    if (!WORKSHEET.test(e.name)) continue;
    const p = partOf(buf, e);
    if (!p) return null;
    parts.push(p);
    sheets++;
  }
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    central.push(centralHeader(p, offset), p.name);
    const h = localHeader(p);
    chunks.push(h, p.name, p.data);
    offset += h.length + p.name.length + p.data.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  if (offset + centralSize > 0xfffffffe) return null;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return { bytes: Buffer.concat([...chunks, ...central, end]), sheets };
}

/**
 * The bytes as a stream for exceljs's reader, which pipes it into unzipper's parser: the parser's
 * own early 'end' (see above) is dropped, and only the stream's real end, once its buffer is empty,
 * reaches exceljs. The worker thread (xlsx-worker.ts) does the same in its own words.
 */
export function workbookStream(bytes: Uint8Array): Readable {
  const input = Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]);
  const pipe = input.pipe.bind(input);
  input.pipe = <T extends NodeJS.WritableStream>(parser: T, options?: { end?: boolean }): T => {
    const emit = (parser as unknown as Readable).emit;
    (parser as unknown as Readable).emit = function (this: Readable, event: string | symbol, ...args: unknown[]): boolean {
      if (event === 'end' && !this.readableEnded) return false;
      return emit.call(this, event, ...args);
    };
    return pipe(parser, options);
  };
  return input;
}
