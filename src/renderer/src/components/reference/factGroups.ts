/**
 * The Settings → Reference facts screen groups the settings rows the way an advisor thinks of them.
 * A fact is one key with all its dated rows; grouping is presentation only (the rules read keys).
 */
import type { Setting, SettingKind } from '../../../../shared/domain';
import { DEFAULT_SETTINGS } from '../../../../shared/rules/reference-defaults';

export interface Fact {
  key: string;
  label: string;
  kind: SettingKind;
  /** Oldest first; the undated row ("since always"), if any, comes first. */
  rows: Setting[];
}

export type FactGroupId = 'pass' | 'timeline' | 'readiness' | 'flags' | 'tiers' | 'outcomes' | 'other';

export interface FactGroup {
  id: FactGroupId;
  title: string;
  description: string;
  facts: Fact[];
}

const GROUPS: { id: FactGroupId; title: string; description: string }[] = [
  { id: 'pass', title: 'Pass standards', description: 'Minimum passing scores and pass/fail reporting, by test date.' },
  { id: 'timeline', title: 'Timeline and ERAS', description: 'Review dates per season, the score reporting lag, the Step 1 deadline and the CK late window.' },
  { id: 'readiness', title: 'Readiness', description: 'When practice results say a student is ready to sit an exam.' },
  { id: 'flags', title: 'Flag thresholds', description: 'Attempt limits and the margins that raise or grade a flag.' },
  { id: 'tiers', title: 'Specialty tier defaults', description: 'Reference Step 2 CK for a specialty with no score of its own.' },
  { id: 'outcomes', title: 'Outcomes and program lists', description: "CK bands and small-cell suppression of the office's Charting Outcomes, and when a program's own history is evidence." },
  { id: 'other', title: 'Office settings', description: 'Other settings of this office.' },
];

/** First matching prefix wins, so the specific keys come before their families. */
const GROUP_OF: [prefix: string, group: FactGroupId][] = [
  ['specialty.tierDefault.', 'tiers'],
  ['outcomes.', 'outcomes'],
  ['step2ck.nationalMean', 'readiness'],
  ['step2ck.nationalSd', 'readiness'],
  ['readiness.', 'readiness'],
  ['usmle.attemptLimit', 'flags'],
  ['attemptLimit.', 'flags'],
  ['ck.', 'flags'],
  // RULES.md, acknowledged flags: how long an acknowledgement holds.
  ['flags.', 'flags'],
  ['usmle.reportingLag', 'timeline'],
  ['eras.', 'timeline'],
  ['step1.deadline', 'timeline'],
  ['ckLate.', 'timeline'],
  ['step1.', 'pass'],
  ['step2ck.', 'pass'],
  ['step3.', 'pass'],
  ['comlex', 'pass'],
];

/** Facts an office adds one per season or class (RULES.md §1–2), listed by year next to the rule they override. */
export const SEASON_REVIEW_DATE = /^eras\.reviewDate\.(\d{4})$/;
export const CLASS_STEP1_DEADLINE = /^step1\.deadline\.(\d{4})$/;
const YEARLY: [RegExp, string][] = [
  [SEASON_REVIEW_DATE, 'eras.reviewDate.2026'],
  [CLASS_STEP1_DEADLINE, 'step1.deadlineYearsBeforeGrad'],
];

/** The years that already have a row of a yearly fact (seasons with a published review date, classes with a deadline). */
export function yearsWith(settings: readonly Setting[], pattern: RegExp): number[] {
  return settings.flatMap((s) => {
    const m = pattern.exec(s.key);
    return m ? [Number(m[1])] : [];
  });
}

export function groupOf(key: string): FactGroupId {
  return GROUP_OF.find(([prefix]) => key.startsWith(prefix))?.[1] ?? 'other';
}

const SHIPPED_ORDER = new Map<string, number>();
for (const s of DEFAULT_SETTINGS) if (!SHIPPED_ORDER.has(s.key)) SHIPPED_ORDER.set(s.key, SHIPPED_ORDER.size);

/** Shipped facts in the order RULES.md lists them; yearly facts together by year; anything new after, by key. */
function rank(key: string): [number, string] {
  for (const [pattern, anchor] of YEARLY) {
    const m = pattern.exec(key);
    if (m) return [SHIPPED_ORDER.get(anchor) ?? 0, m[1]];
  }
  const shipped = SHIPPED_ORDER.get(key);
  return shipped === undefined ? [Number.MAX_SAFE_INTEGER, key] : [shipped, ''];
}

export function groupFacts(settings: readonly Setting[]): FactGroup[] {
  const byKey = new Map<string, Fact>();
  for (const s of settings) {
    let fact = byKey.get(s.key);
    if (!fact) byKey.set(s.key, (fact = { key: s.key, label: s.label, kind: s.kind, rows: [] }));
    fact.rows.push(s);
  }
  for (const fact of byKey.values()) {
    fact.rows.sort((a, b) => (a.effectiveFrom ?? '').localeCompare(b.effectiveFrom ?? ''));
    // The newest row's label is the one the office last wrote.
    fact.label = fact.rows[fact.rows.length - 1].label;
  }
  const facts = [...byKey.values()].sort((a, b) => {
    const [ra, ta] = rank(a.key);
    const [rb, tb] = rank(b.key);
    return ra - rb || ta.localeCompare(tb);
  });
  return GROUPS.map((g) => ({ ...g, facts: facts.filter((f) => groupOf(f.key) === g.id) })).filter((g) => g.facts.length > 0);
}
