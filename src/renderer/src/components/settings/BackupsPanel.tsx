import { Alert, Badge, Button, Code, Group, Loader, Modal, NumberInput, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { BACKUP_REASON_LABELS, type BackupInfo, type RestoreResult } from '../../../../shared/api';
import { ApiCallError, call } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { formatInstant } from '../audit/auditFormat';

function megabytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function messageOf(err: unknown): string {
  if (err instanceof ApiCallError && err.issues?.length) return err.issues.map((i) => i.message).join('; ');
  return (err as Error).message;
}

/** How many automatic backups are kept (setting `backup.keep`). */
function KeepForm({ keep, onSaved }: { keep: number; onSaved: () => void }) {
  const [value, setValue] = useState<number | string>(keep);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setValue(keep), [keep]);
  const save = async () => {
    setError(null);
    try {
      await call('backup.setKeep', { keep: Number(value) });
      onSaved();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <Group align="flex-end" gap="xs">
      <NumberInput label="Backups to keep" description="The oldest beyond this are deleted at the next backup" min={1} max={100} value={value} onChange={setValue} error={error} w={260} />
      <Button variant="light" onClick={save} disabled={Number(value) === keep}>
        Save
      </Button>
    </Group>
  );
}

/**
 * Settings → Backups: the copies Stepwise takes (on start, daily, before each import, before a
 * restore) with when and why, their size and student count; a backup now; and restoring one,
 * confirmed first, after a backup of the current state so a restore can itself be undone.
 */
export function BackupsPanel() {
  const { data, error, loading, reload } = useQuery('backup.list', {});
  const info = useQuery('app.info', {});
  const [confirming, setConfirming] = useState<BackupInfo | null>(null);
  const [busy, setBusy] = useState<'backup' | 'restore' | null>(null);
  const [done, setDone] = useState<{ kind: 'backup'; info: BackupInfo } | { kind: 'restore'; result: RestoreResult } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const backupNow = async () => {
    setBusy('backup');
    setFailure(null);
    setDone(null);
    try {
      setDone({ kind: 'backup', info: await call('backup.create', {}) });
      reload();
    } catch (err) {
      setFailure(messageOf(err));
    } finally {
      setBusy(null);
    }
  };
  const restore = async (b: BackupInfo) => {
    setBusy('restore');
    setFailure(null);
    setDone(null);
    try {
      const result = await call('backup.restore', { name: b.name });
      setDone({ kind: 'restore', result });
      setConfirming(null);
      reload();
      info.reload();
    } catch (err) {
      setFailure(messageOf(err));
      setConfirming(null);
    } finally {
      setBusy(null);
    }
  };

  if (error) return <Alert color="red" title="The backups could not be listed">{error.message}</Alert>;
  if (loading && !data) return <Loader aria-label="Loading backups" />;
  if (!data) return null;

  return (
    <Stack gap="md">
      <Text c="dimmed" maw={900}>
        Stepwise copies the whole database when it starts, once a day while it is open, and before every import, into a folder only your
        computer account can read: <Code>{data.folder}</Code>. Restoring a backup replaces the current data with the copy; the current data is
        backed up first.
      </Text>
      <Paper withBorder p="md">
        <Group justify="space-between" align="flex-end">
          <KeepForm keep={data.keep} onSaved={reload} />
          <Button onClick={backupNow} loading={busy === 'backup'}>
            Back up now
          </Button>
        </Group>
      </Paper>
      {failure && (
        <Alert color="red" title="That did not work" withCloseButton onClose={() => setFailure(null)} role="alert">
          {failure}
        </Alert>
      )}
      {done?.kind === 'backup' && (
        <Alert color="teal" role="status" withCloseButton onClose={() => setDone(null)} data-testid="backup-done">
          Backed up {done.info.students ?? 0} students ({megabytes(done.info.bytes)}).
        </Alert>
      )}
      {done?.kind === 'restore' && (
        <Alert color="teal" role="status" title="Backup restored" withCloseButton onClose={() => setDone(null)} data-testid="restore-done">
          Stepwise now holds the data of {formatInstant(done.result.restored.takenAt)}: {done.result.students} students.
          {done.result.safetyBackup && ` The data from before the restore is kept as the backup of ${formatInstant(done.result.safetyBackup.takenAt)}.`}
        </Alert>
      )}
      <Title order={3} fz="h4">
        Backups, newest first
      </Title>
      {data.backups.length === 0 ? (
        <Text c="dimmed" data-testid="backups-empty">
          No backups yet. Use “Back up now”, or import a file: Stepwise backs up before every import.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={700}>
          <Table striped highlightOnHover data-testid="backups-table" aria-label="Backups">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Taken</Table.Th>
                <Table.Th>Why</Table.Th>
                <Table.Th ta="right">Students</Table.Th>
                <Table.Th ta="right">Size</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.backups.map((b) => (
                <Table.Tr key={b.name} data-testid="backup-row" data-name={b.name}>
                  <Table.Td>
                    <Text fz="sm" title={b.name}>
                      {formatInstant(b.takenAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text fz="sm">{BACKUP_REASON_LABELS[b.reason] ?? b.reason}</Text>
                  </Table.Td>
                  <Table.Td ta="right">{b.students?.toLocaleString() ?? '—'}</Table.Td>
                  <Table.Td ta="right">{megabytes(b.bytes)}</Table.Td>
                  <Table.Td ta="right">
                    {b.problem ? (
                      <Badge color="red" variant="light" title={b.problem}>
                        Cannot be restored
                      </Badge>
                    ) : (
                      <Button size="xs" variant="default" onClick={() => (info.reload(), setConfirming(b))} aria-label={`Restore the backup of ${formatInstant(b.takenAt)}`}>
                        Restore…
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={confirming !== null} onClose={() => busy === null && setConfirming(null)} title="Restore this backup?" centered>
        {confirming && (
          <Stack>
            <Text>
              Stepwise will go back to the data of <b>{formatInstant(confirming.takenAt)}</b> ({confirming.students?.toLocaleString()} students). Every change made since then
              — {info.data ? `${info.data.studentCount.toLocaleString()} students now` : 'the data as it is now'} — is replaced.
            </Text>
            <Text fz="sm" c="dimmed">
              The current data is backed up first, so you can restore it again if this was a mistake.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(null)} disabled={busy !== null}>
                Cancel
              </Button>
              <Button color="red" onClick={() => restore(confirming)} loading={busy === 'restore'}>
                Restore
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
