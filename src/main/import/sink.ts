/**
 * Decides and writes what each file row changes, while the file is still being read: records
 * arrive from collect.ts, and every couple of thousand rows a chunk is checked against the database
 * with a few batched queries and written through prepared statements, all inside the import's one
 * transaction (run.ts commits it, or rolls it back on any error, a cancel, or a preview). The
 * database inside that transaction is the state: an attempt this file already wrote is found by
 * the same lookup as one recorded last year, so the file needs no in-memory copy of itself.
 */
import type { AttemptChange, FieldChange, ImportChanges, ImportCounts, PracticeChange, StudentChange } from '../../shared/api/import';
import { ENROLMENT_LABELS, enrolmentOn, EXAM_LABELS, Student, type ExamAttempt, type ExamAttemptInput, type ParsedEnrolmentChange, type PracticeExam } from '../../shared/domain';
import { enrolmentChangesOf } from '../db/enrolment';
import { contradictoryResult } from '../../shared/rules/consistency';
import type { ReferenceData } from '../../shared/rules/reference';
import { attemptsByStudent, existingStudentIds, practiceByStudent, studentsByIds, type ImportWriter } from '../db/import-queries';
import type { Db } from '../db/open';
import { issueMessage, packLoc, unpackLoc, type AttemptRecord, type FailuresRecord, type Loc, type PracticeRecord, type RecordSink, type StudentRecord } from './collect';
import { ATTEMPT_LABELS, attemptKey, combine, diff, judgedFailure, PRACTICE_LABELS, sameAttempt, STUDENT_LABELS, studentChanges, studentFromRow, updatedAttempt } from './plan';
import type { Problems } from './problems';
import { certainlyValidStudent } from './quick-checks';
import { ambiguousIdMessage, DigitIds, matchedIdMessage, type SameDigits } from './student-ids';

/** Rows per chunk: large enough that lookups are few, small enough that a chunk is a blip of memory. */
const CHUNK = 2000;

export interface SinkOptions {
  db: Db;
  writer: ImportWriter;
  ref: ReferenceData;
  problems: Problems;
  /** Student IDs whose row was rejected: rows that refer to them are not also reported. */
  rejected: Set<string>;
  sheetName(loc: Loc): string;
  /** The header of the column that feeds `field` on the record's sheet (or the field's label). */
  header(loc: Loc, field: string): string;
  /** Whether the record's sheet has a column for `field` at all. */
  hasColumn(loc: Loc, field: string): boolean;
  /** How many entries each change list keeps for the preview. */
  detailLimit: number;
  /** Records an enrolment status change the file brings (stamped with the import's batch, audited). */
  recordEnrolment(change: ParsedEnrolmentChange): void;
}

const REQUIRED_FOR_NEW = ['firstName', 'lastName', 'gradYear'] as const;
/** The id of an attempt or practice exam the writer has not written yet (it gets its rowid when the chunk is flushed). */
const PENDING_ID = -1;



export class ImportSink implements RecordSink {
  readonly counts: ImportCounts = { students: { added: 0, updated: 0 }, exams: { added: 0, updated: 0 }, practice: { added: 0, updated: 0 } };
  readonly changes: ImportChanges = { newStudents: [], updatedStudents: [], newAttempts: [], updatedAttempts: [], newPractice: [], updatedPractice: [], truncated: false };
  private students: StudentRecord[] = [];
  /** Status cells of this chunk's written students: recorded once the students are in the table. */
  private enrolments: { rec: StudentRecord; name: string; counted: boolean }[] = [];
  private attempts: AttemptRecord[] = [];
  private practices: PracticeRecord[] = [];
  private failures: FailuresRecord[] = [];
  /** Rows whose student was neither stored nor yet read: settled once the whole file is read. */
  private laterAttempts: AttemptRecord[] = [];
  private laterPractice: PracticeRecord[] = [];
  /** Rows this import inserted or changed, by id: a second file row naming one is a duplicate within the file. */
  private touchedAttempts = new Map<number, number>();
  private touchedPractice = new Map<number, number>();
  /** Rows inserted in the current chunk, not yet written (no id yet). Locations are packed (packLoc). */
  private pendingAttempts = new Map<ExamAttempt, number>();
  private pendingPractice = new Map<PracticeExam, number>();

