/**
 * `Roster`: every student in the report with their exam status (Step 1, Step 2 CK, COMLEX when
 * anyone in the report has COMLEX attempts), risk, timeline dates, and every custom field as a
 * column of its own (PRODUCT.md: a column an import could not map is kept, never dropped).
 */
import type { ExamCode, Student } from '../../../shared/domain';
import type { ReportStudent } from '../cohort';
import type { ExamStatus } from '../exam-status';
import { applicantTypeLabel, type Presenter } from '../presenter';
import { excelDate } from '../safe-text';
import { DATE_FORMAT } from '../styles';
import type { Column } from '../table';

const date = { numFmt: DATE_FORMAT } as const;
const whole = { numFmt: '0' } as const;
const NOTES_WIDTH = 40;

/**
 * The columns of one exam. `of` picks the exam's status; each exam gets its own small functions
 * (not one shared closure reading `exams[key]`), so every column's property reads stay monomorphic:
 * at 100,000 rows × 30 columns that is most of the difference to writing bare values.
 */
function examColumns(label: string, of: (s: ReportStudent) => ExamStatus, parts: { score?: boolean; attempts?: boolean; booked?: boolean }): Column<ReportStudent>[] {
  const cols: Column<ReportStudent>[] = [{ header: `${label} status`, width: 12, value: (s) => of(s).status }];
  if (parts.score) cols.push({ header: `${label} score`, width: 9, look: whole, value: (s) => of(s).score });
  cols.push({ header: `${label} date`, width: 12, look: date, value: (s) => excelDate(of(s).date) });
  if (parts.attempts) cols.push({ header: `${label} attempts`, width: 9, look: whole, value: (s) => of(s).attempts || null });
  if (parts.booked) cols.push({ header: `${label} booked for`, width: 12, look: date, value: (s) => excelDate(of(s).booked) });
  return cols;
}

/** What decides the Roster's columns, read from the students before any of them is evaluated. */
export interface RosterShape {
  /** COMLEX columns appear only when someone in the report has a COMLEX attempt. */
  comlex1: boolean;
  comlex2ce: boolean;
  /** Custom field names in first-seen order (by Student ID), identifying ones left out when de-identified. */
  customFields: string[];
}

/**
 * The Roster's columns for these students (any order): custom fields in the order they first appear
 * by Student ID, so the columns do not move when a name changes; COMLEX columns when `comlexExams`
 * (the COMLEX exams anyone in the report has attempted) asks for them.
 */
export function rosterShape(students: readonly Student[], comlexExams: ReadonlySet<ExamCode>, p: Presenter): RosterShape {
  // Where each name first appears: the lowest Student ID having it, and its place among that student's fields.
  const firstSeen = new Map<string, { id: string; at: number }>();
  for (const s of students) {
    Object.keys(s.customFields).forEach((k, at) => {
      const seen = firstSeen.get(k);
      if (seen === undefined || s.id < seen.id) firstSeen.set(k, { id: s.id, at });
    });
  }
  const customFields = [...firstSeen]
    .filter(([name]) => p.customFieldAllowed(name))
    .sort(([, a], [, b]) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.at - b.at))
    .map(([name]) => name);
  return { comlex1: comlexExams.has('COMLEX1'), comlex2ce: comlexExams.has('COMLEX2CE'), customFields };
}

export function rosterColumns(shape: RosterShape, p: Presenter): Column<ReportStudent>[] {
  const identified = !p.deidentified;
  const cols: (Column<ReportStudent> | null | false)[] = [
    { header: p.idHeader, width: 16, value: (s) => p.id(s.student) },
    identified && { header: 'Last name', width: 16, value: (s) => s.student.lastName },
    identified && { header: 'First name', width: 14, value: (s) => s.student.firstName },
    identified && { header: 'Email', width: 30, value: (s) => s.student.email },
    { header: 'Class of', width: 9, look: whole, value: (s) => s.student.gradYear },
    { header: 'Applicant type', width: 10, value: (s) => applicantTypeLabel(s.student) },
    { header: 'Target specialty', width: 24, value: (s) => p.text(s.student.targetSpecialty) },
    { header: 'Backup specialty', width: 20, value: (s) => p.text(s.student.backupSpecialty) },
    { header: 'Advisor', width: 18, value: (s) => s.student.advisor },
    { header: 'Risk', width: 10, value: (s) => s.evaluation.risk ?? 'none', severity: (s) => s.evaluation.risk },
    { header: 'Flags', width: 34, look: { wrap: true }, value: (s) => s.flagTitles },
    ...examColumns('Step 1', (s) => s.exams.step1, { attempts: true, booked: true }),
    ...examColumns('CK', (s) => s.exams.ck, { score: true, attempts: true, booked: true }),
    ...(shape.comlex1 ? examColumns('COMLEX L1', (s) => s.exams.comlex1, {}) : []),
    ...(shape.comlex2ce ? examColumns('COMLEX 2-CE', (s) => s.exams.comlex2ce, { score: true }) : []),
    { header: 'Step 1 deadline', width: 12, look: date, value: (s) => excelDate(s.evaluation.facts.step1Deadline) },
    { header: 'CK safe date', width: 12, look: date, value: (s) => excelDate(s.evaluation.facts.ckSafeDate) },
    { header: 'USCE months', width: 8, look: { numFmt: '0.#' }, value: (s) => s.student.usceMonths },
    { header: 'US letters', width: 8, look: whole, value: (s) => s.student.usLetters },
    identified && { header: 'Notes', width: NOTES_WIDTH, look: { wrap: true }, value: (s) => s.student.notes },
    ...shape.customFields.map(
      (name): Column<ReportStudent> => ({ header: p.text(name) ?? name, width: Math.min(30, Math.max(10, name.length + 2)), value: (s) => p.text(s.student.customFields[name] ?? null) }),
    ),
  ];
  return cols.filter((c): c is Column<ReportStudent> => Boolean(c));
}

