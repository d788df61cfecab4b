import { Alert, Badge, Button, Card, Group, Select, Table, Text, TextInput, Textarea, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import type { StudentDetail } from '../../../../shared/api';
import {
  ENROLMENT_LABELS,
  ENROLMENT_STATUSES,
  enrolmentOn,
  localToday,
  TEMPORARY_STATUSES,
  type Enrolment,
  type EnrolmentChange,
  type EnrolmentStatus,
} from '../../../../shared/domain';
import { call } from '../../api/client';
import { formatDate, formatInstant } from '../../format';
import { RecordFormModal, useRecordSave } from './RecordFormModal';

/** "Leave of absence from 10 Jan 2026 to 30 Jun 2026": a status with its dates, in the page's date format. */
export function statusWithDates(status: EnrolmentStatus, since: string | null, until: string | null): string {
  return `${ENROLMENT_LABELS[status]}${since ? ` from ${formatDate(since)}` : ''}${until ? ` to ${formatDate(until)}` : ''}`;
}

/**
 * The student's enrolment (issue 14): the status on the page's date with its dates, the history of
 * changes (who, when, note), a change recorded or removed, and archive / restore. Every step goes
 * through the audited handlers; the history below the page shows each.
 */
export function EnrolmentPanel({ studentId, name, enrolment, asOf, onChanged }: { studentId: string; name: string; enrolment: Enrolment; asOf: string; onChanged: (d?: StudentDetail) => void }) {
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const now = enrolmentOn(enrolment, asOf);
  const archived = enrolment.archivedAt !== null;
  const run = async (write: () => Promise<StudentDetail>) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await write());
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const remove = (c: EnrolmentChange) => {
    if (!window.confirm(`Remove "${statusWithDates(c.status, c.effectiveFrom, c.endsOn)}"? Record it only if it was entered in error; the audit log keeps it.`)) return;
    void run(() => call('enrolment.removeChange', { id: c.id }));
  };
  const archive = () => {
    if (!window.confirm(`Archive ${name}? They leave the roster, the dashboard, reports and flag lists; nothing is deleted, and Roster → Archived finds and restores them.`)) return;
    void run(() => call('students.archive', { id: studentId }));
  };
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="enrolment-title" data-testid="student-enrolment">
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Title order={3} fz="md" id="enrolment-title">
          Enrolment
        </Title>
        <Group gap="xs">
          <Button size="xs" variant="light" onClick={() => setAdding(true)} disabled={busy}>
            Change status
          </Button>
          {archived ? (
            <Button size="xs" variant="filled" onClick={() => void run(() => call('students.restore', { id: studentId }))} loading={busy}>
              Restore from archive
            </Button>
          ) : (
            <Button size="xs" variant="default" onClick={archive} loading={busy}>
              Archive
            </Button>
          )}
        </Group>
      </Group>
      {archived && (
        <Alert color="orange" mb="sm" title="Archived" data-testid="archived-note">
          Archived {formatInstant(enrolment.archivedAt!)}
          {enrolment.archivedBy ? ` by ${enrolment.archivedBy}` : ''}. Not on the roster, the dashboard, reports or flag lists until restored.
        </Alert>
      )}
      <Text fz="sm" data-testid="enrolment-status">
        <Text span fw={600}>
          {statusWithDates(now.status, now.since, now.until)}
        </Text>
        <Text span c="dimmed" fz="sm">
          {' '}
          (as of {formatDate(asOf)}
          {now.change === null ? '; no change recorded' : ''})
        </Text>
      </Text>
      {error && (
        <Text c="red" fz="sm" mt="xs" role="alert">
          {error}
        </Text>
      )}
      {enrolment.changes.length > 0 && (
        <Table verticalSpacing={4} fz="sm" mt="xs" aria-label="Enrolment status history">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Status</Table.Th>
              <Table.Th>Recorded</Table.Th>
              <Table.Th w={80}>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...enrolment.changes].reverse().map((c) => (
              <Table.Tr key={c.id} data-change={c.id}>
                <Table.Td>
                  {statusWithDates(c.status, c.effectiveFrom, c.endsOn)}
                  {c === now.change && now.status === c.status && (
                    <Badge ml={6} size="sm" variant="light" color="blue">
                      now
                    </Badge>
                  )}
                  {c.note && (
                    <Text c="dimmed" fz="xs">
                      {c.note}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text fz="xs">
                    {c.changedBy}, {formatInstant(c.changedAt)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Button size="compact-xs" variant="subtle" color="red" onClick={() => remove(c)} aria-label={`Remove ${statusWithDates(c.status, c.effectiveFrom, c.endsOn)}`}>
                    Remove
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {adding && (
        <StatusForm
          studentId={studentId}
          current={now.status}
          onClose={() => setAdding(false)}
          onSaved={(d) => {
            setAdding(false);
            onChanged(d);
          }}
        />
      )}
    </Card>
  );
}

function StatusForm({ studentId, current, onClose, onSaved }: { studentId: string; current: EnrolmentStatus; onClose: () => void; onSaved: (d: StudentDetail) => void }) {
  const [status, setStatus] = useState<EnrolmentStatus>(current === 'active' ? 'leave' : 'active');
  const [from, setFrom] = useState(localToday());
  const [until, setUntil] = useState('');
  const [note, setNote] = useState('');
  let saved: StudentDetail | null = null;
  const { errors, busy, save } = useRecordSave('', () => saved && onSaved(saved));
  const ends = TEMPORARY_STATUSES.includes(status);
  // A refusal belongs to the values it was given for: once a date is changed, its old message goes.
  const [sent, setSent] = useState<{ from: string; until: string } | null>(null);
  const shownError = (field: 'from' | 'until', message: string | undefined) => (sent && sent[field] === (field === 'from' ? from : until) ? message : undefined);
  return (
    <RecordFormModal
      title="Change enrolment status"
      submitLabel="Record status"
      busy={busy}
      formError={errors['']}
      onClose={onClose}
      onSubmit={() =>
        void save(async () => {
          setSent({ from, until });
          saved = await call('enrolment.change', { studentId, status, effectiveFrom: from, endsOn: ends && until ? until : null, note: note.trim() || null });
        })
      }
    >
      <Select
        label="Status"
        data={ENROLMENT_STATUSES.map((s) => ({ value: s, label: ENROLMENT_LABELS[s] }))}
        value={status}
        onChange={(v) => v && setStatus(v as EnrolmentStatus)}
        allowDeselect={false}
        error={errors.status}
        data-autofocus
      />
      <TextInput label="From" description="The day the status takes effect" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} error={shownError('from', errors.effectiveFrom)} required />
      {ends && (
        <TextInput
          label="To (last day, if planned)"
          description="From the next day the student is active again, unless a later change says otherwise"
          type="date"
          value={until}
          onChange={(e) => setUntil(e.currentTarget.value)}
          error={shownError('until', errors.endsOn)}
        />
      )}
      <Textarea label="Note" placeholder="Reason, dean's letter, expected return…" value={note} onChange={(e) => setNote(e.currentTarget.value)} error={errors.note} autosize minRows={2} />
    </RecordFormModal>
  );
}
