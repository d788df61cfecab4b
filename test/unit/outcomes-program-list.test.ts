import { describe, expect, it } from 'vitest';
import { buildProgramList, compareLines } from '../../src/shared/outcomes/program-list';
import { specialtyHistory } from '../../src/shared/outcomes/history';
import { readTier } from '../../src/shared/outcomes/tiers';
import { application, DERM, entry, matchedAt, memory, outcome, program, rate, specialtyFor, student } from './outcomes-fixtures';

const derm = specialtyFor('Dermatology');
const HERE = program({ id: 1, name: 'Here Dermatology', code: 'P1' });
// Seven graduates matched at P1, 2022–2025 (seasons cycle 2022, 2023, 2024, 2025).
const SEVEN = matchedAt('P1', [238, 242, 244, 247, 250, 251, 260]);

function line(mem: ReturnType<typeof memory>, s = student(), entries = [] as ReturnType<typeof entry>[]) {
  const built = buildProgramList(s, derm, mem, entries);
  return built.lines.find((l) => l.programId === 1)!;
}

describe('tier from the school\'s past matches at the program (n ≥ 5)', () => {
  it.each([
    // CK, percentile shown, tier: 7 scores 238 242 244 247 250 251 260
    [246, '42nd', 'target'],
    [260, '92nd', 'likely'],
    [251, '78th', 'likely'],
    [250, '64th', 'target'],
    [242, '21st', 'reach'],
    [243, '28th', 'target'],
    [230, '0th', 'reach'],
    [270, '100th', 'likely'],
  ])('CK %d is at the %s percentile: %s', (ck, shown, tier) => {
    const l = line(memory({ programs: [HERE], outcomes: SEVEN }), student({ ckScore: ck }));
    expect(l.computedTier).toBe(tier);
    expect(l.tier).toBe(tier);
    expect(l.evidence).toMatchObject({ kind: 'program', n: 7, years: '2022–2025' });
    expect(l.because).toContain(`CK ${ck} is at the ${shown} percentile of 7 graduates who matched here, 2022–2025`);
  });

  it('needs exactly the minimum: 5 read from the program, 4 fall back to the specialty', () => {
    const five = matchedAt('P1', [240, 245, 250, 255, 260]);
    expect(line(memory({ programs: [HERE], outcomes: five })).evidence.kind).toBe('program');
    const four = matchedAt('P1', [240, 245, 250, 255]);
    const others = matchedAt('P9', [230, 235, 240, 245, 250, 255]);
    const l = line(memory({ programs: [HERE], outcomes: [...four, ...others] }));
    expect(l.evidence).toMatchObject({ kind: 'school-specialty', n: 10 });
    expect(l.because).toContain('Only 4 graduates matched here with a CK at application (5 needed)');
    expect(l.because).toContain('of 10 graduates who matched in Dermatology');
  });

  it('follows the minimum setting', () => {
    const mem = memory({ programs: [HERE], outcomes: matchedAt('P1', [240, 245, 250]), settings: { ckBands: [230, 240, 250, 260], suppressionThreshold: 10, blockSeasons: 3, programEvidenceMinimum: 3 } });
    expect(line(mem).evidence).toMatchObject({ kind: 'program', n: 3 });
  });

  it('counts only graduates matched in the Main Match with a CK, and never the student themself', () => {
    const extra = [
      outcome({ studentId: 'X1', matchedProgramCode: 'P1', ckAtApplication: 250, result: 'soap' }),
      outcome({ studentId: 'X2', matchedProgramCode: 'P1', ckAtApplication: null }),
      outcome({ studentId: 'S-1', matchedProgramCode: 'P1', ckAtApplication: 255, season: 2021 }),
      outcome({ studentId: 'X3', matchedProgramCode: 'P1', ckAtApplication: 250, specialty: 'Internal Medicine' }),
    ];
    const l = line(memory({ programs: [HERE], outcomes: [...SEVEN, ...extra] }));
    expect(l.evidence).toMatchObject({ kind: 'program', n: 7, years: '2022–2025' });
  });

  it('reads the specialty through its aliases ("Derm")', () => {
    const l = line(memory({ programs: [HERE], outcomes: SEVEN.map((o) => ({ ...o, specialty: 'Derm' })) }));
    expect(l.evidence.kind).toBe('program');
  });
});

