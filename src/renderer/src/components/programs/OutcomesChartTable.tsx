import { Table, Text } from '@mantine/core';
import type { CountCell, SpecialtyChart } from '../../../../shared/outcomes/chart';

/** A count as the core wrote it ("fewer than 10", "not shown" or the number), dimmed when hidden. */
function Count({ cell }: { cell: CountCell }) {
  return cell.state === 'shown' && cell.value !== null ? <>{cell.value.toLocaleString()}</> : <Text span fz="sm" c="dimmed" fs="italic" style={{ whiteSpace: 'nowrap' }}>
      {cell.text}
    </Text>;
}

/** A figure read from counts: shown only when they are; a hidden group says so rather than a dash. */
function figure(value: string | null, from: CountCell[]): string {
  if (value !== null) return value;
  return from.some((c) => c.state !== 'shown') ? 'not shown' : '—';
}

const pct = (p: number | null) => (p === null ? null : `${Math.round(p)}%`);

/** One specialty of the office's own Charting Outcomes, a row per CK band and the total. */
export function OutcomesChartTable({ chart }: { chart: SpecialtyChart }) {
  const rows = [...chart.bands, chart.total];
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table fz="sm" verticalSpacing={6} aria-label={`Outcomes by CK band: ${chart.specialty}`} data-testid="outcomes-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Step 2 CK at application</Table.Th>
            <Table.Th ta="right">Applicants</Table.Th>
            <Table.Th ta="right">Matched</Table.Th>
            <Table.Th ta="right">Not matched</Table.Th>
            <Table.Th ta="right">Matched %</Table.Th>
            <Table.Th ta="right">CK of matched: median (IQR)</Table.Th>
            <Table.Th ta="right">Interviews per application (n)</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, i) => {
            const total = i === rows.length - 1;
            const ck = r.matchedCk ? `${Math.round(r.matchedCk.median)} (${Math.round(r.matchedCk.q1)}–${Math.round(r.matchedCk.q3)})` : null;
            const ipa = r.interviewsPerApplication === null ? null : r.interviewsPerApplication.toFixed(2);
            return (
              <Table.Tr key={r.label} aria-label={total ? 'All applicants' : r.label} fw={total ? 700 : undefined} data-testid="outcomes-row">
                <Table.Td>{total ? 'All applicants' : r.label}</Table.Td>
                <Table.Td ta="right">
                  <Count cell={r.applicants} />
                </Table.Td>
                <Table.Td ta="right">
                  <Count cell={r.matched} />
                </Table.Td>
                <Table.Td ta="right">
                  <Count cell={r.notMatched} />
                </Table.Td>
                <Table.Td ta="right">{figure(pct(r.matchedPercent), [r.applicants, r.matched])}</Table.Td>
                <Table.Td ta="right">{figure(ck, [r.matched])}</Table.Td>
                <Table.Td ta="right">
                  {ipa ?? figure(null, [r.applicants, r.interviewsN])} <Text span fz="xs" c="dimmed">(n {r.interviewsN.text})</Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
