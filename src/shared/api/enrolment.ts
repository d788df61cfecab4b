import { z } from 'zod';
import { EnrolmentChangeInput } from '../domain';
import { endpoint } from './contract';
import type { StudentDetail } from './students';

/**
 * A student's life cycle (issue 14): their enrolment status history (each change with the day it
 * takes effect, for a leave or an extension its planned last day, and a note) and archiving. A
 * student who leaves is archived, never deleted: hidden from every list and count unless asked for,
 * and restorable. Every write is audited; the answer is the student as the page shows them.
 */
const StudentId = z.object({ id: z.string().trim().min(1).max(64) });

export const enrolmentApi = {
  'enrolment.change': endpoint<StudentDetail>()(EnrolmentChangeInput),
  /** Removes a change recorded in error (the audit log keeps it). */
  'enrolment.removeChange': endpoint<StudentDetail>()(z.object({ id: z.number().int().positive() })),
  'students.archive': endpoint<StudentDetail>()(StudentId),
  'students.restore': endpoint<StudentDetail>()(StudentId),
};
