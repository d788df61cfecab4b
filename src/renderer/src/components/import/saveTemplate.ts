import { call } from '../../api/client';

/** Saves bytes the core made (a template, later a report) through the browser's download, under the given name. */
export function downloadBytes(bytes: Uint8Array, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the link; the object URL is no longer needed after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export const TEMPLATE_FILE_NAME = 'stepwise-import-template.xlsx';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function saveTemplate(): Promise<void> {
  downloadBytes(await call('import.template', {}), TEMPLATE_FILE_NAME, XLSX_TYPE);
}
