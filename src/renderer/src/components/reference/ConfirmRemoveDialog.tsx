import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { formErrors } from './formErrors';

/** Asks before removing (or replacing) anything; a refusal from the handler stays in the dialog. */
export function ConfirmRemoveDialog({
  title,
  children,
  remove,
  onClose,
  onRemoved,
  confirmLabel = 'Remove',
  failedTitle = 'Not removed',
}: {
  title: string;
  children: ReactNode;
  remove: () => Promise<unknown>;
  onClose: () => void;
  onRemoved: () => void;
  confirmLabel?: string;
  failedTitle?: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await remove();
      onRemoved();
    } catch (err) {
      const { general, fields } = formErrors(err, []);
      setError(general ?? Object.values(fields).join('; '));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={title}>
      <Stack>
        {children}
        {error && (
          <Alert color="red" role="alert" title={failedTitle}>
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button color="red" onClick={() => void confirm()} loading={busy}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
