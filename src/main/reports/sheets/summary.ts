/**
 * `Summary`: one row per class year and a total — exam status and risk levels, the counts a dean
 * reads first (PRODUCT.md "Cohort dashboard" counts, by class).
 */
import type { RiskLevel } from '../../../shared/domain';
import type { ReportStudent } from '../cohort';
import type { Column } from '../table';

export interface ClassCounts {
  classYear: number | 'All classes';
  students: number;
  step1Passed: number;
  step1Failed: number;
  step1NotYet: number;
  ckReported: number;
  ckScheduled: number;
  ckNotScheduled: number;
  risk: Record<RiskLevel | 'none', number>;
}

function empty(classYear: ClassCounts['classYear']): ClassCounts {
  return {
    classYear,
    students: 0,
    step1Passed: 0,
    step1Failed: 0,
    step1NotYet: 0,
    ckReported: 0,
    ckScheduled: 0,
    ckNotScheduled: 0,
    risk: { critical: 0, high: 0, medium: 0, low: 0, none: 0 },
  };
}

function count(c: ClassCounts, s: ReportStudent): void {
  c.students++;
  // The dashboard's groups (src/shared/exam-status.ts): the workbook and the screen count alike.
  const { step1Group, ck } = s.status;
  if (step1Group === 'passed') c.step1Passed++;
  else if (step1Group === 'failed') c.step1Failed++;
  else c.step1NotYet++;
  if (ck === 'reported') c.ckReported++;
  else if (ck === 'scheduled') c.ckScheduled++;
  else c.ckNotScheduled++;
  c.risk[s.evaluation.risk ?? 'none']++;
}

/** Class years in ascending order, then the total. */
export function summaryRows(students: readonly ReportStudent[]): ClassCounts[] {
  const byClass = new Map<number, ClassCounts>();
  const total = empty('All classes');
  for (const s of students) {
    const year = s.student.gradYear;
    let c = byClass.get(year);
    if (!c) byClass.set(year, (c = empty(year)));
    count(c, s);
    count(total, s);
  }
  return [...[...byClass.values()].sort((a, b) => (a.classYear as number) - (b.classYear as number)), total];
}

const n = { numFmt: '0' } as const;
const riskColumn = (level: RiskLevel | 'none', header: string): Column<ClassCounts> => ({
  header,
  width: 10,
  look: n,
  value: (c) => c.risk[level],
  severity: (c) => (c.risk[level] > 0 ? level : null),
});

export const SUMMARY_COLUMNS: Column<ClassCounts>[] = [
  { header: 'Class of', width: 12, look: { bold: true }, value: (c) => c.classYear },
  { header: 'Students', width: 10, look: n, value: (c) => c.students },
  { header: 'Step 1 passed', width: 11, look: n, value: (c) => c.step1Passed },
  { header: 'Step 1 failed', width: 11, look: n, value: (c) => c.step1Failed },
  { header: 'Step 1 not yet', width: 11, look: n, value: (c) => c.step1NotYet },
  { header: 'CK reported', width: 11, look: n, value: (c) => c.ckReported },
  { header: 'CK scheduled or awaiting score', width: 15, look: n, value: (c) => c.ckScheduled },
  { header: 'CK not scheduled', width: 12, look: n, value: (c) => c.ckNotScheduled },
  riskColumn('critical', 'Critical'),
  riskColumn('high', 'High'),
  riskColumn('medium', 'Medium'),
  riskColumn('low', 'Low'),
  riskColumn('none', 'No flags'),
];

export function summaryNotes(asOf: string): string[] {
  return [
    `As of ${asOf}. Risk = the most severe flag a student has (Stepwise rules: the at-risk flags); the At risk sheet lists each flag.`,
    'Step 1 passed counts a COMLEX Level 1 pass for US DO students; Step 1 failed = not passed, with a failed or incomplete attempt; not yet = everything else (booked, awaiting a result, not booked).',
    'CK = USMLE Step 2 CK (COMLEX Level 2-CE is on the Roster sheet). Reported = a result is out (pass or fail); scheduled = booked, or taken and awaiting the score; not scheduled = no attempt.',
  ];
}
