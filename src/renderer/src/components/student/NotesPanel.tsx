import { ActionIcon, Badge, Button, Card, Checkbox, Divider, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useState } from 'react';
import type { AdvisingNote } from '../../../../shared/domain';
import { call } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { formatDate, formatDatesIn, formatInstant } from '../../format';
import { NoteEditForm } from './NoteEditForm';
import { NoteForm } from './NoteForm';

/**
 * Session notes, newest first, with their action items (tick when done: who and when are kept) and
 * follow-up dates, which are marked done here; an overdue one says so until then. A note can be edited
 * (the audit log keeps what it said).
 */
export function NotesPanel({ studentId, asOf }: { studentId: string; asOf: string }) {
  const { data, error, reload } = useQuery('notes.list', { studentId });
  const [notes, setNotes] = useState<AdvisingNote[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
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
      {(error || problem) && <Text c="red.8">{formatDatesIn(error?.message ?? problem ?? '')}</Text>}
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
                  {n.followUpDate && !n.followUpDoneAt && (
                    <Badge size="sm" variant="light" color={n.followUpDate < asOf ? 'red' : 'indigo'} data-testid="follow-up-badge">
                      {n.followUpDate < asOf ? `Follow-up overdue since ${formatDate(n.followUpDate)}` : `Follow up ${formatDate(n.followUpDate)}`}
                    </Badge>
                  )}
                  {n.followUpDate && !n.followUpDoneAt && (
                    <Button size="compact-xs" variant="light" onClick={() => void act(call('notes.setFollowUpDone', { id: n.id, done: true }))}>
                      Mark follow-up done
                    </Button>
                  )}
                  <Button size="compact-xs" variant="subtle" onClick={() => setEditing(editing === n.id ? null : n.id)} aria-label={`Edit the note of ${formatDate(n.createdAt.slice(0, 10))}`}>
                    Edit
                  </Button>
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
              {editing === n.id ? (
                <NoteEditForm note={n} onCancel={() => setEditing(null)} onSaved={(next) => (setNotes(next), setEditing(null))} />
              ) : (
                <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {n.body}
                </Text>
              )}
              {n.followUpDate && n.followUpDoneAt && (
                <Group gap={6} mt={4} data-testid="follow-up-done">
                  <Text fz="xs" c="dimmed">
                    Follow-up of {formatDate(n.followUpDate)} done by {n.followUpDoneBy}, {formatInstant(n.followUpDoneAt)}.
                  </Text>
                  <Button size="compact-xs" variant="subtle" color="gray" onClick={() => void act(call('notes.setFollowUpDone', { id: n.id, done: false }))}>
                    Reopen
                  </Button>
                </Group>
              )}
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
                          {i.done && i.doneBy && i.doneAt ? ` — done by ${i.doneBy}, ${formatInstant(i.doneAt)}` : ''}
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
