import { Alert, Badge, Button, Chip, Group, MultiSelect, Select, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { RISK_BUCKETS, type RosterFilter, type RosterRow } from '../../../shared/api';
import { ENROLMENT_LABELS, ENROLMENT_STATUSES, EXAM_LABELS, FLAG_CODES } from '../../../shared/domain';
import { CK_STATUS_LABELS, CK_STATUSES, STEP1_GROUP_LABELS, STEP1_GROUPS } from '../../../shared/exam-status';
import { flagTitle } from '../../../shared/rules/catalogue';
import { call } from '../api/client';
import { useDataChanged, useQuery } from '../api/useQuery';
import { EmptyRoster } from '../components/EmptyRoster';
import { RISK_LABELS } from '../components/dashboard/risk';
import { AddStudentModal } from '../components/roster/AddStudentModal';
import { BulkActions } from '../components/roster/BulkActions';
import { RosterGrid, type SortKey } from '../components/roster/RosterGrid';
import { saveRosterExport } from '../components/roster/saveRosterExport';
import { SavedFilters } from '../components/roster/SavedFilters';
import { isFiltered, rosterParams, rosterViewFromParams } from '../components/roster/rosterParams';
import { formatDate } from '../format';
import { href, navigate, type Route } from '../router';
import { APPLICANT_TYPE_CHOICES } from '../components/choices';

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

  // The selection belongs to the view's students: a new filter starts an empty one (a new sort keeps it).
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const filterKey = JSON.stringify({ ...query, sort: undefined, direction: undefined });
  useEffect(() => setSelected(new Set()), [filterKey]);
  const [version, setVersion] = useState(0);
  // Someone else's change to the office database: the list is read again, like after a bulk change.
  useDataChanged(useCallback(() => setVersion((v) => v + 1), []));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [adding, setAdding] = useState(false);
  const onToggle = useCallback(
    (row: RosterRow) =>
      setSelected((prev) => {
        const next = new Set(prev);
        if (!next.delete(row.id)) next.add(row.id);
        return next;
      }),
    [],
  );
  const allSelected = total !== null && total > 0 && selected.size >= total ? true : selected.size > 0 ? 'some' : false;
  const onToggleAll = useCallback(() => {
    if (allSelected === true) return setSelected(new Set());
    call('roster.ids', query).then(
      (r) => setSelected(new Set(r.ids)),
      (err: Error) => setMessage({ ok: false, text: err.message }),
    );
  }, [allSelected, query]);

  const exportRows = async (ids?: string[]) => {
    try {
      const r = await saveRosterExport({ ...query, ...(ids ? { ids } : {}) });
      setMessage({ ok: true, text: `Saved ${r.fileName}: ${r.rows.toLocaleString()} ${r.rows === 1 ? 'student' : 'students'}.` });
    } catch (err) {
      setMessage({ ok: false, text: `No file saved: ${(err as Error).message}` });
    }
  };

  const filtered = isFiltered({ ...view, search: debounced || undefined });
  const addStudent = <AddStudentModal opened={adding} onClose={() => setAdding(false)} advisors={options.data?.advisors ?? []} />;
  if (total === 0 && !filtered)
    return (
      <>
        <EmptyRoster onAddStudent={() => setAdding(true)} />
        {addStudent}
      </>
    );

  return (
    <Stack gap="sm" h="calc(100vh - 100px)">
      <Group justify="space-between">
        <Title order={1}>Roster</Title>
        <Group gap="sm">
          <Text c="dimmed" aria-live="polite" data-testid="roster-count">
            {total === null ? 'Loading…' : `${total.toLocaleString()} ${view.archived ? 'archived ' : ''}students`}
          </Text>
          <SavedFilters current={{ ...view, search: debounced || undefined }} onRecall={(f) => show(f.filter)} />
          <Button variant="default" onClick={() => setAdding(true)}>
            Add a student
          </Button>
          <Button variant="default" onClick={() => void exportRows()} disabled={!total}>
            Export to Excel
          </Button>
          <Button variant="default" component="a" href={href('/roster/print', rosterParams({ ...view, search: debounced || undefined }))}>
            Print…
          </Button>
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
          data={APPLICANT_TYPE_CHOICES}
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
          data={FLAG_CODES.map((c) => ({ value: c, label: flagTitle(c) }))}
          renderOption={({ option }) => <span title={option.value}>{option.label}</span>}
          value={view.flag ?? null}
          onChange={(v) => setView({ flag: (v as RosterFilter['flag']) ?? undefined })}
          clearable
          searchable
          w={220}
          comboboxProps={{ width: 360, position: 'bottom-start' }}
        />
        <Select
          aria-label="Advisor"
          placeholder="Any advisor"
          data={withCurrent(options.data?.advisors ?? [], view.advisor)}
          value={view.advisor ?? null}
          onChange={(v) => setView({ advisor: v ?? undefined })}
          clearable
          searchable
          w={170}
        />
        <Select
          aria-label="Target specialty"
          placeholder="Any target specialty"
          data={withCurrent(options.data?.targetSpecialties ?? [], view.targetSpecialty)}
          value={view.targetSpecialty ?? null}
          onChange={(v) => setView({ targetSpecialty: v ?? undefined })}
          clearable
          searchable
          w={200}
        />
        <MultiSelect
          aria-label="Enrolment status"
          placeholder={view.statuses?.length ? undefined : 'Any status'}
          data={ENROLMENT_STATUSES.map((s) => ({ value: s, label: ENROLMENT_LABELS[s] }))}
          value={view.statuses ?? []}
          onChange={(v) => setView({ statuses: v.length ? (v as RosterFilter['statuses']) : undefined })}
          clearable
          w={210}
          data-testid="status-filter"
        />
        <Chip checked={!!view.archived} onChange={(on) => setView({ archived: on || undefined })} variant="outline" data-testid="archived-filter">
          Archived
        </Chip>
        {view.hasCkScore && <ViewBadge label="Step 2 CK score reported" clear={() => setView({ hasCkScore: undefined })} />}
        {(view.ckFrom || view.ckTo) && (
          <ViewBadge
            label={view.ckFrom && view.ckTo ? `CK date ${formatDate(view.ckFrom)} – ${formatDate(view.ckTo)}` : view.ckFrom ? `CK date from ${formatDate(view.ckFrom)}` : `CK date up to ${formatDate(view.ckTo)}`}
            clear={() => setView({ ckFrom: undefined, ckTo: undefined })}
          />
        )}
        {view.noCkDate && <ViewBadge label="No CK date" clear={() => setView({ noCkDate: undefined })} />}
        {view.practice && (
          <ViewBadge
            label={`Scored ${EXAM_LABELS[view.practice.exam]} practice exam ${formatDate(view.practice.from)} – ${formatDate(view.practice.to)}`}
            clear={() => setView({ practice: undefined })}
          />
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
      {selected.size > 0 && (
        <BulkActions
          ids={[...selected]}
          advisors={options.data?.advisors ?? []}
          onDone={(text) => {
            setMessage({ ok: true, text });
            setVersion((v) => v + 1);
            options.reload();
          }}
          onExport={() => void exportRows([...selected])}
          onClear={() => setSelected(new Set())}
        />
      )}
      {message && (
        <Alert color={message.ok ? 'green' : 'red'} withCloseButton onClose={() => setMessage(null)} data-testid="roster-message" role="status">
          {message.text}
        </Alert>
      )}
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
      {addStudent}
      <RosterGrid
        query={query}
        sort={sort}
        direction={direction}
        onSort={toggleSort}
        onTotal={setTotal}
        onError={onError}
        version={version}
        selected={selected}
        onToggle={onToggle}
        allSelected={allSelected}
        onToggleAll={onToggleAll}
      />
    </Stack>
  );
}

/** A filter set from a dashboard chart, shown so the view explains itself; × removes it. */
function ViewBadge({ label, clear }: { label: string; clear: () => void }) {
  return (
    <Badge variant="light" size="lg" tt="none" rightSection={<UnstyledButton aria-label={`Remove the filter: ${label}`} onClick={clear}>×</UnstyledButton>}>
      {label}
    </Badge>
  );
}

/** A value from the address that the options do not list (an advisor since renamed) stays choosable and shown. */
function withCurrent(options: string[], current: string | undefined): string[] {
  return current && !options.some((o) => o.toLowerCase() === current.toLowerCase()) ? [current, ...options] : options;
}
