/**
 * What a printed sheet of the committee workbook says about itself, and the words it uses for the
 * rules' own references. A page on a committee's table has no file name or tab around it: its
 * title row (repeated on every page with the header) names the school, the report and the sheet,
 * the date the flags were evaluated on, and whether it names students. "RULES.md §4" is a file in
 * Stepwise's repository and means nothing to a committee, so a reference to it is printed as the
 * part of Stepwise's rules it points to.
 */
import { describeEnrolmentFilter, ENROLMENT_STATUSES, type EnrolmentStatus } from '../../shared/domain/enrolment';

export interface TitleFacts {
  /** The office's school name (Settings), or null when none is set. */
  school: string | null;
  sheet: string;
  asOf: string;
  deidentified: boolean;
  /** Which students, in words ("active students only"): a report covers active students unless asked otherwise. */
  students: string;
}

/**
 * "Northfield School of Medicine · Committee report: At risk · as of 2026-11-26 · active students
 * only · identified: names students, keep confidential". Dates are written as the workbook's date cells show them
 * (yyyy-mm-dd), so the title and the cells under it read alike.
 */
export function reportTitle(t: TitleFacts): string {
  const who = t.deidentified ? 'de-identified: pseudonyms, no names' : 'identified: names students, keep confidential';
  return [t.school, `Committee report: ${t.sheet}`, `as of ${t.asOf}`, t.students, who].filter(Boolean).join(' · ');
}

/** The sections of Stepwise's rules (RULES.md), by number, as a committee would name them. */
const RULE_SECTIONS: Record<string, string> = {
  '1': 'reference facts',
  '2': "the student's timeline",
  '3': 'how exam records are read',
  '4': 'the at-risk flags',
};

/**
 * Text with every "RULES.md §N" (and a bare "RULES.md") said in words: "Stepwise rules: the
 * student's timeline". Anything else is left as it is.
 */
export function plainRuleReferences(text: string): string;
export function plainRuleReferences(text: string | null): string | null;
export function plainRuleReferences(text: string | null): string | null {
  if (text === null) return null;
  return text
    .replace(/RULES\.md\s*§\s*(\d+)/g, (_, n: string) => `Stepwise rules: ${RULE_SECTIONS[n] ?? `section ${n}`}`)
    .replace(/RULES\.md/g, 'Stepwise rules');
}

/** The students a report covers by enrolment, for its title rows: "active students only", or "every enrolment status". */
export function enrolmentWords(statuses: readonly EnrolmentStatus[]): string {
  return new Set(statuses).size === ENROLMENT_STATUSES.length ? 'students of every enrolment status' : `${describeEnrolmentFilter({ statuses: [...statuses] })} only`;
}
