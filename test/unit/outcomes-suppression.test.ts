import { describe, expect, it } from 'vitest';
import { maximise, range } from '../../src/shared/outcomes/lp';
import { disclosedCells, suppress, type CellState, type TableCell } from '../../src/shared/outcomes/suppression';
import { ckBands, table, type ChartRow, type CountCell } from '../../src/shared/outcomes/chart';
import type { MatchOutcome } from '../../src/shared/domain';
import { outcome } from './outcomes-fixtures';

const T = 10;
const BANDS = ckBands([240, 250]); // under 240, 240–249, 250 or more, CK not recorded

/** Graduates for one band: `m` matched and `u` not matched, with a CK inside the band (or none). */
function group(ck: number | null, m: number, u: number, tag: string): MatchOutcome[] {
  return [
    ...Array.from({ length: m }, (_, i) => outcome({ studentId: `${tag}m${i}`, ckAtApplication: ck, result: 'matched' })),
    ...Array.from({ length: u }, (_, i) => outcome({ studentId: `${tag}u${i}`, ckAtApplication: ck, result: i % 2 ? 'soap' : 'unmatched' })),
  ];
}

/** A table from [matched, not matched] per band (under 240, 240–249, 250+, no CK). */
function chartOf(pairs: [number, number][]) {
  const cks = [230, 245, 255, null];
  return table(pairs.flatMap(([m, u], b) => group(cks[b], m, u, `b${b}`)), BANDS, T);
}

type Published = { band: number | 'total'; what: 'matched' | 'notMatched' | 'applicants'; cell: CountCell };
function published(t: { bands: ChartRow[]; total: ChartRow }): Published[] {
  const rows: [number | 'total', ChartRow][] = [...t.bands.map((r, i) => [i, r] as [number, ChartRow]), ['total', t.total]];
  return rows.flatMap(([band, r]) => (['matched', 'notMatched', 'applicants'] as const).map((what) => ({ band, what, cell: r[what] })));
}

/**
 * An attacker's exact integer search, independent of the LP: every table of counts (per band, matched
 * and not matched, each 0..max) consistent with what is published — shown numbers exactly, "fewer
 * than 10" as 0–9, "not shown" as 10 or more — and, for each hidden number, the values it can take.
 * Bands are combined by dynamic programming over the running (matched, not matched) totals.
 */
function attackerValues(pub: Published[], bands: number, max: number): Map<string, Set<number>> {
  const fits = (c: CountCell, v: number) => (c.state === 'shown' ? v === c.value : c.text === 'fewer than 10' ? v < T : v >= T);
  const get = (band: number | 'total', what: Published['what']) => pub.find((p) => p.band === band && p.what === what)!.cell;
  const pairs = (b: number) => {
    const out: [number, number][] = [];
    for (let m = 0; m <= max; m++) for (let u = 0; u <= max; u++) if (fits(get(b, 'matched'), m) && fits(get(b, 'notMatched'), u) && fits(get(b, 'applicants'), m + u)) out.push([m, u]);
    return out;
  };
  const all = Array.from({ length: bands }, (_, b) => pairs(b));
  // A state (matched so far, not matched so far) is one number: x × K + y.
  const K = 4 * max + 1;
  // Running totals can only grow: a state already above what the totals allow is dropped (sound pruning).
  const cap = (c: CountCell) => (c.state === 'shown' ? c.value! : c.text === 'fewer than 10' ? T - 1 : max);
  const [capM, capU, capA] = [cap(get('total', 'matched')), cap(get('total', 'notMatched')), cap(get('total', 'applicants'))];
  const reach = (skip: number) => {
    let states = new Set<number>([0]);
    for (let b = 0; b < bands; b++) {
      if (b === skip) continue;
      const next = new Set<number>();
      for (const s of states)
        for (const [m, u] of all[b]) {
          const x = Math.floor(s / K) + m;
          const y = (s % K) + u;
          if (x <= capM && y <= capU && x + y <= capA) next.add(x * K + y);
        }
      states = next;
    }
    return [...states].map((s) => [Math.floor(s / K), s % K] as [number, number]);
  };
  const totalFits = (m: number, u: number) => fits(get('total', 'matched'), m) && fits(get('total', 'notMatched'), u) && fits(get('total', 'applicants'), m + u);
  const values = new Map<string, Set<number>>();
  const add = (key: string, v: number) => values.set(key, (values.get(key) ?? new Set()).add(v));
  for (let b = 0; b < bands; b++) {
    const rest = reach(b);
    for (const [m, u] of all[b])
      if (rest.some(([x, y]) => totalFits(m + x, u + y))) {
        add(`${b}:matched`, m);
        add(`${b}:notMatched`, u);
        add(`${b}:applicants`, m + u);
      }
  }
  for (const [x, y] of reach(-1))
    if (totalFits(x, y)) {
      add('total:matched', x);
      add('total:notMatched', y);
      add('total:applicants', x + y);
    }
  return values;
}

