/**
 * A roster view lives in the address (#/roster?class=2027&risk=high): a dashboard count links to it,
 * the back button returns to it, and a saved filter is just such a set of parameters with a name.
 * Unknown or malformed parameters are dropped rather than sent to the core.
 */
import { RISK_BUCKETS, ROSTER_SORT_KEYS, type RosterFilter } from '../../../../shared/api';
import { CK_STATUSES, STEP1_GROUPS } from '../../../../shared/exam-status';
import { APPLICANT_TYPES, ENROLMENT_STATUSES, FLAG_CODES, isIsoDate, PRACTICE_EXAMS } from '../../../../shared/domain';

const oneOf = <T extends string>(list: readonly T[], value: string | null): T | undefined => (value !== null && (list as readonly string[]).includes(value) ? (value as T) : undefined);

export function rosterViewFromParams(params: URLSearchParams): RosterFilter {
  const years = (params.get('class') ?? '')
    .split(',')
    .map((y) => Number(y))
    .filter((y) => Number.isInteger(y) && y >= 1950 && y <= 2100);
  const risk = (params.get('risk') ?? '')
    .split(',')
    .map((r) => oneOf(RISK_BUCKETS, r))
    .filter((r): r is (typeof RISK_BUCKETS)[number] => r !== undefined);
  const statuses = [...new Set((params.get('status') ?? '').split(',').map((s) => oneOf(ENROLMENT_STATUSES, s)))].filter((s): s is (typeof ENROLMENT_STATUSES)[number] => s !== undefined);
  const asOf = params.get('asOf');
  const date = (key: string) => {
    const v = params.get(key);
    return v && isIsoDate(v) ? v : undefined;
  };
  // practice=STEP2CK:2026-05-01:2026-05-31 (a practice-trend point)
  const [exam, from, to] = (params.get('practice') ?? '').split(':');
  const practiceExam = oneOf(PRACTICE_EXAMS, exam ?? null);
  return {
    search: params.get('search') || undefined,
    gradYears: years.length ? years : undefined,
    advisor: params.get('advisor') || undefined,
    applicantType: oneOf(APPLICANT_TYPES, params.get('type')),
    targetSpecialty: params.get('target') || undefined,
    risk: risk.length ? risk : undefined,
    step1: oneOf(STEP1_GROUPS, params.get('step1')),
    ck: oneOf(CK_STATUSES, params.get('ck')),
    flag: oneOf(FLAG_CODES, params.get('flag')),
    hasCkScore: params.get('ckScore') === '1' || undefined,
    ckFrom: date('ckFrom'),
    ckTo: date('ckTo'),
    noCkDate: params.get('ckDate') === 'none' || undefined,
    practice: practiceExam && from && to && isIsoDate(from) && isIsoDate(to) ? { exam: practiceExam, from, to } : undefined,
    statuses: statuses.length ? statuses : undefined,
    archived: params.get('archived') === '1' || undefined,
    asOf: asOf && isIsoDate(asOf) ? asOf : undefined,
    sort: oneOf(ROSTER_SORT_KEYS, params.get('sort')),
    direction: oneOf(['asc', 'desc'] as const, params.get('dir')),
  };
}

export type RosterParams = Record<string, string | undefined>;

export function rosterParams(view: RosterFilter): RosterParams {
  return {
    search: view.search || undefined,
    class: view.gradYears?.length ? view.gradYears.join(',') : undefined,
    advisor: view.advisor || undefined,
    type: view.applicantType,
    target: view.targetSpecialty || undefined,
    risk: view.risk?.length ? view.risk.join(',') : undefined,
    step1: view.step1,
    ck: view.ck,
    flag: view.flag,
    ckScore: view.hasCkScore ? '1' : undefined,
    ckFrom: view.ckFrom,
    ckTo: view.ckTo,
    ckDate: view.noCkDate ? 'none' : undefined,
    practice: view.practice ? `${view.practice.exam}:${view.practice.from}:${view.practice.to}` : undefined,
    status: view.statuses?.length ? view.statuses.join(',') : undefined,
    archived: view.archived ? '1' : undefined,
    asOf: view.asOf,
    sort: view.sort && view.sort !== 'name' ? view.sort : undefined,
    dir: view.direction && view.direction !== 'asc' ? view.direction : undefined,
  };
}

/** True when the view narrows the roster (anything but sorting). */
export function isFiltered(view: RosterFilter): boolean {
  return !!(
    view.search ||
    view.gradYears?.length ||
    view.advisor ||
    view.applicantType ||
    view.targetSpecialty ||
    view.risk?.length ||
    view.step1 ||
    view.ck ||
    view.flag ||
    view.hasCkScore ||
    view.ckFrom ||
    view.ckTo ||
    view.noCkDate ||
    view.practice ||
    view.statuses?.length ||
    view.archived
  );
}
