import { describe, expect, it } from 'vitest';
import { ordinal, percentileRank, quantile, quartiles } from '../../src/shared/outcomes/percentile';
import { shownPercentile, tierFromPercentile } from '../../src/shared/outcomes/tiers';

describe('percentile rank (mid-rank: below + half of the ties, over n)', () => {
  it.each([
    // x, scores, percentile
    [250, [240, 245, 250, 255, 260], 50],
    [260, [240, 245, 250, 255, 260], 90],
    [261, [240, 245, 250, 255, 260], 100],
    [239, [240, 245, 250, 255, 260], 0],
    [240, [240, 245, 250, 255, 260], 10],
    [245, [240, 245, 250, 255, 260], 30],
    // ties: equal to every score is the 50th, never the 0th or 100th
    [250, [250, 250, 250, 250], 50],
    [250, [250, 250, 240, 260], 50],
    // ties count half: two below, two equal, one above
    [250, [240, 245, 250, 250, 255], 60],
    // order does not matter
    [246, [251, 238, 244, 250, 242, 247, 260], (100 * 3) / 7],
    [246, [1], 100],
  ])('CK %d among %j is the %dth', (x, scores, expected) => {
    expect(percentileRank(x, scores)).toBeCloseTo(expected, 10);
  });

  it('has no value for no scores', () => {
    expect(percentileRank(250, [])).toBeNull();
  });
});

describe('quantiles (linear interpolation, PERCENTILE.INC)', () => {
  it.each([
    [[1, 2, 3, 4], 0.5, 2.5],
    [[1, 2, 3, 4], 0.25, 1.75],
    [[1, 2, 3, 4], 0.75, 3.25],
    [[4, 1, 3, 2], 0, 1],
    [[4, 1, 3, 2], 1, 4],
    [[240, 250, 260], 0.5, 250],
    [[240, 250, 260], 0.25, 245],
    [[7], 0.25, 7],
  ])('%j at %d is %d', (scores, p, expected) => {
    expect(quantile(scores, p)).toBeCloseTo(expected, 10);
  });

  it('refuses a p outside 0–1 and has no value for no scores', () => {
    expect(() => quantile([1], 1.5)).toThrow(/between 0 and 1/);
    expect(quantile([], 0.5)).toBeNull();
    expect(quartiles([])).toBeNull();
    expect(quartiles([240, 250, 260, 270, 280])).toEqual({ q1: 250, median: 260, q3: 270 });
  });
});

describe('tier from a percentile: 75 and over likely, 25 to under 75 target, under 25 reach', () => {
  it.each([
    [100, 'likely'],
    [75, 'likely'],
    [74.999, 'target'],
    [50, 'target'],
    [25, 'target'],
    [24.999, 'reach'],
    [0, 'reach'],
  ])('%d → %s', (p, tier) => {
    expect(tierFromPercentile(p)).toBe(tier);
  });

  it('shows the floor, so the words and the tier agree at the boundaries', () => {
    expect(shownPercentile(74.9)).toBe(74);
    expect(shownPercentile(75)).toBe(75);
    expect(shownPercentile(24.99)).toBe(24);
  });

  it.each([
    [1, '1st'],
    [2, '2nd'],
    [3, '3rd'],
    [4, '4th'],
    [11, '11th'],
    [12, '12th'],
    [13, '13th'],
    [21, '21st'],
    [22, '22nd'],
    [60, '60th'],
    [100, '100th'],
    [111, '111th'],
  ])('%d is the %s', (n, text) => {
    expect(ordinal(n)).toBe(text);
  });
});
