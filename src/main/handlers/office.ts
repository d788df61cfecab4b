import type { OfficeConnectionState } from '../../shared/api/office';
import { ApiError } from '../../shared/api/contract';
import { OfficeConnection } from '../../shared/api/office';
import { officeUrl } from '../office/connection';
import { officeSessionFacts } from '../store/postgres/session';
import type { HandlerContext, HandlerMap } from './context';

/** Why a window without the desktop shell's keychain (the browser host, the CLI) cannot switch databases. */
const STARTED_ON =
  'This window works on the database it was started with (npm run web -- --db …, or STEPWISE_DB). The desktop app keeps an office connection, with its password in the OS keychain.';

function withoutShell(ctx: HandlerContext): OfficeConnectionState {
  const office = ctx.store?.engine === 'postgres';
  return { engine: office ? 'postgres' : 'sqlite', current: ctx.databasePath, user: office ? ctx.actor : null, role: null, saved: null, passwordKept: false, canKeepPassword: false, keychainNote: STARTED_ON, problem: null };
}

export const officeHandlers: HandlerMap<'office.connection' | 'office.test' | 'office.connect' | 'office.disconnect'> = {
  'office.connection': (_input, ctx) => ctx.office?.state() ?? withoutShell(ctx),
  'office.test': async (login, ctx) => {
    if (ctx.office) return ctx.office.test(login);
    // Testing keeps nothing: any window may check a login.
    const { password, ...rest } = login;
    try {
      const { user, role, students, schemaVersion, tls, server } = await officeSessionFacts(officeUrl(OfficeConnection.parse(rest)), password || undefined);
      return { user, role, students, schemaVersion, tls, server };
    } catch (err) {
      throw new ApiError('REJECTED', `Could not sign in to the office database: ${(err as Error).message}.`);
    }
  },
  'office.connect': (login, ctx) => {
    if (!ctx.office) throw new ApiError('REJECTED', STARTED_ON);
    return ctx.office.connect(login);
  },
  'office.disconnect': (_input, ctx) => {
    if (!ctx.office) throw new ApiError('REJECTED', STARTED_ON);
    return ctx.office.disconnect();
  },
};
