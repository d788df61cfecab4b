import { Alert, Button, Grid, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useQuery } from '../api/useQuery';
import { EmptyRoster } from '../components/EmptyRoster';
import { AtRiskList } from '../components/dashboard/AtRiskList';
import { CkBySpecialtyChart } from '../components/dashboard/CkBySpecialtyChart';
import { CkTimelineChart } from '../components/dashboard/CkTimelineChart';
import { CountCards } from '../components/dashboard/CountCards';
import { DashboardFilters } from '../components/dashboard/DashboardFilters';
import { FollowUpsList } from '../components/dashboard/FollowUpsList';
import { PracticeTrendChart } from '../components/dashboard/PracticeTrendChart';
import { RiskByClassChart } from '../components/dashboard/RiskByClassChart';
import { cohortFilterFromParams } from '../components/dashboard/cohortParams';
import { formatDate } from '../format';
import { navigate, type Route } from '../router';
import { describeEnrolmentFilter, type PracticeExamCode } from '../../../shared/domain';

/** The cohort dashboard: counts that link to the roster, charts, the at-risk list and upcoming follow-ups. */
export function DashboardPage({ route }: { route: Route }) {
  const filter = cohortFilterFromParams(route.params);
  const counts = useQuery('dashboard.counts', filter);
  const specialties = useQuery('dashboard.ckBySpecialty', filter);
  const [timelineClass, setTimelineClass] = useState<number | undefined>(undefined);
  const timeline = useQuery('dashboard.ckTimeline', { ...filter, gradYear: filter.gradYears?.[0] ?? timelineClass });
  const byClass = useQuery('dashboard.riskByClass', filter);
  const [practiceExam, setPracticeExam] = useState<PracticeExamCode>('STEP2CK');
  const practice = useQuery('dashboard.practiceTrend', { ...filter, exam: practiceExam });

  if (counts.data && counts.data.students === 0 && route.params.size === 0) return <EmptyRoster />;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="end">
        <div>
          <Title order={1}>Cohort dashboard</Title>
          <Text c="dimmed" fz="sm" data-testid="dashboard-scope">
            {counts.data ? `${counts.data.students.toLocaleString()} ${describeEnrolmentFilter({ statuses: filter.statuses })}, evaluated as of ${formatDate(counts.data.asOf)}` : 'Evaluating the cohort…'}
          </Text>
        </div>
      </Group>
      <DashboardFilters filter={filter} />
      {counts.error && (
        <Alert color="red" title="The dashboard could not be computed">
          {counts.error.message}
        </Alert>
      )}
      {counts.loading && !counts.data && (
        <Group>
          <Loader size="sm" />
          <Text c="dimmed">Evaluating every student as of {formatDate(filter.asOf)}…</Text>
        </Group>
      )}
      {counts.data && counts.data.students === 0 && (
        <Alert color="gray" title="No students match these filters">
          <Group>
            <Text fz="sm">Widen the filters to see counts and charts.</Text>
            <Button size="xs" variant="light" onClick={() => navigate('/')}>
              Clear filters
            </Button>
          </Group>
        </Alert>
      )}
      {counts.data && counts.data.students > 0 && (
        <>
          <CountCards counts={counts.data} filter={filter} />
          <Grid gap="md">
            <Grid.Col span={{ base: 12, lg: 7 }}>{specialties.data && <CkBySpecialtyChart rows={specialties.data} filter={filter} />}</Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>{timeline.data && <CkTimelineChart timeline={timeline.data} onClass={setTimelineClass} filter={filter} />}</Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>{byClass.data && <RiskByClassChart rows={byClass.data} filter={filter} />}</Grid.Col>
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <FollowUpsList filter={filter} />
            </Grid.Col>
            <Grid.Col span={12}>{practice.data && <PracticeTrendChart trend={practice.data} onExam={setPracticeExam} filter={filter} />}</Grid.Col>
            <Grid.Col span={12}>
              <AtRiskList filter={filter} />
            </Grid.Col>
          </Grid>
        </>
      )}
    </Stack>
  );
}
