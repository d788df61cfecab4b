import { Alert, Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { PROGRAM_KINDS, PROGRAM_KIND_LABELS, type ProgramKind } from '../../../../shared/api';
import type { Program, Specialty } from '../../../../shared/domain';
import { call } from '../../api/client';
import { ChangeSummary, changeLines, type ChangeLine } from './ChangeSummary';
import { NO_ERRORS, formErrors, type FormErrors } from './formErrors';

export type ProgramFormMode = { type: 'edit'; program: Program } | { type: 'add'; specialtyId: number | null };

const FIELDS = ['name', 'specialtyId', 'city', 'state', 'kind', 'stepCkMinimum', 'note'] as const;
const NO_SPECIALTY = 'none';

interface Draft {
  name: string;
  specialty: string;
  city: string;
  state: string;
  kind: ProgramKind | null;
  stepCkMinimum: number | string;
  note: string;
}

type ProgramFields = Omit<Program, 'id'>;

function initialDraft(mode: ProgramFormMode): Draft {
  const p = mode.type === 'edit' ? mode.program : null;
  const specialtyId = p ? p.specialtyId : mode.type === 'add' ? mode.specialtyId : null;
  return {
    name: p?.name ?? '',
    specialty: specialtyId === null ? NO_SPECIALTY : String(specialtyId),
    city: p?.city ?? '',
    state: p?.state ?? '',
    kind: p?.kind ?? null,
    stepCkMinimum: p?.stepCkMinimum ?? '',
    note: p?.note ?? '',
  };
}

function toProgram(d: Draft): ProgramFields {
  return {
    name: d.name.trim(),
    specialtyId: d.specialty === NO_SPECIALTY ? null : Number(d.specialty),
    city: d.city.trim() || null,
    state: d.state.trim() || null,
    kind: d.kind,
    stepCkMinimum: d.stepCkMinimum === '' ? null : Number(d.stepCkMinimum),
    note: d.note.trim() || null,
  };
}

function check(d: Draft): Record<string, string> {
  const f: Record<string, string> = {};
  if (!d.name.trim()) f.name = 'A program needs a name';
  if (d.stepCkMinimum !== '') {
    const n = Number(d.stepCkMinimum);
    if (!Number.isInteger(n) || n < 1 || n > 300) f.stepCkMinimum = 'A Step 2 CK score is a whole number from 1 to 300';
  }
  return f;
}

/** Add or edit a residency program; confirmed before it is written, refusals shown at their fields. */
export function ProgramForm({ mode, specialties, onClose, onSaved }: { mode: ProgramFormMode; specialties: Specialty[]; onClose: () => void; onSaved: (message: string, program: Program) => void }) {
  const [draft, setDraft] = useState<Draft>(() => initialDraft(mode));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [confirming, setConfirming] = useState<{ next: ProgramFields; lines: ChangeLine[] } | null>(null);
  const [saving, setSaving] = useState(false);
  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setErrors(NO_ERRORS);
  };
  const specialtyName = (id: number | null | undefined) => (id === undefined ? undefined : id === null ? 'No specialty' : (specialties.find((s) => s.id === id)?.name ?? `#${id}`));

  const review = () => {
    const fields = check(draft);
    if (Object.keys(fields).length) return setErrors({ fields, general: null });
    const next = toProgram(draft);
    const before = mode.type === 'edit' ? mode.program : null;
    const lines = changeLines([
      { label: 'Name', from: before?.name, to: next.name },
      { label: 'Specialty', from: before ? specialtyName(before.specialtyId) : null, to: specialtyName(next.specialtyId) },
      { label: 'City', from: before?.city, to: next.city },
      { label: 'State', from: before?.state, to: next.state },
      { label: 'Kind', from: before?.kind && PROGRAM_KIND_LABELS[before.kind], to: next.kind && PROGRAM_KIND_LABELS[next.kind] },
      { label: 'Step 2 CK minimum', from: before?.stepCkMinimum?.toString(), to: next.stepCkMinimum?.toString() },
      { label: 'Note', from: before?.note, to: next.note },
    ]);
    if (!lines.length) return setErrors({ fields: {}, general: 'Nothing has changed.' });
    setConfirming({ next, lines });
  };

  const save = async () => {
    if (!confirming) return;
    setSaving(true);
    try {
      const saved = mode.type === 'edit' ? await call('programs.update', { id: mode.program.id, program: confirming.next }) : await call('programs.add', confirming.next);
      onSaved(`Saved: ${saved.name}${saved.city ? `, ${saved.city}` : ''}`, saved);
    } catch (err) {
      const e = formErrors(err, FIELDS);
      // The specialty is chosen from a list named "specialty".
      setErrors({ general: e.general, fields: { ...e.fields, ...(e.fields.specialtyId ? { specialty: e.fields.specialtyId } : {}) } });
      setConfirming(null);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={mode.type === 'edit' ? `Edit ${mode.program.name}` : 'Add a program'} size="lg">
      {confirming ? (
        <Stack>
          <Text>{mode.type === 'edit' ? 'Save these changes?' : 'Add this program?'}</Text>
          <ChangeSummary lines={confirming.lines} adding={mode.type === 'add'} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(null)} disabled={saving}>
              Back
            </Button>
            <Button onClick={() => void save()} loading={saving}>
              Confirm and save
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <TextInput label="Program name" value={draft.name} onChange={(e) => set({ name: e.currentTarget.value })} error={errors.fields.name} required data-autofocus />
          <Select
            label="Specialty"
            data={[{ value: NO_SPECIALTY, label: 'No specialty' }, ...specialties.map((s) => ({ value: String(s.id), label: s.name }))]}
            value={draft.specialty}
            onChange={(v) => set({ specialty: v ?? NO_SPECIALTY })}
            error={errors.fields.specialty}
            searchable
            allowDeselect={false}
          />
          <SimpleGrid cols={3}>
            <TextInput label="City" value={draft.city} onChange={(e) => set({ city: e.currentTarget.value })} error={errors.fields.city} />
            <TextInput label="State" value={draft.state} onChange={(e) => set({ state: e.currentTarget.value })} error={errors.fields.state} />
            <Select
              label="Kind"
              data={PROGRAM_KINDS.map((k) => ({ value: k, label: PROGRAM_KIND_LABELS[k] }))}
              value={draft.kind}
              onChange={(v) => set({ kind: (v as ProgramKind | null) ?? null })}
              error={errors.fields.kind}
              clearable
            />
          </SimpleGrid>
          <NumberInput
            label="Step 2 CK minimum"
            description="The score below which the program is known to screen applicants out; blank if not known."
            value={draft.stepCkMinimum}
            onChange={(v) => set({ stepCkMinimum: v })}
            allowDecimal={false}
            min={1}
            max={300}
            error={errors.fields.stepCkMinimum}
          />
          <Textarea label="Note" autosize minRows={2} value={draft.note} onChange={(e) => set({ note: e.currentTarget.value })} error={errors.fields.note} />
          {errors.general && (
            <Alert color="red" role="alert" title="Not saved">
              {errors.general}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button onClick={review}>Review change</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
