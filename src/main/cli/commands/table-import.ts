/**
 * `stepwise programs import FILE` and `stepwise outcomes import FILE`: the same exit codes and output
 * as `stepwise import` (0 written, 1 rejected with every located error on stderr and nothing written,
 * 2 usage), `--dry-run` to check and count without writing, `--json` for scripts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TableImportResult } from '../../../shared/api/outcomes';
import { formatProblem } from '../../import/problems';
import { call, parseAsOf, withDatabase, type CliIo, type ParsedValues } from '../command';
import { parseMapOption } from './import';

const WORDS: Record<string, [one: string, many: string]> = {
  programs: ['program', 'programs'],
  outcomes: ['outcome', 'outcomes'],
  applications: ['application', 'applications'],
  consents: ['consent', 'consents'],
};

function summary(r: TableImportResult, dryRun: boolean): string {
  const parts = Object.entries(r.counts).map(([k, n]) => `${n.added} ${WORDS[k]?.[n.added === 1 ? 0 : 1] ?? k} added, ${n.updated} updated`);
  return dryRun ? `Dry run, nothing written. The import would make: ${parts.join('; ')}.` : `Imported: ${parts.join('; ')}.`;
}

export function tableImportJson(r: TableImportResult) {
  const rejected = r.errorCount > 0;
  return {
    ...Object.fromEntries(Object.entries(r.counts).map(([k, n]) => [k, rejected ? { added: 0, updated: 0 } : n])),
    warnings: r.warnings,
    errors: r.errors,
    errorCount: r.errorCount,
    committed: r.committed,
  };
}

export async function runTableImportCommand(command: string, handler: 'programs.import' | 'outcomes.import', counts: string[], values: ParsedValues, file: string, io: CliIo): Promise<number> {
  const mapping = (Array.isArray(values.map) ? values.map : []).map(parseMapOption);
  const dryRun = values['dry-run'] === true;
  const json = values.json === true;
  const asOf = parseAsOf(values['as-of']);
  const unreadable = (message: string) => {
    io.stderr(`${command}: ${message}`);
    const problem = { sheet: path.basename(file), row: null, column: null, message };
    if (json) io.stdout(JSON.stringify(tableImportJson({ fileName: path.basename(file), counts: Object.fromEntries(counts.map((k) => [k, { added: 0, updated: 0 }])), sheets: [], warnings: [], errors: [problem], errorCount: 1, committed: false })));
    return 1;
  };
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    const read = fs.readFileSync(file);
    bytes = new Uint8Array(read.buffer as ArrayBuffer, read.byteOffset, read.byteLength);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return unreadable(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (err as Error).message}`);
  }
  if (bytes.byteLength === 0) return unreadable(`${file} is empty`);
  return withDatabase(values, io, async (ctx) => {
    const result = await call(ctx, handler, { file: bytes, fileName: path.basename(file), mapping, dryRun, asOf });
    if (!result.ok) {
      io.stderr(`${command}: ${result.error.message}`);
      for (const i of result.error.issues ?? []) io.stderr(`  ${i.path}: ${i.message}`);
      return 1;
    }
    const r = result.value;
    for (const e of r.errors) io.stderr(formatProblem(e));
    if (r.errorCount > r.errors.length) io.stderr(`… and ${r.errorCount - r.errors.length} more errors`);
    if (json) io.stdout(JSON.stringify(tableImportJson(r)));
    else {
      for (const w of r.warnings) io.stderr(`warning: ${formatProblem(w)}`);
      if (r.errorCount) io.stderr(`${command}: rejected, ${r.errorCount} error${r.errorCount === 1 ? '' : 's'}; nothing was written`);
      else io.stdout(summary(r, dryRun));
    }
    return r.errorCount ? 1 : 0;
  });
}
