/**
 * Whether an acknowledgement still holds (RULES.md "Acknowledged flags"): it lapses, and the flag is new
 * again, when the flag's facts change — its message would differ (a new attempt, a new score, a new
 * date) or its severity moved — or once `flags.acknowledgementDays` (90) days have passed since the
 * day it was acknowledged. Pure: the same acknowledgement, flag and as-of date give the same answer.
 */
import { addDays, type AcknowledgementStanding, type Flag, type FlagAcknowledgement } from '../domain';
import { numberSetting, type ReferenceData } from './reference';

export const ACKNOWLEDGEMENT_DAYS_KEY = 'flags.acknowledgementDays';

export function acknowledgementDays(ref: ReferenceData, asOf: string): number {
  return numberSetting(ref, ACKNOWLEDGEMENT_DAYS_KEY, asOf);
}

/**
 * A message's facts without the passage of time: messages name their as-of date ("not passed as of
 * 2026-11-20", "the limit in force on 2026-11-20") and count days from it ("in 12 days", "40 days ago"), which
 * move every day while the facts they describe (the dates beside them) stay. Those are set aside; every
 * other word and number counts (an exam dated on the as-of date itself included).
 */
export function messageFacts(message: string, asOf: string): string {
  return message
    .split(`as of ${asOf}`)
    .join('as of {as of}')
    .split(`in force on ${asOf}`)
    .join('in force on {as of}')
    .replace(/\bin \d+ days?\b/g, 'in {n} days')
    .replace(/\b\d+ days? ago\b/g, '{n} days ago');
}

type Acknowledged = Pick<FlagAcknowledgement, 'code' | 'severity' | 'message' | 'acknowledgedOn'>;

/**
 * The acknowledgement's standing for `flag` as raised on `asOf`, or null when it does not apply: another
 * flag, or an as-of date before the day it was made (a view of the past shows the flag as it was then).
 */
export function acknowledgementStanding(ack: Acknowledged, flag: Flag, asOf: string, days: number): AcknowledgementStanding | null {
  if (ack.code !== flag.code || asOf < ack.acknowledgedOn) return null;
  if (ack.severity !== flag.severity || messageFacts(ack.message, ack.acknowledgedOn) !== messageFacts(flag.message, asOf)) return { state: 'lapsed', reason: 'changed' };
  const lapsesOn = addDays(ack.acknowledgedOn, days);
  if (asOf >= lapsesOn) return { state: 'lapsed', reason: 'expired', on: lapsesOn };
  return { state: 'held', until: addDays(lapsesOn, -1) };
}

export interface FlagWithAcknowledgement extends Flag {
  /** The student's acknowledgement of this flag, if any, with its standing on the as-of date. */
  acknowledgement: (FlagAcknowledgement & { standing: AcknowledgementStanding }) | null;
}

export const isHeld = (f: FlagWithAcknowledgement): boolean => f.acknowledgement?.standing.state === 'held';

/**
 * Each flag with its acknowledgement; acknowledged flags (still held) sort below the unacknowledged,
 * each group keeping the rules' order. A lapsed one is shown as new again.
 */
export function withAcknowledgements(flags: readonly Flag[], acks: readonly FlagAcknowledgement[], asOf: string, days: number): FlagWithAcknowledgement[] {
  const byCode = new Map(acks.map((a) => [a.code, a]));
  const out = flags.map((flag, i) => {
    const ack = byCode.get(flag.code);
    const standing = ack ? acknowledgementStanding(ack, flag, asOf, days) : null;
    return { i, flag: { ...flag, acknowledgement: ack && standing ? { ...ack, standing } : null } };
  });
  out.sort((a, b) => Number(isHeld(a.flag)) - Number(isHeld(b.flag)) || a.i - b.i);
  return out.map((o) => o.flag);
}

/** Critical and high flags not acknowledged (or whose acknowledgement lapsed): what the dashboard counts apart. */
export function unacknowledgedUrgent(flags: readonly FlagWithAcknowledgement[]): number {
  return flags.filter((f) => (f.severity === 'critical' || f.severity === 'high') && !isHeld(f)).length;
}
