import type { ReactNode } from 'react';
import { Anchor, Card, Divider, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { CohortFilter, DashboardCounts, EverFailedFlag, RosterFilter } from '../../../../shared/api';
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

function CountLink({ c, filter, size }: { c: Count; filter: CohortFilter & { asOf: string }; size: number }) {
  return (
    <Stack gap={0}>
      <Anchor
        href={href('/roster', rosterParams({ ...filter, ...c.view }))}
        fz={size}
        fw={700}
        c={c.color}
        aria-label={`${c.label}: ${c.value.toLocaleString()} students. Show them in the roster`}
        data-count={c.label}
      >
        {c.value.toLocaleString()}
      </Anchor>
      <Text fz="sm" c="dimmed" maw={150}>
        {c.label}
      </Text>
    </Stack>
  );
}

/**
 * One group of counts; each number links to the roster showing exactly those students. `now` splits
 * the students by where they stand today (every student in one group); `ever` counts history (a
 * student who failed and passed since is in both "Passed" and "failed at least once").
 */
function CountGroup({ title, caption, now, ever, filter, testId, extra }: { title: string; caption?: string; now: Count[]; ever?: Count[]; filter: CohortFilter & { asOf: string }; testId: string; extra?: ReactNode }) {
  return (
    <Card withBorder padding="md" data-testid={testId}>
      <Title order={3} fz="md">
        {title}
      </Title>
      {caption && (
        <Text fz="xs" c="dimmed" mb="xs">
          {caption}
        </Text>
      )}
      <Group gap="lg" wrap="wrap" align="start" mt={caption ? 0 : 'xs'}>
        {now.map((c) => (
          <CountLink key={c.label} c={c} filter={filter} size={28} />
        ))}
      </Group>
      {ever && ever.length > 0 && (
        <>
          <Divider my="xs" label="Ever failed, including those who passed since" labelPosition="left" />
          <Group gap="lg" wrap="wrap" align="start">
            {ever.map((c) => (
              <CountLink key={c.label} c={c} filter={filter} size={20} />
            ))}
          </Group>
        </>
      )}
      {extra}
    </Card>
  );
}

const EVER_LABELS: Record<EverFailedFlag, string> = {
  STEP1_FAIL: 'Failed Step 1 at least once',
  COMLEX1_FAIL: 'Failed COMLEX Level 1 at least once',
  CK_FAIL: 'Failed Step 2 CK at least once',
  COMLEX2_FAIL: 'Failed COMLEX Level 2-CE at least once',
};

/** USMLE failures always shown (a 0 is an answer); COMLEX ones only where a student has one. */
function everCounts(counts: DashboardCounts, usmle: EverFailedFlag, comlex: EverFailedFlag): Count[] {
  return [usmle, comlex]
    .filter((code) => code === usmle || counts.everFailed[code] > 0)
    .map((code) => ({ label: EVER_LABELS[code], value: counts.everFailed[code], view: { flag: code }, color: 'red' }));
}

/**
 * Critical and high flags nobody has acknowledged (or whose acknowledgement lapsed), apart from the
 * risk counts, which still include acknowledged flags (RULES.md §4, "Acknowledged flags").
 */
function UnacknowledgedUrgent({ counts }: { counts: DashboardCounts }) {
  const { flags, students } = counts.unacknowledged;
  return (
    <>
      <Divider my="xs" label="Not yet acknowledged by an advisor" labelPosition="left" />
      <Group gap="xs" align="baseline" data-testid="unacknowledged-urgent" data-flags={flags} data-students={students}>
        <Text fz={20} fw={700} lh={1.1} c={flags > 0 ? 'var(--mantine-color-red-text)' : undefined}>
          {flags.toLocaleString()}
        </Text>
        <Text fz="sm">
          critical or high {flags === 1 ? 'flag' : 'flags'}, on {students.toLocaleString()} {students === 1 ? 'student' : 'students'}
        </Text>
      </Group>
    </>
  );
}

export function CountCards({ counts, filter }: { counts: DashboardCounts; filter: CohortFilter & { asOf: string } }) {
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
      <CountGroup
        title="Step 1 today"
        caption="Each student in one group; for DO students a COMLEX Level 1 pass counts."
        testId="counts-step1"
        filter={filter}
        now={(['passed', 'failed', 'notYet'] as const).map((g) => ({ label: STEP1_GROUP_LABELS[g], value: counts.step1[g], view: { step1: g }, color: g === 'failed' ? 'red' : undefined }))}
        ever={everCounts(counts, 'STEP1_FAIL', 'COMLEX1_FAIL')}
      />
      <CountGroup
        title="Step 2 CK today"
        caption="Each student in one group: a result out, booked or awaiting a result, or nothing booked."
        testId="counts-ck"
        filter={filter}
        now={(['reported', 'scheduled', 'notScheduled'] as const).map((s) => ({ label: CK_STATUS_LABELS[s], value: counts.ck[s], view: { ck: s }, color: s === 'notScheduled' ? 'orange' : undefined }))}
        ever={everCounts(counts, 'CK_FAIL', 'COMLEX2_FAIL')}
      />
      <CountGroup
        title="Students by risk level"
        caption="Each student by their most severe flag."
        testId="counts-risk"
        filter={filter}
        now={(['critical', 'high', 'medium', 'low', 'none'] as const).map((r) => ({ label: RISK_LABELS[r], value: counts.risk[r], view: { risk: [r] }, color: r === 'none' ? undefined : RISK_COLORS[r] }))}
        extra={<UnacknowledgedUrgent counts={counts} />}
      />
    </SimpleGrid>
  );
}
