/**
 * A table sheet of the committee workbook as data: the columns (header, width, look, how a row's
 * value is read) and the control a long write offers (progress, cancel). `encode.ts` turns rows
 * into cells; `write.ts` puts the cells into the workbook.
 */
import type { Severity } from '../../shared/domain';
import type { CellLook } from './styles';

export interface Column<R> {
  header: string;
  /** Width in characters. */
  width: number;
  look?: Omit<CellLook, 'severity' | 'header'>;
  value: (row: R) => unknown;
  /** Fill this column's cell by a severity (e.g. the Risk column). */
  severity?: (row: R) => Severity | 'none' | null;
  /** A number format decided per row, for a column that mixes kinds (the Sources sheet's values). */
  format?: (row: R) => string | undefined;
}

/** What a long write reports and how it is stopped (the handler's progress channel and abort signal). */
export interface WriteControl {
  progress?: (phase: string, done: number, total: number | null) => void;
  signal?: AbortSignal;
}

export class ReportCancelled extends Error {
  constructor() {
    super('The report was cancelled; no file was written.');
    this.name = 'ReportCancelled';
  }
}

export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function throwIfCancelled(control: WriteControl): void {
  if (control.signal?.aborted) throw new ReportCancelled();
}

export interface TableOptions {
  /** The sheet's title row (reportTitle in print.ts): printed above the header on every page. */
  title: string;
  /** Lines written under the table, outside its filter range (e.g. definitions). */
  notes?: string[];
}
