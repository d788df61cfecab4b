import { Checkbox, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { memo } from 'react';
import { LIST_TIER_LABELS, type ListTier, type ProgramListEntry } from '../../../../shared/domain';
import type { ProgramLine } from '../../../../shared/outcomes/program-list';
import { TierBadge } from './TierBadge';

export type Draft = Map<number, ProgramListEntry>;

/** The tier a line shows with the advisor's draft applied: an override never applies to a program that is not eligible. */
export function draftTier(line: ProgramLine, entry: ProgramListEntry | undefined): ListTier {
  const override = entry?.tierOverride ?? null;
  return override !== null && line.computedTier !== 'not-eligible' ? override : line.computedTier;
}

const OVERRIDES = [
  { value: 'likely', label: 'Likely' },
  { value: 'target', label: 'Target' },
  { value: 'reach', label: 'Reach' },
];

const EVIDENCE_KIND: Record<ProgramLine['evidence']['kind'], string | null> = {
  program: "this program's own past matches",
  'school-specialty': "the school's matches in the specialty",
  national: 'national data',
  eligibility: 'program directory',
  none: null,
};

/**
 * The because-line's evidence at a glance, "this program's own past matches · n = 7 · 2023–2026":
 * what kind, how many, which years (and a national figure's source), without repeating the sentence
 * above it. Null when there is none to name (no CK yet, no data): the because-line says so.
 */
export function evidenceText(e: ProgramLine['evidence']): string | null {
  const kind = EVIDENCE_KIND[e.kind];
  if (kind === null) return null;
  const parts = [kind];
  if (e.n !== null) parts.push(`n = ${e.n}`);
  if (e.years) parts.push(e.years);
  if (e.kind === 'national' && e.source) parts.push(`source: ${e.source}`);
  return parts.join(' · ');
}

/**
 * Every program of the specialty, one row each: the tier (and the computed one when the advisor's
 * differs), the because-line with its evidence, not-known facts and signal history, and the
 * advisor's controls (tier, pin, exclude, note). Each row is named by its program for screen readers.
 */
export function ProgramListTable({ lines, draft, onChange, disabled }: { lines: ProgramLine[]; draft: Draft; onChange: (programId: number, patch: Partial<ProgramListEntry>) => void; disabled: boolean }) {
  return (
    <Table.ScrollContainer minWidth={980}>
      <Table verticalSpacing="xs" fz="sm" aria-label="Programs with their tiers" striped={false} highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="24%">Program</Table.Th>
            <Table.Th w="11%">Tier</Table.Th>
            <Table.Th>Because</Table.Th>
            <Table.Th w="24%">Advisor</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line) => (
            <ProgramRow key={line.programId} line={line} entry={draft.get(line.programId)} onChange={onChange} disabled={disabled} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * One program's row. Memoised: typing a note or ticking a box re-renders that row only, not the
 * hundreds of others a large specialty has (`onChange` is stable).
 */
const ProgramRow = memo(function ProgramRow({ line, entry, onChange, disabled }: { line: ProgramLine; entry: ProgramListEntry | undefined; onChange: (programId: number, patch: Partial<ProgramListEntry>) => void; disabled: boolean }) {
  const tier = draftTier(line, entry);
  const excluded = entry?.excluded ?? false;
  const place = [line.city, line.state].filter(Boolean).join(', ');
  return (
    <Table.Tr aria-label={line.name} data-testid="program-line" style={{ verticalAlign: 'top', ...(excluded ? { opacity: 0.6 } : {}) }}>
      <Table.Td>
        <Text fz="sm" fw={500} td={excluded ? 'line-through' : undefined}>
          {line.name}
        </Text>
        <Text fz="xs" c="dimmed">
          {[place, line.code ? `code ${line.code}` : null, line.positions !== null ? `${line.positions} positions` : null].filter(Boolean).join(' · ')}
        </Text>
      </Table.Td>
      <Table.Td>
        <Stack gap={4} align="flex-start">
          <TierBadge tier={tier} />
          {tier !== line.computedTier && (
            <Text fz="xs" c="dimmed">
              computed: {LIST_TIER_LABELS[line.computedTier]}
            </Text>
          )}
          {(entry?.pinned || excluded) && (
            <Text fz="xs" fw={500}>
              {[entry?.pinned ? 'Pinned' : null, excluded ? 'Excluded' : null].filter(Boolean).join(' · ')}
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Text fz="sm" data-testid="because">
          {line.because}
        </Text>
        {evidenceText(line.evidence) && (
          <Text fz="xs" c="dimmed" data-testid="evidence">
            Evidence: {evidenceText(line.evidence)}
          </Text>
        )}
        {line.signals && (
          <Text fz="xs" c="dimmed" data-testid="signals">
            Signals: {line.signals}
          </Text>
        )}
        {line.overrideNote && tier === line.tier && (
          <Text fz="xs" c="dimmed">
            {line.overrideNote}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Stack gap={6}>
          {/* A native select: light enough for hundreds of rows, and the platform's own keyboard handling. */}
          <NativeSelect
            size="xs"
            aria-label={`Tier for ${line.name}`}
            data={[{ value: '', label: line.computedTier === 'not-eligible' ? 'Not eligible: no tier' : `As computed (${LIST_TIER_LABELS[line.computedTier]})` }, ...OVERRIDES]}
            value={line.computedTier === 'not-eligible' ? '' : (entry?.tierOverride ?? '')}
            onChange={(e) => onChange(line.programId, { tierOverride: (e.currentTarget.value || null) as ProgramListEntry['tierOverride'] })}
            disabled={disabled || line.computedTier === 'not-eligible'}
          />
          <Group gap="md">
            <Checkbox size="xs" label="Pin" checked={entry?.pinned ?? false} disabled={disabled} onChange={(e) => onChange(line.programId, { pinned: e.currentTarget.checked })} aria-label={`Pin ${line.name}`} />
            <Checkbox size="xs" label="Exclude" checked={excluded} disabled={disabled} onChange={(e) => onChange(line.programId, { excluded: e.currentTarget.checked })} aria-label={`Exclude ${line.name}`} />
          </Group>
          <TextInput
            size="xs"
            aria-label={`Note for ${line.name}`}
            placeholder="Note for the student"
            value={entry?.annotation ?? ''}
            maxLength={1000}
            disabled={disabled}
            onChange={(e) => onChange(line.programId, { annotation: e.currentTarget.value === '' ? null : e.currentTarget.value })}
          />
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
});
