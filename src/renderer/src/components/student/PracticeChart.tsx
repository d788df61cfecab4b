import { LineChart } from '@mantine/charts';
import { SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { PracticeLines } from '../../../../shared/api';
import type { PracticeExam } from '../../../../shared/domain';
import { chartLines, type ChartLine, type PracticeView } from '../../../../shared/practice-lines';
import { formatDate } from '../../format';

type View = PracticeView;

const LINE_COLORS: Record<ChartLine['kind'], string> = { pass: 'red.6', readiness: 'teal.7', target: 'teal.7', mean: 'gray.6' };

/**
 * Practice-score trend against the lines the core supplies: the pass standard (or minimum passing score)
 * in force, the readiness line, and the target specialty's reference score.
 */
export function PracticeChart({ practice, lines }: { practice: PracticeExam[]; lines: PracticeLines }) {
  const has = (v: View) =>
    practice.some((p) => (v === 'STEP2CK' ? p.exam === 'STEP2CK' && p.score !== null : v === 'STEP1' ? p.exam === 'STEP1' && p.score !== null : p.exam === 'STEP1' && p.passProbability !== null));
  const views = (['STEP2CK', 'STEP1', 'STEP1_PROBABILITY'] as const).filter(has);
  const [chosen, setChosen] = useState<View | null>(null);
  const view = chosen && views.includes(chosen) ? chosen : views[0];
  if (!view) return <Text c="dimmed" fz="sm">No practice exams yet: add NBME or UWSA results to see the trend against the pass line and the target.</Text>;

  const points = practice
    .filter((p) => (view === 'STEP2CK' ? p.exam === 'STEP2CK' && p.score !== null : view === 'STEP1' ? p.exam === 'STEP1' && p.score !== null : p.exam === 'STEP1' && p.passProbability !== null))
    .map((p) => ({ date: formatDate(p.takenOn), form: p.form, value: view === 'STEP1_PROBABILITY' ? p.passProbability : p.score }));

  // The same lines the printed summary draws (src/shared/practice-lines.ts).
  const refs = chartLines(view, lines).map((l) => ({ ...l, color: LINE_COLORS[l.kind] }));

  const values = [...points.map((p) => p.value ?? 0), ...refs.map((r) => r.y)];
  const domain: [number, number] = view === 'STEP1_PROBABILITY' ? [0, 100] : [Math.floor((Math.min(...values) - 10) / 10) * 10, Math.ceil((Math.max(...values) + 5) / 10) * 10];
  const label = { STEP2CK: 'Step 2 CK score', STEP1: 'Step 1 score', STEP1_PROBABILITY: 'Step 1 pass probability' }[view];

  return (
    <Stack gap="xs" data-testid="practice-chart">
      {views.length > 1 && (
        <SegmentedControl
          size="xs"
          aria-label="Practice exams shown"
          value={view}
          onChange={(v) => setChosen(v as View)}
          data={views.map((v) => ({ value: v, label: { STEP2CK: 'Step 2 CK', STEP1: 'Step 1 score', STEP1_PROBABILITY: 'Step 1 probability' }[v] }))}
        />
      )}
      <LineChart
        h={220}
        data={points}
        dataKey="date"
        series={[{ name: 'value', label, color: 'indigo.6' }]}
        yAxisProps={{ domain }}
        unit={view === 'STEP1_PROBABILITY' ? '%' : undefined}
        referenceLines={refs.map((r) => ({ y: r.y, label: r.label, color: r.color, labelPosition: 'insideBottomLeft' }))}
        curveType="linear"
        aria-label={`Line chart: ${label} of each practice exam, with ${refs.map((r) => r.label).join(' and ')}`}
      />
    </Stack>
  );
}
