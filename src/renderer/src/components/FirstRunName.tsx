import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiCallError, call } from '../api/client';
import { useQuery } from '../api/useQuery';

/**
 * First run: who uses this computer? Until a name is set, notes and the audit log would be signed
 * with the computer's account ("root", "admin"), which tells a dean nothing. Asked once: either
 * answer stores a name (Settings → Audit log changes it later), so the question does not come back.
 */
export function FirstRunName() {
  const { data, reload } = useQuery('audit.identity', {});
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!data?.askName) return null;

  const save = async (userName: string) => {
    setBusy(true);
    setError(null);
    try {
      await call('audit.setUserName', { userName });
      reload();
    } catch (err) {
      setError(err instanceof ApiCallError && err.issues?.length ? err.issues[0].message : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() === '') return setError('Type your name, or keep the computer’s user name below');
    void save(name);
  };

  return (
    <Modal opened onClose={() => undefined} withCloseButton={false} closeOnClickOutside={false} closeOnEscape={false} title="Welcome to Stepwise: who are you?" centered size="lg">
      <form onSubmit={submit} aria-label="Your name">
        <Stack gap="sm">
          <Text fz="sm">
            Stepwise signs every session note and records every change in the audit log with the name of the person who made it. Without a name, it
            would use this computer’s user name, <b>{data.osUser}</b>. You can change the name later in Settings → Audit log.
          </Text>
          <TextInput label="Your name" description="As colleagues should read it on notes, e.g. Dr. Ana Ruiz" value={name} onChange={(e) => (setName(e.currentTarget.value), setError(null))} error={error} maxLength={100} data-autofocus />
          <Group justify="space-between">
            <Button variant="subtle" onClick={() => void save(data.osUser)} disabled={busy}>
              Keep “{data.osUser}”
            </Button>
            <Button type="submit" loading={busy}>
              Save my name
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
