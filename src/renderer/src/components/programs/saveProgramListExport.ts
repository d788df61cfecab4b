import type { InputOf } from '../../../../shared/api';
import { call } from '../../api/client';
import { downloadBytes } from '../import/saveTemplate';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The core writes the student's workbook of the saved list; the page saves its bytes, as with every report. */
export async function saveProgramListExport(input: InputOf<'programList.export'>): Promise<{ fileName: string; lines: number }> {
  const out = await call('programList.export', input);
  downloadBytes(out.bytes, out.fileName, XLSX_TYPE);
  return { fileName: out.fileName, lines: out.lines };
}
