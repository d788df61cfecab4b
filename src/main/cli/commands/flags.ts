import type { CohortFlagRow, CohortFlags } from '../../../shared/api/flags';
import { ENROLLED_STATUSES, isIsoDate, SEVERITIES, type Severity } from '../../../shared/domain';
import { parseStatusOption } from '../status-option';
import { call, parseIntOption, UsageError, withDatabase, type CliIo, type ParsedValues } from '../command';

/** PRODUCT.md's `flags --json` element: one per flagged student, sorted by student ID. */
export interface FlagsJsonEntry {
  studentId: string;
  name: string;
  risk: Severity;
  flags: { code: string; severity: Severity; message: string; actions: string[] }[];
}

export function flagsJson(result: CohortFlags): FlagsJsonEntry[] {
  return [...result.students]
    .sort((a, b) => (a.studentId < b.studentId ? -1 : a.studentId > b.studentId ? 1 : 0))
    .map((s) => ({
      studentId: s.studentId,
      name: s.name,
      risk: s.risk!,
      flags: s.flags.map((f) => ({ code: f.code, severity: f.severity, message: f.message, actions: f.actions })),
    }));
}

/**
 * Prints exactly `JSON.stringify(items, null, 2)`, an element at a time in chunks of about 256 KB:
 * for a whole cohort (40 MB of JSON at 100,000 students) no single string holds it all.
 */
export function writeJsonArray(io: Pick<CliIo, 'stdout'>, items: readonly unknown[]): void {
  if (!items.length) return io.stdout('[]');
  // Lines, printed a chunk at a time (io.stdout ends each call with a newline).
  let lines: string[] = ['['];
  let size = 0;
  items.forEach((item, i) => {
    const text = `  ${JSON.stringify(item, null, 2).replaceAll('\n', '\n  ')}${i < items.length - 1 ? ',' : ''}`;
    lines.push(text);
    size += text.length;
    if (size >= 1 << 18) {
      io.stdout(lines.join('\n'));
      lines = [];
      size = 0;
    }
  });
  lines.push(']');
  io.stdout(lines.join('\n'));
}

const COUNT_LABELS: [keyof CohortFlags['counts'], string][] = [
  ['critical', 'critical'],
  ['high', 'high'],
  ['medium', 'medium'],
  ['low', 'low'],
  ['none', 'no flags'],
];

/** The readable list: one aligned row per flagged student, most severe first, then a count per risk level. */
export function flagsTable(result: CohortFlags): string[] {
  const header = ['RISK', 'STUDENT', 'NAME', 'CLASS', 'ADVISOR', 'FLAGS'];
  const rows = result.students.map((s: CohortFlagRow) => [
    s.risk ?? '',
    s.studentId,
    s.name,
    String(s.gradYear),
    s.advisor ?? '',
    s.flags.map((f) => `${f.code} (${f.severity})`).join(', '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  const out = rows.length ? [line(header), ...rows.map(line)] : ['No student has flags.'];
  const labelWidth = Math.max(...COUNT_LABELS.map(([, l]) => l.length));
  const countWidth = Math.max(...COUNT_LABELS.map(([k]) => String(result.counts[k]).length));
  out.push('', ...COUNT_LABELS.map(([k, label]) => `${label.padEnd(labelWidth)}  ${String(result.counts[k]).padStart(countWidth)}`));
  out.push(`${result.total} students, as of ${result.asOf}`);
  return out;
}

function parseSeverity(value: unknown): Severity | undefined {
  if (value === undefined) return undefined;
  const s = SEVERITIES.find((x) => x === value);
  if (!s) throw new UsageError(`--min-severity must be one of ${SEVERITIES.join(', ')}, got "${String(value)}"`);
  return s;
}

function parseDate(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !isIsoDate(value)) throw new UsageError(`--as-of must be a real date as YYYY-MM-DD, got "${String(value)}"`);
  return value;
}

/** `stepwise flags` (its options: commands/index.ts). */
export async function run(values: ParsedValues, _positionals: string[], io: CliIo): Promise<number> {
  const asOf = parseDate(values['as-of']);
  const classes = (Array.isArray(values.class) ? values.class : []).map((c) => parseIntOption('class', c, 1950, 2100)!);
  const minSeverity = parseSeverity(values['min-severity']);
  const advisor = typeof values.advisor === 'string' ? values.advisor : undefined;
  // Students still enrolled (leave of absence and extended students still take exams); archived never.
  const statuses = parseStatusOption(values.status, ENROLLED_STATUSES);
  return withDatabase(values, io, async (ctx) => {
    const result = await call(ctx, 'flags.cohort', { asOf, gradYears: classes.length ? classes : undefined, advisor, minSeverity, statuses });
    if (!result.ok) {
      io.stderr(`stepwise flags: ${result.error.message}`);
      return 1;
    }
    if (values.json) writeJsonArray(io, flagsJson(result.value));
    else for (const l of flagsTable(result.value)) io.stdout(l);
    return 0;
  });
}
