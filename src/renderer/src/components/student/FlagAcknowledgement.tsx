import { Badge, Button, Group, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { AcknowledgedFlags } from '../../../../shared/api/acknowledgements';
import type { FlagWithAcknowledgement } from '../../../../shared/rules/acknowledgement';
import { flagTitle } from '../../../../shared/rules/catalogue';
import { call } from '../../api/client';
import { formatDate, formatDatesIn, formatInstant } from '../../format';

/**
 * One flag's acknowledgement (RULES.md §4): who acknowledged it, when and why, until when it holds, or
 * why it lapsed; and, as of today, the form to acknowledge it with a short note or to withdraw it.
 */
export function FlagAcknowledgement({ flag, studentId, today, onChanged }: { flag: FlagWithAcknowledgement; studentId: string; today: boolean; onChanged: (a: AcknowledgedFlags) => void }) {
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const a = flag.acknowledgement;
  const title = flagTitle(flag.code);
  const run = async (p: Promise<AcknowledgedFlags>) => {
    setBusy(true);
    try {
      onChanged(await p);
      setEditing(false);
      setNote('');
      setProblem(null);
    } catch (err) {
      setProblem((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const held = a?.standing.state === 'held';
  return (
    <div data-testid="flag-acknowledgement" data-state={a ? a.standing.state : 'none'}>
      {a && held && (
        <Group gap={6} mt={4} wrap="nowrap" align="start">
          <Badge size="sm" variant="light" color="gray" style={{ flexShrink: 0 }}>
            Acknowledged
          </Badge>
          <Text fz="sm">
            {a.acknowledgedBy}, {formatInstant(a.acknowledgedAt)}: “{a.note}” {a.standing.state === 'held' && `Holds until ${formatDate(a.standing.until)} unless its facts change.`}
          </Text>
        </Group>
      )}
      {a && a.standing.state === 'lapsed' && (
        <Text fz="sm" mt={4} data-testid="acknowledgement-lapsed">
          New again: the acknowledgement by {a.acknowledgedBy} ({formatDate(a.acknowledgedOn)}, “{a.note}”) lapsed
          {a.standing.reason === 'changed' ? ' because the facts behind the flag changed.' : ` on ${formatDate(a.standing.on)}, after the days set in Settings.`}
        </Text>
      )}
      {today && !editing && (
        <Group gap="xs" mt={4}>
          {!held && (
            <Button size="compact-xs" variant="light" onClick={() => setEditing(true)} aria-label={`Acknowledge ${title}`}>
              Acknowledge
            </Button>
          )}
          {held && (
            <Button size="compact-xs" variant="subtle" color="gray" loading={busy} onClick={() => void run(call('acknowledgements.withdraw', { studentId, code: flag.code }))} aria-label={`Withdraw the acknowledgement of ${title}`}>
              Withdraw
            </Button>
          )}
        </Group>
      )}
      {editing && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run(call('acknowledgements.acknowledge', { studentId, code: flag.code, note }));
          }}
        >
          <Textarea
            mt={6}
            label={`Acknowledge ${title}`}
            description="A short note: what was discussed or decided. It still counts toward the risk level and stays in every report."
            placeholder="Discussed; CK booked for March"
            autosize
            minRows={2}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Group gap="xs" mt={6}>
            <Button size="xs" type="submit" loading={busy}>
              Save acknowledgement
            </Button>
            <Button size="xs" variant="subtle" onClick={() => (setEditing(false), setProblem(null))}>
              Cancel
            </Button>
          </Group>
        </form>
      )}
      {problem && (
        <Text c="red.8" fz="sm" role="alert">
          {formatDatesIn(problem)}
        </Text>
      )}
    </div>
  );
}
