/**
 * `At risk`: one row per flagged student, most severe first.
 *
 * Layout, chosen for what a committee does with it in Excel: one row per student keeps "how many
 * students" equal to the row count and keeps the student's whole picture on one line. The flags are
 * there three ways: `Flags` lists the codes (a text filter "contains CK_LATE" works), `Flag
 * messages` gives each flag's reasons on its own line, and one column per flag code holds that
 * flag's severity (blank when the student does not have it), so the autofilter on, say, the
 * `CK_LATE` column picks exactly the students with that flag, and at which severity.
 */
import { FLAG_CODES, SEVERITY_RANK, type FlagCode } from '../../../shared/domain';
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

/** Width of the Flag messages column, in characters. */
const MESSAGE_WIDTH = 90;

/** Lines the Flag messages cell takes once wrapped (each flag on its own line, long ones wrapping). */
export function atRiskLines(s: ReportStudent): number {
  let lines = 0;
  for (const f of s.evaluation.flags) lines += Math.max(1, Math.ceil((f.code.length + f.message.length + 12) / (MESSAGE_WIDTH - 4)));
  return lines;
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
    { header: 'Flags', width: 30, look: { wrap: true }, value: (s) => s.flagCodes },
    {
      header: 'Flag messages',
      width: MESSAGE_WIDTH,
      look: { wrap: true },
      value: (s) => s.evaluation.flags.map((f) => `${f.code} (${f.severity}): ${p.text(f.message)}`).join('\n'),
    },
    { header: 'Advisor', width: 18, value: (s) => s.student.advisor },
    { header: 'Next follow-up', width: 13, look: { numFmt: DATE_FORMAT }, value: (s) => excelDate(s.followUp?.next) },
    { header: 'Overdue action items', width: 10, look: { numFmt: '0' }, value: (s) => s.followUp?.overdue || null },
    ...FLAG_CODES.map(
      (code): Column<ReportStudent> => ({ header: code, width: Math.max(10, code.length + 2), value: (s) => severityOf(s, code), severity: (s) => severityOf(s, code) }),
    ),
  ];
  return columns.filter((c): c is Column<ReportStudent> => c !== null);
}
