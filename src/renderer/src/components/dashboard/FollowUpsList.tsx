import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { CohortFilter } from '../../../../shared/api';
import { useQuery } from '../../api/useQuery';
import { formatDate } from '../../format';
import { href } from '../../router';

/** Notes' follow-up dates and open action items due in the next 30 days (overdue items stay until ticked). */
export function FollowUpsList({ filter }: { filter: CohortFilter & { asOf: string } }) {
  const { data, error } = useQuery('dashboard.followUps', { ...filter, days: 30 });
  return (
    <Card withBorder padding="md" data-testid="follow-ups">
      <Title order={3} fz="md" mb="xs">
        Upcoming follow-ups
      </Title>
      {error && <Text c="red">{error.message}</Text>}
      {data && data.length === 0 && (
        <Text c="dimmed" fz="sm">
          Nothing due in the next 30 days. Follow-up dates and action items you add to session notes on a student's page appear here.
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
            </Group>
          </li>
        ))}
      </Stack>
    </Card>
  );
}
