import { Alert, Button, Group, Loader, Text, TextInput } from '@mantine/core';
import { useRef } from 'react';
import { useQuery } from '../api/useQuery';
import { SummarySheet } from '../components/summary/SummarySheet';
import '../components/summary/summary.css';
import { useFitToPage } from '../components/summary/useFitToPage';
import { href, navigate, type Route } from '../router';

/**
 * The one-page student summary (#/student/summary?id=…&asOf=…), printed from the browser's or
 * Electron's own print dialog (or `page.pdf()` in the browser test). Print CSS hides everything but
 * the sheet; a sheet taller than one page is zoomed to fit it, never split over two.
 */
export function StudentSummaryPage({ route }: { route: Route }) {
  const id = route.params.get('id') ?? '';
  const asOf = route.params.get('asOf') || undefined;
  const { data, error, loading } = useQuery('reports.studentSummary', { id: id || '-', ...(asOf ? { asOf } : {}) });
  // The saved program list for the target specialty (a student without one has none: nothing printed).
  const list = useQuery('programList.build', { studentId: id || '-', specialty: 'target', ...(asOf ? { asOf } : {}) });
  const sheet = useRef<HTMLElement>(null);
  const fit = useFitToPage(sheet, [data, list.data]);

  if (!id) return <Alert color="yellow">No student chosen: open a student and use “Print summary”.</Alert>;
  return (
    <div className="summary-page">
      <Group className="summary-toolbar" justify="space-between" mb="md">
        <Group>
          <Button variant="default" component="a" href={href('/student', { id, asOf })}>
            Back to the student
          </Button>
          <TextInput
            aria-label="As of"
            type="date"
            value={data?.asOf ?? asOf ?? ''}
            onChange={(e) => e.currentTarget.value && navigate('/student/summary', { id, asOf: e.currentTarget.value })}
          />
        </Group>
        <Group>
          {fit.zoom < 1 && (
            <Text c="dimmed" fz="sm">
              Printed at {Math.round(fit.zoom * 100)}% to fit one page
            </Text>
          )}
          <Button onClick={() => window.print()} disabled={!data} data-testid="print-button">
            Print
          </Button>
        </Group>
      </Group>
      {loading && !data && <Loader />}
      {error && <Alert color="red">{error.message}</Alert>}
      {data && <SummarySheet ref={sheet} summary={data} fit={fit} programList={data.student.targetSpecialty ? list.data : null} />}
    </div>
  );
}
