/**
 * The reference facts of RULES.md, as shipped defaults: what a database holds once every migration
 * has run. The migrations write their own frozen copies (the first migration seeds the rows of its
 * day, later ones add or change rows), the office edits them (Settings, Specialties), and every rule
 * reads them back from the database. A change here needs a migration that delivers it:
 * test/integration/migrations-frozen.test.ts fails until the two agree.
 */
import type { Setting, SettingKind, Specialty, Tier } from '../domain';

export interface DefaultSetting {
  key: string;
  effectiveFrom: string | null;
  kind: SettingKind;
  value: string;
  label: string;
  source: string;
  note: string | null;
}

const USMLE_STEP1_FAQ = 'usmle.org, Step 1 common questions';
const USMLE_CK_CHANGES = 'USMLE announcements (218: third-party reports of the 2025 change; verify)';
const GUIDE = 'Stepwise advising guide (RULES.md §4)';
const OUTCOMES_GUIDE = 'Stepwise advising guide (PRODUCT.md, program lists and outcomes)';
const NBOME_ATTEMPT_LIMIT = 'nbome.org, "NBOME to modify attempt limits for COMLEX-USA effective July 1, 2022"';

export const DEFAULT_SETTINGS: DefaultSetting[] = [
  { key: 'step1.passFailFrom', effectiveFrom: null, kind: 'date', value: '2022-01-26', label: 'Step 1 reported pass/fail for exams on or after', source: USMLE_STEP1_FAQ, note: null },
  { key: 'step1.passStandard', effectiveFrom: null, kind: 'number', value: '194', label: 'Step 1 pass standard (3-digit)', source: 'usmle.org', note: 'Used for practice-exam readiness.' },
  { key: 'step1.passStandard', effectiveFrom: '2022-01-26', kind: 'number', value: '196', label: 'Step 1 pass standard (3-digit)', source: 'usmle.org', note: 'Used for practice-exam readiness.' },
  { key: 'step2ck.minPass', effectiveFrom: null, kind: 'number', value: '209', label: 'Step 2 CK minimum passing score', source: USMLE_CK_CHANGES, note: null },
  { key: 'step2ck.minPass', effectiveFrom: '2022-07-01', kind: 'number', value: '214', label: 'Step 2 CK minimum passing score', source: USMLE_CK_CHANGES, note: null },
  { key: 'step2ck.minPass', effectiveFrom: '2025-07-01', kind: 'number', value: '218', label: 'Step 2 CK minimum passing score', source: USMLE_CK_CHANGES, note: 'Third-party reports of the 2025 change; verify.' },
  { key: 'step3.minPass', effectiveFrom: null, kind: 'number', value: '198', label: 'Step 3 minimum passing score', source: 'third-party reports; verify', note: null },
  { key: 'step3.minPass', effectiveFrom: '2024-01-01', kind: 'number', value: '200', label: 'Step 3 minimum passing score', source: 'third-party reports; verify', note: null },
  { key: 'comlex1.passFailFrom', effectiveFrom: null, kind: 'date', value: '2022-05-10', label: 'COMLEX Level 1 reported pass/fail for exams on or after', source: 'nbome.org', note: null },
  { key: 'comlex2ce.minPass', effectiveFrom: null, kind: 'number', value: '400', label: 'COMLEX Level 2-CE minimum passing score', source: 'nbome.org', note: null },
  { key: 'usmle.attemptLimit', effectiveFrom: null, kind: 'number', value: '4', label: 'USMLE attempt limit per Step (incomplete attempts count)', source: 'usmle.org, attempt limit', note: null },
  // RULES.md §1: the COMLEX limit in force is the one on the date of the attempt (6 before 2022-07-01).
  { key: 'comlex.attemptLimit', effectiveFrom: null, kind: 'number', value: '6', label: 'COMLEX attempt limit per level (for attempts on or after the date)', source: NBOME_ATTEMPT_LIMIT, note: 'Before 2022-07-01.' },
  { key: 'comlex.attemptLimit', effectiveFrom: '2022-07-01', kind: 'number', value: '4', label: 'COMLEX attempt limit per level (for attempts on or after the date)', source: NBOME_ATTEMPT_LIMIT, note: null },
  { key: 'usmle.reportingLagWeeks', effectiveFrom: null, kind: 'number', value: '4', label: 'USMLE score reporting lag (weeks)', source: 'usmle.org Bulletin, scores', note: '4 weeks is typical; 8 weeks is the cautious value.' },
  { key: 'eras.reviewDate.2026', effectiveFrom: null, kind: 'date', value: '2025-09-24', label: 'ERAS 2026 season: programs may review applications from', source: 'AAMC ERAS timeline', note: null },
  { key: 'eras.defaultReview.month', effectiveFrom: null, kind: 'number', value: '9', label: 'Later seasons: review month (September) of the year before graduation', source: 'derived from AAMC dates 2024 and 2025', note: 'Used until an office enters the published date for a season.' },
  { key: 'eras.defaultReview.nth', effectiveFrom: null, kind: 'number', value: '4', label: 'Later seasons: which occurrence of the weekday (4th)', source: 'derived from AAMC dates 2024 and 2025', note: null },
  { key: 'eras.defaultReview.weekday', effectiveFrom: null, kind: 'number', value: '3', label: 'Later seasons: weekday (0 = Sunday, 3 = Wednesday)', source: 'derived from AAMC dates 2024 and 2025', note: null },
  { key: 'step2ck.nationalMean', effectiveFrom: null, kind: 'number', value: '251', label: 'Step 2 CK national mean', source: 'USMLE score interpretation guidelines, third-party copy (2025-26)', note: null },
  { key: 'step2ck.nationalSd', effectiveFrom: null, kind: 'number', value: '15', label: 'Step 2 CK national standard deviation', source: 'USMLE score interpretation guidelines, third-party copy (2025-26)', note: null },
  { key: 'step1.deadlineMonthDay', effectiveFrom: null, kind: 'monthDay', value: '07-31', label: 'Default Step 1 deadline: month and day', source: 'RULES.md §2 (before the third year begins)', note: null },
  { key: 'step1.deadlineYearsBeforeGrad', effectiveFrom: null, kind: 'number', value: '2', label: 'Default Step 1 deadline: years before graduation', source: 'RULES.md §2', note: null },
  { key: 'readiness.step1Margin', effectiveFrom: null, kind: 'number', value: '10', label: 'Step 1 readiness line: points above the pass standard', source: GUIDE, note: null },
  { key: 'readiness.step1PassProbability', effectiveFrom: null, kind: 'number', value: '70', label: 'Step 1 readiness line: pass probability (%)', source: GUIDE, note: null },
  { key: 'readiness.scheduledWithinDays', effectiveFrom: null, kind: 'number', value: '42', label: 'Readiness check: exam scheduled within (days)', source: GUIDE, note: null },
  { key: 'readiness.practiceWindowDays', effectiveFrom: null, kind: 'number', value: '60', label: 'Readiness check: practice results from the last (days)', source: GUIDE, note: null },
  { key: 'readiness.ckMargin', effectiveFrom: null, kind: 'number', value: '10', label: 'CK readiness: points below the reference score allowed', source: GUIDE, note: null },
  { key: 'ck.belowTargetHighMargin', effectiveFrom: null, kind: 'number', value: '10', label: 'CK below target: high when more than this many points below', source: GUIDE, note: null },
  { key: 'ck.dualApplyMargin', effectiveFrom: null, kind: 'number', value: '10', label: 'Dual apply advised: CK more than this many points below reference', source: GUIDE, note: null },
  { key: 'ckLate.windowMonths', effectiveFrom: null, kind: 'number', value: '12', label: 'CK late check starts this many months before the review date', source: GUIDE, note: null },
  { key: 'ckLate.windowEndMonthDay', effectiveFrom: null, kind: 'monthDay', value: '03-31', label: 'CK late check ends on this day of the graduation year', source: GUIDE, note: null },
  { key: 'ckLate.unscheduledWarningDays', effectiveFrom: null, kind: 'number', value: '150', label: 'CK late, not scheduled: a low planning reminder until this many days before the CK safe date', source: GUIDE, note: 'From then on (and after the safe date) high or medium.' },
  { key: 'flags.acknowledgementDays', effectiveFrom: null, kind: 'number', value: '90', label: 'Acknowledged flags: an acknowledgement lapses after this many days', source: GUIDE, note: 'It lapses sooner when the flag\'s facts change.' },
  { key: 'outcomes.ckBands', effectiveFrom: null, kind: 'text', value: '230,240,250,260', label: 'Charting Outcomes: Step 2 CK band edges (comma-separated, ascending)', source: OUTCOMES_GUIDE, note: '230,240,250,260 gives the bands below 230, 230-239, 240-249, 250-259 and 260 or more.' },
  { key: 'outcomes.suppressionThreshold', effectiveFrom: null, kind: 'number', value: '10', label: 'Charting Outcomes: a cell with fewer students than this is suppressed', source: OUTCOMES_GUIDE, note: 'Shown as "fewer than 10", with complementary suppression so no total reveals it.' },
  { key: 'outcomes.blockSeasons', effectiveFrom: null, kind: 'number', value: '3', label: 'Charting Outcomes: seasons one chart pools at the least', source: OUTCOMES_GUIDE, note: 'A chart closes once it has at least this many seasons and enough applicants for the smallest cell; more seasons leave fewer CK bands hidden.' },
  { key: 'outcomes.programEvidenceMinimum', effectiveFrom: null, kind: 'number', value: '5', label: "Program lists: past applicants to a program needed for the program's own evidence", source: OUTCOMES_GUIDE, note: "With fewer, a tier is read from the specialty's distribution (the school's, then the national reference)." },
  { key: 'attemptLimit.highAt', effectiveFrom: null, kind: 'number', value: '2', label: 'Attempt limit flag: unsuccessful attempts for high', source: GUIDE, note: null },
  { key: 'attemptLimit.criticalAt', effectiveFrom: null, kind: 'number', value: '3', label: 'Attempt limit flag: unsuccessful attempts for critical (one left of 4)', source: GUIDE, note: null },
  { key: 'specialty.tierDefault.highly', effectiveFrom: null, kind: 'number', value: '250', label: 'Reference CK for a highly competitive specialty not in the table', source: "the guide's illustrative ranges", note: null },
  { key: 'specialty.tierDefault.moderately', effectiveFrom: null, kind: 'number', value: '245', label: 'Reference CK for a moderately competitive specialty not in the table', source: "the guide's illustrative ranges", note: null },
  { key: 'specialty.tierDefault.less', effectiveFrom: null, kind: 'number', value: '235', label: 'Reference CK for a less competitive specialty not in the table', source: "the guide's illustrative ranges", note: null },
];

