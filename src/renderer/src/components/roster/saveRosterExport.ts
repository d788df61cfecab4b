import type { RosterExportInput } from '../../../../shared/api';
import { call } from '../../api/client';
import { downloadBytes } from '../import/saveTemplate';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The core writes the workbook of the view (or the selection); the page saves its bytes, as with every report. */
export async function saveRosterExport(input: RosterExportInput): Promise<{ fileName: string; rows: number }> {
  const out = await call('roster.export', input);
  downloadBytes(out.bytes, out.fileName, XLSX_TYPE);
  return { fileName: out.fileName, rows: out.rows };
}
