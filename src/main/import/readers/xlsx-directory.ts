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

function readEntries(buf: Buffer, wanted: readonly string[]): Map<string, string> | null {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--)
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  if (eocd < 0) return null;
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (p === 0xffffffff) return null; // zip64: far beyond any roster
  const out = new Map<string, string>();
  for (let n = 0; n < count && p + 46 <= buf.length && buf.readUInt32LE(p) === CENTRAL; n++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;
    if (!wanted.includes(name) || local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) continue;
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    if (method === 0) out.set(name, data.toString('utf8'));
    else if (method === 8) out.set(name, zlib.inflateRawSync(data).toString('utf8'));
  }
  return out;
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
  let parts: Map<string, string> | null;
  try {
    parts = readEntries(buf, ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels']);
  } catch {
    return null;
  }
  const workbook = parts?.get('xl/workbook.xml');
  if (!workbook) return null;
  const targets = new Map<string, string>();
  for (const m of (parts!.get('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
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

/**
 * How many rows the workbook's worksheets hold, for the progress bar: each worksheet part is
 * inflated in libuv's thread pool and its `<row` tags counted, while the main reading goes on.
 * Header and title rows are included; null when the zip cannot be read this way.
 */
export async function countWorksheetRows(bytes: Uint8Array): Promise<number | null> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let parts: { method: number; data: Buffer }[];
  try {
    parts = worksheetParts(buf);
  } catch {
    return null;
  }
  if (!parts.length) return null;
  let rows = 0;
  // "<row" followed by a space, ">" or "/": not "<rowBreaks". Searched in the raw bytes, never turned into strings.
  const count = (b: Buffer, from: number, to: number) => {
    for (let i = b.indexOf(ROW_TAG, from); i >= 0 && i < to; i = b.indexOf(ROW_TAG, i + 4)) {
      const next = b[i + 4];
      if (next === 0x20 || next === 0x3e || next === 0x2f) rows++;
    }
  };
  for (const part of parts) {
    const stream = part.method === 8 ? Readable.from([part.data]).pipe(zlib.createInflateRaw()) : Readable.from([part.data]);
    let carry: Buffer | null = null;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (carry) {
        const joined = Buffer.concat([carry, chunk.subarray(0, 4)]);
        count(joined, 0, carry.length);
      }
      count(chunk, 0, chunk.length - 4);
      carry = chunk.subarray(Math.max(0, chunk.length - 4));
    }
  }
  return rows;
}

const ROW_TAG = Buffer.from('<row');

function worksheetParts(buf: Buffer): { method: number; data: Buffer }[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--)
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  if (eocd < 0) return [];
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: { method: number; data: Buffer }[] = [];
  for (let n = 0; n < count && p + 46 <= buf.length && buf.readUInt32LE(p) === CENTRAL; n++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(name) || (method !== 0 && method !== 8) || local + 30 > buf.length) continue;
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    out.push({ method, data: buf.subarray(start, start + size) });
  }
  return out;
}
