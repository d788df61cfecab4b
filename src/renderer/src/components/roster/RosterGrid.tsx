import { Text, UnstyledButton } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { RosterQuery, RosterRow } from '../../../../shared/api';
import { call } from '../../api/client';
import { navigate } from '../../router';
import { RosterGridRow } from './RosterGridRow';
import './roster.css';

const BLOCK = 200;
const ROW_HEIGHT = 36;

export type SortKey = NonNullable<RosterQuery['sort']>;
// The fixed widths and minimums add up to 1,160 px: every column fits a 1,400 px window beside the navigation, the
// longest pills (Withdrawn, Graduated; Scheduled) and dates included; wider windows give the rest to name, target and flags.
const COLUMNS: { key: SortKey | null; label: string; width: string }[] = [
  { key: null, label: 'Selected', width: '36px' },
  { key: 'name', label: 'Name', width: 'minmax(130px, 1.3fr)' },
  { key: 'id', label: 'ID', width: '78px' },
  { key: 'gradYear', label: 'Class', width: '58px' },
  { key: 'applicantType', label: 'Type', width: '66px' },
  { key: 'targetSpecialty', label: 'Target specialty', width: 'minmax(100px, 1.2fr)' },
  { key: 'advisor', label: 'Advisor', width: '104px' },
  { key: null, label: 'Status', width: '98px' },
  { key: 'risk', label: 'Risk', width: '86px' },
  { key: null, label: 'Flags', width: 'minmax(120px, 1.5fr)' },
  { key: 'step1', label: 'Step 1', width: '106px' },
  { key: 'ckScore', label: 'CK', width: '58px' },
  { key: 'ckDate', label: 'CK date', width: '112px' },
];
const TEMPLATE = COLUMNS.map((c) => c.width).join(' ');

export interface RosterGridProps {
  /** Filters and sort; a new object (by value) starts over from the first block. */
  query: Omit<RosterQuery, 'offset' | 'limit'>;
  sort: SortKey;
  direction: 'asc' | 'desc';
  onSort: (key: SortKey) => void;
  onTotal: (total: number) => void;
  onError: (message: string) => void;
  /** The selected students' IDs (kept by the page, across scrolling). */
  selected: ReadonlySet<string>;
  onToggle: (row: RosterRow) => void;
  /** Bumped after a bulk change: the rows are read again. */
  version: number;
  /** The header's box: every student of the view, or none. */
  allSelected: boolean | 'some';
  onToggleAll: () => void;
}

/**
 * The virtual list of students. It owns the scrolling state, so a scroll step re-renders this grid
 * only (not the filters above it); rows are fetched in blocks of 200 as they come into view.
 */
export const RosterGrid = memo(function RosterGrid({ query, sort, direction, onSort, onTotal, onError, version, selected, onToggle, allSelected, onToggleAll }: RosterGridProps) {
  const [total, setTotal] = useState<number | null>(null);
  const [blocks, setBlocks] = useState<Map<number, RosterRow[]>>(new Map());
  const pending = useRef(new Set<number>());
  const generation = useRef(0);
  const key = JSON.stringify(query);

  const loadBlock = useCallback(
    (block: number, gen: number) => {
      if (pending.current.has(block)) return;
      pending.current.add(block);
      call('students.list', { ...(JSON.parse(key) as RosterGridProps['query']), offset: block * BLOCK, limit: BLOCK }).then(
        (page) => {
          if (gen !== generation.current) return;
          setTotal(page.total);
          onTotal(page.total);
          setBlocks((prev) => new Map(prev).set(block, page.rows));
        },
        (err: Error) => gen === generation.current && onError(err.message),
      );
    },
    // version: a bulk change starts the list over, like a new query.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, version, onTotal, onError],
  );

  useEffect(() => {
    generation.current++;
    pending.current = new Set();
    setBlocks(new Map());
    loadBlock(0, generation.current);
  }, [loadBlock]);

  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: total ?? 0, getScrollElement: () => parentRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();

  useEffect(() => {
    if (!items.length) return;
    const first = Math.floor(items[0].index / BLOCK);
    const last = Math.floor(items[items.length - 1].index / BLOCK);
    for (let b = first; b <= last; b++) if (!blocks.has(b)) loadBlock(b, generation.current);
  }, [items, blocks, loadBlock]);

  const asOf = query.asOf;
  const openRow = useCallback((row: RosterRow) => navigate('/student', { id: row.id, asOf }), [asOf]);

  /** Arrow keys move between rows (scrolling the virtual list), Enter opens the student. */
  const onRowKey = useCallback(
    (e: KeyboardEvent<HTMLDivElement>, index: number, row: RosterRow | undefined) => {
      if (e.key === 'Enter' && row) navigate('/student', { id: row.id, asOf });
      // Space ticks the row, as in a list of files.
      if (e.key === ' ' && row) {
        e.preventDefault();
        onToggle(row);
        return;
      }
      const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : e.key === 'PageDown' ? 15 : e.key === 'PageUp' ? -15 : 0;
      if (!step || total === null) return;
      e.preventDefault();
      const target = Math.max(0, Math.min(total - 1, index + step));
      virtualizer.scrollToIndex(target, { align: 'auto' });
      requestAnimationFrame(() => parentRef.current?.querySelector<HTMLElement>(`[aria-rowindex="${target + 2}"]`)?.focus());
    },
    [asOf, total, virtualizer, onToggle],
  );

  return (
    <div
      role="grid"
      aria-label="Students"
      aria-rowcount={(total ?? 0) + 1}
      style={{ flex: 1, display: 'flex', flexDirection: 'column', minHeight: 0, border: '1px solid var(--mantine-color-default-border)', borderRadius: 6 }}
    >
      <div role="row" aria-rowindex={1} style={{ display: 'grid', gridTemplateColumns: TEMPLATE, borderBottom: '1px solid var(--mantine-color-default-border)', background: 'var(--mantine-color-default-hover)' }}>
        {COLUMNS.map((c, i) => (
          <div key={c.label} role="columnheader" aria-sort={c.key && sort === c.key ? (direction === 'asc' ? 'ascending' : 'descending') : undefined}>
            {i === 0 ? (
              <div className="roster-check" style={{ height: '100%' }}>
                <input
                  type="checkbox"
                  aria-label={`Select all ${(total ?? 0).toLocaleString()} students of this view`}
                  checked={allSelected === true}
                  ref={(el) => {
                    if (el) el.indeterminate = allSelected === 'some';
                  }}
                  onChange={onToggleAll}
                  disabled={!total}
                />
              </div>
            ) : c.key ? (
              <UnstyledButton onClick={() => onSort(c.key!)} px={8} py={8} fw={600} fz="sm" w="100%" style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }} aria-label={`Sort by ${c.label}`} title={c.label}>
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
            <RosterGridRow
              key={item.key}
              index={item.index}
              start={item.start}
              height={ROW_HEIGHT}
              template={TEMPLATE}
              row={row}
              selected={row ? selected.has(row.id) : false}
              onOpen={openRow}
              onToggle={onToggle}
              onKey={onRowKey}
            />
            );
          })}
        </div>
      </div>
    </div>
  );
});