function expectSafe(pairs: [number, number][]) {
  const t = chartOf(pairs);
  const pub = published(t);
  const max = pairs.reduce((a, [m, u]) => a + m + u, 0) + 2;
  const values = attackerValues(pub, pairs.length, max);
  const truth = new Map<string, number>();
  pairs.forEach(([m, u], b) => {
    truth.set(`${b}:matched`, m);
    truth.set(`${b}:notMatched`, u);
    truth.set(`${b}:applicants`, m + u);
  });
  truth.set('total:matched', pairs.reduce((a, p) => a + p[0], 0));
  truth.set('total:notMatched', pairs.reduce((a, p) => a + p[1], 0));
  truth.set('total:applicants', pairs.reduce((a, p) => a + p[0] + p[1], 0));
  for (const p of pub) {
    const key = `${p.band}:${p.what}`;
    const v = truth.get(key)!;
    // Every count of 1 to 9 is hidden; nothing shown is false.
    if (v > 0 && v < T) expect(p.cell.state, key).toBe('primary');
    if (p.cell.state === 'shown') expect(p.cell.value, key).toBe(v);
    if (p.cell.state === 'primary') expect(p.cell.text).toBe('fewer than 10');
    if (p.cell.state === 'complementary') expect(p.cell.text).toBe(v < T ? 'fewer than 10' : 'not shown');
    if (p.cell.state !== 'shown') {
      const possible = values.get(key)!;
      expect(possible.has(v), `${key}: the truth is consistent with the table`).toBe(true);
      expect(possible.size, `${key} must not be recoverable: possible ${[...possible].join(',')}`).toBeGreaterThan(1);
    }
  }
  return t;
}

describe('the LP the audit uses', () => {
  it('finds the range of a sum under equalities and bounds', () => {
    // x + y = 18, x <= 9, y <= 9 → x is exactly 9
    expect(range([1, 0], [{ coef: [1, 1], op: '=', rhs: 18 }, { coef: [1, 0], op: '<=', rhs: 9 }, { coef: [0, 1], op: '<=', rhs: 9 }])).toEqual({ min: 9, max: 9 });
    // x + y = 17 → x in 8..9
    expect(range([1, 0], [{ coef: [1, 1], op: '=', rhs: 17 }, { coef: [1, 0], op: '<=', rhs: 9 }, { coef: [0, 1], op: '<=', rhs: 9 }])).toEqual({ min: 8, max: 9 });
    // x >= 10 with nothing above: unbounded
    expect(range([1], [{ coef: [1], op: '>=', rhs: 10 }])).toEqual({ min: 10, max: Infinity });
    expect(maximise([1], [{ coef: [1], op: '<=', rhs: 3 }, { coef: [1], op: '>=', rhs: 5 }])).toEqual({ status: 'infeasible' });
  });
});

