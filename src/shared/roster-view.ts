/**
 * A roster view in words, for what leaves the screen: the title lines of the exported workbook and of
 * the printed roster say which students they hold, so a sheet found on a desk a week later still
 * tells its reader what it lists. Dates are written by the caller's formatter (the page: the user's
 * locale; the workbook: ISO, as its date cells are).
 */
import type { RosterFilter } from './api/students';
import { APPLICANT_TYPE_LABELS, ENROLMENT_LABELS, ENROLMENT_STATUSES, EXAM_LABELS } from './domain';
import { CK_STATUS_LABELS, STEP1_GROUP_LABELS } from './exam-status';
import { flagTitle } from './rules/catalogue';

export const RISK_WORDS = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', none: 'No flags' } as const;

/** Step 1 / CK status as the roster's pills show them, in words. */
export const STEP1_STATUS_WORDS = { passed: 'Passed', failed: 'Failed, not passed', pending: 'Result pending', scheduled: 'Scheduled', 'not yet': 'Not taken' } as const;

const either = (words: string[]) => (words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`);

export function describeRosterView(view: RosterFilter, date: (iso: string) => string): string[] {
  const out: string[] = [];
  if (view.gradYears?.length) out.push(`Class of ${either(view.gradYears.map(String))}`);
  if (view.applicantType) out.push(APPLICANT_TYPE_LABELS[view.applicantType]);
  if (view.advisor) out.push(`Advisor: ${view.advisor}`);
  if (view.targetSpecialty) out.push(`Target specialty: ${view.targetSpecialty}`);
  if (view.risk?.length) out.push(`Risk: ${either(view.risk.map((r) => RISK_WORDS[r]))}`);
  if (view.step1) out.push(`Step 1: ${STEP1_GROUP_LABELS[view.step1].toLowerCase()}`);
  if (view.ck) out.push(`Step 2 CK: ${CK_STATUS_LABELS[view.ck].toLowerCase()}`);
  if (view.flag) out.push(`Flag: ${flagTitle(view.flag)}`);
  if (view.hasCkScore) out.push('Step 2 CK score reported');
  if (view.ckFrom && view.ckTo) out.push(`CK date ${date(view.ckFrom)} to ${date(view.ckTo)}`);
  else if (view.ckFrom) out.push(`CK date from ${date(view.ckFrom)}`);
  else if (view.ckTo) out.push(`CK date up to ${date(view.ckTo)}`);
  if (view.noCkDate) out.push('No CK date');
  if (view.practice) out.push(`Scored ${EXAM_LABELS[view.practice.exam]} practice exam ${date(view.practice.from)} to ${date(view.practice.to)}`);
  if (view.statuses?.length) out.push(`Status: ${either(ENROLMENT_STATUSES.filter((s) => view.statuses!.includes(s)).map((s) => ENROLMENT_LABELS[s].toLowerCase()))}`);
  if (view.archived) out.push('Archived students');
  if (view.search) out.push(`Search: “${view.search}”`);
  return out;
}
