import { Button, FileButton, Group, Paper, Stack, Text } from '@mantine/core';
import { useRef, useState, type DragEvent } from 'react';
import { MAX_IMPORT_BYTES } from '../../../../shared/api';

const ACCEPT = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';

/** Why a chosen file cannot be sent at all (the main process judges everything else). */
export function fileProblem(file: File): string | null {
  if (!/\.(xlsx|csv)$/i.test(file.name)) return `${file.name} is not an .xlsx workbook or a .csv file`;
  if (file.size === 0) return `${file.name} is empty`;
  if (file.size > MAX_IMPORT_BYTES) return `${file.name} is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`;
  return null;
}

/** A drop zone that is also a button: drag a roster onto it, or choose one from the disk. */
export function FileChooser({ onFile, disabled = false, compact = false }: { onFile: (file: File) => void; disabled?: boolean; compact?: boolean }) {
  const [over, setOver] = useState(false);
  // Cleared after each pick so choosing the same file again (after fixing it) is noticed.
  const reset = useRef<() => void>(null);
  const drop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file && !disabled) onFile(file);
  };
  return (
    <Paper
      withBorder
      p={compact ? 'sm' : 'xl'}
      data-testid="import-drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      style={{
        borderStyle: 'dashed',
        borderWidth: 2,
        borderColor: over ? 'var(--mantine-primary-color-filled)' : undefined,
        background: over ? 'var(--mantine-primary-color-light)' : undefined,
      }}
    >
      <Stack align="center" gap="xs">
        {!compact && (
          <Text fw={600} fz="lg">
            Drop a roster here
          </Text>
        )}
        <Group gap="xs">
          <FileButton
            resetRef={reset}
            onChange={(f) => {
              if (f) onFile(f);
              reset.current?.();
            }} accept={ACCEPT} disabled={disabled} inputProps={{ 'aria-label': 'Roster file' }}>
            {(props) => (
              <Button {...props} variant={compact ? 'default' : 'filled'} disabled={disabled}>
                {compact ? 'Choose another file' : 'Choose a file'}
              </Button>
            )}
          </FileButton>
          {compact && <Text c="dimmed" fz="sm">or drop one here</Text>}
        </Group>
        {!compact && (
          <Text c="dimmed" fz="sm" ta="center" maw={560}>
            An Excel workbook (.xlsx) or a CSV file: the Stepwise template (Students, Exams, Practice sheets) or the single-sheet roster your office keeps.
            Nothing is written until you have seen the preview and confirmed.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
