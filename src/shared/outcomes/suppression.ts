/**
 * Small-cell suppression with complementary suppression, for any table whose shown numbers are
 * sums of the same underlying counts (interior cells, row totals, column totals, the grand total).
 *
 * 1. **Primary**: every count from 1 to under the threshold is hidden and labelled "fewer than 10",
 *    and so is a zero inside such a small total ("0 not matched" in a band of 6 would say all six
 *    matched). Any other zero is shown: it counts no one (a band nobody was in), and hiding every
 *    empty band would hide most small specialties' totals with it. (A hidden zero is labelled
 *    "fewer than 10" too, which is true, so the label means 0–9 to a reader.)
 * 2. **Complementary**: a hidden count must not be recoverable by arithmetic on what is shown. The
 *    audit asks, for each hidden count, its smallest and largest possible value given every shown
 *    number, every sum relation between them, and what the labels say (a "fewer than 10" is 0–9; a
 *    complementary "not shown" is, by elimination, 10 or more) — a linear program (lp.ts). Counts
 *    are integers and these tables' constraint matrices are totally unimodular, so the LP's bounds
 *    are whole numbers: a hidden count whose smallest and largest values agree is disclosed. While
 *    one is, another shown count is hidden: first one that sits in the same row or column, an
 *    interior cell before a total, the smallest first; the first choice that protects it is kept.
 */
import { range, type Constraint } from './lp';

export type CellState = 'shown' | 'primary' | 'complementary';

/** A number a table shows: the sum of some interior counts (one, for an interior cell). */
export interface TableCell {
  id: string;
  /** Indexes of the interior counts it adds up. */
  parts: readonly number[];
  /** True for a row, column or grand total (kept in preference to interior cells). */
  margin: boolean;
}

export interface Suppression {
  state: Map<string, CellState>;
  /** The value of each cell (known to the publisher, never to be shown when hidden). */
  value: Map<string, number>;
}

const valueOf = (cell: TableCell, counts: readonly number[]) => cell.parts.reduce((sum, i) => sum + counts[i], 0);

/** The constraints an outside reader has: shown cells exactly, hidden cells by their labels. */
function readerConstraints(cells: readonly TableCell[], counts: readonly number[], state: Map<string, CellState>, threshold: number): Constraint[] {
  return cells.map((cell): Constraint => {
    const coef = new Array<number>(counts.length).fill(0);
    for (const i of cell.parts) coef[i] = 1;
    const value = valueOf(cell, counts);
    if (state.get(cell.id) === 'shown') return { coef, op: '=', rhs: value };
    // A hidden cell's label says which side of the threshold it is on.
    return value < threshold ? { coef, op: '<=', rhs: threshold - 1 } : { coef, op: '>=', rhs: threshold };
  });
}

/** What a reader can work out about a hidden cell: its smallest and largest possible value. */
export function hiddenRange(cells: readonly TableCell[], counts: readonly number[], state: Map<string, CellState>, threshold: number, id: string): { min: number; max: number } {
  const cell = cells.find((c) => c.id === id)!;
  const objective = new Array<number>(counts.length).fill(0);
  for (const i of cell.parts) objective[i] = 1;
  const r = range(objective, readerConstraints(cells, counts, state, threshold));
  if (!r) throw new Error('suppression audit: the published table is inconsistent with its own counts');
  return r;
}

const disclosed = (r: { min: number; max: number }) => r.max - r.min < 0.5;

/** The hidden cells a reader can still work out exactly (empty when the table is safe). */
export function disclosedCells(cells: readonly TableCell[], counts: readonly number[], state: Map<string, CellState>, threshold: number): string[] {
  return cells.filter((c) => state.get(c.id) !== 'shown' && disclosed(hiddenRange(cells, counts, state, threshold, c.id))).map((c) => c.id);
}

const contains = (outer: TableCell, inner: TableCell) => inner.parts.every((i) => outer.parts.includes(i));

/**
 * Two cells in one row or column: one adds into the other, or both add into the same row or column
 * total. The grand total holds every cell, so it makes a line only in a table with no other total.
 */
function shareLine(cells: readonly TableCell[], a: TableCell, b: TableCell): boolean {
  if (contains(a, b) || contains(b, a)) return true;
  const margins = cells.filter((m) => m.margin);
  const grand = margins.reduce<TableCell | null>((g, m) => (g === null || m.parts.length > g.parts.length ? m : g), null);
  return margins.some((m) => (m !== grand || margins.length === 1) && contains(m, a) && contains(m, b));
}

/** A count that names someone and is under the threshold. */
export const isSmall = (count: number, threshold: number) => count > 0 && count < threshold;

/**
 * A zero inside a small group says something of those few: "0 not matched" in a band of fewer than
 * 10 tells a reader that every one of them matched. Such a zero is hidden as they are. The group is
 * the narrowest total the zero adds into (its band, not the whole column); a zero in a group of 10
 * or more, or in an empty band, says nothing of anyone and stays shown.
 */
function zeroOfFew(cells: readonly TableCell[], value: ReadonlyMap<string, number>, cell: TableCell, threshold: number): boolean {
  if (value.get(cell.id) !== 0) return false;
  const groups = cells.filter((m) => m.margin && m !== cell && contains(m, cell));
  const narrowest = Math.min(...groups.map((m) => m.parts.length));
  return groups.some((m) => m.parts.length === narrowest && isSmall(value.get(m.id)!, threshold));
}

export function suppress(cells: readonly TableCell[], counts: readonly number[], threshold: number): Suppression {
  const value = new Map(cells.map((c) => [c.id, valueOf(c, counts)]));
  const state = new Map<string, CellState>(cells.map((c) => [c.id, isSmall(value.get(c.id)!, threshold) || zeroOfFew(cells, value, c, threshold) ? 'primary' : 'shown']));
  if (![...state.values()].includes('primary')) return { state, value };
  for (let guard = 0; guard <= cells.length; guard++) {
    const leak = disclosedCells(cells, counts, state, threshold)[0];
    if (leak === undefined) return { state, value };
    const target = cells.find((c) => c.id === leak)!;
    const candidates = cells
      .filter((c) => state.get(c.id) === 'shown')
      .sort((a, b) => Number(shareLine(cells, b, target)) - Number(shareLine(cells, a, target)) || Number(a.margin) - Number(b.margin) || value.get(a.id)! - value.get(b.id)!);
    const fix = candidates.find((c) => {
      const trial = new Map(state).set(c.id, 'complementary');
      return !disclosed(hiddenRange(cells, counts, trial, threshold, leak));
    });
    // No single cell protects it: hide the first candidate and look again (each round hides one more).
    const next = fix ?? candidates[0];
    if (!next) throw new Error(`suppression: ${leak} stays disclosed with every cell hidden`);
    state.set(next.id, 'complementary');
  }
  // Never reached (each round hides one more cell, and a table with every count hidden discloses none):
  // but a table that would leak is never returned.
  throw new Error('suppression: the table still discloses a hidden count after every round');
}
