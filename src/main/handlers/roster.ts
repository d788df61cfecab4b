import { describeRosterView } from '../../shared/roster-view';
import { rosterWorkbookBytes } from '../reports/roster-workbook';
import { auditFrom, storeOf, type HandlerMap } from './context';

/** Where bulk edits say they came from in the audit log. */
const WHERE = 'roster selection';

export const rosterHandlers: HandlerMap<'roster.ids' | 'roster.export' | 'roster.assignAdvisor' | 'roster.addNote'> = {
  'roster.ids': (view, ctx) => storeOf(ctx).selection.ids(view),
  // Like every report, the workbook is made here and its bytes go to the page, which saves them.
  'roster.export': async ({ ids, ...view }, ctx) => {
    const { asOf, rows } = await storeOf(ctx).selection.rows(view, ids);
    const scope = ids ? [`${ids.length.toLocaleString('en-US')} selected ${ids.length === 1 ? 'student' : 'students'}`] : describeRosterView(view, (d) => d);
    const bytes = await rosterWorkbookBytes({ rows, asOf, scope, exportedBy: ctx.actor, now: new Date() });
    return { fileName: `stepwise-roster-${asOf}${ids ? '-selection' : ''}.xlsx`, bytes, rows: rows.length, asOf };
  },
  'roster.assignAdvisor': ({ ids, advisor }, ctx) => storeOf(ctx).selection.assignAdvisor(ids, advisor, auditFrom(ctx, WHERE)),
  'roster.addNote': ({ ids, body, followUpDate }, ctx) => storeOf(ctx).selection.addNote(ids, { body, followUpDate }, auditFrom(ctx, WHERE)),
};
