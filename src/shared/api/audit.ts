import { z } from 'zod';
import { IsoDate, type AuditEntry } from '../domain';
import { endpoint } from './contract';

/**
 * The audit log viewer (PRODUCT.md: "an audit log of every change — who, when, what, old and new
 * value"): global in Settings → Audit log, per student on the student page.
 */

export const AuditQuery = z
  .object({
    /** Everything about one student: the student's own fields and their exam attempts, practice exams and notes. */
    studentId: z.string().trim().min(1).max(64).optional(),
    /** `student`, `exam_attempt`, `practice_exam`, `setting`, `specialty`, `database`, … (see `audit.facets`). */
    entity: z.string().trim().min(1).max(100).optional(),
    entityId: z.string().trim().min(1).max(200).optional(),
    actor: z.string().trim().min(1).max(200).optional(),
    /** Calendar dates in the office's time zone, both inclusive. */
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    /** Found in the record's ID, field, old or new value, context or actor. */
    text: z.string().trim().max(200).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'the start date is after the end date', path: ['to'] });
export type AuditQuery = z.input<typeof AuditQuery>;
export type ParsedAuditQuery = z.output<typeof AuditQuery>;

export interface AuditPage {
  total: number;
  offset: number;
  entries: AuditEntry[];
}

export interface AuditFacets {
  entities: string[];
  actors: string[];
}

/** Who the audit log names for changes made here. */
export interface AuditIdentity {
  /** The name recorded on the next change. */
  actor: string;
  /** The advisor name set in Settings (`office.userName`), or null. */
  userName: string | null;
  /** The computer's user name, used when no advisor name is set. */
  osUser: string;
  /**
   * True until someone says who uses this computer: no name is set and the shell did not name the
   * actor itself ($STEPWISE_ACTOR). The app asks once, at first run, so changes are not signed
   * with the computer's account ("root", "admin") by default.
   */
  askName: boolean;
}

export const UserNameInput = z.object({
  /** Blank clears it (the computer's user name is used again). */
  userName: z
    .string()
    .trim()
    .max(100, 'at most 100 characters')
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'no control characters'),
});

export const auditApi = {
  'audit.list': endpoint<AuditPage>()(AuditQuery),
  'audit.facets': endpoint<AuditFacets>()(z.object({})),
  'audit.identity': endpoint<AuditIdentity>()(z.object({})),
  'audit.setUserName': endpoint<AuditIdentity>()(UserNameInput),
};
