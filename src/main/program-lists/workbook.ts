/**
 * The student's program list as an .xlsx they keep (issue 15): one row per program with its tier,
 * the because-line, the evidence with its n and years, signals, and the advisor's changes and notes;
 * then how the tiers were read and how many applications the school's data suggests. Printed as the
 * committee workbook prints: landscape, one page wide, title and header repeated on every page,
 * every text wrapped in its own column and each row as tall as its longest text.
 */
import type { ProgramListExport, ProgramListView } from '../../shared/api/program-lists';
import { LIST_TIER_LABELS } from '../../shared/domain';
import type { ProgramLine } from '../../shared/outcomes/program-list';
import { loadExcelJS } from '../exceljs';
import { toCell } from '../reports/safe-text';
import { LINE_HEIGHT, MAX_ROW_HEIGHT, styleFor, wrappedLines } from '../reports/styles';

const EVIDENCE_WORDS: Record<ProgramLine['evidence']['kind'], string> = {
  program: "School's graduates who matched at this program",
  'school-specialty': "School's graduates who matched in the specialty",
  national: 'National reference (NRMP Charting Outcomes)',
  eligibility: 'Program directory',
  none: 'None',
};

interface Col {
  header: string;
  width: number;
  wrap?: boolean;
  numFmt?: string;
  /** Centred: a short number beside a left-aligned column would read as one ("5 2024–2026"). */
  centre?: boolean;
  value: (l: ProgramLine) => unknown;
}

export const LIST_COLUMNS: Col[] = [
  { header: 'Tier', width: 12, value: (l) => LIST_TIER_LABELS[l.tier] },
  { header: 'Program', width: 30, wrap: true, value: (l) => l.name },
  { header: 'City, state', width: 16, wrap: true, value: (l) => [l.city, l.state].filter(Boolean).join(', ') || null },
  { header: 'Program code', width: 12, value: (l) => l.code },
  { header: 'Because', width: 60, wrap: true, value: (l) => l.because },
  { header: 'Evidence', width: 22, wrap: true, value: (l) => EVIDENCE_WORDS[l.evidence.kind] },
  { header: 'n', width: 7, numFmt: '#,##0', centre: true, value: (l) => l.evidence.n },
  { header: 'Years', width: 11, centre: true, value: (l) => l.evidence.years },
  { header: 'Signals (a note, not a tier)', width: 34, wrap: true, value: (l) => l.signals },
  { header: "Advisor's change", width: 24, wrap: true, value: (l) => [l.overrideNote, l.pinned ? 'Pinned' : null, l.excluded ? 'Excluded from the list' : null].filter(Boolean).join(' ') || null },
  { header: "Advisor's note", width: 30, wrap: true, value: (l) => l.annotation },
];

const HEADER_ROW = 3;

export function listFileName(view: Pick<ProgramListView, 'studentId' | 'specialty' | 'asOf'>): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'list';
  return `program-list-${safe(view.studentId)}-${safe(view.specialty)}-${view.asOf}.xlsx`;
}

function rowHeight(cells: readonly unknown[], cols: readonly { width: number; wrap?: boolean }[]): number | undefined {
  let lines = 1;
  cells.forEach((v, i) => {
    if (cols[i].wrap && typeof v === 'string') lines = Math.max(lines, wrappedLines(v, cols[i].width));
  });
  return lines > 1 ? Math.min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT) : undefined;
}

