import { Table, Text, Title } from '@mantine/core';
import { useQuery } from '../../api/useQuery';

const yesNo = (v: boolean | null) => (v === null ? 'not known' : v ? 'yes' : 'no');

/** The program directory's programs of one specialty, with the fields the list builder's eligibility reads. */
export function DirectoryTable({ specialtyId, specialty }: { specialtyId: number; specialty: string }) {
  const dir = useQuery('programs.directory', { specialtyId });
  if (dir.error) return <Text c="red">{dir.error.message}</Text>;
  if (!dir.data) return null;
  return (
    <div>
      <Title order={3} fz="md" mb={4}>
        Program directory: {specialty} ({dir.data.length})
      </Title>
      {dir.data.length === 0 ? (
        <Text c="dimmed" fz="sm">
          No {specialty} programs in the directory. Import a program directory on the Import page.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table fz="sm" verticalSpacing={4} striped aria-label={`Program directory: ${specialty}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Program</Table.Th>
                <Table.Th>Code</Table.Th>
                <Table.Th>City, state</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th ta="right">Positions</Table.Th>
                <Table.Th>Visa</Table.Th>
                <Table.Th>COMLEX accepted</Table.Th>
                <Table.Th ta="right">CK minimum</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {dir.data.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{p.name}</Table.Td>
                  <Table.Td>{p.code ?? '—'}</Table.Td>
                  <Table.Td>{[p.city, p.state].filter(Boolean).join(', ') || '—'}</Table.Td>
                  <Table.Td>{p.kind ?? 'not known'}</Table.Td>
                  <Table.Td ta="right">{p.positions ?? '—'}</Table.Td>
                  <Table.Td>{p.visa ?? 'not known'}</Table.Td>
                  <Table.Td>{yesNo(p.comlexAccepted)}</Table.Td>
                  <Table.Td ta="right">{p.stepCkMinimum ?? 'none published'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </div>
  );
}
