/**
 * Outcomes from the office's match-list spreadsheet (issue 15): one row per graduate, season and
 * specialty (Student ID, season, specialty applied to, applications, signals, interviews, rank list
 * length, result, the program matched, scores at application, consent), and optionally a second
 * sheet of the programs each graduate applied to (Student ID, season, program code, signal,
 * interview). Keyed by graduate, season and specialty (and program code for an application), so a
 * re-import updates rather than duplicates; a blank cell never erases a stored value.
 *
 * Scores at application come from the roster where it has them (the latest Step 2 CK / Level 2-CE
 * dated in the year before the Match or earlier); else as the list says. A graduate the roster no
 * longer holds is imported with the list's own scores.
 */
import type { ParsedTableImportInput, TableImportResult } from '../../shared/api/outcomes';
import { localToday, MatchOutcomeInput, type MatchResult, type Specialty } from '../../shared/domain';
import { findSpecialty } from '../../shared/rules/specialties';
import { findOutcome, insertOutcome, rosterScoresAtApplication, setConsent, updateOutcome, upsertApplication, type StoredOutcome } from '../db/match-outcomes';
import type { Db } from '../db/open';
import { programsByCode } from '../db/program-directory';
import { listSpecialties } from '../db/reference';
import { headerKey } from './fields';
import { parseProgramCode, parseYesNo, valueOf } from './program-directory';
import { runTableImport, type TableImportOptions, type TableWriteContext } from './table-import';
import type { TableKind, TableSheet } from './table-sheets';
import { cellText, Invalid, parseIntegerIn, parseYear, type CellValue, type Parsed } from './values';

const STUDENT_ID = { key: 'studentId', label: 'Student ID', synonyms: ['ID', 'Student number', 'Student No', 'Student #', 'SID', 'Graduate ID', 'AAMC ID'] };
const SEASON = { key: 'season', label: 'Season', synonyms: ['Match year', 'Match season', 'ERAS season', 'Year', 'Match', 'Application year'] };
const SPECIALTY = { key: 'specialty', label: 'Specialty', synonyms: ['Specialty applied', 'Specialty applied to', 'Applied specialty', 'Specialty choice', 'Preferred specialty'] };

export const OUTCOME_COLUMNS: TableKind = {
  kind: 'outcomes',
  required: ['studentId', 'season', 'specialty', 'result'],
  columns: [
    STUDENT_ID,
    SEASON,
    SPECIALTY,
    { key: 'applications', label: 'Applications', synonyms: ['Programs applied', 'Programs applied to', 'Number of applications', '# applications', 'Applications submitted'] },
    { key: 'goldSignals', label: 'Gold signals', synonyms: ['Gold', 'Gold signals sent'] },
    { key: 'silverSignals', label: 'Signals', synonyms: ['Silver signals', 'Silver', 'Signals sent', 'Program signals'] },
    { key: 'interviews', label: 'Interviews', synonyms: ['Interviews offered', 'Interview offers', '# interviews', 'Interview invitations', 'Invites'] },
    { key: 'rankListLength', label: 'Rank list length', synonyms: ['Programs ranked', 'Rank list', 'Ranked', 'Number ranked', 'ROL length'] },
    { key: 'result', label: 'Result', synonyms: ['Match result', 'Outcome', 'Match status', 'Status', 'Match outcome'] },
    { key: 'matchedProgramCode', label: 'Matched program code', synonyms: ['Program code', 'NRMP code', 'Match program code', 'Matched program NRMP code'] },
    { key: 'matchedProgramName', label: 'Matched program', synonyms: ['Program matched', 'Match program', 'Matched at', 'Residency program', 'Program'] },
    { key: 'ckAtApplication', label: 'Step 2 CK', synonyms: ['CK', 'CK score', 'Step 2 CK score', 'CK at application', 'Step 2'] },
    { key: 'comlexAtApplication', label: 'COMLEX Level 2-CE', synonyms: ['COMLEX 2', 'COMLEX score', 'Level 2-CE', 'COMLEX Level 2', 'COMLEX 2 CE'] },
    { key: 'consent', label: 'Consent', synonyms: ['Shares outcomes', 'Outcome consent', 'Shared outcomes', 'Share outcomes', 'Consent to share'] },
    { key: 'note', label: 'Notes', synonyms: ['Note', 'Comments', 'Comment', 'Remarks'] },
  ],
};

