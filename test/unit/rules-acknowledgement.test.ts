import { describe, expect, it } from 'vitest';
import type { AcknowledgementStanding, Flag, FlagAcknowledgement } from '../../src/shared/domain';
import { acknowledgementDays, acknowledgementStanding, messageFacts, unacknowledgedUrgent, withAcknowledgements } from '../../src/shared/rules/acknowledgement';
import { evaluateStudent } from '../../src/shared/rules/flags';
import { attempt, REF, student } from './rules-fixtures';

const ON = '2026-11-20';
const failMessage = (asOf: string) => `Step 1 failed once (FAIL on 2026-06-01); not passed as of ${asOf}; next attempt scheduled for 2027-01-15`;
const flag = (over: Partial<Flag> = {}): Flag => ({ code: 'STEP1_FAIL', severity: 'critical', message: failMessage(ON), actions: [], ...over });
const ack = (over: Partial<FlagAcknowledgement> = {}): FlagAcknowledgement => ({
  id: 1,
  studentId: 'S001',
  code: 'STEP1_FAIL',
  severity: 'critical',
  message: failMessage(ON),
  note: 'discussed 2026-11-20; retake booked',
  acknowledgedBy: 'Dr. Adeyemi',
  acknowledgedAt: '2026-11-20T15:00:00.000Z',
  acknowledgedOn: ON,
  lapsedAt: null,
  lapseReason: null,
  version: 1,
  ...over,
});

describe('acknowledgement lapse: 90 days (flags.acknowledgementDays) from the day it was made', () => {
  it('ships 90 days as the setting', () => expect(acknowledgementDays(REF, ON)).toBe(90));

  it.each<[string, AcknowledgementStanding | null, string]>([
    // as of, expected standing, why
    ['2026-11-19', null, 'a view of the day before: not acknowledged yet'],
    ['2026-11-20', { state: 'held', until: '2027-02-17' }, 'the day it was made'],
    ['2027-01-01', { state: 'held', until: '2027-02-17' }, 'well inside the 90 days'],
    ['2027-02-17', { state: 'held', until: '2027-02-17' }, 'day 89 after: the last day it holds'],
    ['2027-02-18', { state: 'lapsed', reason: 'expired', on: '2027-02-18' }, '90 days have passed: new again'],
    ['2027-06-01', { state: 'lapsed', reason: 'expired', on: '2027-02-18' }, 'long after'],
  ])('as of %s: %j (%s)', (asOf, expected, _why) => {
    expect(acknowledgementStanding(ack(), flag({ message: failMessage(asOf) }), asOf, 90)).toEqual(expected);
  });

  it.each([
    [30, '2026-12-19', '2026-12-20'],
    [1, '2026-11-20', '2026-11-21'],
  ])('with %i days it holds through %s and lapses on %s', (days, lastHeld, lapses) => {
    expect(acknowledgementStanding(ack(), flag({ message: failMessage(lastHeld) }), lastHeld, days)).toEqual({ state: 'held', until: lastHeld });
    expect(acknowledgementStanding(ack(), flag({ message: failMessage(lapses) }), lapses, days)).toEqual({ state: 'lapsed', reason: 'expired', on: lapses });
  });
});

