/**
 * What an import will change, decided against the database before anything is written:
 * - students are upserted by Student ID; a blank cell never erases a stored value;
 * - an attempt already recorded is the same attempt when student + exam + test date match, or for
 *   an attempt of unknown date, student + exam + attempt number; a re-imported row that adds a
 *   score or result to a scheduled attempt updates it;
 * - practice exams are the same when student + exam + form + date match (the table's natural key).
 * Re-importing a file therefore plans nothing.
 */
import type { FieldChange } from '../../shared/api/import';
import { EXAM_LABELS, OUTCOME_LABELS, Student, type ExamAttempt, type ExamAttemptInput, type ExamCode, type PracticeExam, type PracticeExamInput } from '../../shared/domain';
import { settingInForce, type ReferenceData } from '../../shared/rules/reference';
import { attemptsByStudent, practiceByStudent, studentsByIds } from '../db/import-queries';
import type { Db } from '../db/open';
import { issueMessage, type CollectedFile, type Loc, type StudentValues } from './collect';
import { IMPORT_FIELDS } from './fields';

export interface PlannedStudentUpdate {
  loc: Loc;
  before: Student;
  after: Student;
  changes: FieldChange[];
}
export interface PlannedAttempt {
  loc: Loc;
  attempt: ExamAttemptInput;
  inferred: boolean;
}
export interface PlannedAttemptUpdate {
  loc: Loc;
  before: ExamAttempt;
  after: ExamAttempt;
  changes: FieldChange[];
}
export interface PlannedPracticeUpdate {
  loc: Loc;
  before: PracticeExam;
  after: PracticeExam;
  changes: FieldChange[];
}

export interface ImportPlan {
  newStudents: { loc: Loc; student: Student }[];
  updatedStudents: PlannedStudentUpdate[];
  newAttempts: PlannedAttempt[];
  updatedAttempts: PlannedAttemptUpdate[];
  newPractice: { loc: Loc; practice: PracticeExamInput }[];
  updatedPractice: PlannedPracticeUpdate[];
}

export function planSize(p: ImportPlan): number {
  return p.newStudents.length + p.updatedStudents.length + p.newAttempts.length + p.updatedAttempts.length + p.newPractice.length + p.updatedPractice.length;
}

const STUDENT_LABELS = new Map(IMPORT_FIELDS.students.map((f) => [f.key, f.label]));
const ATTEMPT_LABELS: Record<string, string> = { exam: 'Exam', testDate: 'Date', outcome: 'Result', score: 'Score', attemptOrder: 'Attempt' };
const PRACTICE_LABELS: Record<string, string> = { exam: 'Exam', form: 'Form', takenOn: 'Date', score: 'Score', passProbability: 'Pass probability (%)' };

function shown(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

function diff<T extends object>(before: T, after: T, label: (field: string) => string): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of Object.keys(after) as (keyof T & string)[]) {
    const from = shown(before[field]);
    const to = shown(after[field]);
    if (from !== to) out.push({ field, label: label(field), from, to });
  }
  return out;
}

/** Custom fields are listed one per column, so the preview says which column changed. */
function studentChanges(before: Student, after: Student): FieldChange[] {
  const out = diff({ ...before, customFields: null }, { ...after, customFields: null }, (f) => STUDENT_LABELS.get(f) ?? f);
  for (const [k, v] of Object.entries(after.customFields))
    if (before.customFields[k] !== v) out.push({ field: `customFields.${k}`, label: k, from: before.customFields[k] ?? null, to: v });
  return out;
}

const sep = '\u0000';

/** The identity of an attempt within a student's history (see the header comment). */
function attemptKey(a: ExamAttemptInput): string {
  if (a.testDate !== null) return `${a.studentId}${sep}${a.exam}${sep}${a.testDate}`;
  if (a.attemptOrder !== null) return `${a.studentId}${sep}${a.exam}${sep}#${a.attemptOrder}`;
  return `${a.studentId}${sep}${a.exam}${sep}?${a.outcome}${sep}${a.score}`;
}

const TAKEN = new Set(['PASS', 'FAIL', 'INCOMPLETE']);

