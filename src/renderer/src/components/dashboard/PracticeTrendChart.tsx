import { LineChart } from '@mantine/charts';
import { Group, SegmentedControl, Text } from '@mantine/core';
import type { PracticeTrend } from '../../../../shared/api';
import type { PracticeExamCode } from '../../../../shared/domain';
import { formatDate } from '../../format';
import { ChartCard } from './ChartCard';

const EXAM_LABEL: Record<PracticeExamCode, string> = { STEP2CK: 'Step 2 CK', STEP1: 'Step 1' };

function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(y, m - 1, 1).toLocaleDateString(undefined, { month: 'short', year: 'numeric' });
}

const percent = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : '—');

/**
 * The cohort's practice scores month by month (the mean of every scored NBME/UWSA form taken that
 * month) against the exam's pass standard in force, as the core counted them: each score is held
 * against the standard of its own day.
 */
export function PracticeTrendChart({ trend, onExam }: { trend: PracticeTrend; onExam: (exam: PracticeExamCode) => void }) {
  const label = `Mean ${EXAM_LABEL[trend.exam]} practice score`;
  const data = trend.months.map((m) => ({ month: monthLabel(m.month), [label]: m.meanScore, exams: m.exams, below: m.belowPass }));
  const means = trend.months.flatMap((m) => (m.meanScore === null ? [] : [m.meanScore]));
  const values = trend.passingScore === null ? means : [...means, trend.passingScore];
  const domain: [number, number] = values.length ? [Math.floor((Math.min(...values) - 10) / 10) * 10, Math.ceil((Math.max(...values) + 10) / 10) * 10] : [150, 300];
  return (
    <ChartCard
      title="Practice-score trend"
      testId="chart-practice-trend"
      caption={`${EXAM_LABEL[trend.exam]} practice exams (NBME, UWSA…) from ${formatDate(trend.from)} to ${formatDate(trend.to)}: the mean score each month against the pass standard${trend.passingScore !== null ? ` ${trend.passingScore} (${trend.passingSource})` : ''}.`}
      actions={
        <SegmentedControl
          size="xs"
          aria-label="Practice exams shown in the trend"
          value={trend.exam}
          onChange={(v) => onExam(v as PracticeExamCode)}
          data={(['STEP2CK', 'STEP1'] as const).map((e) => ({ value: e, label: EXAM_LABEL[e] }))}
          style={{ flexShrink: 0 }}
        />
      }
    >
      {trend.exams === 0 ? (
        <Text c="dimmed" fz="sm">
          No scored {EXAM_LABEL[trend.exam]} practice exams in these months. Add them on a student's page or import a Practice sheet.
        </Text>
      ) : (
        <LineChart
          h={240}
          data={data}
          dataKey="month"
          series={[{ name: label, color: 'indigo.6' }]}
          connectNulls
          yAxisProps={{ domain }}
          xAxisProps={{ interval: 'preserveStartEnd', fontSize: 11 }}
          referenceLines={trend.passingScore === null ? [] : [{ y: trend.passingScore, label: `Pass ${trend.passingScore}`, color: 'red.6', labelPosition: 'insideBottomLeft' }]}
          curveType="linear"
          aria-label={`Line chart: ${label.toLowerCase()} per month${trend.passingScore !== null ? `, with the pass standard ${trend.passingScore}` : ''}`}
        />
      )}
      <Group gap="lg" mt="xs">
        <Text fz="sm" data-testid="practice-trend-exams">
          <b>{trend.exams.toLocaleString()}</b> practice exams by <b>{trend.students.toLocaleString()}</b> students
        </Text>
        <Text fz="sm" c={trend.belowPass ? 'red.7' : undefined} data-testid="practice-trend-below">
          <b>{trend.belowPass.toLocaleString()}</b> below the pass line ({percent(trend.belowPass, trend.exams)})
        </Text>
      </Group>
    </ChartCard>
  );
}
