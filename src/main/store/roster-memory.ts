/**
 * The roster answered in memory, with exactly the semantics of SQLite's roster SQL (db/roster.ts):
 * for an engine that has no per-connection cohort index (an office database), the cohort is read
 * through the store once per as-of date and data version, each student evaluated, and a query
 * filters and sorts those rows here. Text compares as SQLite's NOCASE and LIKE do (ASCII letters
 * fold, nothing else), NULLs sort first ascending, and each view takes the order the SQLite path it
 * would take gives (a view on stored fields sorts by them and the ID; one on the rules' conclusions
 * breaks ties by name, then ID). test/integration/pg-roster.test.ts holds the two engines equal.
 */
import type { ParsedRosterQuery, RosterPage, RosterRow } from '../../shared/api/students';
import type { Flag, StudentSnapshot } from '../../shared/domain';
import { STEP1_STATUSES, step1GroupOf } from '../../shared/exam-status';
import type { ReferenceData } from '../../shared/rules/reference';
import { ruleSettings } from '../../shared/rules/rule-settings';
import { findSpecialty, specialtyKey } from '../../shared/rules/specialties';
import { indexRow } from '../cohort/status-index';
import type { CohortIndexRow } from '../db/cohort-index';
import { evaluateStudent } from '../../shared/rules/flags';
import { needsCohortIndex, searchText } from '../db/roster';
import { nocase } from '../db/sqlite-text';

const RISK_ORDER: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, none: 4 };

/**
 * A student's row: what the roster shows, what it filters on that the row does not show, and the
 * cohort index's row and flags (db/cohort-index.ts) the dashboard aggregates (store/dashboard-memory.ts).
 */
export interface MemoryRosterEntry {
  row: RosterRow;
  email: string | null;
  riskOrder: number;
  status: CohortIndexRow;
  flags: Flag[];
}

export function memoryEntry(snapshot: StudentSnapshot, ref: ReferenceData, asOf: string): MemoryRosterEntry {
  const { student } = snapshot;
  const { id, firstName, lastName, gradYear, applicantType, targetSpecialty, advisor } = student;
  // One evaluation for the roster's row and the index's row (the SQLite index builds them alike).
  const evaluation = evaluateStudent(snapshot, ref, asOf);
  const status = indexRow(snapshot, evaluation, ref, asOf);
  const row: RosterRow = {
    id,
    firstName,
    lastName,
    gradYear,
    applicantType,
    targetSpecialty,
    advisor,
    step1: status.step1,
    ck: status.ck,
    ckScore: status.ckScore,
    ckDate: status.ckDate,
    risk: evaluation.risk,
    flags: evaluation.flags.map((f) => f.code),
    enrolment: status.enrolment,
    archived: status.archived === 1,
  };
  return { row, email: student.email, riskOrder: status.riskOrder, status, flags: evaluation.flags };
}

/** Students evaluated between two turns of the event loop (about 10-20 ms of work). */
const EVALUATED_BETWEEN_YIELDS = 1000;

/** Every student's entry as of the date: the cohort read in chunks, practice exams of the readiness window only. */
export async function buildMemoryRoster(chunks: (filter: { practiceTakenBetween: { from: string; to: string } }) => AsyncIterable<StudentSnapshot[]>, ref: ReferenceData, asOf: string): Promise<MemoryRosterEntry[]> {
  const out: MemoryRosterEntry[] = [];
  for await (const chunk of chunks({ practiceTakenBetween: { from: ruleSettings(ref, asOf).practiceFrom, to: asOf } }))
    for (let i = 0; i < chunk.length; i++) {
      out.push(memoryEntry(chunk[i], ref, asOf));
      // The cohort is often evaluated in the background while the same process answers the page (the
      // web host, the app's main process): it lets other work in every so many students.
      if (i % EVALUATED_BETWEEN_YIELDS === EVALUATED_BETWEEN_YIELDS - 1) await new Promise((resolve) => setImmediate(resolve));
    }
  // Every view sorts by name in the end: the order of names worked out now, with the cohort.
  byName(out);
  return out;
}

