/**
 * The workbook's own description of its sheets (names, tab order, the 1904 date system), read
 * straight from the zip's central directory. exceljs's streaming reader parses the same two small
 * files, but when they come after the worksheets (openpyxl writes them last) it sometimes loses
 * them, and then names every sheet "Sheet<n>": a roster read under the wrong tab names is read
 * wrongly, so the import does not depend on that parse.
 */
import { Readable } from 'node:stream';
import zlib from 'node:zlib';

export interface SheetEntry {
  name: string;
  /** The sheetId attribute. */
  sheetId: number;
  /** Number of the part that holds it: xl/worksheets/sheet<fileNumber>.xml. */
  fileNumber: number | null;
}

export interface WorkbookDirectory {
  /** In tab order. */
  sheets: SheetEntry[];
  date1904: boolean;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  /** Uncompressed size as the directory states it. */
  size: number;
  crc: number;
  localOffset: number;
}

/** Every entry of the zip's central directory; empty when there is none (not a zip, or cut short). */
export function zipEntries(buf: Buffer): ZipEntry[] {
  return zipDirectory(buf).entries;
}

/** The central directory's readable entries, and how many its end record says it holds. */
export function zipDirectory(buf: Buffer): { entries: ZipEntry[]; declared: number } {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--)
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  if (eocd < 0) return { entries: [], declared: 0 };
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (p === 0xffffffff) return { entries: [], declared: 0 }; // zip64: far beyond any roster
  const out: ZipEntry[] = [];
  for (let n = 0; n < count && p + 46 <= buf.length && buf.readUInt32LE(p) === CENTRAL; n++) {
    const nameLength = buf.readUInt16LE(p + 28);
    out.push({
      name: buf.toString('utf8', p + 46, Math.min(buf.length, p + 46 + nameLength)),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      crc: buf.readUInt32LE(p + 16),
      localOffset: buf.readUInt32LE(p + 42),
    });
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return { entries: out, declared: count };
}

/** The stored bytes of an entry (still compressed), or null when its local header is not where the directory says. */
export function entryData(buf: Buffer, e: ZipEntry): Buffer | null {
  if (e.localOffset + 30 > buf.length || buf.readUInt32LE(e.localOffset) !== LOCAL) return null;
  const start = e.localOffset + 30 + buf.readUInt16LE(e.localOffset + 26) + buf.readUInt16LE(e.localOffset + 28);
  return buf.subarray(start, start + e.compressedSize);
}

function readEntries(buf: Buffer, wanted: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of zipEntries(buf)) {
    if (!wanted.includes(e.name) || e.size > 16 * 1024 * 1024) continue;
    const data = entryData(buf, e);
    if (!data) continue;
    if (e.method === 0) out.set(e.name, data.toString('utf8'));
    else if (e.method === 8) out.set(e.name, zlib.inflateRawSync(data, { maxOutputLength: 16 * 1024 * 1024 }).toString('utf8'));
  }
  return out;
}

/** The named parts of the zip as text (those it holds, each at most 16 MB inflated). Throws on a damaged part. */
export function readZipTexts(bytes: Uint8Array, wanted: readonly string[]): Map<string, string> {
  return readEntries(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), wanted);
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e.toLowerCase()]!;
  });
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out.set(m[1], decodeXml(m[2] ?? m[3]));
  return out;
}

