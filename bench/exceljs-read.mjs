// The end-to-end baseline of the import benchmark: a process that stream-reads a workbook with
// exceljs (the options the import uses), touching every cell, and exits. Plain JavaScript, so it
// starts as fast as Node can.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';

const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([fs.readFileSync(process.argv[2])]), { sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
let cells = 0;
for await (const ws of reader)
  for await (const row of ws)
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (cell.value !== undefined) cells++;
    });
process.stdout.write(`${cells}\n`);
