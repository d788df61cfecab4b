import { describe, expect, it } from 'vitest';
import { bandOf, ckBands, outcomesChart } from '../../src/shared/outcomes/chart';
import type { MatchOutcome } from '../../src/shared/domain';
import { memory, outcome } from './outcomes-fixtures';

describe('CK bands from the setting', () => {
  const bands = ckBands([230, 240, 250, 260]);
  it('labels them as the office reads them, with a row for no CK', () => {
    expect(bands.map((b) => b.label)).toEqual(['under 230', '230–239', '240–249', '250–259', '260 or more', 'CK not recorded']);
  });
  it.each([
    [229, 0],
    [230, 1],
    [239, 1],
    [240, 2],
    [259, 3],
    [260, 4],
    [300, 4],
    [null, 5],
  ])('CK %s is in band %d', (ck, i) => {
    expect(bandOf(bands, ck)).toBe(i);
  });
  it('sorts the boundaries and copes with none', () => {
    expect(ckBands([250, 240]).map((b) => b.label)).toEqual(['under 240', '240–249', '250 or more', 'CK not recorded']);
    expect(ckBands([]).map((b) => b.label)).toEqual(['any CK', 'CK not recorded']);
  });
});

/** `n` graduates in a specialty and season: matched with CK `ck`, each with 40 applications and `interviews`. */
function cohort(specialty: string, season: number, n: number, over: Partial<MatchOutcome> = {}, tag = ''): MatchOutcome[] {
  return Array.from({ length: n }, (_, i) => outcome({ studentId: `${specialty}${season}${tag}-${i}`, specialty, season, ckAtApplication: 245 + (i % 5), applications: 40, interviews: 10, ...over }));
}

describe("the office's own Charting Outcomes", () => {
  it('counts applicants (not withdrawn), Main Match matches (SOAP is not matched), CK quartiles and interviews per application', () => {
    const rows = [
      ...cohort('Internal Medicine', 2025, 20),
      ...cohort('Internal Medicine', 2025, 12, { result: 'unmatched', interviews: 4 }, 'u'),
      ...cohort('Internal Medicine', 2025, 3, { result: 'soap' }, 's'),
      ...cohort('Internal Medicine', 2025, 5, { result: 'withdrew' }, 'w'),
    ];
    const chart = outcomesChart(memory({ outcomes: rows }), { fromSeason: 2025, toSeason: 2025 });
    expect(chart.specialties.map((s) => s.specialty)).toEqual(['Internal Medicine']);
    const im = chart.specialties[0];
    expect(im.seasonsLabel).toBe('2025');
    expect(im.total.applicants.text).toBe('35');
    expect(im.total.matched.text).toBe('20');
    expect(im.total.notMatched.text).toBe('15');
    expect(im.total.matchedPercent).toBeCloseTo((100 * 20) / 35, 10);
    // matched CK: 245..249 four times each → quartiles by PERCENTILE.INC
    expect(im.total.matchedCk).toEqual({ q1: 246, median: 247, q3: 248 });
    // (20×10 + 12×4 + 3×10) interviews / (35 × 40) applications
    expect(im.total.interviewsPerApplication).toBeCloseTo((200 + 48 + 30) / 1400, 10);
    expect(im.total.interviewsN.text).toBe('35');
    // Every graduate is in 240–249: that band is the whole table; the others are zero, which counts no one and is shown.
    const band = im.bands.find((b) => b.label === '240–249')!;
    expect(band.applicants.text).toBe('35');
    expect(band.interviewsN.text).toBe('10 or more');
    expect(im.bands.find((b) => b.label === 'under 230')!.applicants.text).toBe('0');
  });

  it('pools earlier seasons until the threshold is reached, and labels the range', () => {
    const rows = [...cohort('Dermatology', 2025, 4), ...cohort('Dermatology', 2024, 3), ...cohort('Dermatology', 2022, 5), ...cohort('Dermatology', 2019, 6)];
    const derm = outcomesChart(memory({ outcomes: rows }), { fromSeason: 2024, toSeason: 2025 }).specialties[0];
    expect(derm).toMatchObject({ fromSeason: 2022, toSeason: 2025, pooled: true, seasonsLabel: '2022–2025 (pooled: fewer than 10 applicants in 2024–2025)' });
    expect(derm.total.applicants.text).toBe('12');
  });

  it('a range already at the threshold is not pooled; one that never reaches it is all "fewer than 10"', () => {
    const rows = [...cohort('Dermatology', 2025, 10), ...cohort('Urology', 2025, 2), ...cohort('Urology', 2020, 3)];
    const chart = outcomesChart(memory({ outcomes: rows }), { fromSeason: 2025, toSeason: 2025 });
    expect(chart.specialties.find((s) => s.specialty === 'Dermatology')).toMatchObject({ pooled: false, seasonsLabel: '2025' });
    const uro = chart.specialties.find((s) => s.specialty === 'Urology')!;
    expect(uro.seasonsLabel).toBe('2020–2025 (pooled: fewer than 10 applicants in 2025)');
    expect(uro.total.applicants.text).toBe('fewer than 10');
    expect(uro.total.matchedPercent).toBeNull();
    expect(uro.total.matchedCk).toBeNull();
    expect(uro.total.interviewsPerApplication).toBeNull();
  });

  it('defaults to the latest three seasons, and filters by specialty through its aliases', () => {
    const rows = [...cohort('Internal Medicine', 2025, 10), ...cohort('IM', 2023, 10), ...cohort('Internal Medicine', 2022, 10), ...cohort('Dermatology', 2025, 10)];
    const chart = outcomesChart(memory({ outcomes: rows }), { specialty: 'im' });
    expect(chart).toMatchObject({ fromSeason: 2023, toSeason: 2025 });
    expect(chart.specialties.map((s) => [s.specialty, s.total.applicants.text])).toEqual([['Internal Medicine', '20']]);
  });

  it('an empty memory gives an empty chart with its notes', () => {
    const chart = outcomesChart(memory(), {});
    expect(chart.specialties).toEqual([]);
    expect(chart.notes.join(' ')).toContain('fewer than 10');
  });
});
