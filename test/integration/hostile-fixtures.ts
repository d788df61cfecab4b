/**
 * Hostile files for the import tests, built byte by byte: a tiny zip writer (so a test can make a
 * zip bomb without holding its inflated content), minimal .xlsx parts, and a runner that imports
 * a file through the real `stepwise` CLI in a child process with bounded time and memory.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const ROOT = path.resolve(import.meta.dirname, '../..');

type Chunks = Iterable<string | Buffer>;

interface ZipEntry {
  name: string;
  /** The content, produced piece by piece (a zip bomb's sheet is never held whole). */
  chunks: () => Chunks;
  /** A lie for the headers: the inflated size they declare (a bomb that hides its size from a directory check). */
  declaredSize?: number;
}

/**
 * Deflates an entry's content block by block with zlib's sync API: each 32 MB segment is its own raw
 * deflate run ending in a sync flush, and such runs concatenate into one valid deflate stream.
 */
function deflateEntry(chunks: Chunks): { data: Buffer; crc: number; size: number } {
  let crc = 0;
  let size = 0;
  const blocks: Buffer[] = [];
  let pending: Buffer[] = [];
  let pendingSize = 0;
  const out: Buffer[] = [];
  const emit = (final: boolean) => {
    const block = Buffer.concat(pending);
    pending = [];
    pendingSize = 0;
    crc = zlib.crc32(block, crc);
    size += block.length;
    blocks.push(block);
    if (!final && blocks.length < 8) return;
    // Compress accumulated blocks as one raw-deflate segment; segments joined with a sync flush stay one valid stream.
    const segment = Buffer.concat(blocks.splice(0));
    out.push(zlib.deflateRawSync(segment, { level: 9, finishFlush: final ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH }));
  };
  for (const chunk of chunks) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    pending.push(b);
    pendingSize += b.length;
    if (pendingSize >= 4 * 1024 * 1024) emit(false);
  }
  emit(true);
  return { data: Buffer.concat(out), crc, size };
}


