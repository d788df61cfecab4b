import { Button, Group, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { AdvisingNote } from '../../../../shared/domain';
import { call } from '../../api/client';
import { formatDatesIn } from '../../format';

/** Edits a note's text and follow-up date (notes.update: audited field by field; a moved follow-up is open again). */
export function NoteEditForm({ note, onSaved, onCancel }: { note: AdvisingNote; onSaved: (notes: AdvisingNote[]) => void; onCancel: () => void }) {
  const [body, setBody] = useState(note.body);
  const [followUpDate, setFollowUpDate] = useState(note.followUpDate ?? '');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      aria-label="Edit note"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        call('notes.update', { id: note.id, body, followUpDate: followUpDate || null }).then(onSaved, (err: Error) => (setProblem(formatDatesIn(err.message)), setBusy(false)));
      }}
    >
      <Textarea label="Note" autosize minRows={2} value={body} onChange={(e) => setBody(e.currentTarget.value)} error={problem} />
      <Group gap="xs" mt={6} align="end">
        <TextInput label="Follow up on" type="date" value={followUpDate} onChange={(e) => setFollowUpDate(e.currentTarget.value)} w={180} />
        <Button size="xs" type="submit" loading={busy}>
          Save note
        </Button>
        <Button size="xs" variant="subtle" onClick={onCancel}>
          Cancel
        </Button>
      </Group>
    </form>
  );
}
