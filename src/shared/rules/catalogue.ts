/**
 * The flag catalogue: every flag's stable code, a short title for screens and reports, and the
 * actions the advising guide recommends (RULES.md §4 "actions (from the guide)", worded after
 * the guide in /work/shared/seed). The texts live here only; rules, screens and reports read them.
 */
import type { FlagCode } from '../domain';

export interface FlagDefinition {
  code: FlagCode;
  title: string;
  /** One recommendation per string, in the guide's words. */
  actions: readonly string[];
}

const STEP1_FAIL_ACTIONS = [
  'Meet with a dean or faculty mentor to plan the recovery and the narrative.',
  'Prepare a 2–3 sentence explanation: context (without blaming), growth (habits, maturity, time management), evidence (later success in clerkships and Step 2 CK).',
  'Make Step 2 CK clearly strong: it can show growth and competence in clinically relevant content.',
  'Broaden the program list: academic and community programs, wider geography, programs with a track record of holistic review.',
] as const;

export const FLAG_CATALOGUE: Record<FlagCode, FlagDefinition> = {
  STEP1_FAIL: { code: 'STEP1_FAIL', title: 'Step 1 failure', actions: STEP1_FAIL_ACTIONS },
  ATTEMPT_LIMIT: {
    code: 'ATTEMPT_LIMIT',
    title: 'Approaching the USMLE attempt limit',
    actions: [
      'Agree a remediation plan with the school before any further attempt.',
      'Do not test again until practice exams show consistent passing performance with a safety margin.',
    ],
  },
  STEP1_LATE: {
    code: 'STEP1_LATE',
    title: 'Step 1 not passed by the deadline',
    actions: [
      'Be ready to explain the delay briefly in interviews: context, growth, evidence.',
      "Keep Step 2 CK on schedule so its score is back before ERAS.",
    ],
  },
  STEP1_NOT_READY: {
    code: 'STEP1_NOT_READY',
    title: 'Step 1 soon, practice not at the readiness line',
    actions: [
      'Talk with an advisor about moving the Step 1 date while practice scores are far from passing.',
      'Start a targeted remediation plan from the school, tutoring, or group study sessions.',
    ],
  },
  CK_FAIL: {
    code: 'CK_FAIL',
    title: 'Step 2 CK failure',
    actions: [...STEP1_FAIL_ACTIONS, 'Discuss a backup specialty that is more forgiving of lower numerical metrics.'],
  },
  CK_BELOW_TARGET: {
    code: 'CK_BELOW_TARGET',
    title: "Step 2 CK below the target specialty's reference",
    actions: [
      'Strengthen every non-score part of the application: specialty-aligned letters, a personal statement that shows fit, strong sub-internship evaluations.',
      'Apply more broadly across regions and program types.',
      'Do away or audition rotations at realistic programs to make strong in-person impressions.',
      'Consider a research year or additional experience if the whole file is borderline, not just the score.',
    ],
  },
  CK_LATE: {
    code: 'CK_LATE',
    title: 'Step 2 CK score will not be back before programs review',
    actions: [
      'Schedule Step 2 CK so the score reports before programs start reviewing applications.',
      'Or decide deliberately to apply without it: reasonable for less numerically competitive specialties with strong clinical grades and letters.',
    ],
  },
  CK_NOT_READY: {
    code: 'CK_NOT_READY',
    title: 'Step 2 CK soon, practice below the target',
    actions: [
      'Judge whether a short delay would produce a meaningful score increase or only prolong stress.',
      'Weigh any delay against the ERAS timeline (CK_LATE): many programs expect a Step 2 CK score by interview invitations.',
    ],
  },
  DUAL_APPLY_ADVISED: {
    code: 'DUAL_APPLY_ADVISED',
    title: 'Dual application advised',
    actions: [
      'Have an honest specialty reconsideration with an advisor.',
      'Dual apply (e.g. ortho + general surgery, derm + prelim/internal medicine) with full commitment to both application sets.',
    ],
  },
  IMG_NO_USCE: {
    code: 'IMG_NO_USCE',
    title: 'IMG without US clinical experience or US letters',
    actions: ['Secure US clinical experience (USCE) and strong US letters.', 'Apply very broadly, open to a wide range of locations and program settings.'],
  },
  DO_NO_USMLE: {
    code: 'DO_NO_USMLE',
    title: 'DO applicant without USMLE Step 2 CK',
    actions: ['Many programs screen on USMLE numbers: consider taking USMLE Step 2 CK as well as COMLEX.'],
  },
};

export function flagTitle(code: FlagCode): string {
  return FLAG_CATALOGUE[code].title;
}
