/**
 * The one-page student summary for a planning session: profile, exam history, practice trend,
 * flags with the guide's actions, open action items, and the timeline facts the flags were measured
 * against. Everything is read and evaluated here; the page only lays it out.
 */
import { ApiError } from '../../shared/api/contract';
import { SUMMARY_LIMITS, type StudentSummary } from '../../shared/api/reports';
import { APPLICANT_TYPE_LABELS, enrolmentOn, localToday } from '../../shared/domain';
import { evaluateStudent } from '../../shared/rules/flags';
import { practiceLines } from '../../shared/practice-lines';
import type { Store } from '../store/store';
import { STANDING_TEXT } from './exam-status';
import { byTestDate, judgeAttempt } from '../../shared/rules/standing';

export async function studentSummary(store: Store, id: string, asOfInput?: string, now: Date = new Date()): Promise<StudentSummary> {
  const snapshot = await store.snapshot(id);
  if (!snapshot) throw new ApiError('NOT_FOUND', `No student with ID ${id}`);
  const asOf = asOfInput ?? localToday(now);
  const ref = await store.referenceData();
  const evaluation = evaluateStudent(snapshot, ref, asOf);

  const judged = snapshot.attempts.map((a) => judgeAttempt(ref, a, asOf)).sort(byTestDate).reverse();
  const attempts = judged.slice(0, SUMMARY_LIMITS.attempts).map((j) => ({
    exam: j.exam,
    testDate: j.date,
    outcome: j.attempt.outcome,
    score: j.score,
    standing: STANDING_TEXT[j.standing],
  }));

  const practice = [...snapshot.practice].sort((a, b) => (a.takenOn < b.takenOn ? -1 : a.takenOn > b.takenOn ? 1 : a.id - b.id));
  const shownPractice = practice.slice(-SUMMARY_LIMITS.practice);

  const notes = await store.notes.list(id); // newest first
  // Open items: dated ones by due date (overdue first), then undated ones from the newest note.
  const items = notes
    .flatMap((n) => n.actionItems.filter((i) => !i.done).map((i) => ({ text: i.text, dueDate: i.dueDate, noteDate: n.createdAt })))
    .sort((a, b) => (a.dueDate === b.dueDate ? 0 : a.dueDate === null ? 1 : b.dueDate === null ? -1 : a.dueDate < b.dueDate ? -1 : 1));
  const note = notes[0] ?? null;
  const upcoming = [...notes.map((n) => n.followUpDate), ...items.map((i) => i.dueDate)].filter((d): d is string => d !== null && d >= asOf).sort();

  const standing = enrolmentOn(snapshot.enrolment, asOf);
  return {
    asOf,
    generatedAt: now.toISOString(),
    enrolment: { status: standing.status, since: standing.since, until: standing.until, archivedAt: snapshot.enrolment?.archivedAt ?? null },
    student: snapshot.student,
    applicantTypeLabel: snapshot.student.applicantType ? APPLICANT_TYPE_LABELS[snapshot.student.applicantType] : null,
    evaluation,
    attempts,
    attemptsOmitted: Math.max(0, judged.length - attempts.length),
    practice: shownPractice,
    practiceOmitted: practice.length - shownPractice.length,
    lines: practiceLines(ref, evaluation, asOf),
    openActionItems: items.slice(0, SUMMARY_LIMITS.actionItems).map((i) => ({ ...i, overdue: i.dueDate !== null && i.dueDate < asOf })),
    actionItemsOmitted: Math.max(0, items.length - SUMMARY_LIMITS.actionItems),
    latestNote: note
      ? {
          createdAt: note.createdAt,
          author: note.author,
          followUpDate: note.followUpDate,
          body: note.body.length > SUMMARY_LIMITS.noteChars ? `${note.body.slice(0, SUMMARY_LIMITS.noteChars - 1)}…` : note.body,
        }
      : null,
    nextFollowUp: upcoming[0] ?? null,
  };
}
