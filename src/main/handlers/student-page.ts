import { localToday } from '../../shared/domain';
import { ruleSettings } from '../../shared/rules/rule-settings';
import { minimumPassingScore } from '../../shared/rules/timeline';
import { concludeStudent } from '../cohort/student';
import type { HandlerMap } from './context';

export const studentPageHandlers: HandlerMap<'students.practiceLines'> = {
  'students.practiceLines': ({ id, asOf = localToday() }, { db }) => {
    const { ref, evaluation, status } = concludeStudent(db, id, asOf);
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
      exams: { step1: status.step1, ck: status.ck },
    };
  },
};
