/**
 * A suggested number of applications per tier, from the school's own interviews-per-application data
 * only (there is no national figure to fall back on: AAMC's Apply Smart data ended in 2022, and
 * nothing the office enters gives one, so none is invented).
 *
 * - The goal: the median number of interviews of the school's graduates who matched in the specialty
 *   (interviews recorded), when at least `suppressionThreshold` (10) of them have it.
 * - Each tier's interview rate: past applications (per-program detail with the offer recorded) are
 *   tiered by the applicant's CK at application against the same evidence as a list line (the
 *   program's graduates who matched, else the specialty's; the applicant left out of their own
 *   evidence); rate = offers / applications when at least the threshold of applications are in the tier.
 * - A tier short of that uses the specialty's overall rate (interviews ÷ applications over every
 *   outcome with both recorded), and says so; with neither, that tier has no suggestion.
 * - Applications needed = ceil(goal ÷ rate): what that tier alone would take to reach the goal.
 */
import type { MatchOutcome } from '../domain';
import { ckOf, type SpecialtyHistory } from './history';
import { seasonRange } from './memory';
import { percentileRank, quantile } from './percentile';
import { tierFromPercentile, type EvidenceTier } from './tiers';

export interface TierSuggestion {
  tier: EvidenceTier;
  /** Past applications read for this tier, and the interviews they were offered. */
  applications: number;
  interviews: number;
  /** The rate used (offers per application), and where it came from; null when none could be read. */
  rate: number | null;
  basis: 'tier' | 'specialty' | null;
  /** ceil(goal ÷ rate); null without a goal or a rate. */
  needed: number | null;
  text: string;
}

export interface ApplicationSuggestion {
  goal: { interviews: number; n: number; years: string } | null;
  tiers: TierSuggestion[];
  /** The whole answer in sentences, including why something is missing. */
  text: string;
}

const TIERS: EvidenceTier[] = ['reach', 'target', 'likely'];
const pct = (r: number) => `${Math.round(r * 100)}%`;

function pastTier(outcome: MatchOutcome, code: string, history: SpecialtyHistory, min: number): EvidenceTier | null {
  if (outcome.ckAtApplication === null) return null;
  const others = (list: readonly MatchOutcome[]) => list.filter((o) => o.studentId !== outcome.studentId);
  const here = others(history.matchedByProgram.get(code) ?? []);
  const pool = here.length >= min ? here : others(history.matchedWithCk);
  if (pool.length < min) return null;
  return tierFromPercentile(percentileRank(outcome.ckAtApplication, ckOf(pool))!);
}

export function suggestApplications(history: SpecialtyHistory, specialtyName: string, opts: { threshold: number; minPastApplicants: number }): ApplicationSuggestion {
  const { threshold } = opts;
  const withInterviews = history.outcomes.filter((o) => o.result === 'matched' && o.interviews !== null);
  const goal = withInterviews.length >= threshold
    ? { interviews: Math.ceil(quantile(withInterviews.map((o) => o.interviews!), 0.5)!), n: withInterviews.length, years: seasonRange(withInterviews.map((o) => o.season)) }
    : null;

  const counts = new Map<EvidenceTier, { apps: number; offers: number }>(TIERS.map((t) => [t, { apps: 0, offers: 0 }]));
  for (const [code, list] of history.applicationsByProgram)
    for (const { application, outcome } of list) {
      if (application.interviewOffered === null) continue;
      const tier = pastTier(outcome, code, history, opts.minPastApplicants);
      if (!tier) continue;
      const c = counts.get(tier)!;
      c.apps++;
      if (application.interviewOffered) c.offers++;
    }

  const both = history.outcomes.filter((o) => o.applications !== null && o.interviews !== null && o.applications > 0);
  const sumApps = both.reduce((a, o) => a + o.applications!, 0);
  const sumInterviews = both.reduce((a, o) => a + o.interviews!, 0);
  const overall = both.length >= threshold && sumApps > 0 ? sumInterviews / sumApps : null;
  const overallText = overall === null
    ? `the specialty's overall rate needs ${threshold} graduates with applications and interviews recorded (${both.length < threshold ? `fewer than ${threshold}` : both.length} have them)`
    : `the specialty's overall rate, ${pct(overall)} (${sumInterviews} interviews from ${sumApps} applications of ${both.length} graduates, ${seasonRange(both.map((o) => o.season))})`;

  const tiers = TIERS.map((tier): TierSuggestion => {
    const { apps, offers } = counts.get(tier)!;
    const own = apps >= threshold ? offers / apps : null;
    const rate = own ?? overall;
    const basis = own !== null ? 'tier' : overall !== null ? 'specialty' : null;
    const needed = goal && rate ? Math.ceil(goal.interviews / rate) : null;
    const label = tier.charAt(0).toUpperCase() + tier.slice(1);
    const rateText = own !== null
      ? `${pct(own)} of ${apps} past ${label} applications were offered an interview`
      : `${apps === 0 ? 'no' : `fewer than ${threshold}`} past ${label} applications with the offer recorded, so ${overallText}`;
    const text = needed !== null
      ? `${label}: about ${needed} applications (${rateText}).`
      : rate === null
        ? `${label}: no suggestion (${rateText}).`
        : `${label}: no suggestion without an interview goal (${rateText}).`;
    return { tier, applications: apps, interviews: offers, rate, basis, needed, text };
  });

  const goalText = goal
    ? `Graduates who matched in ${specialtyName} had a median of ${goal.interviews} interviews (n = ${goal.n}, ${goal.years}); each figure below is what that tier alone would take to reach it, from the school's own data.`
    : `No interview goal: fewer than ${threshold} of the school's graduates who matched in ${specialtyName} have their interviews recorded, and Stepwise has no national figure to put in its place.`;
  // With no rate for any tier, one sentence says why rather than three that say the same.
  if (tiers.every((t) => t.rate === null))
    return { goal, tiers, text: `${goalText} No rate of interviews per application either: ${TIERS.map((t) => `${counts.get(t)!.apps === 0 ? 'no' : `fewer than ${threshold}`} past ${t} applications`).join(', ')} with the offer recorded, and ${overallText}.` };
  return { goal, tiers, text: [goalText, ...tiers.map((t) => t.text)].join(' ') };
}
