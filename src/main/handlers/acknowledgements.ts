import type { AcknowledgedFlags } from '../../shared/api/acknowledgements';
import { ApiError } from '../../shared/api/contract';
import { localToday } from '../../shared/domain';
import { acknowledgementDays } from '../../shared/rules/acknowledgement';
import { flagTitle } from '../../shared/rules/catalogue';
import { concludeStudent } from '../cohort/student';
import { acknowledge, getAcknowledgement, withdrawAcknowledgement } from '../db/acknowledgements';
import { acknowledgedFlags } from '../flags/acknowledged';
import { auditFrom, type HandlerContext, type HandlerMap } from './context';

const WHERE = 'student page';

function flagsOf(ctx: HandlerContext, studentId: string, asOf: string): AcknowledgedFlags {
  const { ref, evaluation } = concludeStudent(ctx.db, studentId, asOf);
  return { studentId, asOf, days: acknowledgementDays(ref, asOf), flags: acknowledgedFlags(ctx.db, ref, studentId, evaluation.flags, asOf, auditFrom(ctx, WHERE)) };
}

export const acknowledgementHandlers: HandlerMap<'acknowledgements.flags' | 'acknowledgements.acknowledge' | 'acknowledgements.withdraw'> = {
  'acknowledgements.flags': ({ studentId, asOf }, ctx) => flagsOf(ctx, studentId, asOf ?? localToday()),
  'acknowledgements.acknowledge': ({ studentId, code, note }, ctx) => {
    // The flag acknowledged is the one the rules raise today, with the facts they name today.
    const today = localToday();
    const { evaluation } = concludeStudent(ctx.db, studentId, today);
    const flag = evaluation.flags.find((f) => f.code === code);
    if (!flag) throw new ApiError('REJECTED', `${flagTitle(code)} is not raised for student ${studentId} as of ${today}: there is nothing to acknowledge.`);
    ctx.db.transaction(() =>
      acknowledge(ctx.db, { studentId, code, severity: flag.severity, message: flag.message, note, acknowledgedOn: today }, auditFrom(ctx, WHERE)),
    )();
    return flagsOf(ctx, studentId, today);
  },
  'acknowledgements.withdraw': ({ studentId, code }, ctx) => {
    const before = getAcknowledgement(ctx.db, studentId, code);
    if (!before) throw new ApiError('NOT_FOUND', `${flagTitle(code)} has no acknowledgement for student ${studentId}.`);
    ctx.db.transaction(() => withdrawAcknowledgement(ctx.db, before, auditFrom(ctx, WHERE)))();
    return flagsOf(ctx, studentId, localToday());
  },
};
