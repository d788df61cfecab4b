import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { ChangeSummary, type ChangeLine } from './ChangeSummary';
import { NO_ERRORS, formErrors, type FormErrors } from './formErrors';

/**
 * The way every reference edit is made: fill the form, review what will change, confirm; a refusal
 * from the main process sends the advisor back to the form with each message at its field.
 */
export function useReviewedChange<T>(opts: { fieldsShown: () => readonly string[]; rename?: Record<string, string> }) {
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [confirming, setConfirming] = useState<{ next: T; lines: ChangeLine[] } | null>(null);
  const [saving, setSaving] = useState(false);
  return {
    errors,
    confirming,
    saving,
    clearErrors: () => setErrors(NO_ERRORS),
    back: () => setConfirming(null),
    /** Problems found before sending stay at their fields; otherwise what will change is shown (an edit that changes nothing says so). */
    review(problems: Record<string, string>, build: () => { next: T; lines: ChangeLine[] }): void {
      if (Object.keys(problems).length) return setErrors({ fields: problems, general: null });
      const change = build();
      if (!change.lines.length) return setErrors({ fields: {}, general: 'Nothing has changed.' });
      setConfirming(change);
    },
    async confirm(write: (next: T) => Promise<unknown>): Promise<void> {
      if (!confirming) return;
      setSaving(true);
      try {
        await write(confirming.next);
      } catch (err) {
        const rename = opts.rename ?? {};
        const e = formErrors(err, [...opts.fieldsShown(), ...Object.keys(rename)]);
        const fields: Record<string, string> = {};
        for (const [name, message] of Object.entries(e.fields)) fields[rename[name] ?? name] ??= message;
        setErrors({ general: e.general, fields });
        setConfirming(null);
      } finally {
        setSaving(false);
      }
    },
  };
}

export type ReviewedChange<T> = ReturnType<typeof useReviewedChange<T>>;

export function ReviewedChangeModal<T>({
  title,
  question,
  adding,
  flow,
  onReview,
  onConfirm,
  onClose,
  children,
}: {
  title: string;
  question: string;
  adding: boolean;
  flow: ReviewedChange<T>;
  onReview: () => void;
  onConfirm: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      {flow.confirming ? (
        <Stack>
          <Text>{question}</Text>
          <ChangeSummary lines={flow.confirming.lines} adding={adding} />
          <Group justify="flex-end">
            <Button variant="default" onClick={flow.back} disabled={flow.saving}>
              Back
            </Button>
            <Button onClick={onConfirm} loading={flow.saving}>
              Confirm and save
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          {children}
          {flow.errors.general && (
            <Alert color="red" role="alert" title="Not saved">
              {flow.errors.general}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button onClick={onReview}>Review change</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
