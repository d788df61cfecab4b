/**
 * The two statistics the program list and the office's Charting Outcomes read from a set of CK
 * scores, defined once so that a tier, a because-line and a chart cell always agree.
 *
 * - **Percentile rank** (where a student's CK stands among past graduates' scores): the mid-rank
 *   definition, 100 × (number below + ½ × number equal) / n. A tie counts half below and half
 *   above, so a score equal to every past score is at the 50th percentile (not the 0th or the
 *   100th), a score above them all at the 100th, below them all at the 0th. Rounded to a whole
 *   percentile only for display; tiers read the exact value.
 * - **Quantiles** (median, quartiles of a chart): linear interpolation between order statistics,
 *   position (n − 1) × p of the sorted scores counted from 0 — Excel's PERCENTILE.INC and R's
 *   type 7 — so a spreadsheet user can check any figure with one formula.
 */

/** Mid-rank percentile rank of `x` among `scores`, 0–100; null for no scores. */
export function percentileRank(x: number, scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  let below = 0;
  let equal = 0;
  for (const s of scores) {
    if (s < x) below++;
    else if (s === x) equal++;
  }
  return (100 * (below + equal / 2)) / scores.length;
}

/** The p-quantile (0 ≤ p ≤ 1) of `scores` by linear interpolation (PERCENTILE.INC); null for no scores. */
export function quantile(scores: readonly number[], p: number): number | null {
  if (scores.length === 0) return null;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must be between 0 and 1, got ${p}`);
  const s = [...scores].sort((a, b) => a - b);
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export interface Quartiles {
  q1: number;
  median: number;
  q3: number;
}

export function quartiles(scores: readonly number[]): Quartiles | null {
  if (scores.length === 0) return null;
  return { q1: quantile(scores, 0.25)!, median: quantile(scores, 0.5)!, q3: quantile(scores, 0.75)! };
}

/** "60th", "1st", "22nd", "13th": an ordinal for a because-line. */
export function ordinal(n: number): string {
  const r100 = n % 100;
  if (r100 >= 11 && r100 <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}
