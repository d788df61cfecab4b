/**
 * Words for the internal codes the database stores, for every place a person reads them (the audit
 * log viewer, Settings): "US MD", not US_MD; "Step 2 CK", not STEP2CK; "ERAS review weekday", not
 * eras.defaultReview.weekday. The domain's own label tables are reused; this file adds the
 * settings' names and the stored field names, and looks a value up by the field it belongs to.
 * Codes stay what the database, the CLI's JSON and the import read and write: only display changes.
 */
import { APPLICANT_TYPE_LABELS, ENROLMENT_LABELS, EXAM_LABELS, OUTCOME_LABELS, TIER_LABELS } from './domain';
import { flagTitle } from './rules/catalogue';
import { FLAG_CODES, type FlagCode } from './domain';

/**
 * Short names of the settings, by key. The Settings screen shows each fact's full label (a
 * sentence, from the database); these are the names a list of changes uses.
 */
export const SETTING_NAMES: Record<string, string> = {
  'step1.passFailFrom': 'Step 1 pass/fail from',
  'step1.passStandard': 'Step 1 pass standard',
  'step2ck.minPass': 'Step 2 CK minimum passing score',
  'step3.minPass': 'Step 3 minimum passing score',
  'comlex1.passFailFrom': 'COMLEX Level 1 pass/fail from',
  'comlex2ce.minPass': 'COMLEX Level 2-CE minimum passing score',
  'usmle.attemptLimit': 'USMLE attempt limit',
  'comlex.attemptLimit': 'COMLEX attempt limit',
  'usmle.reportingLagWeeks': 'USMLE score reporting lag (weeks)',
  'eras.defaultReview.month': 'ERAS review month',
  'eras.defaultReview.nth': 'ERAS review week of the month',
  'eras.defaultReview.weekday': 'ERAS review weekday',
  'step2ck.nationalMean': 'Step 2 CK national mean',
  'step2ck.nationalSd': 'Step 2 CK national standard deviation',
  'step1.deadlineMonthDay': 'Default Step 1 deadline (month and day)',
  'step1.deadlineYearsBeforeGrad': 'Default Step 1 deadline (years before graduation)',
  'readiness.step1Margin': 'Step 1 readiness margin',
  'readiness.step1PassProbability': 'Step 1 readiness pass probability',
  'readiness.scheduledWithinDays': 'Readiness check: exam within (days)',
  'readiness.practiceWindowDays': 'Readiness check: practice from the last (days)',
  'readiness.ckMargin': 'Step 2 CK readiness margin',
  'ck.belowTargetHighMargin': 'Step 2 CK below target: high margin',
  'ck.dualApplyMargin': 'Dual application margin',
  'ckLate.windowMonths': 'CK late check: months before review',
  'ckLate.windowEndMonthDay': 'CK late check: last day',
  'ckLate.unscheduledWarningDays': 'CK not scheduled: reminder days',
  'flags.acknowledgementDays': 'Acknowledgement lapses after (days)',
  'outcomes.ckBands': 'Charting Outcomes CK bands',
  'outcomes.suppressionThreshold': 'Charting Outcomes: smallest cell shown',
  'outcomes.blockSeasons': 'Charting Outcomes: least seasons per chart',
  'outcomes.programEvidenceMinimum': "Program lists: past applicants for a program's own evidence",
  'attemptLimit.highAt': 'Attempt limit: high at',
  'attemptLimit.criticalAt': 'Attempt limit: critical at',
  'specialty.tierDefault.highly': 'Reference CK, highly competitive (default)',
  'specialty.tierDefault.moderately': 'Reference CK, moderately competitive (default)',
  'specialty.tierDefault.less': 'Reference CK, less competitive (default)',
  'backup.keep': 'Automatic backups kept',
  'office.userName': 'Your name in the audit log',
  'office.schoolName': 'School name on reports',
};

/** Settings made one per season or class: "eras.reviewDate.2026", "step1.deadline.2027". */
const YEARLY_SETTINGS: [RegExp, (year: string) => string][] = [
  [/^eras\.reviewDate\.(\d{4})$/, (y) => `ERAS ${y} review date`],
  [/^step1\.deadline\.(\d{4})$/, (y) => `Class of ${y} Step 1 deadline`],
];

/**
 * A setting's name; a dated row's audit id ("step2ck.minPass@2025-07-01") keeps its date, as
 * "from 2025-07-01", for the caller to format. An unknown key is shown as it is (never hidden).
 */
export function settingName(key: string): { name: string; from: string | null } {
  const [bare, from = null] = key.split('@');
  const yearly = YEARLY_SETTINGS.find(([re]) => re.test(bare));
  const name = SETTING_NAMES[bare] ?? (yearly ? yearly[1](yearly[0].exec(bare)![1]) : bare);
  return { name, from };
}

/** Stored field names (camelCase in records, snake_case in a few old rows) in words. */
const FIELD_NAMES: Record<string, string> = {
  id: 'ID',
  studentId: 'Student ID',
  student_id: 'Student ID',
  firstName: 'first name',
  lastName: 'last name',
  gradYear: 'class of',
  applicantType: 'applicant type',
  targetSpecialty: 'target specialty',
  backupSpecialty: 'backup specialty',
  usceMonths: 'US clinical experience (months)',
  usLetters: 'US letters',
  step1Deadline: 'Step 1 deadline',
  endsOn: 'to (last day)',
  changedBy: 'recorded by',
  changedAt: 'recorded at',
  archivedAt: 'archived',
  archivedBy: 'archived by',
  customFields: 'other fields',
  testDate: 'test date',
  attemptOrder: 'attempt number',
  takenOn: 'taken on',
  passProbability: 'pass probability',
  followUpDate: 'follow-up date',
  dueDate: 'due date',
  effectiveFrom: 'effective from',
  effectiveDate: 'effective date',
  referenceCk: 'reference CK',
  createdAt: 'created',
  doneAt: 'done',
  doneBy: 'done by',
};

export function fieldName(field: string): string {
  return FIELD_NAMES[field] ?? field.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_.]/g, ' ').toLowerCase();
}

const isFlagCode = (v: string): v is FlagCode => (FLAG_CODES as readonly string[]).includes(v);

/** Per field, the words for its stored codes. */
const VALUE_WORDS: Record<string, Record<string, string>> = {
  applicantType: APPLICANT_TYPE_LABELS,
  applicant_type: APPLICANT_TYPE_LABELS,
  exam: EXAM_LABELS,
  outcome: OUTCOME_LABELS,
  tier: TIER_LABELS,
  status: ENROLMENT_LABELS,
};

/**
 * A stored value in words, by the field it belongs to: exam "STEP2CK" → "Step 2 CK", applicant
 * type "US_MD" → "US MD", a flag code → its title, a setting key → its name. Anything else as stored.
 */
export function valueWords(field: string | null, value: string): string {
  const table = field ? VALUE_WORDS[field] : undefined;
  if (table && value in table) return table[value];
  if ((field === 'code' || field === 'flag') && isFlagCode(value)) return flagTitle(value);
  if (field === 'key') return settingName(value).name;
  return value;
}
