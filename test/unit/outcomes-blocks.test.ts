/**
 * Season blocks (blocks.ts): why the chart is one block of a fixed partition and never a range of
 * its own. The first tests rebuild what the earlier code released for two overlapping ranges — its
 * own table of each range, as `table()` still makes it — and subtract one from the other; the rest
 * show that, with blocks, every pair of charts any query can give is the same block or shares no
 * season at all.
 */
import { describe, expect, it } from 'vitest';
import { blocksOverlapping, seasonBlocks } from '../../src/shared/outcomes/blocks';
import { ckBands, outcomesChart, table, type ChartQuery, type SpecialtyChart } from '../../src/shared/outcomes/chart';
import type { MatchOutcome } from '../../src/shared/domain';
import { DEFAULT_OUTCOME_SETTINGS } from '../../src/shared/outcomes/memory';
import { memory, outcome } from './outcomes-fixtures';

/** Blocks that close at the threshold alone (outcomes.blockSeasons = 1), the smallest the partition allows. */
const SMALLEST = { ...DEFAULT_OUTCOME_SETTINGS, blockSeasons: 1 };

const T = 10;
const BANDS = ckBands([230, 240, 250, 260]);

/** `m` matched and `u` unmatched graduates of a specialty and season, every CK 245 (one band). */
function season(specialty: string, s: number, m: number, u: number): MatchOutcome[] {
  return [
    ...Array.from({ length: m }, (_, i) => outcome({ studentId: `${specialty}-${s}-m${i}`, specialty, season: s, ckAtApplication: 245, result: 'matched' })),
    ...Array.from({ length: u }, (_, i) => outcome({ studentId: `${specialty}-${s}-u${i}`, specialty, season: s, ckAtApplication: 245, result: 'unmatched' })),
  ];
}

const inSeasons = (rows: readonly MatchOutcome[], from: number, to: number) => rows.filter((o) => o.season >= from && o.season <= to);

/** The earlier code's range for a query: the range asked for, pooled one earlier season at a time until it had the threshold. */
function oldRange(rows: readonly MatchOutcome[], from: number, to: number): [number, number] {
  let f = from;
  while (inSeasons(rows, f, to).length < T) {
    const earlier = rows.filter((o) => o.season < f).map((o) => o.season);
    if (!earlier.length) break;
    f = Math.max(...earlier);
  }
  return [f, to];
}

/** What the earlier code published for a query: its suppressed table over its own range. */
function oldRelease(rows: readonly MatchOutcome[], from: number, to: number) {
  const [f, t] = oldRange(rows, from, to);
  return { from: f, to: t, ...table(inSeasons(rows, f, t), BANDS, T) };
}

describe('the earlier ranges leaked by subtraction', () => {
  // 2020–2023: five matched graduates a season; 2024: 2 matched and 1 not.
  const rows = [...[2020, 2021, 2022, 2023].flatMap((s) => season('Dermatology', s, 5, 0)), ...season('Dermatology', 2024, 2, 1)];

  it('2020–2024 minus 2020–2023 gives the 2024 cohort: 2 matched, a count under 10 that each table hides', () => {
    const wide = oldRelease(rows, 2020, 2024);
    const narrow = oldRelease(rows, 2020, 2023);
    expect([wide.from, narrow.from]).toEqual([2020, 2020]);
    // Each table on its own hides what it must: 2024's one graduate who did not match is "fewer than 10".
    expect(wide.total.notMatched.text).toBe('fewer than 10');
    expect(wide.total.matched.value).toBe(22);
    expect(narrow.total.matched.value).toBe(20);
    // The subtraction: the 2024 cohort's matched count, exactly.
    const matched2024 = wide.total.matched.value! - narrow.total.matched.value!;
    expect(matched2024).toBe(2);
    expect(matched2024).toBeLessThan(T);
    expect(inSeasons(rows, 2024, 2024).filter((o) => o.result === 'matched')).toHaveLength(matched2024);
  });

  it('a pooled chart minus an unpooled one gives the small season that forced the pooling', () => {
    // 2024 alone has 3: the earlier code pooled back to 2022–2024; 2022–2023 alone has 10 and was shown as it is.
    const pooled = oldRelease(rows, 2024, 2024);
    const unpooled = oldRelease(rows, 2022, 2023);
    expect([pooled.from, pooled.to, unpooled.from, unpooled.to]).toEqual([2022, 2024, 2022, 2023]);
    expect(pooled.total.matched.value! - unpooled.total.matched.value!).toBe(2);
    // The check the block charts pass below refuses these two (it can fail).
    const asCharts = [pooled, unpooled].map((t) => ({ specialty: 'Dermatology', fromSeason: t.from, toSeason: t.to, seasonsLabel: `${t.from}–${t.to}`, pooled: t.from < t.to, bands: t.bands, total: t.total }));
    expect(() => expectDisjointOrSame(asCharts)).toThrow(/overlap/);
  });

  it('with blocks, no query gives two charts to subtract: the same data is one closed block and a waiting one', () => {
    const m = memory({ outcomes: rows, settings: SMALLEST });
    const charts = everyChart(m, 2018, 2026).filter((c) => c.specialty === 'Dermatology');
    // 2020–2021 closes at 10, 2022–2023 at 10; 2024 waits.
    expect(distinctBlocks(charts)).toEqual(['2020–2021', '2022–2023']);
    expectDisjointOrSame(charts);
    const waiting = outcomesChart(m, {}).blocks[0].waiting!;
    expect(waiting).toMatchObject({ fromSeason: 2024, toSeason: 2024 });
    expect(waiting.text).not.toContain('3');
  });
});

