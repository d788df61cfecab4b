import { Alert, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { localToday, type Setting } from '../../../../shared/domain';
import { settingInForce } from '../../../../shared/rules/reference';
import { formatDate } from '../../format';
import { useQuery } from '../../api/useQuery';
import { FactTable, type FactActions } from '../reference/FactTable';
import { CLASS_STEP1_DEADLINE, SEASON_REVIEW_DATE, groupFacts, yearsWith, type Fact } from '../reference/factGroups';
import { RemoveSettingDialog } from '../reference/RemoveSettingDialog';
import { SettingForm, type SettingFormMode, type YearlyFact } from '../reference/SettingForm';

/**
 * Settings → Reference facts: every number the rules use (RULES.md §1 and the flag thresholds), with
 * its source and the date it takes effect. Dated facts (pass standards that changed) show their whole
 * schedule; the office edits a value, adds a dated value, or removes one, each confirmed first.
 */
export function ReferenceFactsPanel() {
  const { data, error, loading, reload } = useQuery('settings.list', {});
  const [form, setForm] = useState<SettingFormMode | null>(null);
  const [removing, setRemoving] = useState<{ fact: Fact; row: Setting } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const today = localToday();

  const groups = useMemo(() => groupFacts(data ?? []), [data]);
  const inForce = (fact: Fact) => settingInForce({ settings: fact.rows, specialties: [] }, fact.key, today);
  const addYearly = (yearly: YearlyFact) => {
    const pattern = yearly === 'season' ? SEASON_REVIEW_DATE : CLASS_STEP1_DEADLINE;
    // The source of the latest such row is the likeliest source of the next one (AAMC's published timeline).
    const latest = (data ?? []).filter((s) => pattern.test(s.key)).sort((a, b) => a.key.localeCompare(b.key)).at(-1);
    setSaved(null);
    setForm({ type: 'yearly', yearly, taken: yearsWith(data ?? [], pattern), source: latest?.source ?? '' });
  };

  const done = (message: string) => {
    setForm(null);
    setRemoving(null);
    setSaved(message);
    reload();
  };
  const actions: FactActions = {
    edit: (fact, row) => (setSaved(null), setForm({ type: 'edit', fact, row })),
    addDated: (fact) => (setSaved(null), setForm({ type: 'add', fact })),
    remove: (fact, row) => (setSaved(null), setRemoving({ fact, row })),
  };

  if (error) return <Alert color="red" title="The reference facts could not be loaded">{error.message}</Alert>;
  if (loading && !data) return <Loader aria-label="Loading reference facts" />;

  return (
    <Stack gap="lg">
      <Text c="dimmed" maw={900}>
        Every number the at-risk flags use is a default the office can change. Each value keeps its source and the date it takes effect;
        a score judged on a test date uses the value in force on that date. Values marked <i>in force</i> apply today ({formatDate(today)}).
      </Text>
      {saved && (
        <Alert color="teal" role="status" withCloseButton onClose={() => setSaved(null)} data-testid="reference-saved">
          {saved}
        </Alert>
      )}
      {groups.map((g) => (
        <Paper key={g.id} withBorder p="md" component="section" aria-labelledby={`facts-${g.id}`}>
          <Group justify="space-between" align="flex-start" mb="xs">
            <div>
              <Title order={3} id={`facts-${g.id}`} fz="h4">
                {g.title}
              </Title>
              <Text fz="sm" c="dimmed">
                {g.description}
              </Text>
            </div>
            {g.id === 'timeline' && (
              <Group gap="xs">
                <Button variant="light" onClick={() => addYearly('season')}>
                  Add a season's review date
                </Button>
                <Button variant="default" onClick={() => addYearly('class')}>
                  Add a class's Step 1 deadline
                </Button>
              </Group>
            )}
          </Group>
          <FactTable facts={g.facts} inForce={inForce} actions={actions} />
        </Paper>
      ))}
      {form && <SettingForm mode={form} onClose={() => setForm(null)} onSaved={done} />}
      {removing && <RemoveSettingDialog fact={removing.fact} row={removing.row} onClose={() => setRemoving(null)} onRemoved={done} />}
    </Stack>
  );
}
