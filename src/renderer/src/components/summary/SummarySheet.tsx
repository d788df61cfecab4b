import { forwardRef, type CSSProperties } from 'react';
import type { ProgramListView, StudentSummary } from '../../../../shared/api';
import { EXAM_LABELS, SEVERITY_RANK } from '../../../../shared/domain';
import { studentActions } from '../../../../shared/rules/actions';
import { FLAG_CATALOGUE } from '../../../../shared/rules/catalogue';
import { formatDate, formatDatesIn, formatInstant } from '../../format';
import { chartLines } from '../../../../shared/practice-lines';
import { statusWithDates } from '../student/EnrolmentPanel';
import { PracticeTrend } from './PracticeTrend';
import { ProgramListSummary } from './ProgramListSummary';
import type { PageFit } from './useFitToPage';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function Omitted({ n, what }: { n: number; what: string }) {
  return n > 0 ? <div className="muted">… and {plural(n, what)} more on the student page</div> : null;
}

function Profile({ s }: { s: StudentSummary }) {
  const st = s.student;
  const f = s.evaluation.facts;
  const target = f.targetSpecialty;
  return (
    <dl className="facts">
      <dt>Student ID</dt>
      <dd>{st.id}</dd>
      <dt>Class of</dt>
      <dd>
        {st.gradYear} (ERAS {f.season})
      </dd>
      <dt>Applicant type</dt>
      <dd>{s.applicantTypeLabel ?? 'not recorded'}</dd>
      <dt>Enrolment</dt>
      <dd data-testid="summary-enrolment">
        {statusWithDates(s.enrolment.status, s.enrolment.since, s.enrolment.until)}
        {s.enrolment.archivedAt && ` (archived ${formatDate(s.enrolment.archivedAt.slice(0, 10))})`}
      </dd>
      <dt>Advisor</dt>
      <dd>{st.advisor ?? 'not recorded'}</dd>
      <dt>Target</dt>
      <dd>{target ? `${target.name} (reference CK ${target.referenceCk})` : (st.targetSpecialty ?? 'not recorded')}</dd>
      <dt>Backup</dt>
      <dd>{st.backupSpecialty ?? 'none recorded'}</dd>
      {st.applicantType === 'IMG' && (
        <>
          <dt>USCE</dt>
          <dd>{st.usceMonths === null ? 'not recorded' : plural(st.usceMonths, 'month')}</dd>
          <dt>US letters</dt>
          <dd>{st.usLetters ?? 'not recorded'}</dd>
        </>
      )}
    </dl>
  );
}