describe('falling back: the school\'s specialty distribution, then national', () => {
  it('a program with no code reads the specialty and says why', () => {
    const noCode = program({ id: 1, name: 'Uncoded', code: null });
    const l = line(memory({ programs: [noCode], outcomes: matchedAt('P9', [240, 245, 250, 255, 260]) }), student({ ckScore: 255 }));
    expect(l.evidence).toMatchObject({ kind: 'school-specialty', n: 5 });
    expect(l.because).toMatch(/^Target: The program has no code to link outcomes to; CK 255 is at the 70th percentile/);
  });

  it('national match-rate rows (latest edition) as a distribution of matched applicants', () => {
    const rows = [
      rate(null, 240, 20, 100), // 20 matched
      rate(240, 250, 50, 200), // 100 matched
      rate(250, 260, 70, 200), // 140 matched
      rate(260, null, 90, 100), // 90 matched
      rate(null, null, 99, 9999, { year: 2022 }), // an older edition, ignored
    ];
    const l = line(memory({ programs: [HERE], nationalRates: rows }), student({ ckScore: 246 }));
    // 20 below + 100/2 in the band = 70 of 350 → 20th percentile
    expect(l.computedTier).toBe('reach');
    expect(l.evidence).toMatchObject({ kind: 'national', n: 350, years: '2024', source: 'NRMP Charting Outcomes 2024, Table 5' });
    expect(l.because).toContain('No graduates matched here with a CK at application (5 needed), and no graduates matched in Dermatology');
    expect(l.because).toContain('CK 246 is at about the 20th percentile of 350 matched applicants in Dermatology nationally');
    expect(l.because).toContain('band 240–249: 50% of 200 matched');
    const high = line(memory({ programs: [HERE], nationalRates: rows }), student({ ckScore: 262 }));
    // (20 + 100 + 140 + 45) / 350 = 87th
    expect(high.computedTier).toBe('likely');
  });

  it('the reference CK alone: at or above it target, below reach, never likely', () => {
    const mem = memory({ programs: [HERE] });
    expect(DERM.referenceCk).toBe(258);
    const above = line(mem, student({ ckScore: 280 }));
    expect(above.computedTier).toBe('target');
    expect(above.evidence).toMatchObject({ kind: 'national', n: null, percentile: null, source: 'NRMP Charting Outcomes 2026' });
    expect(above.because).toContain("at or above Dermatology's reference CK 258, the median of matched US MD seniors (NRMP Charting Outcomes 2026; n not given)");
    expect(line(mem, student({ ckScore: 258 })).computedTier).toBe('target');
    expect(line(mem, student({ ckScore: 257 })).computedTier).toBe('reach');
  });

  it('a tier default (a specialty Charting Outcomes does not cover) is named as such, not as a median', () => {
    const uro = specialtyFor('Urology');
    const p = program({ id: 1, name: 'Uro', code: 'U1', specialtyId: uro.row!.id });
    const built = buildProgramList(student({ ckScore: 245 }), uro, memory({ programs: [p] }), []);
    expect(built.lines[0].because).toBe(
      "Reach: No graduates matched here with a CK at application (5 needed), and no graduates matched in Urology with a CK at application (5 needed); " +
        "CK 245 is below Urology's reference CK 250, the highly competitive tier default, Settings (no Charting Outcomes median for Urology): from a single reference score no quartile can be read, so reach.",
    );
  });

  it('a CK outside every national band falls to the reference CK', () => {
    const l = line(memory({ programs: [HERE], nationalRates: [rate(240, 250, 50, 200)] }), student({ ckScore: 230 }));
    expect(l.evidence.label).toBe('the reference CK of Dermatology');
  });

  it('no evidence at all: a specialty with no reference row and nothing from the school', () => {
    const odd = { row: null, name: 'Aerospace Medicine', reference: null };
    const p = program({ id: 1, name: 'Space', code: 'Z1' });
    const r = readTier(250, p, specialtyHistory(memory(), null, 'Aerospace Medicine', 'S-1'), odd, memory(), { minPastApplicants: 5 });
    expect(r).toBeNull();
  });
});

