/**
 * The roster view behind each dashboard chart element: the students a bar or point counts, and no
 * others. The page links each element to these views; test/integration/dashboard-chart-drilldown.test.ts
 * holds every view's total against the number drawn.
 */
import type { RiskBucket } from './api/dashboard';
import type { RosterFilter } from './api/students';
import { addDays, addMonths, type PracticeExamCode } from './domain';

type View = Partial<RosterFilter>;

const lastDayOf = (month: string) => addDays(addMonths(`${month}-01`, 1), -1);
const min = (a: string, b: string) => (a < b ? a : b);
const max = (a: string, b: string) => (a > b ? a : b);

/** A CK-by-specialty bar: the students targeting the specialty whose CK score is out (the mean's n). */
export function specialtyBarView(specialty: string): View {
  return { targetSpecialty: specialty, hasCkScore: true };
}

/** A CK timeline bar: one class's CK dates in one month (YYYY-MM), on or before the safe date, or after it. */
export function timelineBarView(gradYear: number, month: string, side: 'by' | 'after', ckSafeDate: string): View {
  const first = `${month}-01`;
  const last = lastDayOf(month);
  return side === 'by'
    ? { gradYears: [gradYear], ckFrom: first, ckTo: min(last, ckSafeDate) }
    : { gradYears: [gradYear], ckFrom: max(first, addDays(ckSafeDate, 1)), ckTo: last };
}

/** The totals under the timeline: by the safe date, after it, no CK date. */
export function timelineTotalView(gradYear: number, which: 'by' | 'after' | 'none', ckSafeDate: string): View {
  if (which === 'none') return { gradYears: [gradYear], noCkDate: true };
  return which === 'by' ? { gradYears: [gradYear], ckTo: ckSafeDate } : { gradYears: [gradYear], ckFrom: addDays(ckSafeDate, 1) };
}

/** A risk-by-class segment. */
export function riskSegmentView(gradYear: number, risk: RiskBucket): View {
  return { gradYears: [gradYear], risk: [risk] };
}

/** A practice-trend point: the students who took a scored exam of that kind that month, up to the trend's last day. */
export function practicePointView(exam: PracticeExamCode, month: string, to: string): View {
  return { practice: { exam, from: `${month}-01`, to: min(lastDayOf(month), to) } };
}
