import { NumberInput, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { Setting } from '../../../../shared/domain';
import { settingFamily } from '../../../../shared/rules/setting-values';
import { classStep1DeadlineKey, reviewDateKey } from '../../../../shared/rules/timeline';
import { changeLines, type ChangeLine } from './ChangeSummary';
import type { Fact } from './factGroups';
import { addSettingRow, updateSettingRow } from './referenceActions';
import { ReviewedChangeModal, useReviewedChange } from './ReviewedChange';
import { KIND_HINTS, checkEffectiveDate, checkSettingValue, formatEffective, formatSettingValue } from './settingValues';

/** A yearly fact the office adds: a season's published ERAS review date, or a class's Step 1 deadline. */
export type YearlyFact = 'season' | 'class';

/** Edit one row, add a dated row to a fact, or add a yearly fact (one date for one season or class). */
export type SettingFormMode =
  | { type: 'edit'; fact: Fact; row: Setting }
  | { type: 'add'; fact: Fact }
  | { type: 'yearly'; yearly: YearlyFact; taken: number[]; source: string };

/** The inputs a mode shows: a handler's refusal about any other field is shown above the buttons instead. */
function fieldsShown(mode: SettingFormMode): string[] {
  if (mode.type === 'yearly') return ['year', 'key', 'value', 'source', 'note'];
  if (mode.type === 'edit' && mode.row.effectiveFrom === null) return ['value', 'source', 'note'];
  return ['value', 'effectiveFrom', 'source', 'note'];
}

const YEARLY_TEXT: Record<YearlyFact, { title: string; year: string; yearHint: string; value: string; key: (year: number) => string; taken: (y: number) => string }> = {
  season: {
    title: "Add a season's ERAS review date",
    year: 'Season',
    yearHint: 'The class of 2028 applies in the ERAS 2028 season; programs review in the autumn of 2027.',
    value: 'Programs may review applications from',
    key: reviewDateKey,
    taken: (y) => `The ${y} season already has a review date; edit it instead`,
  },
  class: {
    title: "Add a class's Step 1 deadline",
    year: 'Class (graduation year)',
    yearHint: 'Replaces the default deadline rule for this class only.',
    value: 'Step 1 deadline',
    key: classStep1DeadlineKey,
    taken: (y) => `The class of ${y} already has a Step 1 deadline; edit it instead`,
  },
};

interface Draft {
  value: string;
  effectiveFrom: string;
  source: string;
  note: string;
  year: number | string;
}

function initialDraft(mode: SettingFormMode): Draft {
  if (mode.type === 'edit') return { value: mode.row.value, effectiveFrom: mode.row.effectiveFrom ?? '', source: mode.row.source, note: mode.row.note ?? '', year: '' };
  if (mode.type === 'add') return { value: '', effectiveFrom: '', source: mode.fact.rows[mode.fact.rows.length - 1].source, note: '', year: '' };
  const next = mode.taken.length ? Math.max(...mode.taken) + 1 : new Date().getFullYear() + 1;
  return { value: '', effectiveFrom: '', source: mode.source, note: '', year: next };
}

export function settingTitle(mode: SettingFormMode): string {
  if (mode.type === 'edit') return `Edit ${mode.fact.label} (${formatEffective(mode.row.effectiveFrom)})`;
  if (mode.type === 'add') return `Add a dated value: ${mode.fact.label}`;
  return YEARLY_TEXT[mode.yearly].title;
}

/** The fact's key and kind: a yearly fact's come from its family, as the main process will decide them. */
function target(mode: SettingFormMode, d: Draft): { key: string; kind: Setting['kind']; label: string } {
  if (mode.type !== 'yearly') return { key: mode.fact.key, kind: mode.fact.kind, label: mode.fact.label };
  const key = YEARLY_TEXT[mode.yearly].key(Number(d.year));
  const family = settingFamily(key);
  return { key, kind: family?.kind ?? 'date', label: family?.label ?? key };
}

/** The row as it will be sent, built from the draft (trimmed; blanks become null). */
function rowFromDraft(mode: SettingFormMode, d: Draft): Setting {
  const common = { value: d.value.trim(), source: d.source.trim(), note: d.note.trim() || null };
  if (mode.type === 'edit') return { ...mode.row, ...common, effectiveFrom: mode.row.effectiveFrom === null ? null : d.effectiveFrom.trim() };
  return { ...target(mode, d), ...common, effectiveFrom: mode.type === 'add' ? d.effectiveFrom.trim() : null };
}

function yearProblem(mode: SettingFormMode & { type: 'yearly' }, d: Draft): string | null {
  const year = Number(d.year);
  if (d.year === '' || !Number.isInteger(year) || year < 2000 || year > 2100) return 'Enter a year, e.g. 2028';
  return mode.taken.includes(year) ? YEARLY_TEXT[mode.yearly].taken(year) : null;
}

function checkDraft(mode: SettingFormMode, d: Draft): Record<string, string> {
  const fields: Record<string, string> = {};
  if (mode.type === 'yearly') {
    const problem = yearProblem(mode, d);
    if (problem) return { year: problem };
  }
  const { key, kind } = target(mode, d);
  const valueProblem = checkSettingValue(key, kind, d.value);
  if (valueProblem) fields.value = valueProblem;
  // A base row ("since always") keeps no date; a dated row always has one.
  if (mode.type === 'add' || (mode.type === 'edit' && mode.row.effectiveFrom !== null)) {
    const dateProblem = checkEffectiveDate(d.effectiveFrom);
    const taken = mode.fact.rows.find((r) => r.effectiveFrom === d.effectiveFrom.trim() && (mode.type === 'add' || r !== mode.row));
    if (dateProblem) fields.effectiveFrom = dateProblem;
    else if (taken) fields.effectiveFrom = `There is already a value ${formatEffective(taken.effectiveFrom)}; edit that one instead`;
  }
  if (!d.source.trim()) fields.source = 'Say where the value comes from';
  return fields;
}

function linesFor(mode: SettingFormMode, next: Setting): ChangeLine[] {
  if (mode.type === 'edit') {
    const before = mode.row;
    return changeLines([
      { label: 'Value', from: formatSettingValue(before.kind, before.value), to: formatSettingValue(next.kind, next.value) },
      { label: 'Effective', from: formatEffective(before.effectiveFrom), to: formatEffective(next.effectiveFrom) },
      { label: 'Source', from: before.source, to: next.source },
      { label: 'Note', from: before.note, to: next.note },
    ]);
  }
  return changeLines([
    { label: 'Fact', from: null, to: next.label },
    { label: 'Value', from: null, to: formatSettingValue(next.kind, next.value) },
    { label: 'Effective', from: null, to: formatEffective(next.effectiveFrom) },
    { label: 'Source', from: null, to: next.source },
    { label: 'Note', from: null, to: next.note },
  ]);
}

export function SettingForm({ mode, onClose, onSaved }: { mode: SettingFormMode; onClose: () => void; onSaved: (message: string) => void }) {
  const [draft, setDraft] = useState<Draft>(() => initialDraft(mode));
  const flow = useReviewedChange<Setting>({ fieldsShown: () => fieldsShown(mode), rename: { key: 'year' } });
  const errors = flow.errors;
  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    flow.clearErrors();
  };
  const { kind } = target(mode, draft);
  const yearly = mode.type === 'yearly' ? YEARLY_TEXT[mode.yearly] : null;
  const isBaseRow = mode.type === 'edit' && mode.row.effectiveFrom === null;

  const review = () =>
    flow.review(checkDraft(mode, draft), () => {
      const next = rowFromDraft(mode, draft);
      return { next, lines: linesFor(mode, next) };
    });

  const save = () =>
    flow.confirm(async (next) => {
      const saved = mode.type === 'edit' ? await updateSettingRow(mode.row, next) : await addSettingRow(next);
      onSaved(`Saved: ${saved.label}, ${formatEffective(saved.effectiveFrom)}: ${formatSettingValue(saved.kind, saved.value)}`);
    });

  return (
    <ReviewedChangeModal
      title={settingTitle(mode)}
      question={`${mode.type === 'edit' ? 'Save these changes?' : 'Add this value?'} The flags use it as soon as it is saved.`}
      adding={mode.type !== 'edit'}
      flow={flow}
      onReview={review}
      onConfirm={() => void save()}
      onClose={onClose}
    >
      {yearly && (
        <NumberInput label={yearly.year} description={yearly.yearHint} value={draft.year} onChange={(v) => set({ year: v })} allowDecimal={false} min={2000} max={2100} error={errors.fields.year} data-autofocus />
      )}
      <TextInput
        label={yearly ? yearly.value : 'Value'}
        description={KIND_HINTS[kind]}
        placeholder={kind === 'date' ? 'YYYY-MM-DD' : kind === 'monthDay' ? 'MM-DD' : undefined}
        inputMode={kind === 'number' ? 'decimal' : undefined}
        value={draft.value}
        onChange={(e) => set({ value: e.currentTarget.value })}
        error={errors.fields.value}
        required
        data-autofocus={yearly ? undefined : true}
      />
      {mode.type !== 'yearly' &&
        (isBaseRow ? (
          <Text fz="sm" c="dimmed">
            In force since always: the base value every date before a dated value falls back on. To change the value from a date on, add a dated value instead.
          </Text>
        ) : (
          <TextInput
            label="Takes effect on"
            description="The first test date (or day) the value applies to, YYYY-MM-DD."
            placeholder="YYYY-MM-DD"
            value={draft.effectiveFrom}
            onChange={(e) => set({ effectiveFrom: e.currentTarget.value })}
            error={errors.fields.effectiveFrom}
            required
          />
        ))}
      <TextInput label="Source" description="Where the value comes from, as it should be cited." value={draft.source} onChange={(e) => set({ source: e.currentTarget.value })} error={errors.fields.source} required />
      <Textarea label="Note" autosize minRows={2} value={draft.note} onChange={(e) => set({ note: e.currentTarget.value })} error={errors.fields.note} />
    </ReviewedChangeModal>
  );
}
