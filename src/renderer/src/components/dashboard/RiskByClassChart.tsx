import { BarChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import { RISK_BUCKETS, type CohortFilter, type RiskBucket, type RiskByClassRow } from '../../../../shared/api';
import { riskSegmentView } from '../../../../shared/dashboard-drilldown';
import { ChartCard } from './ChartCard';
import { inSeriesOrder } from './legendOrder';
import { openRoster } from './openRoster';
import { RISK_COLORS, RISK_LABELS } from './risk';

const BUCKET_OF = Object.fromEntries(RISK_BUCKETS.map((b) => [RISK_LABELS[b], b])) as Record<string, RiskBucket>;

/** Students per risk level in each class, stacked; levels come from the core's cohort evaluation. A segment opens the roster of its students. */
export function RiskByClassChart({ rows, filter }: { rows: RiskByClassRow[]; filter: CohortFilter & { asOf: string } }) {
  const data = rows.map((r) => ({ class: String(r.gradYear), ...Object.fromEntries(RISK_BUCKETS.map((b) => [RISK_LABELS[b], r[b]])) }));
  const open = (bucket: RiskBucket, index: number) => rows[index] && openRoster(filter, riskSegmentView(rows[index].gradYear, bucket));
  return (
    <ChartCard title="Risk levels by class" caption="Students in each class by their highest flag severity; click a segment to list its students." testId="chart-risk-by-class">
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
          barProps={(series) => ({ onClick: (_entry: unknown, index: number) => open(BUCKET_OF[series.name], index), cursor: 'pointer' })}
          aria-label="Stacked bar chart: students per risk level in each class year"
        />
      )}
    </ChartCard>
  );
}
