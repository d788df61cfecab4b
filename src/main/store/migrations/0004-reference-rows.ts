/**
 * The reference rows migration 0004 delivers (SQLite and PostgreSQL alike): the COMLEX attempt
 * limits (RULES.md §1) and the CK_LATE planning reminder (§4). Frozen: literals, never today's defaults.
 */
import type { SettingRow } from './0001-reference-rows';

export const ROWS: readonly SettingRow[] = [
  [
    'comlex.attemptLimit',
    null,
    'number',
    '6',
    'COMLEX attempt limit per level (for attempts on or after the date)',
    'nbome.org, "NBOME to modify attempt limits for COMLEX-USA effective July 1, 2022"',
    'Before 2022-07-01.',
  ],
  [
    'comlex.attemptLimit',
    '2022-07-01',
    'number',
    '4',
    'COMLEX attempt limit per level (for attempts on or after the date)',
    'nbome.org, "NBOME to modify attempt limits for COMLEX-USA effective July 1, 2022"',
    null,
  ],
  [
    'ckLate.unscheduledWarningDays',
    null,
    'number',
    '150',
    'CK late, not scheduled: a low planning reminder until this many days before the CK safe date',
    'Stepwise advising guide (RULES.md §4)',
    'From then on (and after the safe date) high or medium.',
  ],
];
