import { Alert, Button, Group, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { DemoCounts } from '../../../../shared/api';
import { call } from '../../api/client';
import { useQuery } from '../../api/useQuery';

const n = (count: number, one: string, many: string) => `${count.toLocaleString()} ${count === 1 ? one : many}`;

function whatGoes(c: DemoCounts): string {
  return `${n(c.students, 'demo student', 'demo students')} with ${n(c.examAttempts, 'exam attempt', 'exam attempts')}, ${n(c.practiceExams, 'practice exam', 'practice exams')} and ${n(c.notes, 'session note', 'session notes')}`;
}

/**
 * Settings → Backups: removing the synthetic demo cohort once the office's own roster is in. Exactly
 * the students the demo loader added go, with their records, in one step recorded in the audit log;
 * the core refuses if an import has since written to one of them (that student holds real data).
 */
export function DemoCohortPanel({ onRemoved }: { onRemoved: () => void }) {
  const status = useQuery('demo.status', {});
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [removed, setRemoved] = useState<DemoCounts | null>(null);

  const remove = async () => {
    setBusy(true);
    setFailure(null);
    try {
      setRemoved(await call('demo.remove', {}));
      onRemoved();
      status.reload();
    } catch (err) {
      setFailure((err as Error).message);
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  const counts = status.data;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="demo-cohort-title">
      <Stack gap="xs">
        <Title order={3} fz="h4" id="demo-cohort-title">
          Demo cohort
        </Title>
        {counts && counts.students > 0 ? (
          <>
            <Text fz="sm" data-testid="demo-status">
              This database holds {whatGoes(counts)}, invented by Stepwise's demo. Remove them once you have imported or added your own students; your own
              students are not touched.
            </Text>
            <Group>
              <Button color="red" variant="light" onClick={() => (setFailure(null), setConfirming(true))}>
                Remove the demo cohort…
              </Button>
            </Group>
          </>
        ) : (
          counts && (
            <Text fz="sm" c="dimmed" data-testid="demo-status">
              No demo students in this database.
            </Text>
          )
        )}
        {failure && (
          <Alert color="red" title="The demo cohort was not removed" role="alert" withCloseButton onClose={() => setFailure(null)}>
            {failure}
          </Alert>
        )}
        {removed && (
          <Alert color="teal" role="status" withCloseButton onClose={() => setRemoved(null)} data-testid="demo-removed">
            Removed {whatGoes(removed)}. A backup of the data from before is listed above, and the removal is in the audit log.
          </Alert>
        )}
      </Stack>
      <Modal opened={confirming} onClose={() => !busy && setConfirming(false)} title="Remove the demo cohort?" centered>
        {counts && (
          <Stack>
            <Text>
              This removes {whatGoes(counts)} in one step. Students you imported or added are kept.
            </Text>
            <Text fz="sm" c="dimmed">
              The data is backed up first, so a restore from Settings → Backups brings the demo students back.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(false)} disabled={busy}>
                Cancel
              </Button>
              <Button color="red" onClick={() => void remove()} loading={busy}>
                Remove {n(counts.students, 'demo student', 'demo students')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Paper>
  );
}
