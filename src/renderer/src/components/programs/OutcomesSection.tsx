import { BarChart } from '@mantine/charts';
import { Alert, Badge, Group, List, Loader, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { Specialty } from '../../../../shared/domain';
import type { BlockRef, SpecialtyChart } from '../../../../shared/outcomes/chart';
import { useQuery } from '../../api/useQuery';
import { ChartCard } from '../dashboard/ChartCard';
import { DirectoryTable } from './DirectoryTable';
import { OutcomesChartTable } from './OutcomesChartTable';

/** How large a specialty's table is, from the counts shown (a total may be hidden while its matched count is not). */
const sizeOf = (s: SpecialtyChart) => Math.max(s.total.applicants.value ?? 0, s.total.matched.value ?? 0);

const blockKey = (b: BlockRef) => `${b.fromSeason}-${b.toSeason}`;

/**
 * The office's own Charting Outcomes (issue 15) on the Specialties page: for one specialty and one
 * block of seasons (blocks.ts: a fixed partition, so no two charts the page can show overlap),
 * applicants, matched %, CK of those who matched and interviews per application by CK band, every
 * small cell as the core suppressed it ("fewer than 10"); a chart of matched % by band; the
 * specialty's program directory. It opens on the specialty with the most graduates shown, at its
 * newest closed block.
 */
export function OutcomesSection({ specialties }: { specialties: Specialty[] }) {
  const [chosen, setChosen] = useState<string | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const overview = useQuery('outcomes.chart', {});
  const listed = overview.data?.blocks ?? [];
  // Until one is chosen: the specialty with the most graduates shown in its newest block, the fullest table to start from.
  const largest = [...(overview.data?.specialties ?? [])].sort((a, b) => sizeOf(b) - sizeOf(a))[0]?.specialty;
  const current = listed.find((s) => s.specialty === chosen) ?? listed.find((s) => s.specialty === largest) ?? listed[0] ?? null;
  const block = current?.closed.find((b) => blockKey(b) === picked) ?? current?.closed.at(-1) ?? null;
  const specialtyId = specialties.find((s) => s.name === current?.specialty)?.id;
  const threshold = overview.data?.threshold ?? 10;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="outcomes-title" id="outcomes">
      <Stack gap="sm">
        <div>
          <Title order={2} fz="lg" id="outcomes-title">
            The school's own outcomes
          </Title>
          <Text c="dimmed" fz="sm" maw={900} data-testid="outcomes-explanation">
            How the school's consenting graduates fared in the Match, by specialty and Step 2 CK band. Counts under {threshold} are never shown, and each chart is one fixed block of seasons, so no two
            charts share a season to subtract. A block's counts can still change if an outcome is entered late or a graduate withdraws consent (or Settings change the threshold, the seasons per block or the bands): a copy kept
            from before could then be compared with the new one.
          </Text>
        </div>
        <Group align="flex-end">
          <Select
            label="Specialty"
            w={320}
            searchable
            data={listed.map((s) => s.specialty)}
            value={current?.specialty ?? null}
            onChange={(v) => {
              setChosen(v);
              setPicked(null);
            }}
            nothingFoundMessage="No outcomes recorded for it"
            allowDeselect={false}
          />
          <Select
            label="Seasons"
            w={240}
            data={[...(current?.closed ?? [])].reverse().map((b) => ({ value: blockKey(b), label: b.label }))}
            value={block ? blockKey(block) : null}
            onChange={setPicked}
            placeholder={current ? 'no block closed yet' : undefined}
            disabled={!current?.closed.length}
            allowDeselect={false}
          />
        </Group>
        {current?.waiting && (
          <Text c="dimmed" fz="sm" data-testid="outcomes-waiting">
            {current.waiting.text}
          </Text>
        )}
        {overview.error ? (
          <Alert color="red" title="The outcomes could not be read">
            {overview.error.message}
          </Alert>
        ) : !overview.data ? (
          <Loader size="sm" aria-label="Reading the outcomes" />
        ) : !current ? (
          <Text c="dimmed" fz="sm">
            No outcomes recorded. Import the office's match list on the Import page, or enter outcomes on each student's page after Match.
          </Text>
        ) : (
          <>
            {block ? (
              <BlockChart specialty={current.specialty} block={block} notes={overview.data.notes} />
            ) : (
              <Text c="dimmed" fz="sm">
                No block of {current.specialty} seasons is complete yet, so there is no chart of it.
              </Text>
            )}
            {specialtyId !== undefined && <DirectoryTable specialtyId={specialtyId} specialty={current.specialty} />}
          </>
        )}
      </Stack>
    </Paper>
  );
}

/** One block's chart, asked for by its own seasons (the core answers exactly that block). */
function BlockChart({ specialty, block, notes }: { specialty: string; block: BlockRef; notes: string[] }) {
  const chart = useQuery('outcomes.chart', { specialty, fromSeason: block.fromSeason, toSeason: block.toSeason });
  const current = chart.data?.specialties.find((s) => s.fromSeason === block.fromSeason && s.toSeason === block.toSeason) ?? null;
  if (chart.error)
    return (
      <Alert color="red" title="The outcomes could not be read">
        {chart.error.message}
      </Alert>
    );
  if (!current) return <Loader size="sm" aria-label="Reading the outcomes" />;
  return (
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
          {notes.map((n) => (
            <List.Item key={n}>{n}</List.Item>
          ))}
        </List>
      </SimpleGrid>
    </>
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
