import { ActionIcon, Alert, Button, Group, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { call } from '../../api/client';
import { fieldErrors, type FieldErrors } from './fieldErrors';

interface ItemDraft {
  key: number;
  text: string;
  dueDate: string;
}

/** A new session note: what was discussed, when to follow up, and the action items agreed. */
export function NoteForm({ studentId, onSaved }: { studentId: string; onSaved: () => void }) {
  const [body, setBody] = useState('');
  const [followUpDate, setFollowUpDate] = useState('');
  const [items, setItems] = useState<ItemDraft[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [nextKey, setNextKey] = useState(1);

  const save = async () => {
    setBusy(true);
    try {
      await call('notes.add', {
        studentId,
        body,
        followUpDate: followUpDate || null,
        actionItems: items.filter((i) => i.text.trim() || i.dueDate).map((i) => ({ text: i.text, dueDate: i.dueDate || null, done: false })),
      });
      setBody('');
      setFollowUpDate('');
      setItems([]);
      setErrors({});
      onSaved();
    } catch (err) {
      setErrors(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      noValidate
      aria-label="New session note"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Stack gap="xs">
        {errors[''] && <Alert color="red">{errors['']}</Alert>}
        <Textarea label="Session note" placeholder="What was discussed and decided" autosize minRows={2} value={body} onChange={(e) => setBody(e.currentTarget.value)} error={errors.body} />
        <Group align="end" gap="sm">
          <TextInput label="Follow up on" type="date" value={followUpDate} onChange={(e) => setFollowUpDate(e.currentTarget.value)} error={errors.followUpDate} w={180} />
          <Button variant="subtle" size="xs" onClick={() => (setItems([...items, { key: nextKey, text: '', dueDate: '' }]), setNextKey(nextKey + 1))}>
            Add action item
          </Button>
        </Group>
        {items.map((item, i) => (
          <Group key={item.key} gap="xs" align="end" wrap="nowrap">
            <TextInput
              label={`Action item ${i + 1}`}
              value={item.text}
              onChange={(e) => {
                const text = e.currentTarget.value;
                setItems(items.map((x) => (x.key === item.key ? { ...x, text } : x)));
              }}
              error={errors.actionItems && !item.text.trim() ? 'an action item needs some text' : undefined}
              style={{ flex: 1 }}
            />
            <TextInput
              label="Due"
              type="date"
              value={item.dueDate}
              onChange={(e) => {
                const dueDate = e.currentTarget.value;
                setItems(items.map((x) => (x.key === item.key ? { ...x, dueDate } : x)));
              }}
              w={170}
            />
            <ActionIcon variant="subtle" color="red" mb={4} aria-label={`Remove action item ${i + 1}`} onClick={() => setItems(items.filter((x) => x.key !== item.key))}>
              ✕
            </ActionIcon>
          </Group>
        ))}
        <Group justify="space-between">
          <Text fz="xs" c="dimmed">
            Follow-ups and due action items appear on the dashboard.
          </Text>
          <Button type="submit" loading={busy}>
            Save note
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
