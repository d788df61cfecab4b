/**
 * A small linear-programming solver (two-phase simplex, Bland's rule) for the suppression audit:
 * what the smallest and largest possible value of a hidden cell is, given every number a table
 * shows and what its labels say ("fewer than 10"). Tables here have a few dozen cells, so a dense
 * tableau is plenty; Bland's rule cannot cycle.
 */

export interface Constraint {
  coef: readonly number[];
  op: '=' | '<=' | '>=';
  rhs: number;
}

const EPS = 1e-9;

type Outcome = { status: 'optimal'; value: number } | { status: 'infeasible' } | { status: 'unbounded' };

/** max c·x subject to the constraints and x ≥ 0. */
export function maximise(c: readonly number[], constraints: readonly Constraint[]): Outcome {
  const n = c.length;
  // Standard form: one slack per inequality, rhs made non-negative, one artificial per row.
  const slacks = constraints.filter((k) => k.op !== '=').length;
  const m = constraints.length;
  const width = n + slacks + m;
  const T: number[][] = [];
  let s = 0;
  constraints.forEach((k, i) => {
    const row = new Array<number>(width + 1).fill(0);
    for (let j = 0; j < n; j++) row[j] = k.coef[j] ?? 0;
    if (k.op === '<=') row[n + s++] = 1;
    else if (k.op === '>=') row[n + s++] = -1;
    row[width] = k.rhs;
    if (row[width] < 0) for (let j = 0; j <= width; j++) row[j] = -row[j];
    row[n + slacks + i] = 1;
    T.push(row);
  });
  const basis = constraints.map((_, i) => n + slacks + i);
  const artificial = (j: number) => j >= n + slacks;

  const phase1 = new Array<number>(width).fill(0);
  for (let i = 0; i < m; i++) phase1[n + slacks + i] = -1;
  run(T, basis, phase1, () => true);
  const infeasibility = basis.reduce((sum, b, i) => sum + (artificial(b) ? T[i][width] : 0), 0);
  if (infeasibility > 1e-7) return { status: 'infeasible' };
  // Drive any artificial left in the basis (at zero) out, or leave its row as redundant.
  basis.forEach((b, i) => {
    if (!artificial(b)) return;
    const j = T[i].findIndex((v, col) => col < n + slacks && Math.abs(v) > EPS);
    if (j >= 0) pivot(T, basis, i, j);
  });
  const phase2 = new Array<number>(width).fill(0);
  for (let j = 0; j < n; j++) phase2[j] = c[j];
  if (!run(T, basis, phase2, (j) => !artificial(j))) return { status: 'unbounded' };
  let value = 0;
  basis.forEach((b, i) => {
    if (b < n) value += c[b] * T[i][width];
  });
  return { status: 'optimal', value };
}

/** Simplex iterations; false when unbounded. */
function run(T: number[][], basis: number[], cost: readonly number[], allowed: (j: number) => boolean): boolean {
  const width = cost.length;
  for (let guard = 0; guard < 10_000; guard++) {
    let entering = -1;
    for (let j = 0; j < width && entering < 0; j++) {
      if (!allowed(j) || basis.includes(j)) continue;
      let d = cost[j];
      for (let i = 0; i < T.length; i++) d -= cost[basis[i]] * T[i][j];
      if (d > EPS) entering = j;
    }
    if (entering < 0) return true;
    let leave = -1;
    let best = Infinity;
    for (let i = 0; i < T.length; i++) {
      const a = T[i][entering];
      if (a <= EPS) continue;
      const ratio = T[i][width] / a;
      if (ratio < best - EPS || (Math.abs(ratio - best) <= EPS && basis[i] < basis[leave])) {
        best = ratio;
        leave = i;
      }
    }
    if (leave < 0) return false;
    pivot(T, basis, leave, entering);
  }
  throw new Error('simplex did not finish');
}

function pivot(T: number[][], basis: number[], r: number, c: number): void {
  const p = T[r][c];
  const row = T[r];
  for (let j = 0; j < row.length; j++) row[j] /= p;
  for (let i = 0; i < T.length; i++) {
    if (i === r) continue;
    const f = T[i][c];
    if (Math.abs(f) <= EPS) continue;
    const other = T[i];
    for (let j = 0; j < other.length; j++) other[j] -= f * row[j];
  }
  basis[r] = c;
}

/** The smallest and largest value of objective·x over the constraints (x ≥ 0); null when infeasible. */
export function range(objective: readonly number[], constraints: readonly Constraint[]): { min: number; max: number } | null {
  const hi = maximise(objective, constraints);
  if (hi.status === 'infeasible') return null;
  const lo = maximise(objective.map((v) => -v), constraints);
  if (lo.status === 'infeasible') return null;
  return { min: lo.status === 'unbounded' ? -Infinity : -lo.value, max: hi.status === 'unbounded' ? Infinity : hi.value };
}