/** Every query the API takes over a span of seasons: none, each [from, to], and each open-ended one. */
function everyQuery(first: number, last: number): ChartQuery[] {
  const qs: ChartQuery[] = [{}];
  for (let f = first; f <= last; f++) {
    qs.push({ fromSeason: f }, { toSeason: f });
    for (let t = f; t <= last; t++) qs.push({ fromSeason: f, toSeason: t });
  }
  return qs;
}

function everyChart(m: ReturnType<typeof memory>, first: number, last: number): SpecialtyChart[] {
  return everyQuery(first, last).flatMap((q) => outcomesChart(m, q).specialties);
}

const distinctBlocks = (charts: readonly SpecialtyChart[]) => [...new Set(charts.map((c) => `${c.fromSeason}–${c.toSeason}`))].sort();

/** Every pair of charts of a specialty: the same block, cell for cell, or no season in common. */
function expectDisjointOrSame(charts: readonly SpecialtyChart[]) {
  for (const a of charts)
    for (const b of charts) {
      if (a.specialty !== b.specialty) continue;
      if (a.fromSeason === b.fromSeason && a.toSeason === b.toSeason) expect(b).toEqual(a);
      else expect(a.toSeason < b.fromSeason || b.toSeason < a.fromSeason, `${a.specialty} ${a.seasonsLabel} and ${b.seasonsLabel} overlap`).toBe(true);
    }
}

