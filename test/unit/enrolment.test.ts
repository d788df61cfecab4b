/**
 * A student's enrolment status on a date, derived from their history (src/shared/domain/enrolment.ts),
 * the filter every list, count and report applies, and the spellings an import reads.
 */
import { describe, expect, it } from 'vitest';
import {
  describeEnrolmentFilter,
  EnrolmentChangeInput,
  enrolmentMatches,
  enrolmentOn,
  parseEnrolmentStatus,
  type Enrolment,
  type EnrolmentFilter,
  type EnrolmentChange,
  type EnrolmentStatus,
} from '../../src/shared/domain';

let nextId = 1;
const change = (status: EnrolmentStatus, effectiveFrom: string, endsOn: string | null = null, id = nextId++): EnrolmentChange => ({
  id,
  studentId: 'S1',
  status,
  effectiveFrom,
  endsOn,
  note: null,
  changedBy: 'Dr. Adams',
  changedAt: '2026-01-05T10:00:00.000Z',
});

const history: Enrolment = {
  changes: [change('extended', '2025-08-01'), change('leave', '2026-01-10', '2026-06-30'), change('graduated', '2027-05-20')],
  archivedAt: null,
  archivedBy: null,
};

describe('the status on a date', () => {
  it.each([
    ['before any change: active, with no start', '2025-07-31', 'active', null, null],
    ['the day a change takes effect', '2025-08-01', 'extended', '2025-08-01', null],
    ['between changes: the latest in effect', '2025-12-31', 'extended', '2025-08-01', null],
    ['on leave: from and to', '2026-01-10', 'leave', '2026-01-10', '2026-06-30'],
    ['the last day of the leave', '2026-06-30', 'leave', '2026-01-10', '2026-06-30'],
    ['the day after the leave ends: active again, since that day', '2026-07-01', 'active', '2026-07-01', null],
    ['graduated', '2027-05-20', 'graduated', '2027-05-20', null],
  ])('%s', (_, date, status, since, until) => {
    expect(enrolmentOn(history, date)).toMatchObject({ status, since, until });
  });

  it('is active with no history at all (a student never changed, or a snapshot without enrolment)', () => {
    expect(enrolmentOn(undefined, '2026-01-01')).toEqual({ status: 'active', since: null, until: null, change: null });
  });

  it('takes the change recorded later when two take effect on the same day, whatever order they come in', () => {
    const a = change('leave', '2026-02-01', null, 10);
    const b = change('withdrawn', '2026-02-01', null, 11);
    expect(enrolmentOn({ changes: [b, a] }, '2026-02-02').status).toBe('withdrawn');
    expect(enrolmentOn({ changes: [a, b] }, '2026-02-02').status).toBe('withdrawn');
  });
});

describe('a change as recorded', () => {
  const base = { studentId: 'S1', effectiveFrom: '2026-01-10' };
  it.each([
    ['a leave with its last day', { status: 'leave', endsOn: '2026-06-30' }, null],
    ['an extension without an end', { status: 'extended' }, null],
    ['a leave ending the day it starts', { status: 'leave', endsOn: '2026-01-10' }, null],
    ['a leave ending before it starts', { status: 'leave', endsOn: '2026-01-09' }, 'ends on 2026-01-09, before it starts (2026-01-10)'],
    ['withdrawn with an end date', { status: 'withdrawn', endsOn: '2026-06-30' }, 'Withdrawn has no end date; only a leave of absence or an extension ends'],
    ['graduated with an end date', { status: 'graduated', endsOn: '2026-06-30' }, 'Graduated has no end date; only a leave of absence or an extension ends'],
    ['a status that is no status', { status: 'sabbatical' }, 'expected one of "active"|"leave"|"extended"|"withdrawn"|"graduated"'],
  ])('%s', (_, fields, error) => {
    const r = EnrolmentChangeInput.safeParse({ ...base, ...fields });
    if (error === null) expect(r.success).toBe(true);
    else {
      expect(r.success).toBe(false);
      expect(r.error!.issues.map((i) => i.message).join(' | ')).toContain(error);
    }
  });
});

describe('the filter every view applies', () => {
  const archived: Enrolment = { ...history, archivedAt: '2026-08-01T09:00:00.000Z', archivedBy: 'Dr. Adams' };
  it.each([
    ['no filter keeps a student who is not archived', history, {}, '2026-03-01', true],
    ['no filter leaves an archived student out', archived, {}, '2026-03-01', false],
    ['the Archived view keeps only archived students', archived, { archived: true }, '2026-03-01', true],
    ['the Archived view leaves the others out', history, { archived: true }, '2026-03-01', false],
    ['a status on the date', history, { statuses: ['leave'] }, '2026-03-01', true],
    ['the same status on another date', history, { statuses: ['leave'] }, '2026-07-01', false],
    ['a student with no history is active', undefined, { statuses: ['active'] }, '2026-03-01', true],
    ['…and not on leave', undefined, { statuses: ['leave', 'extended'] }, '2026-03-01', false],
  ] as [string, Enrolment | undefined, EnrolmentFilter, string, boolean][])('%s', (_, enrolment, filter, date, kept) => {
    expect(enrolmentMatches(enrolment, filter, date)).toBe(kept);
  });

  it('says in words which students it covers', () => {
    expect(describeEnrolmentFilter({ statuses: ['active'] })).toBe('active students');
    expect(describeEnrolmentFilter({ statuses: ['extended', 'active', 'leave'] })).toBe('active, leave of absence or extended (decelerated) students');
    expect(describeEnrolmentFilter({})).toBe('students of every enrolment status');
    expect(describeEnrolmentFilter({ archived: true })).toBe('archived students of every enrolment status');
  });
});

describe('an import cell read as a status', () => {
  it.each([
    ['Active', 'active'],
    ['enrolled', 'active'],
    ['LOA', 'leave'],
    ['Leave', 'leave'],
    ['Leave of Absence', 'leave'],
    ['on leave', 'leave'],
    ['Decel', 'extended'],
    ['Decelerated', 'extended'],
    ['Extended', 'extended'],
    ['Extended / decelerated', 'extended'],
    ['Withdrawn', 'withdrawn'],
    ['WITHDREW', 'withdrawn'],
    ['Graduated', 'graduated'],
    ['Alumni', 'graduated'],
  ])('"%s" is %s', (text, status) => expect(parseEnrolmentStatus(text)).toBe(status));

  it.each(['Dismissed', 'Suspended', 'A', 'Probation', 'L', '?', ''])('"%s" is no status: never guessed', (text) => expect(parseEnrolmentStatus(text)).toBeNull());
});