  /** Stored all-digit IDs, for an ID that lost (or gained) leading zeros (student-ids.ts). */
  private readonly digitIds: DigitIds;
  /** File IDs read as a stored student's (file ID → stored ID), so an Exams sheet says it once per student. */
  private readonly matchedIds = new Map<string, string>();

  constructor(private readonly o: SinkOptions) {
    this.digitIds = new DigitIds(o.db);
  }

  student(rec: StudentRecord): void {
    this.students.push(rec);
    if (this.students.length >= CHUNK) this.flush();
  }

  attempt(rec: AttemptRecord): void {
    this.attempts.push(rec);
    if (this.attempts.length >= CHUNK) this.flush();
  }

  practice(rec: PracticeRecord): void {
    this.practices.push(rec);
    if (this.practices.length >= CHUNK) this.flush();
  }

  earlierFailures(rec: FailuresRecord): void {
    // Counted once every attempt of the file is in: the Exams sheet may name the failures the count implies.
    this.failures.push(rec);
  }

  /** Whether any chunk has been written: from then on the import is inside its transaction with changes made. */
  writing = false;

  private closed = false;

  /** After the import ended (rolled back): a read that is still going may not write anything more. */
  close(): void {
    this.closed = true;
  }

  /** Writes what is buffered: students first, since attempts and practice exams refer to them. */
  flush(): void {
    if (this.closed) throw new Error('the import has ended');
    this.writing = true;
    const students = this.students;
    const attempts = this.attempts;
    const practices = this.practices;
    this.students = [];
    this.attempts = [];
    this.practices = [];
    if (students.length) this.writeStudents(students);
    // Attempts look students up: the buffered ones must be in the table first.
    this.o.writer.flush();
    if (this.enrolments.length) this.writeEnrolments();
    if (attempts.length) this.writeAttempts(attempts, true);
    if (practices.length) this.writePractice(practices, true);
    this.written();
  }

  /** Writes the writer's buffers; attempts written from this chunk are known by their new ids from now on. */
  private written(): void {
    this.o.writer.flush();
    for (const [attempt, loc] of this.pendingAttempts) this.touchedAttempts.set(attempt.id, loc);
    for (const [practice, loc] of this.pendingPractice) this.touchedPractice.set(practice.id, loc);
    this.pendingAttempts.clear();
    this.pendingPractice.clear();
  }

  /** New students on a sheet that lacks a column a new student needs, by sheet: one error each, at the end. */
  private readonly unknownStudents = new Map<number, { loc: Loc; fields: Set<string>; ids: string[] }>();

  private newWithoutColumns(rec: StudentRecord, absent: readonly string[]): void {
    let entry = this.unknownStudents.get(rec.loc.sheet);
    if (!entry) this.unknownStudents.set(rec.loc.sheet, (entry = { loc: rec.loc, fields: new Set(), ids: [] }));
    for (const f of absent) entry.fields.add(f);
    entry.ids.push(rec.id);
  }

  private reportUnknownStudents(): void {
    for (const { loc, fields, ids } of this.unknownStudents.values()) {
      const labels = REQUIRED_FOR_NEW.filter((f) => fields.has(f)).map((f) => STUDENT_LABELS.get(f)!);
      const list = labels.length > 1 ? `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}` : labels[0];
      const shown = ids.slice(0, 5).join(', ') + (ids.length > 5 ? ` and ${(ids.length - 5).toLocaleString('en-US')} more` : '');
      const one = ids.length === 1;
      const scoresOnly = labels.length === REQUIRED_FOR_NEW.length;
      this.error(
        loc,
        this.o.header(loc, 'studentId'),
        scoresOnly
          ? `${one ? 'no student with ID' : `${ids.length.toLocaleString('en-US')} Student IDs are not in Stepwise:`} ${shown}${one ? ' in Stepwise' : ''}; a file without ${list} columns can only update students already recorded (check the ${one ? 'ID' : 'IDs'}, or import ${one ? 'the student' : 'them'} first)`
          : `${one ? 'student' : `${ids.length.toLocaleString('en-US')} students`} ${shown} ${one ? 'is' : 'are'} new, and the sheet has no ${list} column, which a new student needs: add the column${labels.length > 1 ? 's' : ''}, or import ${one ? 'this student' : 'these students'} from a file that has ${labels.length > 1 ? 'them' : 'it'}`,
      );
    }
    this.unknownStudents.clear();
  }

