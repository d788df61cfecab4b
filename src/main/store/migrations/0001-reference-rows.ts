/**
 * The reference rows the first migration seeds (SQLite and PostgreSQL alike), exactly as schema 1
 * shipped them (2026-11-26).
 * Frozen history: a migration does the same thing forever, so these are literals, never today's
 * defaults (src/shared/rules/reference-defaults.ts). A new or changed default reaches existing and
 * new databases alike through a new migration (as 0004 delivers the COMLEX limits), and
 * test/integration/migrations-frozen.test.ts holds the two in step.
 */

export type SettingRow = [key: string, effectiveFrom: string | null, kind: string, value: string, label: string, source: string, note: string | null];
type SpecialtyRow = [name: string, tier: string, referenceCk: number | null, aliases: string[], note: string | null];

export const SETTINGS: readonly SettingRow[] = [
  ["step1.passFailFrom", null, "date", "2022-01-26", "Step 1 reported pass/fail for exams on or after", "usmle.org, Step 1 common questions", null],
  ["step1.passStandard", null, "number", "194", "Step 1 pass standard (3-digit)", "usmle.org", "Used for practice-exam readiness."],
  ["step1.passStandard", "2022-01-26", "number", "196", "Step 1 pass standard (3-digit)", "usmle.org", "Used for practice-exam readiness."],
  ["step2ck.minPass", null, "number", "209", "Step 2 CK minimum passing score", "USMLE announcements (218: third-party reports of the 2025 change; verify)", null],
  ["step2ck.minPass", "2022-07-01", "number", "214", "Step 2 CK minimum passing score", "USMLE announcements (218: third-party reports of the 2025 change; verify)", null],
  ["step2ck.minPass", "2025-07-01", "number", "218", "Step 2 CK minimum passing score", "USMLE announcements (218: third-party reports of the 2025 change; verify)", "Third-party reports of the 2025 change; verify."],
  ["step3.minPass", null, "number", "198", "Step 3 minimum passing score", "third-party reports; verify", null],
  ["step3.minPass", "2024-01-01", "number", "200", "Step 3 minimum passing score", "third-party reports; verify", null],
  ["comlex1.passFailFrom", null, "date", "2022-05-10", "COMLEX Level 1 reported pass/fail for exams on or after", "nbome.org", null],
  ["comlex2ce.minPass", null, "number", "400", "COMLEX Level 2-CE minimum passing score", "nbome.org", null],
  ["usmle.attemptLimit", null, "number", "4", "USMLE attempt limit per Step (incomplete attempts count)", "usmle.org, attempt limit", null],
  ["usmle.reportingLagWeeks", null, "number", "4", "USMLE score reporting lag (weeks)", "usmle.org Bulletin, scores", "4 weeks is typical; 8 weeks is the cautious value."],
  ["eras.reviewDate.2026", null, "date", "2025-09-24", "ERAS 2026 season: programs may review applications from", "AAMC ERAS timeline", null],
  ["eras.defaultReview.month", null, "number", "9", "Later seasons: review month (September) of the year before graduation", "derived from AAMC dates 2024 and 2025", "Used until an office enters the published date for a season."],
  ["eras.defaultReview.nth", null, "number", "4", "Later seasons: which occurrence of the weekday (4th)", "derived from AAMC dates 2024 and 2025", null],
  ["eras.defaultReview.weekday", null, "number", "3", "Later seasons: weekday (0 = Sunday, 3 = Wednesday)", "derived from AAMC dates 2024 and 2025", null],
  ["step2ck.nationalMean", null, "number", "251", "Step 2 CK national mean", "USMLE score interpretation guidelines, third-party copy (2025-26)", null],
  ["step2ck.nationalSd", null, "number", "15", "Step 2 CK national standard deviation", "USMLE score interpretation guidelines, third-party copy (2025-26)", null],
  ["step1.deadlineMonthDay", null, "monthDay", "07-31", "Default Step 1 deadline: month and day", "RULES.md §2 (before the third year begins)", null],
  ["step1.deadlineYearsBeforeGrad", null, "number", "2", "Default Step 1 deadline: years before graduation", "RULES.md §2", null],
  ["readiness.step1Margin", null, "number", "10", "Step 1 readiness line: points above the pass standard", "Stepwise advising guide (RULES.md §4)", null],
  ["readiness.step1PassProbability", null, "number", "70", "Step 1 readiness line: pass probability (%)", "Stepwise advising guide (RULES.md §4)", null],
  ["readiness.scheduledWithinDays", null, "number", "42", "Readiness check: exam scheduled within (days)", "Stepwise advising guide (RULES.md §4)", null],
  ["readiness.practiceWindowDays", null, "number", "60", "Readiness check: practice results from the last (days)", "Stepwise advising guide (RULES.md §4)", null],
  ["readiness.ckMargin", null, "number", "10", "CK readiness: points below the reference score allowed", "Stepwise advising guide (RULES.md §4)", null],
  ["ck.belowTargetHighMargin", null, "number", "10", "CK below target: high when more than this many points below", "Stepwise advising guide (RULES.md §4)", null],
  ["ck.dualApplyMargin", null, "number", "10", "Dual apply advised: CK more than this many points below reference", "Stepwise advising guide (RULES.md §4)", null],
  ["ckLate.windowMonths", null, "number", "12", "CK late check starts this many months before the review date", "Stepwise advising guide (RULES.md §4)", null],
  ["ckLate.windowEndMonthDay", null, "monthDay", "03-31", "CK late check ends on this day of the graduation year", "Stepwise advising guide (RULES.md §4)", null],
  ["attemptLimit.highAt", null, "number", "2", "Attempt limit flag: unsuccessful attempts for high", "Stepwise advising guide (RULES.md §4)", null],
  ["attemptLimit.criticalAt", null, "number", "3", "Attempt limit flag: unsuccessful attempts for critical (one left of 4)", "Stepwise advising guide (RULES.md §4)", null],
  ["specialty.tierDefault.highly", null, "number", "250", "Reference CK for a highly competitive specialty not in the table", "the guide's illustrative ranges", null],
  ["specialty.tierDefault.moderately", null, "number", "245", "Reference CK for a moderately competitive specialty not in the table", "the guide's illustrative ranges", null],
  ["specialty.tierDefault.less", null, "number", "235", "Reference CK for a less competitive specialty not in the table", "the guide's illustrative ranges", null],
];

