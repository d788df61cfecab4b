import { Badge, Button, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { Fragment } from 'react';
import type { Setting } from '../../../../shared/domain';
import { isOptionalSetting } from '../../../../shared/rules/setting-values';
import type { Fact } from './factGroups';
import { formatDatesIn } from '../../format';
import { formatEffective, formatSettingValue } from './settingValues';

export interface FactActions {
  edit(fact: Fact, row: Setting): void;
  addDated(fact: Fact): void;
  remove(fact: Fact, row: Setting): void;
}

/** "209 · 214 from Jul 1, 2022 · 218 from Jul 1, 2025": a dated schedule on one line. */
export function scheduleLine(fact: Fact): string {
  return fact.rows.map((r) => (r.effectiveFrom === null ? formatSettingValue(r.kind, r.value) : `${formatSettingValue(r.kind, r.value)} ${formatEffective(r.effectiveFrom)}`)).join(' · ');
}

const rowName = (fact: Fact, row: Setting) => `${fact.label}, ${formatEffective(row.effectiveFrom)}`;

/**
 * A dated row can go (the value before it applies again). The base row ("since always") stays while
 * the rules need the fact; only a yearly fact's single row (a season's published date) may go, and
 * the rules then fall back to the default rule.
 */
export function removable(fact: Fact, row: Setting): boolean {
  return row.effectiveFrom !== null || (isOptionalSetting(fact.key) && fact.rows.length === 1);
}

/**
 * One group's facts: a row per dated value, the fact's label spanning its rows with the schedule
 * under it, and the value in force on `today` marked (the same lookup the rules use).
 */
export function FactTable({ facts, inForce, actions }: { facts: Fact[]; inForce: (fact: Fact) => Setting | null; actions: FactActions }) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="xs" highlightOnHover={false} withRowBorders>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="28%">Fact</Table.Th>
            <Table.Th w="12%">Value</Table.Th>
            <Table.Th w="14%">Effective</Table.Th>
            <Table.Th>Source</Table.Th>
            <Table.Th w="16%">Note</Table.Th>
            <Table.Th w={140}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {facts.map((fact) => {
            const current = inForce(fact);
            return (
              <Fragment key={fact.key}>
                {fact.rows.map((row, i) => (
                  <Table.Tr key={row.effectiveFrom ?? 'always'} data-fact={fact.key} data-effective={row.effectiveFrom ?? ''} aria-label={rowName(fact, row)}>
                    {i === 0 && (
                      <Table.Td rowSpan={fact.rows.length} style={{ verticalAlign: 'top' }}>
                        <Stack gap={4}>
                          {/* The key (eras.defaultReview.weekday) is for office IT: a tooltip, not text to read. */}
                          <Text fz="sm" fw={600} title={fact.key}>
                            {fact.label}
                          </Text>
                          {fact.rows.length > 1 && (
                            <Text fz="xs" c="dimmed" data-testid={`schedule-${fact.key}`}>
                              {scheduleLine(fact)}
                            </Text>
                          )}
                          <Group gap={6}>
                            {/* A yearly fact is one date for one season or class: it has no schedule of its own. */}
                            {!isOptionalSetting(fact.key) && (
                              <Button size="compact-xs" variant="subtle" onClick={() => actions.addDated(fact)} aria-label={`Add a dated value to ${fact.label}`}>
                                + dated value
                              </Button>
                            )}
                          </Group>
                        </Stack>
                      </Table.Td>
                    )}
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Text fz="sm" fw={row === current ? 600 : 400} data-testid="setting-value">
                          {formatSettingValue(row.kind, row.value)}
                        </Text>
                        {row === current && fact.rows.length > 1 && (
                          <Badge size="xs" variant="light" color="teal">
                            in force
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td fz="sm">{formatEffective(row.effectiveFrom)}</Table.Td>
                    <Table.Td fz="sm">{formatDatesIn(row.source)}</Table.Td>
                    <Table.Td fz="sm" c={row.note ? undefined : 'dimmed'}>
                      {row.note ? formatDatesIn(row.note) : '—'}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" justify="flex-end">
                        <Button size="compact-sm" variant="light" onClick={() => actions.edit(fact, row)} aria-label={`Edit ${rowName(fact, row)}`}>
                          Edit
                        </Button>
                        {removable(fact, row) && (
                          <Button size="compact-sm" variant="subtle" color="red" onClick={() => actions.remove(fact, row)} aria-label={`Remove ${rowName(fact, row)}`}>
                            Remove
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
