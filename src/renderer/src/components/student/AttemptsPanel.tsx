import { Button, Card, Group, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { EXAM_LABELS, OUTCOME_LABELS, type ExamAttempt } from '../../../../shared/domain';
import { call } from '../../api/client';
import { formatDate } from '../../format';
import { AttemptForm } from './AttemptForm';
import { RowActions } from './RowActions';

/** The student's exam attempts, with add, edit and remove; every change goes through the audited handlers. */
export function AttemptsPanel({ studentId, attempts, onChanged }: { studentId: string; attempts: ExamAttempt[]; onChanged: () => void }) {
  const [editing, setEditing] = useState<ExamAttempt | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const remove = async (a: ExamAttempt) => {
    if (!window.confirm(`Remove the ${EXAM_LABELS[a.exam]} attempt of ${formatDate(a.testDate)}? The change is kept in the audit log.`)) return;
    try {
      await call('attempts.remove', { id: a.id });
      onChanged();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="attempts-title" data-testid="student-attempts">
      <Group justify="space-between" mb="xs">
        <Title order={3} fz="md" id="attempts-title">
          Exam attempts
        </Title>
        <Button size="xs" variant="light" onClick={() => setEditing('new')}>
          Add attempt
        </Button>
      </Group>
      {error && <Text c="red">{error}</Text>}
      {attempts.length === 0 ? (
        <Text c="dimmed" fz="sm">
          No exam attempts recorded. Add Step 1, Step 2 CK or COMLEX attempts — scheduled ones too — so the flags can judge the timeline.
        </Text>
      ) : (
        <Table verticalSpacing={4} fz="sm" aria-label="Exam attempts" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Exam</Table.Th>
              <Table.Th>Date</Table.Th>
              <Table.Th>Result</Table.Th>
              <Table.Th>Score</Table.Th>
              <Table.Th>#</Table.Th>
              <Table.Th w={90}>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {attempts.map((a) => (
              <Table.Tr key={a.id} data-attempt={a.id}>
                <Table.Td>{EXAM_LABELS[a.exam]}</Table.Td>
                <Table.Td>{formatDate(a.testDate)}</Table.Td>
                <Table.Td>{a.outcome ? OUTCOME_LABELS[a.outcome] : <Text span c="dimmed" fz="sm">score only</Text>}</Table.Td>
                <Table.Td>{a.score ?? '—'}</Table.Td>
                <Table.Td>{a.attemptOrder ?? '—'}</Table.Td>
                <Table.Td>
                  <RowActions what={`${EXAM_LABELS[a.exam]} attempt of ${formatDate(a.testDate)}`} onEdit={() => setEditing(a)} onRemove={() => void remove(a)} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && (
        <AttemptForm
          studentId={studentId}
          attempt={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            onChanged();
          }}
        />
      )}
    </Card>
  );
}
