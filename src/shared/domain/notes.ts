import { z } from 'zod';
import { IsoDate } from './dates';

export const ActionItemInput = z.object({
  text: z.string().trim().min(1).max(1000),
  dueDate: IsoDate.nullable(),
  done: z.boolean(),
});
export type ActionItemInput = z.infer<typeof ActionItemInput>;
/** doneAt/doneBy: when and by whom it was ticked (null while open). */
export type ActionItem = ActionItemInput & { id: number; noteId: number; doneAt: string | null; doneBy: string | null };

export const AdvisingNoteInput = z.object({
  studentId: z.string().trim().min(1),
  body: z.string().trim().min(1).max(20000),
  followUpDate: IsoDate.nullable(),
  actionItems: z.array(ActionItemInput).max(50),
});
export type AdvisingNoteInput = z.infer<typeof AdvisingNoteInput>;
export interface AdvisingNote {
  id: number;
  studentId: string;
  author: string;
  createdAt: string;
  body: string;
  followUpDate: string | null;
  /** When and by whom the follow-up was marked done: until then an overdue follow-up stays on the dashboard. */
  followUpDoneAt: string | null;
  followUpDoneBy: string | null;
  actionItems: ActionItem[];
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: 'insert' | 'update' | 'delete';
  entity: string;
  entityId: string;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
  context: string | null;
}
