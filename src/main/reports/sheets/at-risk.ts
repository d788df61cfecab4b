/**
 * `At risk`: one row per flagged student, most severe first.
 *
 * Layout, chosen for what a committee does with it in Excel: one row per student keeps "how many
 * students" equal to the row count and keeps the student's whole picture on one line. The flags are
 * there three ways, each by its title (a committee reads "Step 1 failure", not STEP1_FAIL): `Flags`
 * lists them one a line (a text filter "contains Step 1 failure" works), `Flag messages` gives each
 * flag's reasons on its own line, and one column per flag holds that flag's severity (blank when
 * the student does not have it), so the autofilter on, say, the "Step 2 CK score will not be back
 * before programs review" column picks exactly the students with that flag, and at which severity.
 */
import { FLAG_CODES, SEVERITY_RANK, type FlagCode } from '../../../shared/domain';
import { flagTitle } from '../../../shared/rules/catalogue';
import type { ReportStudent } from '../cohort';
import { applicantTypeLabel, type Presenter } from '../presenter';
import { excelDate } from '../safe-text';
import { DATE_FORMAT } from '../styles';
import type { Column } from '../table';

/**
 * Most severe first. Identified: exactly the core evaluator's order (then by Student ID), so the
 * sheet lists what `stepwise flags` and the dashboard list. De-identified: then by pseudonym, since
 * the order of Student IDs would itself hint at who is who (IDs often follow enrolment or names).
 */
export function atRiskOrder(students: readonly ReportStudent[], p: Presenter): ReportStudent[] {
  if (!p.deidentified) return [...students];
  return [...students].sort(
    (a, b) => SEVERITY_RANK[b.evaluation.risk!] - SEVERITY_RANK[a.evaluation.risk!] || p.compare(a.student, b.student),
  );
}

/** Widths of the Flag messages and Flags columns, in characters. */
const MESSAGE_WIDTH = 90;
const FLAGS_WIDTH = 34;

/** "Step 1 failure (high): Step 1 failed on …": a flag's title, severity and message. */
function flagMessage(f: ReportStudent['evaluation']['flags'][number], text: Presenter['text']): string {
  return `${flagTitle(f.code)} (${f.severity}): ${text(f.message)}`;
}

function severityOf(s: ReportStudent, code: FlagCode) {
  return s.evaluation.flags.find((f) => f.code === code)?.severity ?? null;
}

export function atRiskColumns(p: Presenter): Column<ReportStudent>[] {
  const columns: (Column<ReportStudent> | null)[] = [
    { header: p.idHeader, width: 16, value: (s) => p.id(s.student) },
    p.deidentified ? null : { header: 'Name', width: 24, value: (s) => `${s.student.lastName}, ${s.student.firstName}` },
    { header: 'Class of', width: 9, look: { numFmt: '0' }, value: (s) => s.student.gradYear },
    { header: 'Applicant type', width: 10, value: (s) => applicantTypeLabel(s.student) },
    { header: 'Target specialty', width: 24, value: (s) => p.text(s.student.targetSpecialty) },
    { header: 'Risk', width: 10, look: { bold: true }, value: (s) => s.evaluation.risk, severity: (s) => s.evaluation.risk },
    { header: 'Flags', width: FLAGS_WIDTH, look: { wrap: true }, value: (s) => s.flagTitles },
    {
      header: 'Flag messages',
      width: MESSAGE_WIDTH,
      look: { wrap: true },
      value: (s) => s.evaluation.flags.map((f) => flagMessage(f, p.text)).join('\n'),
    },
    // RULES.md, acknowledged flags: still counted and listed, and said to be acknowledged, by whom and why.
    { header: 'Acknowledged by an advisor', width: 40, look: { wrap: true }, value: (s) => p.text(s.acknowledged) },
    { header: 'Advisor', width: 18, value: (s) => s.student.advisor },
    { header: 'Next follow-up', width: 13, look: { numFmt: DATE_FORMAT }, value: (s) => excelDate(s.followUp?.next) },
    { header: 'Overdue action items', width: 10, look: { numFmt: '0' }, value: (s) => s.followUp?.overdue || null },
    ...FLAG_CODES.map(
      (code): Column<ReportStudent> => ({ header: flagTitle(code), width: 14, value: (s) => severityOf(s, code), severity: (s) => severityOf(s, code) }),
    ),
  ];
  return columns.filter((c): c is Column<ReportStudent> => c !== null);
}