/** A small deterministic generator (no Math.random: the same tables every run). */
function lcg(seed: number) {
  let x = seed;
  return (n: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
}

describe('season blocks', () => {
  it('partition a specialty from its oldest season: a block closes at the threshold, the rest waits', () => {
    const seasons = [...Array(4).fill(2019), ...Array(7).fill(2020), ...Array(12).fill(2021), ...Array(2).fill(2023), ...Array(3).fill(2024)];
    expect(seasonBlocks(seasons, T, 2025)).toEqual([
      { fromSeason: 2019, toSeason: 2020, seasons: 2, closed: true },
      { fromSeason: 2021, toSeason: 2021, seasons: 1, closed: true },
      { fromSeason: 2022, toSeason: 2025, seasons: 4, closed: false },
    ]);
    // An empty season before a block's first applicant is not in its label; the waiting block runs to the latest season of any specialty.
    expect(seasonBlocks([...Array(10).fill(2022)], T, 2025)).toEqual([
      { fromSeason: 2022, toSeason: 2022, seasons: 1, closed: true },
      { fromSeason: 2023, toSeason: 2025, seasons: 3, closed: false },
    ]);
    expect(seasonBlocks([], T, 2025)).toEqual([]);
  });

  it('over random memories: blocks are disjoint, each closed one holds the threshold, and a newer season never changes a closed block', () => {
    const rand = lcg(15);
    for (let trial = 0; trial < 500; trial++) {
      const threshold = 2 + rand(14);
      const minSeasons = 1 + rand(4);
      const seasons: number[] = [];
      for (let s = 2010; s <= 2025; s++) for (let k = rand(rand(3) === 0 ? 0 : threshold); k > 0; k--) seasons.push(s);
      if (!seasons.length) continue;
      const blocks = seasonBlocks(seasons, threshold, 2025, minSeasons);
      blocks.forEach((b, i) => {
        const held = seasons.filter((s) => s >= b.fromSeason && s <= b.toSeason).length;
        if (b.closed) {
          expect(held).toBeGreaterThanOrEqual(threshold);
          expect(b.seasons).toBeGreaterThanOrEqual(minSeasons);
        } else {
          // Open because it is short of applicants, or of seasons counted from its first applicant.
          const first = Math.min(...seasons.filter((s) => s >= b.fromSeason));
          expect(held < threshold || (held > 0 && b.toSeason - first + 1 < minSeasons)).toBe(true);
          expect(i).toBe(blocks.length - 1);
        }
        if (i > 0) expect(b.fromSeason).toBeGreaterThan(blocks[i - 1].toSeason);
      });
      // Every applicant is in exactly one block.
      for (const s of seasons) expect(blocks.filter((b) => s >= b.fromSeason && s <= b.toSeason)).toHaveLength(1);
      // A newer season (of any size) keeps every closed block as it was.
      const later = [...seasons, ...Array(rand(3 * threshold)).fill(2026)];
      const next = seasonBlocks(later, threshold, 2026, minSeasons);
      const closed = blocks.filter((b) => b.closed);
      expect(next.slice(0, closed.length)).toEqual(closed);
      // Any range asked for is answered with whole closed blocks, which are disjoint.
      const f = 2010 + rand(16);
      const picked = blocksOverlapping(blocks, f, f + rand(5));
      for (let i = 1; i < picked.length; i++) expect(picked[i].fromSeason).toBeGreaterThan(picked[i - 1].toSeason);
    }
  });

  it('every chart any query gives, over a memory of several specialties, is one whole block: no two overlap', () => {
    const rand = lcg(2026);
    const rows: MatchOutcome[] = [];
    for (const specialty of ['Dermatology', 'Internal Medicine', 'Urology'])
      for (let s = 2018; s <= 2025; s++) rows.push(...season(specialty, s, rand(7), rand(4)));
    const m = memory({ outcomes: rows });
    const charts = everyChart(m, 2017, 2026);
    expect(charts.length).toBeGreaterThan(0);
    expectDisjointOrSame(charts);
    for (const c of charts) {
      const held = rows.filter((o) => o.specialty === c.specialty && o.season >= c.fromSeason && o.season <= c.toSeason);
      expect(held.length, `${c.specialty} ${c.seasonsLabel}`).toBeGreaterThanOrEqual(T);
      expect(c.pooled).toBe(c.fromSeason < c.toSeason);
      expect(c.seasonsLabel).toBe(c.pooled ? `${c.fromSeason}–${c.toSeason} (pooled)` : String(c.fromSeason));
    }
    // Each specialty's charts are exactly its closed blocks.
    for (const b of outcomesChart(m, {}).blocks)
      expect(distinctBlocks(charts.filter((c) => c.specialty === b.specialty))).toEqual(b.closed.map((c) => `${c.fromSeason}–${c.toSeason}`).sort());
  });

  it('the waiting seasons read the same whether they hold no applicant or nine', () => {
    const base = season('Dermatology', 2022, 6, 5);
    const none = outcomesChart(memory({ outcomes: [...base, ...season('Internal Medicine', 2025, 10, 0)], settings: SMALLEST }), {}).blocks.find((b) => b.specialty === 'Dermatology')!;
    const nine = outcomesChart(memory({ outcomes: [...base, ...season('Dermatology', 2024, 5, 4), ...season('Internal Medicine', 2025, 10, 0)], settings: SMALLEST }), {}).blocks.find((b) => b.specialty === 'Dermatology')!;
    expect(nine).toEqual(none);
    expect(none.waiting?.text).toBe('Seasons 2023–2025 (3 seasons): not charted yet, waiting for more applicants — pooled with the seasons after until it has 10.');
  });

  it('pools at least outcomes.blockSeasons seasons (3), so a large specialty\'s chart has enough graduates per CK band to show them', () => {
    // 40 a season in five bands, half matched: one season's 8 per band would all be hidden; three seasons show each.
    const bandsOf = [225, 235, 245, 255, 265];
    const rows = [2021, 2022, 2023, 2024, 2025].flatMap((s) =>
      Array.from({ length: 40 }, (_, i) => outcome({ studentId: `IM-${s}-${i}`, specialty: 'Internal Medicine', season: s, ckAtApplication: bandsOf[i % 5], result: i % 2 ? 'matched' : 'unmatched' })),
    );
    const three = outcomesChart(memory({ outcomes: rows }), {});
    expect(three.blocks[0].closed.map((b) => b.label)).toEqual(['2021–2023 (pooled)']);
    expect(three.blocks[0].waiting).toMatchObject({ fromSeason: 2024, toSeason: 2025 });
    expect(three.blocks[0].waiting!.text).toBe('Seasons 2024–2025 (2 seasons): not charted yet, waiting for more applicants — pooled with the seasons after until it has 10 applicants over at least 3 seasons.');
    const chart = three.specialties[0];
    expect(chart.seasonsLabel).toBe('2021–2023 (pooled)');
    // Every band's applicants are shown (24 each), none hidden.
    const shown = (rows: readonly { applicants: { state: string; value: number | null } }[]) => rows.filter((r) => r.applicants.state === 'shown' && r.applicants.value! > 0).map((r) => r.applicants.value);
    expect(shown(chart.bands)).toEqual([24, 24, 24, 24, 24]);
    // The smallest blocks (one season each) hold 40, eight per band: every band with graduates is hidden.
    const one = outcomesChart(memory({ outcomes: rows, settings: SMALLEST }), {});
    expect(one.specialties[0].seasonsLabel).toBe('2025');
    expect(shown(one.specialties[0].bands)).toEqual([]);
  });
});