export interface DefaultSpecialty {
  name: string;
  tier: Tier;
  referenceCk: number | null;
  aliases: string[];
  note: string | null;
}

export const SPECIALTY_SOURCE = 'NRMP Charting Outcomes 2026 (third-party copy of Table 5): median Step 2 CK of matched US MD seniors';
export const SPECIALTY_EFFECTIVE_DATE = '2026-01-01';
// A null referenceCk means "use the tier default" (specialty.tierDefault.<tier>): RULES.md gives these
// two rows 250 as the highly competitive tier default, not as a Charting Outcomes figure, so the
// flag messages cite the tier default's source rather than NRMP.
const TIER_DEFAULT_NOTE = 'Tier default: separate match, not in Charting Outcomes.';

export const DEFAULT_SPECIALTIES: DefaultSpecialty[] = [
  { name: 'Otolaryngology (ENT)', tier: 'highly', referenceCk: 261, aliases: ['ENT', 'Otolaryngology', 'Head and Neck Surgery'], note: null },
  { name: 'Thoracic Surgery', tier: 'highly', referenceCk: 260, aliases: ['CT Surgery', 'Cardiothoracic Surgery'], note: null },
  { name: 'Orthopaedic Surgery', tier: 'highly', referenceCk: 259, aliases: ['Ortho', 'Orthopedic Surgery', 'Orthopedics', 'Orthopaedics'], note: null },
  { name: 'Plastic Surgery (Integrated)', tier: 'highly', referenceCk: 259, aliases: ['Plastics', 'Plastic Surgery'], note: null },
  { name: 'Dermatology', tier: 'highly', referenceCk: 258, aliases: ['Derm'], note: null },
  { name: 'Neurological Surgery', tier: 'highly', referenceCk: 256, aliases: ['Neurosurgery', 'Neurosurg'], note: null },
  { name: 'Interventional Radiology (Integrated)', tier: 'highly', referenceCk: 255, aliases: ['IR', 'Interventional Radiology'], note: null },
  { name: 'Vascular Surgery', tier: 'highly', referenceCk: 256, aliases: ['Vascular', 'Vasc Surg'], note: null },
  { name: 'Urology', tier: 'highly', referenceCk: null, aliases: ['Uro'], note: TIER_DEFAULT_NOTE },
  { name: 'Ophthalmology', tier: 'highly', referenceCk: null, aliases: ['Ophtho', 'Ophth'], note: TIER_DEFAULT_NOTE },
  { name: 'Diagnostic Radiology', tier: 'moderately', referenceCk: 257, aliases: ['DR', 'Radiology', 'Rads'], note: null },
  { name: 'Anesthesiology', tier: 'moderately', referenceCk: 255, aliases: ['Anesthesia', 'Gas'], note: null },
  { name: 'General Surgery', tier: 'moderately', referenceCk: 255, aliases: ['Gen Surg', 'Surgery', 'GS'], note: null },
  { name: 'Internal Medicine-Pediatrics', tier: 'moderately', referenceCk: 255, aliases: ['Med-Peds', 'Med Peds', 'IM-Peds', 'Internal Medicine Pediatrics'], note: null },
  { name: 'Obstetrics and Gynecology', tier: 'moderately', referenceCk: 253, aliases: ['OB/GYN', 'OBGYN', 'OB-GYN', 'Obstetrics & Gynecology'], note: null },
  { name: 'Neurology', tier: 'moderately', referenceCk: 252, aliases: ['Neuro'], note: null },
  { name: 'Radiation Oncology', tier: 'moderately', referenceCk: 251, aliases: ['Rad Onc', 'RadOnc'], note: null },
  { name: 'Physical Medicine and Rehabilitation', tier: 'moderately', referenceCk: 251, aliases: ['PM&R', 'PMR', 'PM and R', 'Physiatry'], note: null },
  { name: 'Child Neurology', tier: 'moderately', referenceCk: 251, aliases: ['Peds Neuro', 'Pediatric Neurology'], note: null },
  { name: 'Emergency Medicine', tier: 'moderately', referenceCk: 249, aliases: ['EM'], note: null },
  { name: 'Internal Medicine', tier: 'less', referenceCk: 254, aliases: ['IM', 'Medicine'], note: null },
  { name: 'Pediatrics', tier: 'less', referenceCk: 249, aliases: ['Peds'], note: null },
  { name: 'Pathology', tier: 'less', referenceCk: 247, aliases: ['Path'], note: null },
  { name: 'Psychiatry', tier: 'less', referenceCk: 247, aliases: ['Psych'], note: null },
  { name: 'Family Medicine', tier: 'less', referenceCk: 244, aliases: ['FM', 'Family Practice'], note: null },
];

/**
 * The shipped defaults in the shape `loadReferenceData` returns from a freshly migrated database
 * (ids in seeding order): for unit tests and previews that need the rules without a database.
 */
export function defaultReferenceData(): { settings: Setting[]; specialties: Specialty[] } {
  return {
    settings: DEFAULT_SETTINGS.map((s) => ({ key: s.key, effectiveFrom: s.effectiveFrom, kind: s.kind, value: s.value, label: s.label, source: s.source, note: s.note })),
    specialties: DEFAULT_SPECIALTIES.map((s, i) => ({
      id: i + 1,
      name: s.name,
      tier: s.tier,
      referenceCk: s.referenceCk,
      aliases: [...s.aliases],
      source: SPECIALTY_SOURCE,
      effectiveDate: SPECIALTY_EFFECTIVE_DATE,
      note: s.note,
    })),
  };
}