  /** After the last row: rows whose student came later in the file, then failures implied by attempt counts. */
  finish(): void {
    if (this.closed) throw new Error('the import has ended');
    this.flush();
    this.reportUnknownStudents();
    for (let i = 0; i < this.laterAttempts.length; i += CHUNK) {
      this.writeAttempts(this.laterAttempts.slice(i, i + CHUNK), false);
      this.written();
    }
    for (let i = 0; i < this.laterPractice.length; i += CHUNK) {
      this.writePractice(this.laterPractice.slice(i, i + CHUNK), false);
      this.written();
    }
    for (let i = 0; i < this.failures.length; i += CHUNK) {
      this.writeEarlierFailures(this.failures.slice(i, i + CHUNK));
      this.written();
    }
    this.laterAttempts = [];
    this.laterPractice = [];
    this.failures = [];
  }

  // ------------------------------------------------------------ recording what changed

  private at(loc: Loc) {
    return { sheet: this.o.sheetName(loc), row: loc.row };
  }

  private keep<T>(list: T[], item: () => T): void {
    if (list.length < this.o.detailLimit) list.push(item());
    else this.changes.truncated = true;
  }

  private error(loc: Loc, column: string | null, message: string): void {
    this.o.problems.error(this.o.sheetName(loc), loc.row, column, message);
  }

  private warn(loc: Loc, column: string | null, message: string): void {
    this.o.problems.warn(this.o.sheetName(loc), loc.row, column, message);
  }

  // ------------------------------------------------------------ students

  /**
   * Student rows whose ID matches no student exactly but one stored student apart from leading
   * zeros are that student's, said with a warning; several such students are an error.
   */
  private withStoredIds(chunk: StudentRecord[], existing: Map<string, Student>): StudentRecord[] {
    const out: StudentRecord[] = [];
    const matched: StudentRecord[] = [];
    for (const rec of chunk) {
      const same = existing.has(rec.id) ? null : this.digitIds.match(rec.id);
      if (!same) out.push(rec);
      else if (same.kind === 'several') {
        this.error(rec.loc, this.o.header(rec.loc, 'studentId'), ambiguousIdMessage(rec.id, same.ids));
        this.o.rejected.add(rec.id);
      } else {
        this.warn(rec.loc, this.o.header(rec.loc, 'studentId'), matchedIdMessage(rec.id, same.id));
        this.matchedIds.set(rec.id, same.id);
        const moved = { ...rec, id: same.id };
        matched.push(moved);
        out.push(moved);
      }
    }
    if (matched.length) for (const [id, student] of studentsByIds(this.o.db, matched.map((r) => r.id))) existing.set(id, student);
    return out;
  }

  private writeStudents(records: StudentRecord[]): void {
    const existing = studentsByIds(this.o.db, records.map((r) => r.id));
    const chunk = this.withStoredIds(records, existing);
    for (const rec of chunk) {
      const before = existing.get(rec.id);
      if (!before) {
        const missing = REQUIRED_FOR_NEW.filter((f) => rec.values[f] === undefined);
        // A column the sheet does not have is said once for the sheet (at the end), not on every row.
        const absent = missing.filter((f) => !this.o.hasColumn(rec.loc, f));
        if (absent.length) this.newWithoutColumns(rec, absent);
        for (const f of missing) if (!absent.includes(f)) this.error(rec.loc, this.o.header(rec.loc, f), `missing ${STUDENT_LABELS.get(f)} (required for a new student)`);
        if (missing.length) {
          this.o.rejected.add(rec.id);
          continue;
        }
      }
      const after = studentFromRow(rec.id, rec.values, rec.custom, before);
      // The schema only for what the plain check cannot vouch for: the same verdict, and zod's own messages (quick-checks.ts).
      const checked = certainlyValidStudent(after) ? null : Student.safeParse(after);
      if (checked && !checked.success) {
        for (const issue of checked.error.issues) {
          const field = String(issue.path[0]);
          this.error(rec.loc, this.o.header(rec.loc, field), issueMessage(issue, (after as Record<string, unknown>)[field]));
        }
        this.o.rejected.add(rec.id);
        continue;
      }
      const name = `${after.firstName} ${after.lastName}`;
      if (!before) {
        this.o.writer.insertStudent(after);
        this.digitIds.added(after.id);
        this.counts.students.added++;
        this.keep(this.changes.newStudents, (): StudentChange => ({ ...this.at(rec.loc), id: after.id, name, fields: [] }));
        if (rec.enrolment) this.enrolments.push({ rec, name, counted: true });
        continue;
      }
      const fields = studentChanges(before, after);
      if (rec.enrolment) this.enrolments.push({ rec, name, counted: fields.length > 0 });
      if (!fields.length) continue;
      this.o.writer.updateStudent(before, after);
      this.counts.students.updated++;
      this.keep(this.changes.updatedStudents, (): StudentChange => ({ ...this.at(rec.loc), id: after.id, name, fields }));
    }
  }

