/**
 * The columns an import understands, with the headers advisors actually write for them. Headers are
 * compared after `headerKey` (lower case, letters and digits only), so "Student ID*", "student_id"
 * and "STUDENT-ID" are one header.
 */
import type { ImportField, ImportSheetKind, ImportValueType } from '../../shared/api/import';
import { EXAM_LABELS, EXAMS, type ExamCode } from '../../shared/domain';

export function headerKey(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

interface FieldSpec {
  key: string;
  label: string;
  type: ImportValueType;
  required?: boolean;
  synonyms: string[];
  description: string;
}

const STUDENT_FIELDS: FieldSpec[] = [
  { key: 'studentId', label: 'Student ID', type: 'id', required: true, synonyms: ['Student ID', 'ID', 'Student Number', 'Student No', 'Student #', 'SID', 'ID Number', 'Student ID Number', 'School ID'], description: "The school's student ID: the key that later imports match on." },
  { key: 'firstName', label: 'First name', type: 'text', required: true, synonyms: ['First name', 'First', 'Given name', 'Given', 'Forename', 'FName', 'Preferred first name'], description: 'Required for a new student.' },
  { key: 'lastName', label: 'Last name', type: 'text', required: true, synonyms: ['Last name', 'Last', 'Surname', 'Family name', 'LName'], description: 'Required for a new student.' },
  { key: 'fullName', label: 'Full name', type: 'fullName', synonyms: ['Name', 'Student name', 'Full name', 'Name (Last, First)'], description: '"Last, First" or "First Last"; used only when there are no first and last name columns.' },
  { key: 'email', label: 'Email', type: 'email', synonyms: ['Email', 'E-mail', 'Email address', 'School email', 'Student email'], description: '' },
  { key: 'gradYear', label: 'Graduation year', type: 'year', required: true, synonyms: ['Graduation year', 'Grad Year', 'Class of', 'Class', 'Class year', 'Year of graduation', 'Expected graduation', 'Graduation', 'Cohort'], description: 'Four-digit year; "Class of 2027" also reads as 2027. Required for a new student.' },
  { key: 'applicantType', label: 'Applicant type', type: 'applicantType', synonyms: ['Applicant type', 'Degree', 'Applicant', 'Type', 'Applicant category', 'Degree type'], description: 'US MD (MD, Allopathic), US DO (DO, Osteopathic) or IMG (FMG, International).' },
  { key: 'targetSpecialty', label: 'Target specialty', type: 'text', synonyms: ['Target specialty', 'Specialty', 'Specialty interest', 'Intended specialty', 'Specialty choice', 'Preferred specialty', 'First choice specialty', 'Target'], description: '' },
  { key: 'backupSpecialty', label: 'Backup specialty', type: 'text', synonyms: ['Backup specialty', 'Backup', 'Second choice specialty', 'Alternate specialty', 'Secondary specialty'], description: '' },
  { key: 'advisor', label: 'Advisor', type: 'text', synonyms: ['Advisor', 'Adviser', 'Faculty advisor', 'Career advisor', 'Assigned advisor', 'Advisor name'], description: '' },
  { key: 'usceMonths', label: 'USCE months', type: 'number', synonyms: ['USCE months', 'USCE', 'US clinical experience', 'US clinical experience months', 'Months of USCE', 'USCE (months)'], description: 'Months of US clinical experience; blank = not recorded.' },
  { key: 'usLetters', label: 'US letters', type: 'integer', synonyms: ['US letters', 'US LORs', 'US letters of recommendation', 'Number of US letters', 'US LOR'], description: 'Number of US letters of recommendation; blank = not recorded.' },
  { key: 'step1Deadline', label: 'Step 1 deadline', type: 'date', synonyms: ['Step 1 deadline', 'Step 1 due date', 'Deadline Step 1'], description: "Overrides the class's Step 1 deadline for this student." },
  { key: 'notes', label: 'Notes', type: 'text', synonyms: ['Notes', 'Note', 'Comments', 'Comment', 'Remarks'], description: '' },
  // Enrolment (migration 0007): a status unlike the stored one is recorded as a change, dated.
  { key: 'enrolmentStatus', label: 'Enrolment status', type: 'text', synonyms: ['Enrolment status', 'Enrollment status', 'Student status', 'Academic status', 'Registration status', 'Enrolment', 'Enrollment'], description: 'Active, Leave of absence (LOA, Leave), Extended (Decel, Decelerated), Withdrawn or Graduated. Recorded as a status change when it differs from the stored status; any other word is an error.' },
  { key: 'enrolmentFrom', label: 'Enrolment status date', type: 'date', synonyms: ['Enrolment status date', 'Enrollment status date', 'Status date', 'Status effective date', 'Status since', 'Status from', 'Enrolment status from', 'Enrollment status from', 'Leave start', 'LOA start', 'LOA start date'], description: 'The day the enrolment status took effect; blank = the day of the import.' },
  { key: 'enrolmentUntil', label: 'Enrolment status end', type: 'date', synonyms: ['Enrolment status end', 'Enrollment status end', 'Status end date', 'Status until', 'Leave end', 'LOA end', 'LOA end date', 'Expected return', 'Return date'], description: "A leave's or an extension's last day, if planned." },
];

/** Wide exam columns of a single-sheet roster: `<exam> <part>`, e.g. "Step 2 CK Score", "COMLEX Level 1 Result". */
export const ROSTER_EXAM_PARTS = ['result', 'date', 'attempts', 'score', 'scheduled', 'value'] as const;
export type RosterExamPart = (typeof ROSTER_EXAM_PARTS)[number];

const EXAM_NAMES: Record<ExamCode, string[]> = {
  STEP1: ['Step 1', 'USMLE Step 1', 'Step I', 'USMLE Step I', 'Step One', 'STEP1'],
  // "Step 2" alone is CK: Step 2 CS was discontinued in 2021. "Step 2 CS" deliberately matches nothing.
  STEP2CK: ['Step 2 CK', 'USMLE Step 2 CK', 'Step 2', 'USMLE Step 2', 'Step II CK', 'Step 2 Clinical Knowledge', 'CK', 'STEP2CK'],
  STEP3: ['Step 3', 'USMLE Step 3', 'Step III', 'STEP3'],
  COMLEX1: ['COMLEX Level 1', 'COMLEX 1', 'COMLEX L1', 'COMLEX-USA Level 1', 'Level 1', 'COMLEX I', 'COMLEX1'],
  COMLEX2CE: ['COMLEX Level 2-CE', 'COMLEX Level 2', 'COMLEX 2', 'COMLEX 2 CE', 'COMLEX L2', 'COMLEX L2-CE', 'COMLEX-USA Level 2-CE', 'Level 2-CE', 'Level 2', 'COMLEX2CE'],
};

const PART_NAMES: Record<RosterExamPart, string[]> = {
  result: ['Result', 'Results', 'Status', 'Outcome', 'Pass/Fail', 'P/F'],
  date: ['Date', 'Test date', 'Exam date', 'Date taken', 'Taken'],
  attempts: ['Attempts', 'Attempt count', 'Number of attempts', 'No. of attempts', '# of attempts', '# attempts', 'Total attempts'],
  score: ['Score', '3-digit score', 'Three-digit score', 'Scaled score'],
  scheduled: ['Scheduled', 'Scheduled date', 'Date scheduled', 'Scheduled for', 'Scheduled test date', 'Planned date', 'Planned test date'],
  value: [''],
};

const PART_LABEL: Record<RosterExamPart, string> = {
  result: 'result',
  date: 'date',
  attempts: 'attempts',
  score: 'score',
  scheduled: 'scheduled date',
  value: '(result or score)',
};

const PART_TYPE: Record<RosterExamPart, ImportValueType> = {
  result: 'outcome',
  date: 'date',
  attempts: 'integer',
  score: 'integer',
  scheduled: 'date',
  value: 'outcomeOrScore',
};

const PART_DESCRIPTION: Record<RosterExamPart, string> = {
  result: 'Pass, Fail, Incomplete, Scheduled or Pending (P, F, PASSED… in any case).',
  date: 'Test date of the attempt the result and score describe.',
  attempts: 'Total attempts including the one described: 2 with Pass = one earlier failure of unknown date, then the pass.',
  score: 'Three-digit score.',
  scheduled: 'A booked test date: a scheduled attempt when no result is recorded for that date.',
  value: 'A column named only by the exam: a result word or a three-digit score.',
};

export function examPartKey(exam: ExamCode, part: RosterExamPart): string {
  return `${exam.toLowerCase()}.${part}`;
}

const ROSTER_EXAM_FIELDS: FieldSpec[] = EXAMS.flatMap((exam) =>
  ROSTER_EXAM_PARTS.map((part) => ({
    key: examPartKey(exam, part),
    label: part === 'value' ? EXAM_LABELS[exam] : `${EXAM_LABELS[exam]} ${PART_LABEL[part]}`,
    type: PART_TYPE[part],
    synonyms: EXAM_NAMES[exam].flatMap((name) => PART_NAMES[part].map((p) => (p ? `${name} ${p}` : name))),
    description: PART_DESCRIPTION[part],
  })),
);

const EXAM_FIELDS: FieldSpec[] = [
  { key: 'studentId', label: 'Student ID', type: 'id', required: true, synonyms: STUDENT_FIELDS[0].synonyms, description: 'Must be a student in this file or already in Stepwise.' },
  { key: 'exam', label: 'Exam', type: 'exam', required: true, synonyms: ['Exam', 'Exam name', 'Test', 'Step', 'Examination', 'Board exam'], description: 'Step 1, Step 2 CK, Step 3, COMLEX Level 1 or COMLEX Level 2-CE.' },
  { key: 'testDate', label: 'Date', type: 'date', synonyms: ['Date', 'Test date', 'Exam date', 'Date taken', 'Scheduled date'], description: 'Blank for an old attempt whose date is unknown.' },
  { key: 'outcome', label: 'Result', type: 'outcome', synonyms: ['Result', 'Outcome', 'Status', 'Pass/Fail', 'P/F'], description: 'Pass, Fail, Incomplete, Scheduled or Pending; blank when only a score is known.' },
  { key: 'score', label: 'Score', type: 'integer', synonyms: ['Score', '3-digit score', 'Three-digit score', 'Scaled score'], description: 'USMLE 1–300, COMLEX up to 999.' },
  { key: 'attemptOrder', label: 'Attempt', type: 'integer', synonyms: ['Attempt', 'Attempt number', 'Attempt no', 'Attempt #'], description: '1 for the first attempt at this exam, 2 for the second…' },
];

const PRACTICE_FIELDS: FieldSpec[] = [
  { key: 'studentId', label: 'Student ID', type: 'id', required: true, synonyms: STUDENT_FIELDS[0].synonyms, description: 'Must be a student in this file or already in Stepwise.' },
  { key: 'exam', label: 'Exam', type: 'exam', required: true, synonyms: ['Exam', 'Step', 'For exam'], description: 'Step 1 or Step 2 CK.' },
  { key: 'form', label: 'Form', type: 'text', required: true, synonyms: ['Form', 'Form name', 'Practice exam', 'Assessment', 'Test', 'Practice test', 'Self-assessment'], description: 'e.g. NBME 31, CBSSA 29, UWSA 2.' },
  { key: 'takenOn', label: 'Date', type: 'date', required: true, synonyms: ['Date', 'Date taken', 'Taken on', 'Test date'], description: '' },
  { key: 'score', label: 'Score', type: 'integer', synonyms: ['Score', '3-digit score', 'Three-digit score', 'Predicted score'], description: 'Three-digit score (1–300).' },
  { key: 'passProbability', label: 'Pass probability (%)', type: 'percent', synonyms: ['Pass probability', 'Pass probability (%)', 'Probability of passing', 'Pass prob', 'Pass %', 'Passing probability'], description: "NBME Step 1 self-assessments report a probability of passing; 85, 85% and a percent-formatted 0.85 all read as 85." },
];

function toFields(sheet: ImportSheetKind, specs: FieldSpec[]): ImportField[] {
  return specs.map((s) => ({ key: s.key, label: s.label, sheet, type: s.type, required: s.required ?? false, examples: s.synonyms.slice(0, 6), description: s.description }));
}

export const IMPORT_FIELDS: Record<ImportSheetKind, ImportField[]> = {
  students: toFields('students', [...STUDENT_FIELDS, ...ROSTER_EXAM_FIELDS]),
  exams: toFields('exams', EXAM_FIELDS),
  practice: toFields('practice', PRACTICE_FIELDS),
};

const SPECS: Record<ImportSheetKind, FieldSpec[]> = { students: [...STUDENT_FIELDS, ...ROSTER_EXAM_FIELDS], exams: EXAM_FIELDS, practice: PRACTICE_FIELDS };

/** header key → field key, per sheet kind. Built once; a synonym listed twice must name one field. */
const SYNONYMS: Record<ImportSheetKind, Map<string, string>> = (() => {
  const out = {} as Record<ImportSheetKind, Map<string, string>>;
  for (const kind of Object.keys(SPECS) as ImportSheetKind[]) {
    const map = new Map<string, string>();
    for (const spec of SPECS[kind])
      for (const text of [spec.key, spec.label, ...spec.synonyms]) {
        const k = headerKey(text);
        const existing = map.get(k);
        if (existing && existing !== spec.key) throw new Error(`header "${text}" is a synonym of both ${existing} and ${spec.key}`);
        map.set(k, spec.key);
      }
    out[kind] = map;
  }
  return out;
})();

/** The field a header means on this kind of sheet, or null. */
export function fieldForHeader(kind: ImportSheetKind, header: string): string | null {
  return SYNONYMS[kind].get(headerKey(header)) ?? null;
}

export function fieldSpec(kind: ImportSheetKind, key: string): ImportField | undefined {
  return IMPORT_FIELDS[kind].find((f) => f.key === key);
}

/** Values in an Exam column: exam names and their common spellings. */
const EXAM_VALUES: Map<string, ExamCode> = new Map(EXAMS.flatMap((exam) => EXAM_NAMES[exam].map((n) => [headerKey(n), exam] as [string, ExamCode])));

export function examFromName(text: string): ExamCode | null {
  return EXAM_VALUES.get(headerKey(text)) ?? null;
}

/** Which sheets make a template workbook; other names are read as a single-sheet roster. */
const TEMPLATE_SHEETS: Record<string, ImportSheetKind> = {
  students: 'students',
  exams: 'exams',
  examattempts: 'exams',
  attempts: 'exams',
  practice: 'practice',
  practiceexams: 'practice',
};

export function templateSheetKind(sheetName: string): ImportSheetKind | null {
  return TEMPLATE_SHEETS[headerKey(sheetName)] ?? null;
}
