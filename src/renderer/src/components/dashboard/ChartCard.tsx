import { Card, Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled card for a chart, with a one-line caption saying what is drawn against what. */
export function ChartCard({ title, caption, children, actions, testId }: { title: string; caption: ReactNode; children: ReactNode; actions?: ReactNode; testId?: string }) {
  return (
    <Card withBorder padding="md" data-testid={testId}>
      <Group justify="space-between" align="start" mb="xs" wrap="nowrap">
        <div>
          <Title order={3} fz="md">
            {title}
          </Title>
          <Text fz="xs" c="dimmed">
            {caption}
          </Text>
        </div>
        {actions}
      </Group>
      {children}
    </Card>
  );
}