  // ------------------------------------------------------------ enrolment status

  /**
   * A status cell is news when the student's status on its date (their stored history, this file's
   * earlier rows included) is another, or the same with another end: then it is recorded as a change,
   * dated. Re-importing the file therefore records nothing. A new student is active unless it says otherwise.
   */
  private writeEnrolments(): void {
    const pending = this.enrolments;
    this.enrolments = [];
    const stored = enrolmentChangesOf(this.o.db, pending.map((p) => p.rec.id));
    for (const { rec, name, counted } of pending) {
      const change = rec.enrolment!.change;
      const changes = stored.get(rec.id) ?? [];
      const now = enrolmentOn({ changes }, change.effectiveFrom);
      if (now.status === change.status && (now.until ?? null) === change.endsOn) continue;
      this.o.recordEnrolment(change);
      if (!counted) {
        this.counts.students.updated++;
        const from = `${ENROLMENT_LABELS[now.status]}${now.since ? ` from ${now.since}` : ''}`;
        const to = `${ENROLMENT_LABELS[change.status]} from ${change.effectiveFrom}${change.endsOn ? ` to ${change.endsOn}` : ''}`;
        this.keep(this.changes.updatedStudents, (): StudentChange => ({ ...this.at(rec.loc), id: rec.id, name, fields: [{ field: 'enrolmentStatus', label: 'Enrolment status', from, to }] }));
      }
    }
  }

  // ------------------------------------------------------------ exam attempts

  /** Splits rows by whether their student exists now; the others wait for the end of the file or are errors. */
  private present<R extends { loc: Loc }>(chunk: R[], studentOf: (r: R) => string, column: (r: R) => string, later: R[] | null, withStudent: (r: R, id: string) => R): { rows: R[]; ids: string[] } {
    const ids = [...new Set(chunk.map(studentOf))].filter((id) => !this.o.rejected.has(id));
    const found = existingStudentIds(this.o.db, ids);
    // An ID that matches no student exactly may be a stored one's without (or with more) leading zeros.
    const same = new Map<string, NonNullable<SameDigits>>();
    for (const id of ids)
      if (!found.has(id)) {
        const m = this.digitIds.match(id);
        if (m) same.set(id, m);
      }
    const rows: R[] = [];
    for (const r of chunk) {
      const sid = studentOf(r);
      const m = same.get(sid);
      if (found.has(sid)) rows.push(r);
      else if (this.o.rejected.has(sid)) continue;
      else if (m?.kind === 'several') this.error(r.loc, column(r), ambiguousIdMessage(sid, m.ids));
      else if (m) {
        if (!this.matchedIds.has(sid)) this.warn(r.loc, column(r), matchedIdMessage(sid, m.id));
        this.matchedIds.set(sid, m.id);
        found.add(m.id);
        rows.push(withStudent(r, m.id));
      }
      else if (later) later.push(r);
      else this.error(r.loc, column(r), `no student with ID ${sid} in this file or in Stepwise`);
    }
    return { rows, ids: [...found] };
  }

