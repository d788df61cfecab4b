import { z } from 'zod';
import { IsoDate } from './dates';

/**
 * A student's enrolment (issue 14, "Students' life cycle"): a history of status changes, each with
 * the day it takes effect, and for a leave or an extension the day it is planned to end. The status
 * on a date is derived from that history, never stored on its own, so "on leave from 2026-01-10 to
 * 2026-06-30" stays answerable after the student is back. Archiving is apart from the status: an
 * archived student (one who left) is kept with their whole record, hidden from every list, count,
 * report and flag list unless asked for, and can be restored.
 */
export const ENROLMENT_STATUSES = ['active', 'leave', 'extended', 'withdrawn', 'graduated'] as const;
export const EnrolmentStatus = z.enum(ENROLMENT_STATUSES);
export type EnrolmentStatus = z.infer<typeof EnrolmentStatus>;

export const ENROLMENT_LABELS: Record<EnrolmentStatus, string> = {
  active: 'Active',
  leave: 'Leave of absence',
  extended: 'Extended (decelerated)',
  withdrawn: 'Withdrawn',
  graduated: 'Graduated',
};

/**
 * Still enrolled: they take exams and get flags. Withdrawn and graduated students are not active.
 * The dashboard and `stepwise flags` default to these; the committee workbook to active alone.
 */
export const ENROLLED_STATUSES: readonly EnrolmentStatus[] = ['active', 'leave', 'extended'];
/** Statuses a change may give an end date to (the planned return). */
export const TEMPORARY_STATUSES: readonly EnrolmentStatus[] = ['leave', 'extended'];

export const EnrolmentChangeInput = z
  .object({
    studentId: z.string().trim().min(1).max(64),
    status: EnrolmentStatus,
    effectiveFrom: IsoDate,
    /** A leave's or an extension's last day; from the next day the student is active again (unless a later change says otherwise). */
    endsOn: IsoDate.nullable().default(null),
    note: z.string().trim().max(2000).nullable().default(null),
  })
  .superRefine((c, ctx) => {
    if (c.endsOn !== null && !TEMPORARY_STATUSES.includes(c.status))
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: `${ENROLMENT_LABELS[c.status]} has no end date; only a leave of absence or an extension ends` });
    if (c.endsOn !== null && c.endsOn < c.effectiveFrom) ctx.addIssue({ code: 'custom', path: ['endsOn'], message: `ends on ${c.endsOn}, before it starts (${c.effectiveFrom})` });
  });
export type EnrolmentChangeInput = z.input<typeof EnrolmentChangeInput>;
export type ParsedEnrolmentChange = z.output<typeof EnrolmentChangeInput>;

export type EnrolmentChange = ParsedEnrolmentChange & { id: number; changedBy: string; changedAt: string };

/** A student's enrolment history, oldest change first, and whether (and by whom) they are archived. */
export interface Enrolment {
  changes: EnrolmentChange[];
  archivedAt: string | null;
  archivedBy: string | null;
}

export const NO_ENROLMENT: Enrolment = { changes: [], archivedAt: null, archivedBy: null };

/** The status on a date, and the change it comes from (null: no change in force, so active since enrolment). */
export interface EnrolmentStanding {
  status: EnrolmentStatus;
  /** The day the status began, when a change says so. */
  since: string | null;
  /** The planned last day of a leave or extension. */
  until: string | null;
  change: EnrolmentChange | null;
}

/** Changes in the order they take effect (same day: the one recorded later wins). */
export function inEffectOrder(changes: readonly EnrolmentChange[]): EnrolmentChange[] {
  return [...changes].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : a.id - b.id));
}

/**
 * The status on `date`: the latest change in effect by then; a leave or extension whose end date has
 * passed is over, so the student is active again from the day after it (since that day).
 */
export function enrolmentOn(enrolment: Pick<Enrolment, 'changes'> | undefined, date: string): EnrolmentStanding {
  let latest: EnrolmentChange | null = null;
  for (const c of enrolment?.changes ?? [])
    if (c.effectiveFrom <= date && (latest === null || c.effectiveFrom > latest.effectiveFrom || (c.effectiveFrom === latest.effectiveFrom && c.id > latest.id))) latest = c;
  if (latest === null) return { status: 'active', since: null, until: null, change: null };
  if (latest.endsOn !== null && latest.endsOn < date) return { status: 'active', since: nextDay(latest.endsOn), until: null, change: latest };
  return { status: latest.status, since: latest.effectiveFrom, until: latest.endsOn, change: latest };
}

function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Which students a list, count or report covers by enrolment: statuses (undefined = every status), and archived ones or not. */
export const EnrolmentFilter = z.object({
  /** Keep students whose status on the as-of date is one of these; omitted = every status. */
  statuses: z.array(EnrolmentStatus).min(1).max(5).optional(),
  /** true: the archived students only (the roster's "Archived" view); otherwise archived students are left out. */
  archived: z.boolean().optional(),
});
export type EnrolmentFilter = z.input<typeof EnrolmentFilter>;

/** Whether a student is in the filter's students on the date. */
export function enrolmentMatches(enrolment: Enrolment | undefined, filter: EnrolmentFilter, date: string): boolean {
  const archived = !!enrolment?.archivedAt;
  if (archived !== !!filter.archived) return false;
  return !filter.statuses?.length || filter.statuses.includes(enrolmentOn(enrolment, date).status);
}

/** "active students", "active, leave of absence or extended students", …: what a title row says it lists. */
export function describeEnrolmentFilter(filter: EnrolmentFilter): string {
  const statuses = filter.statuses?.length ? [...new Set(filter.statuses)] : null;
  const words = statuses ? ENROLMENT_STATUSES.filter((s) => statuses.includes(s)).map((s) => ENROLMENT_LABELS[s].toLowerCase()) : null;
  const list = words === null || words.length === ENROLMENT_STATUSES.length ? 'students of every enrolment status' : `${words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`} students`;
  return filter.archived ? `archived ${list}` : list;
}

/**
 * An import's "Enrolment status" cell read as a status: the words and abbreviations registrars use.
 * Anything else is null, and the import refuses it at its cell (never guessed).
 */
export function parseEnrolmentStatus(text: string): EnrolmentStatus | null {
  const key = text.trim().toLowerCase().replace(/[^a-z]+/g, ' ').trim();
  return ENROLMENT_SPELLINGS[key] ?? null;
}

const ENROLMENT_SPELLINGS: Record<string, EnrolmentStatus> = {
  active: 'active',
  enrolled: 'active',
  enroled: 'active',
  current: 'active',
  'in good standing': 'active',
  'good standing': 'active',
  leave: 'leave',
  loa: 'leave',
  'leave of absence': 'leave',
  'on leave': 'leave',
  'l o a': 'leave',
  extended: 'extended',
  extension: 'extended',
  decel: 'extended',
  decelerated: 'extended',
  deceleration: 'extended',
  'extended decelerated': 'extended',
  'extended decel': 'extended',
  withdrawn: 'withdrawn',
  withdrew: 'withdrawn',
  withdrawal: 'withdrawn',
  graduated: 'graduated',
  graduate: 'graduated',
  grad: 'graduated',
  alumni: 'graduated',
  alumnus: 'graduated',
  alumna: 'graduated',
};
