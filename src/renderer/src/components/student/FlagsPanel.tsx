import { Alert, Badge, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { AcknowledgedFlags } from '../../../../shared/api/acknowledgements';
import { localToday } from '../../../../shared/domain';
import type { FlagWithAcknowledgement } from '../../../../shared/rules/acknowledgement';
import type { StudentEvaluation } from '../../../../shared/rules/evaluation';
import { useQuery } from '../../api/useQuery';
import { FlagAcknowledgement } from './FlagAcknowledgement';
import { studentActions } from '../../../../shared/rules/actions';
import { flagTitle } from '../../../../shared/rules/catalogue';
import { formatDatesIn } from '../../format';
import { RISK_COLORS } from '../dashboard/risk';

/**
 * The flags as the core raised them: severity and the facts behind each (message), each with its
 * acknowledgement (acknowledged ones below the others, as the core sorts them); then the guide's
 * actions that still fit the student's stage, each once, naming the flags it serves (RULES.md §4).
 */
export function FlagsPanel({ evaluation, studentId, asOf }: { evaluation: StudentEvaluation; studentId: string; asOf: string }) {
  const actions = studentActions(evaluation.flags);
  const acks = useQuery('acknowledgements.flags', { studentId, asOf });
  const [saved, setSaved] = useState<AcknowledgedFlags | null>(null);
  const { reload } = acks;
  // A new evaluation (an attempt saved, another date) may change the facts: read the acknowledgements again.
  useEffect(() => (setSaved(null), reload()), [evaluation, reload]);
  const current = saved ?? acks.data;
  const flags: FlagWithAcknowledgement[] = current && current.asOf === evaluation.asOf ? current.flags : evaluation.flags.map((f) => ({ ...f, acknowledgement: null }));
  const today = asOf === localToday();
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="flags-title" data-testid="student-flags">
      <Title order={3} fz="md" mb="xs" id="flags-title">
        Flags
      </Title>
      {evaluation.flags.length === 0 ? (
        <Text c="dimmed" fz="sm">
          No flags as of this date. The rules look at exam results, dates and the plan only.
        </Text>
      ) : (
        <Stack gap="sm">
          {flags.map((f) => (
            <div key={f.code} data-flag={f.code} data-acknowledged={f.acknowledgement?.standing.state === 'held' ? 'yes' : 'no'}>
              <Group gap="xs" mb={2}>
                <Badge color={RISK_COLORS[f.severity]} variant={f.severity === 'critical' || f.severity === 'high' ? 'filled' : 'light'}>
                  {f.severity}
                </Badge>
                <Text fw={600} fz="sm">
                  {flagTitle(f.code)}
                </Text>
                <Text fz="xs" c="dimmed" ff="monospace">
                  {f.code}
                </Text>
              </Group>
              <Text fz="sm">{formatDatesIn(f.message)}</Text>
              {current && <FlagAcknowledgement flag={f} studentId={studentId} today={today} onChanged={setSaved} />}
            </div>
          ))}
          {actions.length > 0 && (
            <div data-testid="student-actions">
              <Text fw={600} fz="sm" mb={2}>
                Recommended actions
              </Text>
              <List size="sm" spacing={2} aria-label="Recommended actions">
                {actions.map((a) => (
                  <List.Item key={a.action} data-codes={a.codes.join(' ')}>
                    {a.action}{' '}
                    <Text span fz="xs" c="dimmed" ff="monospace">
                      ({a.codes.join(', ')})
                    </Text>
                  </List.Item>
                ))}
              </List>
            </div>
          )}
        </Stack>
      )}
      {evaluation.missing.length > 0 && (
        <Alert color="yellow" variant="light" mt="md" title="Missing data the rules needed" data-testid="student-missing">
          <List size="sm">
            {evaluation.missing.map((m) => (
              <List.Item key={m}>{m}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Card>
  );
}
