/**
 * Reach / target / likely from evidence, most specific first (issue 15):
 *
 * 1. **program** — the CK at application of the school's graduates who matched at this program,
 *    when at least `minPastApplicants` (5) of them have one;
 * 2. **school-specialty** — else the CK of the school's graduates who matched in the specialty,
 *    with the same minimum;
 * 3. **national** — else NRMP Charting Outcomes rows the office entered (match rates by CK band,
 *    latest edition), read as a distribution of matched applicants; else the specialty's reference
 *    CK (the median of matched US MD seniors, Settings).
 *
 * The minimum counts the graduates whose CK the percentile is read from, so the n a because-line
 * names is the n behind the tier. From a distribution: percentile rank (percentile.ts) ≥ 75 →
 * likely, 25 to under 75 → target, under 25 → reach. From a median alone no quartile can be read:
 * at or above it → target, below → reach, never likely.
 */
import { TIER_LABELS, type EvidenceKind, type MatchOutcome, type NationalMatchRate, type Specialty } from '../domain';
import type { SpecialtyReference } from '../rules/specialties';
import { shortSource } from '../rules/specialties';
import { ckOf, sameSpecialty, type SpecialtyHistory } from './history';
import { seasonRange, type DirectoryProgram, type OutcomesMemory } from './memory';
import { ordinal, percentileRank, quantile } from './percentile';

export type EvidenceTier = 'likely' | 'target' | 'reach';

export interface Evidence {
  kind: EvidenceKind;
  /** What the CK is compared with, in words: "7 graduates who matched here". */
  label: string;
  /** How many scores (or, nationally, matched applicants) the comparison reads; null when the source gives none. */
  n: number | null;
  /** The seasons (or the Charting Outcomes edition) behind it: "2022–2025". */
  years: string;
  /** The student's percentile rank among them; null when only a median is known. */
  percentile: number | null;
  source: string;
}

export interface TierReading {
  tier: EvidenceTier;
  evidence: Evidence;
  /** One sentence naming the evidence, its n and its years. */
  because: string;
}

export function tierFromPercentile(p: number): EvidenceTier {
  return p >= 75 ? 'likely' : p >= 25 ? 'target' : 'reach';
}

/** The whole percentile a sentence shows: floored, so "74th" is always a target and "75th" a likely. */
export const shownPercentile = (p: number) => Math.floor(p);

const TIER_WORD: Record<EvidenceTier, string> = { likely: 'likely (75th or above)', target: 'target (25th to 75th)', reach: 'reach (below the 25th)' };

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function fromScores(ck: number, outcomes: readonly MatchOutcome[], kind: 'program' | 'school-specialty', label: string, source: string): TierReading {
  const scores = ckOf(outcomes);
  const p = percentileRank(ck, scores)!;
  const years = seasonRange(outcomes.map((o) => o.season));
  const tier = tierFromPercentile(p);
  const med = quantile(scores, 0.5)!;
  return {
    tier,
    evidence: { kind, label, n: scores.length, years, percentile: p, source },
    because: `CK ${ck} is at the ${ordinal(shownPercentile(p))} percentile of ${label}, ${years} (their median CK ${round1(med)}): ${TIER_WORD[tier]}.`,
  };
}

const round1 = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

/** The latest edition's band rows for the specialty, or null when the office entered none. */
export function nationalRows(memory: Pick<OutcomesMemory, 'nationalRates' | 'specialties'>, specialty: SpecialtyForList): NationalMatchRate[] | null {
  const rows = memory.nationalRates.filter((r) => sameSpecialty(memory.specialties, r.specialty, specialty.row, specialty.name));
  if (!rows.length) return null;
  const year = Math.max(...rows.map((r) => r.year));
  return rows.filter((r) => r.year === year).sort((a, b) => (a.ckFrom ?? -Infinity) - (b.ckFrom ?? -Infinity));
}

const inBand = (ck: number, r: Pick<NationalMatchRate, 'ckFrom' | 'ckTo'>) => (r.ckFrom === null || ck >= r.ckFrom) && (r.ckTo === null || ck < r.ckTo);

export function bandLabel(r: Pick<NationalMatchRate, 'ckFrom' | 'ckTo'>): string {
  if (r.ckFrom === null && r.ckTo === null) return 'any CK';
  if (r.ckFrom === null) return `under ${r.ckTo}`;
  if (r.ckTo === null) return `${r.ckFrom} or more`;
  return `${r.ckFrom}–${r.ckTo - 1}`;
}

/**
 * Charting Outcomes rows as a distribution of matched applicants: each band holds n × rate matched
 * applicants (rounded), and the student's percentile is read by mid-rank at band granularity
 * (every matched applicant below the student's band, plus half of those in it).
 */
