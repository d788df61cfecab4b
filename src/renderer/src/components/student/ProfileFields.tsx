import { Autocomplete, NumberInput, Select, Textarea, TextInput } from '@mantine/core';
import type { Student } from '../../../../shared/domain';
import { APPLICANT_TYPE_CHOICES } from '../choices';
import type { FieldErrors } from './fieldErrors';

/**
 * A student's record as the two forms that write it edit it (adding a student, the profile on the
 * student page): each field with one label, one kind of box and one meaning of blank, so the two
 * never drift apart. Custom fields are the profile's own (ProfilePanel's editor).
 */
export interface ProfileDraft {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  gradYear: number | string;
  applicantType: string | null;
  targetSpecialty: string;
  backupSpecialty: string;
  advisor: string;
  usceMonths: number | string;
  usLetters: number | string;
  step1Deadline: string;
  notes: string;
}
export type ProfileFieldName = keyof ProfileDraft;

export const PROFILE_LABELS: Record<ProfileFieldName, string> = {
  id: 'Student ID',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  gradYear: 'Class (graduation year)',
  applicantType: 'Applicant type',
  targetSpecialty: 'Target specialty',
  backupSpecialty: 'Backup specialty',
  advisor: 'Advisor',
  usceMonths: 'USCE months',
  usLetters: 'US letters',
  step1Deadline: 'Step 1 deadline override',
  notes: 'Notes',
};

export const EMPTY_PROFILE: ProfileDraft = {
  id: '',
  firstName: '',
  lastName: '',
  email: '',
  gradYear: '',
  applicantType: null,
  targetSpecialty: '',
  backupSpecialty: '',
  advisor: '',
  usceMonths: '',
  usLetters: '',
  step1Deadline: '',
  notes: '',
};

export function profileDraftOf(s: Student): ProfileDraft {
  return {
    id: s.id,
    firstName: s.firstName,
    lastName: s.lastName,
    email: s.email ?? '',
    gradYear: s.gradYear,
    applicantType: s.applicantType,
    targetSpecialty: s.targetSpecialty ?? '',
    backupSpecialty: s.backupSpecialty ?? '',
    advisor: s.advisor ?? '',
    usceMonths: s.usceMonths ?? '',
    usLetters: s.usLetters ?? '',
    step1Deadline: s.step1Deadline ?? '',
    notes: s.notes ?? '',
  };
}

const text = (v: string) => (v.trim() === '' ? null : v.trim());
/** A cleared number box means "not recorded" (null), never zero (RULES.md §3). */
const num = (v: number | string) => (v === '' || v === null ? null : Number(v));

/** The record's fields from the form (custom fields aside): blank boxes are "not recorded". */
export function profileFieldsOf(d: ProfileDraft): Omit<Student, 'id' | 'customFields'> {
  return {
    firstName: d.firstName.trim(),
    lastName: d.lastName.trim(),
    email: text(d.email),
    gradYear: Number(d.gradYear),
    applicantType: (d.applicantType as Student['applicantType']) ?? null,
    targetSpecialty: text(d.targetSpecialty),
    backupSpecialty: text(d.backupSpecialty),
    advisor: text(d.advisor),
    usceMonths: num(d.usceMonths),
    usLetters: num(d.usLetters),
    step1Deadline: text(d.step1Deadline),
    // Notes keep their line breaks; only surrounding blanks go.
    notes: text(d.notes),
  };
}

interface FieldProps {
  field: ProfileFieldName;
  draft: ProfileDraft;
  onChange: <K extends ProfileFieldName>(field: K, value: ProfileDraft[K]) => void;
  errors: FieldErrors;
  /** Names offered for the target and backup specialty (the reference table's). */
  specialties?: string[];
  /** Names offered for the advisor (the roster's). */
  advisors?: string[];
  autoFocus?: boolean;
}

/** One field of the record, labelled and explained the same wherever it is edited. */
export function ProfileField({ field, draft, onChange, errors, specialties = [], advisors = [], autoFocus }: FieldProps) {
  const label = PROFILE_LABELS[field];
  const error = errors[field];
  const focus = autoFocus ? { 'data-autofocus': true } : {};
  const textBox = (f: 'id' | 'firstName' | 'lastName' | 'email', extra: { type?: string; required?: boolean }) => (
    <TextInput label={label} value={draft[f]} onChange={(e) => onChange(f, e.currentTarget.value)} error={error} {...extra} {...focus} />
  );
  switch (field) {
    case 'id':
    case 'firstName':
    case 'lastName':
      return textBox(field, { required: true });
    case 'email':
      return textBox(field, { type: 'email' });
    case 'gradYear':
      return <NumberInput label={label} required value={draft.gradYear} onChange={(v) => onChange('gradYear', v)} allowDecimal={false} error={error} {...focus} />;
    case 'applicantType':
      return <Select label={label} data={APPLICANT_TYPE_CHOICES} value={draft.applicantType} onChange={(v) => onChange('applicantType', v)} clearable error={error} {...focus} />;
    case 'targetSpecialty':
    case 'backupSpecialty':
      return <Autocomplete label={label} data={specialties} value={draft[field]} onChange={(v) => onChange(field, v)} error={error} {...focus} />;
    case 'advisor':
      return <Autocomplete label={label} data={advisors} value={draft.advisor} onChange={(v) => onChange('advisor', v)} error={error} {...focus} />;
    case 'usceMonths':
      return <NumberInput label={label} description="Blank = not recorded" value={draft.usceMonths} onChange={(v) => onChange('usceMonths', v)} min={0} error={error} {...focus} />;
    case 'usLetters':
      return <NumberInput label={label} description="Blank = not recorded" value={draft.usLetters} onChange={(v) => onChange('usLetters', v)} min={0} allowDecimal={false} error={error} {...focus} />;
    case 'step1Deadline':
      return (
        <TextInput label={label} description="Blank = the class deadline" type="date" value={draft.step1Deadline} onChange={(e) => onChange('step1Deadline', e.currentTarget.value)} error={error} {...focus} />
      );
    case 'notes':
      return <Textarea label={label} autosize minRows={2} maxRows={8} value={draft.notes} onChange={(e) => onChange('notes', e.currentTarget.value)} error={error} {...focus} />;
  }
}