/** Text of ASCII characters only: for it toLowerCase() folds exactly the ASCII letters (and is much faster than a replace). */

/** SQLite's default LIKE with '%text%' and an escape: a substring test, ASCII letters case-insensitive. */
function likeContains(value: string | null, needle: string): boolean {
  return value !== null && nocase(value).includes(nocase(needle));
}

/** Orders as SQLite orders: NULL first, numbers before text, text by code unit. */
function cmp(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return a < b ? -1 : 1;
}

type Key = (e: MemoryRosterEntry) => string | number | null;
type Term = { key: Key; withDirection: boolean };

const name: Term[] = [
  { key: (e) => nocase(e.row.lastName), withDirection: true },
  { key: (e) => nocase(e.row.firstName), withDirection: true },
];
const id: Term = { key: (e) => e.row.id, withDirection: true };
const lower = (v: string | null) => (v === null ? null : nocase(v));
const STEP1_ORDER: Record<string, number> = { failed: 0, pending: 1, scheduled: 2, 'not yet': 3 };

const STORED_SORT: Record<string, Term[]> = {
  id: [id],
  name,
  gradYear: [{ key: (e) => e.row.gradYear, withDirection: true }],
  applicantType: [{ key: (e) => e.row.applicantType, withDirection: true }],
  targetSpecialty: [{ key: (e) => lower(e.row.targetSpecialty), withDirection: true }],
  advisor: [{ key: (e) => lower(e.row.advisor), withDirection: true }],
};

const INDEXED_SORT: Record<ParsedRosterQuery['sort'], Term[]> = {
  id: [id],
  name,
  gradYear: [{ key: (e) => e.row.gradYear, withDirection: true }, ...name],
  applicantType: [{ key: (e) => e.row.applicantType, withDirection: true }, ...name],
  targetSpecialty: [{ key: (e) => lower(e.row.targetSpecialty), withDirection: true }, ...name],
  advisor: [{ key: (e) => lower(e.row.advisor), withDirection: true }, ...name],
  risk: [{ key: (e) => e.riskOrder, withDirection: true }, ...name],
  step1: [{ key: (e) => STEP1_ORDER[e.row.step1] ?? 4, withDirection: true }, ...name],
  // Without a score or date after those with one, whichever the direction (`x IS NULL` takes no direction).
  ckScore: [{ key: (e) => (e.row.ckScore === null ? 1 : 0), withDirection: false }, { key: (e) => e.row.ckScore, withDirection: true }, ...name],
  ckDate: [{ key: (e) => (e.row.ckDate === null ? 1 : 0), withDirection: false }, { key: (e) => e.row.ckDate, withDirection: true }, ...name],
};

/** The filter of a roster query, with the target resolved as `sqlFilter` resolves it and the practice filter's students given. */
export interface MemoryFilter extends Omit<ParsedRosterQuery, 'targetSpecialty' | 'offset' | 'limit'> {
  targetVariants?: string[];
  /** The students a `practice` filter keeps (asked of the database: the index holds no practice history). */
  practiceStudents?: ReadonlySet<string>;
  ids?: readonly string[];
}

/** The stored target spellings a filter means (cohort/targets.ts, over the entries instead of SQL). */
export function memoryTargetVariants(entries: readonly MemoryRosterEntry[], ref: ReferenceData, text: string): string[] {
  const stored = new Set<string>();
  for (const e of entries) if (e.row.targetSpecialty !== null) stored.add(e.row.targetSpecialty);
  return targetVariantsOf([...stored], ref, text);
}

/** Of the stored target spellings, those the text means (as the rules match a target). */
export function targetVariantsOf(stored: readonly string[], ref: ReferenceData, text: string): string[] {
  const row = findSpecialty(ref.specialties, text);
  const key = specialtyKey(text);
  return stored.filter((t) => (row ? findSpecialty(ref.specialties, t) === row : specialtyKey(t) === key));
}

