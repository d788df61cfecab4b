/**
 * The committee report's before/after comparison on a machine shared with other work: one process
 * alternates, round after round, the sides named on its command line, so each round's ratios are
 * taken under the same load (paired), and prints medians and paired ratios.
 *   baseline   exceljs's streaming writer writing the report's cells unstyled (as report.bench.ts)
 *   xml        the report in-process, table rows as XML (row-xml.ts)
 *   exceljs    the report in-process, table rows through exceljs's Row and Cell objects
 *   start      a process that only starts Node and loads exceljs
 *   cliAfter   `stepwise report` from STEPWISE_AB_AFTER (a folder holding a built checkout)
 *   cliBefore  `stepwise report` from STEPWISE_AB_BEFORE
 * Usage: node --expose-gc --import tsx bench/report-ab.ts DB ROUNDS SIDE...
 * (DB: a demo database of the report benchmark's kind, e.g. 100,000 students as of 2026-11-26).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { ReportOptions } from '../src/shared/api/reports';
import { openDatabase } from '../src/main/db/open';
import { writeCommitteeReportFile } from '../src/main/reports/output';
import { CellReader, SHEET_NAMES, type WireCell } from '../src/main/reports/encode';
import { committeeWorkbookMessages, reportInput } from '../src/main/reports/workbook';
import type { RowPath } from '../src/main/reports/row-xml';
const who = { actor: 'bench', context: 'ab' };
const options = ReportOptions.parse({ asOf: '2026-11-26' });
const db = await openDatabase(process.argv[2]);
const sheets = new Map<string, { width: number; rows: (WireCell | undefined)[][] }>();
const reader = new CellReader();
for (const m of committeeWorkbookMessages(db, reportInput(db, options, { who }), { history: 'at-once' })) {
  if (m.kind === 'sheet') sheets.set(m.name, { width: m.columns.length, rows: [m.columns.map((c) => c.header)] });
  if (m.kind === 'rows') { const s = sheets.get(m.name)!; reader.take(m); for (let r = 0; r < m.rows; r++) { const row: (WireCell | undefined)[] = []; for (let i = 0; i < s.width; i++) row.push(reader.cell(m, r * s.width + i) ?? undefined); s.rows.push(row); } }
  if (m.kind === 'end') for (const note of m.notes) sheets.get(m.name)!.rows.push([note]);
}
const cells = SHEET_NAMES.map((name) => ({ name, rows: sheets.get(name)!.rows }));
// How table rows are written (write.ts's `rows`), passed through the report's run options.
const viaXml = { who, rows: 'xml' satisfies RowPath };
const viaExcelJS = { who, rows: 'exceljs' satisfies RowPath };
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const sides: Record<string, (file: string) => Promise<unknown>> = {
  baseline: async (file) => { const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: true }); for (const s of cells) { const ws = wb.addWorksheet(s.name); for (const r of s.rows) ws.addRow(r).commit(); ws.commit(); } await wb.commit(); },
  xml: (file) => writeCommitteeReportFile(db, options, file, viaXml),
  exceljs: (file) => writeCommitteeReportFile(db, options, file, viaExcelJS),
  start: async (file) => { spawnSync(process.execPath, ['--input-type=module', '-e', "await import('exceljs')"], { stdio: 'ignore' }); fs.writeFileSync(file, ''); },
  cliAfter: async (file) => { const r = spawnSync(process.execPath, [path.join(process.env.STEPWISE_AB_AFTER ?? '.', 'bin', 'stepwise.js'), 'report', '--db', process.argv[2], '--out', file, '--as-of', '2026-11-26'], { stdio: 'ignore' }); if (r.status) throw new Error('cli'); },
  cliBefore: async (file) => { const r = spawnSync(process.execPath, [path.join(process.env.STEPWISE_AB_BEFORE ?? '.', 'bin', 'stepwise.js'), 'report', '--db', process.argv[2], '--out', file, '--as-of', '2026-11-26'], { stdio: 'ignore' }); if (r.status) throw new Error('cli'); },
};
const order = process.argv.slice(4);
const rounds = Number(process.argv[3]);
const res: Record<string, { wall: number[]; cpu: number[] }> = {};
for (let i = 0; i <= rounds; i++) for (const side of order) {
  gc();
  const file = path.join(os.tmpdir(), `stepwise-report-ab-${process.pid}-${side}.xlsx`);
  const c0 = process.cpuUsage(); const t0 = performance.now();
  await sides[side](file);
  const wall = performance.now() - t0; const c = process.cpuUsage(c0); const cpu = (c.user + c.system) / 1000;
  fs.rmSync(file);
  console.error(`${side} round ${i}: ${Math.round(wall)} ms wall, ${Math.round(cpu)} ms cpu, load ${os.loadavg()[0].toFixed(1)}`);
  if (i) { (res[side] ??= { wall: [], cpu: [] }).wall.push(wall); res[side].cpu.push(cpu); }
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const side of order) console.log(side.padEnd(9), 'wall median', Math.round(med(res[side].wall)), 'min', Math.round(Math.min(...res[side].wall)), '| cpu median', Math.round(med(res[side].cpu)), 'min', Math.round(Math.min(...res[side].cpu)));
for (const side of order.filter((s) => s !== 'baseline')) console.log(side, '/ baseline: wall median', (med(res[side].wall) / med(res.baseline.wall)).toFixed(2), 'wall min', (Math.min(...res[side].wall) / Math.min(...res.baseline.wall)).toFixed(2), 'cpu median', (med(res[side].cpu) / med(res.baseline.cpu)).toFixed(2));
// paired ratios per round
if (res.start) for (const cli of ['cliAfter', 'cliBefore']) if (res[cli]) { const e2e = res[cli].wall.map((w, i) => w / (res.start.wall[i] + res.baseline.wall[i])); console.log(cli, 'end to end / (start + baseline), paired per round', e2e.map((x) => x.toFixed(2)).join(' '), 'median', med(e2e).toFixed(2), '| medians', (med(res[cli].wall) / (med(res.start.wall) + med(res.baseline.wall))).toFixed(2)); }
const paired = res.xml.wall.map((w, i) => w / res.baseline.wall[i]); const pairedE = res.exceljs?.wall.map((w, i) => w / res.baseline.wall[i]);
console.log('paired xml/baseline per round', paired.map((x) => x.toFixed(2)).join(' '), 'median', med(paired).toFixed(2));
if (pairedE) console.log('paired exceljs/baseline per round', pairedE.map((x) => x.toFixed(2)).join(' '), 'median', med(pairedE).toFixed(2));