  private writeAttempts(chunk: AttemptRecord[], canWait: boolean): void {
    const { rows, ids } = this.present(chunk, (r) => r.attempt.studentId, (r) => r.columns.studentId ?? this.o.header(r.loc, 'studentId'), canWait ? this.laterAttempts : null, (r, id) => ({ ...r, attempt: { ...r.attempt, studentId: id } }));
    // Rows of this chunk naming one attempt are combined first (a booking and its result on the same date are one attempt).
    const byKey = new Map<string, AttemptRecord>();
    for (const r of rows) {
      const key = attemptKey(r.attempt);
      const first = byKey.get(key);
      if (!first) byKey.set(key, { ...r });
      else {
        const merged = combine(first.attempt, r.attempt);
        if (typeof merged === 'string') this.duplicateAttempt(r, first.loc, merged);
        else first.attempt = merged;
      }
    }
    const history = attemptsByStudent(this.o.db, ids);
    for (const r of byKey.values()) {
      let list = history.get(r.attempt.studentId);
      if (!list) history.set(r.attempt.studentId, (list = []));
      const match = list.find((e) => sameAttempt(e, r.attempt));
      // A Step (or COMLEX level) is passed once (RULES.md §3): a second pass is a mistake in the file.
      const passed = r.attempt.outcome === 'PASS' ? list.find((e) => e !== match && e.exam === r.attempt.exam && e.outcome === 'PASS') : undefined;
      if (passed) {
        const on = (d: string | null) => (d ? `on ${d}` : 'on an unknown date');
        this.error(r.loc, r.columns.outcome ?? null, `${EXAM_LABELS[r.attempt.exam]} is already passed ${on(passed.testDate)}; it can be passed only once, so this pass ${on(r.attempt.testDate)} is refused: correct its result or its date`);
        continue;
      }
      if (this.impossible(r, r.attempt)) continue;
      if (!match) {
        // Buffered by the writer until the end of the chunk, like practice exams; its id is set when written.
        const pending: ExamAttempt = { ...r.attempt, id: PENDING_ID };
        this.o.writer.insertAttempt(pending);
        list.push(pending);
        this.pendingAttempts.set(pending, packLoc(r.loc));
        this.counts.exams.added++;
        this.keep(this.changes.newAttempts, (): AttemptChange => ({ ...this.at(r.loc), ...r.attempt, inferred: false, fields: [] }));
        const judged = judgedFailure(r.attempt, this.o.ref);
        if (judged) this.warn(r.loc, null, judged);
        continue;
      }
      const touched = match.id === PENDING_ID ? this.pendingAttempts.get(match) : this.touchedAttempts.get(match.id);
      if (touched !== undefined) {
        const earlier = unpackLoc(touched);
        // Another row of this file already named this attempt: the two must agree.
        const merged = combine(match, r.attempt);
        if (typeof merged === 'string') this.duplicateAttempt(r, earlier, merged);
        else {
          const after: ExamAttempt = { ...merged, id: match.id };
          // Not yet written: the insert takes the combined values.
          if (match.id !== PENDING_ID && diff(match, after, () => '').length) this.o.writer.updateAttempt(match, after);
          Object.assign(match, after);
        }
        continue;
      }
      this.touchedAttempts.set(match.id, packLoc(r.loc));
      const { after, kept } = updatedAttempt(match, r.attempt);
      if (this.impossible(r, after)) continue;
      if (kept) this.warn(r.loc, null, kept);
      const fields = diff(match, after, (f) => ATTEMPT_LABELS[f] ?? f);
      if (!fields.length) continue;
      this.o.writer.updateAttempt(match, after);
      Object.assign(match, after);
      this.counts.exams.updated++;
      this.keep(this.changes.updatedAttempts, (): AttemptChange => ({ ...this.at(r.loc), ...withoutId(after), inferred: false, fields }));
      const judged = judgedFailure(after, this.o.ref);
      if (judged) this.warn(r.loc, null, judged);
    }
  }

  /** A result its own score contradicts (RULES.md, "Impossible data"): an error with a test date, a warning without. */
  private impossible(r: AttemptRecord, a: Pick<ExamAttempt, 'exam' | 'testDate' | 'outcome' | 'score'>): boolean {
    const c = contradictoryResult(a, this.o.ref);
    if (!c) return false;
    if (c.severity === 'warning') {
      this.warn(r.loc, r.columns.score ?? null, c.message);
      return false;
    }
    this.error(r.loc, r.columns.score ?? r.columns.outcome ?? null, c.message);
    return true;
  }

  private duplicateAttempt(r: AttemptRecord, first: Loc, difference: string): void {
    const a = r.attempt;
    const which = a.testDate ? `on ${a.testDate}` : a.attemptOrder !== null ? `attempt ${a.attemptOrder}` : 'of unknown date';
    this.error(r.loc, r.columns.outcome ?? r.columns.score ?? null, `${EXAM_LABELS[a.exam]} ${which} for ${a.studentId} is also on ${this.o.sheetName(first)}!${first.row} with a ${difference}`);
  }

