import type { AcknowledgedFlags } from '../../shared/api/acknowledgements';
import { ApiError } from '../../shared/api/contract';
import { localToday } from '../../shared/domain';
import { acknowledgementDays } from '../../shared/rules/acknowledgement';
import { flagTitle } from '../../shared/rules/catalogue';
import { concludeStudent } from '../cohort/student';
import { acknowledgedFlags } from '../flags/acknowledged';
import { auditFrom, storeOf, type HandlerContext, type HandlerMap } from './context';

const WHERE = 'student page';

async function flagsOf(ctx: HandlerContext, studentId: string, asOf: string): Promise<AcknowledgedFlags> {
  const store = storeOf(ctx);
  const { ref, evaluation } = await concludeStudent(store, studentId, asOf);
  return { studentId, asOf, days: acknowledgementDays(ref, asOf), flags: await acknowledgedFlags(store, ref, studentId, evaluation.flags, asOf, auditFrom(ctx, WHERE)) };
}

export const acknowledgementHandlers: HandlerMap<'acknowledgements.flags' | 'acknowledgements.acknowledge' | 'acknowledgements.withdraw'> = {
  'acknowledgements.flags': ({ studentId, asOf }, ctx) => flagsOf(ctx, studentId, asOf ?? localToday()),
  'acknowledgements.acknowledge': async ({ studentId, code, note }, ctx) => {
    // The flag acknowledged is the one the rules raise today, with the facts they name today.
    const today = localToday();
    const store = storeOf(ctx);
    const { evaluation } = await concludeStudent(store, studentId, today);
    const flag = evaluation.flags.find((f) => f.code === code);
    if (!flag) throw new ApiError('REJECTED', `${flagTitle(code)} is not raised for student ${studentId} as of ${today}: there is nothing to acknowledge.`);
    await store.acknowledgements.acknowledge({ studentId, code, severity: flag.severity, message: flag.message, note, acknowledgedOn: today }, auditFrom(ctx, WHERE));
    return flagsOf(ctx, studentId, today);
  },
  'acknowledgements.withdraw': async ({ studentId, code }, ctx) => {
    const store = storeOf(ctx);
    const before = await store.acknowledgements.get(studentId, code);
    if (!before) throw new ApiError('NOT_FOUND', `${flagTitle(code)} has no acknowledgement for student ${studentId}.`);
    await store.acknowledgements.withdraw(before, auditFrom(ctx, WHERE));
    return flagsOf(ctx, studentId, localToday());
  },
};
