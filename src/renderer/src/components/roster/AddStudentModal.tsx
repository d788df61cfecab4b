import { Alert, Autocomplete, Button, Grid, Group, Modal, NumberInput, Select, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { type Student } from '../../../../shared/domain';
import { call } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { navigate } from '../../router';
import { fieldErrors, type FieldErrors } from '../student/fieldErrors';
import { APPLICANT_TYPE_CHOICES } from '../choices';

interface Draft {
  id: string;
  firstName: string;
  lastName: string;
  gradYear: number | string;
  applicantType: string | null;
  email: string;
  advisor: string;
  targetSpecialty: string;
}

const EMPTY: Draft = { id: '', firstName: '', lastName: '', gradYear: '', applicantType: null, email: '', advisor: '', targetSpecialty: '' };
const text = (v: string) => (v.trim() === '' ? null : v.trim());

/** The whole record as stored: what the form does not ask is "not recorded", to be filled in on the student page. */
function studentOf(d: Draft): Student {
  return {
    id: d.id.trim(),
    firstName: d.firstName.trim(),
    lastName: d.lastName.trim(),
    email: text(d.email),
    gradYear: Number(d.gradYear),
    applicantType: (d.applicantType as Student['applicantType']) ?? null,
    targetSpecialty: text(d.targetSpecialty),
    backupSpecialty: null,
    advisor: text(d.advisor),
    usceMonths: null,
    usLetters: null,
    step1Deadline: null,
    notes: null,
    customFields: {},
  };
}

/**
 * Adds one student by hand (a transfer, a student the registrar's file missed). The core validates the
 * record and refuses an ID already taken, naming whose it is; the new student's page opens on success.
 */
export function AddStudentModal({ opened, onClose, advisors }: { opened: boolean; onClose: () => void; advisors: string[] }) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const specialties = useQuery('specialties.list', {});
  const set = <K extends keyof Draft>(k: K) => (v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const close = () => (setDraft(EMPTY), setErrors({}), onClose());

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (draft.gradYear === '') return setErrors({ gradYear: 'The class (graduation year) is required' });
    setBusy(true);
    try {
      const added = await call('students.add', studentOf(draft));
      close();
      navigate('/student', { id: added.student.id });
    } catch (err) {
      setErrors(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={close} title="Add a student" size="xl">
      <form onSubmit={submit} aria-label="Add a student" noValidate>
        {errors[''] && (
          <Alert color="red" mb="sm" role="alert">
            {errors['']}
          </Alert>
        )}
        <Grid gap="sm">
          <Grid.Col span={4}>
            <TextInput label="Student ID" required value={draft.id} onChange={(e) => set('id')(e.currentTarget.value)} error={errors.id} data-autofocus />
          </Grid.Col>
          <Grid.Col span={4}>
            <TextInput label="First name" required value={draft.firstName} onChange={(e) => set('firstName')(e.currentTarget.value)} error={errors.firstName} />
          </Grid.Col>
          <Grid.Col span={4}>
            <TextInput label="Last name" required value={draft.lastName} onChange={(e) => set('lastName')(e.currentTarget.value)} error={errors.lastName} />
          </Grid.Col>
          <Grid.Col span={4}>
            <NumberInput label="Class (graduation year)" required value={draft.gradYear} onChange={set('gradYear')} allowDecimal={false} error={errors.gradYear} />
          </Grid.Col>
          <Grid.Col span={4}>
            <Select
              label="Applicant type"
              data={APPLICANT_TYPE_CHOICES}
              value={draft.applicantType}
              onChange={set('applicantType')}
              clearable
              error={errors.applicantType}
            />
          </Grid.Col>
          <Grid.Col span={4}>
            <Autocomplete label="Advisor" data={advisors} value={draft.advisor} onChange={set('advisor')} error={errors.advisor} />
          </Grid.Col>
          <Grid.Col span={6}>
            <TextInput label="Email" type="email" value={draft.email} onChange={(e) => set('email')(e.currentTarget.value)} error={errors.email} />
          </Grid.Col>
          <Grid.Col span={6}>
            <Autocomplete label="Target specialty" data={(specialties.data ?? []).map((s) => s.name)} value={draft.targetSpecialty} onChange={set('targetSpecialty')} error={errors.targetSpecialty} />
          </Grid.Col>
        </Grid>
        <Text fz="xs" c="dimmed" mt="xs">
          Exams, practice results and the rest of the profile are added on the student's page. The addition is recorded in the audit log.
        </Text>
        <Group justify="end" mt="md">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            Add student
          </Button>
        </Group>
      </form>
    </Modal>
  );
}
