/**
 * The advising guide's "Step Score Strategy Checklist" (seed/000_d843b9972cc4dd42.txt, section
 * "Putting It All Together"), one list per stage, in the guide's own questions. Item IDs are stable
 * keys stored in students.checklist: never renumber them, add new ones instead.
 */

export const CHECKLIST_STAGES = ['beforeStep1', 'afterStep1Pass', 'afterStep1FailOrDelay', 'beforeCk', 'applicationSeason'] as const;
export type ChecklistStage = (typeof CHECKLIST_STAGES)[number];

export interface ChecklistItem {
  id: string;
  text: string;
}

export interface ChecklistStageDef {
  stage: ChecklistStage;
  /** The guide's heading. */
  label: string;
  items: readonly ChecklistItem[];
}

const SOURCE = 'Advising guide, "A Step Score Strategy Checklist"';

export const CHECKLIST: readonly ChecklistStageDef[] = [
  {
    stage: 'beforeStep1',
    label: 'Before Step 1',
    items: [
      { id: 'beforeStep1.studyPlan', text: 'Do I have a structured, realistic study plan with practice NBME exams?' },
      { id: 'beforeStep1.timetable', text: "Am I on a timetable that matches my school's norms?" },
      { id: 'beforeStep1.contingency', text: 'Do I have contingency plans (advisor, remediation) if NBME practice is not near passing?' },
    ],
  },
  {
    stage: 'afterStep1Pass',
    label: 'After Step 1 (pass)',
    items: [
      { id: 'afterStep1Pass.shelfPrep', text: "Am I using each clerkship's shelf prep as Step 2 CK prep?" },
      { id: 'afterStep1Pass.weakAreas', text: 'Am I tracking my weak areas after each rotation?' },
      { id: 'afterStep1Pass.ckTimeframe', text: 'Do I have a tentative timeframe for Step 2 CK that gets my score back before ERAS (if I need it)?' },
    ],
  },
  {
    stage: 'afterStep1FailOrDelay',
    label: 'After Step 1 (fail or delayed)',
    items: [
      { id: 'afterStep1Fail.metDean', text: 'Have I met with a dean/faculty mentor to plan my recovery and narrative?' },
      { id: 'afterStep1Fail.aggressiveCk', text: 'Is my Step 2 CK strategy more aggressive (earlier start, stronger resources)?' },
      { id: 'afterStep1Fail.realisticSpecialties', text: 'Am I realistic about which specialties remain viable?' },
    ],
  },
  {
    stage: 'beforeCk',
    label: 'Before Step 2 CK',
    items: [
      { id: 'beforeCk.qbank', text: 'Have I completed or nearly completed my main Q-bank?' },
      { id: 'beforeCk.practiceExams', text: 'Have I taken at least 1–2 practice exams under timed conditions?' },
      { id: 'beforeCk.closeToTarget', text: 'Are my practice scores reasonably close to my target?' },
      { id: 'beforeCk.testDate', text: 'Do I have a clear test date and a backup plan if practice scores are too low?' },
    ],
  },
  {
    stage: 'applicationSeason',
    label: 'During application season',
    items: [
      { id: 'season.scoresAlign', text: 'Do my score(s) align with my specialty choice and typical matched data?' },
      { id: 'season.programList', text: 'Have I broadened my program list sufficiently for my Step profile?' },
      { id: 'season.redFlags', text: 'Have I addressed any red flags with honesty and focus on growth?' },
      { id: 'season.wholeFile', text: 'Have I strengthened all other parts of my file (letters, personal statement, experience)?' },
    ],
  },
];

export const CHECKLIST_SOURCE = SOURCE;

export const CHECKLIST_ITEM_IDS: ReadonlySet<string> = new Set(CHECKLIST.flatMap((s) => s.items.map((i) => i.id)));

/** What the stage is decided from: the core's evaluation and exam status, never recomputed on screen. */
export interface StageFacts {
  asOf: string;
  step1Passed: boolean;
  /** Any Step 1 failure, or Step 1 not passed by (or passed after) the deadline: STEP1_FAIL or STEP1_LATE raised. */
  step1FailedOrLate: boolean;
  ckPassed: boolean;
  /** A Step 2 CK attempt is booked, or taken and awaiting its result. */
  ckBooked: boolean;
  /** The date from which the student's CK is too late to report before programs review (evaluation.facts.ckSafeDate). */
  ckSafeDate: string;
}

/**
 * The guide's checklist stages follow the exam path: Step 1 first; after it, the pass and the fail-or-delay
 * branches; then Step 2 CK; then the application. Application season starts once CK is passed or the CK
 * safe date has arrived (from then on the application, not the test date, is what is left to shape).
 */
export function checklistStage(f: StageFacts): ChecklistStage {
  if (f.step1Passed && (f.ckPassed || f.asOf >= f.ckSafeDate)) return 'applicationSeason';
  if (!f.step1Passed) return f.step1FailedOrLate ? 'afterStep1FailOrDelay' : 'beforeStep1';
  if (f.ckBooked) return 'beforeCk';
  return f.step1FailedOrLate ? 'afterStep1FailOrDelay' : 'afterStep1Pass';
}
