import type { AuditIdentity } from '../../shared/api/audit';
import type { Db } from '../db/open';
import { officeUserName, writePreference } from '../db/preferences';
import { auditFrom, osUser, storeOf, type HandlerMap } from './context';

function identity(db: Db, actor: string): AuditIdentity {
  const userName = officeUserName(db);
  // An actor other than the OS user with no name stored was named by the shell ($STEPWISE_ACTOR, a test's host): nothing to ask.
  return { actor, userName, osUser: osUser(), askName: userName === null && actor === osUser() };
}

export const auditHandlers: HandlerMap<'audit.list' | 'audit.facets' | 'audit.identity' | 'audit.setUserName'> = {
  'audit.list': (query, ctx) => storeOf(ctx).audit.search(query),
  'audit.facets': (_input, ctx) => storeOf(ctx).audit.facets(),
  // On an office database the login is the identity (the database writes it into the audit): nothing to ask, no name to read.
  'audit.identity': (_input, ctx) => (ctx.store?.engine === 'postgres' ? { actor: ctx.actor, userName: null, osUser: osUser(), askName: false } : identity(ctx.db, ctx.actor)),
  'audit.setUserName': ({ userName }, ctx) => {
    const before = officeUserName(ctx.db);
    writePreference(ctx.db, 'office.userName', userName, auditFrom(ctx, 'settings'));
    // An actor that is neither the stored name nor the OS user came from the shell ($STEPWISE_ACTOR) and still wins.
    const override = ctx.actor !== (before ?? osUser()) ? ctx.actor : null;
    return identity(ctx.db, override ?? (userName === '' ? osUser() : userName));
  },
};
