import { BarChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import { RISK_BUCKETS, type RiskByClassRow } from '../../../../shared/api';
import { ChartCard } from './ChartCard';
import { inSeriesOrder } from './legendOrder';
import { RISK_COLORS, RISK_LABELS } from './risk';

/** Students per risk level in each class, stacked; levels come from the core's cohort evaluation. */
export function RiskByClassChart({ rows }: { rows: RiskByClassRow[] }) {
  const data = rows.map((r) => ({ class: String(r.gradYear), ...Object.fromEntries(RISK_BUCKETS.map((b) => [RISK_LABELS[b], r[b]])) }));
  return (
    <ChartCard title="Risk levels by class" caption="Students in each class by their highest flag severity." testId="chart-risk-by-class">
      {data.length === 0 ? (
        <Text c="dimmed" fz="sm">
          No students.
        </Text>
      ) : (
        <BarChart
          h={260}
          data={data}
          dataKey="class"
          type="stacked"
          withLegend
          legendProps={inSeriesOrder(RISK_BUCKETS.map((b) => RISK_LABELS[b]))}
          series={RISK_BUCKETS.map((b) => ({ name: RISK_LABELS[b], color: b === 'none' ? 'gray.4' : `${RISK_COLORS[b]}.6` }))}
          aria-label="Stacked bar chart: students per risk level in each class year"
        />
      )}
    </ChartCard>
  );
}
