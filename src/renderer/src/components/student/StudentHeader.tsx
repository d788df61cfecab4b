import { Button, Group, Text, TextInput, Title } from '@mantine/core';
import type { Student } from '../../../../shared/domain';
import { APPLICANT_TYPE_LABELS, isIsoDate, type Severity } from '../../../../shared/domain';
import { navigate } from '../../router';
import { RiskBadge } from '../dashboard/RiskBadge';

export function StudentHeader({ student, risk, asOf, onAsOf }: { student: Student; risk: Severity | null | undefined; asOf: string; onAsOf: (d: string) => void }) {
  return (
    <Group justify="space-between" align="end" wrap="wrap">
      <div>
        <Group gap="sm">
          <Title order={1}>
            {student.firstName} {student.lastName}
          </Title>
          {risk !== undefined && <RiskBadge risk={risk} size="lg" />}
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
