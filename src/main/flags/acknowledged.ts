/**
 * Flags with their acknowledgements (RULES.md §4 "Acknowledged flags"), for one student or a set of
 * students, as of a date. The rule (shared/rules/acknowledgement.ts) decides whether each still holds;
 * a lapse seen as of today is recorded once and audited, as acknowledging is. A view of another date
 * records nothing: it only shows how things stood then.
 */
import { localToday, type Flag, type FlagAcknowledgement } from '../../shared/domain';
import { acknowledgementDays, unacknowledgedUrgent, withAcknowledgements, type FlagWithAcknowledgement } from '../../shared/rules/acknowledgement';
import type { ReferenceData } from '../../shared/rules/reference';
import type { AuditContext } from '../db/audit';
import type { Store } from '../store/store';

/** The lapses among `shown` that are not recorded yet. */
function unrecordedLapses(shown: FlagWithAcknowledgement[]) {
  return shown.flatMap((f) => {
    const a = f.acknowledgement;
    return a && a.standing.state === 'lapsed' && a.lapsedAt === null ? [{ ack: a, reason: a.standing.reason }] : [];
  });
}

/** Records the lapses (once each, audited) and shows them as recorded. */
async function recordLapses(store: Store, lapsed: ReturnType<typeof unrecordedLapses>, who: AuditContext): Promise<void> {
  if (!lapsed.length) return;
  const now = new Date().toISOString();
  await store.acknowledgements.recordLapses(lapsed, who, now);
  for (const { ack, reason } of lapsed) Object.assign(ack, { lapsedAt: now, lapseReason: reason });
}

export async function acknowledgedFlags(store: Store, ref: ReferenceData, studentId: string, flags: readonly Flag[], asOf: string, who: AuditContext | null): Promise<FlagWithAcknowledgement[]> {
  const shown = withAcknowledgements(flags, await store.acknowledgements.list(studentId), asOf, acknowledgementDays(ref, asOf));
  if (who && asOf === localToday()) await recordLapses(store, unrecordedLapses(shown), who);
  return shown;
}

/** Unacknowledged critical and high flags, and the students who carry any, among the given students' flags. */
export async function unacknowledgedUrgentCounts(
  store: Store,
  ref: ReferenceData,
  flagsOf: (studentId: string) => readonly Flag[],
  studentIds: readonly string[],
  asOf: string,
  who: AuditContext | null,
): Promise<{ flags: number; students: number }> {
  const acks: Map<string, FlagAcknowledgement[]> = studentIds.length ? await store.acknowledgements.byStudent(studentIds) : new Map();
  const days = acknowledgementDays(ref, asOf);
  let flags = 0;
  let students = 0;
  const lapses: ReturnType<typeof unrecordedLapses> = [];
  for (const id of studentIds) {
    const shown = withAcknowledgements(flagsOf(id), acks.get(id) ?? [], asOf, days);
    if (acks.has(id)) lapses.push(...unrecordedLapses(shown));
    const n = unacknowledgedUrgent(shown);
    flags += n;
    if (n) students++;
  }
  // All of the view's lapses in one transaction, after the counting (the counts do not depend on it).
  if (who && asOf === localToday()) await recordLapses(store, lapses, who);
  return { flags, students };
}