export const APPLICATION_COLUMNS: TableKind = {
  kind: 'applications',
  required: ['studentId', 'season', 'programCode'],
  columns: [
    STUDENT_ID,
    SEASON,
    SPECIALTY,
    { key: 'programCode', label: 'Program code', synonyms: ['NRMP code', 'NRMP program code', 'ACGME ID', 'Program ID', 'Code'] },
    { key: 'signal', label: 'Signal', synonyms: ['Signal sent', 'Signaled', 'Signalled', 'Program signal'] },
    { key: 'interviewOffered', label: 'Interview', synonyms: ['Interview offered', 'Interviewed', 'Interview offer', 'Invited'] },
  ],
};

const RESULTS: Record<string, MatchResult> = {
  matched: 'matched',
  match: 'matched',
  matchedinthemainmatch: 'matched',
  mainmatch: 'matched',
  yes: 'matched',
  soap: 'soap',
  matchedinsoap: 'soap',
  soapplaced: 'soap',
  placedthroughsoap: 'soap',
  placedinsoap: 'soap',
  unmatched: 'unmatched',
  didnotmatch: 'unmatched',
  nomatch: 'unmatched',
  notmatched: 'unmatched',
  no: 'unmatched',
  withdrew: 'withdrew',
  withdrawn: 'withdrew',
  withdrewfromthematch: 'withdrew',
};

export function parseMatchResult(v: CellValue): Parsed<MatchResult> {
  const t = cellText(v);
  if (t === null) return null;
  return RESULTS[headerKey(t)] ?? new Invalid(`"${t}" is not a match result: Matched, SOAP, Did not match or Withdrew`);
}

export function parseSignal(v: CellValue): Parsed<'gold' | 'silver'> {
  if (v === true) return 'silver';
  const t = cellText(v);
  if (t === null) return null;
  const k = headerKey(t);
  if (k === 'gold') return 'gold';
  // Where a specialty has one kind of signal it is counted as silver (domain: MatchOutcomeInput.silverSignals).
  if (k === 'silver' || k === 'yes' || k === 'y' || k === 'signal' || k === 'true') return 'silver';
  if (k === 'no' || k === 'n' || k === 'none' || k === 'false') return null;
  return new Invalid(`"${t}" is not a signal: Gold, Silver, Yes (a signal where the specialty has one kind) or No`);
}

const count = (what: string) => (v: CellValue) => parseIntegerIn(v, what, 0, 2000);
const text = (max: number, what: string) => (v: CellValue): Parsed<string> => {
  const t = cellText(v);
  if (t === null) return null;
  return t.length > max ? new Invalid(`${what} is longer than ${max} characters`) : t;
};
const studentId = (v: CellValue): Parsed<string> => {
  const t = cellText(v);
  if (t === null) return null;
  return t.length > 64 ? new Invalid('a Student ID is at most 64 characters') : t;
};
const season = (v: CellValue): Parsed<number> => {
  const y = parseYear(v);
  return y instanceof Invalid ? new Invalid(y.message.replace('graduation year', 'Match year')) : y;
};

