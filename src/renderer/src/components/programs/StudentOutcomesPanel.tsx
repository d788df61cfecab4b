import { ActionIcon, Alert, Button, Card, Group, NumberInput, Select, SimpleGrid, Table, Text, TextInput, Textarea, Title, Tooltip } from '@mantine/core';
import { useState } from 'react';
import type { StudentOutcome } from '../../../../shared/api';
import { MATCH_RESULTS, MATCH_RESULT_LABELS, type MatchOutcomeInput, type MatchResult } from '../../../../shared/domain';
import { call } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { formatDate, formatDatesIn } from '../../format';
import { RecordFormModal, useRecordSave } from '../student/RecordFormModal';

/** A cleared number box is "not recorded" (null), never zero. */
const num = (v: number | string): number | null => (v === '' || v === null ? null : Number(v));
const text = (v: string): string | null => (v.trim() === '' ? null : v.trim());
const shown = (n: number | null) => (n === null ? '—' : String(n));

/**
 * The student's own Match outcomes and their "shared outcomes" consent (issue 15). Participation is
 * voluntary: only a student who said yes is counted in the office's outcomes; every outcome is shown
 * here (the student page is not an aggregate). An outcome is entered after Match.
 */
export function StudentOutcomesPanel({ studentId, gradYear, target, ck }: { studentId: string; gradYear: number; target: string | null; ck: number | null }) {
  const data = useQuery('outcomes.forStudent', { studentId });
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const consent = data.data?.consent ?? null;

  const setConsent = async (value: 'yes' | 'no') => {
    setError(null);
    try {
      await call('outcomes.setConsent', { studentId, consent: value, note: null });
      data.reload();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="student-outcomes-title">
      <Group justify="space-between" mb="xs">
        <Title order={3} fz="md" id="student-outcomes-title">
          Match outcomes
        </Title>
        <Button size="xs" variant="light" onClick={() => setAdding(true)}>
          Record an outcome
        </Button>
      </Group>
      {data.error && <Text c="red">{data.error.message}</Text>}
      {error && (
        <Alert color="red" mb="xs">
          {formatDatesIn(error)}
        </Alert>
      )}
      <Group justify="space-between" mb="xs" wrap="nowrap" align="flex-start">
        <Text fz="sm" data-testid="consent">
          Shared outcomes:{' '}
          <b>{consent === null ? 'not asked' : consent.consent === 'yes' ? 'yes' : 'no'}</b>
          {consent && ` (recorded ${formatDate(consent.recordedOn)})`}
          <Text span fz="xs" c="dimmed" display="block">
            {consent?.consent === 'yes' ? "Counted in the office's outcomes, never named." : "Not counted in the office's outcomes (not asked = not shared)."}
          </Text>
        </Text>
        <Button.Group>
          <Button size="compact-xs" variant={consent?.consent === 'yes' ? 'filled' : 'default'} onClick={() => void setConsent('yes')} aria-pressed={consent?.consent === 'yes'}>
            Shares
          </Button>
          <Button size="compact-xs" variant={consent?.consent === 'no' ? 'filled' : 'default'} onClick={() => void setConsent('no')} aria-pressed={consent?.consent === 'no'}>
            Does not share
          </Button>
        </Button.Group>
      </Group>
      {data.data && data.data.outcomes.length === 0 ? (
        <Text fz="sm" c="dimmed">
          No outcome recorded. After Match, record where the student applied, interviewed and matched.
        </Text>
      ) : (
        data.data && <OutcomesTable outcomes={data.data.outcomes} onRemoved={data.reload} onError={setError} />
      )}
      {adding && <OutcomeForm studentId={studentId} season={gradYear} specialty={target ?? ''} ck={ck} onClose={() => setAdding(false)} onSaved={() => (setAdding(false), data.reload())} />}
    </Card>
  );
}

function OutcomesTable({ outcomes, onRemoved, onError }: { outcomes: StudentOutcome[]; onRemoved: () => void; onError: (m: string) => void }) {
  const remove = async (o: StudentOutcome) => {
    try {
      await call('outcomes.remove', { id: o.id });
      onRemoved();
    } catch (err) {
      onError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <Table fz="sm" verticalSpacing={4} aria-label="Match outcomes">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Season</Table.Th>
          <Table.Th>Result</Table.Th>
          <Table.Th>Applied, interviews</Table.Th>
          <Table.Th w={28} />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {outcomes.map((o) => (
          <Table.Tr key={o.id} style={{ verticalAlign: 'top' }}>
            <Table.Td>
              {o.season}
              <Text fz="xs" c="dimmed">
                {o.specialty}
              </Text>
            </Table.Td>
            <Table.Td>
              {MATCH_RESULT_LABELS[o.result]}
              {o.matchedProgramName || o.matchedProgramCode ? (
                <Text fz="xs" c="dimmed">
                  {o.matchedProgramName ?? o.matchedProgramCode}
                </Text>
              ) : null}
            </Table.Td>
            <Table.Td>
              {shown(o.applications)} applied, {shown(o.interviews)} interviews
            </Table.Td>
            <Table.Td>
              <Tooltip label="Remove this outcome">
                <ActionIcon variant="subtle" color="red" size="sm" aria-label={`Remove the ${o.season} ${o.specialty} outcome`} onClick={() => void remove(o)}>
                  ×
                </ActionIcon>
              </Tooltip>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function OutcomeForm({ studentId, season, specialty, ck, onClose, onSaved }: { studentId: string; season: number; specialty: string; ck: number | null; onClose: () => void; onSaved: () => void }) {
  const [d, setD] = useState({
    season: season as number | string,
    specialty,
    result: 'matched' as MatchResult,
    applications: '' as number | string,
    goldSignals: '' as number | string,
    silverSignals: '' as number | string,
    interviews: '' as number | string,
    rankListLength: '' as number | string,
    matchedProgramCode: '',
    matchedProgramName: '',
    ckAtApplication: (ck ?? '') as number | string,
    note: '',
  });
  const { errors, busy, save } = useRecordSave('', onSaved);
  const set = <K extends keyof typeof d>(k: K) => (v: (typeof d)[K]) => setD((x) => ({ ...x, [k]: v }));
  const placed = d.result === 'matched' || d.result === 'soap';
  const input = (): MatchOutcomeInput => ({
    studentId,
    season: Number(d.season),
    specialty: d.specialty.trim(),
    applications: num(d.applications),
    goldSignals: num(d.goldSignals),
    silverSignals: num(d.silverSignals),
    interviews: num(d.interviews),
    rankListLength: num(d.rankListLength),
    result: d.result,
    matchedProgramCode: placed ? text(d.matchedProgramCode) : null,
    matchedProgramName: placed ? text(d.matchedProgramName) : null,
    ckAtApplication: num(d.ckAtApplication),
    comlexAtApplication: null,
    note: text(d.note),
  });
  const count = (k: 'applications' | 'goldSignals' | 'silverSignals' | 'interviews' | 'rankListLength', label: string) => (
    <NumberInput label={label} min={0} max={2000} allowDecimal={false} value={d[k]} onChange={set(k)} error={errors[k]} placeholder="not recorded" />
  );
  return (
    <RecordFormModal title="Record a Match outcome" submitLabel="Save outcome" busy={busy} formError={errors['']} onClose={onClose} onSubmit={() => void save(() => call('outcomes.add', input()))}>
      <SimpleGrid cols={2}>
        <NumberInput label="Season (Match year)" min={2000} max={2100} allowDecimal={false} value={d.season} onChange={set('season')} error={errors.season} required />
        <TextInput label="Specialty" value={d.specialty} onChange={(e) => set('specialty')(e.currentTarget.value)} error={errors.specialty} required />
        <Select label="Result" data={MATCH_RESULTS.map((r) => ({ value: r, label: MATCH_RESULT_LABELS[r] }))} value={d.result} onChange={(v) => v && set('result')(v as MatchResult)} allowDeselect={false} error={errors.result} />
        <NumberInput label="Step 2 CK at application" min={1} max={300} allowDecimal={false} value={d.ckAtApplication} onChange={set('ckAtApplication')} error={errors.ckAtApplication} placeholder="not recorded" />
        {count('applications', 'Programs applied to')}
        {count('interviews', 'Interviews offered')}
        {count('goldSignals', 'Gold signals')}
        {count('silverSignals', 'Silver (or only) signals')}
        {count('rankListLength', 'Rank list length')}
        {placed && <TextInput label="Matched program code" value={d.matchedProgramCode} onChange={(e) => set('matchedProgramCode')(e.currentTarget.value)} error={errors.matchedProgramCode} />}
        {placed && <TextInput label="Matched program name" value={d.matchedProgramName} onChange={(e) => set('matchedProgramName')(e.currentTarget.value)} error={errors.matchedProgramName} />}
      </SimpleGrid>
      <Textarea label="Note" autosize minRows={2} value={d.note} onChange={(e) => set('note')(e.currentTarget.value)} error={errors.note} />
    </RecordFormModal>
  );
}
