import { Autocomplete, Button, Group, Modal, Paper, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { call } from '../../api/client';
import { fieldErrors } from '../student/fieldErrors';

type Dialog = 'advisor' | 'note' | null;

export interface BulkActionsProps {
  ids: readonly string[];
  advisors: string[];
  /** After a change was saved: what to tell the user; the page re-reads its rows. */
  onDone: (message: string) => void;
  onExport: () => void;
  onClear: () => void;
}

const students = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'student' : 'students'}`;

/**
 * What can be done to the selected students at once: change their advisor, add the same note to
 * each, export them. Each change is one call, one transaction in the core, audited per student.
 */
export function BulkActions({ ids, advisors, onDone, onExport, onClear }: BulkActionsProps) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const [advisor, setAdvisor] = useState('');
  const [body, setBody] = useState('');
  const [followUp, setFollowUp] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  const close = () => (setDialog(null), setErrors({}));
  const run = async (e: FormEvent, work: () => Promise<string>) => {
    e.preventDefault();
    setSaving(true);
    try {
      const message = await work();
      close();
      setAdvisor('');
      setBody('');
      setFollowUp('');
      onDone(message);
    } catch (err) {
      setErrors(fieldErrors(err));
    } finally {
      setSaving(false);
    }
  };

  const saveAdvisor = (e: FormEvent) =>
    run(e, async () => {
      const r = await call('roster.assignAdvisor', { ids: [...ids], advisor: advisor.trim() || null });
      return `Advisor set to ${advisor.trim() || 'none'} for ${students(r.changed)}${r.unchanged ? ` (${students(r.unchanged)} already had that advisor)` : ''}.`;
    });
  const saveNote = (e: FormEvent) =>
    run(e, async () => {
      const r = await call('roster.addNote', { ids: [...ids], body, followUpDate: followUp || null });
      return `Note added to ${students(r.changed)}.`;
    });
  const general = errors[''] ?? errors.ids;

  return (
    <Paper withBorder px="sm" py={6} data-testid="bulk-actions" role="region" aria-label="Selected students">
      <Group gap="sm">
        <Text fw={600} fz="sm" data-testid="selected-count">
          {students(ids.length)} selected
        </Text>
        <Button size="xs" variant="light" onClick={() => setDialog('advisor')}>
          Change advisor…
        </Button>
        <Button size="xs" variant="light" onClick={() => setDialog('note')}>
          Add a note…
        </Button>
        <Button size="xs" variant="light" onClick={onExport}>
          Export selected to Excel
        </Button>
        <Button size="xs" variant="subtle" onClick={onClear}>
          Clear selection
        </Button>
      </Group>
      <Modal opened={dialog === 'advisor'} onClose={close} title={`Change the advisor of ${students(ids.length)}`}>
        <form onSubmit={saveAdvisor} noValidate>
          <Stack>
            <Autocomplete
              label="New advisor"
              description="Leave empty to leave them without an advisor. Each change is recorded in the history of changes."
              data={advisors}
              value={advisor}
              onChange={setAdvisor}
              error={errors.advisor}
              data-autofocus
            />
            {general && <Text c="red" fz="sm">{general}</Text>}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={saving}>
                Change advisor
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={dialog === 'note'} onClose={close} title={`Add a note to ${students(ids.length)}`}>
        <form onSubmit={saveNote} noValidate>
          <Stack>
            <Textarea label="Note" description="Added to each student's session notes, signed with your name." autosize minRows={3} value={body} onChange={(e) => setBody(e.currentTarget.value)} error={errors.body} data-autofocus />
            <TextInput label="Follow up on" type="date" value={followUp} onChange={(e) => setFollowUp(e.currentTarget.value)} error={errors.followUpDate} w={200} />
            {general && <Text c="red" fz="sm">{general}</Text>}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={saving}>
                Add note
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  );
}