/** Writes a zip (deflate, no zip64: keep inflated entries under 4 GB) with the given entries. */
export function writeZip(file: string, entries: ZipEntry[]): void {
  const fd = fs.openSync(file, 'w');
  const central: Buffer[] = [];
  let offset = 0;
  try {
    for (const e of entries) {
      const { data, crc, size } = deflateEntry(e.chunks());
      if (size >= 0xffffffff) throw new Error('entry too large for a zip without zip64');
      const name = Buffer.from(e.name, 'utf8');
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(0x0800, 6); // UTF-8 names
      local.writeUInt16LE(8, 8); // deflate
      local.writeUInt32LE(0, 10); // time/date
      local.writeUInt32LE(crc >>> 0, 14);
      local.writeUInt32LE(data.length, 18);
      local.writeUInt32LE(e.declaredSize ?? size, 22);
      local.writeUInt16LE(name.length, 26);
      local.writeUInt16LE(0, 28);
      fs.writeSync(fd, local);
      fs.writeSync(fd, name);
      fs.writeSync(fd, data);
      const cd = Buffer.alloc(46);
      cd.writeUInt32LE(0x02014b50, 0);
      cd.writeUInt16LE(20, 4);
      cd.writeUInt16LE(20, 6);
      cd.writeUInt16LE(0x0800, 8);
      cd.writeUInt16LE(8, 10);
      cd.writeUInt32LE(0, 12);
      cd.writeUInt32LE(crc >>> 0, 16);
      cd.writeUInt32LE(data.length, 20);
      cd.writeUInt32LE(e.declaredSize ?? size, 24);
      cd.writeUInt16LE(name.length, 28);
      cd.writeUInt32LE(offset, 42);
      central.push(cd, name);
      offset += local.length + name.length + data.length;
    }
    const cdBytes = Buffer.concat(central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(cdBytes.length, 12);
    end.writeUInt32LE(offset, 16);
    fs.writeSync(fd, cdBytes);
    fs.writeSync(fd, end);
  } finally {
    fs.closeSync(fd);
  }
}

/** Column letters for a 1-based column number (1 → A, 16384 → XFD, 1,000,000 → BDWGN). */
export function columnLetters(n: number): string {
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function inlineCell(ref: string, text: string): string {
  return `<c r="${ref}" t="inlineStr"><is><t>${xmlEscape(text)}</t></is></c>`;
}

export function numberCell(ref: string, n: number): string {
  return `<c r="${ref}"><v>${n}</v></c>`;
}

/** A one-sheet .xlsx (sheet "Students") whose sheet XML body (the <row> elements) comes from `rows`. */
export function writeXlsx(file: string, rows: () => Chunks, sheetName = 'Students', opts: { declaredSheetSize?: number } = {}): void {
  const parts: ZipEntry[] = [
    {
      name: '[Content_Types].xml',
      chunks: () => [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
      ],
    },
    {
      name: '_rels/.rels',
      chunks: () => [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      ],
    },
    {
      name: 'xl/workbook.xml',
      chunks: () => [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
          `<sheets><sheet name="${xmlEscape(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ],
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      chunks: () => [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      ],
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      declaredSize: opts.declaredSheetSize,
      chunks: function* () {
        yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
        yield* rows();
        yield '</sheetData></worksheet>';
      },
    },
  ];
  writeZip(file, parts);
}

export const HEADERS = ['Student ID', 'First name', 'Last name', 'Graduation year'];

export function headerRow(): string {
  return `<row r="1">${HEADERS.map((h, i) => inlineCell(`${columnLetters(i + 1)}1`, h)).join('')}</row>`;
}

export interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident memory of the child, in MB (from /usr/bin/time). */
  peakMb: number;
  timedOut: boolean;
}

/**
 * Runs `stepwise …` in a child process on the pinned Node 22, with a wall-clock limit and a V8 heap
 * cap, and measures its peak memory. A file that makes the import run away fails here rather than
 * hanging or swapping the CI machine.
 */
export function runStepwise(args: string[], opts: { timeoutMs: number; heapMb?: number; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  const node = path.join(ROOT, 'node_modules', 'node', 'bin', 'node');
  const started = Date.now();
  return new Promise((resolve) => {
    // timeout(1) kills the child even if this test process dies first: no orphaned import keeps running.
    const child = spawn(
      '/usr/bin/timeout',
      ['-s', 'KILL', String(Math.ceil(opts.timeoutMs / 1000) + 5), '/usr/bin/time', '-f', '@@peak-kb=%M', node, `--max-old-space-size=${opts.heapMb ?? 1024}`, path.join(ROOT, 'bin', 'stepwise.js'), ...args],
      { cwd: ROOT, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const m = /@@peak-kb=(\d+)\s*$/.exec(stderr);
      const cleanErr = stderr.replace(/(Command exited with non-zero status \d+\n)?@@peak-kb=\d+\s*$/, '');
      resolve({ status, signal, stdout, stderr: cleanErr, ms: Date.now() - started, peakMb: m ? Number(m[1]) / 1024 : NaN, timedOut });
    });
  });
}

/** The entries of a zip (stored or deflated), read through its central directory. */
export function readZip(bytes: Buffer): { name: string; data: Buffer }[] {
  let end = bytes.length - 22;
  while (end >= 0 && bytes.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip');
  const count = bytes.readUInt16LE(end + 10);
  let p = bytes.readUInt32LE(end + 16);
  const out: { name: string; data: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    const method = bytes.readUInt16LE(p + 10);
    const compressed = bytes.readUInt32LE(p + 20);
    const nameLen = bytes.readUInt16LE(p + 28);
    const extraLen = bytes.readUInt16LE(p + 30);
    const commentLen = bytes.readUInt16LE(p + 32);
    const local = bytes.readUInt32LE(p + 42);
    const name = bytes.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const dataStart = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const raw = bytes.subarray(dataStart, dataStart + compressed);
    out.push({ name, data: method === 0 ? Buffer.from(raw) : zlib.inflateRawSync(raw) });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** Writes entries (already in memory) back into a zip. */
export function zipBuffer(file: string, entries: { name: string; data: Buffer }[]): void {
  writeZip(
    file,
    entries.map((e) => ({ name: e.name, chunks: () => [e.data] })),
  );
}

/** mulberry32: a small deterministic generator, so a failing fuzz case can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
