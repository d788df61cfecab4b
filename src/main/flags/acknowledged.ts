/**
 * Flags with their acknowledgements (RULES.md §4 "Acknowledged flags"), for one student or a set of
 * students, as of a date. The rule (shared/rules/acknowledgement.ts) decides whether each still holds;
 * a lapse seen as of today is recorded once and audited, as acknowledging is. A view of another date
 * records nothing: it only shows how things stood then.
 */
import { localToday, type Flag, type FlagAcknowledgement } from '../../shared/domain';
import { acknowledgementDays, unacknowledgedUrgent, withAcknowledgements, type FlagWithAcknowledgement } from '../../shared/rules/acknowledgement';
import type { ReferenceData } from '../../shared/rules/reference';
import { acknowledgementsByStudent, listAcknowledgements, recordLapse } from '../db/acknowledgements';
import type { AuditContext } from '../db/audit';
import type { Db } from '../db/open';

/** Records the lapses among `shown` that are not recorded yet; true when it wrote any. */
function recordLapses(db: Db, shown: FlagWithAcknowledgement[], who: AuditContext): boolean {
  const lapsed = shown.flatMap((f) => {
    const a = f.acknowledgement;
    return a && a.standing.state === 'lapsed' && a.lapsedAt === null ? [{ ack: a, reason: a.standing.reason }] : [];
  });
  if (!lapsed.length) return false;
  const now = new Date().toISOString();
  db.transaction(() => lapsed.forEach(({ ack, reason }) => recordLapse(db, ack, reason, who, now)))();
  for (const { ack, reason } of lapsed) Object.assign(ack, { lapsedAt: now, lapseReason: reason });
  return true;
}

export function acknowledgedFlags(db: Db, ref: ReferenceData, studentId: string, flags: readonly Flag[], asOf: string, who: AuditContext | null): FlagWithAcknowledgement[] {
  const shown = withAcknowledgements(flags, listAcknowledgements(db, studentId), asOf, acknowledgementDays(ref, asOf));
  if (who && asOf === localToday()) recordLapses(db, shown, who);
  return shown;
}

/** Unacknowledged critical and high flags, and the students who carry any, among the given students' flags. */
export function unacknowledgedUrgentCounts(
  db: Db,
  ref: ReferenceData,
  flagsOf: (studentId: string) => readonly Flag[],
  studentIds: readonly string[],
  asOf: string,
  who: AuditContext | null,
): { flags: number; students: number } {
  const acks: Map<string, FlagAcknowledgement[]> = studentIds.length ? acknowledgementsByStudent(db, studentIds) : new Map();
  const days = acknowledgementDays(ref, asOf);
  let flags = 0;
  let students = 0;
  const record = who && asOf === localToday();
  for (const id of studentIds) {
    const shown = withAcknowledgements(flagsOf(id), acks.get(id) ?? [], asOf, days);
    if (record && acks.has(id)) recordLapses(db, shown, who);
    const n = unacknowledgedUrgent(shown);
    flags += n;
    if (n) students++;
  }
  return { flags, students };
}
