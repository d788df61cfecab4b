import { Alert, Button, Card, Grid, Loader, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { localToday, isIsoDate } from '../../../shared/domain';
import { useQuery } from '../api/useQuery';
import { StudentAuditList } from '../components/audit/StudentAuditList';
import { AttemptsPanel } from '../components/student/AttemptsPanel';
import { ChecklistPanel } from '../components/student/ChecklistPanel';
import { EnrolmentPanel } from '../components/student/EnrolmentPanel';
import { FlagsPanel } from '../components/student/FlagsPanel';
import { NotesPanel } from '../components/student/NotesPanel';
import { ProgramListPanel } from '../components/programs/ProgramListPanel';
import { StudentOutcomesPanel } from '../components/programs/StudentOutcomesPanel';
import { PracticePanel } from '../components/student/PracticePanel';
import { ProfilePanel } from '../components/student/ProfilePanel';
import { StudentHeader } from '../components/student/StudentHeader';
import { TimelinePanel } from '../components/student/TimelinePanel';
import { navigate, type Route } from '../router';

/** The latest Step 2 CK score on record: what an outcome entered after Match starts from as the score at application. */
function latestCk(attempts: { exam: string; score: number | null; testDate: string | null }[]): number | null {
  const ck = attempts.filter((a) => a.exam === 'STEP2CK' && a.score !== null).sort((a, b) => (a.testDate ?? '').localeCompare(b.testDate ?? ''));
  return ck.at(-1)?.score ?? null;
}

/**
 * One student, for a one-on-one planning session. Everything the rules conclude (flags, missing data,
 * timeline, chart lines, checklist stage) comes from the core and is fetched again after every change.
 */
export function StudentPage({ route }: { route: Route }) {
  const id = route.params.get('id') ?? '';
  const asOfParam = route.params.get('asOf');
  const asOf = asOfParam && isIsoDate(asOfParam) ? asOfParam : localToday();
  const detail = useQuery('students.get', { id });
  const evaluation = useQuery('flags.student', { id, asOf });
  const lines = useQuery('students.practiceLines', { id, asOf });
  const checklist = useQuery('checklist.get', { studentId: id, asOf });

  // Bumped on every change so the history below re-reads the audit log.
  const [revision, setRevision] = useState(0);
  const changed = () => {
    setRevision((r) => r + 1);
    detail.reload();
    evaluation.reload();
    lines.reload();
    checklist.reload();
  };

  if (!id)
    return (
      <Alert color="gray" title="No student chosen" maw={600}>
        Open a student from the roster or the dashboard's at-risk list.
        <Button mt="sm" display="block" variant="light" onClick={() => navigate('/roster')}>
          Go to the roster
        </Button>
      </Alert>
    );
  if (detail.error)
    return (
      <Alert color="red" title="This student could not be opened" maw={600}>
        {detail.error.message}
      </Alert>
    );
  if (!detail.data) return <Loader aria-label="Loading the student" />;
  const { student, attempts, practice, enrolment } = detail.data;

  return (
    <Stack gap="md">
      <StudentHeader student={student} enrolment={enrolment} risk={evaluation.data?.risk} asOf={asOf} onAsOf={(d) => navigate('/student', { id, asOf: d === localToday() ? undefined : d })} />
      {evaluation.error && <Text c="red">{evaluation.error.message}</Text>}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            {evaluation.data && <FlagsPanel evaluation={evaluation.data} studentId={id} asOf={asOf} />}
            <AttemptsPanel studentId={id} attempts={attempts} onChanged={changed} />
            <PracticePanel studentId={id} practice={practice} lines={lines.data} onChanged={changed} />
            <NotesPanel studentId={id} asOf={asOf} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <EnrolmentPanel studentId={id} name={`${student.firstName} ${student.lastName}`} enrolment={enrolment} asOf={asOf} onChanged={changed} />
            <ProfilePanel student={student} version={detail.data.version} onSaved={changed} />
            {evaluation.data && <TimelinePanel evaluation={evaluation.data} />}
            {checklist.data && <ChecklistPanel key={JSON.stringify(checklist.data)} initial={checklist.data} />}
            <StudentOutcomesPanel studentId={id} gradYear={student.gradYear} target={student.targetSpecialty} ck={latestCk(attempts)} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={12}>
          <ProgramListPanel key={`${student.targetSpecialty}|${student.backupSpecialty}`} studentId={id} asOf={asOf} target={student.targetSpecialty} backup={student.backupSpecialty} />
        </Grid.Col>
        <Grid.Col span={12}>
          <Card withBorder padding="md">
            {/* Every change to this student, from the audit log (component of the audit viewer). */}
            <StudentAuditList key={revision} studentId={id} />
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
