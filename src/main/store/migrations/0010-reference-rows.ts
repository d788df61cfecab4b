/**
 * The reference row migration 0010 delivers (SQLite and PostgreSQL alike): how many seasons one
 * chart of the office's own Charting Outcomes pools at the least (issue 15). Frozen: literals,
 * never today's defaults.
 */
import type { SettingRow } from './0001-reference-rows';

export const SETTINGS: readonly SettingRow[] = [
  [
    'outcomes.blockSeasons',
    null,
    'number',
    '3',
    'Charting Outcomes: seasons one chart pools at the least',
    'Stepwise advising guide (PRODUCT.md, program lists and outcomes)',
    'A chart closes once it has at least this many seasons and enough applicants for the smallest cell; more seasons leave fewer CK bands hidden.',
  ],
];
