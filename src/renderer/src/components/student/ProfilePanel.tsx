import { Alert, Autocomplete, Button, Card, Grid, Group, NumberInput, Select, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { APPLICANT_TYPE_LABELS, APPLICANT_TYPES, type Student, type StudentPatch } from '../../../../shared/domain';
import type { StaleSaveDetail } from '../../../../shared/api';
import { ApiCallError, call } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { formatDate, formatInstant } from '../../format';
import { fieldErrors, type FieldErrors } from './fieldErrors';

type Draft = {
  email: string;
  gradYear: number | string;
  applicantType: string | null;
  targetSpecialty: string;
  backupSpecialty: string;
  advisor: string;
  usceMonths: number | string;
  usLetters: number | string;
  step1Deadline: string;
};

const draftOf = (s: Student): Draft => ({
  email: s.email ?? '',
  gradYear: s.gradYear,
  applicantType: s.applicantType,
  targetSpecialty: s.targetSpecialty ?? '',
  backupSpecialty: s.backupSpecialty ?? '',
  advisor: s.advisor ?? '',
  usceMonths: s.usceMonths ?? '',
  usLetters: s.usLetters ?? '',
  step1Deadline: s.step1Deadline ?? '',
});

const text = (v: string) => (v.trim() === '' ? null : v.trim());
/** A cleared number box means "not recorded" (null), never zero (RULES.md §3). */
const num = (v: number | string) => (v === '' || v === null ? null : Number(v));

function patchOf(d: Draft): StudentPatch {
  return {
    email: text(d.email),
    gradYear: Number(d.gradYear),
    applicantType: (d.applicantType as Student['applicantType']) ?? null,
    targetSpecialty: text(d.targetSpecialty),
    backupSpecialty: text(d.backupSpecialty),
    advisor: text(d.advisor),
    usceMonths: num(d.usceMonths),
    usLetters: num(d.usLetters),
    step1Deadline: text(d.step1Deadline),
  };
}

const FIELD_LABELS: Record<string, string> = {
  email: 'Email',
  gradYear: 'Class (graduation year)',
  applicantType: 'Applicant type',
  targetSpecialty: 'Target specialty',
  backupSpecialty: 'Backup specialty',
  advisor: 'Advisor',
  usceMonths: 'USCE months',
  usLetters: 'US letters',
  step1Deadline: 'Step 1 deadline override',
};

function shown(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return 'not recorded';
  if (field === 'applicantType') return APPLICANT_TYPE_LABELS[value as keyof typeof APPLICANT_TYPE_LABELS] ?? String(value);
  if (field === 'step1Deadline') return formatDate(String(value));
  return String(value);
}

/**
 * Someone saved this student while the form was open: nothing of this save was written. Both
 * values of every field it would have changed, and the choice to keep these values (saving them on
 * the record as it now is) or to take the saved ones.
 */
function StaleSaveAlert({ stale, busy, onKeepMine, onTakeTheirs }: { stale: StaleSaveDetail; busy: boolean; onKeepMine: () => void; onTakeTheirs: () => void }) {
  const who = stale.changedBy ?? 'someone else';
  return (
    <Alert color="orange" mb="sm" title={`Changed by ${who}${stale.changedAt ? ` at ${formatInstant(stale.changedAt)}` : ''} while you were editing`} role="alert">
      <Text fz="sm" mb="xs">
        Nothing was saved, and nothing of theirs was overwritten. Compare the values and choose.
      </Text>
      <Table fz="sm" verticalSpacing={2} aria-label="Your values and the saved values" mb="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Field</Table.Th>
            <Table.Th>Yours</Table.Th>
            <Table.Th>Saved by {who}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {stale.fields.map((f) => (
            <Table.Tr key={f.field}>
              <Table.Td>{FIELD_LABELS[f.field] ?? f.field}</Table.Td>
              <Table.Td>{shown(f.field, f.yours)}</Table.Td>
              <Table.Td>{shown(f.field, f.theirs)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group gap="xs">
        <Button size="xs" onClick={onKeepMine} loading={busy}>
          Save mine over theirs
        </Button>
        <Button size="xs" variant="default" onClick={onTakeTheirs}>
          Take the saved values
        </Button>
      </Group>
    </Alert>
  );
}

/** Profile and plan: shown as facts, edited in place; the core validates and reports problems per field. */
export function ProfilePanel({ student, version, onSaved }: { student: Student; version: number; onSaved: () => void }) {
  const [draft, setDraft] = useState<Draft | null>(null);
  /** The version the form was opened on: a save names it, so a save over someone else's is refused. */
  const [openedOn, setOpenedOn] = useState(version);
  const [stale, setStale] = useState<StaleSaveDetail | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const specialties = useQuery('specialties.list', {});
  const names = (specialties.data ?? []).map((s) => s.name);

  const save = async (onVersion = openedOn) => {
    if (!draft) return;
    setBusy(true);
    try {
      await call('students.update', { id: student.id, patch: patchOf(draft), version: onVersion });
      setDraft(null);
      setStale(null);
      setErrors({});
      onSaved();
    } catch (err) {
      if (err instanceof ApiCallError && err.code === 'CONFLICT' && err.detail) {
        setStale(err.detail as StaleSaveDetail);
        setErrors({});
      } else setErrors(fieldErrors(err, ['patch']));
    } finally {
      setBusy(false);
    }
  };
  const edit = () => {
    setErrors({});
    setStale(null);
    setOpenedOn(version);
    setDraft(draftOf(student));
  };
  const set = (k: keyof Draft) => (v: Draft[keyof Draft]) => setDraft((d) => (d ? { ...d, [k]: v } : d));

  const rows: [string, string][] = [
    ['Target specialty', student.targetSpecialty ?? 'not recorded'],
    ['Backup specialty', student.backupSpecialty ?? 'not recorded'],
    ['Advisor', student.advisor ?? 'not recorded'],
    ['Applicant type', student.applicantType ? APPLICANT_TYPE_LABELS[student.applicantType] : 'not recorded'],
    ['Class (graduation year)', String(student.gradYear)],
    ['USCE months', student.usceMonths === null ? 'not recorded' : String(student.usceMonths)],
    ['US letters', student.usLetters === null ? 'not recorded' : String(student.usLetters)],
    ['Step 1 deadline override', student.step1Deadline ? formatDate(student.step1Deadline) : 'none (class deadline applies)'],
    ['Email', student.email ?? 'not recorded'],
  ];

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="profile-title">
      <Group justify="space-between" mb="xs">
        <Title order={3} fz="md" id="profile-title">
          Profile and plan
        </Title>
        {!draft && (
          <Button size="xs" variant="light" onClick={edit}>
            Edit profile
          </Button>
        )}
      </Group>
      {!draft ? (
        <Table verticalSpacing={4} fz="sm" aria-label="Profile and plan">
          <Table.Tbody>
            {rows.map(([k, v]) => (
              <Table.Tr key={k}>
                <Table.Th w="45%" fw={500} c="dimmed">
                  {k}
                </Table.Th>
                <Table.Td c={v.startsWith('not recorded') ? 'dimmed' : undefined}>{v}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
          aria-label="Edit profile and plan"
          noValidate
        >
          {errors[''] && (
            <Alert color="red" mb="sm">
              {errors['']}
            </Alert>
          )}
          {stale && (
            <StaleSaveAlert
              stale={stale}
              busy={busy}
              onKeepMine={() => void save(stale.version)}
              onTakeTheirs={() => {
                setStale(null);
                setDraft(null);
                onSaved();
              }}
            />
          )}
          <Grid gap="sm">
            <Grid.Col span={6}>
              <Autocomplete label="Target specialty" data={names} value={draft.targetSpecialty} onChange={set('targetSpecialty')} error={errors.targetSpecialty} />
            </Grid.Col>
            <Grid.Col span={6}>
              <Autocomplete label="Backup specialty" data={names} value={draft.backupSpecialty} onChange={set('backupSpecialty')} error={errors.backupSpecialty} />
            </Grid.Col>
            <Grid.Col span={6}>
              <TextInput label="Advisor" value={draft.advisor} onChange={(e) => set('advisor')(e.currentTarget.value)} error={errors.advisor} />
            </Grid.Col>
            <Grid.Col span={6}>
              <Select
                label="Applicant type"
                data={APPLICANT_TYPES.map((t) => ({ value: t, label: APPLICANT_TYPE_LABELS[t] }))}
                value={draft.applicantType}
                onChange={set('applicantType')}
                clearable
                error={errors.applicantType}
              />
            </Grid.Col>
            <Grid.Col span={4}>
              <NumberInput label="Class (graduation year)" value={draft.gradYear} onChange={set('gradYear')} allowDecimal={false} error={errors.gradYear} />
            </Grid.Col>
            <Grid.Col span={4}>
              <NumberInput label="USCE months" description="Blank = not recorded" value={draft.usceMonths} onChange={set('usceMonths')} min={0} error={errors.usceMonths} />
            </Grid.Col>
            <Grid.Col span={4}>
              <NumberInput label="US letters" description="Blank = not recorded" value={draft.usLetters} onChange={set('usLetters')} min={0} allowDecimal={false} error={errors.usLetters} />
            </Grid.Col>
            <Grid.Col span={6}>
              <TextInput
                label="Step 1 deadline override"
                description="Blank = the class deadline"
                type="date"
                value={draft.step1Deadline}
                onChange={(e) => set('step1Deadline')(e.currentTarget.value)}
                error={errors.step1Deadline}
              />
            </Grid.Col>
            <Grid.Col span={6}>
              <TextInput label="Email" type="email" value={draft.email} onChange={(e) => set('email')(e.currentTarget.value)} error={errors.email} />
            </Grid.Col>
          </Grid>
          <Group justify="end" mt="md">
            <Button variant="default" onClick={() => (setDraft(null), setErrors({}), setStale(null))}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Save profile
            </Button>
          </Group>
          <Text fz="xs" c="dimmed" mt="xs">
            Every change is recorded in the audit log and the flags are re-evaluated at once.
          </Text>
        </form>
      )}
    </Card>
  );
}
