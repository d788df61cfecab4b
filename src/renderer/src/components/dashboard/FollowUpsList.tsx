import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { call } from '../../api/client';
import type { CohortFilter } from '../../../../shared/api';
import { useQuery } from '../../api/useQuery';
import { formatDate, formatDatesIn } from '../../format';
import { href } from '../../router';

/**
 * Notes' follow-ups and open action items due in the next 30 days; one whose date has passed stays,
 * as overdue, until it is marked done (here or on the student's page: who and when are kept).
 */
export function FollowUpsList({ filter }: { filter: CohortFilter & { asOf: string } }) {
  const { data, error, reload } = useQuery('dashboard.followUps', { ...filter, days: 30 });
  const [problem, setProblem] = useState<string | null>(null);
  const markDone = (f: NonNullable<typeof data>[number]) =>
    (f.kind === 'followUp' ? call('notes.setFollowUpDone', { id: f.noteId, done: true }) : call('actionItems.setDone', { id: f.actionItemId!, done: true })).then(
      () => (setProblem(null), reload()),
      (err: Error) => setProblem(formatDatesIn(err.message)),
    );
  return (
    <Card withBorder padding="md" data-testid="follow-ups">
      <Title order={3} fz="md" mb="xs">
        Follow-ups
      </Title>
      {(error || problem) && <Text c="red.8">{error?.message ?? problem}</Text>}
      {data && data.length === 0 && (
        <Text c="dimmed" fz="sm">
          Nothing overdue or due in the next 30 days. Follow-up dates and action items you add to session notes on a student's page appear here.
        </Text>
      )}
      <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {data?.map((f) => (
          <li key={`${f.kind}-${f.noteId}-${f.actionItemId ?? ''}`}>
            <Group gap="xs" wrap="nowrap" align="start">
              <Text fz="sm" fw={600} w={96} style={{ flexShrink: 0 }} c={f.overdue ? 'red.7' : undefined}>
                {formatDate(f.date)}
              </Text>
              <div style={{ minWidth: 0 }}>
                <Group gap={6}>
                  <Anchor href={href('/student', { id: f.studentId, asOf: filter.asOf })} fz="sm" fw={600}>
                    {f.name}
                  </Anchor>
                  <Badge size="xs" variant="light" color={f.kind === 'followUp' ? 'indigo' : 'grape'}>
                    {f.kind === 'followUp' ? 'Follow-up' : 'Action item'}
                  </Badge>
                  {f.overdue && (
                    <Badge size="xs" color="red">
                      Overdue
                    </Badge>
                  )}
                </Group>
                <Text fz="sm" lineClamp={2}>
                  {f.text}
                </Text>
              </div>
              <Button size="compact-xs" variant="light" ml="auto" style={{ flexShrink: 0 }} onClick={() => void markDone(f)} aria-label={`Mark done: ${f.kind === 'followUp' ? 'follow-up' : 'action item'} for ${f.name} of ${formatDate(f.date)}`}>
                Done
              </Button>
            </Group>
          </li>
        ))}
      </Stack>
    </Card>
  );
}