describe("acknowledgement lapse: the flag's facts changed", () => {
  const asOf = '2026-12-01';
  it.each<[string, Flag, AcknowledgementStanding]>([
    ['the same facts, a later as-of date', flag({ message: failMessage(asOf) }), { state: 'held', until: '2027-02-17' }],
    ['a new attempt date', flag({ message: failMessage(asOf).replace('2027-01-15', '2027-02-01') }), { state: 'lapsed', reason: 'changed' }],
    ['a second failure', flag({ message: failMessage(asOf).replace('failed once (FAIL on 2026-06-01)', 'failed 2 times (FAIL on 2026-06-01; FAIL on 2026-11-25)') }), { state: 'lapsed', reason: 'changed' }],
    ['the retake no longer scheduled', flag({ message: `Step 1 failed once (FAIL on 2026-06-01); not passed as of ${asOf}` }), { state: 'lapsed', reason: 'changed' }],
    ['the severity moved (passed since)', flag({ severity: 'high', message: failMessage(asOf) }), { state: 'lapsed', reason: 'changed' }],
    ['changed and past 90 days: the change is the reason', flag({ message: 'Step 1 failed 2 times' }), { state: 'lapsed', reason: 'changed' }],
  ])('%s', (_why, raised, expected) => {
    expect(acknowledgementStanding(ack(), raised, asOf, 90)).toEqual(expected);
  });

  it('applies only to the flag it acknowledged', () => {
    expect(acknowledgementStanding(ack(), flag({ code: 'CK_FAIL' }), asOf, 90)).toBeNull();
  });

  it.each([
    // message on the day acknowledged, the same facts later, later as-of
    ['Step 2 CK on 2026-12-10 (in 20 days): no Step 2 CK practice score in the last 60 days', 'Step 2 CK on 2026-12-10 (in 9 days): no Step 2 CK practice score in the last 60 days', '2026-12-01'],
    ['Step 1 not passed by the class deadline 2026-07-31 (112 days ago as of 2026-11-20)', 'Step 1 not passed by the class deadline 2026-07-31 (123 days ago as of 2026-12-01)', '2026-12-01'],
    ['Step 1 on 2026-11-21 (in 1 day): only one Step 1 practice result', 'Step 1 on 2026-11-21 (in 0 days): only one Step 1 practice result', '2026-11-21'],
  ])('days counted from the as-of date are not facts: %s', (then, now, asOf) => {
    expect(messageFacts(then, ON)).toBe(messageFacts(now, asOf));
  });

  it('a number of days that is a fact (how late a pass was) still counts', () => {
    expect(messageFacts('Step 1 passed on 2026-08-20, 20 days after the class deadline 2026-07-31', ON)).not.toBe(
      messageFacts('Step 1 passed on 2026-08-25, 25 days after the class deadline 2026-07-31', ON),
    );
  });

  it("holds across days for real rules' messages until an attempt is added", () => {
    const s = student({ id: 'S001' });
    const attempts = [attempt('STEP1', '2026-06-01', 'FAIL'), attempt('STEP1', '2027-01-15', 'SCHEDULED')];
    const raisedOn = evaluateStudent({ student: s, attempts, practice: [] }, REF, ON).flags.find((f) => f.code === 'STEP1_FAIL')!;
    const a = ack({ message: raisedOn.message, severity: raisedOn.severity });
    const later = evaluateStudent({ student: s, attempts, practice: [] }, REF, '2026-12-15').flags.find((f) => f.code === 'STEP1_FAIL')!;
    expect(later.message).not.toBe(raisedOn.message); // it names its as-of date
    expect(acknowledgementStanding(a, later, '2026-12-15', 90)).toMatchObject({ state: 'held' });
    const moved = [attempts[0], attempt('STEP1', '2027-02-20', 'SCHEDULED')];
    const afterMove = evaluateStudent({ student: s, attempts: moved, practice: [] }, REF, '2026-12-15').flags.find((f) => f.code === 'STEP1_FAIL')!;
    expect(acknowledgementStanding(a, afterMove, '2026-12-15', 90)).toEqual({ state: 'lapsed', reason: 'changed' });
  });
});

describe('acknowledged flags sort below the unacknowledged and are counted apart', () => {
  const asOf = '2026-12-01';
  const flags: Flag[] = [
    flag({ message: failMessage(asOf) }),
    { code: 'CK_LATE', severity: 'high', message: 'Step 2 CK not passed and not scheduled', actions: [] },
    { code: 'IMG_NO_USCE', severity: 'medium', message: 'no USCE', actions: [] },
  ];

  it.each<[string, FlagAcknowledgement[], string[], number]>([
    ['no acknowledgement', [], ['STEP1_FAIL', 'CK_LATE', 'IMG_NO_USCE'], 2],
    ['the critical one acknowledged', [ack()], ['CK_LATE', 'IMG_NO_USCE', 'STEP1_FAIL'], 1],
    ['both urgent ones acknowledged', [ack(), ack({ id: 2, code: 'CK_LATE', severity: 'high', message: 'Step 2 CK not passed and not scheduled' })], ['IMG_NO_USCE', 'STEP1_FAIL', 'CK_LATE'], 0],
    ['an acknowledgement that lapsed is new again', [ack({ acknowledgedOn: '2026-08-01', message: failMessage('2026-08-01') })], ['STEP1_FAIL', 'CK_LATE', 'IMG_NO_USCE'], 2],
    ['a medium acknowledged does not change the urgent count', [ack({ code: 'IMG_NO_USCE', severity: 'medium', message: 'no USCE' })], ['STEP1_FAIL', 'CK_LATE', 'IMG_NO_USCE'], 2],
  ])('%s', (_why, acks, order, urgent) => {
    const shown = withAcknowledgements(flags, acks, asOf, 90);
    expect(shown.map((f) => f.code)).toEqual(order);
    expect(unacknowledgedUrgent(shown)).toBe(urgent);
    expect(shown).toHaveLength(flags.length); // an acknowledged flag stays listed
  });

  it('a lapsed acknowledgement is still attached, with why it lapsed', () => {
    const [first] = withAcknowledgements(flags, [ack({ acknowledgedOn: '2026-08-01', message: failMessage('2026-08-01') })], asOf, 90);
    expect(first.acknowledgement?.standing).toEqual({ state: 'lapsed', reason: 'expired', on: '2026-10-30' });
  });
});