/** Two rows of one file naming the same attempt: combined when they agree, a conflict message when they do not. */
function combine(a: ExamAttemptInput, b: ExamAttemptInput): ExamAttemptInput | string {
  const out = { ...a };
  for (const f of ['outcome', 'score', 'attemptOrder'] as const) {
    const x = a[f];
    const y = b[f];
    if (y === null || x === y) continue;
    if (x === null) {
      (out as Record<string, unknown>)[f] = y;
      continue;
    }
    // A booking and its result on the same date are one attempt: the result wins.
    if (f === 'outcome' && (x === 'SCHEDULED' || y === 'SCHEDULED')) {
      out.outcome = x === 'SCHEDULED' ? b.outcome : a.outcome;
      continue;
    }
    return `different ${ATTEMPT_LABELS[f].toLowerCase()} (${String(x)} and ${String(y)})`;
  }
  return out;
}

/** What a file row adds to a recorded attempt; never erases, never turns a taken exam back into a booking. */
function updatedAttempt(before: ExamAttempt, file: ExamAttemptInput): { after: ExamAttempt; kept: string | null } {
  const after: ExamAttempt = { ...before };
  let kept: string | null = null;
  if (file.score !== null) after.score = file.score;
  if (file.outcome !== null) {
    const regress = (before.outcome !== null && TAKEN.has(before.outcome) || (before.outcome === null && before.score !== null) || before.outcome === 'PENDING') && (file.outcome === 'SCHEDULED' || file.outcome === 'PENDING') && before.outcome !== file.outcome;
    if (regress) kept = `${EXAM_LABELS[before.exam]} on ${before.testDate ?? 'an unknown date'} is already recorded as ${before.outcome ? OUTCOME_LABELS[before.outcome] : `score ${before.score}`}; the file's "${OUTCOME_LABELS[file.outcome]}" was not applied`;
    else after.outcome = file.outcome;
  } else if (file.score !== null && (before.outcome === 'SCHEDULED' || before.outcome === 'PENDING')) {
    // A score was released for the booked attempt: it is judged by the standard in force on its date (RULES.md §3).
    after.outcome = null;
  }
  if (file.attemptOrder !== null) after.attemptOrder = file.attemptOrder;
  return { after, kept };
}

/** Settings holding the passing score an exam's score-only attempt is judged by (RULES.md §1). */
const PASS_STANDARD: Partial<Record<ExamCode, string>> = { STEP2CK: 'step2ck.minPass', STEP3: 'step3.minPass', COMLEX2CE: 'comlex2ce.minPass' };

function judgedFailure(a: ExamAttemptInput, ref: ReferenceData): string | null {
  if (a.outcome !== null || a.score === null || a.testDate === null) return null;
  const key = PASS_STANDARD[a.exam];
  const standard = key ? settingInForce(ref, key, a.testDate) : null;
  if (!standard || a.score >= Number(standard.value)) return null;
  return `${EXAM_LABELS[a.exam]} score ${a.score} on ${a.testDate} has no result: below the minimum passing score ${standard.value} in force on that date, it counts as a failure`;
}

