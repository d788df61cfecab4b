/**
 * The reading thread's worksheet parser (src/main/import/readers/xlsx-sheet-parser.ts) against
 * exceljs's own WorksheetReader, which still reads small files on the main thread: the same workbook
 * read both ways must give exactly the same rows, cell for cell — on the workbooks of the import
 * fixtures (openpyxl, LibreOffice, exceljs) and on a worksheet written by hand with what writers do
 * rarely (rich inline strings, entities, CDATA, comments, CRLF, formulas with and without a cached
 * value, shared formulas, errors, booleans, a cell given twice, styles with date, time and padded
 * number formats, whitespace between tags, '>' in text and attribute values).
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { xlsxSource, type ReadingThread } from '../../src/main/import/readers/xlsx';
import { FIXTURES } from './import-support';

interface ReadSheet {
  name: string;
  rows: [number, number, unknown[]][];
}

async function readAll(bytes: Uint8Array, thread: ReadingThread): Promise<ReadSheet[]> {
  const out: ReadSheet[] = [];
  for await (const sheet of xlsxSource(bytes, thread).sheets()) {
    const rows: ReadSheet['rows'] = [];
    for await (const row of sheet.rows) {
      const cells: unknown[] = [];
      for (let c = 1; c <= row.width; c++) cells.push(row.cell(c));
      rows.push([row.number, row.width, cells]);
    }
    out.push({ name: sheet.name, rows });
  }
  return out;
}

/** A workbook from exceljs whose first sheet's XML (and shared strings) are replaced by `sheetXml` (and `sst`); `styles` has cells of a date, a time and a 00000 format to borrow style indexes from. */
async function handWritten(sheetXml: (s: { date: string; time: string; pad: string }) => string, sst: string): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Hand');
  const styles = wb.addWorksheet('Styles');
  styles.getCell('A1').value = new Date(Date.UTC(2025, 5, 15));
  styles.getCell('A1').numFmt = 'yyyy-mm-dd';
  styles.getCell('B1').value = 0.6041666666666666;
  styles.getCell('B1').numFmt = 'h:mm';
  styles.getCell('C1').value = 123;
  styles.getCell('C1').numFmt = '00000';
  const zip = await JSZip.loadAsync((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  const stylesXml = await zip.file('xl/worksheets/sheet2.xml')!.async('string');
  const s = (ref: string) => new RegExp(`<c r="${ref}" s="(\\d+)"`).exec(stylesXml)![1];
  zip.file('xl/worksheets/sheet1.xml', sheetXml({ date: s('A1'), time: s('B1'), pad: s('C1') }));
  zip.file('xl/sharedStrings.xml', sst);
  return new Uint8Array(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
}

const SST = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4"><si><t>Plain &amp; simple</t></si><si><r><t>Ri</t></r><r><rPr><b/><sz val="11"/><color rgb="FFFF0000"/></rPr><t>ch</t></r></si><si><t/></si><si><t xml:space="preserve"> padded </t></si></sst>`;

const HAND = (s: { date: string; time: string; pad: string }) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!-- written by hand -->
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
  <dimension ref="A1:AA7"/>
  <cols><col min="1" max="2" width="12" customWidth="1"/></cols>
  <sheetData>
    <row r="1" spans="1:8">
      <c r="A1" t="inlineStr"><is><t>Student ID</t></is></c>
      <c r="B1" t="inlineStr"><is><r><t>First</t></r><r><rPr><b/></rPr><t xml:space="preserve"> name</t></r></is></c>
      <c r="C1" t="s"><v>0</v></c>
      <c r="D1" t="s"><v>1</v></c>
      <c r="E1" t="s"><v>2</v></c>
      <c r="F1" t="s"><v>3</v></c>
      <c r="G1" t="s"><v>99</v></c>
      <c r="H1" t="b"><v>1</v></c>
      <c r="I1" t="b"><v>0</v></c>
    </row>
    <row r="2"><c r="A2"><v>12</v></c><c r="C2"/><c r="B2" t="inlineStr"><is><t>  spaced &lt;x&gt; &#233;&#x4E2D; a>b </t></is></c><c r="D2" s="${s.date}"><v>45823</v></c><c r="E2" s="${s.time}"><v>0.6041666666666666</v></c><c r="F2" s="${s.pad}"><v>123</v></c><c r="G2" s="${s.pad}" t="inlineStr"><is><t>123</t></is></c><c r="H2" s="0"><v>7</v></c></row>
    <row r="3"><c r="A3"><v>1.5</v></c><c r="A3"><f>A2</f></c><c r="B3"><v></v></c><c r="AA3" t="inlineStr"><is><t><![CDATA[cdata]]>after</t></is></c><c r="C3" foo="x>y"><v>3</v></c></row>
    <row r="4">
    </row>
    <row r="6"><c r="B6" t="inlineStr"><is><t>line1&#13;&#10;line2\r\nline3\rline4</t></is></c><c r="C6"><f t="shared" ref="C6:C7" si="0">A1+1</f><v>0</v></c><c r="D6"><f t="shared" si="0"/><v>5</v></c><c r="E6" t="str"><f>"a"&amp;"b"</f><v>a&amp;amp;b</v></c><c r="F6" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="G6" t="e"><v>#N/A</v></c><c r="H6" s="${s.date}"><f>TODAY()</f><v>45823.5</v></c><c r="I6"><f>NA()</f></c></row>
    <row r="7"><c r="A7" t="str"><v>  text with spaces  </v>
      </c><c r="B7" s="${s.pad}"><v>
      42</v></c><c r="C7" t="n"><v>1E3</v></c></row>
  </sheetData>
  <pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>
</worksheet>`;

describe('the reading thread reads a worksheet exactly as exceljs does', () => {
  const fixtures = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.xlsx') && !f.startsWith('password'));

  it.each(fixtures)('%s', async (name) => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
    const exceljs = await readAll(bytes, 'main');
    expect(exceljs.length).toBeGreaterThan(0);
    expect(await readAll(bytes, 'worker')).toEqual(exceljs);
  });

  it('a worksheet written by hand with what writers do rarely', async () => {
    const bytes = await handWritten(HAND, SST);
    const exceljs = await readAll(bytes, 'main');
    const thread = await readAll(bytes, 'worker');
    expect(thread).toEqual(exceljs);
    // What both read, so that a change to either is seen here and not only as a difference.
    const hand = Object.fromEntries(thread[0].rows.map(([n, width, cells]) => [n, { width, cells }]));
    expect(Object.keys(hand)).toEqual(['1', '2', '3', '4', '6', '7']);
    expect(hand[1].cells).toEqual(['Student ID', ' name', 'Plain & simple', 'Rich', null, ' padded ', null, true, false]);
    expect(hand[2].cells).toEqual([12, '  spaced <x> é中 a>b ', null, new Date(Date.UTC(2025, 5, 15)), '14:30', '00123', '123', 7]);
    expect(hand[3].width).toBe(27);
    // A3 given twice: the second, a formula without a cached value, replaces the 1.5.
    expect(hand[3].cells.slice(0, 3)).toEqual([{ error: 'a formula with no stored value (an error, 0 or empty)' }, { error: '#VALUE!' }, 3]);
    expect(hand[3].cells[26]).toBe('after');
    expect(hand[4]).toEqual({ width: 0, cells: [] });
    expect(hand[6].cells[1]).toBe('line1\r\nline2\nline3\nline4');
    // A formula whose cached value is an error: exceljs parses it to NaN and drops it.
    expect(hand[6].cells.slice(4, 9)).toEqual(['a&b', { error: 'a formula with no stored value (an error, 0 or empty)' }, { error: '#N/A' }, new Date(Date.UTC(2025, 5, 15, 12)), { error: 'a formula with no stored value (an error, 0 or empty)' }]);
    expect(hand[7].cells).toEqual(['  text with spaces  \n      ', '00042', 1000]);
  });

  it('refuses a worksheet whose tags do not nest, as exceljs does', async () => {
    const broken = await handWritten(() => '<worksheet><sheetData><row r="1"><c r="A1"><v>1</c></row></sheetData></worksheet>', SST);
    await expect(readAll(broken, 'main')).rejects.toThrow();
    await expect(readAll(broken, 'worker')).rejects.toThrow(/close tag/);
  });
});
