import { z } from 'zod';
import { ActionItemInput, AdvisingNoteInput, IsoDate, type AdvisingNote } from '../domain';
import { CHECKLIST_ITEM_IDS, type ChecklistStage } from '../checklist';
import { endpoint } from './contract';

/**
 * One-on-one planning sessions (PRODUCT.md "Student"): session notes with action items and follow-up
 * dates, and the advising guide's checklist per stage. Every write is audited in the main process.
 */

const StudentRef = z.object({ studentId: z.string().trim().min(1).max(64) });
const RowId = z.object({ id: z.number().int().positive() });

export const NoteUpdate = z.object({
  id: z.number().int().positive(),
  body: z.string().trim().min(1, 'a note needs some text').max(20000),
  followUpDate: IsoDate.nullable(),
});

export interface ChecklistEntry {
  id: string;
  text: string;
  done: boolean;
  /** When and by whom it was ticked (null when not done). */
  doneAt: string | null;
  doneBy: string | null;
}

export interface StudentChecklist {
  studentId: string;
  asOf: string;
  /** The stage the student is in now, from the core's evaluation. */
  stage: ChecklistStage;
  stages: { stage: ChecklistStage; label: string; items: ChecklistEntry[] }[];
  source: string;
}

export const ChecklistTick = z.object({
  studentId: z.string().trim().min(1).max(64),
  itemId: z.string().refine((id) => CHECKLIST_ITEM_IDS.has(id), { message: 'not an item of the advising guide checklist' }),
  done: z.boolean(),
  asOf: IsoDate.optional(),
});

export const notesApi = {
  'notes.list': endpoint<AdvisingNote[]>()(StudentRef),
  'notes.add': endpoint<AdvisingNote[]>()(AdvisingNoteInput),
  'notes.update': endpoint<AdvisingNote[]>()(NoteUpdate),
  /** Marks a note's follow-up done (who and when recorded) or open again. */
  'notes.setFollowUpDone': endpoint<AdvisingNote[]>()(z.object({ id: z.number().int().positive(), done: z.boolean() })),
  'notes.remove': endpoint<AdvisingNote[]>()(RowId),
  'actionItems.add': endpoint<AdvisingNote[]>()(z.object({ noteId: z.number().int().positive(), item: ActionItemInput })),
  'actionItems.setDone': endpoint<AdvisingNote[]>()(z.object({ id: z.number().int().positive(), done: z.boolean() })),
  'actionItems.remove': endpoint<AdvisingNote[]>()(RowId),
  'checklist.get': endpoint<StudentChecklist>()(StudentRef.extend({ asOf: IsoDate.optional() })),
  'checklist.set': endpoint<StudentChecklist>()(ChecklistTick),
};
