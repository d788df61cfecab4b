import { Table, Text } from '@mantine/core';

/** One line of what a save will change, shown for confirmation before anything is written. */
export interface ChangeLine {
  label: string;
  from: string | null;
  to: string | null;
}

/** Text fields compared as the advisor typed them; a blank is "—". */
export function changeLines(fields: { label: string; from: string | null | undefined; to: string | null | undefined }[]): ChangeLine[] {
  return fields.filter((f) => (f.from ?? '') !== (f.to ?? '')).map((f) => ({ label: f.label, from: f.from || null, to: f.to || null }));
}

export function ChangeSummary({ lines, adding = false }: { lines: ChangeLine[]; adding?: boolean }) {
  return (
    <Table withTableBorder fz="sm" aria-label="Changes to confirm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Field</Table.Th>
          {!adding && <Table.Th>Now</Table.Th>}
          <Table.Th>{adding ? 'Value' : 'After saving'}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {lines.map((l) => (
          <Table.Tr key={l.label}>
            <Table.Td fw={500}>{l.label}</Table.Td>
            {!adding && (
              <Table.Td>
                <Text span fz="sm" td={l.from ? 'line-through' : undefined} c="dimmed">
                  {l.from ?? '—'}
                </Text>
              </Table.Td>
            )}
            <Table.Td fw={600}>{l.to ?? '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