export function planImport(db: Db, file: CollectedFile, ref: ReferenceData): ImportPlan {
  const plan: ImportPlan = { newStudents: [], updatedStudents: [], newAttempts: [], updatedAttempts: [], newPractice: [], updatedPractice: [] };
  const problems = file.problems;
  const sheetName = (loc: Loc) => file.sheets[loc.sheet].name;
  const header = (loc: Loc, field: string) => file.sheets[loc.sheet].mapping?.byField.get(field)?.header ?? STUDENT_LABELS.get(field) ?? field;

  const withAttempts = new Set<string>();
  for (const r of file.attempts) withAttempts.add(r.attempt.studentId);
  for (const g of file.earlierFailures) withAttempts.add(g.studentId);
  const withPractice = new Set(file.practice.map((r) => r.practice.studentId));
  const ids = [...new Set([...file.students.keys(), ...withAttempts, ...withPractice])];
  const existing = studentsByIds(db, ids);
  const known = (id: string) => file.students.has(id) || existing.has(id);

  // ---- students
  for (const rec of file.students.values()) {
    if (file.rejectedStudentIds.has(rec.id)) continue;
    const before = existing.get(rec.id);
    const v: StudentValues = rec.values;
    let after: Student;
    if (!before) {
      const missing = (['firstName', 'lastName', 'gradYear'] as const).filter((f) => v[f] === undefined);
      for (const f of missing) problems.error(sheetName(rec.loc), rec.loc.row, header(rec.loc, f), `missing ${STUDENT_LABELS.get(f)} (required for a new student)`);
      if (missing.length) continue;
      after = {
        id: rec.id,
        firstName: v.firstName!,
        lastName: v.lastName!,
        email: v.email ?? null,
        gradYear: v.gradYear!,
        applicantType: v.applicantType ?? null,
        targetSpecialty: v.targetSpecialty ?? null,
        backupSpecialty: v.backupSpecialty ?? null,
        advisor: v.advisor ?? null,
        usceMonths: v.usceMonths ?? null,
        usLetters: v.usLetters ?? null,
        step1Deadline: v.step1Deadline ?? null,
        notes: v.notes ?? null,
        customFields: rec.custom ?? {},
      };
    } else after = { ...before, ...v, customFields: rec.custom ? { ...before.customFields, ...rec.custom } : before.customFields };
    const checked = Student.safeParse(after);
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const field = String(issue.path[0]);
        problems.error(sheetName(rec.loc), rec.loc.row, header(rec.loc, field), issueMessage(issue, (after as Record<string, unknown>)[field]));
      }
      continue;
    }
    if (!before) plan.newStudents.push({ loc: rec.loc, student: after });
    else {
      const changes = studentChanges(before, after);
      if (changes.length) plan.updatedStudents.push({ loc: rec.loc, before, after, changes });
    }
  }

  // ---- exam attempts: one per identity within the file, then matched against the database
  const fileAttempts = new Map<string, { loc: Loc; attempt: ExamAttemptInput }>();
  for (const rec of file.attempts) {
    const sid = rec.attempt.studentId;
    if (!known(sid)) {
      problems.error(sheetName(rec.loc), rec.loc.row, rec.columns.studentId ?? header(rec.loc, 'studentId'), `no student with ID ${sid} in this file or in Stepwise`);
      continue;
    }
    const key = attemptKey(rec.attempt);
    const prev = fileAttempts.get(key);
    if (!prev) {
      fileAttempts.set(key, { loc: rec.loc, attempt: rec.attempt });
      continue;
    }
    const merged = combine(prev.attempt, rec.attempt);
    if (typeof merged === 'string') {
      const a = rec.attempt;
      problems.error(sheetName(rec.loc), rec.loc.row, rec.columns.outcome ?? rec.columns.score ?? null, `${EXAM_LABELS[a.exam]} ${a.testDate ? `on ${a.testDate}` : `attempt ${a.attemptOrder ?? ''}`.trim()} for ${a.studentId} is also on ${sheetName(prev.loc)}!${prev.loc.row} with a ${merged}`);
    } else prev.attempt = merged;
  }

  const recorded = attemptsByStudent(db, [...withAttempts].filter((id) => existing.has(id)));
  /** Every attempt the student will have per exam once the plan is applied: recorded ones and new ones. */
  const history = new Map<string, (ExamAttempt | ExamAttemptInput)[]>();
  const historyOf = (sid: string, exam: ExamCode) => {
    const k = `${sid}${sep}${exam}`;
    let list = history.get(k);
    if (!list) history.set(k, (list = (recorded.get(sid) ?? []).filter((a) => a.exam === exam)));
    return list;
  };
  /** The recorded or planned attempt each file identity resolved to. */
  const resolved = new Map<string, ExamAttempt | ExamAttemptInput>();
  const claimed = new Set<number>();

  for (const [key, { loc, attempt }] of fileAttempts) {
    const list = historyOf(attempt.studentId, attempt.exam);
    const match = list.find(
      (e): e is ExamAttempt =>
        'id' in e &&
        (attempt.testDate !== null
          ? e.testDate === attempt.testDate
          : attempt.attemptOrder !== null
            ? e.attemptOrder === attempt.attemptOrder
            : e.testDate === null && e.attemptOrder === null && e.outcome === attempt.outcome && e.score === attempt.score),
    );
    if (!match) {
      plan.newAttempts.push({ loc, attempt, inferred: false });
      list.push(attempt);
      resolved.set(key, attempt);
      const judged = judgedFailure(attempt, ref);
      if (judged) problems.warn(sheetName(loc), loc.row, null, judged);
      continue;
    }
    resolved.set(key, match);
    if (claimed.has(match.id)) continue;
    claimed.add(match.id);
    const { after, kept } = updatedAttempt(match, attempt);
    if (kept) problems.warn(sheetName(loc), loc.row, null, kept);
    const changes = diff(match, after, (f) => ATTEMPT_LABELS[f] ?? f);
    if (changes.length) {
      plan.updatedAttempts.push({ loc, before: { ...match }, after, changes });
      // The history now holds the attempt as it will be, for counting earlier failures below.
      Object.assign(match, after);
      const judged = judgedFailure(after, ref);
      if (judged) problems.warn(sheetName(loc), loc.row, null, judged);
    }
  }

  // Earlier failures implied by an attempt count: only as many as the history does not already hold.
  for (const g of file.earlierFailures) {
    if (file.rejectedStudentIds.has(g.studentId)) continue;
    const final = resolved.get(attemptKey(g.final));
    if (!final) continue;
    const list = historyOf(g.studentId, g.exam);
    const finalDate = final.testDate;
    const earlier = list.filter((a) => a !== final && a.outcome !== 'SCHEDULED' && a.outcome !== 'PENDING' && !(finalDate && a.testDate && a.testDate > finalDate));
    let needed = g.count - earlier.length;
    const usedOrders = new Set(list.map((a) => a.attemptOrder));
    for (let order = 1; needed > 0 && order <= 20; order++) {
      if (usedOrders.has(order)) continue;
      const attempt: ExamAttemptInput = { studentId: g.studentId, exam: g.exam, testDate: null, outcome: 'FAIL', score: null, attemptOrder: order };
      plan.newAttempts.push({ loc: g.loc, attempt, inferred: true });
      list.push(attempt);
      needed--;
    }
  }

  // ---- practice exams
  const recordedPractice = practiceByStudent(db, [...withPractice].filter((id) => existing.has(id)));
  const practiceKey = (p: PracticeExamInput) => `${p.studentId}${sep}${p.exam}${sep}${p.form}${sep}${p.takenOn}`;
  const filePractice = new Map<string, { loc: Loc; practice: PracticeExamInput }>();
  for (const rec of file.practice) {
    const p = rec.practice;
    if (!known(p.studentId)) {
      problems.error(sheetName(rec.loc), rec.loc.row, rec.columns.studentId ?? null, `no student with ID ${p.studentId} in this file or in Stepwise`);
      continue;
    }
    const key = practiceKey(p);
    const prev = filePractice.get(key);
    if (!prev) {
      filePractice.set(key, { loc: rec.loc, practice: p });
      continue;
    }
    const a = prev.practice;
    const clash = (['score', 'passProbability'] as const).find((f) => a[f] !== null && p[f] !== null && a[f] !== p[f]);
    if (clash) problems.error(sheetName(rec.loc), rec.loc.row, rec.columns[clash] ?? null, `${p.form} on ${p.takenOn} for ${p.studentId} is also on ${sheetName(prev.loc)}!${prev.loc.row} with a different ${PRACTICE_LABELS[clash].toLowerCase()}`);
    else prev.practice = { ...a, score: a.score ?? p.score, passProbability: a.passProbability ?? p.passProbability };
  }
  for (const { loc, practice } of filePractice.values()) {
    const match = (recordedPractice.get(practice.studentId) ?? []).find((e) => e.exam === practice.exam && e.form === practice.form && e.takenOn === practice.takenOn);
    if (!match) {
      plan.newPractice.push({ loc, practice });
      continue;
    }
    const after: PracticeExam = { ...match, score: practice.score ?? match.score, passProbability: practice.passProbability ?? match.passProbability };
    const changes = diff(match, after, (f) => PRACTICE_LABELS[f] ?? f);
    if (changes.length) plan.updatedPractice.push({ loc, before: match, after, changes });
  }
  return plan;
}
