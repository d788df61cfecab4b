/**
 * The program directory and match-list imports' shared run (issue 15), with the roster import's
 * guarantees: the file is read and mapped first (table-sheets.ts), then every row is checked and
 * written inside ONE transaction, audited as one batch (migration 0003: who, when, the file's name,
 * size and SHA-256, what it added and updated; new rows stamped with the batch, every changed value
 * audited field by field). Any error — or a dry run — rolls the whole transaction back.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { ProgressEvent } from '../../shared/api/contract';
import type { AddedUpdated, ParsedTableImportInput, TableImportResult } from '../../shared/api/outcomes';
import type { AuditContext } from '../db/audit';
import { ImportBatch } from '../db/import-queries';
import type { Db } from '../db/open';
import { ImportCancelledError } from './collect';
import { Problems } from './problems';
import { readTableSheets, type TableKind, type TableSheet } from './table-sheets';

export interface TableWriteContext {
  db: Db;
  who: AuditContext;
  batch: ImportBatch;
  problems: Problems;
  counts: Record<string, AddedUpdated>;
}

/** Rolls back a transaction that wrote what it had to say (a dry run, or a file with errors). */
class RollBack extends Error {}

export interface TableImportOptions {
  signal?: AbortSignal;
  /** Told when reading starts and when the rows read are checked and written (the Import page's progress). */
  progress?: (event: ProgressEvent) => void;
}

export async function runTableImport(
  db: Db,
  actor: string,
  input: ParsedTableImportInput,
  kinds: readonly TableKind[],
  countKinds: readonly string[],
  write: (sheets: TableSheet[], ctx: TableWriteContext) => void,
  { signal, progress }: TableImportOptions = {},
): Promise<TableImportResult> {
  const name = path.basename(input.fileName);
  const jobId = input.jobId ?? `import ${name}`;
  const problems = new Problems();
  const counts = Object.fromEntries(countKinds.map((k) => [k, { added: 0, updated: 0 }]));
  progress?.({ jobId, phase: 'read', done: 0, total: null, message: 'reading rows' });
  const sheets = await readTableSheets(input.file, name, kinds, input.mapping, problems, signal);
  if (signal?.aborted) throw new ImportCancelledError();
  const rows = sheets.reduce((n, s) => n + s.rows.length, 0);
  progress?.({ jobId, phase: 'write', done: 0, total: rows, message: 'checking and writing rows' });
  let committed = false;
  if (problems.errorCount === 0) {
    const who: AuditContext = { actor, context: `import ${name}` };
    const batch = new ImportBatch(db, who, { name, bytes: input.file.byteLength, sha256: crypto.createHash('sha256').update(input.file).digest('hex') });
    try {
      db.transaction(() => {
        write(sheets, { db, who, batch, problems, counts });
        if (problems.errorCount > 0 || input.dryRun) throw new RollBack();
        batch.finish(counts);
      }).immediate();
      committed = true;
    } catch (err) {
      if (!(err instanceof RollBack)) throw err;
    }
  }
  progress?.({ jobId, phase: 'write', done: rows, total: rows, message: 'checking and writing rows' });
  const order = [name, ...sheets.map((s) => s.name)];
  return {
    fileName: name,
    counts,
    sheets: sheets.map((s) => ({ name: s.name, kind: s.kind, headerRow: s.headerRow, dataRows: s.rows.length, columns: s.columns })),
    warnings: Problems.sorted(problems.warnings, order),
    errors: Problems.sorted(problems.errors, order),
    errorCount: problems.errorCount,
    committed,
  };
}
