import { Badge, Group, Select, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RosterQuery, RosterRow } from '../../../shared/api';
import { APPLICANT_TYPE_LABELS, APPLICANT_TYPES } from '../../../shared/domain';
import { call } from '../api/client';
import { EmptyRoster } from '../components/EmptyRoster';
import { formatDate } from '../format';
import { navigate, type Route } from '../router';

const BLOCK = 200;
const ROW_HEIGHT = 36;

type SortKey = NonNullable<RosterQuery['sort']>;
const COLUMNS: { key: SortKey; label: string; width: string }[] = [
  { key: 'name', label: 'Name', width: '2fr' },
  { key: 'id', label: 'Student ID', width: '1fr' },
  { key: 'gradYear', label: 'Class', width: '0.7fr' },
  { key: 'applicantType', label: 'Type', width: '0.7fr' },
  { key: 'targetSpecialty', label: 'Target specialty', width: '2fr' },
  { key: 'advisor', label: 'Advisor', width: '1.3fr' },
  { key: 'step1', label: 'Step 1', width: '1fr' },
  { key: 'ckScore', label: 'CK score', width: '0.8fr' },
  { key: 'ckDate', label: 'CK date', width: '1.1fr' },
];
const TEMPLATE = COLUMNS.map((c) => c.width).join(' ');

const STEP1_COLORS: Record<RosterRow['step1'], string> = { passed: 'teal', failed: 'red', scheduled: 'blue', pending: 'grape', 'not yet': 'gray' };

