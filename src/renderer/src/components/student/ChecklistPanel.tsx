import { Accordion, Badge, Card, Checkbox, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { StudentChecklist } from '../../../../shared/api';
import { call } from '../../api/client';
import { formatDate } from '../../format';

type Stage = StudentChecklist['stages'][number];

function Items({ stage, onTick }: { stage: Stage; onTick: (itemId: string, done: boolean) => void }) {
  return (
    <Stack gap={6}>
      {stage.items.map((i) => (
        <Checkbox
          key={i.id}
          checked={i.done}
          onChange={(e) => onTick(i.id, e.currentTarget.checked)}
          label={i.text}
          description={i.done && i.doneAt ? `Ticked ${formatDate(i.doneAt.slice(0, 10))} by ${i.doneBy}` : undefined}
        />
      ))}
    </Stack>
  );
}

/**
 * The advising guide's checklist: the student's current stage first (decided by the core), the others
 * folded. The parent remounts it (key) when the student's data changes, so the stage is always current.
 */
export function ChecklistPanel({ initial }: { initial: StudentChecklist }) {
  const [c, setChecklist] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  // The tick shows at once; the core's answer (with who and when) replaces it, or a failure undoes it.
  const tick = (itemId: string, done: boolean) => {
    const before = c;
    setChecklist({ ...c, stages: c.stages.map((s) => ({ ...s, items: s.items.map((i) => (i.id === itemId ? { ...i, done } : i)) })) });
    call('checklist.set', { studentId: c.studentId, itemId, done, asOf: c.asOf }).then(
      (next) => (setChecklist(next), setError(null)),
      (err: Error) => (setChecklist(before), setError(err.message)),
    );
  };
  const current = c.stages.find((s) => s.stage === c.stage)!;
  const others = c.stages.filter((s) => s.stage !== c.stage);
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="checklist-title" data-testid="student-checklist">
      <Group justify="space-between" mb={4}>
        <Title order={3} fz="md" id="checklist-title">
          Checklist
        </Title>
        <Badge variant="light">{current.label}</Badge>
      </Group>
      <Text fz="xs" c="dimmed" mb="sm">
        {c.source}
      </Text>
      {error && (
        <Text c="red" fz="sm">
          {error}
        </Text>
      )}
      <Items stage={current} onTick={tick} />
      <Accordion mt="sm" variant="contained" chevronPosition="left">
        {others.map((s) => (
          <Accordion.Item key={s.stage} value={s.stage}>
            <Accordion.Control>
              <Text fz="sm">
                {s.label} ({s.items.filter((i) => i.done).length}/{s.items.length})
              </Text>
            </Accordion.Control>
            <Accordion.Panel>
              <Items stage={s} onTick={tick} />
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Card>
  );
}
