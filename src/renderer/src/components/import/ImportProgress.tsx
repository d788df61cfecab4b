import { Button, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import type { ProgressEvent } from '../../../../shared/api';
import { useProgress, type ProgressStore } from './useImportJob';

/** "Reading rows: 12,000 of 100,000" — the main process's own words for its phase, with the counts. */
export function progressText(kind: 'preview' | 'commit', p: ProgressEvent | null): string {
  if (!p) return kind === 'preview' ? 'Reading the file…' : 'Importing…';
  const phase = p.message ?? p.phase;
  const counts = p.total ? `${p.done.toLocaleString()} of ${p.total.toLocaleString()}` : p.done.toLocaleString();
  return `${phase.charAt(0).toUpperCase()}${phase.slice(1)}: ${counts}`;
}

export function ImportProgress({ kind, fileName, store, onCancel, cancelling }: { kind: 'preview' | 'commit'; fileName: string; store: ProgressStore; onCancel: () => void; cancelling: boolean }) {
  const progress = useProgress(store);
  const percent = progress?.total ? Math.min(100, (progress.done / progress.total) * 100) : null;
  return (
    <Paper withBorder p="md" aria-busy="true">
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>
            {kind === 'preview' ? 'Checking' : 'Importing'} {fileName}
          </Text>
          <Button variant="default" color="red" size="xs" onClick={onCancel} loading={cancelling}>
            Cancel
          </Button>
        </Group>
        {/* Without a total (a CSV is counted as it is read), the bar only says that work is going on. */}
        <Progress value={percent ?? 100} animated={percent === null} striped={percent === null} size="lg" aria-label="Import progress" />
        <Text fz="sm" c="dimmed" aria-live="polite" data-testid="import-progress">
          {cancelling ? 'Cancelling…' : progressText(kind, progress)}
        </Text>
        {kind === 'commit' && (
          <Text fz="xs" c="dimmed">
            Cancelling rolls the whole import back: the database stays as it was.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