describe('eligibility first, no CK, and the advisor\'s changes', () => {
  it('not eligible is never a tier, whatever the evidence', () => {
    const l = line(memory({ programs: [{ ...HERE, visa: 'none' }], outcomes: SEVEN }), student({ applicantType: 'IMG', ckScore: 270 }));
    expect(l.computedTier).toBe('not-eligible');
    expect(l.because).toBe('Not eligible: does not sponsor visas, and an IMG is taken to need one (program directory).');
  });

  it('no CK yet: no tier from nothing, and "not known" facts are named', () => {
    const l = line(memory({ programs: [{ ...HERE, stepCkMinimum: 240 }], outcomes: SEVEN }), student({ ckScore: null, ckAttempted: false }));
    expect(l.computedTier).toBe('no-evidence');
    expect(l.because).toBe('No evidence: no passing Step 2 CK score yet, so no tier is read. Not known: published CK minimum 240: no CK score yet.');
  });

  it('an override changes the tier and says so; pin, exclude and a note are kept', () => {
    const l = line(memory({ programs: [HERE], outcomes: SEVEN }), student({ ckScore: 246 }), [entry(1, { tierOverride: 'reach', pinned: true, excluded: true, annotation: 'Strong away rotation' })]);
    expect(l).toMatchObject({ computedTier: 'target', tier: 'reach', pinned: true, excluded: true, annotation: 'Strong away rotation', overrideNote: 'Advisor set Reach (computed: Target).' });
    const same = line(memory({ programs: [HERE], outcomes: SEVEN }), student({ ckScore: 246 }), [entry(1, { tierOverride: 'target' })]);
    expect(same.overrideNote).toBe('Advisor confirmed Target.');
  });

  it('an override never makes a not-eligible program eligible', () => {
    const l = line(memory({ programs: [{ ...HERE, stepCkMinimum: 250 }], outcomes: SEVEN }), student({ ckScore: 246 }), [entry(1, { tierOverride: 'likely' })]);
    expect(l.tier).toBe('not-eligible');
    expect(l.overrideNote).toBe("Advisor's tier Likely not applied: the program is not eligible.");
  });

  it('saved entries for programs no longer in the specialty are returned, not dropped', () => {
    const built = buildProgramList(student(), derm, memory({ programs: [HERE] }), [entry(1), entry(99, { annotation: 'old' })]);
    expect(built.orphanEntries.map((e) => e.programId)).toEqual([99]);
  });

  it('lists only the specialty\'s programs, ordered by tier, pinned first within a tier, excluded last', () => {
    const programs = [
      program({ id: 1, name: 'B likely', code: 'L' }),
      program({ id: 2, name: 'A likely', code: 'L2' }),
      program({ id: 3, name: 'C excluded', code: 'X' }),
      program({ id: 4, name: 'D not eligible', stepCkMinimum: 300 }),
      program({ id: 5, name: 'Other specialty', specialtyId: 999 }),
    ];
    const outcomes = [...matchedAt('L', [200, 201, 202, 203, 204]), ...matchedAt('L2', [200, 201, 202, 203, 204]), ...matchedAt('X', [200, 201, 202, 203, 204])];
    const built = buildProgramList(student({ ckScore: 250 }), derm, memory({ programs, outcomes }), [entry(1, { pinned: true }), entry(3, { excluded: true })]);
    expect(built.lines.map((l) => l.name)).toEqual(['B likely', 'A likely', 'D not eligible', 'C excluded']);
    expect([...built.lines].sort(compareLines).map((l) => l.programId)).toEqual([1, 2, 4, 3]);
  });
});

describe('signals are annotations, never a change of tier', () => {
  it('names the gold and silver signals, their years and the interviews, and keeps the tier', () => {
    const mem0 = memory({ programs: [HERE], outcomes: SEVEN });
    const without = line(mem0, student({ ckScore: 246 }));
    const apps = [
      application(SEVEN[0].id, 'P1', { signal: 'gold', interviewOffered: true }),
      application(SEVEN[1].id, 'P1', { signal: 'gold', interviewOffered: false }),
      application(SEVEN[2].id, 'P1', { signal: 'silver', interviewOffered: null }),
      application(SEVEN[3].id, 'P1', { signal: null, interviewOffered: true }),
    ];
    const withSignals = line(memory({ programs: [HERE], outcomes: SEVEN, applications: apps }), student({ ckScore: 246 }));
    expect(withSignals.computedTier).toBe(without.computedTier);
    expect(withSignals.because).toBe(without.because);
    expect(withSignals.signals).toBe(
      "The school's graduates signalled this program 3 times (2 gold, 1 silver), 2022–2024; 1 of the 2 with a recorded answer was offered an interview. A signal does not change the tier.",
    );
    expect(without.signals).toBeNull();
  });
});
