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

/**
 * RULES.md §4 "Actions that fit the student's stage": an action is shown only while it can still be
 * done. `ckPassed`: the action is about taking Step 2 CK, gone once CK has a passing score.
 * `step1Passed`: the action is about preparing for Step 1, gone once Step 1 (or, for a US DO,
 * COMLEX Level 1) is passed.
 */
export type ActionDoneWhen = 'ckPassed' | 'step1Passed';

const MAKE_CK_STRONG = 'Make Step 2 CK clearly strong: it can show growth and competence in clinically relevant content.';
const SCHEDULE_CK = 'Schedule Step 2 CK so the score reports before programs start reviewing applications.';
const KEEP_CK_ON_SCHEDULE = 'Keep Step 2 CK on schedule so its score is back before ERAS.';
const MOVE_STEP1_DATE = 'Talk with an advisor about moving the Step 1 date while practice scores are far from passing.';
const STEP1_REMEDIATION = 'Start a targeted remediation plan from the school, tutoring, or group study sessions.';

/** The actions that stop fitting at a stage; every other action fits at every stage. */
export const ACTION_DONE_WHEN: ReadonlyMap<string, ActionDoneWhen> = new Map<string, ActionDoneWhen>([
  [MAKE_CK_STRONG, 'ckPassed'],
  [SCHEDULE_CK, 'ckPassed'],
  [KEEP_CK_ON_SCHEDULE, 'ckPassed'],
  [MOVE_STEP1_DATE, 'step1Passed'],
  [STEP1_REMEDIATION, 'step1Passed'],
]);

const STEP1_FAIL_ACTIONS = [
  'Meet with a dean or faculty mentor to plan the recovery and the narrative.',
  'Prepare a 2–3 sentence explanation: context (without blaming), growth (habits, maturity, time management), evidence (later success in clerkships and Step 2 CK).',
  MAKE_CK_STRONG,
  'Broaden the program list: academic and community programs, wider geography, programs with a track record of holistic review.',
] as const;

const CK_FAIL_ACTIONS = [...STEP1_FAIL_ACTIONS, 'Discuss a backup specialty that is more forgiving of lower numerical metrics.'] as const;

export const FLAG_CATALOGUE: Record<FlagCode, FlagDefinition> = {
  STEP1_FAIL: { code: 'STEP1_FAIL', title: 'Step 1 failure', actions: STEP1_FAIL_ACTIONS },
  ATTEMPT_LIMIT: {
    code: 'ATTEMPT_LIMIT',
    title: 'Approaching the USMLE or COMLEX attempt limit',
    actions: [
      'Agree a remediation plan with the school before any further attempt.',
      'Do not test again until practice exams show consistent passing performance with a safety margin.',
    ],
  },
  // RULES.md §4: "as STEP1_FAIL" and "as CK_FAIL".
  COMLEX1_FAIL: { code: 'COMLEX1_FAIL', title: 'COMLEX Level 1 failure', actions: STEP1_FAIL_ACTIONS },
  COMLEX2_FAIL: { code: 'COMLEX2_FAIL', title: 'COMLEX Level 2-CE failure', actions: CK_FAIL_ACTIONS },
  STEP1_LATE: {
    code: 'STEP1_LATE',
    title: 'Step 1 not passed by the deadline',
    actions: [
      'Be ready to explain the delay briefly in interviews: context, growth, evidence.',
      KEEP_CK_ON_SCHEDULE,
    ],
  },
  STEP1_NOT_READY: {
    code: 'STEP1_NOT_READY',
    title: 'Step 1 soon, practice not at the readiness line',
    actions: [
      MOVE_STEP1_DATE,
      STEP1_REMEDIATION,
    ],
  },
  CK_FAIL: {
    code: 'CK_FAIL',
    title: 'Step 2 CK failure',
    actions: CK_FAIL_ACTIONS,
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
      SCHEDULE_CK,
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
