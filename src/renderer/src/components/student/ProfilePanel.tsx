import { ActionIcon, Alert, Button, Card, Grid, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { APPLICANT_TYPE_LABELS, type Student, type StudentPatch } from '../../../../shared/domain';
import type { StaleSaveDetail } from '../../../../shared/api';
import { ApiCallError, call } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { formatDate, formatInstant } from '../../format';
import { fieldErrors, type FieldErrors } from './fieldErrors';
import { PROFILE_LABELS, ProfileField, profileDraftOf, profileFieldsOf, type ProfileDraft, type ProfileFieldName } from './ProfileFields';

/** A custom field as the form edits it: its name can change too (a column named differently in the next file). */
type CustomRow = { name: string; value: string };

type Draft = ProfileDraft & { customFields: CustomRow[] };

const draftOf = (s: Student): Draft => ({
  ...profileDraftOf(s),
  customFields: Object.entries(s.customFields).map(([name, value]) => ({ name, value })),
});

/** The custom fields as stored; a row with neither name nor value is an unused blank row. */
function customFieldsOf(rows: CustomRow[]): Record<string, string> {
  return Object.fromEntries(rows.filter((r) => r.name.trim() !== '' || r.value.trim() !== '').map((r) => [r.name.trim(), r.value.trim()]));
}

/** What the record cannot hold: a value without a field name, or two fields of one name (the second would silently win). */
function customFieldProblem(rows: CustomRow[]): string | null {
  const used = rows.filter((r) => r.name.trim() !== '' || r.value.trim() !== '');
  const unnamed = used.find((r) => r.name.trim() === '');
  if (unnamed) return `Name the field that holds “${unnamed.value.trim()}”, or remove it`;
  const names = used.map((r) => r.name.trim().toLowerCase());
  const twice = used.find((r, i) => names.indexOf(r.name.trim().toLowerCase()) !== i);
  return twice ? `Two fields are named “${twice.name.trim()}”; keep one` : null;
}

function patchOf(d: Draft): StudentPatch {
  return { ...profileFieldsOf(d), customFields: customFieldsOf(d.customFields) };
}

const FIELD_LABELS: Record<string, string> = { ...PROFILE_LABELS, customFields: 'Other fields' };

function shown(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return 'not recorded';
  if (field === 'applicantType') return APPLICANT_TYPE_LABELS[value as keyof typeof APPLICANT_TYPE_LABELS] ?? String(value);
  if (field === 'step1Deadline') return formatDate(String(value));
  if (field === 'customFields') {
    const entries = Object.entries(value as Record<string, string>);
    return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k}: ${v}`).join('; ');
  }
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

/** The profile form's fields and their widths (of 12). */
const PROFILE_LAYOUT: [ProfileFieldName, number][] = [
  ['firstName', 6],
  ['lastName', 6],
  ['targetSpecialty', 6],
  ['backupSpecialty', 6],
  ['advisor', 6],
  ['applicantType', 6],
  ['gradYear', 4],
  ['usceMonths', 4],
  ['usLetters', 4],
  ['step1Deadline', 6],
  ['email', 6],
  ['notes', 12],
];

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
  // The advisors the roster already names, offered so that one person is spelled one way (an office database matches an advisor's students by that name).
  const options = useQuery('dashboard.options', {});

  const save = async (onVersion = openedOn) => {
    if (!draft) return;
    const custom = customFieldProblem(draft.customFields);
    if (custom) return setErrors({ customFields: custom });
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
  const setCustom = (rows: CustomRow[]) => (set('customFields')(rows), setErrors(({ customFields: _fixed, ...rest }) => rest));

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
    ['Notes', student.notes ?? 'not recorded'],
    // Columns of imported files that map to no field, under their own names.
    ...Object.entries(student.customFields).map(([k, v]): [string, string] => [k, v === '' ? 'not recorded' : v]),
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
                <Table.Td c={v.startsWith('not recorded') ? 'dimmed' : undefined} style={{ whiteSpace: 'pre-wrap' }}>
                  {v}
                </Table.Td>
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
            {PROFILE_LAYOUT.map(([field, span]) => (
              <Grid.Col span={span} key={field}>
                <ProfileField field={field} draft={draft} onChange={(k, v) => set(k)(v)} errors={errors} specialties={names} advisors={options.data?.advisors ?? []} />
              </Grid.Col>
            ))}
            <Grid.Col span={12}>
              <CustomFieldsEditor rows={draft.customFields} onChange={setCustom} error={errors.customFields} />
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

/** The record's other fields (kept from imported columns, or added here): name and value, each editable, removable. */
function CustomFieldsEditor({ rows, onChange, error }: { rows: CustomRow[]; onChange: (rows: CustomRow[]) => void; error?: string }) {
  const change = (i: number, patch: Partial<CustomRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Stack gap={4} role="group" aria-labelledby="custom-fields-title">
      <Text fz="sm" fw={500} id="custom-fields-title">
        Other fields
      </Text>
      {rows.length === 0 && (
        <Text fz="xs" c="dimmed">
          None yet: columns of an imported file that match no field are kept here.
        </Text>
      )}
      {rows.map((r, i) => (
        <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
          <TextInput aria-label={`Name of other field ${i + 1}`} placeholder="Field name" value={r.name} onChange={(e) => change(i, { name: e.currentTarget.value })} w="40%" />
          <TextInput aria-label={r.name.trim() ? `Value of ${r.name.trim()}` : `Value of other field ${i + 1}`} placeholder="Value" value={r.value} onChange={(e) => change(i, { value: e.currentTarget.value })} style={{ flex: 1 }} />
          <ActionIcon variant="subtle" color="gray" size="lg" aria-label={`Remove ${r.name.trim() || `other field ${i + 1}`}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            ×
          </ActionIcon>
        </Group>
      ))}
      {error && (
        <Text fz="xs" c="red" role="alert">
          {error}
        </Text>
      )}
      <Button size="xs" variant="subtle" onClick={() => onChange([...rows, { name: '', value: '' }])} style={{ alignSelf: 'flex-start' }}>
        Add a field
      </Button>
    </Stack>
  );
}