describe('small-cell suppression with complementary suppression', () => {
  it('shows everything when no count is under the threshold', () => {
    const t = expectSafe([
      [10, 10],
      [20, 12],
      [30, 11],
      [15, 10],
    ]);
    expect(published(t).every((p) => p.cell.state === 'shown')).toBe(true);
    expect(t.total.applicants.value).toBe(118);
    expect(t.bands[1].matchedPercent).toBeCloseTo((100 * 20) / 32, 10);
  });

  it('one band under the threshold with the total shown: a second band is hidden too', () => {
    // Band 0 has 3 applicants; the others 20+ each, with 10+ matched and 10+ not matched.
    const t = expectSafe([
      [2, 1],
      [12, 10],
      [25, 14],
      [10, 11],
    ]);
    expect(t.bands[0].applicants.text).toBe('fewer than 10');
    const hiddenApplicants = [...t.bands, t.total].filter((r) => r.applicants.state !== 'shown').length;
    expect(hiddenApplicants).toBeGreaterThanOrEqual(2);
    // Subtraction does not give band 0: total minus the shown bands leaves at least two unknowns.
    const shown = t.bands.filter((r) => r.applicants.state === 'shown').reduce((a, r) => a + r.applicants.value!, 0);
    if (t.total.applicants.state === 'shown') expect(t.total.applicants.value! - shown).not.toBe(3);
  });

  it('a band whose one unmatched graduate would show by subtraction (12 applied, 11 matched)', () => {
    const t = expectSafe([
      [11, 1],
      [15, 12],
      [20, 10],
      [10, 10],
    ]);
    expect(t.bands[0].notMatched.text).toBe('fewer than 10');
    // Applicants and matched cannot both be shown: 12 − 11 would be the hidden 1.
    expect(t.bands[0].applicants.state === 'shown' && t.bands[0].matched.state === 'shown').toBe(false);
    expect(t.bands[0].matchedPercent).toBeNull();
  });

  it('two "fewer than 10" that add to a shown 18 would each be 9: the labels are part of the attack', () => {
    const t = expectSafe([
      [9, 9],
      [30, 12],
      [20, 15],
      [12, 10],
    ]);
    expect(t.bands[0].applicants.state).not.toBe('shown');
  });

  it('a zero is shown (it counts no one), and "fewer than 10" means 1 to 9 to the attacker too', () => {
    const t = expectSafe([
      [15, 0],
      [15, 12],
      [0, 0],
      [10, 10],
    ]);
    expect(t.bands[0].notMatched.text).toBe('0');
    expect(t.bands[2].applicants.text).toBe('0');
    expect(published(t).every((p) => p.cell.state === 'shown')).toBe(true);
    // 1 and 0: the 1 is hidden, and the 0 beside it no longer gives it away through the band's total.
    expectSafe([
      [12, 1],
      [0, 0],
      [20, 11],
      [10, 10],
    ]);
  });

  it('hides a zero beside a small count: "0 not matched" in a band of six would say all six matched', () => {
    const t = expectSafe([
      [6, 0],
      [3, 0],
      [15, 12],
      [20, 10],
    ]);
    for (const band of [0, 1]) {
      expect(t.bands[band].applicants.text).toBe('fewer than 10');
      expect(t.bands[band].matched.text).toBe('fewer than 10');
      expect(t.bands[band].notMatched.text).toBe('fewer than 10');
      expect(t.bands[band].matchedPercent).toBeNull();
    }
    // A zero in a band of ten or more says nothing of anyone in particular: shown.
    expect(expectSafe([[15, 0], [15, 12], [20, 10], [10, 10]]).bands[0].notMatched.text).toBe('0');
  });

  it('a table with everything small hides every count but its zeros, and says "fewer than 10"', () => {
    const t = expectSafe([
      [1, 2],
      [2, 1],
      [3, 1],
      [1, 1],
    ]);
    expect(published(t).filter((p) => p.cell.state !== 'primary').map((p) => `${p.band}:${p.what}=${p.cell.text}`)).toEqual(['total:applicants=12']);
    expect(t.total.matchedCk).toBeNull();
  });

  it('random tables: no hidden count is ever recoverable by an exhaustive attacker', () => {
    let seed = 15;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let k = 0; k < 60; k++) {
      const pairs: [number, number][] = Array.from({ length: 4 }, () => [Math.floor(next() * 22), Math.floor(next() * 16)]);
      expectSafe(pairs);
    }

    // Small schools: most counts near the threshold, zeros common.
    for (let k = 0; k < 40; k++) {
      const pairs: [number, number][] = Array.from({ length: 4 }, () => [Math.floor(next() * 13), Math.floor(next() * 11)]);
      expectSafe(pairs);
    }
  }, 60_000);

  it('the audit itself agrees: disclosedCells is empty after suppress, not before', () => {
    const cells: TableCell[] = [
      { id: 'a', parts: [0], margin: false },
      { id: 'b', parts: [1], margin: false },
      { id: 'total', parts: [0, 1], margin: true },
    ];
    const counts = [3, 40];
    const naive = new Map<string, CellState>([
      ['a', 'primary'],
      ['b', 'shown'],
      ['total', 'shown'],
    ]);
    expect(disclosedCells(cells, counts, naive, T)).toEqual(['a']);
    const s = suppress(cells, counts, T);
    expect(disclosedCells(cells, counts, s.state, T)).toEqual([]);
    // b is in a's line and an interior cell: it goes before the total.
    expect(s.state.get('b')).toBe('complementary');
    expect(s.state.get('total')).toBe('shown');
  });
});
