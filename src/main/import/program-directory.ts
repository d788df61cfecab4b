/**
 * Programs from a program directory spreadsheet as offices save them (the NRMP program directory, a
 * FREIDA export): one row per program, keyed by its NRMP/ACGME program code, so a re-import updates
 * the programs it names and never adds them twice. A blank cell never erases a stored value.
 */
import type { ParsedTableImportInput, TableImportResult } from '../../shared/api/outcomes';
import { VISA_SPONSORSHIPS, type DirectoryProgram, type Program, type Specialty, type VisaSponsorship } from '../../shared/domain';
import { findSpecialty } from '../../shared/rules/specialties';
import { insertDirectoryProgram, programsByCode, updateDirectoryProgram, type NewDirectoryProgram } from '../db/program-directory';
import type { Db } from '../db/open';
import { listSpecialties } from '../db/reference';
import { headerKey } from './fields';
import { runTableImport, type TableImportOptions, type TableWriteContext } from './table-import';
import type { TableKind, TableRow, TableSheet } from './table-sheets';
import { cellText, Invalid, parseIntegerIn, type CellValue, type Parsed } from './values';

export const PROGRAM_COLUMNS: TableKind = {
  kind: 'programs',
  required: ['code'],
  columns: [
    { key: 'name', label: 'Program name', synonyms: ['Program', 'Program title', 'Residency program', 'Name', 'Program name (institution)'] },
    { key: 'code', label: 'Program code', synonyms: ['NRMP code', 'NRMP program code', 'Program code (NRMP)', 'ACGME ID', 'ACGME program ID', 'ACGME program code', 'Program ID', 'Program number', 'Code'] },
    { key: 'specialty', label: 'Specialty', synonyms: ['Program specialty', 'Specialty name', 'Specialty/subspecialty'] },
    { key: 'city', label: 'City', synonyms: ['Program city', 'Location city'] },
    { key: 'state', label: 'State', synonyms: ['ST', 'Program state', 'State/province'] },
    { key: 'kind', label: 'Program type', synonyms: ['Type', 'Kind', 'Program setting', 'Setting', 'Type of program'] },
    { key: 'positions', label: 'Positions', synonyms: ['Positions offered', 'Quota', 'PGY-1 positions', 'PGY1 positions', 'Number of positions', 'Total positions', 'First-year positions', 'Size'] },
    { key: 'visa', label: 'Visa sponsorship', synonyms: ['Visa', 'Visas sponsored', 'Visa sponsored', 'Sponsors visas', 'Visa types'] },
    { key: 'comlexAccepted', label: 'Accepts COMLEX', synonyms: ['COMLEX accepted', 'Accepts COMLEX-USA', 'COMLEX', 'Accepts COMLEX scores', 'COMLEX OK'] },
    { key: 'stepCkMinimum', label: 'Minimum Step 2 CK', synonyms: ['Min Step 2 CK', 'Step 2 CK minimum', 'Minimum CK', 'CK minimum', 'Step 2 CK cutoff', 'Minimum USMLE Step 2 CK score', 'Step 2 CK min'] },
    { key: 'note', label: 'Notes', synonyms: ['Note', 'Comments', 'Comment', 'Remarks'] },
  ],
};

const KINDS: Record<string, NonNullable<Program['kind']>> = {
  academic: 'academic',
  universitybased: 'academic',
  university: 'academic',
  universityaffiliated: 'community-academic',
  communitybaseduniversityaffiliated: 'community-academic',
  communityacademic: 'community-academic',
  communityuniversityaffiliated: 'community-academic',
  community: 'community',
  communitybased: 'community',
  military: 'military',
  militarybased: 'military',
  other: 'other',
};

export function parseProgramKind(v: CellValue): Parsed<Program['kind']> {
  const t = cellText(v);
  if (t === null) return null;
  return KINDS[headerKey(t)] ?? new Invalid(`"${t}" is not a program type: University-based (academic), Community-based, Community-based university-affiliated, Military-based or Other`);
}

