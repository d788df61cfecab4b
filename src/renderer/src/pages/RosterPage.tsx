import { Alert, Badge, Button, Group, MultiSelect, Select, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { RISK_BUCKETS, type RosterFilter } from '../../../shared/api';
import { APPLICANT_TYPE_LABELS, APPLICANT_TYPES, FLAG_CODES } from '../../../shared/domain';
import { CK_STATUS_LABELS, CK_STATUSES, STEP1_GROUP_LABELS, STEP1_GROUPS } from '../../../shared/exam-status';
import { flagTitle } from '../../../shared/rules/catalogue';
import { useQuery } from '../api/useQuery';
import { EmptyRoster } from '../components/EmptyRoster';
import { RISK_LABELS } from '../components/dashboard/risk';
import { RosterGrid, type SortKey } from '../components/roster/RosterGrid';
import { SavedFilters } from '../components/roster/SavedFilters';
import { isFiltered, rosterParams, rosterViewFromParams } from '../components/roster/rosterParams';
import { formatDate } from '../format';
import { href, navigate, type Route } from '../router';

/**
 * The roster: every filter and the sort live in the address, so a dashboard count links straight to
 * its students and a saved filter is a named address. Rows are fetched in blocks of 200 as they scroll
 * into view and drawn by a virtualiser, so 100,000 students scroll like 100.
 */
export function RosterPage({ route }: { route: Route }) {
  const view = useMemo(() => rosterViewFromParams(route.params), [route.params]);
  const [search, setSearch] = useState(view.search ?? '');
  const [typed] = useDebouncedValue(search, 200);
  // A new address (a link, a saved filter, the back button) brings its own search text.
  useEffect(() => setSearch(view.search ?? ''), [view]);
  const debounced = search === (view.search ?? '') ? search : typed;
  const sort = view.sort ?? 'name';
  const direction = view.direction ?? 'asc';
  const [total, setTotal] = useState<number | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const options = useQuery('dashboard.options', {});

  const query = useMemo(() => ({ ...view, search: debounced.trim() || undefined, sort, direction }), [view, debounced, sort, direction]);

  const show = useCallback((next: RosterFilter) => navigate('/roster', rosterParams(next)), []);
  const setView = (patch: Partial<RosterFilter>) => show({ ...view, search: search || undefined, ...patch });

  // Typing in the search box rewrites the address in place (no history entry per keystroke).
  useEffect(() => {
    if ((view.search ?? '') === debounced) return;
    window.history.replaceState(null, '', href('/roster', rosterParams({ ...view, search: debounced || undefined })));
  }, [debounced, view]);

  const toggleSort = (key: SortKey) =>
    setView(key === sort ? { sort, direction: direction === 'asc' ? 'desc' : 'asc' } : { sort: key, direction: 'asc' });

  const onError = useCallback((message: string) => setLoadError(message), []);
  // A new query starts with no error shown.
  useEffect(() => setLoadError(null), [query]);

  const filtered = isFiltered({ ...view, search: debounced || undefined });
  if (total === 0 && !filtered) return <EmptyRoster />;

  return (
    <Stack gap="sm" h="calc(100vh - 100px)">
      <Group justify="space-between">
        <Title order={2}>Roster</Title>
        <Group gap="sm">
          <Text c="dimmed" aria-live="polite" data-testid="roster-count">
            {total === null ? 'Loading…' : `${total.toLocaleString()} students`}
          </Text>
          <SavedFilters current={{ ...view, search: debounced || undefined }} onRecall={(f) => show(f.filter)} />
        </Group>
      </Group>
      <Group gap="xs" role="search" aria-label="Roster filters">
        <TextInput aria-label="Search students" placeholder="Search by name, ID or email" value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={260} />
        <Select
          aria-label="Class year"
          placeholder="All classes"
          data={(options.data?.gradYears ?? []).map(String)}
          value={view.gradYears?.length === 1 ? String(view.gradYears[0]) : null}
          onChange={(v) => setView({ gradYears: v ? [Number(v)] : undefined })}
          clearable
          w={130}
        />
        <Select
          aria-label="Applicant type"
          placeholder="All types"
          data={APPLICANT_TYPES.map((t) => ({ value: t, label: APPLICANT_TYPE_LABELS[t] }))}
          value={view.applicantType ?? null}
          onChange={(v) => setView({ applicantType: (v as RosterFilter['applicantType']) ?? undefined })}
          clearable
          w={130}
        />
        <MultiSelect
          aria-label="Risk level"
          placeholder={view.risk?.length ? undefined : 'Any risk'}
          data={RISK_BUCKETS.map((r) => ({ value: r, label: RISK_LABELS[r] }))}
          value={view.risk ?? []}
          onChange={(v) => setView({ risk: v.length ? (v as RosterFilter['risk']) : undefined })}
          clearable
          w={220}
        />
        <Select
          aria-label="Step 1 status"
          placeholder="Step 1: any"
          data={STEP1_GROUPS.map((g) => ({ value: g, label: `Step 1 ${STEP1_GROUP_LABELS[g].toLowerCase()}` }))}
          value={view.step1 ?? null}
          onChange={(v) => setView({ step1: (v as RosterFilter['step1']) ?? undefined })}
          clearable
          w={160}
        />
        <Select
          aria-label="Step 2 CK status"
          placeholder="CK: any"
          data={CK_STATUSES.map((s) => ({ value: s, label: `CK ${CK_STATUS_LABELS[s].toLowerCase()}` }))}
          value={view.ck ?? null}
          onChange={(v) => setView({ ck: (v as RosterFilter['ck']) ?? undefined })}
          clearable
          w={170}
        />
        <Select
          aria-label="Flag"
          placeholder="Any flag"
          data={FLAG_CODES.map((c) => ({ value: c, label: c }))}
          renderOption={({ option }) => (
            <div>
              <Text fz="sm" ff="monospace">
                {option.value}
              </Text>
              <Text fz="xs" c="dimmed">
                {flagTitle(option.value as (typeof FLAG_CODES)[number])}
              </Text>
            </div>
          )}
          value={view.flag ?? null}
          onChange={(v) => setView({ flag: (v as RosterFilter['flag']) ?? undefined })}
          clearable
          searchable
          w={200}
          comboboxProps={{ width: 420, position: 'bottom-start' }}
        />
        {view.advisor && (
          <Badge variant="light" size="lg" rightSection={<UnstyledButton aria-label="Clear advisor filter" onClick={() => setView({ advisor: undefined })}>×</UnstyledButton>}>
            Advisor: {view.advisor}
          </Badge>
        )}
        {view.targetSpecialty && (
          <Badge variant="light" size="lg" rightSection={<UnstyledButton aria-label="Clear specialty filter" onClick={() => setView({ targetSpecialty: undefined })}>×</UnstyledButton>}>
            Target: {view.targetSpecialty}
          </Badge>
        )}
        {view.asOf && (
          <Badge variant="outline" size="lg" rightSection={<UnstyledButton aria-label="Evaluate as of today" onClick={() => setView({ asOf: undefined })}>×</UnstyledButton>}>
            As of {formatDate(view.asOf)}
          </Badge>
        )}
        {filtered && (
          <Button variant="subtle" size="xs" onClick={() => (setSearch(''), show({ sort: view.sort, direction: view.direction, asOf: view.asOf }))}>
            Clear filters
          </Button>
        )}
      </Group>
      {loadError && (
        <Alert color="red" title="The roster could not be loaded">
          {loadError}
        </Alert>
      )}
      {total === 0 && filtered && (
        <Alert color="gray" title="No students match these filters">
          Change or clear the filters above to see more students.
        </Alert>
      )}
      <RosterGrid query={query} sort={sort} direction={direction} onSort={toggleSort} onTotal={setTotal} onError={onError} />
    </Stack>
  );
}
