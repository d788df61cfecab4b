import { Table, Text } from '@mantine/core';
import type { ImportProblem } from '../../../../shared/api';
import { formatDatesIn } from '../../format';

/** Rendering a whole 100,000-row file's errors would freeze the window; the rest are counted. */
export const PROBLEMS_SHOWN = 500;

/** Every problem located as a spreadsheet numbers it: sheet, row (header = 1), column header. */
export function ProblemTable({ problems, total, tone, label }: { problems: ImportProblem[]; total: number; tone: 'error' | 'warning'; label: string }) {
  const shown = problems.slice(0, PROBLEMS_SHOWN);
  const color = tone === 'error' ? 'red' : 'yellow';
  return (
    <>
      <Table.ScrollContainer minWidth={700} mah={420}>
        <Table stickyHeader withTableBorder aria-label={label} fz="sm" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={140}>Sheet</Table.Th>
              <Table.Th w={70}>Row</Table.Th>
              <Table.Th w={200}>Column</Table.Th>
              <Table.Th>{tone === 'error' ? 'Error' : 'Warning'}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((p, i) => (
              <Table.Tr
                key={i}
                data-row={p.row ?? ''}
                style={{ background: `var(--mantine-color-${color}-light)`, borderLeft: `3px solid var(--mantine-color-${color}-filled)` }}
              >
                <Table.Td>{p.sheet}</Table.Td>
                <Table.Td ff="monospace">{p.row ?? '—'}</Table.Td>
                <Table.Td>{p.column ?? '—'}</Table.Td>
                <Table.Td>{formatDatesIn(p.message)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {total > shown.length && (
        <Text fz="sm" c="dimmed" mt={4}>
          …and {(total - shown.length).toLocaleString()} more not listed here (the command line `stepwise import FILE --dry-run` lists every one).
        </Text>
      )}
    </>
  );
}