/** What a filter compares, worked out once per filter rather than once per student. */
interface Prepared {
  search: string;
  /** The advisor asked for, NOCASE; null for any. */
  advisor: string | null;
  /** NOCASE of a stored advisor, folded once per distinct name. */
  foldAdvisor: (s: string) => string;
  step1Statuses: Set<string> | null;
  ids: Set<string> | null;
}

function matches(e: MemoryRosterEntry, q: Omit<MemoryFilter, 'sort' | 'direction'>, p: Prepared): boolean {
  const r = e.row;
  if (p.search) {
    const s = p.search;
    const forms = [r.id, r.firstName, r.lastName, e.email, `${r.firstName} ${r.lastName}`, `${r.lastName}, ${r.firstName}`, `${r.lastName} ${r.firstName}`];
    if (!forms.some((f) => likeContains(f, s))) return false;
  }
  if (r.archived !== !!q.archived) return false;
  if (q.statuses?.length && !q.statuses.includes(r.enrolment)) return false;
  if (q.gradYears?.length && !q.gradYears.includes(r.gradYear)) return false;
  if (p.advisor !== null && (r.advisor === null || p.foldAdvisor(r.advisor) !== p.advisor)) return false;
  if (q.applicantType && r.applicantType !== q.applicantType) return false;
  if (q.targetVariants && (r.targetSpecialty === null || !q.targetVariants.includes(r.targetSpecialty))) return false;
  if (q.practiceStudents && !q.practiceStudents.has(r.id)) return false;
  if (p.ids && !p.ids.has(r.id)) return false;
  if (q.risk?.length && !q.risk.some((k) => RISK_ORDER[k] === e.riskOrder)) return false;
  if (p.step1Statuses && !p.step1Statuses.has(r.step1)) return false;
  if (q.ck && r.ck !== q.ck) return false;
  if (q.flag && !r.flags.includes(q.flag)) return false;
  if (q.hasCkScore && r.ckScore === null) return false;
  if (q.ckFrom && (r.ckDate === null || r.ckDate < q.ckFrom)) return false;
  if (q.ckTo && (r.ckDate === null || r.ckDate > q.ckTo)) return false;
  if (q.noCkDate && r.ckDate !== null) return false;
  return true;
}

/** The entries a filter keeps, in the order given (no sort). */
export function memoryMatching(entries: readonly MemoryRosterEntry[], q: Omit<MemoryFilter, 'sort' | 'direction'>): MemoryRosterEntry[] {
  const folded = new Map<string, string>();
  const p: Prepared = {
    search: q.search ? searchText(q.search) : '',
    advisor: q.advisor ? nocase(q.advisor.trim()) : null,
    foldAdvisor: (s) => {
      let f = folded.get(s);
      if (f === undefined) folded.set(s, (f = nocase(s)));
      return f;
    },
    step1Statuses: q.step1 ? new Set<string>(STEP1_STATUSES.filter((st) => step1GroupOf(st) === q.step1)) : null,
    ids: q.ids ? new Set(q.ids) : null,
  };
  return entries.filter((e) => matches(e, q, p));
}

/** Views of an evaluated cohort remembered in their order (per cohort; a change gives a new cohort), at most this many. */
const REMEMBERED_VIEWS = 8;
const orderedViews = new WeakMap<readonly MemoryRosterEntry[], Map<string, readonly MemoryRosterEntry[]>>();

/**
 * The view's rows in its order, remembered: scrolling asks for page after page of the same view,
 * and the page opened again asks for the first, each of which would otherwise filter and sort the
 * whole cohort again (200 ms at 100,000). A practice filter's students come from the database at
 * each ask and are not remembered.
 */
function orderedRows(entries: readonly MemoryRosterEntry[], q: MemoryFilter): readonly MemoryRosterEntry[] {
  if (q.practiceStudents) return sortedRows(entries, q);
  let views = orderedViews.get(entries);
  if (!views) orderedViews.set(entries, (views = new Map()));
  const key = JSON.stringify(q);
  let rows = views.get(key);
  if (!rows) {
    if (views.size >= REMEMBERED_VIEWS) views.clear();
    views.set(key, (rows = sortedRows(entries, q)));
  }
  return rows;
}

