/**
 * Import of a 100,000-student template workbook (PRODUCT.md, Performance; issue 11): at most 1.3×
 * the time exceljs alone takes to stream-read the same file, peak memory under 600 MB, on
 * workbooks as Excel-like tools write them:
 *   openpyxl     written by openpyxl (bench/openpyxl-writer.py): inline strings, as scripts and pandas write;
 *   libreoffice  that workbook re-saved by LibreOffice Calc: shared strings at the end, as Excel writes;
 *   exceljs      written by exceljs's streaming writer (shared strings first), for the record.
 * The workbooks are kept in bench/.data between runs. Each measurement runs in its own Node process
 * (this file, started again with a step name), so each peak RSS is that step's own:
 *   read     exceljs's streaming reader alone, touching every cell of every row, nothing else;
 *   import   the real import (runImport, as `stepwise import` calls it) into a fresh database;
 * and end to end, from process start to exit: bench/exceljs-read.mjs against `stepwise import`.
 * Baseline and import alternate (read, import, read, import, …) IMPORT_BENCH_RUNS times (3); the
 * better times give the ratio, and each import against the read just before it gives a paired
 * ratio, whose median is reported too: on a machine shared with other work the load moves between
 * runs, and a pair taken seconds apart sees nearly the same load. The load average is printed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { ImportInput } from '../src/shared/api/import';
import { APPLICANT_TYPE_LABELS, EXAM_LABELS, OUTCOME_LABELS } from '../src/shared/domain';
import { DEFAULT_SETTINGS } from '../src/shared/rules/reference-defaults';
import { generateCohort } from '../src/main/demo/cohort';
import { openDatabase } from '../src/main/db/open';
import { runImport } from '../src/main/import/run';
import { processMs, report } from './report';

const STUDENTS = Number(process.env.IMPORT_BENCH_STUDENTS ?? 100_000);
const RUNS = Number(process.env.IMPORT_BENCH_RUNS ?? 3);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
const here = fileURLToPath(import.meta.url);

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

interface SheetData {
  sheet: string;
  header: string[];
  /** Columns (0-based) holding dates, as YYYY-MM-DD strings or null. */
  dates: number[];
  rows: unknown[][];
}

/** The demo cohort (src/main/demo/cohort.ts) as the template's three sheets. */
function cohortSheets(): { sheets: SheetData[]; students: number; attempts: number; practice: number } {
  const ref = { settings: DEFAULT_SETTINGS, specialties: [] };
  const cohort = generateCohort(STUDENTS, 2027, '2026-01-15', ref);
  return {
    students: cohort.students.length,
    attempts: cohort.attempts.length,
    practice: cohort.practice.length,
    sheets: [
      {
        sheet: 'Students',
        header: ['Student ID*', 'First name*', 'Last name*', 'Email', 'Graduation year*', 'Applicant type', 'Target specialty', 'Backup specialty', 'Advisor', 'USCE months', 'US letters', 'Step 1 deadline', 'Notes'],
        dates: [11],
        rows: cohort.students.map((s) => [s.id, s.firstName, s.lastName, s.email, s.gradYear, s.applicantType ? APPLICANT_TYPE_LABELS[s.applicantType] : null, s.targetSpecialty, s.backupSpecialty, s.advisor, s.usceMonths, s.usLetters, s.step1Deadline, s.notes]),
      },
      { sheet: 'Exams', header: ['Student ID*', 'Exam*', 'Date', 'Result', 'Score'], dates: [2], rows: cohort.attempts.map((a) => [a.studentId, EXAM_LABELS[a.exam], a.testDate, a.outcome ? OUTCOME_LABELS[a.outcome] : null, a.score]) },
      {
        sheet: 'Practice',
        header: ['Student ID*', 'Exam*', 'Form*', 'Date*', 'Score', 'Pass probability (%)'],
        dates: [3],
        rows: cohort.practice.map((p) => [p.studentId, EXAM_LABELS[p.exam], p.form, p.takenOn, p.score, p.passProbability]),
      },
    ],
  };
}

/** The workbook as exceljs's streaming writer writes it (shared strings first), for the record. */
async function writeWithExceljs(file: string, sheets: SheetData[]) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.sheet);
    for (const c of s.dates) ws.getColumn(c + 1).numFmt = 'yyyy-mm-dd';
    ws.addRow(s.header).commit();
    for (const row of s.rows) ws.addRow(row.map((v, i) => (s.dates.includes(i) && typeof v === 'string' ? new Date(`${v}T00:00:00Z`) : v))).commit();
    await ws.commit();
  }
  await wb.commit();
}

