import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useState } from 'react';
import type { CohortFilter } from '../../../../shared/api';
import { flagTitle } from '../../../../shared/rules/catalogue';
import { useQuery } from '../../api/useQuery';
import { formatDatesIn } from '../../format';
import { href, navigate } from '../../router';
import { RiskBadge } from './RiskBadge';
import { RISK_COLORS } from './risk';

const PAGE = 10;

/** Flagged students, most severe first, each flag with its message; a row opens the student's page. */
export function AtRiskList({ filter }: { filter: CohortFilter & { asOf: string } }) {
  const [limit, setLimit] = useState(PAGE);
  const { data, error } = useQuery('dashboard.atRisk', { ...filter, limit });
  return (
    <Card withBorder padding="md" data-testid="at-risk-list">
      <Group justify="space-between" mb="xs">
        <Title order={3} fz="md">
          At-risk students
        </Title>
        {data && (
          <Text fz="sm" c="dimmed">
            {data.total.toLocaleString()} flagged, most severe first
          </Text>
        )}
      </Group>
      {error && <Text c="red">{error.message}</Text>}
      {data && data.total === 0 && <Text c="dimmed">No student matching these filters has a flag as of this date.</Text>}
      {data && data.rows.length > 0 && (
        <Table highlightOnHover verticalSpacing="xs" aria-label="At-risk students">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={190}>Student</Table.Th>
              <Table.Th w={60}>Class</Table.Th>
              <Table.Th w={170}>Target</Table.Th>
              <Table.Th w={90}>Risk</Table.Th>
              <Table.Th>Flags, most severe first</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.rows.map((r) => (
              <Table.Tr key={r.studentId} style={{ cursor: 'pointer' }} onClick={() => navigate('/student', { id: r.studentId, asOf: filter.asOf })}>
                <Table.Td>
                  <Anchor href={href('/student', { id: r.studentId, asOf: filter.asOf })} onClick={(e) => e.stopPropagation()} fw={600}>
                    {r.name}
                  </Anchor>
                  <Text fz="xs" c="dimmed" ff="monospace">
                    {r.studentId}
                  </Text>
                </Table.Td>
                <Table.Td>{r.gradYear}</Table.Td>
                <Table.Td>{r.targetSpecialty ?? '—'}</Table.Td>
                <Table.Td>
                  <RiskBadge risk={r.risk} />
                </Table.Td>
                <Table.Td>
                  <Stack gap={4}>
                    {r.flags.map((f) => (
                      <Group key={f.code} gap={6} wrap="nowrap" align="start">
                        {/* The flag in words; its code (and severity) only in the tooltip. */}
                        <Tooltip label={`${f.code}, ${f.severity}`}>
                          <Badge size="sm" variant="light" color={RISK_COLORS[f.severity]} w={190} tt="none" style={{ flexShrink: 0 }}>
                            {flagTitle(f.code)}
                          </Badge>
                        </Tooltip>
                        <Text fz="xs">{formatDatesIn(f.message)}</Text>
                      </Group>
                    ))}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {data && data.total > data.rows.length && (
        <Group justify="center" mt="sm">
          <Button variant="light" onClick={() => setLimit(limit + PAGE)}>
            Show {Math.min(PAGE, data.total - data.rows.length)} more
          </Button>
          <Button variant="subtle" component="a" href={href('/roster', { risk: 'critical,high,medium,low', sort: 'risk', asOf: filter.asOf, class: filter.gradYears?.join(','), advisor: filter.advisor, type: filter.applicantType, target: filter.targetSpecialty })}>
            Open all in the roster
          </Button>
        </Group>
      )}
    </Card>
  );
}
