import { ApiError } from '../../shared/api/contract';
import { describeRosterView } from '../../shared/roster-view';
import { rosterIds, rosterRows } from '../cohort/roster';
import { addNoteToEach, assignAdvisor, studentsByIds } from '../db/bulk';
import type { Db } from '../db/open';
import { rosterWorkbookBytes } from '../reports/roster-workbook';
import { auditFrom, type HandlerMap } from './context';

/** Where bulk edits say they came from in the audit log. */
const WHERE = 'roster selection';

function requireStudents(db: Db, ids: readonly string[]) {
  const { students, missing } = studentsByIds(db, ids);
  if (missing.length)
    throw new ApiError('NOT_FOUND', `No student with ID ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ` and ${missing.length - 10} more` : ''}; nothing was changed`);
  return students;
}

export const rosterHandlers: HandlerMap<'roster.ids' | 'roster.export' | 'roster.assignAdvisor' | 'roster.addNote'> = {
  'roster.ids': (view, { db }) => rosterIds(db, view),
  // Like every report, the workbook is made here and its bytes go to the page, which saves them.
  'roster.export': async ({ ids, ...view }, ctx) => {
    const { asOf, rows } = rosterRows(ctx.db, view, ids);
    const scope = ids ? [`${ids.length.toLocaleString('en-US')} selected ${ids.length === 1 ? 'student' : 'students'}`] : describeRosterView(view, (d) => d);
    const bytes = await rosterWorkbookBytes({ rows, asOf, scope, exportedBy: ctx.actor, now: new Date() });
    return { fileName: `stepwise-roster-${asOf}${ids ? '-selection' : ''}.xlsx`, bytes, rows: rows.length, asOf };
  },
  'roster.assignAdvisor': ({ ids, advisor }, ctx) => {
    const students = requireStudents(ctx.db, ids);
    return ctx.db.transaction(() => assignAdvisor(ctx.db, students, advisor, auditFrom(ctx, WHERE)))();
  },
  'roster.addNote': ({ ids, body, followUpDate }, ctx) => {
    const students = requireStudents(ctx.db, ids);
    return ctx.db.transaction(() => addNoteToEach(ctx.db, students, { body, followUpDate }, auditFrom(ctx, WHERE)))();
  },
};
