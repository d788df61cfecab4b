import { Alert, Button, Grid, Group, Modal, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { type Student } from '../../../../shared/domain';
import { call } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { navigate } from '../../router';
import { fieldErrors, type FieldErrors } from '../student/fieldErrors';
import { EMPTY_PROFILE, ProfileField, profileFieldsOf, type ProfileDraft, type ProfileFieldName } from '../student/ProfileFields';

/** The whole record as stored: what the form does not ask is "not recorded", to be filled in on the student page. */
function studentOf(d: ProfileDraft): Student {
  return { id: d.id.trim(), ...profileFieldsOf(d), customFields: {} };
}

/** The fields asked when adding, and their widths (of 12): who the student is, and enough to place them on the roster. */
const ADD_LAYOUT: [ProfileFieldName, number][] = [
  ['id', 4],
  ['firstName', 4],
  ['lastName', 4],
  ['gradYear', 4],
  ['applicantType', 4],
  ['advisor', 4],
  ['email', 6],
  ['targetSpecialty', 6],
];

/**
 * Adds one student by hand (a transfer, a student the registrar's file missed). The core validates the
 * record and refuses an ID already taken, naming whose it is; the new student's page opens on success.
 */
export function AddStudentModal({ opened, onClose, advisors }: { opened: boolean; onClose: () => void; advisors: string[] }) {
  const [draft, setDraft] = useState<ProfileDraft>(EMPTY_PROFILE);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const specialties = useQuery('specialties.list', {});
  const set = <K extends ProfileFieldName>(k: K, v: ProfileDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const close = () => (setDraft(EMPTY_PROFILE), setErrors({}), onClose());

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
          {ADD_LAYOUT.map(([field, span]) => (
            <Grid.Col span={span} key={field}>
              <ProfileField
                field={field}
                draft={draft}
                onChange={set}
                errors={errors}
                specialties={(specialties.data ?? []).map((s) => s.name)}
                advisors={advisors}
                autoFocus={field === 'id'}
              />
            </Grid.Col>
          ))}
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
