/**
 * The at-risk flags of RULES.md §4, one function per flag, each checkable line by line against the
 * table. Pure: the student, the office's reference data and the as-of date are the only inputs, so
 * the same data and the same date always give the same flags. Never demographics.
 */
import { addDays, daysBetween, riskLevel, SEVERITY_RANK, TIER_LABELS, USMLE_EXAMS, type ExamCode, type Flag, type FlagCode, type PracticeExam, type Severity, type StudentSnapshot } from '../domain';
import { actionsForStage, type ActionStage } from './actions';
import { FLAG_CATALOGUE } from './catalogue';
import type { EvaluateStudent, StudentEvaluation } from './evaluation';
import type { ReferenceData } from './reference';
import { ruleSettings, type RuleSettings, type SeasonFacts } from './rule-settings';
import { findSpecialty, shortSource, type SpecialtyReference } from './specialties';
import { byTestDate, dateText, examLabel, examRecord, failureText, judgeAttempt, type ExamRecord, type JudgedAttempt } from './standing';
import { minimumPassingScore, type Step1Deadline } from './timeline';

/** Everything the rules read about one student, worked out once. */
interface Facts {
  snapshot: StudentSnapshot;
  asOf: string;
  ref: ReferenceData;
  rs: RuleSettings;
  season: SeasonFacts;
  step1Deadline: Step1Deadline;
  isDo: boolean;
  isImg: boolean;
  /** USMLE Step 1 only: failures and the attempt limit are about the USMLE exam. */
  step1: ExamRecord;
  /** RULES.md §2: for US_DO students a COMLEX Level 1 pass also meets the Step 1 deadline. */
  step1Requirement: ExamRecord;
  ck: ExamRecord;
  comlex1: ExamRecord;
  comlex2: ExamRecord;
  /** Step 1 or COMLEX Level 1, whatever the applicant type: COMLEX1_FAIL is high once either is passed. */
  step1OrComlex1: ExamRecord;
  /** RULES.md §2: for US_DO students a COMLEX Level 2-CE score counts as the CK score for CK_LATE only. */
  ckForTiming: ExamRecord;
  usmle: Record<string, ExamRecord>;
  target: SpecialtyReference | null;
  /** Best passing Step 2 CK score (COMLEX excluded: the specialty references are USMLE). */
  ckScore: number | null;
  missing: string[];
}

