import { Alert, Button, Group, Loader, Text } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { RosterRow } from '../../../shared/api';
import { APPLICANT_TYPE_LABELS, ENROLMENT_LABELS } from '../../../shared/domain';
import { describeRosterView, RISK_WORDS, STEP1_STATUS_WORDS } from '../../../shared/roster-view';
import { flagTitle } from '../../../shared/rules/catalogue';
import { call } from '../api/client';
import { rosterParams, rosterViewFromParams } from '../components/roster/rosterParams';
import '../components/roster/roster-print.css';
import { formatDate } from '../format';
import { href, type Route } from '../router';

/** More rows than this would print hundreds of pages: the page says so and offers the Excel export instead. */
export const PRINT_LIMIT = 2000;
const PAGE = 1000;

/**
 * The printable roster (#/roster/print?<the roster's own parameters>): the view as a plain table with
 * a title saying which students it lists and as of which date, printed from the browser's or Electron's
 * print dialog (or page.pdf() in the browser test). Print CSS hides everything but the sheet.
 */
export function RosterPrintPage({ route }: { route: Route }) {
  const view = useMemo(() => rosterViewFromParams(route.params), [route.params]);
  const [state, setState] = useState<{ rows: RosterRow[]; total: number; asOf: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setState(null);
    setError(null);
    (async () => {
      const rows: RosterRow[] = [];
      let total = 0;
      let asOf = '';
      for (let offset = 0; offset < PRINT_LIMIT; offset += PAGE) {
        const page = await call('students.list', { ...view, offset, limit: Math.min(PAGE, PRINT_LIMIT - offset) });
        rows.push(...page.rows);
        ({ total, asOf } = page);
        if (offset + PAGE >= total) break;
      }
      if (live) setState({ rows, total, asOf });
    })().catch((err: Error) => live && setError(err.message));
    return () => {
      live = false;
    };
  }, [view]);

  const scope = describeRosterView(view, formatDate);
  return (
    <div>
      <Group className="roster-print-toolbar" justify="space-between" mb="md">
        <Button variant="default" component="a" href={href('/roster', rosterParams(view))}>
          Back to the roster
        </Button>
        <Button onClick={() => window.print()} disabled={!state} data-testid="print-button">
          Print
        </Button>
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {!state && !error && <Loader />}
      {state && (
        <article className="roster-sheet" data-testid="roster-sheet">
          <h1>Roster</h1>
          <p className="scope">{scope.length ? scope.join(' · ') : 'Every student'}</p>
          <p className="muted">
            {state.total.toLocaleString()} {state.total === 1 ? 'student' : 'students'}; risk and exam status as of {formatDate(state.asOf)}; printed {formatDate(new Date().toISOString().slice(0, 10))}
          </p>
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>ID</th>
                <th>Class</th>
                <th>Type</th>
                <th>Target specialty</th>
                <th>Advisor</th>
                <th>Status</th>
                <th>Risk</th>
                <th>Flags</th>
                <th>Step 1</th>
                <th>CK</th>
                <th>CK date</th>
              </tr>
            </thead>
            <tbody>
              {state.rows.map((r) => (
                <tr key={r.id}>
                  <td>{`${r.lastName}, ${r.firstName}`}</td>
                  <td className="nowrap">{r.id}</td>
                  <td className="num">{r.gradYear}</td>
                  <td className="nowrap">{r.applicantType ? APPLICANT_TYPE_LABELS[r.applicantType] : '—'}</td>
                  <td>{r.targetSpecialty ?? '—'}</td>
                  <td>{r.advisor ?? '—'}</td>
                  <td>{`${ENROLMENT_LABELS[r.enrolment]}${r.archived ? ' (archived)' : ''}`}</td>
                  <td className={`nowrap risk-${r.risk ?? 'none'}`}>{RISK_WORDS[r.risk ?? 'none']}</td>
                  <td>{r.flags.map(flagTitle).join('; ') || '—'}</td>
                  <td className="nowrap">{STEP1_STATUS_WORDS[r.step1]}</td>
                  <td className="num">{r.ckScore ?? '—'}</td>
                  <td className="nowrap">{formatDate(r.ckDate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {state.total > state.rows.length && (
            <p className="cut" data-testid="print-cut">
              The first {state.rows.length.toLocaleString()} of {state.total.toLocaleString()} students are printed. Narrow the filters, or export the roster to Excel for all of them.
            </p>
          )}
        </article>
      )}
      {state && state.total > state.rows.length && (
        <Text className="roster-print-toolbar" c="dimmed" fz="sm" mt="sm">
          A printed roster holds at most {PRINT_LIMIT.toLocaleString()} students.
        </Text>
      )}
    </div>
  );
}
