/**
 * exceljs, loaded on first use. It takes about 0.2 s to load, more than the rest of the `stepwise`
 * command together, and most commands (`flags`, `backup`, `--help`) never touch a workbook.
 */
import type ExcelJSModule from 'exceljs';

let loaded: Promise<typeof ExcelJSModule> | null = null;

export function loadExcelJS(): Promise<typeof ExcelJSModule> {
  loaded ??= import('exceljs').then((m) => m.default);
  return loaded;
}
