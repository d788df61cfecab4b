import fs from 'node:fs';
import path from 'node:path';
import { DATE_ORDERS, type FieldChange, type ImportChanges, type ImportResult, type MappingOverride } from '../../../shared/api/import';
import { EXAM_LABELS, OUTCOME_LABELS, type Outcome } from '../../../shared/domain';
import { formatProblem } from '../../import/problems';
import { call, UsageError, withDatabase, type CliIo, type ParsedValues } from '../command';

/** `--map "Header=field"` or `--map "Sheet!Header=field"`: the header may itself hold "=", the field never does. */
export function parseMapOption(text: string): MappingOverride {
  const eq = text.lastIndexOf('=');
  if (eq <= 0 || eq === text.length - 1) throw new UsageError(`--map expects "Header=field", got "${text}"`);
  let header = text.slice(0, eq).trim();
  const field = text.slice(eq + 1).trim();
  const bang = header.indexOf('!');
  let sheet: string | undefined;
  if (bang > 0) {
    sheet = header.slice(0, bang).trim();
    header = header.slice(bang + 1).trim();
  }
  if (!header || !field) throw new UsageError(`--map expects "Header=field", got "${text}"`);
  return sheet ? { sheet, header, field } : { header, field };
}

/** PRODUCT.md's `import --json` shape (with `updated` counts, the error total and whether anything was written). */
export function importJson(r: ImportResult) {
  const rejected = r.errorCount > 0;
  const zero = { added: 0, updated: 0 };
  return {
    students: rejected ? zero : r.students,
    exams: rejected ? zero : r.exams,
    practice: rejected ? zero : r.practice,
    warnings: r.warnings,
    errors: r.errors,
    errorCount: r.errorCount,
    committed: r.committed,
  };
}

const NO_CHANGES = { students: { added: 0, updated: 0 }, exams: { added: 0, updated: 0 }, practice: { added: 0, updated: 0 } };

function summary(r: ImportResult, dryRun: boolean): string {
  const part = (n: { added: number; updated: number }, what: string) => `${n.added} ${what} added, ${n.updated} updated`;
  const counts = `${part(r.students, 'students')}; ${part(r.exams, 'exam attempts')}; ${part(r.practice, 'practice exams')}`;
  return dryRun ? `Dry run, nothing written. The import would make: ${counts}.` : `Imported: ${counts}.`;
}

/** A dry run's list of every stored value the import would change, old → new, one line each. */
export function changeLines(changes: ImportChanges): string[] {
  const where = (c: { sheet: string; row: number | null }) => `${c.sheet}${c.row === null ? '' : `!${c.row}`}`;
  const lines: string[] = [];
  const fields = (head: string, list: FieldChange[]) => {
    for (const f of list) {
      // A result turned round (Pass → Fail or back) changes what every rule concludes: said so.
      const flip = f.field === 'outcome' && ((f.from === 'PASS' && f.to === 'FAIL') || (f.from === 'FAIL' && f.to === 'PASS')) ? ' (the result is reversed)' : '';
      const shown = (v: string | null) => (v === null ? '(blank)' : f.field === 'outcome' && v in OUTCOME_LABELS ? OUTCOME_LABELS[v as Outcome] : v);
      lines.push(`  ${head}: ${f.label} ${shown(f.from)} → ${shown(f.to)}${flip}`);
    }
  };
  for (const c of changes.updatedStudents) fields(`${where(c)} ${c.id} ${c.name}`, c.fields);
  for (const c of changes.updatedAttempts) fields(`${where(c)} ${c.studentId} ${EXAM_LABELS[c.exam]} ${c.testDate ?? '(no date)'}`, c.fields);
  for (const c of changes.updatedPractice) fields(`${where(c)} ${c.studentId} ${EXAM_LABELS[c.exam]} ${c.form} ${c.takenOn}`, c.fields);
  if (lines.length) lines.unshift('Values that would change:');
  if (changes.truncated) lines.push('  … and more: the list stops at 1,000 records of each kind (the counts above are complete)');
  return lines;
}

function report(io: CliIo, r: ImportResult & { changes?: ImportChanges }, json: boolean, dryRun: boolean): number {
  for (const e of r.errors) io.stderr(formatProblem(e));
  if (r.errorCount > r.errors.length) io.stderr(`… and ${r.errorCount - r.errors.length} more errors`);
  if (json) io.stdout(JSON.stringify(importJson(r)));
  else {
    for (const w of r.warnings) io.stderr(`warning: ${formatProblem(w)}`);
    if (r.errorCount) io.stderr(`stepwise import: rejected, ${r.errorCount} error${r.errorCount === 1 ? '' : 's'}; nothing was written`);
    else {
      io.stdout(summary(r, dryRun));
      if (dryRun && r.changes) for (const line of changeLines(r.changes)) io.stdout(line);
    }
  }
  return r.errorCount ? 1 : 0;
}

/** `stepwise import` (its options: commands/index.ts). */
export async function run(values: ParsedValues, positionals: string[], io: CliIo): Promise<number> {
  const file = positionals[0];
  const mapping = (Array.isArray(values.map) ? values.map : []).map(parseMapOption);
  const order = values['date-order'];
  const dateOrder = DATE_ORDERS.find((o) => o === order);
  if (order !== undefined && dateOrder === undefined)
    throw new UsageError(`--date-order expects mdy (month/day/year: 07/01/2025 is July 1) or dmy (day/month/year: 01/07/2025 is July 1), got "${String(order)}"`);
  const dryRun = values['dry-run'] === true;
  const json = values.json === true;
  // A file that cannot even be read is rejected like any other: with --json, scripts still get the result object on stdout.
  const unreadable = (message: string) => {
    io.stderr(`stepwise import: ${message}`);
    const problem = { sheet: path.basename(file), row: null, column: null, message };
    if (json) io.stdout(JSON.stringify(importJson({ ...NO_CHANGES, warnings: [], errors: [problem], errorCount: 1, committed: false })));
    return 1;
  };
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    const read = fs.readFileSync(file);
    // The file's own bytes, not a copy (a roster can be 200 MB): readFileSync never hands out a SharedArrayBuffer.
    bytes = new Uint8Array(read.buffer as ArrayBuffer, read.byteOffset, read.byteLength);
  } catch (err) {
    return unreadable(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a folder' : (err as Error).message}`);
  }
  if (bytes.byteLength === 0) return unreadable(`${file} is empty`);
  return withDatabase(values, io, async (ctx) => {
    // A dry run lists what would change (up to 1,000 records of each kind); a commit needs no list.
    const sheet = typeof values.sheet === 'string' ? values.sheet : undefined;
    const input = { file: bytes, fileName: path.basename(file), mapping, sheet, dateOrder, detailLimit: dryRun && !json ? 1000 : 0 };
    const result = dryRun ? await call(ctx, 'import.preview', input) : await call(ctx, 'import.commit', input);
    if (!result.ok) {
      io.stderr(`stepwise import: ${result.error.message}`);
      for (const i of result.error.issues ?? []) io.stderr(`  ${i.path}: ${i.message}`);
      return 1;
    }
    return report(io, result.value, json, dryRun);
  });
}
