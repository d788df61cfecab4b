import { Alert, Badge, Button, Group, MultiSelect, Select, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { RISK_BUCKETS, type RosterFilter, type RosterQuery, type RosterRow } from '../../../shared/api';
import { APPLICANT_TYPE_LABELS, APPLICANT_TYPES, FLAG_CODES } from '../../../shared/domain';
import { CK_STATUS_LABELS, CK_STATUSES, STEP1_GROUP_LABELS, STEP1_GROUPS } from '../../../shared/exam-status';
import { flagTitle } from '../../../shared/rules/catalogue';
import { call } from '../api/client';
import { useQuery } from '../api/useQuery';
import { EmptyRoster } from '../components/EmptyRoster';
import { RiskBadge } from '../components/dashboard/RiskBadge';
import { RISK_LABELS } from '../components/dashboard/risk';
import { SavedFilters } from '../components/roster/SavedFilters';
import { isFiltered, rosterParams, rosterViewFromParams } from '../components/roster/rosterParams';
import { formatDate } from '../format';
import { href, navigate, type Route } from '../router';

const BLOCK = 200;
const ROW_HEIGHT = 36;

type SortKey = NonNullable<RosterQuery['sort']>;
const COLUMNS: { key: SortKey | null; label: string; width: string }[] = [
  { key: 'name', label: 'Name', width: 'minmax(150px, 1.3fr)' },
  { key: 'id', label: 'ID', width: '78px' },
  { key: 'gradYear', label: 'Class', width: '62px' },
  { key: 'applicantType', label: 'Type', width: '66px' },
  { key: 'targetSpecialty', label: 'Target specialty', width: 'minmax(120px, 1.2fr)' },
  { key: 'advisor', label: 'Advisor', width: '112px' },
  { key: 'risk', label: 'Risk', width: '86px' },
  { key: null, label: 'Flags', width: 'minmax(120px, 1.2fr)' },
  { key: 'step1', label: 'Step 1', width: '98px' },
  { key: 'ckScore', label: 'CK', width: '58px' },
  { key: 'ckDate', label: 'CK date', width: '116px' },
];
const TEMPLATE = COLUMNS.map((c) => c.width).join(' ');

const STEP1_COLORS: Record<RosterRow['step1'], string> = { passed: 'teal', failed: 'red', scheduled: 'blue', pending: 'grape', 'not yet': 'gray' };

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
  const [blocks, setBlocks] = useState<Map<number, RosterRow[]>>(new Map());
  const [loadError, setLoadError] = useState<string | null>(null);
  const pending = useRef(new Set<number>());
  const generation = useRef(0);
  const options = useQuery('dashboard.options', {});

  const query = useMemo(() => ({ ...view, search: debounced.trim() || undefined, sort, direction }), [view, debounced, sort, direction]);

  const show = useCallback((next: RosterFilter) => navigate('/roster', rosterParams(next)), []);
  const setView = (patch: Partial<RosterFilter>) => show({ ...view, search: search || undefined, ...patch });

  // Typing in the search box rewrites the address in place (no history entry per keystroke).
  useEffect(() => {
    if ((view.search ?? '') === debounced) return;
    window.history.replaceState(null, '', href('/roster', rosterParams({ ...view, search: debounced || undefined })));
  }, [debounced, view]);

  const loadBlock = useCallback(
    (block: number, gen: number) => {
      if (pending.current.has(block)) return;
      pending.current.add(block);
      call('students.list', { ...query, offset: block * BLOCK, limit: BLOCK }).then(
        (page) => {
          if (gen !== generation.current) return;
          setTotal(page.total);
          setBlocks((prev) => new Map(prev).set(block, page.rows));
        },
        (err: Error) => gen === generation.current && setLoadError(err.message),
      );
    },
    [query],
  );

  useEffect(() => {
    generation.current++;
    pending.current = new Set();
    setBlocks(new Map());
    setLoadError(null);
    loadBlock(0, generation.current);
  }, [loadBlock]);

  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: total ?? 0, getScrollElement: () => parentRef.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  const items = virtualizer.getVirtualItems();

  useEffect(() => {
    if (!items.length) return;
    const first = Math.floor(items[0].index / BLOCK);
    const last = Math.floor(items[items.length - 1].index / BLOCK);
    for (let b = first; b <= last; b++) if (!blocks.has(b)) loadBlock(b, generation.current);
  }, [items, blocks, loadBlock]);

  const toggleSort = (key: SortKey) => setView(key === sort ? { sort, direction: direction === 'asc' ? 'desc' : 'asc' } : { sort: key, direction: 'asc' });

  /** Arrow keys move between rows (scrolling the virtual list), Enter opens the student. */
  const onRowKey = (e: KeyboardEvent<HTMLDivElement>, index: number, row: RosterRow | undefined) => {
    if (e.key === 'Enter' && row) navigate('/student', { id: row.id, asOf: view.asOf });
    const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : e.key === 'PageDown' ? 15 : e.key === 'PageUp' ? -15 : 0;
    if (!step || total === null) return;
    e.preventDefault();
    const target = Math.max(0, Math.min(total - 1, index + step));
    virtualizer.scrollToIndex(target, { align: 'auto' });
    requestAnimationFrame(() => parentRef.current?.querySelector<HTMLElement>(`[aria-rowindex="${target + 2}"]`)?.focus());
  };

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
          data={FLAG_CODES.map((c) => ({ value: c, label: `${c} — ${flagTitle(c)}` }))}
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
      <div
        role="grid"
        aria-label="Students"
        aria-rowcount={(total ?? 0) + 1}
        style={{ flex: 1, display: 'flex', flexDirection: 'column', minHeight: 0, border: '1px solid var(--mantine-color-default-border)', borderRadius: 6 }}
      >
        <div role="row" aria-rowindex={1} style={{ display: 'grid', gridTemplateColumns: TEMPLATE, borderBottom: '1px solid var(--mantine-color-default-border)', background: 'var(--mantine-color-default-hover)' }}>
          {COLUMNS.map((c) => (
            <div key={c.label} role="columnheader" aria-sort={c.key && sort === c.key ? (direction === 'asc' ? 'ascending' : 'descending') : undefined}>
              {c.key ? (
                <UnstyledButton onClick={() => toggleSort(c.key!)} px={8} py={8} fw={600} fz="sm" w="100%" style={{ whiteSpace: 'nowrap' }} aria-label={`Sort by ${c.label}`}>
                  {c.label} {sort === c.key ? (direction === 'asc' ? '▲' : '▼') : ''}
                </UnstyledButton>
              ) : (
                <Text px={8} py={8} fw={600} fz="sm">
                  {c.label}
                </Text>
              )}
            </div>
          ))}
        </div>
        <div ref={parentRef} style={{ flex: 1, overflow: 'auto' }} data-testid="roster-scroller">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = blocks.get(Math.floor(item.index / BLOCK))?.[item.index % BLOCK];
              return (
                <div
                  key={item.key}
                  role="row"
                  aria-rowindex={item.index + 2}
                  tabIndex={row ? 0 : -1}
                  onClick={() => row && navigate('/student', { id: row.id, asOf: view.asOf })}
                  onKeyDown={(e) => onRowKey(e, item.index, row)}
                  className="roster-row"
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    height: ROW_HEIGHT,
                    transform: `translateY(${item.start}px)`,
                    display: 'grid',
                    gridTemplateColumns: TEMPLATE,
                    alignItems: 'center',
                    cursor: row ? 'pointer' : 'default',
                    borderBottom: '1px solid var(--mantine-color-default-border)',
                  }}
                >
                  {row ? (
                    <>
                      <Text role="gridcell" px={8} fz="sm" truncate>{`${row.lastName}, ${row.firstName}`}</Text>
                      <Text role="gridcell" px={8} fz="sm" truncate ff="monospace">
                        {row.id}
                      </Text>
                      <Text role="gridcell" px={8} fz="sm" truncate>
                        {row.gradYear}
                      </Text>
                      <Text role="gridcell" px={8} fz="sm" truncate>
                        {row.applicantType ? APPLICANT_TYPE_LABELS[row.applicantType] : '—'}
                      </Text>
                      <Text role="gridcell" px={8} fz="sm" truncate>
                        {row.targetSpecialty ?? '—'}
                      </Text>
                      <Text role="gridcell" px={8} fz="sm" truncate>
                        {row.advisor ?? '—'}
                      </Text>
                      <div role="gridcell" style={{ paddingInline: 8 }}>
                        {row.risk ? <RiskBadge risk={row.risk} size="xs" /> : <Text fz="xs" c="dimmed">—</Text>}
                      </div>
                      <Text role="gridcell" px={8} fz="xs" ff="monospace" truncate title={row.flags.join(', ')}>
                        {row.flags.join(' ') || '—'}
                      </Text>
                      <div role="gridcell" style={{ paddingInline: 8 }}>
                        <Badge size="xs" variant="light" color={STEP1_COLORS[row.step1]}>
                          {row.step1}
                        </Badge>
                      </div>
                      <Text role="gridcell" px={8} fz="sm" truncate>
                        {row.ckScore ?? '—'}
                      </Text>
                      <Text role="gridcell" px={8} fz="sm" truncate>
                        {formatDate(row.ckDate)}
                      </Text>
                    </>
                  ) : (
                    <Text px={8} fz="sm" c="dimmed">
                      Loading…
                    </Text>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </Stack>
  );
}