function writeMatchList(sheets: TableSheet[], ctx: TableWriteContext, specialties: readonly Specialty[], asOf: string, source: string): void {
  const keyOf = (sid: string, s: number, spec: string) => `${sid}\u0000${s}\u0000${spec.toLowerCase()}`;
  const rowsByKey = new Map<string, string>();
  /** Outcomes in the file or stored, by graduate, season and specialty, for the applications sheet. */
  const written = new Map<string, StoredOutcome | { id: number; specialty: string }>();
  /** The same, by graduate and season: a dual applicant has two. */
  const bySeason = new Map<string, { id: number }[]>();
  const remember = (sid: string, year: number, specialty: string, o: { id: number; specialty: string }) => {
    written.set(`${sid}\u0000${year}\u0000${specialty.toLowerCase()}`, o);
    const key = `${sid}\u0000${year}`;
    bySeason.set(key, [...(bySeason.get(key) ?? []), o]);
  };
  const notOnRoster = new Set<string>();
  const knownCode = (code: string) => programsByCode(ctx.db, [code]).has(code);

  for (const sheet of sheets.filter((s) => s.kind === 'outcomes'))
    for (const row of sheet.rows) {
      const at = (key: string) => sheet.headers.get(key) ?? key;
      const errorsBefore = ctx.problems.errorCount;
      const sid = valueOf(sheet, row, 'studentId', studentId, ctx);
      const year = valueOf(sheet, row, 'season', season, ctx);
      const specialtyText = valueOf(sheet, row, 'specialty', text(200, 'the specialty'), ctx);
      const result = valueOf(sheet, row, 'result', parseMatchResult, ctx);
      for (const [key, v] of [['studentId', sid], ['season', year], ['specialty', specialtyText], ['result', result]] as const)
        if (v === null && cellText(row.cells.get(key) ?? null) === null) ctx.problems.error(sheet.name, row.number, at(key), `no ${OUTCOME_COLUMNS.columns.find((c) => c.key === key)!.label.toLowerCase()}: every row needs one`);
      // The office's own spelling resolved through the specialty table ("Ortho" is Orthopaedic Surgery); an unknown one stays as written.
      const specialtyRow = specialtyText ? findSpecialty(specialties, specialtyText) : null;
      if (specialtyText && !specialtyRow) ctx.problems.warn(sheet.name, row.number, at('specialty'), `"${specialtyText}" is not in the specialty table; kept as written`);
      const specialty = specialtyRow?.name ?? specialtyText;
      const fields = {
        applications: valueOf(sheet, row, 'applications', count('applications'), ctx),
        goldSignals: valueOf(sheet, row, 'goldSignals', count('gold signals'), ctx),
        silverSignals: valueOf(sheet, row, 'silverSignals', count('signals'), ctx),
        interviews: valueOf(sheet, row, 'interviews', count('interviews'), ctx),
        rankListLength: valueOf(sheet, row, 'rankListLength', count('rank list length'), ctx),
        matchedProgramCode: valueOf(sheet, row, 'matchedProgramCode', parseProgramCode, ctx),
        matchedProgramName: valueOf(sheet, row, 'matchedProgramName', text(300, 'the program name'), ctx),
        ckAtApplication: valueOf(sheet, row, 'ckAtApplication', (v) => parseIntegerIn(v, 'Step 2 CK', 1, 300), ctx),
        comlexAtApplication: valueOf(sheet, row, 'comlexAtApplication', (v) => parseIntegerIn(v, 'COMLEX Level 2-CE', 9, 999), ctx),
        note: valueOf(sheet, row, 'note', text(2000, 'the note'), ctx),
      };
      const consent = valueOf(sheet, row, 'consent', (v) => parseYesNo(v, 'consent to share outcomes'), ctx);
      if (!sid || !year || !specialty || !result || ctx.problems.errorCount > errorsBefore) continue;

      const key = keyOf(sid, year, specialty);
      const first = rowsByKey.get(key);
      if (first) {
        ctx.problems.error(sheet.name, row.number, at('studentId'), `${sid}'s ${year} season in ${specialty} is already on ${first}: one row per graduate, season and specialty`);
        continue;
      }
      rowsByKey.set(key, `${sheet.name}!${row.number}`);
      if (fields.interviews != null && fields.applications != null && fields.interviews > fields.applications)
        ctx.problems.error(sheet.name, row.number, at('interviews'), `${fields.interviews} interviews from ${fields.applications} applications`);
      if (fields.rankListLength != null && fields.interviews != null && fields.rankListLength > fields.interviews)
        ctx.problems.error(sheet.name, row.number, at('rankListLength'), `${fields.rankListLength} programs ranked after ${fields.interviews} interviews (a rank list names programs that interviewed the applicant)`);
      if ((result === 'unmatched' || result === 'withdrew') && (fields.matchedProgramCode || fields.matchedProgramName))
        ctx.problems.error(sheet.name, row.number, at(fields.matchedProgramCode ? 'matchedProgramCode' : 'matchedProgramName'), `a program is named but the result is "${result === 'unmatched' ? 'Did not match' : 'Withdrew'}"`);
      if (ctx.problems.errorCount > errorsBefore) continue;
      if (fields.matchedProgramCode && !knownCode(fields.matchedProgramCode))
        ctx.problems.warn(sheet.name, row.number, at('matchedProgramCode'), `program code ${fields.matchedProgramCode} is not in the program directory; kept (import the directory to link it)`);

      const roster = rosterScoresAtApplication(ctx.db, sid, year);
      if (!roster.onRoster) notOnRoster.add(sid);
      const scores = { ckAtApplication: fields.ckAtApplication, comlexAtApplication: fields.comlexAtApplication };
      for (const [field, rosterScore, label] of [['ckAtApplication', roster.ck, 'Step 2 CK'], ['comlexAtApplication', roster.comlex, 'COMLEX Level 2-CE']] as const) {
        if (rosterScore === null) continue;
        const listed = scores[field];
        if (listed != null && listed !== rosterScore)
          ctx.problems.warn(sheet.name, row.number, at(field), `the roster has ${sid}'s ${label} before the ${year} Match as ${rosterScore}, the list ${listed}: the roster's is kept`);
        scores[field] = rosterScore;
      }

      const before = findOutcome(ctx.db, sid, year, specialty);
      const keep = <T>(v: T | null | undefined, old: T | null): T | null => (v === null || v === undefined ? old : v);
      const merged = {
        studentId: sid,
        season: year,
        specialty,
        applications: keep(fields.applications, before?.applications ?? null),
        goldSignals: keep(fields.goldSignals, before?.goldSignals ?? null),
        silverSignals: keep(fields.silverSignals, before?.silverSignals ?? null),
        interviews: keep(fields.interviews, before?.interviews ?? null),
        rankListLength: keep(fields.rankListLength, before?.rankListLength ?? null),
        result,
        matchedProgramCode: result === 'unmatched' || result === 'withdrew' ? null : keep(fields.matchedProgramCode, before?.matchedProgramCode ?? null),
        matchedProgramName: result === 'unmatched' || result === 'withdrew' ? null : keep(fields.matchedProgramName, before?.matchedProgramName ?? null),
        ckAtApplication: keep(scores.ckAtApplication, before?.ckAtApplication ?? null),
        comlexAtApplication: keep(scores.comlexAtApplication, before?.comlexAtApplication ?? null),
        note: keep(fields.note, before?.note ?? null),
      };
      const checked = MatchOutcomeInput.safeParse(merged);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        ctx.problems.error(sheet.name, row.number, at(String(issue.path[0] ?? 'studentId')), issue.message);
        continue;
      }
      if (!before) {
        const saved = insertOutcome(ctx.db, checked.data, ctx.who, source, ctx.batch.ensure(), ctx.batch.now);
        remember(sid, year, specialty, saved);
        ctx.counts.outcomes.added++;
      } else {
        if (updateOutcome(ctx.db, before, checked.data, ctx.who, ctx.batch.now).length) {
          ctx.batch.ensure();
          ctx.counts.outcomes.updated++;
        }
        remember(sid, year, specialty, before);
      }
      if (consent !== null && consent !== undefined) {
        const did = setConsent(ctx.db, { studentId: sid, consent: consent ? 'yes' : 'no', recordedOn: asOf, note: null }, ctx.who, source);
        if (did !== 'unchanged') {
          ctx.batch.ensure();
          ctx.counts.consents[did]++;
        }
      }
    }
  if (notOnRoster.size) {
    const ids = [...notOnRoster].sort();
    ctx.problems.warn(sheets.find((s) => s.kind === 'outcomes')?.name ?? '', null, null, `${ids.length} graduate${ids.length === 1 ? ' is' : 's are'} not on the roster (${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''}): their scores at application are the list's own`);
  }

  for (const sheet of sheets.filter((s) => s.kind === 'applications'))
    for (const row of sheet.rows) {
      const at = (key: string) => sheet.headers.get(key) ?? key;
      const errorsBefore = ctx.problems.errorCount;
      const sid = valueOf(sheet, row, 'studentId', studentId, ctx);
      const year = valueOf(sheet, row, 'season', season, ctx);
      const specialtyText = valueOf(sheet, row, 'specialty', text(200, 'the specialty'), ctx);
      const code = valueOf(sheet, row, 'programCode', parseProgramCode, ctx);
      const signal = valueOf(sheet, row, 'signal', parseSignal, ctx);
      const interview = valueOf(sheet, row, 'interviewOffered', (v) => parseYesNo(v, 'interview offered'), ctx);
      for (const [key, v] of [['studentId', sid], ['season', year], ['programCode', code]] as const)
        if (v === null && cellText(row.cells.get(key) ?? null) === null) ctx.problems.error(sheet.name, row.number, at(key), `no ${APPLICATION_COLUMNS.columns.find((c) => c.key === key)!.label.toLowerCase()}: every row needs one`);
      if (!sid || !year || !code || ctx.problems.errorCount > errorsBefore) continue;
      // Which outcome: the row's specialty, or the graduate's only specialty that season.
      const candidates = bySeason.get(`${sid}\u0000${year}`) ?? [];
      let outcome: { id: number } | null | undefined;
      if (specialtyText) {
        const name = findSpecialty(specialties, specialtyText)?.name ?? specialtyText;
        outcome = written.get(`${sid}\u0000${year}\u0000${name.toLowerCase()}`) ?? findOutcome(ctx.db, sid, year, name);
      } else if (candidates.length === 1) outcome = candidates[0];
      else if (candidates.length > 1) {
        ctx.problems.error(sheet.name, row.number, at('studentId'), `${sid} applied in ${candidates.length} specialties in ${year}: add a Specialty column to say which`);
        continue;
      } else {
        const stored = ctx.db.prepare(`SELECT id FROM match_outcomes WHERE student_id = ? AND season = ?`).all(sid, year) as { id: number }[];
        outcome = stored.length === 1 ? stored[0] : null;
      }
      if (!outcome) {
        ctx.problems.error(sheet.name, row.number, at('studentId'), `no outcome for ${sid} in ${year}${specialtyText ? ` in ${specialtyText}` : ''}: list the graduate's season on the outcomes sheet first`);
        continue;
      }
      const did = upsertApplication(ctx.db, { outcomeId: outcome.id, programCode: code, signal: signal ?? null, interviewOffered: interview ?? null }, ctx.who, () => ctx.batch.ensure());
      if (did !== 'unchanged') ctx.counts.applications[did]++;
    }
}

/** `outcomes.import`: a match list, checked, then written in one audited transaction (or nothing). */
export function importMatchList(db: Db, actor: string, input: ParsedTableImportInput, options: TableImportOptions = {}): Promise<TableImportResult> {
  const source = `import ${input.fileName}`;
  return runTableImport(
    db,
    actor,
    input,
    [OUTCOME_COLUMNS, APPLICATION_COLUMNS],
    ['outcomes', 'applications', 'consents'],
    (sheets, ctx) => writeMatchList(sheets, ctx, listSpecialties(db), input.asOf ?? localToday(), source),
    options,
  );
}
