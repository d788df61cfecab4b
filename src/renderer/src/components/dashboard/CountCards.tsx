import { Anchor, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { CohortFilter, DashboardCounts, RosterFilter } from '../../../../shared/api';
import { CK_STATUS_LABELS, STEP1_GROUP_LABELS } from '../../../../shared/exam-status';
import { href } from '../../router';
import { rosterParams } from '../roster/rosterParams';
import { RISK_COLORS, RISK_LABELS } from './risk';

interface Count {
  label: string;
  value: number;
  view: Partial<RosterFilter>;
  color?: string;
}

/** One group of counts; each number links to the roster showing exactly those students. */
function CountGroup({ title, counts, filter, testId }: { title: string; counts: Count[]; filter: CohortFilter & { asOf: string }; testId: string }) {
  return (
    <Card withBorder padding="md" data-testid={testId}>
      <Title order={3} fz="md" mb="xs">
        {title}
      </Title>
      <Group gap="lg" wrap="wrap">
        {counts.map((c) => (
          <Stack key={c.label} gap={0}>
            <Anchor
              href={href('/roster', rosterParams({ ...filter, ...c.view }))}
              fz={28}
              fw={700}
              c={c.color ? `${c.color}.7` : undefined}
              aria-label={`${c.label}: ${c.value.toLocaleString()} students. Show them in the roster`}
              data-count={c.label}
            >
              {c.value.toLocaleString()}
            </Anchor>
            <Text fz="sm" c="dimmed">
              {c.label}
            </Text>
          </Stack>
        ))}
      </Group>
    </Card>
  );
}

export function CountCards({ counts, filter }: { counts: DashboardCounts; filter: CohortFilter & { asOf: string } }) {
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
      <CountGroup
        title="Step 1"
        testId="counts-step1"
        filter={filter}
        counts={(['passed', 'failed', 'notYet'] as const).map((g) => ({ label: STEP1_GROUP_LABELS[g], value: counts.step1[g], view: { step1: g }, color: g === 'failed' ? 'red' : undefined }))}
      />
      <CountGroup
        title="Step 2 CK"
        testId="counts-ck"
        filter={filter}
        counts={(['reported', 'scheduled', 'notScheduled'] as const).map((s) => ({ label: CK_STATUS_LABELS[s], value: counts.ck[s], view: { ck: s }, color: s === 'notScheduled' ? 'orange' : undefined }))}
      />
      <CountGroup
        title="Students by risk level"
        testId="counts-risk"
        filter={filter}
        counts={(['critical', 'high', 'medium', 'low', 'none'] as const).map((r) => ({ label: RISK_LABELS[r], value: counts.risk[r], view: { risk: [r] }, color: r === 'none' ? undefined : RISK_COLORS[r] }))}
      />
    </SimpleGrid>
  );
}
