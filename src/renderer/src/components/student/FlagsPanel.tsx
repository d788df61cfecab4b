import { Alert, Badge, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import type { StudentEvaluation } from '../../../../shared/rules/evaluation';
import { studentActions } from '../../../../shared/rules/actions';
import { flagTitle } from '../../../../shared/rules/catalogue';
import { formatDatesIn } from '../../format';
import { RISK_COLORS } from '../dashboard/risk';

/**
 * The flags as the core raised them: severity and the facts behind each (message); then the guide's
 * actions that still fit the student's stage, each once, naming the flags it serves (RULES.md §4).
 */
export function FlagsPanel({ evaluation }: { evaluation: StudentEvaluation }) {
  const actions = studentActions(evaluation.flags);
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
          {evaluation.flags.map((f) => (
            <div key={f.code} data-flag={f.code}>
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
