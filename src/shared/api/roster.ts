import { z } from 'zod';
import { IsoDate } from '../domain';
import { endpoint } from './contract';
import { RosterFilter } from './students';

/**
 * The roster as a working list: the students of a view (to select them all), its export to a
 * workbook, and bulk changes to a selection. Each bulk change is one transaction, audited per
 * student like the same edit on the student page.
 */

/** A selection of students by ID; at most the largest roster the app is built for. */
export const StudentIds = z.array(z.string().trim().min(1).max(64)).min(1, 'no students are selected').max(100_000);

export const RosterExportInput = RosterFilter.extend({
  /** Export only these students (the selection), in the view's order; without it, every student of the view. */
  ids: StudentIds.optional(),
});
export type RosterExportInput = z.input<typeof RosterExportInput>;

export interface RosterExport {
  /** A suggested file name, e.g. `stepwise-roster-2026-11-26.xlsx`. */
  fileName: string;
  bytes: Uint8Array;
  /** Students written, one row each. */
  rows: number;
  asOf: string;
}

export const AssignAdvisorInput = z.object({
  ids: StudentIds,
  /** The new advisor; null leaves the students without one. */
  advisor: z.string().trim().min(1, 'name the advisor').max(2000).nullable(),
});

export const BulkNoteInput = z.object({
  ids: StudentIds,
  body: z.string().trim().min(1, 'a note needs some text').max(20000),
  followUpDate: IsoDate.nullable(),
});

export interface BulkResult {
  /** Students whose record changed (or who got the note). */
  changed: number;
  /** Students already in that state (e.g. the advisor was already theirs): nothing written for them. */
  unchanged: number;
}

export const rosterApi = {
  /** Every student of a roster view, in its order (select all). */
  'roster.ids': endpoint<{ asOf: string; ids: string[] }>()(RosterFilter),
  'roster.export': endpoint<RosterExport>()(RosterExportInput),
  'roster.assignAdvisor': endpoint<BulkResult>()(AssignAdvisorInput),
  'roster.addNote': endpoint<BulkResult>()(BulkNoteInput),
};
