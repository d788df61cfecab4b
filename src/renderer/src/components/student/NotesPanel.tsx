import { ActionIcon, Badge, Card, Checkbox, Divider, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useState } from 'react';
import type { AdvisingNote } from '../../../../shared/domain';
import { call } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { formatDate } from '../../format';
import { NoteForm } from './NoteForm';

/** Session notes, newest first, with their action items (tick when done) and follow-up dates. */
export function NotesPanel({ studentId, asOf }: { studentId: string; asOf: string }) {
  const { data, error, reload } = useQuery('notes.list', { studentId });
  const [notes, setNotes] = useState<AdvisingNote[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const shown = notes ?? data ?? [];
  const act = async (p: Promise<AdvisingNote[]>) => {
    const before = shown;
    try {
      setNotes(await p);
      setProblem(null);
    } catch (err) {
      setNotes(before);
      setProblem((err as Error).message);
    }
  };
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="notes-title" data-testid="student-notes">
      <Title order={3} fz="md" mb="xs" id="notes-title">
        Session notes
      </Title>
      <NoteForm studentId={studentId} onSaved={() => (setNotes(null), reload())} />
      {(error || problem) && <Text c="red">{error?.message ?? problem}</Text>}
      {shown.length === 0 ? (
        <Text c="dimmed" fz="sm" mt="sm">
          No notes yet. Record each planning session here.
        </Text>
      ) : (
        <Stack gap="sm" mt="md">
          {shown.map((n) => (
            <div key={n.id} data-note={n.id}>
              <Divider mb="xs" />
              <Group justify="space-between" wrap="nowrap" align="start">
                <Text fz="xs" c="dimmed">
                  {formatDate(n.createdAt.slice(0, 10))} · {n.author}
                </Text>
                <Group gap={6}>
                  {n.followUpDate && (
                    <Badge size="sm" variant="light" color={n.followUpDate < asOf ? 'gray' : 'indigo'}>
                      Follow up {formatDate(n.followUpDate)}
                    </Badge>
                  )}
                  <Tooltip label="Delete note">
                    <ActionIcon
                      size="sm"
                      variant="subtle"
                      color="red"
                      aria-label={`Delete the note of ${formatDate(n.createdAt.slice(0, 10))}`}
                      onClick={() => window.confirm('Delete this note and its action items? The change is kept in the audit log.') && void act(call('notes.remove', { id: n.id }))}
                    >
                      ✕
                    </ActionIcon>
                  </Tooltip>
                </Group>
              </Group>
              <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {n.body}
              </Text>
              {n.actionItems.length > 0 && (
                <Stack gap={4} mt={6}>
                  {n.actionItems.map((i) => (
                    <Checkbox
                      key={i.id}
                      size="xs"
                      checked={i.done}
                      onChange={(e) => {
                        // Shown at once; the core's answer replaces it (or the error undoes it).
                        const done = e.currentTarget.checked;
                        setNotes(shown.map((x) => (x.id === n.id ? { ...x, actionItems: x.actionItems.map((y) => (y.id === i.id ? { ...y, done } : y)) } : x)));
                        void act(call('actionItems.setDone', { id: i.id, done }));
                      }}
                      label={
                        <Text fz="sm" td={i.done ? 'line-through' : undefined} c={!i.done && i.dueDate && i.dueDate < asOf ? 'red.7' : undefined}>
                          {i.text}
                          {i.dueDate ? ` — due ${formatDate(i.dueDate)}` : ''}
                        </Text>
                      }
                    />
                  ))}
                </Stack>
              )}
            </div>
          ))}
        </Stack>
      )}
    </Card>
  );
}
