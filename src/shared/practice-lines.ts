/**
 * The reference lines a practice-score chart draws, in one place for the student page's chart and
 * the printed one-page summary's: the same pass line, readiness line and target on screen and on
 * paper. The numbers come from the office's reference settings as of a date (the renderer never
 * looks a standard up itself); which of them a chart of one kind of practice result draws, and
 * with what words, is decided by `chartLines`.
 */
import type { PracticeLines } from './api/student-page';
import type { StudentEvaluation } from './rules/evaluation';
import type { ReferenceData } from './rules/reference';
import { ruleSettings } from './rules/rule-settings';
import { minimumPassingScore } from './rules/timeline';

/** The lines' numbers for one student on a date (PracticeLines without the exam status). */
export function practiceLines(ref: ReferenceData, evaluation: Pick<StudentEvaluation, 'facts'>, asOf: string): Omit<PracticeLines, 'exams'> {
  const rs = ruleSettings(ref, asOf);
  // Practice readiness is judged against the standard in force now (RULES.md STEP1_NOT_READY, CK_NOT_READY).
  const step1Standard = minimumPassingScore(ref, 'STEP1', asOf);
  const target = evaluation.facts.targetSpecialty;
  return {
    asOf,
    step1: {
      passStandard: step1Standard,
      readinessScore: step1Standard === null ? null : step1Standard + rs.step1ReadinessMargin,
      readinessProbability: rs.step1ReadinessProbability,
    },
    step2ck: {
      minimumPassingScore: minimumPassingScore(ref, 'STEP2CK', asOf),
      nationalMean: rs.nationalMean,
      target: target ? { name: target.name, referenceCk: target.referenceCk, source: target.source } : null,
    },
  };
}

/** What a chart shows: Step 2 CK scores, Step 1 scores, or Step 1 pass probabilities (NBME's self-assessments). */
export type PracticeView = 'STEP2CK' | 'STEP1' | 'STEP1_PROBABILITY';

export interface ChartLine {
  y: number;
  label: string;
  /** pass: the standard a result must reach; readiness: the rules' readiness line; target / mean: what to aim for. */
  kind: 'pass' | 'readiness' | 'target' | 'mean';
}

/** The lines a chart of `view` draws, most important first. */
export function chartLines(view: PracticeView, lines: Omit<PracticeLines, 'exams'>): ChartLine[] {
  const out: ChartLine[] = [];
  if (view === 'STEP2CK') {
    const pass = lines.step2ck.minimumPassingScore;
    if (pass !== null) out.push({ y: pass, label: `Pass ${pass}`, kind: 'pass' });
    const target = lines.step2ck.target;
    if (target) out.push({ y: target.referenceCk, label: `${target.name} reference ${target.referenceCk}`, kind: 'target' });
    else out.push({ y: lines.step2ck.nationalMean, label: `National mean ${lines.step2ck.nationalMean}`, kind: 'mean' });
  } else if (view === 'STEP1') {
    if (lines.step1.passStandard !== null) out.push({ y: lines.step1.passStandard, label: `Pass standard ${lines.step1.passStandard}`, kind: 'pass' });
    if (lines.step1.readinessScore !== null) out.push({ y: lines.step1.readinessScore, label: `Readiness ${lines.step1.readinessScore}`, kind: 'readiness' });
  } else out.push({ y: lines.step1.readinessProbability, label: `Readiness ${lines.step1.readinessProbability}%`, kind: 'readiness' });
  return out;
}
