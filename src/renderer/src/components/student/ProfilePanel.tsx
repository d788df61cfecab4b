import { Alert, Autocomplete, Button, Card, Grid, Group, NumberInput, Select, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { APPLICANT_TYPE_LABELS, APPLICANT_TYPES, type Student, type StudentPatch } from '../../../../shared/domain';
import { call } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { formatDate } from '../../format';
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

/** Profile and plan: shown as facts, edited in place; the core validates and reports problems per field. */
export function ProfilePanel({ student, onSaved }: { student: Student; onSaved: () => void }) {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const specialties = useQuery('specialties.list', {});
  const names = (specialties.data ?? []).map((s) => s.name);

  const save = async () => {
    if (!draft) return;
    setBusy(true);
    try {
      await call('students.update', { id: student.id, patch: patchOf(draft) });
      setDraft(null);
      setErrors({});
      onSaved();
    } catch (err) {
      setErrors(fieldErrors(err, ['patch']));
    } finally {
      setBusy(false);
    }
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
          <Button size="xs" variant="light" onClick={() => (setErrors({}), setDraft(draftOf(student)))}>
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
            <Button variant="default" onClick={() => (setDraft(null), setErrors({}))}>
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
