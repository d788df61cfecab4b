/**
 * `By specialty`: students grouped by target specialty (as the rules matched it: "Ortho" counts as
 * Orthopaedic Surgery), their Step 2 CK against the specialty's reference score, and how many are
 * flagged. The CK score is the one the rules compare (the best passing Step 2 CK, RULES.md §4
 * CK_BELOW_TARGET); the reference is the one the rules used, tier defaults included.
 */
import { TIER_LABELS, type Tier } from '../../../shared/domain';
import type { ReportStudent } from '../cohort';
import type { Presenter } from '../presenter';
import { plainRuleReferences } from '../print';
import { DECIMAL_FORMAT, SIGNED_DECIMAL_FORMAT } from '../styles';
import type { Column } from '../table';

export interface SpecialtyGroup {
  specialty: string;
  tier: Tier | null;
  /** True when the typed name matched no row of the reference table. */
  unmatched: boolean;
  students: number;
  scores: number[];
  /** Of `scores`, worked out once the group is complete. */
  meanCk: number | null;
  medianCk: number | null;
  referenceCk: number | null;
  referenceSource: string | null;
  fromTierDefault: boolean;
  flagged: number;
  belowTarget: number;
}

export const NO_TARGET = '(no target recorded)';

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function mean(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Groups by matched specialty; typed names that match nothing keep their own (scrubbed) group. Largest groups first. */
export function specialtyGroups(students: readonly ReportStudent[], p: Presenter): SpecialtyGroup[] {
  const groups = new Map<string, SpecialtyGroup>();
  for (const s of students) {
    const ref = s.evaluation.facts.targetSpecialty;
    const typed = s.student.targetSpecialty?.trim() || null;
    const name = ref?.name ?? (typed ? (p.text(typed) ?? typed) : NO_TARGET);
    let g = groups.get(name);
    if (!g) {
      g = {
        specialty: name,
        tier: ref?.tier ?? null,
        unmatched: !ref && typed !== null,
        students: 0,
        scores: [],
        meanCk: null,
        medianCk: null,
        referenceCk: ref?.referenceCk ?? null,
        referenceSource: ref?.source ?? null,
        fromTierDefault: ref?.fromTierDefault ?? false,
        flagged: 0,
        belowTarget: 0,
      };
      groups.set(name, g);
    }
    g.students++;
    if (s.evaluation.facts.ckScore !== null) g.scores.push(s.evaluation.facts.ckScore);
    if (s.evaluation.risk !== null) g.flagged++;
    if (s.evaluation.flags.some((f) => f.code === 'CK_BELOW_TARGET')) g.belowTarget++;
  }
  for (const g of groups.values()) {
    g.meanCk = mean(g.scores);
    g.medianCk = median(g.scores);
  }
  return [...groups.values()].sort((a, b) => b.students - a.students || (a.specialty < b.specialty ? -1 : a.specialty > b.specialty ? 1 : 0));
}

const NAME_WIDTH = 34;
const SOURCE_WIDTH = 60;

function referenceSource(g: SpecialtyGroup): string | null {
  if (g.referenceSource === null) return null;
  const source = plainRuleReferences(g.referenceSource);
  return g.fromTierDefault ? `Tier default: ${source}` : source;
}

const gap = (x: number | null, ref: number | null) => (x === null || ref === null ? null : x - ref);

export const BY_SPECIALTY_COLUMNS: Column<SpecialtyGroup>[] = [
  { header: 'Target specialty', width: NAME_WIDTH, look: { bold: true }, value: (g) => g.specialty },
  { header: 'Tier', width: 22, value: (g) => (g.tier ? TIER_LABELS[g.tier] : g.unmatched ? 'not in the reference table' : null) },
  { header: 'Students', width: 10, look: { numFmt: '0' }, value: (g) => g.students },
  { header: 'CK reported', width: 10, look: { numFmt: '0' }, value: (g) => g.scores.length },
  { header: 'Mean CK', width: 10, look: { numFmt: DECIMAL_FORMAT }, value: (g) => g.meanCk },
  { header: 'Median CK', width: 10, look: { numFmt: DECIMAL_FORMAT }, value: (g) => g.medianCk },
  { header: 'Reference CK', width: 11, look: { numFmt: '0' }, value: (g) => g.referenceCk },
  { header: 'Mean − reference', width: 12, look: { numFmt: SIGNED_DECIMAL_FORMAT }, value: (g) => gap(g.meanCk, g.referenceCk) },
  { header: 'Median − reference', width: 12, look: { numFmt: SIGNED_DECIMAL_FORMAT }, value: (g) => gap(g.medianCk, g.referenceCk) },
  { header: 'CK below reference (flag)', width: 12, look: { numFmt: '0' }, value: (g) => g.belowTarget },
  { header: 'Flagged students', width: 10, look: { numFmt: '0' }, value: (g) => g.flagged },
  {
    header: 'Reference source',
    width: SOURCE_WIDTH,
    look: { wrap: true },
    value: referenceSource,
  },
];

