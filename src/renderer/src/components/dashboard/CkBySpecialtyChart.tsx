import { CompositeChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import type { CkBySpecialtyRow, CohortFilter } from '../../../../shared/api';
import { specialtyBarView } from '../../../../shared/dashboard-drilldown';
import { ChartCard } from './ChartCard';
import { openRoster } from './openRoster';
import { inSeriesOrder } from './legendOrder';

/**
 * Mean Step 2 CK per target specialty (bars) against the specialty's reference score (line), both from
 * the core. Each bar is labelled with its n (the students whose score the mean is of) and opens the
 * roster of exactly those students.
 */
export function CkBySpecialtyChart({ rows, filter }: { rows: CkBySpecialtyRow[]; filter: CohortFilter & { asOf: string } }) {
  const shown = rows.filter((r) => r.withScore > 0);
  const data = shown.map((r) => ({ specialty: `${r.specialty} (n=${r.withScore})`, 'Mean Step 2 CK': r.meanCk, Reference: r.referenceCk }));
  const values = data.flatMap((d) => [d['Mean Step 2 CK'], d.Reference]).filter((v): v is number => v !== null);
  const floor = values.length ? Math.floor((Math.min(...values) - 10) / 10) * 10 : 200;
  const sources = [...new Set(rows.map((r) => r.referenceSource).filter(Boolean))];
  const open = (index: number) => shown[index] && openRoster(filter, specialtyBarView(shown[index].specialty));
  return (
    <ChartCard
      title="Step 2 CK by target specialty"
      caption={`Mean reported score of the students targeting each specialty (n = students with a score; click a bar to list them), against its reference score${sources.length ? ` (${sources.join('; ')})` : ''}.`}
      testId="chart-ck-by-specialty"
    >
      {data.length === 0 ? (
        <Text c="dimmed" fz="sm">
          No Step 2 CK scores reported for these students yet.
        </Text>
      ) : (
        <CompositeChart
          h={320}
          data={data}
          dataKey="specialty"
          withLegend
          maxBarWidth={28}
          yAxisProps={{ domain: [floor, 'auto'] }}
          legendProps={inSeriesOrder(['Mean Step 2 CK', 'Reference'])}
          // Mantine sets its own tick object; replacing it is the way to slant 25 specialty names.
          xAxisProps={{ interval: 0, height: 130, tick: { angle: -40, textAnchor: 'end', fontSize: 11, fill: 'currentColor' } }}
          // Room on the left for the first slanted name.
          composedChartProps={{ margin: { left: 60 } }}
          barProps={{ onClick: (_entry: unknown, index: number) => open(index), cursor: 'pointer' }}
          series={[
            { name: 'Mean Step 2 CK', type: 'bar', color: 'indigo.5' },
            { name: 'Reference', type: 'line', color: 'red.6', strokeDasharray: '5 4' },
          ]}
          aria-label="Bar chart: mean Step 2 CK score per target specialty with the number of students behind each mean, and each specialty's reference score as a line"
        />
      )}
    </ChartCard>
  );
}
