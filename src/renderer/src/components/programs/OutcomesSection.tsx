import { BarChart } from '@mantine/charts';
import { Alert, Badge, Group, List, Loader, NumberInput, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { Specialty } from '../../../../shared/domain';
import type { SpecialtyChart } from '../../../../shared/outcomes/chart';
import { useQuery } from '../../api/useQuery';
import { ChartCard } from '../dashboard/ChartCard';
import { DirectoryTable } from './DirectoryTable';
import { OutcomesChartTable } from './OutcomesChartTable';

/** How large a specialty's table is, from the counts shown (a total may be hidden while its matched count is not). */
const sizeOf = (s: SpecialtyChart) => Math.max(s.total.applicants.value ?? 0, s.total.matched.value ?? 0);

const seasonOf = (v: number | string): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

/**
 * The office's own Charting Outcomes (issue 15) on the Specialties page: for one specialty and a
 * season range, applicants, matched %, CK of those who matched and interviews per application by CK
 * band, every small cell as the core suppressed it ("fewer than 10"); a chart of matched % by band;
 * the specialty's programs from the directory.
 */
export function OutcomesSection({ specialties }: { specialties: Specialty[] }) {
  const [from, setFrom] = useState<number | string>('');
  const [to, setTo] = useState<number | string>('');
  const [chosen, setChosen] = useState<string | null>(null);
  const range = { fromSeason: seasonOf(from), toSeason: seasonOf(to) };
  const chart = useQuery('outcomes.chart', range);
  const withData = chart.data?.specialties ?? [];
  // Until one is chosen: the specialty with the most graduates shown, the fullest table to start from.
  const largest = [...withData].sort((a, b) => sizeOf(b) - sizeOf(a))[0] ?? null;
  const current = withData.find((s) => s.specialty === chosen) ?? largest;
  const specialtyId = specialties.find((s) => s.name === current?.specialty)?.id;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="outcomes-title" id="outcomes">
      <Stack gap="sm">
        <div>
          <Title order={2} fz="lg" id="outcomes-title">
            The school's own outcomes
          </Title>
          <Text c="dimmed" fz="sm" maw={900}>
            How the school's consenting graduates fared in the Match, by specialty and Step 2 CK band. Counts under {chart.data?.threshold ?? 10} are never shown.
          </Text>
        </div>
        <Group align="flex-end">
          <Select
            label="Specialty"
            w={320}
            searchable
            data={withData.map((s) => s.specialty)}
            value={current?.specialty ?? null}
            onChange={setChosen}
            nothingFoundMessage="No outcomes recorded for it"
            allowDeselect={false}
          />
          <NumberInput label="From season" placeholder="latest 3" w={130} min={2000} max={2100} value={from} onChange={setFrom} allowDecimal={false} />
          <NumberInput label="To season" placeholder="latest" w={130} min={2000} max={2100} value={to} onChange={setTo} allowDecimal={false} />
        </Group>
        {chart.error ? (
          <Alert color="red" title="The outcomes could not be read">
            {chart.error.message}
          </Alert>
        ) : !chart.data ? (
          <Loader size="sm" aria-label="Reading the outcomes" />
        ) : !current ? (
          <Text c="dimmed" fz="sm">
            No outcomes recorded{range.fromSeason || range.toSeason ? ' in these seasons' : ''}. Import the office's match list on the Import page, or enter outcomes on each student's page after Match.
          </Text>
        ) : (
          <>
            <Group gap="xs">
              <Text fw={600}>{current.specialty}</Text>
              <Text c="dimmed" data-testid="outcomes-seasons">
                seasons {current.seasonsLabel}
              </Text>
              {current.pooled && (
                <Badge color="yellow" variant="light" style={{ textTransform: 'none' }}>
                  Seasons pooled
                </Badge>
              )}
            </Group>
            <OutcomesChartTable chart={current} />
            <SimpleGrid cols={{ base: 1, lg: 2 }}>
              <MatchedByBand chart={current} />
              <List fz="xs" c="dimmed" spacing={4}>
                {chart.data.notes.map((n) => (
                  <List.Item key={n}>{n}</List.Item>
                ))}
              </List>
            </SimpleGrid>
            {specialtyId !== undefined && <DirectoryTable specialtyId={specialtyId} specialty={current.specialty} />}
          </>
        )}
      </Stack>
    </Paper>
  );
}

function MatchedByBand({ chart }: { chart: SpecialtyChart }) {
  const drawn = chart.bands.filter((b) => b.matchedPercent !== null);
  const hidden = chart.bands.filter((b) => b.matchedPercent === null && b.applicants.state !== 'shown').map((b) => b.label);
  return (
    <ChartCard
      title="Matched % by Step 2 CK band"
      caption={`${chart.specialty}, seasons ${chart.seasonsLabel}. ${hidden.length ? `Not drawn (counts suppressed): ${hidden.join(', ')}.` : 'Every band with applicants is drawn.'}`}
      testId="chart-matched-by-band"
    >
      {drawn.length === 0 ? (
        <Text c="dimmed" fz="sm">
          No band has enough graduates to draw.
        </Text>
      ) : (
        <BarChart
          h={240}
          data={drawn.map((b) => ({ band: b.label, 'Matched %': Math.round(b.matchedPercent!) }))}
          dataKey="band"
          yAxisProps={{ domain: [0, 100] }}
          valueFormatter={(v) => `${v}%`}
          withBarValueLabel
          series={[{ name: 'Matched %', color: 'teal.6' }]}
          aria-label={`Bar chart: percentage of the school's applicants in ${chart.specialty} who matched, per Step 2 CK band`}
        />
      )}
    </ChartCard>
  );
}
