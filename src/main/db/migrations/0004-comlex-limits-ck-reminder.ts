import type { Database } from 'better-sqlite3';

/**
 * Schema v4: the reference settings the COMLEX rules and the CK_LATE planning reminder read
 * (RULES.md §1 COMLEX attempt limit; §4 CK_LATE `ckLate.unscheduledWarningDays`). Databases created
 * before them lack the rows, and the rules refuse to run on a missing setting.
 *
 * Frozen: the values are written here, not read from today's defaults, so this migration does the
 * same thing forever. A database created by a later version already has the rows (the first
 * migration seeds the defaults of its day): they are left as they are, as is anything the office edited.
 */
const ROWS: readonly [key: string, effectiveFrom: string | null, kind: string, value: string, label: string, source: string, note: string | null][] = [
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

export function up(db: Database): void {
  const exists = db.prepare(`SELECT 1 FROM settings WHERE key = ? AND ifnull(effective_from, '') = ifnull(?, '')`).pluck();
  const insert = db.prepare(
    `INSERT INTO settings (key, effective_from, kind, value, label, source, note, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const now = new Date().toISOString();
  for (const [key, effectiveFrom, kind, value, label, source, note] of ROWS)
    if (exists.get(key, effectiveFrom) === undefined) insert.run(key, effectiveFrom, kind, value, label, source, note, now);
}
