import { Button, Card, Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { call } from '../api/client';
import { navigate } from '../router';

/** First run: nothing in the database yet. Offer the two ways in. */
export function EmptyRoster({ onLoaded, onAddStudent }: { onLoaded?: () => void; onAddStudent?: () => void }) {
  const [count, setCount] = useState<number>(500);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const loadDemo = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('demo.load', { students: count });
      onLoaded?.();
      window.location.reload();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder maw={640} mx="auto" mt="xl" p="xl">
      <Stack>
        <Title order={1}>No students yet</Title>
        <Text>
          Import the roster your office keeps today (an Excel workbook or a CSV file), or explore Stepwise with a synthetic demo
          cohort first. Demo students are invented; nothing is sent anywhere.
        </Text>
        <Group align="end">
          <Button onClick={() => navigate('/import')}>Import a roster</Button>
          {onAddStudent && (
            <Button variant="default" onClick={onAddStudent}>
              Add a student
            </Button>
          )}
          <NumberInput label="Demo students" value={count} onChange={(v) => setCount(Number(v) || 500)} min={10} max={200000} step={100} w={160} />
          <Button variant="light" loading={busy} onClick={loadDemo}>
            Load demo cohort
          </Button>
        </Group>
        {error && <Text c="red">{error}</Text>}
      </Stack>
    </Card>
  );
}
