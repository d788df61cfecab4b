/**
 * The reference rows migration 0008 delivers (SQLite and PostgreSQL alike): the settings of the
 * school's outcomes memory (issue 15) and the ERAS program-signal allowances of the 2025 season.
 * Frozen: literals, never today's defaults.
 */
import type { SettingRow } from './0001-reference-rows';

const GUIDE = 'Stepwise advising guide (PRODUCT.md, program lists and outcomes)';

export const SETTINGS: readonly SettingRow[] = [
  [
    'outcomes.ckBands',
    null,
    'text',
    '230,240,250,260',
    "Charting Outcomes: Step 2 CK band edges (comma-separated, ascending)",
    GUIDE,
    '230,240,250,260 gives the bands below 230, 230-239, 240-249, 250-259 and 260 or more.',
  ],
  [
    'outcomes.suppressionThreshold',
    null,
    'number',
    '10',
    'Charting Outcomes: a cell with fewer students than this is suppressed',
    GUIDE,
    'Shown as "fewer than 10", with complementary suppression so no total reveals it.',
  ],
  [
    'outcomes.programEvidenceMinimum',
    null,
    'number',
    '5',
    "Program lists: past applicants to a program needed for the program's own evidence",
    GUIDE,
    "With fewer, a tier is read from the specialty's distribution (the school's, then the national reference).",
  ],
];

/** [season, specialty, gold, silver, signals, note]. */
export type SignalRow = [season: number, specialty: string, gold: number | null, silver: number | null, signals: number | null, note: string | null];

export const SIGNAL_SOURCE =
  'AAMC, "Program Signaling for the 2025 MyERAS Application Season" (students-residents.aamc.org/applying-residencies-eras/program-signaling-2025-myeras-application-season)';

/** The AAMC's table for the 2025 ERAS season (Match 2025), every residency specialty it lists, named as the office's specialty table names them. */
export const SIGNALS: readonly SignalRow[] = [
  [2025, 'Anesthesiology', 5, 10, null, null],
  [2025, 'Child Neurology', null, null, 3, 'AAMC: Child Neurology & Neurodevelopmental Disabilities.'],
  [2025, 'Dermatology', 3, 25, null, null],
  [2025, 'Diagnostic Radiology', 6, 6, null, 'AAMC lists Diagnostic Radiology and Interventional Radiology together.'],
  [2025, 'Interventional Radiology (Integrated)', 6, 6, null, 'AAMC lists Diagnostic Radiology and Interventional Radiology together.'],
  [2025, 'Emergency Medicine', null, null, 5, 'Specialty guidance: do not signal home and away rotations.'],
  [2025, 'Family Medicine', null, null, 5, null],
  [2025, 'General Surgery', null, null, 15, null],
  [2025, 'Internal Medicine', 3, 12, null, null],
  [2025, 'Internal Medicine-Psychiatry', null, null, 2, 'AAMC: Internal Medicine & Psychiatry.'],
  [2025, 'Neurological Surgery', null, null, 25, null],
  [2025, 'Neurology', null, null, 8, null],
  [2025, 'Orthopaedic Surgery', null, null, 30, 'AAMC: Orthopedic Surgery.'],
  [2025, 'Otolaryngology (ENT)', null, null, 25, 'AAMC: Otolaryngology.'],
  [2025, 'Pathology', null, null, 5, null],
  [2025, 'Pediatrics', null, null, 5, null],
  [2025, 'Physical Medicine and Rehabilitation', null, null, 8, null],
  [2025, 'Public Health and General Preventive Medicine', null, null, 3, null],
  [2025, 'Psychiatry', null, null, 10, null],
  [2025, 'Radiation Oncology', null, null, 4, null],
  [2025, 'Thoracic Surgery', null, null, 3, null],
  [2025, 'Transitional Year', null, null, 12, null],
];