/** null when the file is not a readable zip: exceljs then reports the damage. */
export function workbookDirectory(bytes: Uint8Array): WorkbookDirectory | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let parts: Map<string, string>;
  try {
    parts = readEntries(buf, ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels']);
  } catch {
    return null;
  }
  const workbook = parts.get('xl/workbook.xml');
  if (!workbook) return null;
  const targets = new Map<string, string>();
  for (const m of (parts.get('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const a = attributes(m[0]);
    if (a.get('Id') && a.get('Target')) targets.set(a.get('Id')!, a.get('Target')!);
  }
  const sheets: SheetEntry[] = [];
  for (const m of workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const a = attributes(m[0]);
    const rId = [...a].find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1];
    const target = rId ? targets.get(rId) : undefined;
    const file = target ? /(?:^|\/)worksheets\/sheet(\d+)\.xml$/.exec(target) : null;
    sheets.push({ name: a.get('name') ?? '', sheetId: Number(a.get('sheetId')), fileNumber: file ? Number(file[1]) : null });
  }
  const pr = /<(?:\w+:)?workbookPr\b[^>]*>/.exec(workbook);
  const date1904 = pr ? ['1', 'true'].includes(attributes(pr[0]).get('date1904') ?? '') : false;
  return { sheets, date1904 };
}

export interface ZipInspection {
  /** Rows of all worksheets (title and header rows included), for progress. */
  rows: number;
  /** Why the file is damaged, or null. */
  damage: string | null;
  /** Rows that hold cells and are hidden (by a filter or by hand), by worksheet part number (xl/worksheets/sheet<n>.xml), in file order. */
  hiddenRows: Map<number, number[]>;
}

const ROW_TAG = Buffer.from('<row');
const HIDDEN = Buffer.from('hidden="');
const LT = 0x3c;
const GT = 0x3e;

/**
 * Finds the hidden rows of a worksheet as it inflates: exceljs's streaming reader reads a row's
 * number and height but not its hidden="1", which both a filter and Format › Hide write. A row
 * tag cut by a chunk's end is kept until the next chunk completes it.
 */
export class HiddenRowScanner {
  readonly rows: number[] = [];
  private rest: Buffer | null = null;

  add(chunk: Buffer): void {
    const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    // Scanned up to the last tag's end; the rest (a tag cut short, and what follows it) waits for the next chunk.
    const end = buf.lastIndexOf(GT);
    if (end < 0) {
      // No tag ends here (a long text): only a tag's start could matter, and one is never this long.
      this.rest = buf.subarray(Math.max(0, buf.length - 4096));
      return;
    }
    let restFrom = end + 1;
    for (let i = buf.indexOf(HIDDEN); i >= 0 && i < end; i = buf.indexOf(HIDDEN, i + HIDDEN.length)) {
      // LibreOffice writes hidden="false" on every row: only "1" and "true" are looked at further.
      const value = buf[i + HIDDEN.length];
      if (value !== 0x31 && value !== 0x74) continue;
      const open = buf.lastIndexOf(LT, i);
      const close = buf.indexOf(GT, i);
      if (open < 0 || buf[open + 1] !== 0x72 || buf.toString('latin1', open, open + 5) !== '<row ') continue;
      // Whether the row is empty shows only after its tag: a tag at the very end of the chunk waits for the next one.
      if (close + 7 > buf.length && buf[close - 1] !== 0x2f) {
        restFrom = open;
        break;
      }
      const tag = buf.toString('latin1', open, close + 1);
      const hidden = /\shidden="(1|true)"/.exec(tag);
      const r = /\sr="(\d+)"/.exec(tag);
      // A row with no cells (<row …/> or <row …></row>) imports nothing, hidden or not.
      const empty = tag.endsWith('/>') || buf.toString('latin1', close + 1, close + 7) === '</row>';
      if (hidden && r && !empty) this.rows.push(Number(r[1]));
    }
    this.rest = restFrom < buf.length ? Buffer.from(buf.subarray(restFrom)) : null;
  }
}

/**
 * Inflates every part of the workbook in libuv's thread pool (while exceljs parses the same file),
 * checking each against the zip's directory: its CRC and its size. A damaged zip can leave
 * exceljs's reader waiting forever rather than failing, so the import races its reading against
 * this check. Along the way the worksheets' `<row` tags are counted for the progress bar.
 */
export async function inspectZip(bytes: Uint8Array): Promise<ZipInspection> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { entries, declared } = zipDirectory(buf);
  const hiddenRows = new Map<number, number[]>();
  if (!entries.length) return { rows: 0, damage: 'it has no zip directory (the file was cut short?)', hiddenRows };
  // A directory that breaks off early hides parts exceljs would then wait for forever.
  if (entries.length !== declared) return { rows: 0, damage: `its zip directory is damaged (it lists ${declared} parts; ${entries.length} can be read)`, hiddenRows };
  let rows = 0;
  // "<row" followed by a space, ">" or "/": not "<rowBreaks". Searched in the raw bytes, never turned into strings.
  const count = (b: Buffer, from: number, to: number) => {
    for (let i = b.indexOf(ROW_TAG, from); i >= 0 && i < to; i = b.indexOf(ROW_TAG, i + 4)) {
      const next = b[i + 4];
      if (next === 0x20 || next === 0x3e || next === 0x2f) rows++;
    }
  };
  for (const e of entries) {
    if (e.name.endsWith('/') && e.size === 0) continue;
    const data = entryData(buf, e);
    if (!data || data.length !== e.compressedSize) return { rows, damage: `${e.name} is not where the zip's directory says (the file was cut short?)`, hiddenRows };
    if (e.method !== 0 && e.method !== 8) return { rows, damage: `${e.name} uses a compression method (${e.method}) spreadsheets do not use`, hiddenRows };
    const sheetPart = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(e.name);
    const isSheet = sheetPart !== null;
    const hidden = isSheet ? new HiddenRowScanner() : null;
    // Inflated in 1 MB pieces: the default 16 KB would call back into the main thread ten thousand times for a large roster.
    const stream = e.method === 8 ? Readable.from([data]).pipe(zlib.createInflateRaw({ chunkSize: 1 << 20 })) : Readable.from([data]);
    let size = 0;
    let crc = 0;
    let carry: Buffer | null = null;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > e.size) {
          stream.destroy();
          return { rows, damage: `${e.name} holds more than the ${e.size.toLocaleString('en-US')} bytes its directory entry declares`, hiddenRows };
        }
        crc = zlib.crc32(chunk, crc);
        if (isSheet) {
          if (carry) count(Buffer.concat([carry, chunk.subarray(0, 4)]), 0, carry.length);
          count(chunk, 0, chunk.length - 4);
          carry = chunk.subarray(Math.max(0, chunk.length - 4));
          hidden!.add(chunk);
        }
      }
    } catch (err) {
      return { rows, damage: `${e.name} cannot be inflated (${(err as Error).message})`, hiddenRows };
    }
    if (size !== e.size || crc !== e.crc) return { rows, damage: `${e.name} does not match its checksum`, hiddenRows };
    if (hidden?.rows.length) hiddenRows.set(Number(sheetPart![1]), hidden.rows);
  }
  return { rows, damage: null, hiddenRows };
}
