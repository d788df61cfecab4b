import { NumberInput, Select, SimpleGrid, TagsInput, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { TIERS, TIER_LABELS, isIsoDate, localToday, type Specialty, type Tier } from '../../../../shared/domain';
import { formatDate } from '../../format';
import { changeLines } from './ChangeSummary';
import { ReviewedChangeModal, useReviewedChange } from './ReviewedChange';
import { addSpecialty, updateSpecialty, type SpecialtyDraft } from './referenceActions';

export type SpecialtyFormMode = { type: 'edit'; specialty: Specialty } | { type: 'add'; source: string };

const FIELDS = ['name', 'tier', 'referenceCk', 'aliases', 'source', 'effectiveDate', 'note'] as const;

interface Draft {
  name: string;
  tier: Tier | null;
  referenceCk: number | string;
  aliases: string[];
  source: string;
  effectiveDate: string;
  note: string;
}

function initialDraft(mode: SpecialtyFormMode): Draft {
  if (mode.type === 'add') return { name: '', tier: null, referenceCk: '', aliases: [], source: mode.source, effectiveDate: localToday(), note: '' };
  const s = mode.specialty;
  return { name: s.name, tier: s.tier, referenceCk: s.referenceCk ?? '', aliases: [...s.aliases], source: s.source, effectiveDate: s.effectiveDate, note: s.note ?? '' };
}

function check(d: Draft): Record<string, string> {
  const f: Record<string, string> = {};
  if (!d.name.trim()) f.name = 'A specialty needs a name';
  if (!d.tier) f.tier = 'Choose how competitive the specialty is';
  if (d.referenceCk !== '') {
    const n = Number(d.referenceCk);
    if (!Number.isInteger(n) || n < 1 || n > 300) f.referenceCk = 'A Step 2 CK score is a whole number from 1 to 300';
  }
  if (!isIsoDate(d.effectiveDate.trim())) f.effectiveDate = 'Enter a real date as YYYY-MM-DD';
  if (!d.source.trim()) f.source = 'Say where the reference score comes from';
  return f;
}

function toSpecialty(d: Draft): SpecialtyDraft {
  return {
    name: d.name.trim(),
    tier: d.tier!,
    referenceCk: d.referenceCk === '' ? null : Number(d.referenceCk),
    aliases: d.aliases.map((a) => a.trim()).filter(Boolean),
    source: d.source.trim(),
    effectiveDate: d.effectiveDate.trim(),
    note: d.note.trim() || null,
  };
}

const ckText = (ck: number | null, tierDefault: (t: Tier) => number | null, tier: Tier) => (ck === null ? `tier default ${tierDefault(tier) ?? '?'}` : String(ck));

/** Add or edit a specialty row; the change is shown for confirmation, and the handler's refusals land at their fields. */
export function SpecialtyForm({
  mode,
  tierDefault,
  onClose,
  onSaved,
}: {
  mode: SpecialtyFormMode;
  tierDefault: (tier: Tier) => number | null;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const [draft, setDraft] = useState<Draft>(() => initialDraft(mode));
  const flow = useReviewedChange<SpecialtyDraft>({ fieldsShown: () => FIELDS });
  const errors = flow.errors;
  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    flow.clearErrors();
  };

  const review = () =>
    flow.review(check(draft), () => {
      const next = toSpecialty(draft);
      const before = mode.type === 'edit' ? mode.specialty : null;
      const lines = changeLines([
        { label: 'Name', from: before?.name, to: next.name },
        { label: 'Tier', from: before && TIER_LABELS[before.tier], to: TIER_LABELS[next.tier] },
        { label: 'Reference CK', from: before && ckText(before.referenceCk, tierDefault, before.tier), to: ckText(next.referenceCk, tierDefault, next.tier) },
        { label: 'Aliases', from: before?.aliases.join(', '), to: next.aliases.join(', ') },
        { label: 'Source', from: before?.source, to: next.source },
        { label: 'Effective', from: before && formatDate(before.effectiveDate), to: formatDate(next.effectiveDate) },
        { label: 'Note', from: before?.note, to: next.note },
      ]);
      return { next, lines };
    });

  const save = () =>
    flow.confirm(async (next) => {
      if (mode.type === 'edit') await updateSpecialty(mode.specialty, next);
      else await addSpecialty(next);
      onSaved(`Saved: ${next.name} (${TIER_LABELS[next.tier].toLowerCase()}), reference CK ${ckText(next.referenceCk, tierDefault, next.tier)}`);
    });

  const fallback = draft.tier ? tierDefault(draft.tier) : null;
  return (
    <ReviewedChangeModal
      title={mode.type === 'edit' ? `Edit ${mode.specialty.name}` : 'Add a specialty'}
      question={`${mode.type === 'edit' ? 'Save these changes?' : 'Add this specialty?'} Students targeting it are judged against the new values at once.`}
      adding={mode.type === 'add'}
      flow={flow}
      onReview={review}
      onConfirm={() => void save()}
      onClose={onClose}
    >
      <TextInput label="Name" value={draft.name} onChange={(e) => set({ name: e.currentTarget.value })} error={errors.fields.name} required data-autofocus />
      <SimpleGrid cols={2}>
        <Select
          label="Tier"
          data={TIERS.map((t) => ({ value: t, label: TIER_LABELS[t] }))}
          value={draft.tier}
          onChange={(v) => set({ tier: (v as Tier | null) ?? null })}
          error={errors.fields.tier}
          required
          allowDeselect={false}
        />
        <NumberInput
          label="Reference Step 2 CK"
          description={fallback !== null ? `Blank: the tier default (${fallback})` : 'Blank: the tier default'}
          value={draft.referenceCk}
          onChange={(v) => set({ referenceCk: v })}
          allowDecimal={false}
          min={1}
          max={300}
          error={errors.fields.referenceCk}
        />
      </SimpleGrid>
      <TagsInput
        label="Aliases"
        description="Other names and abbreviations advisors type (press Enter after each)."
        value={draft.aliases}
        onChange={(aliases) => set({ aliases })}
        error={errors.fields.aliases}
        clearable
      />
      <TextInput label="Source" description='Cite "NRMP Charting Outcomes" and its year for a median score.' value={draft.source} onChange={(e) => set({ source: e.currentTarget.value })} error={errors.fields.source} required />
      <TextInput label="Effective date" placeholder="YYYY-MM-DD" value={draft.effectiveDate} onChange={(e) => set({ effectiveDate: e.currentTarget.value })} error={errors.fields.effectiveDate} required />
      <Textarea label="Note" autosize minRows={2} value={draft.note} onChange={(e) => set({ note: e.currentTarget.value })} error={errors.fields.note} />
    </ReviewedChangeModal>
  );
}
