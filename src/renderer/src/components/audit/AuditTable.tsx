import { Badge, Group, Pagination, Table, Text } from '@mantine/core';
import type { AuditPage } from '../../../../shared/api';
import { actionLabel, entityLabel, fieldLabel, formatInstant, formatValue, recordLabel } from './auditFormat';

const ACTION_COLORS = { insert: 'teal', update: 'indigo', delete: 'red' } as const;
const PAGE_CONTROLS = { first: 'First page', previous: 'Previous page', next: 'Next page', last: 'Last page' } as const;

function Value({ value, field }: { value: string | null; field: string | null }) {
  const { text, full } = formatValue(value, field);
  return (
    <Text fz="sm" title={full || undefined} style={{ wordBreak: 'break-word' }} c={value === null ? 'dimmed' : undefined}>
      {text}
    </Text>
  );
}

/** One page of audit entries: who, when, what (record and field), old and new value, and why (the context). */
export function AuditTable({ page, pageSize, onPage, showRecord = true }: { page: AuditPage; pageSize: number; onPage: (offset: number) => void; showRecord?: boolean }) {
  const pages = Math.max(1, Math.ceil(page.total / pageSize));
  const current = Math.floor(page.offset / pageSize) + 1;
  if (page.total === 0)
    return (
      <Text c="dimmed" data-testid="audit-empty">
        No changes match.
      </Text>
    );
  return (
    <>
      <Table.ScrollContainer minWidth={900}>
        <Table striped highlightOnHover verticalSpacing="xs" data-testid="audit-table" aria-label="Audit log">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Who</Table.Th>
              <Table.Th>What</Table.Th>
              <Table.Th>Old value</Table.Th>
              <Table.Th>New value</Table.Th>
              <Table.Th>Why</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {page.entries.map((e) => (
              <Table.Tr key={e.id} data-testid="audit-row">
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text fz="sm" title={e.at}>
                    {formatInstant(e.at)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text fz="sm">{e.actor}</Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Badge size="sm" variant="light" color={ACTION_COLORS[e.action]}>
                      {actionLabel(e.action)}
                    </Badge>
                    <Text fz="sm">
                      {showRecord ? recordLabel(e.entity, e.entityId) : entityLabel(e.entity)}
                      {e.field ? ` · ${fieldLabel(e.field)}` : ''}
                    </Text>
                  </Group>
                </Table.Td>
                <Table.Td maw={280}>
                  <Value value={e.oldValue} field={e.field} />
                </Table.Td>
                <Table.Td maw={280}>
                  <Value value={e.newValue} field={e.field} />
                </Table.Td>
                <Table.Td>
                  <Text fz="sm" c="dimmed">
                    {e.context ?? ''}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="space-between">
        <Text fz="sm" c="dimmed" data-testid="audit-count">
          {page.offset + 1}–{page.offset + page.entries.length} of {page.total.toLocaleString()} changes
        </Text>
        {pages > 1 && <Pagination
            total={pages}
            value={current}
            onChange={(p) => onPage((p - 1) * pageSize)}
            aria-label="Audit log pages"
            // The arrows are icons and the pages bare numbers: each button says what it does to a screen reader.
            getControlProps={(control) => ({ 'aria-label': PAGE_CONTROLS[control] })}
            getItemProps={(page) => ({ 'aria-label': `Page ${page}`, 'aria-current': page === current ? 'page' : undefined })}
          />}
      </Group>
    </>
  );
}
