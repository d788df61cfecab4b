import { Button, Card, Group, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import type { PracticeLines } from '../../../../shared/api';
import { EXAM_LABELS, type PracticeExam } from '../../../../shared/domain';
import { call } from '../../api/client';
import { formatDate } from '../../format';
import { PracticeChart } from './PracticeChart';
import { PracticeForm } from './PracticeForm';
import { RowActions } from './RowActions';

export function PracticePanel({ studentId, practice, lines, onChanged }: { studentId: string; practice: PracticeExam[]; lines: PracticeLines | null; onChanged: () => void }) {
  const [editing, setEditing] = useState<PracticeExam | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const remove = async (p: PracticeExam) => {
    if (!window.confirm(`Remove ${p.form} of ${formatDate(p.takenOn)}? The change is kept in the audit log.`)) return;
    try {
      await call('practice.remove', { id: p.id });
      onChanged();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const newestFirst = [...practice].sort((a, b) => (a.takenOn < b.takenOn ? 1 : a.takenOn > b.takenOn ? -1 : b.id - a.id));
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="practice-title" data-testid="student-practice">
      <Group justify="space-between" mb="xs">
        <Title order={3} fz="md" id="practice-title">
          Practice exams
        </Title>
        <Button size="xs" variant="light" onClick={() => setEditing('new')}>
          Add practice exam
        </Button>
      </Group>
      {error && <Text c="red">{error}</Text>}
      {lines && <PracticeChart practice={practice} lines={lines} />}
      {newestFirst.length > 0 && (
        <Table verticalSpacing={2} fz="sm" mt="sm" aria-label="Practice exams" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Date</Table.Th>
              <Table.Th>Exam</Table.Th>
              <Table.Th>Form</Table.Th>
              <Table.Th>Score</Table.Th>
              <Table.Th>Pass probability</Table.Th>
              <Table.Th w={90}>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {newestFirst.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{formatDate(p.takenOn)}</Table.Td>
                <Table.Td>{EXAM_LABELS[p.exam]}</Table.Td>
                <Table.Td>{p.form}</Table.Td>
                <Table.Td>{p.score ?? '—'}</Table.Td>
                <Table.Td>{p.passProbability === null ? '—' : `${p.passProbability}%`}</Table.Td>
                <Table.Td>
                  <RowActions what={`${p.form} of ${formatDate(p.takenOn)}`} onEdit={() => setEditing(p)} onRemove={() => void remove(p)} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && (
        <PracticeForm
          studentId={studentId}
          practice={editing === 'new' ? null : editing}
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