/** The workbook as openpyxl writes it (bench/openpyxl-writer.py): inline strings, dates as numbers with a date format. */
function writeWithOpenpyxl(file: string, sheets: SheetData[]) {
  const lines: string[] = [];
  for (const s of sheets) {
    lines.push(JSON.stringify({ sheet: s.sheet, header: s.header, dates: s.dates }));
    for (const row of s.rows) lines.push(JSON.stringify(row));
  }
  const r = spawnSync('/usr/bin/python3', [path.join(path.dirname(here), 'openpyxl-writer.py'), file], { input: `${lines.join('\n')}\n`, stdio: ['pipe', 'inherit', 'inherit'], maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`openpyxl-writer.py failed (status ${r.status}); python3-openpyxl is needed`);
}

/** The openpyxl workbook opened and saved again by LibreOffice Calc: shared strings, written last, as Excel writes them. */
function resaveWithLibreOffice(source: string, file: string): boolean {
  const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((f) => fs.existsSync(f));
  if (!soffice) return false;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-lo-'));
  try {
    const copy = path.join(out, 'in', path.basename(file));
    fs.mkdirSync(path.dirname(copy));
    fs.copyFileSync(source, copy);
    const r = spawnSync(soffice, ['--headless', '--norestore', `-env:UserInstallation=file://${out}/profile`, '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', out, copy], { stdio: 'ignore', timeout: 1_800_000 });
    const made = path.join(out, path.basename(file));
    if (r.status !== 0 || !fs.existsSync(made)) return false;
    fs.copyFileSync(made, file);
    return true;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

export type WorkbookKind = 'openpyxl' | 'libreoffice' | 'exceljs';

/**
 * The three workbooks, kept in bench/.data between runs (LibreOffice takes minutes to re-save
 * 500,000 rows); made again when the cohort size or this generator changes.
 */
async function generate(dir: string) {
  const version = `v2-${STUDENTS}`;
  const files: Record<WorkbookKind, string> = {
    openpyxl: path.join(dir, `cohort-${version}-openpyxl.xlsx`),
    libreoffice: path.join(dir, `cohort-${version}-libreoffice.xlsx`),
    exceljs: path.join(dir, `cohort-${version}-exceljs.xlsx`),
  };
  const facts = path.join(dir, `cohort-${version}.json`);
  if (!fs.existsSync(facts) || !Object.values(files).every((f) => fs.existsSync(f))) {
    const { sheets, ...counts } = cohortSheets();
    await writeWithExceljs(files.exceljs, sheets);
    writeWithOpenpyxl(files.openpyxl, sheets);
    if (!resaveWithLibreOffice(files.openpyxl, files.libreoffice)) process.stderr.write('import bench: LibreOffice (soffice) not found or failed: no LibreOffice-saved workbook\n');
    fs.writeFileSync(facts, JSON.stringify(counts));
  }
  const counts = JSON.parse(fs.readFileSync(facts, 'utf8')) as { students: number; attempts: number; practice: number };
  const present = Object.fromEntries(Object.entries(files).filter(([, f]) => fs.existsSync(f))) as Partial<Record<WorkbookKind, string>>;
  return { ...counts, files: present };
}

/** The baseline: exceljs's streaming reader with the options the import uses, every cell's value touched. */
/** CPU time of the main thread alone (Linux); the import parses in a worker, so process CPU is not the whole story. */
function mainThreadCpuMs(): number | null {
  try {
    const fields = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

async function readOnly(file: string) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const bytes = fs.readFileSync(file);
  const input = Readable.from([bytes]);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  let rows = 0;
  let cells = 0;
  for await (const ws of reader)
    for await (const row of ws) {
      rows++;
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.value !== undefined) cells++;
      });
    }
  return { ms: performance.now() - t0, cpuMs: cpuMs(c0), rows, cells, peakRssMb: peakRssMb() };
}

async function importInto(file: string, dbFile: string) {
  const db = await openDatabase(dbFile);
  const m0 = mainThreadCpuMs();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const input = ImportInput.parse({ file: new Uint8Array(fs.readFileSync(file)), fileName: path.basename(file), detailLimit: 0 });
  const phases: Record<string, number> = {};
  const result = await runImport({ db, databasePath: dbFile, actor: 'bench' }, input, {
    progress: (e) => {
      phases[e.phase] ??= performance.now() - t0;
    },
  });
  const ms = performance.now() - t0;
  const m1 = mainThreadCpuMs();
  const mainCpuMs = m0 === null || m1 === null ? null : m1 - m0;
  db.close();
  if (!result.committed) throw new Error(`import rejected: ${JSON.stringify(result.errors.slice(0, 5))}`);
  return { ms, cpuMs: cpuMs(c0), mainCpuMs, phases, students: result.students.added, exams: result.exams.added, practice: result.practice.added, peakRssMb: peakRssMb() };
}

function step<T>(...args: string[]): T {
  const r = spawnSync(process.execPath, ['--import', 'tsx', here, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${args[0]} step failed with status ${r.status}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
}

const ROOT = path.resolve(path.dirname(here), '..');

async function main() {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === 'generate') return void process.stdout.write(`${JSON.stringify(await generate(args[0]))}\n`);
  if (mode === 'read') return void process.stdout.write(`${JSON.stringify(await readOnly(args[0]))}\n`);
  if (mode === 'import') return void process.stdout.write(`${JSON.stringify(await importInto(args[0], args[1]))}\n`);

  const data = path.join(ROOT, 'bench', '.data');
  fs.mkdirSync(data, { recursive: true });
  const made = step<{ students: number; attempts: number; practice: number; files: Partial<Record<WorkbookKind, string>> }>('generate', data);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-import-bench-'));
  try {
    for (const [kind, file] of Object.entries(made.files) as [WorkbookKind, string][]) {
      const mb = fs.statSync(file).size / 1048576;
      process.stderr.write(`import bench (${kind}): ${made.students} students, ${made.attempts} attempts, ${made.practice} practice exams, ${mb.toFixed(1)} MB\n`);
      const label = `${kind}-written workbook`;
      const reads: { ms: number; cpuMs: number; rows: number; peakRssMb: number }[] = [];
      const imports: { ms: number; cpuMs: number; mainCpuMs: number | null; students: number; exams: number; practice: number; peakRssMb: number }[] = [];
      const readProcess: number[] = [];
      const cli: number[] = [];
      const loads: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        loads.push(os.loadavg()[0]);
        reads.push(step('read', file));
        imports.push(step('import', file, path.join(dir, `import-${kind}-${i}.db`)));
        // End to end, as a user waits: exceljs reading the file in a process of its own, against `stepwise import`.
        readProcess.push(processMs([path.join(ROOT, 'bench', 'exceljs-read.mjs'), file]));
        cli.push(processMs([path.join(ROOT, 'bin', 'stepwise.js'), 'import', file, '--db', path.join(dir, `cli-${kind}-${i}.db`)]));
      }
      // A baseline that read less than the whole file would flatter the ratio (exceljs alone can drop parts: xlsx-restream.ts).
      const fileRows = made.students + made.attempts + made.practice + 3;
      for (const r of reads) if (r.rows !== fileRows) throw new Error(`exceljs alone read ${r.rows} rows of the ${fileRows} in ${file}`);
      const last = imports[imports.length - 1];
      if (last.students !== made.students || last.exams !== made.attempts || last.practice !== made.practice)
        throw new Error(`the import wrote ${JSON.stringify(last)}, the file holds ${JSON.stringify(made)}`);
      const read = Math.min(...reads.map((r) => r.ms));
      const imported = Math.min(...imports.map((r) => r.ms));
      const goal = kind === 'exceljs' ? undefined : { text: '≤ 1.3', ok: imported / read <= 1.3 };
      report(`import (${label}, ${mb.toFixed(1)} MB): exceljs stream-read alone`, read, 'ms');
      report(`import (${label}): the import into a fresh database, in-process`, imported, 'ms');
      report(`import (${label}): import / exceljs read, in-process`, imported / read, 'x', goal);
      report(`import (${label}): import / exceljs read, in-process, median of ${RUNS} paired runs`, median(imports.map((r, i) => r.ms / reads[i].ms)), 'x');
      const rp = Math.min(...readProcess);
      const c = Math.min(...cli);
      report(`import (${label}): exceljs reading it, process start to exit`, rp, 'ms');
      report(`import (${label}): stepwise import, process start to exit`, c, 'ms');
      report(`import (${label}): stepwise import / exceljs read, end to end`, c / rp, 'x', kind === 'exceljs' ? undefined : { text: '≤ 1.3', ok: c / rp <= 1.3 });
      report(`import (${label}): stepwise import / exceljs read, end to end, median of ${RUNS} paired runs`, median(cli.map((ms, i) => ms / readProcess[i])), 'x');
      report(`import (${label}): load average (1 min) at the runs' starts, lowest`, Math.min(...loads), '');
      report(`import (${label}): load average (1 min) at the runs' starts, highest`, Math.max(...loads), '');
      const rss = Math.max(...imports.map((r) => r.peakRssMb));
      report(`import (${label}): peak RSS of the import process`, rss, 'MB', { text: '< 600', ok: rss < 600 });
      const best = imports.reduce((x, y) => (y.ms < x.ms ? y : x));
      report(`import (${label}): CPU of the import (all threads)`, best.cpuMs, 'ms');
      if (best.mainCpuMs !== null) report(`import (${label}): CPU of the import, main thread (checks and writes)`, best.mainCpuMs, 'ms');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
