/**
 * The reference row migration 0006 delivers (SQLite and PostgreSQL alike): how long an acknowledged
 * flag stays acknowledged (RULES.md §4, "Acknowledged flags"). Frozen: literals, never today's defaults.
 */
import type { SettingRow } from './0001-reference-rows';

export const ROWS: readonly SettingRow[] = [
  [
    'flags.acknowledgementDays',
    null,
    'number',
    '90',
    'Acknowledged flags: an acknowledgement lapses after this many days',
    'Stepwise advising guide (RULES.md §4)',
    "It lapses sooner when the flag's facts change.",
  ],
];