export const SPECIALTY_SOURCE = "NRMP Charting Outcomes 2026 (third-party copy of Table 5): median Step 2 CK of matched US MD seniors";
export const SPECIALTY_EFFECTIVE_DATE = "2026-01-01";

export const SPECIALTIES: readonly SpecialtyRow[] = [
  ["Otolaryngology (ENT)", "highly", 261, ["ENT","Otolaryngology","Head and Neck Surgery"], null],
  ["Thoracic Surgery", "highly", 260, ["CT Surgery","Cardiothoracic Surgery"], null],
  ["Orthopaedic Surgery", "highly", 259, ["Ortho","Orthopedic Surgery","Orthopedics","Orthopaedics"], null],
  ["Plastic Surgery (Integrated)", "highly", 259, ["Plastics","Plastic Surgery"], null],
  ["Dermatology", "highly", 258, ["Derm"], null],
  ["Neurological Surgery", "highly", 256, ["Neurosurgery","Neurosurg"], null],
  ["Interventional Radiology (Integrated)", "highly", 255, ["IR","Interventional Radiology"], null],
  ["Vascular Surgery", "highly", 256, ["Vascular","Vasc Surg"], null],
  ["Urology", "highly", null, ["Uro"], "Tier default: separate match, not in Charting Outcomes."],
  ["Ophthalmology", "highly", null, ["Ophtho","Ophth"], "Tier default: separate match, not in Charting Outcomes."],
  ["Diagnostic Radiology", "moderately", 257, ["DR","Radiology","Rads"], null],
  ["Anesthesiology", "moderately", 255, ["Anesthesia","Gas"], null],
  ["General Surgery", "moderately", 255, ["Gen Surg","Surgery","GS"], null],
  ["Internal Medicine-Pediatrics", "moderately", 255, ["Med-Peds","Med Peds","IM-Peds","Internal Medicine Pediatrics"], null],
  ["Obstetrics and Gynecology", "moderately", 253, ["OB/GYN","OBGYN","OB-GYN","Obstetrics & Gynecology"], null],
  ["Neurology", "moderately", 252, ["Neuro"], null],
  ["Radiation Oncology", "moderately", 251, ["Rad Onc","RadOnc"], null],
  ["Physical Medicine and Rehabilitation", "moderately", 251, ["PM&R","PMR","PM and R","Physiatry"], null],
  ["Child Neurology", "moderately", 251, ["Peds Neuro","Pediatric Neurology"], null],
  ["Emergency Medicine", "moderately", 249, ["EM"], null],
  ["Internal Medicine", "less", 254, ["IM","Medicine"], null],
  ["Pediatrics", "less", 249, ["Peds"], null],
  ["Pathology", "less", 247, ["Path"], null],
  ["Psychiatry", "less", 247, ["Psych"], null],
  ["Family Medicine", "less", 244, ["FM","Family Practice"], null],
];