function Timeline({ s }: { s: StudentSummary }) {
  const f = s.evaluation.facts;
  const origin = f.step1DeadlineOrigin === 'student' ? "student's own" : f.step1DeadlineOrigin === 'class' ? 'class date' : 'default';
  return (
    <table>
      <tbody>
        <tr>
          <td>Step 1 deadline ({origin})</td>
          <td className="num">{formatDate(f.step1Deadline)}</td>
          <td>{f.step1Passed ? `passed${f.step1PassDate ? ` ${formatDate(f.step1PassDate)}` : ''}` : 'not passed'}</td>
        </tr>
        <tr>
          <td>CK safe date (reports in time)</td>
          <td className="num">{formatDate(f.ckSafeDate)}</td>
          <td>{f.ckPassed ? `passed${f.ckScore !== null ? `, ${f.ckScore}` : ''}` : 'not passed'}</td>
        </tr>
        <tr>
          <td>ERAS {f.season}: programs review from</td>
          <td className="num">{formatDate(f.reviewDate)}</td>
          <td className="muted">{f.reviewDatePublished ? 'published date' : 'derived (4th Wednesday of September)'}</td>
        </tr>
        <tr>
          <td>CK timing checked</td>
          <td className="num" colSpan={2}>
            {formatDate(f.ckLateWindow.from)} – {formatDate(f.ckLateWindow.to)}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

function Exams({ s }: { s: StudentSummary }) {
  if (s.attempts.length === 0) return <p className="muted">No exam attempts recorded.</p>;
  return (
    <>
      <table>
        <thead>
          <tr>
            <th>Exam</th>
            <th>Date</th>
            <th>Result</th>
            <th className="num">Score</th>
          </tr>
        </thead>
        <tbody>
          {s.attempts.map((a, i) => (
            <tr key={i}>
              <td>{EXAM_LABELS[a.exam]}</td>
              <td>{a.testDate ? formatDate(a.testDate) : 'date unknown'}</td>
              <td className={a.standing === 'Failed' || a.standing === 'Incomplete' ? 'overdue' : undefined}>{a.standing}</td>
              <td className="num">{a.score ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Omitted n={s.attemptsOmitted} what="older attempt" />
    </>
  );
}

function Practice({ s }: { s: StudentSummary }) {
  const step1 = s.practice.filter((p) => p.exam === 'STEP1');
  const ck = s.practice.filter((p) => p.exam === 'STEP2CK');
  const step1Scores = step1.filter((p) => p.score !== null).length;
  // NBME's Step 1 self-assessments report a pass probability; plot whichever the results mostly carry.
  const step1Measure = step1Scores * 2 >= step1.length ? 'score' : 'probability';
  if (s.practice.length === 0) return <p className="muted">No practice exams recorded.</p>;
  return (
    <>
      {step1.length > 0 && (
        <PracticeTrend title="Step 1 practice" practice={step1} measure={step1Measure} lines={chartLines(step1Measure === 'score' ? 'STEP1' : 'STEP1_PROBABILITY', s.lines)} />
      )}
      {ck.length > 0 && <PracticeTrend title="Step 2 CK practice" practice={ck} measure="score" lines={chartLines('STEP2CK', s.lines)} />}
      <Omitted n={s.practiceOmitted} what="older practice result" />
    </>
  );
}

function Flags({ s }: { s: StudentSummary }) {
  const flags = [...s.evaluation.flags].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
  if (flags.length === 0) return <p>No flags as of {formatDate(s.asOf)}.</p>;
  // RULES.md §4: each action once, naming the flags it serves (already fitted to the student's stage).
  const actions = studentActions(flags);
  return (
    <>
      {flags.map((f) => (
        <div className="flag" key={f.code} data-flag={f.code}>
          <div>
            <span className={`risk sev-${f.severity}`}>{f.severity}</span> <span className="title">{FLAG_CATALOGUE[f.code].title}</span> <span className="muted">({f.code})</span>
          </div>
          <div>{formatDatesIn(f.message)}</div>
        </div>
      ))}
      {actions.length > 0 && (
        <ul className="actions" data-testid="summary-actions">
          {actions.map((a) => (
            <li key={a.action} data-codes={a.codes.join(' ')}>
              {a.action} <span className="muted">({a.codes.join(', ')})</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function ActionItems({ s }: { s: StudentSummary }) {
  return (
    <>
      {s.openActionItems.length === 0 ? (
        <p className="muted">No open action items.</p>
      ) : (
        <ul className="items">
          {s.openActionItems.map((i, n) => (
            <li key={n}>
              {i.text}
              {i.dueDate && <span className={i.overdue ? 'overdue' : 'muted'}> — {i.overdue ? 'overdue since' : 'due'} {formatDate(i.dueDate)}</span>}
            </li>
          ))}
        </ul>
      )}
      <Omitted n={s.actionItemsOmitted} what="open item" />
      {s.nextFollowUp && <p>Next follow-up: {formatDate(s.nextFollowUp)}</p>}
      {s.latestNote && (
        <>
          <div className="muted">
            Last note, {formatDate(s.latestNote.createdAt.slice(0, 10))} by {s.latestNote.author}:
          </div>
          <p className="note">{s.latestNote.body}</p>
        </>
      )}
    </>
  );
}

/** The one page, laid out for print: top to bottom what a planning session walks through. */
export const SummarySheet = forwardRef<HTMLElement, { summary: StudentSummary; fit: PageFit; programList?: ProgramListView | null }>(function SummarySheet({ summary: s, fit, programList }, ref) {
  const risk = s.evaluation.risk;
  const vars = { '--summary-fit': fit.zoom, '--summary-print-width': `${fit.widthMm}mm` } as CSSProperties;
  return (
    <article ref={ref} className="summary-sheet" data-testid="summary-sheet" data-fit={fit.zoom} style={vars}>
      <div className="head">
        <div>
          <h1>
            {s.student.firstName} {s.student.lastName}
          </h1>
          <div className="muted">Planning summary as of {formatDate(s.asOf)}</div>
        </div>
        <span className={`risk sev-${risk ?? 'none'}`} data-testid="summary-risk">
          {risk ? `${risk} risk` : 'no flags'}
        </span>
      </div>
      <Profile s={s} />
      <h2>Flags and recommended actions</h2>
      <Flags s={s} />
      {s.evaluation.missing.length > 0 && <p className="muted">Missing for the rules: {s.evaluation.missing.join('; ')}.</p>}
      <div className="cols">
        <section>
          <h2>Exam history</h2>
          <Exams s={s} />
          <h2>Timeline</h2>
          <Timeline s={s} />
        </section>
        <section>
          <h2>Practice trend</h2>
          <Practice s={s} />
        </section>
      </div>
      <h2>Open action items and notes</h2>
      <ActionItems s={s} />
      {programList && (
        <>
          <h2>Program list</h2>
          <ProgramListSummary list={programList} />
        </>
      )}
      <footer>
        <span>Stepwise — confidential student record</span>
        <span>Printed {formatInstant(s.generatedAt)}</span>
      </footer>
    </article>
  );
});
