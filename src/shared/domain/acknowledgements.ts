import { z } from 'zod';
import { IsoDate } from './dates';
import { FlagCode, Severity } from './flags';

/**
 * An advisor's acknowledgement of one flag for one student (RULES.md "Acknowledged flags"): the flag as it
 * read when acknowledged (its severity and message are its facts) and the short note that answers it.
 * One per student and flag: acknowledging again replaces it (the audit log keeps the earlier ones).
 */
export const FlagAcknowledgementInput = z.object({
  studentId: z.string().trim().min(1).max(64),
  code: FlagCode,
  note: z.string().trim().min(1, 'say what was done or decided (for example "discussed; CK booked for March")').max(2000),
});
export type FlagAcknowledgementInput = z.infer<typeof FlagAcknowledgementInput>;

export const LAPSE_REASONS = ['changed', 'expired'] as const;
export type LapseReason = (typeof LAPSE_REASONS)[number];

export interface FlagAcknowledgement {
  id: number;
  studentId: string;
  code: FlagCode;
  severity: z.infer<typeof Severity>;
  message: string;
  note: string;
  acknowledgedBy: string;
  /** The instant it was saved (ISO, UTC). */
  acknowledgedAt: string;
  /** The date it was acknowledged on (the as-of date of the flag it answers): the lapse counts from here. */
  acknowledgedOn: string;
  /** When the app saw it lapse, and why (null while it holds); written once and audited. */
  lapsedAt: string | null;
  lapseReason: LapseReason | null;
  version: number;
}

/** An acknowledgement as it stands for the flag raised on an as-of date. */
export type AcknowledgementStanding =
  | { state: 'held'; until: string }
  | { state: 'lapsed'; reason: 'changed' }
  | { state: 'lapsed'; reason: 'expired'; on: string };

export const AckAsOf = z.object({ studentId: z.string().trim().min(1).max(64), asOf: IsoDate.optional() });
