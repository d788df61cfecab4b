import { BarChart } from '@mantine/charts';
import { Anchor, Group, Select, Text } from '@mantine/core';
import type { CkTimeline, CohortFilter } from '../../../../shared/api';
import { timelineBarView, timelineTotalView } from '../../../../shared/dashboard-drilldown';
import { formatDate, formatMonth } from '../../format';
import { ChartCard } from './ChartCard';
import { inSeriesOrder } from './legendOrder';
import { openRoster, rosterHref } from './openRoster';

const monthLabel = formatMonth;

const SIDE: Record<string, 'by' | 'after'> = { 'By CK safe date': 'by', 'After CK safe date': 'after' };

/**
 * The class's Step 2 CK dates by month, split at the CK safe date the core computed for the class.
 * A bar opens the roster of its students; so do the totals under the chart.
 */
export function CkTimelineChart({ timeline, onClass, filter }: { timeline: CkTimeline; onClass: (year: number) => void; filter: CohortFilter & { asOf: string } }) {
  const data = timeline.months.map((m) => ({ month: monthLabel(m.month), 'By CK safe date': m.byCkSafeDate, 'After CK safe date': m.afterCkSafeDate }));
  const { gradYear, ckSafeDate } = timeline;
  const open = (side: 'by' | 'after', index: number) => {
    const m = timeline.months[index];
    if (m && gradYear !== null && ckSafeDate) openRoster(filter, timelineBarView(gradYear, m.month, side, ckSafeDate));
  };
  const total = (which: 'by' | 'after' | 'none') => (gradYear !== null && ckSafeDate ? rosterHref(filter, timelineTotalView(gradYear, which, ckSafeDate)) : undefined);
  const safeMonth = timeline.ckSafeDate ? monthLabel(timeline.ckSafeDate.slice(0, 7)) : null;
  return (
    <ChartCard
      title="Step 2 CK testing timeline"
      testId="chart-ck-timeline"
      caption={
        timeline.ckSafeDate
          ? `Class of ${timeline.gradYear}: CK dates (taken, awaited or booked) against the CK safe date ${formatDate(timeline.ckSafeDate)} — programs review from ${formatDate(timeline.reviewDate)}.`
          : 'No class selected.'
      }
      actions={
        timeline.gradYears.length > 1 && (
          <Select
            aria-label="Class shown in the timeline"
            data={timeline.gradYears.map(String)}
            value={timeline.gradYear ? String(timeline.gradYear) : null}
            onChange={(v) => v && onClass(Number(v))}
            allowDeselect={false}
            w={100}
            size="xs"
            style={{ flexShrink: 0 }}
          />
        )
      }
    >
      {data.length === 0 ? (
        <Text c="dimmed" fz="sm">
          No Step 2 CK dates recorded for this class.
        </Text>
      ) : (
        <BarChart
          h={260}
          data={data}
          dataKey="month"
          type="stacked"
          withLegend
          legendProps={inSeriesOrder(['By CK safe date', 'After CK safe date'])}
          series={[
            { name: 'By CK safe date', color: 'teal.6' },
            { name: 'After CK safe date', color: 'orange.6' },
          ]}
          referenceLines={safeMonth ? [{ x: safeMonth, color: 'red.6', label: `CK safe date ${formatDate(timeline.ckSafeDate)}`, labelPosition: 'insideTopRight' }] : []}
          xAxisProps={{ interval: 'preserveStartEnd', fontSize: 11 }}
          barProps={(series) => ({ onClick: (_entry: unknown, index: number) => open(SIDE[series.name], index), cursor: 'pointer' })}
          aria-label="Stacked bar chart: Step 2 CK dates per month, before and after the CK safe date"
        />
      )}
      <Group gap="lg" mt="xs" data-testid="ck-timeline-totals">
        <Anchor fz="sm" href={total('by')} c="inherit" data-total="by">
          <b>{timeline.byCkSafeDate}</b> by the safe date
        </Anchor>
        <Anchor fz="sm" href={total('after')} c={timeline.afterCkSafeDate ? 'orange' : 'inherit'} data-total="after">
          <b>{timeline.afterCkSafeDate}</b> after it
        </Anchor>
        <Anchor fz="sm" href={total('none')} c="dimmed" data-total="none">
          <b>{timeline.noCkDate}</b> with no CK date
        </Anchor>
      </Group>
    </ChartCard>
  );
}
