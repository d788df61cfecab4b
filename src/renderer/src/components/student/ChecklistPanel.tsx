import { Accordion, Badge, Card, Checkbox, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { StudentChecklist } from '../../../../shared/api';
import { call } from '../../api/client';
import { formatDate } from '../../format';

function Items({ studentId, asOf, stage, onChange }: { studentId: string; asOf: string; stage: StudentChecklist['stages'][number]; onChange: (c: StudentChecklist) => void }) {
  return (
    <Stack gap={6}>
      {stage.items.map((i) => (
        <Checkbox
          key={i.id}
          checked={i.done}
          onChange={(e) => void call('checklist.set', { studentId, itemId: i.id, done: e.currentTarget.checked, asOf }).then(onChange)}
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
      <Items studentId={c.studentId} asOf={c.asOf} stage={current} onChange={setChecklist} />
      <Accordion mt="sm" variant="contained" chevronPosition="left">
        {others.map((s) => (
          <Accordion.Item key={s.stage} value={s.stage}>
            <Accordion.Control>
              <Text fz="sm">
                {s.label} ({s.items.filter((i) => i.done).length}/{s.items.length})
              </Text>
            </Accordion.Control>
            <Accordion.Panel>
              <Items studentId={c.studentId} asOf={c.asOf} stage={s} onChange={setChecklist} />
            </Accordion.Panel>
          </Accordion.Item>
        ))}
      </Accordion>
    </Card>
  );
}
