import { Anchor, Badge, Button, Group, Table, Text, Tooltip, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useMemo, useState } from 'react';
import { TIER_LABELS, type Specialty, type Tier } from '../../../../shared/domain';
import { shortSource, type SpecialtyReference } from '../../../../shared/rules/specialties';
import { formatDate } from '../../format';

export type SpecialtySortKey = 'name' | 'tier' | 'reference' | 'source' | 'effectiveDate';

const TIER_ORDER: Record<Tier, number> = { highly: 0, moderately: 1, less: 2 };
export const TIER_COLORS: Record<Tier, string> = { highly: 'red', moderately: 'orange', less: 'teal' };

const COLUMNS: { key: SpecialtySortKey | null; label: string; width?: number }[] = [
  { key: 'name', label: 'Specialty', width: 200 },
  { key: 'tier', label: 'Tier', width: 95 },
  { key: 'reference', label: 'Reference CK', width: 115 },
  { key: null, label: 'Aliases', width: 180 },
  { key: 'source', label: 'Source', width: 150 },
  { key: 'effectiveDate', label: 'Effective', width: 105 },
  { key: null, label: 'Note' },
];

export interface SpecialtyRowActions {
  edit(s: Specialty): void;
  remove(s: Specialty): void;
  showPrograms(s: Specialty): void;
}

/** The office's specialty table, sortable by any column with a value; the reference shown is the one the rules use. */
export function SpecialtyTable({
  specialties,
  referenceOf,
  programCounts,
  actions,
}: {
  specialties: Specialty[];
  referenceOf: (s: Specialty) => SpecialtyReference | null;
  programCounts: Map<number, number>;
  actions: SpecialtyRowActions;
}) {
  const [sort, setSort] = useState<SpecialtySortKey>('name');
  const [direction, setDirection] = useState<'asc' | 'desc'>('asc');
  const sorted = useMemo(() => {
    const value = (s: Specialty): string | number => {
      switch (sort) {
        case 'name':
          return s.name.toLowerCase();
        case 'tier':
          return TIER_ORDER[s.tier];
        case 'reference':
          return referenceOf(s)?.referenceCk ?? -1;
        case 'source':
          return s.source.toLowerCase();
        case 'effectiveDate':
          return s.effectiveDate;
      }
    };
    const sign = direction === 'asc' ? 1 : -1;
    // Ties fall back to the name so the order never depends on the database's.
    return [...specialties].sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      return (va < vb ? -1 : va > vb ? 1 : 0) * sign || a.name.localeCompare(b.name);
    });
  }, [specialties, sort, direction, referenceOf]);

  const toggle = (key: SpecialtySortKey) => {
    if (key === sort) setDirection(direction === 'asc' ? 'desc' : 'asc');
    else (setSort(key), setDirection(key === 'reference' ? 'desc' : 'asc'));
  };

  return (
    <Table.ScrollContainer minWidth={1100}>
      <Table verticalSpacing={6} striped highlightOnHover aria-label="Specialties">
        <Table.Thead>
          <Table.Tr>
            {COLUMNS.map((c) => (
              <Table.Th key={c.label} w={c.width} aria-sort={c.key && sort === c.key ? (direction === 'asc' ? 'ascending' : 'descending') : undefined}>
                {c.key ? (
                  <UnstyledButton fw={600} fz="sm" onClick={() => toggle(c.key!)}>
                    {c.label} {sort === c.key ? (direction === 'asc' ? '▲' : '▼') : ''}
                  </UnstyledButton>
                ) : (
                  c.label
                )}
              </Table.Th>
            ))}
            <Table.Th w={125}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((s) => {
            const ref = referenceOf(s);
            const programs = programCounts.get(s.id) ?? 0;
            return (
              <Table.Tr key={s.id} data-specialty={s.name}>
                <Table.Td>
                  <Text fw={600} fz="sm">
                    {s.name}
                  </Text>
                  {programs > 0 && (
                    <Anchor component="button" type="button" fz="xs" onClick={() => actions.showPrograms(s)} aria-label={`${programs} ${programs === 1 ? 'program' : 'programs'} in ${s.name}`}>
                      {programs} {programs === 1 ? 'program' : 'programs'}
                    </Anchor>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={TIER_COLORS[s.tier]} size="sm" tt="none" title={TIER_LABELS[s.tier]}>
                    {s.tier}
                  </Badge>
                </Table.Td>
                <Table.Td data-testid="reference-ck">
                  {s.referenceCk !== null ? (
                    <Text fz="sm" fw={600}>
                      {s.referenceCk}
                    </Text>
                  ) : (
                    <Text fz="sm" c="dimmed" fs="italic">
                      tier default {ref?.referenceCk ?? '?'}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {s.aliases.map((a) => (
                      <Badge key={a} variant="outline" color="gray" size="xs" tt="none">
                        {a}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td fz="xs">
                  {/* The short citation ("NRMP Charting Outcomes 2026"), as flag messages cite it; the full source on hover. */}
                  <Tooltip label={s.source} multiline w={360} openDelay={300}>
                    <Text fz="xs" span>
                      {shortSource(s.source)}
                    </Text>
                  </Tooltip>
                </Table.Td>
                <Table.Td fz="sm">{formatDate(s.effectiveDate)}</Table.Td>
                <Table.Td fz="xs" c={s.note ? undefined : 'dimmed'}>
                  {s.note ?? '—'}
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    <Button size="compact-sm" variant="light" onClick={() => actions.edit(s)} aria-label={`Edit ${s.name}`}>
                      Edit
                    </Button>
                    <Button size="compact-sm" variant="subtle" color="red" onClick={() => actions.remove(s)} aria-label={`Remove ${s.name}`}>
                      Remove
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
