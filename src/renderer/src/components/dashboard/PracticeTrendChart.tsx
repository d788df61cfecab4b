import { LineChart } from '@mantine/charts';
import { Group, SegmentedControl, Text } from '@mantine/core';
import type { CohortFilter, PracticeTrend } from '../../../../shared/api';
import { practicePointView } from '../../../../shared/dashboard-drilldown';
import type { PracticeExamCode } from '../../../../shared/domain';
import { formatDate, formatMonth } from '../../format';
import { ChartCard } from './ChartCard';
import { openRoster } from './openRoster';

const EXAM_LABEL: Record<PracticeExamCode, string> = { STEP2CK: 'Step 2 CK', STEP1: 'Step 1' };

const monthLabel = formatMonth;

const percent = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : '—');

/** The data index recharts passes with a point's props (its own types leave it out). */
const indexOf = (dot: object): number | undefined => ('index' in dot && typeof dot.index === 'number' ? dot.index : undefined);

/** A month under the axis with its n beneath: the exams the mean is of (a month without any says so). */
function MonthTick({ x, y, payload, counts }: { x?: number; y?: number; payload?: { value: string; index: number }; counts: number[] }) {
  const n = counts[payload?.index ?? -1] ?? 0;
  return (
    <g transform={`translate(${x ?? 0},${y ?? 0})`}>
      <text dy={12} textAnchor="middle" fontSize={11} fill="currentColor">
        {payload?.value}
      </text>
      <text dy={26} textAnchor="middle" fontSize={10} fill="currentColor" opacity={0.8}>
        {`n=${n}`}
      </text>
    </g>
  );
}

/**
 * The cohort's practice scores month by month (the mean of every scored NBME/UWSA form taken that
 * month) against the exam's pass standard in force, as the core counted them: each score is held
 * against the standard of its own day.
 */
export function PracticeTrendChart({ trend, onExam, filter }: { trend: PracticeTrend; onExam: (exam: PracticeExamCode) => void; filter: CohortFilter & { asOf: string } }) {
  const label = `Mean ${EXAM_LABEL[trend.exam]} practice score`;
  const data = trend.months.map((m) => ({ month: monthLabel(m.month), [label]: m.meanScore, exams: m.exams, below: m.belowPass }));
  const counts = trend.months.map((m) => m.exams);
  // A point opens the students who took a scored exam that month (a month without exams has no point).
  const open = (index: number | undefined) => {
    const m = index === undefined ? undefined : trend.months[index];
    if (m && m.exams > 0) openRoster(filter, practicePointView(trend.exam, m.month, trend.to));
  };
  const means = trend.months.flatMap((m) => (m.meanScore === null ? [] : [m.meanScore]));
  const values = trend.passingScore === null ? means : [...means, trend.passingScore];
  const domain: [number, number] = values.length ? [Math.floor((Math.min(...values) - 10) / 10) * 10, Math.ceil((Math.max(...values) + 10) / 10) * 10] : [150, 300];
  return (
    <ChartCard
      title="Practice-score trend"
      testId="chart-practice-trend"
      caption={`${EXAM_LABEL[trend.exam]} practice exams (NBME, UWSA…) from ${formatDate(trend.from)} to ${formatDate(trend.to)}: the mean score each month (n = scored exams that month; click a point to list the students) against the pass standard${trend.passingScore !== null ? ` ${trend.passingScore} (${trend.passingSource})` : ''}.`}
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
          xAxisProps={{ interval: 0, height: 40, tick: <MonthTick counts={counts} /> }}
          // Each point is a link to its students; the hover ring lets clicks through to the point beneath.
          dotProps={{ r: 5, cursor: 'pointer', onClick: (dot) => open(indexOf(dot)) }}
          activeDotProps={{ r: 7, pointerEvents: 'none' }}
          referenceLines={trend.passingScore === null ? [] : [{ y: trend.passingScore, label: `Pass ${trend.passingScore}`, color: 'red.6', labelPosition: 'insideBottomLeft' }]}
          curveType="linear"
          aria-label={`Line chart: ${label.toLowerCase()} per month, with the number of exams behind each mean${trend.passingScore !== null ? `, with the pass standard ${trend.passingScore}` : ''}`}
        />
      )}
      <Group gap="lg" mt="xs">
        <Text fz="sm" data-testid="practice-trend-exams">
          <b>{trend.exams.toLocaleString()}</b> practice exams by <b>{trend.students.toLocaleString()}</b> students
        </Text>
        <Text fz="sm" c={trend.belowPass ? 'red' : undefined} data-testid="practice-trend-below">
          <b>{trend.belowPass.toLocaleString()}</b> below the pass line ({percent(trend.belowPass, trend.exams)})
        </Text>
      </Group>
    </ChartCard>
  );
}
