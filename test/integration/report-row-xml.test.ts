/**
 * The committee workbook's table rows are written as XML by row-xml.ts instead of through
 * exceljs's Row and Cell objects. The two paths must give the same file: every part of the zip
 * byte for byte (sheets, shared strings, styles), for the real report (identified and
 * de-identified, the tricky fixture students included) and for hand-made rows that reach every
 * branch: text that needs escaping, numbers of every shape, booleans, blank cells at either end,
 * a row with only a height, a row with nothing at all.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportOptions } from '../../src/shared/api/reports';
import type { Db } from '../../src/main/db/open';
import { CellKind, type ReportMessage, type RowChunk } from '../../src/main/reports/encode';
import type { RowPath } from '../../src/main/reports/row-xml';
import { columnLetters } from '../../src/main/reports/row-xml';
import { committeeWorkbookMessages, reportInput } from '../../src/main/reports/workbook';
import { writeWorkbook } from '../../src/main/reports/write';
import { tempDatabase } from '../helpers';
import { AS_OF, readWithOpenpyxl, seedReportDatabase, xlsxParts } from './report-fixture';

const who = { actor: 'row-xml-test', context: 'row xml test' };
const NOW = new Date('2026-11-26T09:30:00Z');

let db: Db;
let dir: string;

beforeAll(async () => {
  ({ db, dir } = await tempDatabase());
  seedReportDatabase(db, 150);
});
afterAll(() => db.close());

async function write(messages: readonly ReportMessage[], rows: RowPath, name: string): Promise<{ file: string; parts: Map<string, string> }> {
  const file = path.join(dir, `${name}-${rows}.xlsx`);
  const out = fs.createWriteStream(file);
  await writeWorkbook(messages, out, { now: NOW, rows });
  await new Promise<void>((resolve, reject) => out.once('close', resolve).once('error', reject));
  return { file, parts: xlsxParts(file, path.join(dir, `${name}-${rows}`)) };
}

async function expectSameFile(messages: readonly ReportMessage[], name: string) {
  const xml = await write(messages, 'xml', name);
  const reference = await write(messages, 'exceljs', name);
  expect([...xml.parts.keys()].sort()).toEqual([...reference.parts.keys()].sort());
  for (const [part, text] of reference.parts) expect(xml.parts.get(part), part).toBe(text);
  return xml;
}

function reportMessages(deidentify: boolean): ReportMessage[] {
  const options = ReportOptions.parse({ asOf: AS_OF, deidentify });
  return [...committeeWorkbookMessages(db, reportInput(db, options, { who, now: NOW }), { history: 'at-once' })];
}

describe('table rows written as XML', () => {
  it('give the same committee workbook as exceljs, part for part', async () => {
    const messages = reportMessages(false);
    const rows = messages.filter((m): m is RowChunk => m.kind === 'rows');
    // The report really has what the XML path must get right: text, numbers, row heights, several looks.
    expect(rows.some((m) => m.kinds.includes(CellKind.Text))).toBe(true);
    expect(rows.some((m) => m.kinds.includes(CellKind.Number))).toBe(true);
    expect(rows.some((m) => m.heights?.some((h) => h > 0))).toBe(true);
    const { file, parts } = await expectSameFile(messages, 'identified');
    // And it is a workbook another program reads: the roster's rows are all there.
    const roster = readWithOpenpyxl(file).data.Roster;
    expect(roster.rows.length).toBeGreaterThan(150);
    expect(parts.get('xl/worksheets/sheet3.xml')).toContain('customHeight="1"');
  });

  it('give the same de-identified workbook as exceljs', async () => {
    await expectSameFile(reportMessages(true), 'deidentified');
  });

  it('write every kind of cell, blanks and bare rows as exceljs does', async () => {
    const texts = ['plain', 'a & b < c > d "quoted" \'single\'', ' leading and trailing ', 'two\nlines', 'naïve café – 東京', '', 'control\u0001char'];
    const width = 4;
    // Row by row: [kind, value, look] per cell; text values are indexes into `texts`.
    const grid: [number, number, number][][] = [
      [[CellKind.Text, 0, 0], [CellKind.Number, 42, 1], [CellKind.True, 0, 0], [CellKind.False, 0, 2]],
      [[CellKind.Empty, 0, 0], [CellKind.Text, 1, 0], [CellKind.Number, -3.25, 1], [CellKind.Empty, 0, 0]],
      [[CellKind.Number, 46352.5, 2], [CellKind.Number, 1e-7, 1], [CellKind.Number, 12345678901234, 1], [CellKind.Text, 2, 0]],
      [[CellKind.Empty, 0, 0], [CellKind.Empty, 0, 0], [CellKind.Empty, 0, 0], [CellKind.Empty, 0, 0]],
      [[CellKind.Empty, 0, 0], [CellKind.Empty, 0, 0], [CellKind.Empty, 0, 0], [CellKind.Empty, 0, 0]],
      [[CellKind.Text, 3, 0], [CellKind.Text, 4, 0], [CellKind.Text, 5, 0], [CellKind.Text, 6, 0]],
      [[CellKind.Text, 0, 0], [CellKind.Number, 0, 1], [CellKind.Number, -0, 1], [CellKind.Text, 0, 2]],
    ];
    const heights = [0, 30, 0, 45, 0, 60, 0];
    const chunk = (rows: typeof grid, hs: number[] | null, newTexts: string[], newLooks: RowChunk['newLooks']): RowChunk => ({
      kind: 'rows',
      name: 'Roster',
      rows: rows.length,
      kinds: Uint8Array.from(rows.flat().map((c) => c[0])),
      values: Float64Array.from(rows.flat().map((c) => c[1])),
      looks: Uint8Array.from(rows.flat().map((c) => c[2])),
      newLooks,
      newTexts,
      heights: hs,
    });
    const messages: ReportMessage[] = [
      { kind: 'sheet', name: 'Roster', title: 'Rows of every kind', columns: Array.from({ length: width }, (_, i) => ({ header: `Column ${columnLetters(i + 1)}`, width: 12 })), total: grid.length * 2 },
      chunk(grid, heights, texts, [{ wrap: true }, { numFmt: '0.0' }, { numFmt: 'yyyy-mm-dd', severity: 'high' }]),
      // A second chunk: texts seen before keep their shared-string numbers, no row heights at all.
      chunk(grid, null, [], []),
      { kind: 'end', name: 'Roster', notes: ['A note under the table.'] },
      ...(['Summary', 'At risk', 'By specialty', 'Sources'] as const).flatMap((name): ReportMessage[] => [
        { kind: 'sheet', name, title: name, columns: [{ header: 'Only', width: 10 }], total: 0 },
        { kind: 'end', name, notes: [] },
      ]),
      { kind: 'done', counts: { asOf: AS_OF, students: 0, flagged: 0, atRisk: 0, classYears: [], deidentified: false, statuses: ['active'] } },
    ];
    const { parts } = await expectSameFile(messages, 'cells');
    const sheet = parts.get('xl/worksheets/sheet3.xml')!;
    // Rows 6 and 7 of the first chunk (4 and 5 of its table): one with only a height, one not written at all.
    expect(sheet).toMatch(/<row r="6" ht="45" customHeight="1"[^>]*\/>/);
    expect(sheet).not.toContain('<row r="7"');
    expect(sheet).toContain('<c r="B4"');
  });

  it('spell column letters as spreadsheets do', () => {
    expect([1, 26, 27, 52, 53, 702, 703].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});
