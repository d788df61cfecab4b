import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { ParsedReportOptions } from '../src/shared/api/reports';
import type { Db } from '../src/main/db/open';
import { CellReader, SHEET_NAMES, type WireCell } from '../src/main/reports/encode';
import { committeeWorkbookMessages, reportInput } from '../src/main/reports/workbook';

/**
 * Wall time of a whole process on this Node, from start to exit, as a user or a script waits for it.
 * Its stdout goes to `stdoutFile` when given (a command's output is part of its work), else nowhere.
 */
export function processMs(args: string[], stdoutFile?: string): number {
  const fd = stdoutFile ? fs.openSync(stdoutFile, 'w') : null;
  try {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { stdio: ['ignore', fd ?? 'ignore', 'inherit'] });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited with ${r.status ?? r.signal}`);
    return ms;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** How a benchmark reports one measurement: one JSON line on stdout, read by bench/run.ts. */
export function report(name: string, value: number, unit: string, goal?: { text: string; ok: boolean }): void {
  process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 1000) / 1000, unit, goal: goal?.text, ok: goal?.ok })}\n`);
}

export function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

export type ReportCells = { name: string; rows: (WireCell | undefined)[][] }[];

/** The cells of every sheet of the committee workbook, in tab order, as the report makes them (read on this thread). */
export function reportCells(db: Db, options: ParsedReportOptions): ReportCells {
  const who = { actor: 'bench', context: 'report benchmark' };
  const sheets = new Map<string, { width: number; rows: (WireCell | undefined)[][] }>();
  const reader = new CellReader();
  for (const m of committeeWorkbookMessages(db, reportInput(db, options, { who }), { history: 'at-once' })) {
    if (m.kind === 'sheet') sheets.set(m.name, { width: m.columns.length, rows: [m.columns.map((c) => c.header)] });
    if (m.kind === 'rows') {
      const s = sheets.get(m.name)!;
      // Blank cells as exceljs's own idiom leaves them (undefined: no cell at all), as the report writes them.
      reader.take(m);
      for (let r = 0; r < m.rows; r++) {
        const row: (WireCell | undefined)[] = [];
        for (let i = 0; i < s.width; i++) row.push(reader.cell(m, r * s.width + i) ?? undefined);
        s.rows.push(row);
      }
    }
    if (m.kind === 'end') for (const note of m.notes) sheets.get(m.name)!.rows.push([note]);
  }
  return SHEET_NAMES.map((name) => ({ name, rows: sheets.get(name)!.rows }));
}

/** The least a workbook of these cells costs: the same values, same sheets, exceljs's streaming writer, no styles. */
export async function writeBaseline(sheets: ReportCells, file: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: true });
  for (const s of sheets) {
    const ws = workbook.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r).commit();
    ws.commit();
  }
  await workbook.commit();
}
