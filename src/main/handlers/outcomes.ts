import { ApiError } from '../../shared/api/contract';
import type { ParsedTableImportInput, TableImportResult } from '../../shared/api/outcomes';
import { localToday } from '../../shared/domain';
import { backupBeforeChange } from '../backup';
import { ImportCancelledError } from '../import/collect';
import { cancelImportJob, startImportJob } from '../import/jobs';
import type { TableImportOptions } from '../import/table-import';
import type { outcomesApi } from '../../shared/api/outcomes';
import { DuplicateOutcome } from '../store/outcomes-store';
import { DuplicateRecord, type Store } from '../store/store';
import { auditFrom, storeOf, type HandlerContext, type HandlerMap } from './context';

const STUDENT_PAGE = 'student page';
const SETTINGS = 'settings';

/**
 * A directory or match-list import as a cancellable job, through the store. On a laptop a rolling
 * backup first (a dry run takes none); an office database is backed up by IT (pg_dump: stepwise backup).
 */
async function importJob(input: ParsedTableImportInput, ctx: HandlerContext, run: (store: Store, options: TableImportOptions) => Promise<TableImportResult>) {
  const job = startImportJob(input.jobId, ctx.signal);
  try {
    const store = storeOf(ctx);
    if (!input.dryRun && store.engine === 'sqlite') await backupBeforeChange(ctx, 'before-import');
    return await run(store, { signal: job.signal, progress: ctx.progress });
  } catch (err) {
    if (err instanceof ImportCancelledError) throw new ApiError('CANCELLED', err.message);
    throw err;
  } finally {
    job.finish();
  }
}

/** A store write that meets a row already recorded under its natural key. */
async function taken<R>(what: string, write: () => Promise<R>): Promise<R> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof DuplicateRecord) throw new ApiError('CONFLICT', `${what} is already recorded`);
    throw err;
  }
}

/** An update's outcome as the page is told it: the row, or why not. */
function saved<R>(result: R | 'stale' | null, missing: string, what: string): R {
  if (result === null) throw new ApiError('NOT_FOUND', missing);
  if (result === 'stale') throw stale(what);
  return result;
}

function stale(what: string): ApiError {
  return new ApiError('CONFLICT', `${what} was changed by someone else since you opened it; nothing was saved. Reload and save again.`);
}

/** A store write that meets an outcome already recorded. */
async function duplicate<R>(what: string, write: () => Promise<R>): Promise<R> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof DuplicateOutcome) throw new ApiError('CONFLICT', `${what} is already recorded`);
    throw err;
  }
}

/** Handlers for src/shared/api/outcomes.ts. */
export const outcomeHandlers: HandlerMap<keyof typeof outcomesApi> = {
  // The directory and its imports go through the store: on an office database the database audits them and its grants decide who may.
  'programs.import': (input, ctx) => importJob(input, ctx, (store, options) => store.directory.importPrograms(input, options, ctx.actor)),
  'outcomes.import': (input, ctx) => importJob(input, ctx, (store, options) => store.directory.importMatchList(input, options, ctx.actor)),
  'outcomes.importCancel': ({ jobId }) => ({ cancelled: cancelImportJob(jobId) }),
  'programs.directory': ({ specialtyId }, ctx) => storeOf(ctx).directory.list(specialtyId),
  'programs.setDirectoryFields': ({ id, fields }, ctx) => storeOf(ctx).directory.setFields(id, fields, auditFrom(ctx, 'specialties page')),

  // A student's outcomes go through the store: on an office database the database audits them and row-level security decides whose.
  'outcomes.forStudent': ({ studentId }, ctx) => storeOf(ctx).outcomes.studentOutcomes(studentId),
  'outcomes.add': (outcome, ctx) => duplicate(`${outcome.studentId}'s ${outcome.season} season in ${outcome.specialty}`, () => storeOf(ctx).outcomes.addOutcome(outcome, auditFrom(ctx, STUDENT_PAGE))),
  'outcomes.update': async ({ id, version, outcome }, ctx) => {
    const saved = await duplicate(`${outcome.studentId}'s ${outcome.season} season in ${outcome.specialty}`, () => storeOf(ctx).outcomes.updateOutcome(id, version, outcome, auditFrom(ctx, STUDENT_PAGE)));
    if (saved === null) throw new ApiError('NOT_FOUND', `No match outcome with id ${id}`);
    if (saved === 'stale') throw stale('This outcome');
    return saved;
  },
  'outcomes.remove': async ({ id }, ctx) => {
    if (!(await storeOf(ctx).outcomes.removeOutcome(id, auditFrom(ctx, STUDENT_PAGE)))) throw new ApiError('NOT_FOUND', `No match outcome with id ${id}`);
    return { id };
  },
  'outcomes.setApplication': async (application, ctx) => {
    const list = await storeOf(ctx).outcomes.setApplication(application, auditFrom(ctx, STUDENT_PAGE));
    if (!list) throw new ApiError('NOT_FOUND', `No match outcome with id ${application.outcomeId}`);
    return list;
  },
  'outcomes.removeApplication': async ({ id }, ctx) => {
    if (!(await storeOf(ctx).outcomes.removeApplication(id, auditFrom(ctx, STUDENT_PAGE)))) throw new ApiError('NOT_FOUND', `No application with id ${id}`);
    return { id };
  },
  'outcomes.setConsent': ({ studentId, consent, recordedOn, note }, ctx) =>
    storeOf(ctx).outcomes.setConsent({ studentId, consent, recordedOn: recordedOn ?? localToday(), note }, auditFrom(ctx, STUDENT_PAGE)),

  'signals.list': (_input, ctx) => storeOf(ctx).outcomeReference.signals.list(),
  'signals.add': (signal, ctx) => taken(`The ${signal.season} signals for ${signal.specialty}`, () => storeOf(ctx).outcomeReference.signals.add(signal, auditFrom(ctx, SETTINGS))),
  'signals.update': ({ id, version, signal }, ctx) =>
    taken(`The ${signal.season} signals for ${signal.specialty}`, async () =>
      saved(await storeOf(ctx).outcomeReference.signals.update(id, version, signal, auditFrom(ctx, SETTINGS)), `No signal allowance with id ${id}`, 'This signal allowance'),
    ),
  'signals.remove': async ({ id }, ctx) => {
    if (!(await storeOf(ctx).outcomeReference.signals.remove(id, auditFrom(ctx, SETTINGS)))) throw new ApiError('NOT_FOUND', `No signal allowance with id ${id}`);
    return { id };
  },

  'nationalRates.list': (_input, ctx) => storeOf(ctx).outcomeReference.nationalRates.list(),
  'nationalRates.add': (rate, ctx) =>
    taken(`The ${rate.year} ${rate.specialty} rate for that CK band`, () => storeOf(ctx).outcomeReference.nationalRates.add(rate, auditFrom(ctx, SETTINGS))),
  'nationalRates.update': ({ id, version, rate }, ctx) =>
    taken(`The ${rate.year} ${rate.specialty} rate for that CK band`, async () =>
      saved(await storeOf(ctx).outcomeReference.nationalRates.update(id, version, rate, auditFrom(ctx, SETTINGS)), `No national match rate with id ${id}`, 'This national match rate'),
    ),
  'nationalRates.remove': async ({ id }, ctx) => {
    if (!(await storeOf(ctx).outcomeReference.nationalRates.remove(id, auditFrom(ctx, SETTINGS)))) throw new ApiError('NOT_FOUND', `No national match rate with id ${id}`);
    return { id };
  },
};