const namesInOrder = new WeakMap<readonly MemoryRosterEntry[], readonly MemoryRosterEntry[]>();

/**
 * The cohort in the order by surname, given name (NOCASE) and ID, the order every view ends with:
 * worked out once per cohort, so a view sorts only by what comes before the name (nothing, for the
 * roster by name) with a stable sort (two folded names and an ID compared for every pair made the
 * first sort of a view cost 300-500 ms at 100,000 on a busy machine).
 */
export function byName(entries: readonly MemoryRosterEntry[]): readonly MemoryRosterEntry[] {
  let ordered = namesInOrder.get(entries);
  if (!ordered) {
    const keyed = entries.map((e) => ({ e, last: nocase(e.row.lastName), first: nocase(e.row.firstName) }));
    keyed.sort((a, b) => cmp(a.last, b.last) || cmp(a.first, b.first) || cmp(a.e.row.id, b.e.row.id));
    namesInOrder.set(entries, (ordered = keyed.map((k) => k.e)));
  }
  return ordered;
}

/** Sorts by the terms, keeping the order given among rows that tie on all of them (Array.prototype.sort is stable). */
function sortBy(rows: readonly MemoryRosterEntry[], terms: readonly Term[], sign: number): MemoryRosterEntry[] {
  if (terms.length === 1) {
    // One term with few values (risk, class, status, advisor…): rows grouped by it in the order given, the groups put in order.
    const [term] = terms;
    const groups = new Map<string | number | null, MemoryRosterEntry[]>();
    for (const e of rows) {
      const k = term.key(e);
      const g = groups.get(k);
      if (g) g.push(e);
      else groups.set(k, [e]);
    }
    const keys = [...groups.keys()].sort((a, b) => (term.withDirection ? sign : 1) * cmp(a, b));
    return keys.flatMap((k) => groups.get(k)!);
  }
  // Each row's sort keys computed once, not at every comparison (100,000 rows make ~1.7 million).
  const keyed = rows.map((e) => ({ e, keys: terms.map((t) => t.key(e)) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < terms.length; i++) {
      const c = cmp(a.keys[i], b.keys[i]);
      if (c !== 0) return terms[i].withDirection ? sign * c : c;
    }
    return 0;
  });
  return keyed.map((k) => k.e);
}

function sortedRows(entries: readonly MemoryRosterEntry[], q: MemoryFilter): MemoryRosterEntry[] {
  const terms = (needsCohortIndex(q) ? INDEXED_SORT[q.sort] : STORED_SORT[q.sort]) ?? STORED_SORT.name;
  const sign = q.direction === 'desc' ? -1 : 1;
  if (terms.length >= 2 && terms[terms.length - 2] === name[0] && terms[terms.length - 1] === name[1]) {
    // Surname, given name and ID, all in the view's direction: the cohort's name order (reversed for
    // a descending view) filtered, then sorted stably by the terms before the name.
    const ordered = sign < 0 ? [...byName(entries)].reverse() : byName(entries);
    const kept = memoryMatching(ordered, q);
    return terms.length === 2 ? kept : sortBy(kept, terms.slice(0, -2), sign);
  }
  return sortBy(memoryMatching(entries, q), terms.includes(id) ? terms : [...terms, id], sign);
}

/** Every row of the view, in its order. */
export function memoryRosterRows(entries: readonly MemoryRosterEntry[], q: MemoryFilter): MemoryRosterEntry[] {
  return orderedRows(entries, q).slice();
}

export function memoryRosterPage(entries: readonly MemoryRosterEntry[], q: MemoryFilter & { offset: number; limit: number }, asOf: string): RosterPage {
  const { offset, limit, ...view } = q;
  const rows = orderedRows(entries, view);
  return { total: rows.length, offset, asOf, rows: rows.slice(offset, offset + limit).map((e) => e.row) };
}
