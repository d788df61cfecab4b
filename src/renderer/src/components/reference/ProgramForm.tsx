import { NumberInput, Select, SimpleGrid, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { PROGRAM_KINDS, PROGRAM_KIND_LABELS, type ProgramKind } from '../../../../shared/api';
import type { Program, Specialty } from '../../../../shared/domain';
import { call } from '../../api/client';
import { changeLines } from './ChangeSummary';
import { ReviewedChangeModal, useReviewedChange } from './ReviewedChange';

export type ProgramFormMode = { type: 'edit'; program: Program } | { type: 'add'; specialtyId: number | null };

const FIELDS = ['name', 'city', 'state', 'kind', 'stepCkMinimum', 'note'] as const;
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
  // The specialty is chosen from a list named "specialty"; the handler calls it specialtyId.
  const flow = useReviewedChange<ProgramFields>({ fieldsShown: () => FIELDS, rename: { specialtyId: 'specialty' } });
  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    flow.clearErrors();
  };
  const errors = flow.errors;
  const specialtyName = (id: number | null | undefined) => (id === undefined ? undefined : id === null ? 'No specialty' : (specialties.find((s) => s.id === id)?.name ?? `#${id}`));

  const review = () =>
    flow.review(check(draft), () => {
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
      return { next, lines };
    });

  const save = () =>
    flow.confirm(async (next) => {
      const saved = mode.type === 'edit' ? await call('programs.update', { id: mode.program.id, program: next }) : await call('programs.add', next);
      onSaved(`Saved: ${saved.name}${saved.city ? `, ${saved.city}` : ''}`, saved);
    });

  return (
    <ReviewedChangeModal
      title={mode.type === 'edit' ? `Edit ${mode.program.name}` : 'Add a program'}
      question={mode.type === 'edit' ? 'Save these changes?' : 'Add this program?'}
      adding={mode.type === 'add'}
      flow={flow}
      onReview={review}
      onConfirm={() => void save()}
      onClose={onClose}
    >
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
    </ReviewedChangeModal>
  );
}
