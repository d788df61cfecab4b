import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { fieldErrors, type FieldErrors } from './fieldErrors';

/**
 * Saving a record through the core: busy while the call runs, and the core's refusals mapped onto the
 * form's fields (`prefix` is the input's wrapper, e.g. `attempt` in `attempts.update`).
 */
export function useRecordSave(prefix: string, onSaved: () => void) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const save = async (write: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await write();
      onSaved();
    } catch (err) {
      setErrors(fieldErrors(err, [prefix]));
    } finally {
      setBusy(false);
    }
  };
  return { errors, busy, save };
}

/** The add/edit dialog shared by exam attempts and practice exams: fields, a form-level error, Cancel and submit. */
export function RecordFormModal(props: { title: string; submitLabel: string; busy: boolean; formError?: string; onClose: () => void; onSubmit: () => void; children: ReactNode }) {
  return (
    <Modal opened onClose={props.onClose} title={props.title}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          props.onSubmit();
        }}
      >
        <Stack gap="sm">
          {props.formError && <Alert color="red">{props.formError}</Alert>}
          {props.children}
          <Group justify="end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={props.busy}>
              {props.submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
