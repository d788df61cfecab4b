import { describe, expect, it } from 'vitest';
import { bandOf, ckBands, outcomesChart } from '../../src/shared/outcomes/chart';
import type { MatchOutcome } from '../../src/shared/domain';
import { DEFAULT_OUTCOME_SETTINGS } from '../../src/shared/outcomes/memory';
import { memory as anyMemory, outcome } from './outcomes-fixtures';

/** The block mechanics at their smallest: a block closes at the threshold alone (outcomes.blockSeasons = 1; outcomes-blocks.test.ts has the default of 3). */
const memory = (over: Parameters<typeof anyMemory>[0] = {}) => anyMemory({ settings: { ...DEFAULT_OUTCOME_SETTINGS, blockSeasons: 1 }, ...over });

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

  it('pools seasons into blocks from the oldest, and a chart is one block, labelled "pooled"', () => {
    // 2019: 6, 2022: 5 → the block 2019–2022 closes at 11; 2024: 3 and 2025: 4 wait (7).
    const rows = [...cohort('Dermatology', 2025, 4), ...cohort('Dermatology', 2024, 3), ...cohort('Dermatology', 2022, 5), ...cohort('Dermatology', 2019, 6)];
    const chart = outcomesChart(memory({ outcomes: rows }), {});
    expect(chart.specialties).toHaveLength(1);
    expect(chart.specialties[0]).toMatchObject({ fromSeason: 2019, toSeason: 2022, pooled: true, seasonsLabel: '2019–2022 (pooled)' });
    expect(chart.specialties[0].total.applicants.text).toBe('11');
    expect(chart.blocks).toEqual([
      {
        specialty: 'Dermatology',
        closed: [{ fromSeason: 2019, toSeason: 2022, label: '2019–2022 (pooled)', pooled: true }],
        waiting: { fromSeason: 2023, toSeason: 2025, seasons: 3, text: 'Seasons 2023–2025 (3 seasons): not charted yet, waiting for more applicants — pooled with the seasons after until it has 10.' },
      },
    ]);
    // Asking for the waiting seasons gives no chart (never the old "pooled back" range 2022–2025).
    expect(outcomesChart(memory({ outcomes: rows }), { fromSeason: 2024, toSeason: 2025 }).specialties).toEqual([]);
    // A range inside the block is answered with the whole block.
    expect(outcomesChart(memory({ outcomes: rows }), { fromSeason: 2020, toSeason: 2020 }).specialties.map((s) => s.seasonsLabel)).toEqual(['2019–2022 (pooled)']);
  });

  it('a season of 10 is a block of its own, not pooled; a specialty that never reaches 10 has no chart, only its waiting seasons', () => {
    const rows = [...cohort('Dermatology', 2025, 10), ...cohort('Urology', 2025, 2), ...cohort('Urology', 2020, 3)];
    const chart = outcomesChart(memory({ outcomes: rows }), { fromSeason: 2025, toSeason: 2025 });
    expect(chart.specialties.map((s) => [s.specialty, s.seasonsLabel, s.pooled])).toEqual([['Dermatology', '2025', false]]);
    const uro = chart.blocks.find((b) => b.specialty === 'Urology')!;
    expect(uro.closed).toEqual([]);
    expect(uro.waiting?.text).toBe('Seasons 2020–2025 (6 seasons): not charted yet, waiting for more applicants — pooled with the seasons after until it has 10.');
    expect(JSON.stringify(uro)).not.toMatch(/\b5\b/);
  });

  it('a range across blocks is answered with each block separately, never their union', () => {
    const rows = [...cohort('Internal Medicine', 2021, 12), ...cohort('Internal Medicine', 2022, 4), ...cohort('Internal Medicine', 2023, 7), ...cohort('Internal Medicine', 2024, 11), ...cohort('Internal Medicine', 2025, 3)];
    const chart = outcomesChart(memory({ outcomes: rows }), { fromSeason: 2021, toSeason: 2025 });
    expect(chart.specialties.map((s) => [s.seasonsLabel, s.total.applicants.text])).toEqual([
      ['2021', '12'],
      ['2022–2023 (pooled)', '11'],
      ['2024', '11'],
    ]);
    // Either end open: a "since 2023" is the blocks from the one holding 2023.
    expect(outcomesChart(memory({ outcomes: rows }), { fromSeason: 2023 }).specialties.map((s) => s.seasonsLabel)).toEqual(['2022–2023 (pooled)', '2024']);
    expect(outcomesChart(memory({ outcomes: rows }), { toSeason: 2022 }).specialties.map((s) => s.seasonsLabel)).toEqual(['2021', '2022–2023 (pooled)']);
  });

  it('defaults to the newest closed block of each specialty, and filters by specialty through its aliases', () => {
    const rows = [...cohort('Internal Medicine', 2025, 10), ...cohort('IM', 2023, 10), ...cohort('Internal Medicine', 2022, 10), ...cohort('Dermatology', 2025, 10)];
    const chart = outcomesChart(memory({ outcomes: rows }), { specialty: 'im' });
    expect(chart).toMatchObject({ fromSeason: null, toSeason: null });
    expect(chart.specialties.map((s) => [s.specialty, s.seasonsLabel, s.total.applicants.text])).toEqual([['Internal Medicine', '2025', '10']]);
    // 2024 had no applicant: the 2025 block starts at its first season with one, and is not "pooled".
    expect(chart.blocks.map((b) => [b.specialty, b.closed.map((c) => c.label), b.waiting])).toEqual([['Internal Medicine', ['2022', '2023', '2025'], null]]);
  });

  it('an empty memory gives an empty chart with its notes', () => {
    const chart = outcomesChart(memory(), {});
    expect(chart.specialties).toEqual([]);
    expect(chart.blocks).toEqual([]);
    expect(chart.notes.join(' ')).toContain('fewer than 10');
  });
});