  /**
   * "Attempts N" implies N−1 earlier unsuccessful attempts of unknown date. Only as many are added
   * as the student's history does not already hold: failures recorded with their dates (by hand,
   * on the Exams sheet, or by an earlier import) count, so nothing is recorded twice.
   */
  private writeEarlierFailures(chunk: FailuresRecord[]): void {
    // A row whose ID was read as a stored student's (leading zeros) counts that student's failures.
    const live = chunk
      .filter((g) => !this.o.rejected.has(g.studentId))
      .map((g) => {
        const stored = this.matchedIds.get(g.studentId);
        return stored === undefined ? g : { ...g, studentId: stored, final: { ...g.final, studentId: stored } };
      });
    const history = attemptsByStudent(this.o.db, [...new Set(live.map((g) => g.studentId))]);
    for (const g of live) {
      const list = (history.get(g.studentId) ?? []).filter((a) => a.exam === g.exam);
      const final = list.find((a) => sameAttempt(a, g.final));
      if (!final) continue;
      const earlier = list.filter((a) => a !== final && a.outcome !== 'SCHEDULED' && a.outcome !== 'PENDING' && !(final.testDate && a.testDate && a.testDate > final.testDate));
      let needed = g.count - earlier.length;
      const usedOrders = new Set(list.map((a) => a.attemptOrder));
      for (let order = 1; needed > 0 && order <= 20; order++) {
        if (usedOrders.has(order)) continue;
        const attempt: ExamAttemptInput = { studentId: g.studentId, exam: g.exam, testDate: null, outcome: 'FAIL', score: null, attemptOrder: order };
        const pending: ExamAttempt = { ...attempt, id: PENDING_ID };
        this.o.writer.insertAttempt(pending);
        list.push(pending);
        this.counts.exams.added++;
        this.keep(this.changes.newAttempts, (): AttemptChange => ({ ...this.at(g.loc), ...attempt, inferred: true, fields: [] }));
        needed--;
      }
    }
  }

  // ------------------------------------------------------------ practice exams

  private writePractice(chunk: PracticeRecord[], canWait: boolean): void {
    const { rows, ids } = this.present(chunk, (r) => r.practice.studentId, (r) => r.columns.studentId ?? this.o.header(r.loc, 'studentId'), canWait ? this.laterPractice : null, (r, id) => ({ ...r, practice: { ...r.practice, studentId: id } }));
    const history = practiceByStudent(this.o.db, ids);
    for (const r of rows) {
      const p = r.practice;
      const list = history.get(p.studentId) ?? [];
      const match = list.find((e) => e.exam === p.exam && e.form === p.form && e.takenOn === p.takenOn);
      if (!match) {
        // Buffered by the writer until the end of the chunk; a later row of this chunk naming the same exam fills in this very object.
        const pending: PracticeExam = { ...p, id: PENDING_ID };
        this.o.writer.insertPractice(pending);
        list.push(pending);
        if (!history.has(p.studentId)) history.set(p.studentId, list);
        this.pendingPractice.set(pending, packLoc(r.loc));
        this.counts.practice.added++;
        this.keep(this.changes.newPractice, (): PracticeChange => ({ ...this.at(r.loc), ...p, fields: [] }));
        continue;
      }
      const touched = match.id === PENDING_ID ? this.pendingPractice.get(match) : this.touchedPractice.get(match.id);
      const earlier = touched === undefined ? undefined : unpackLoc(touched);
      const clash = earlier ? (['score', 'passProbability'] as const).find((f) => match[f] !== null && p[f] !== null && match[f] !== p[f]) : undefined;
      if (earlier && clash) {
        this.error(r.loc, r.columns[clash] ?? null, `${p.form} on ${p.takenOn} for ${p.studentId} is also on ${this.o.sheetName(earlier)}!${earlier.row} with a different ${PRACTICE_LABELS[clash].toLowerCase()}`);
        continue;
      }
      const after: PracticeExam = { ...match, score: p.score ?? match.score, passProbability: p.passProbability ?? match.passProbability };
      const fields: FieldChange[] = diff(match, after, (f) => PRACTICE_LABELS[f] ?? f);
      if (fields.length && match.id !== PENDING_ID) this.o.writer.updatePractice(match, after);
      Object.assign(match, after);
      if (earlier) continue;
      this.touchedPractice.set(match.id, packLoc(r.loc));
      if (!fields.length) continue;
      this.counts.practice.updated++;
      this.keep(this.changes.updatedPractice, (): PracticeChange => ({ ...this.at(r.loc), ...withoutId(after), fields }));
    }
  }
}

function withoutId<T extends { id: number }>(row: T): Omit<T, 'id'> {
  const { id: _id, ...rest } = row;
  return rest;
}