export async function programListWorkbook(view: ProgramListView): Promise<ProgramListExport> {
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Stepwise';
  const sheet = wb.addWorksheet('Program list', {
    views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW, activeCell: `A${HEADER_ROW + 1}` }],
    pageSetup: {
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `1:${HEADER_ROW}`,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.25, footer: 0.25 },
    },
    headerFooter: { oddFooter: '&L&A&RPage &P of &N' },
  });
  sheet.columns = LIST_COLUMNS.map((c) => ({ width: c.width }));
  const ck = view.ckScore === null ? 'no Step 2 CK score yet' : `Step 2 CK ${view.ckScore}`;
  const title = `Program list: ${view.studentName} (${view.studentId}) · ${view.which === 'target' ? 'target' : 'backup'} specialty ${view.specialty} · ${ck} · as of ${view.asOf}`;
  const t = sheet.getRow(1);
  t.getCell(1).value = toCell(title);
  t.getCell(1).style = styleFor({ title: true });
  sheet.mergeCells(1, 1, 1, LIST_COLUMNS.length);
  t.height = 22;
  const sub = sheet.getRow(2);
  const saved = view.saved ? `Saved by ${view.saved.savedBy} on ${view.saved.savedAt.slice(0, 10)}.` : 'Not saved yet.';
  sub.getCell(1).value = toCell(`Reach / target / likely from the school's own match history where it is large enough; every line says why. ${saved}`);
  sub.getCell(1).style = styleFor({ wrap: true });
  sheet.mergeCells(2, 1, 2, LIST_COLUMNS.length);
  const header = sheet.getRow(HEADER_ROW);
  LIST_COLUMNS.forEach((c, i) => {
    header.getCell(i + 1).value = c.header;
    header.getCell(i + 1).style = styleFor({ header: true });
  });
  header.height = 30;
  for (const line of view.lines) {
    const values = LIST_COLUMNS.map((c) => toCell(c.value(line)));
    const row = sheet.addRow(values);
    LIST_COLUMNS.forEach((c, i) => {
      const style = styleFor({ wrap: c.wrap, numFmt: c.numFmt, bold: i === 0 });
      row.getCell(i + 1).style = c.centre ? { ...style, alignment: { ...style.alignment, horizontal: 'center' } } : style;
    });
    const h = rowHeight(values, LIST_COLUMNS);
    if (h) row.height = h;
  }
  sheet.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW + Math.max(1, view.lines.length), column: LIST_COLUMNS.length } };

  // How it was read, and the suggestion: a second sheet of sentences, each in one wide wrapped cell.
  const about = wb.addWorksheet('How to read it', {
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.25, footer: 0.25 } },
    headerFooter: { oddFooter: '&L&A&RPage &P of &N' },
  });
  // Narrower than a landscape page at 100%, so the sentences print whole without scaling.
  const WIDTH = 90;
  about.columns = [{ width: WIDTH }];
  const para = (text: string, look: Parameters<typeof styleFor>[0] = { wrap: true }) => {
    const row = about.addRow([toCell(text)]);
    row.getCell(1).style = styleFor(look);
    // The title's larger bold type takes about a third more room per character.
    const lines = wrappedLines(text, look.title ? WIDTH * 0.7 : WIDTH);
    const perLine = look.title ? 18 : LINE_HEIGHT;
    if (lines > 1 || look.title) row.height = Math.min(MAX_ROW_HEIGHT, lines * perLine);
  };
  para(title, { title: true });
  para('How the tiers are read', { bold: true });
  for (const m of view.method) para(m);
  para('How many applications', { bold: true });
  para(view.suggestion.text);
  para('Signals', { bold: true });
  para(view.signalAllowance ?? `No signal allowance is entered for ${view.specialty}.`);
  para('In this list', { bold: true });
  const c = view.counts;
  para(
    `${view.lines.length} programs: ${c.likely} likely, ${c.target} target, ${c.reach} reach, ${c['no-evidence']} with no evidence, ${c['not-eligible']} not eligible, ${c.excluded} excluded by the advisor; ${c.pinned} pinned.`,
  );
  if (view.orphanEntries.length)
    para(`${view.orphanEntries.length} saved advisor's entries are for programs no longer listed in ${view.specialty} (program IDs ${view.orphanEntries.map((e) => e.programId).join(', ')}); they are kept.`);

  const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
  return { fileName: listFileName(view), bytes, lines: view.lines.length };
}
