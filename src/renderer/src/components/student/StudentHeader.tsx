import { Badge, Button, Group, Text, TextInput, Title } from '@mantine/core';
import type { Student } from '../../../../shared/domain';
import { APPLICANT_TYPE_LABELS, ENROLMENT_LABELS, enrolmentOn, isIsoDate, type Enrolment, type Severity } from '../../../../shared/domain';
import { navigate } from '../../router';
import { RiskBadge } from '../dashboard/RiskBadge';

export function StudentHeader({ student, risk, asOf, onAsOf, enrolment }: { student: Student; risk: Severity | null | undefined; asOf: string; onAsOf: (d: string) => void; enrolment?: Enrolment }) {
  const status = enrolmentOn(enrolment, asOf).status;
  return (
    <Group justify="space-between" align="end" wrap="wrap">
      <div>
        <Group gap="sm">
          <Title order={1}>
            {student.firstName} {student.lastName}
          </Title>
          {risk !== undefined && <RiskBadge risk={risk} size="lg" />}
          {/* Not active, or archived: said next to the name, so no one plans with a student who has left. */}
          {status !== 'active' && (
            <Badge size="lg" variant="outline" color="gray" data-testid="header-status">
              {ENROLMENT_LABELS[status]}
            </Badge>
          )}
          {enrolment?.archivedAt && (
            <Badge size="lg" variant="filled" color="dark" data-testid="header-archived">
              Archived
            </Badge>
          )}
        </Group>
        <Text c="dimmed" fz="sm">
          <span style={{ fontFamily: 'monospace' }}>{student.id}</span> · class of {student.gradYear}
          {student.applicantType ? ` · ${APPLICANT_TYPE_LABELS[student.applicantType]}` : ''}
          {student.advisor ? ` · advisor ${student.advisor}` : ''}
        </Text>
      </div>
      <Group align="end">
        <TextInput
          label="Evaluated as of"
          type="date"
          value={asOf}
          onChange={(e) => isIsoDate(e.currentTarget.value) && onAsOf(e.currentTarget.value)}
          w={170}
        />
        <Button variant="default" onClick={() => window.history.back()}>
          Back
        </Button>
        {/* The one-page summary is its own route (#/student/summary), built with the committee reports. */}
        <Button onClick={() => navigate('/student/summary', { id: student.id, asOf })} data-testid="print-summary">
          Print summary
        </Button>
      </Group>
    </Group>
  );
}