export function parseVisa(v: CellValue): Parsed<VisaSponsorship> {
  const t = cellText(v);
  if (t === null) return null;
  const k = headerKey(t);
  if (['none', 'no', 'n', 'nonesponsored', 'doesnotsponsor', 'false'].includes(k)) return 'none';
  const j1 = /j1/.test(k);
  const h1b = /h1b/.test(k);
  if ((j1 && h1b) || k === 'both' || k === 'j1andh1b') return 'J-1 and H-1B';
  if (j1) return 'J-1';
  if (h1b) return 'H-1B';
  const exact = VISA_SPONSORSHIPS.find((s) => headerKey(s) === k);
  if (exact) return exact;
  return new Invalid(`"${t}" does not say which visas: write None, J-1, H-1B, or J-1 and H-1B`);
}

export function parseYesNo(v: CellValue, what: string): Parsed<boolean> {
  if (typeof v === 'boolean') return v;
  const t = cellText(v);
  if (t === null) return null;
  const k = headerKey(t);
  if (['yes', 'y', 'true', '1', 'accepted', 'accepts'].includes(k)) return true;
  if (['no', 'n', 'false', '0', 'notaccepted'].includes(k)) return false;
  return new Invalid(`"${t}" is not yes or no (${what})`);
}

/** Program codes as NRMP and ACGME print them (1234140C0, 1403521123), kept upper case without spaces. */
export function parseProgramCode(v: CellValue): Parsed<string> {
  const t = cellText(v);
  if (t === null) return null;
  const code = t.replace(/\s+/g, '').toUpperCase();
  return /^[0-9A-Z][0-9A-Z-]{2,39}$/.test(code) ? code : new Invalid(`"${t}" is not a program code (letters and digits, as the NRMP or ACGME prints it)`);
}

/** One row's value of a field: its parse, or null with the error located at its cell. */
export function valueOf<T>(sheet: TableSheet, row: TableRow, key: string, parse: (v: CellValue) => Parsed<T>, ctx: Pick<TableWriteContext, 'problems'>): T | null | undefined {
  if (!sheet.headers.has(key)) return undefined;
  const parsed = parse(row.cells.get(key) ?? null);
  if (parsed instanceof Invalid) {
    ctx.problems.error(sheet.name, row.number, sheet.headers.get(key)!, parsed.message);
    return null;
  }
  return parsed;
}

const text = (max: number, what: string) => (v: CellValue): Parsed<string> => {
  const t = cellText(v);
  if (t === null) return null;
  return t.length > max ? new Invalid(`${what} is longer than ${max} characters`) : t;
};