export function RosterPage({ route }: { route: Route }) {
  const [search, setSearch] = useState(route.params.get('search') ?? '');
  const [debounced] = useDebouncedValue(search, 200);
  const gradYear = route.params.get('class');
  const applicantType = route.params.get('type') as RosterQuery['applicantType'] | null;
  const [sort, setSort] = useState<SortKey>('name');
  const [direction, setDirection] = useState<'asc' | 'desc'>('asc');
  const [total, setTotal] = useState<number | null>(null);
  const [blocks, setBlocks] = useState<Map<number, RosterRow[]>>(new Map());
  const [classes, setClasses] = useState<string[]>([]);
  const pending = useRef(new Set<number>());
  const generation = useRef(0);

  const query = useMemo(
    () => ({
      search: debounced || undefined,
      gradYears: gradYear ? [Number(gradYear)] : undefined,
      applicantType: applicantType ?? undefined,
      advisor: route.params.get('advisor') ?? undefined,
      targetSpecialty: route.params.get('target') ?? undefined,
      sort,
      direction,
    }),
    [debounced, gradYear, applicantType, route.params, sort, direction],
  );

  const loadBlock = useCallback(
    (block: number, gen: number) => {
      if (pending.current.has(block)) return;
      pending.current.add(block);
      void call('students.list', { ...query, offset: block * BLOCK, limit: BLOCK }).then((page) => {
        if (gen !== generation.current) return;
        setTotal(page.total);
        setBlocks((prev) => new Map(prev).set(block, page.rows));
      });
    },
    [query],
  );

  useEffect(() => {
    generation.current++;
    pending.current = new Set();
    setBlocks(new Map());
    loadBlock(0, generation.current);
  }, [loadBlock]);

  useEffect(() => {
    // Class years for the filter come from the data, not a fixed list.
    void call('students.list', { sort: 'gradYear', direction: 'asc', limit: 1 }).then(async (first) => {
      if (!first.rows[0]) return setClasses([]);
      const last = await call('students.list', { sort: 'gradYear', direction: 'desc', limit: 1 });
      const years: string[] = [];
      for (let y = first.rows[0].gradYear; y <= last.rows[0].gradYear; y++) years.push(String(y));
      setClasses(years);
    });
  }, []);

  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: total ?? 0, getScrollElement: () => parentRef.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  const items = virtualizer.getVirtualItems();

  useEffect(() => {
    if (!items.length) return;
    const first = Math.floor(items[0].index / BLOCK);
    const last = Math.floor(items[items.length - 1].index / BLOCK);
    for (let b = first; b <= last; b++) if (!blocks.has(b)) loadBlock(b, generation.current);
  }, [items, blocks, loadBlock]);

  const setParam = (key: string, value: string | null) => {
    const next: Record<string, string> = {};
    route.params.forEach((v, k) => (next[k] = v));
    if (value) next[key] = value;
    else delete next[key];
    navigate('/roster', next);
  };

  const toggleSort = (key: SortKey) => {
    if (key === sort) setDirection(direction === 'asc' ? 'desc' : 'asc');
    else (setSort(key), setDirection('asc'));
  };

  if (total === 0 && !debounced && !gradYear && !applicantType && route.params.size === 0) return <EmptyRoster />;

  return (
    <Stack gap="sm" h="calc(100vh - 100px)">
      <Group justify="space-between">
        <Title order={2}>Roster</Title>
        <Text c="dimmed" aria-live="polite" data-testid="roster-count">
          {total === null ? 'Loading…' : `${total.toLocaleString()} students`}
        </Text>
      </Group>
      <Group>
        <TextInput
          aria-label="Search students"
          placeholder="Search by name, ID or email"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={320}
        />
        <Select aria-label="Class year" placeholder="All classes" data={classes} value={gradYear} onChange={(v) => setParam('class', v)} clearable w={150} />
        <Select
          aria-label="Applicant type"
          placeholder="All applicant types"
          data={APPLICANT_TYPES.map((t) => ({ value: t, label: APPLICANT_TYPE_LABELS[t] }))}
          value={applicantType}
          onChange={(v) => setParam('type', v)}
          clearable
          w={190}
        />
        {route.params.get('advisor') && (
          <Badge variant="light" rightSection={<UnstyledButton aria-label="Clear advisor filter" onClick={() => setParam('advisor', null)}>×</UnstyledButton>}>
            Advisor: {route.params.get('advisor')}
          </Badge>
        )}
        {route.params.get('target') && (
          <Badge variant="light" rightSection={<UnstyledButton aria-label="Clear specialty filter" onClick={() => setParam('target', null)}>×</UnstyledButton>}>
            Target: {route.params.get('target')}
          </Badge>
        )}
      </Group>
      <div role="grid" aria-label="Students" aria-rowcount={total ?? 0} style={{ flex: 1, display: 'flex', flexDirection: 'column', minHeight: 0, border: '1px solid var(--mantine-color-default-border)', borderRadius: 6 }}>
        <div role="row" style={{ display: 'grid', gridTemplateColumns: TEMPLATE, borderBottom: '1px solid var(--mantine-color-default-border)', background: 'var(--mantine-color-default-hover)' }}>
          {COLUMNS.map((c) => (
            <UnstyledButton
              key={c.key}
              role="columnheader"
              aria-sort={sort === c.key ? (direction === 'asc' ? 'ascending' : 'descending') : 'none'}
              onClick={() => toggleSort(c.key)}
              px="sm"
              py={8}
              fw={600}
              fz="sm"
            >
              {c.label} {sort === c.key ? (direction === 'asc' ? '▲' : '▼') : ''}
            </UnstyledButton>
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
                  onClick={() => row && navigate('/student', { id: row.id })}
                  onKeyDown={(e) => row && e.key === 'Enter' && navigate('/student', { id: row.id })}
                  className="roster-row"
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)`, display: 'grid', gridTemplateColumns: TEMPLATE, alignItems: 'center', cursor: row ? 'pointer' : 'default', borderBottom: '1px solid var(--mantine-color-default-border)' }}
                >
                  {row ? (
                    <>
                      <Text role="gridcell" px="sm" fz="sm" truncate>{`${row.lastName}, ${row.firstName}`}</Text>
                      <Text role="gridcell" px="sm" fz="sm" ff="monospace">{row.id}</Text>
                      <Text role="gridcell" px="sm" fz="sm">{row.gradYear}</Text>
                      <Text role="gridcell" px="sm" fz="sm">{row.applicantType ? APPLICANT_TYPE_LABELS[row.applicantType] : '—'}</Text>
                      <Text role="gridcell" px="sm" fz="sm" truncate>{row.targetSpecialty ?? '—'}</Text>
                      <Text role="gridcell" px="sm" fz="sm" truncate>{row.advisor ?? '—'}</Text>
                      <div role="gridcell" style={{ paddingInline: 12 }}>
                        <Badge size="sm" variant="light" color={STEP1_COLORS[row.step1]}>{row.step1}</Badge>
                      </div>
                      <Text role="gridcell" px="sm" fz="sm">{row.ckScore ?? '—'}</Text>
                      <Text role="gridcell" px="sm" fz="sm">{formatDate(row.ckDate)}</Text>
                    </>
                  ) : (
                    <Text px="sm" fz="sm" c="dimmed">Loading…</Text>
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
