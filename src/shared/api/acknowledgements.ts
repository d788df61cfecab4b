import { z } from 'zod';
import { FlagAcknowledgementInput, FlagCode, IsoDate } from '../domain';
import type { FlagWithAcknowledgement } from '../rules/acknowledgement';
import { endpoint } from './contract';

/**
 * Acknowledged flags on the student page (RULES.md §4): each flag the core raises as of a date, with
 * its acknowledgement and whether it still holds; acknowledged flags sort below the others. Every
 * write is audited, and so is a lapse the first time it is seen as of today.
 */
export interface AcknowledgedFlags {
  studentId: string;
  asOf: string;
  /** How many days an acknowledgement holds (setting flags.acknowledgementDays). */
  days: number;
  flags: FlagWithAcknowledgement[];
}

const StudentAsOf = z.object({ studentId: z.string().trim().min(1).max(64), asOf: IsoDate.optional() });

export const acknowledgementsApi = {
  'acknowledgements.flags': endpoint<AcknowledgedFlags>()(StudentAsOf),
  /** Acknowledges the flag as the core raises it today (never as a screen says it reads). */
  'acknowledgements.acknowledge': endpoint<AcknowledgedFlags>()(FlagAcknowledgementInput),
  'acknowledgements.withdraw': endpoint<AcknowledgedFlags>()(z.object({ studentId: z.string().trim().min(1).max(64), code: FlagCode })),
};