function writePrograms(sheets: TableSheet[], ctx: TableWriteContext, specialties: readonly Specialty[]): void {
  const rows = sheets.filter((s) => s.kind === 'programs').flatMap((sheet) => sheet.rows.map((row) => ({ sheet, row })));
  const codes = rows.map(({ row }) => parseProgramCode(row.cells.get('code') ?? null)).filter((c): c is string => typeof c === 'string');
  const stored = programsByCode(ctx.db, codes);
  const seen = new Map<string, string>();
  for (const { sheet, row } of rows) {
    const at = (key: string) => sheet.headers.get(key) ?? key;
    const errorsBefore = ctx.problems.errorCount;
    if (cellText(row.cells.get('code') ?? null) === null) {
      ctx.problems.error(sheet.name, row.number, at('code'), 'no program code: every program needs its NRMP or ACGME code (re-imports update by it)');
      continue;
    }
    const code = valueOf(sheet, row, 'code', parseProgramCode, ctx);
    if (!code) continue;
    const first = seen.get(code);
    if (first) {
      ctx.problems.error(sheet.name, row.number, at('code'), `program code ${code} is already on ${first}: one row per program`);
      continue;
    }
    seen.set(code, `${sheet.name}!${row.number}`);
    const specialtyText = valueOf(sheet, row, 'specialty', text(200, 'the specialty'), ctx);
    let specialtyId: number | null | undefined;
    if (specialtyText) {
      const found = findSpecialty(specialties, specialtyText);
      if (!found) ctx.problems.error(sheet.name, row.number, at('specialty'), `"${specialtyText}" is not in the specialty table (Specialties page): add it there, or give one of its names`);
      specialtyId = found?.id ?? null;
    }
    const read = {
      name: valueOf(sheet, row, 'name', text(300, 'the program name'), ctx),
      city: valueOf(sheet, row, 'city', text(200, 'the city'), ctx),
      state: valueOf(sheet, row, 'state', text(100, 'the state'), ctx),
      kind: valueOf(sheet, row, 'kind', parseProgramKind, ctx),
      positions: valueOf(sheet, row, 'positions', (v) => parseIntegerIn(v, 'positions', 0, 500), ctx),
      visa: valueOf(sheet, row, 'visa', parseVisa, ctx),
      comlexAccepted: valueOf(sheet, row, 'comlexAccepted', (v) => parseYesNo(v, 'accepts COMLEX'), ctx),
      stepCkMinimum: valueOf(sheet, row, 'stepCkMinimum', (v) => parseIntegerIn(v, 'minimum Step 2 CK', 1, 300), ctx),
      note: valueOf(sheet, row, 'note', text(2000, 'the note'), ctx),
    };
    const before = stored.get(code);
    // A blank cell (null) or a missing column (undefined) keeps what is stored.
    const keep = <T>(v: T | null | undefined, old: T | null): T | null => (v === null || v === undefined ? old : v);
    if (!before) {
      if (!read.name) ctx.problems.error(sheet.name, row.number, at('name'), `program ${code} is new: it needs its program name`);
      if (specialtyText === undefined || specialtyText === null) ctx.problems.error(sheet.name, row.number, at('specialty'), `program ${code} is new: it needs its specialty`);
      if (ctx.problems.errorCount > errorsBefore) continue;
      const p: NewDirectoryProgram = {
        name: read.name!,
        specialtyId: specialtyId ?? null,
        city: read.city ?? null,
        state: read.state ?? null,
        kind: read.kind ?? null,
        stepCkMinimum: read.stepCkMinimum ?? null,
        note: read.note ?? null,
        code,
        positions: read.positions ?? null,
        visa: read.visa ?? null,
        comlexAccepted: read.comlexAccepted ?? null,
      };
      insertDirectoryProgram(ctx.db, p, ctx.batch.ensure(), ctx.who);
      ctx.counts.programs.added++;
      continue;
    }
    if (ctx.problems.errorCount > errorsBefore) continue;
    const after: DirectoryProgram = {
      ...before,
      name: keep(read.name, before.name)!,
      specialtyId: keep(specialtyId, before.specialtyId),
      city: keep(read.city, before.city),
      state: keep(read.state, before.state),
      kind: keep(read.kind, before.kind),
      stepCkMinimum: keep(read.stepCkMinimum, before.stepCkMinimum),
      note: keep(read.note, before.note),
      positions: keep(read.positions, before.positions),
      visa: keep(read.visa, before.visa),
      comlexAccepted: keep(read.comlexAccepted, before.comlexAccepted),
    };
    if (updateDirectoryProgram(ctx.db, before, after, ctx.who).length) {
      ctx.batch.ensure();
      ctx.counts.programs.updated++;
    }
  }
}

/** `programs.import`: a program directory spreadsheet, checked, then written in one audited transaction (or nothing). */
export function importProgramDirectory(db: Db, actor: string, input: ParsedTableImportInput, options: TableImportOptions = {}): Promise<TableImportResult> {
  return runTableImport(db, actor, input, [PROGRAM_COLUMNS], ['programs'], (sheets, ctx) => writePrograms(sheets, ctx, listSpecialties(db)), options);
}