function fromNational(ck: number, rows: NationalMatchRate[], specialtyName: string): TierReading | null {
  const band = rows.find((r) => inBand(ck, r));
  if (!band) return null;
  const matched = rows.map((r) => Math.round((r.n * r.matchRatePercent) / 100));
  const total = matched.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const i = rows.indexOf(band);
  let below = 0;
  for (let k = 0; k < rows.length; k++) if ((rows[k].ckTo ?? Infinity) <= (band.ckFrom ?? -Infinity)) below += matched[k];
  const p = (100 * (below + matched[i] / 2)) / total;
  const tier = tierFromPercentile(p);
  const source = shortSource(band.source);
  const years = String(band.year);
  return {
    tier,
    evidence: { kind: 'national', label: `matched applicants in ${specialtyName} nationally`, n: total, years, percentile: p, source },
    because:
      `CK ${ck} is at about the ${ordinal(shownPercentile(p))} percentile of ${total.toLocaleString('en-US')} matched applicants in ${specialtyName} nationally ` +
      `(${source}, ${years}; band ${bandLabel(band)}: ${round1(band.matchRatePercent)}% of ${band.n.toLocaleString('en-US')} matched): ${TIER_WORD[tier]}.`,
  };
}

function fromReference(ck: number, ref: SpecialtyReference): TierReading {
  const tier: EvidenceTier = ck >= ref.referenceCk ? 'target' : 'reach';
  const source = ref.fromTierDefault ? `the ${TIER_LABELS[ref.tier].toLowerCase()} tier default, Settings` : shortSource(ref.source);
  const year = /\b(20\d\d)\b/.exec(ref.source)?.[1] ?? 'year not given';
  return {
    tier,
    evidence: { kind: 'national', label: `the reference CK of ${ref.name}`, n: null, years: year, percentile: null, source },
    because:
      `CK ${ck} is ${ck >= ref.referenceCk ? 'at or above' : 'below'} ${ref.name}'s reference CK ${ref.referenceCk}, ` +
      // A tier default is the advising guide's illustrative score for a specialty Charting Outcomes does not cover, not a median.
      `${ref.fromTierDefault ? `${source} (no Charting Outcomes median for ${ref.name})` : `the median of matched US MD seniors (${source}; n not given)`}: ` +
      `from a single reference score no quartile can be read, so ${tier === 'target' ? 'target (never likely)' : 'reach'}.`,
  };
}

/** The specialty a list is for: its row in the reference table (null when the name matches none), its name, and its reference CK. */
export interface SpecialtyForList {
  row: Specialty | null;
  name: string;
  reference: SpecialtyReference | null;
}

export interface ReadOptions {
  minPastApplicants: number;
}

/** Why a more specific level was passed over, for the because-line ("only 3 graduates matched here with a CK"). */
function shortfall(n: number, what: string, min: number): string {
  return `${n === 0 ? 'no' : `only ${n}`} ${n === 1 ? 'graduate' : 'graduates'} ${what} with a CK at application (${min} needed)`;
}

/**
 * The tier the evidence gives for a student with CK `ck` at `program`, or null when there is no
 * evidence at any level (no school history and no national reference).
 */
export function readTier(ck: number, program: DirectoryProgram, history: SpecialtyHistory, specialty: SpecialtyForList, memory: Pick<OutcomesMemory, 'nationalRates' | 'specialties'>, opts: ReadOptions): TierReading | null {
  const min = opts.minPastApplicants;
  const here = program.code ? (history.matchedByProgram.get(program.code) ?? []) : [];
  if (here.length >= min) return fromScores(ck, here, 'program', `${plural(here.length, 'graduate', 'graduates')} who matched here`, "the school's outcomes");
  const passedProgram = program.code ? shortfall(here.length, 'matched here', min) : 'the program has no code to link outcomes to';

  const school = history.matchedWithCk;
  if (school.length >= min) {
    const r = fromScores(ck, school, 'school-specialty', `${plural(school.length, 'graduate', 'graduates')} who matched in ${specialty.name} (the school's specialty distribution)`, "the school's outcomes");
    return { ...r, because: `${capitalise(passedProgram)}; ${r.because}` };
  }
  const passedSchool = shortfall(school.length, `matched in ${specialty.name}`, min);
  const rows = nationalRows(memory, specialty);
  const national = rows ? fromNational(ck, rows, specialty.name) : null;
  const fallback = national ?? (specialty.reference ? fromReference(ck, specialty.reference) : null);
  if (!fallback) return null;
  return { ...fallback, because: `${capitalise(passedProgram)}, and ${passedSchool}; ${fallback.because}` };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