function flag(code: FlagCode, severity: Severity, message: string): Flag {
  return { code, severity, message, actions: [...FLAG_CATALOGUE[code].actions] };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const tierText = (t: SpecialtyReference) => TIER_LABELS[t.tier].toLowerCase();

/** "the Dermatology reference 258 (NRMP Charting Outcomes 2026)". */
function referenceText(t: SpecialtyReference): string {
  const cite = t.fromTierDefault ? `tier default for ${tierText(t)} specialties, ${shortSource(t.source)}` : shortSource(t.source);
  return `the ${t.name} reference ${t.referenceCk} (${cite})`;
}

function nextEventText(rec: ExamRecord): string {
  const awaiting = rec.awaiting[rec.awaiting.length - 1];
  if (awaiting) return `; result pending from ${dateText(awaiting.date)}`;
  const next = rec.upcoming[0];
  return next ? `; next attempt scheduled for ${dateText(next.date)}` : '';
}

// ─── STEP1_FAIL: any Step 1 attempt failed. Critical while Step 1 is not passed; high once passed.
function step1Fail(f: Facts): Flag | null {
  const { failures, pass } = f.step1;
  if (failures.length === 0) return null;
  const what = `Step 1 failed ${failures.length === 1 ? 'once' : `${failures.length} times`} (${failures.map(failureText).join('; ')})`;
  if (pass) return flag('STEP1_FAIL', 'high', `${what}; passed on ${dateText(pass.date)}`);
  return flag('STEP1_FAIL', 'critical', `${what}; not passed as of ${f.asOf}${nextEventText(f.step1)}`);
}

// ─── ATTEMPT_LIMIT: on one USMLE Step or COMLEX level not yet passed, unsuccessful (FAIL + INCOMPLETE)
// attempts ≥ 2. Critical when one attempt is left under the limit in force, else high: USMLE 4 (the
// `attemptLimit.criticalAt` setting, 3 = one left of 4); COMLEX the limit in force on the date of the
// latest unsuccessful attempt (4 from 2022-07-01, 6 before). One flag naming every exam over the line.
/** One exam's part of ATTEMPT_LIMIT (a module-level function, not a closure: it runs for every student). */
function checkAttemptLimit(f: Facts, exam: ExamCode, rec: ExamRecord, tally: { severity: Severity | null; parts: string[] }): void {
  const { attemptLimit: usmleLimit, attemptLimitHighAt: highAt, attemptLimitCriticalAt: criticalAt } = f.rs;
  if (rec.pass || rec.unsuccessful.length < highAt) return;
  const n = rec.unsuccessful.length;
  let limit = usmleLimit;
  let limitText = `${limit}`;
  let critical = n >= criticalAt;
  if (exam === 'COMLEX1' || exam === 'COMLEX2CE') {
    // Attempts are in date order, undated first: the last unsuccessful one is the latest.
    const latest = rec.unsuccessful[rec.unsuccessful.length - 1];
    const inForce = f.rs.comlexAttemptLimit(latest.date);
    limit = inForce.limit;
    limitText = latest.date
      ? `${limit} (the COMLEX limit in force on ${latest.date}${inForce.from ? `, from ${inForce.from}` : ''})`
      : `${limit} (the COMLEX limit in force on ${f.asOf}: the latest attempt's date is unknown)`;
    critical = n >= limit - 1;
  }
  if (critical) tally.severity = 'critical';
  else tally.severity ??= 'high';
  const list = rec.unsuccessful.map((j) => `${j.standing === 'incomplete' ? 'incomplete' : 'failed'} ${dateText(j.date)}`).join(', ');
  tally.parts.push(`${examLabel(exam)}: ${plural(n, 'unsuccessful attempt')} (${list}), not passed; ${plural(Math.max(0, limit - n), 'attempt')} left of ${limitText}`);
}

function attemptLimit(f: Facts): Flag | null {
  const tally: { severity: Severity | null; parts: string[] } = { severity: null, parts: [] };
  for (const exam of USMLE_EXAMS) checkAttemptLimit(f, exam, f.usmle[exam], tally);
  checkAttemptLimit(f, 'COMLEX1', f.comlex1, tally);
  checkAttemptLimit(f, 'COMLEX2CE', f.comlex2, tally);
  return tally.severity ? flag('ATTEMPT_LIMIT', tally.severity, tally.parts.join('; ')) : null;
}

// ─── STEP1_LATE: Step 1 not passed by the class's Step 1 deadline. High when the deadline has passed
// without a pass; low when passed after the deadline. A pass on the deadline day is on time.
function step1Late(f: Facts): Flag | null {
  const deadline = f.step1Deadline.date;
  let pass: JudgedAttempt | null = null; // the first dated pass (attempts are in date order)
  let undatedPass = false;
  for (const j of f.step1Requirement.attempts) {
    if (j.standing !== 'passed') continue;
    if (j.date === null) undatedPass = true;
    else if (j.date <= deadline) return null;
    else pass ??= j;
  }
  if (undatedPass) {
    f.missing.push('Step 1 pass date');
    return null;
  }
  const origin = f.step1Deadline.origin === 'student' ? "the student's own deadline" : `the class of ${f.snapshot.student.gradYear} deadline`;
  if (pass && pass.date) {
    return flag('STEP1_LATE', 'low', `${examLabel(pass.exam)} passed on ${pass.date}, ${plural(daysBetween(deadline, pass.date), 'day')} after ${origin} ${deadline}`);
  }
  if (f.asOf <= deadline) return null;
  return flag(
    'STEP1_LATE',
    'high',
    `Step 1 not passed by ${origin} ${deadline} (${plural(daysBetween(deadline, f.asOf), 'day')} ago as of ${f.asOf})${nextEventText(f.step1Requirement)}`,
  );
}

/** Practice results of the readiness window, latest first (ties: the later-entered first). */
function recentPractice(f: Facts, exam: PracticeExam['exam'], scoredOnly: boolean): PracticeExam[] {
  const out: PracticeExam[] = [];
  for (const p of f.snapshot.practice)
    if (p.exam === exam && p.takenOn >= f.rs.practiceFrom && p.takenOn <= f.asOf && (!scoredOnly || p.score !== null)) out.push(p);
  return out.length > 1 ? out.sort(latestFirst) : out;
}

const latestFirst = (a: PracticeExam, b: PracticeExam) => (a.takenOn !== b.takenOn ? (a.takenOn < b.takenOn ? 1 : -1) : b.id - a.id);

/** The booked attempt a readiness check is about: the earliest within the next 42 days (today counts). */
function bookedSoon(f: Facts, rec: ExamRecord): JudgedAttempt | null {
  for (const j of rec.upcoming) if (j.date !== null && j.date <= f.rs.readinessScheduledBy) return j;
  return null;
}

const practiceText = (p: PracticeExam) =>
  `${p.form} on ${p.takenOn} ${[p.score !== null ? String(p.score) : null, p.passProbability !== null ? `${p.passProbability}% pass probability` : null].filter(Boolean).join(' / ')}`;

// ─── STEP1_NOT_READY: a Step 1 attempt is scheduled within 42 days and the two most recent Step 1
// practice results from the last 60 days are not both at or above the readiness line (3-digit ≥ pass
// standard + 10, or pass probability ≥ 70%). High when any of those results is below the line (however
// many there are); medium when fewer than two exist and none is below.
function step1NotReady(f: Facts): Flag | null {
  if (f.step1.pass) return null;
  const exam = bookedSoon(f, f.step1);
  if (!exam || !exam.date) return null;
  // The pass standard that will apply is the one in force on the exam's date.
  const scoreLine = (minimumPassingScore(f.ref, 'STEP1', exam.date) ?? Number.NaN) + f.rs.step1ReadinessMargin;
  const probabilityLine = f.rs.step1ReadinessProbability;
  const atLine = (p: PracticeExam) => (p.score !== null && p.score >= scoreLine) || (p.passProbability !== null && p.passProbability >= probabilityLine);
  const lastTwo = recentPractice(f, 'STEP1', false).slice(0, 2);
  const below = lastTwo.filter((p) => !atLine(p));
  const when = `Step 1 on ${exam.date} (in ${plural(daysBetween(f.asOf, exam.date), 'day')})`;
  const line = `readiness line ${scoreLine} or ${probabilityLine}% pass probability`;
  if (below.length > 0)
    return flag('STEP1_NOT_READY', 'high', `${when}: ${below.map(practiceText).join('; ')} ${below.length === 1 ? 'is' : 'are'} below the ${line}`);
  if (lastTwo.length < 2)
    return flag(
      'STEP1_NOT_READY',
      'medium',
      `${when}: ${lastTwo.length === 0 ? 'no Step 1 practice results' : `only one Step 1 practice result (${practiceText(lastTwo[0])})`} in the last ${daysBetween(f.rs.practiceFrom, f.asOf)} days; ${line}`,
    );
  return null;
}

// ─── CK_FAIL: any Step 2 CK attempt failed (outcome FAIL, or a score below the standard in force on
// its date). Critical while CK is not passed; high once passed.
function ckFail(f: Facts): Flag | null {
  const { failures, pass } = f.ck;
  if (failures.length === 0) return null;
  const what = `Step 2 CK failed ${failures.length === 1 ? 'once' : `${failures.length} times`} (${failures.map(failureText).join('; ')})`;
  if (pass) return flag('CK_FAIL', 'high', `${what}; passed on ${dateText(pass.date)}${pass.score !== null ? ` with ${pass.score}` : ''}`);
  return flag('CK_FAIL', 'critical', `${what}; not passed as of ${f.asOf}${nextEventText(f.ck)}`);
}

// ─── COMLEX1_FAIL: any COMLEX Level 1 attempt failed. Critical while neither COMLEX Level 1 nor Step 1 is
// passed; high once one is (RULES.md §2: a DO who failed COMLEX Level 1 is at risk as an MD who failed Step 1).
function comlex1Fail(f: Facts): Flag | null {
  const { failures } = f.comlex1;
  if (failures.length === 0) return null;
  const what = `COMLEX Level 1 failed ${failures.length === 1 ? 'once' : `${failures.length} times`} (${failures.map(failureText).join('; ')})`;
  const pass = f.step1OrComlex1.pass;
  if (pass) return flag('COMLEX1_FAIL', 'high', `${what}; ${examLabel(pass.exam)} passed on ${dateText(pass.date)}`);
  return flag('COMLEX1_FAIL', 'critical', `${what}; neither COMLEX Level 1 nor Step 1 passed as of ${f.asOf}${nextEventText(f.step1OrComlex1)}`);
}

// ─── COMLEX2_FAIL: any COMLEX Level 2-CE attempt failed (outcome FAIL, or a score below the minimum
// passing score, 400). Critical while Level 2-CE is not passed; high once passed.
function comlex2Fail(f: Facts): Flag | null {
  const { failures, pass } = f.comlex2;
  if (failures.length === 0) return null;
  const what = `COMLEX Level 2-CE failed ${failures.length === 1 ? 'once' : `${failures.length} times`} (${failures.map(failureText).join('; ')})`;
  if (pass) return flag('COMLEX2_FAIL', 'high', `${what}; passed on ${dateText(pass.date)}${pass.score !== null ? ` with ${pass.score}` : ''}`);
  return flag('COMLEX2_FAIL', 'critical', `${what}; not passed as of ${f.asOf}${nextEventText(f.comlex2)}`);
}

// ─── CK_BELOW_TARGET: a target specialty is recorded and the passing CK score is below its
// reference score. High when more than 10 points below; medium when 1–10 below.
function ckBelowTarget(f: Facts): Flag | null {
  if (!f.target || f.ckScore === null) return null;
  const gap = f.target.referenceCk - f.ckScore;
  if (gap <= 0) return null;
  const severity = gap > f.rs.belowTargetHighMargin ? 'high' : 'medium';
  return flag('CK_BELOW_TARGET', severity, `Step 2 CK ${f.ckScore} is ${gap} below ${referenceText(f.target)}`);
}

/** RULES.md §4 CK_LATE: why the student needs the score before applying (empty: does not). */
function needsScoreBeforeApplying(f: Facts, step1LateRaised: boolean): string[] {
  const reasons: string[] = [];
  if (f.target?.tier === 'highly') reasons.push(`target ${f.target.name} is highly competitive`);
  if (f.step1.failures.length > 0) reasons.push('a Step 1 failure');
  if (f.ck.failures.length > 0) reasons.push('a Step 2 CK failure');
  if (f.comlex1.failures.length > 0) reasons.push('a COMLEX Level 1 failure');
  if (f.comlex2.failures.length > 0) reasons.push('a COMLEX Level 2-CE failure');
  if (step1LateRaised) reasons.push('Step 1 late');
  if (f.isImg) reasons.push('IMG applicant');
  return reasons;
}

// ─── CK_LATE: from 12 months before the student's review date until 31 March of year G, no passing
// CK score will be reported by the review date: CK not passed and no attempt scheduled, or the
// passing, pending or scheduled attempt's date + reporting lag falls after the review date.
// Within `ckLate.unscheduledWarningDays` (150) days of the CK safe date or after it: high when the
// student needs the score before applying, medium otherwise. Not scheduled and earlier than that: low,
// a planning reminder (a scheduled attempt that reports too late is never only a reminder).
function ckLate(f: Facts, step1LateRaised: boolean): Flag | null {
  const { from, to } = f.season.ckLateWindow;
  if (f.asOf < from || f.asOf > to) return null;
  const review = f.season.review.date;
  const safe = f.season.ckSafeDate; // = review date − reporting lag: date + lag > review ⇔ date > safe
  const rec = f.ckForTiming;
  const exams = f.isDo ? 'Step 2 CK (or COMLEX Level 2-CE)' : 'Step 2 CK';
  const lag = `${f.rs.reportingLagWeeks}-week reporting lag`;
  let problem: string;
  let unscheduled = false;
  if (rec.pass) {
    // A pass of unknown date is an old one: reported long ago.
    if (rec.pass.date === null || rec.pass.date <= safe) return null;
    problem = `${examLabel(rec.pass.exam)} passed on ${rec.pass.date} reports about ${addDays(rec.pass.date, f.rs.reportingLagDays)} (${lag})`;
  } else {
    const planned = [...rec.awaiting, ...rec.upcoming].filter((j) => j.date !== null).sort(byTestDate);
    const first = planned[0];
    if (!first) {
      if (rec.awaiting.length > 0) {
        f.missing.push(`test date of the pending ${examLabel(rec.awaiting[0].exam)}`);
        return null;
      }
      problem = `${exams} not passed and not scheduled`;
      unscheduled = true;
    } else {
      if (first.date! <= safe) return null;
      const state = first.standing === 'awaiting' ? 'taken on' : 'scheduled for';
      problem = `${examLabel(first.exam)} ${state} ${first.date} reports about ${addDays(first.date!, f.rs.reportingLagDays)} (${lag})`;
    }
  }
  const timing = `programs review ERAS ${f.snapshot.student.gradYear} applications from ${review}, so the exam must be taken by ${safe}`;
  const warnFrom = addDays(safe, -f.rs.ckLateUnscheduledWarningDays);
  if (unscheduled && f.asOf < warnFrom)
    return flag('CK_LATE', 'low', `${problem}; ${timing}; a planning reminder until ${warnFrom} (${plural(f.rs.ckLateUnscheduledWarningDays, 'day')} before that date)`);
  const reasons = needsScoreBeforeApplying(f, step1LateRaised);
  const message = `${problem}; ${timing}${reasons.length ? `; score needed before applying: ${reasons.join(', ')}` : ''}`;
  return flag('CK_LATE', reasons.length ? 'high' : 'medium', message);
}

// ─── CK_NOT_READY: a CK attempt is scheduled within 42 days and the latest CK practice 3-digit score
// from the last 60 days is more than 10 below the target specialty's reference score (the CK national
// mean when no target is recorded), or there is none. Medium.
function ckNotReady(f: Facts): Flag | null {
  if (f.ck.pass) return null;
  const exam = bookedSoon(f, f.ck);
  if (!exam || !exam.date) return null;
  // A target that is not in the reference table has no reference either: fall back to the national mean.
  const reference = f.target
    ? { score: f.target.referenceCk, text: referenceText(f.target) }
    : {
        score: f.rs.nationalMean,
        text: `the Step 2 CK national mean ${f.rs.nationalMean} (${shortSource(f.rs.nationalMeanSource)}${f.snapshot.student.targetSpecialty ? `; target ${f.snapshot.student.targetSpecialty} not in the reference table` : '; no target specialty recorded'})`,
      };
  const when = `Step 2 CK on ${exam.date} (in ${plural(daysBetween(f.asOf, exam.date), 'day')})`;
  const latest = recentPractice(f, 'STEP2CK', true)[0];
  if (!latest) return flag('CK_NOT_READY', 'medium', `${when}: no Step 2 CK practice score in the last ${daysBetween(f.rs.practiceFrom, f.asOf)} days (against ${reference.text})`);
  const gap = reference.score - latest.score!;
  if (gap <= f.rs.ckReadinessMargin) return null;
  return flag('CK_NOT_READY', 'medium', `${when}: latest practice ${latest.form} on ${latest.takenOn} scored ${latest.score}, ${gap} below ${reference.text}`);
}

// ─── DUAL_APPLY_ADVISED: target tier highly competitive and (CK more than 10 below reference, or any
// failure of Step 1, CK or COMLEX) and no backup specialty recorded. High.
function dualApplyAdvised(f: Facts): Flag | null {
  if (!f.target || f.target.tier !== 'highly') return null;
  if (f.snapshot.student.backupSpecialty?.trim()) return null;
  const why: string[] = [];
  if (f.ckScore !== null && f.target.referenceCk - f.ckScore > f.rs.dualApplyMargin)
    why.push(`Step 2 CK ${f.ckScore}, ${f.target.referenceCk - f.ckScore} below ${referenceText(f.target)}`);
  if (f.ck.failures.length > 0) why.push('a Step 2 CK failure');
  if (f.step1.failures.length > 0) why.push('a Step 1 failure');
  if (f.comlex1.failures.length > 0) why.push('a COMLEX Level 1 failure');
  if (f.comlex2.failures.length > 0) why.push('a COMLEX Level 2-CE failure');
  if (why.length === 0) return null;
  return flag('DUAL_APPLY_ADVISED', 'high', `Target ${f.target.name} is ${tierText(f.target)} with ${why.join(' and ')}; no backup specialty recorded`);
}

// ─── IMG_NO_USCE: applicant type IMG and USCE months or US letters is 0 or not recorded.
// Medium when 0; low when not recorded (blank means "not recorded", not zero: RULES.md §3).
function imgNoUsce(f: Facts): Flag | null {
  if (!f.isImg) return null;
  const { usceMonths, usLetters } = f.snapshot.student;
  const zero = usceMonths === 0 || usLetters === 0;
  const blank = usceMonths === null || usLetters === null;
  if (!zero && !blank) return null;
  const usce = usceMonths === null ? 'US clinical experience not recorded' : `${plural(usceMonths, 'month')} of US clinical experience`;
  const letters = usLetters === null ? 'US letters not recorded' : plural(usLetters, 'US letter');
  return flag('IMG_NO_USCE', zero ? 'medium' : 'low', `IMG applicant: ${usce}; ${letters}`);
}

// ─── DO_NO_USMLE: applicant type US_DO, target tier highly or moderately competitive, and no USMLE
// Step 2 CK taken or scheduled. Medium.
function doNoUsmle(f: Facts): Flag | null {
  if (!f.isDo || !f.target || f.target.tier === 'less') return null;
  if (f.ck.attempts.length > 0) return null;
  return flag('DO_NO_USMLE', 'medium', `US DO applicant targeting ${f.target.name} (${tierText(f.target)}) with no USMLE Step 2 CK taken or scheduled`);
}

const STEP1_OR_COMLEX1: readonly ExamCode[] = ['STEP1', 'COMLEX1'];
const CK_OR_COMLEX2CE: readonly ExamCode[] = ['STEP2CK', 'COMLEX2CE'];
const COMLEX1: readonly ExamCode[] = ['COMLEX1'];
const COMLEX2CE: readonly ExamCode[] = ['COMLEX2CE'];

function gatherFacts(snapshot: StudentSnapshot, ref: ReferenceData, asOf: string): Facts {
  const { student } = snapshot;
  const rs = ruleSettings(ref, asOf);
  const missing: string[] = [];
  const isDo = student.applicantType === 'US_DO';
  const isImg = student.applicantType === 'IMG';
  const judged: JudgedAttempt[] = [];
  for (const a of snapshot.attempts) judged.push(judgeAttempt(ref, a, asOf));
  judged.sort(byTestDate);
  const usmle: Record<string, ExamRecord> = {};
  for (const exam of USMLE_EXAMS) usmle[exam] = examRecord(judged, [exam]);
  const ck = usmle.STEP2CK;
  const comlex1 = examRecord(judged, COMLEX1);
  const comlex2 = examRecord(judged, COMLEX2CE);
  const step1OrComlex1 = examRecord(judged, STEP1_OR_COMLEX1);

  const targetName = student.targetSpecialty?.trim() || null;
  const targetRow = findSpecialty(ref.specialties, targetName);
  if (!targetName) missing.push('target specialty');
  else if (!targetRow) missing.push('target specialty not in the reference table');
  if (!student.applicantType) missing.push('applicant type');
  if (isImg && student.usceMonths === null) missing.push('USCE months');
  if (isImg && student.usLetters === null) missing.push('US letters');

  let ckScore: number | null = null;
  for (const j of ck.attempts) if (j.standing === 'passed' && j.score !== null && (ckScore === null || j.score > ckScore)) ckScore = j.score;
  if (ck.pass && ckScore === null) missing.push('Step 2 CK score');
  for (const j of judged)
    if (j.standing === 'unknown')
      missing.push(j.date === null && j.score !== null ? `test date of the ${examLabel(j.exam)} score ${j.score}` : `result of the ${examLabel(j.exam)} attempt on ${dateText(j.date)}`);

  const classDeadline = rs.classStep1Deadline(student.gradYear);
  return {
    snapshot,
    asOf,
    ref,
    rs,
    season: rs.season(student.gradYear),
    step1Deadline: student.step1Deadline ? { date: student.step1Deadline, origin: 'student' } : classDeadline,
    isDo,
    isImg,
    step1: usmle.STEP1,
    step1Requirement: isDo ? step1OrComlex1 : usmle.STEP1,
    ck,
    comlex1,
    comlex2,
    step1OrComlex1,
    ckForTiming: isDo ? examRecord(judged, CK_OR_COMLEX2CE) : ck,
    usmle,
    target: targetRow ? rs.reference(targetRow) : null,
    ckScore,
    missing,
  };
}

/** Most severe first, then by code. */
export function compareFlags(a: Flag, b: Flag): number {
  const bySeverity = SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity];
  return bySeverity !== 0 ? bySeverity : a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

export const evaluateStudent: EvaluateStudent = (snapshot, ref, asOf) => {
  const f = gatherFacts(snapshot, ref, asOf);
  const late = step1Late(f);
  // In catalogue order; nulls (not raised) dropped. Listed, not pushed through a closure: this runs for every student.
  const raised = [
    step1Fail(f),
    attemptLimit(f),
    late,
    step1NotReady(f),
    ckFail(f),
    comlex1Fail(f),
    comlex2Fail(f),
    ckBelowTarget(f),
    ckLate(f, late !== null), // needs the score before applying when STEP1_LATE was raised
    ckNotReady(f),
    dualApplyAdvised(f),
    imgNoUsce(f),
    doNoUsmle(f),
  ];
  const flags: Flag[] = [];
  for (const x of raised) if (x !== null) flags.push(x);
  if (flags.length > 1) flags.sort(compareFlags);
  const step1Pass = f.step1Requirement.pass;
  // RULES.md §4 "Actions that fit the student's stage": only actions that can still be done.
  const stage: ActionStage = { step1Passed: step1Pass !== null, ckPassed: f.ck.pass !== null };
  if (stage.step1Passed || stage.ckPassed) for (const x of flags) x.actions = actionsForStage(x.actions, stage);
  return {
    studentId: snapshot.student.id,
    asOf,
    flags,
    risk: riskLevel(flags),
    facts: {
      season: snapshot.student.gradYear,
      reviewDate: f.season.review.date,
      ckSafeDate: f.season.ckSafeDate,
      step1Deadline: f.step1Deadline.date,
      targetSpecialty: f.target,
      step1Passed: step1Pass !== null,
      ckPassed: f.ck.pass !== null,
      ckScore: f.ckScore,
      step1PassDate: step1Pass?.date ?? null,
      step1DeadlineOrigin: f.step1Deadline.origin,
      reviewDatePublished: f.season.review.published,
      ckLateWindow: f.season.ckLateWindow,
    },
    missing: f.missing.length > 1 ? [...new Set(f.missing)] : f.missing,
  } satisfies StudentEvaluation;
};
